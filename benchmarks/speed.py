"""Speed and memory of ``namerec.score`` and ``namerec.cluster`` on real dev-data names.

Usage: python benchmarks/speed.py [--sizes 10000,100000] [--pairs 20000] [--out PATH]
       [--data DIR] [--timeout SECONDS]
Each cluster size runs in a fresh subprocess (``--child N``) so its peak RSS is clean.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import importlib
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from statistics import fmean
from typing import Any

from _data import DATA_DIR, Row, dev_files, git_describe, read_rows, write_report

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # import namerec from the work tree, uninstalled
RESULTS_DIR = Path(__file__).resolve().parent / "results"
RESULT_PREFIX = "SPEED_RESULT "


@functools.lru_cache(maxsize=1)
def all_dev_rows(data_dir: Path) -> list[tuple[str, Row]]:
    """Every row of every ``*.dev.tsv`` (files sorted by name), with its file name."""
    return [(p.name, r) for p in dev_files(data_dir) for r in read_rows(p)]


def cluster_names(data_dir: Path, n: int) -> list[str]:
    """Return the first ``n`` names of all dev rows shuffled by ``Random(0)``."""
    names = [r.name for _, r in all_dev_rows(data_dir)]  # a new list: safe to shuffle
    random.Random(0).shuffle(names)
    return names[:n]


def score_pairs(data_dir: Path, n: int) -> list[tuple[str, str, bool]]:
    """``n`` deterministic pairs: half from one cluster, half random rows (shuffled)."""
    rows = all_dev_rows(data_dir)
    rng = random.Random(0)
    members: dict[tuple[str, str], list[int]] = {}
    for i, (file, r) in enumerate(rows):
        members.setdefault((file, r.cluster_id), []).append(i)
    in_multi = [i for idx in members.values() if len(idx) > 1 for i in idx]
    pairs: list[tuple[str, str, bool]] = []
    for _ in range(n // 2):
        i = rng.choice(in_multi)
        file, r = rows[i]
        j = rng.choice([k for k in members[(file, r.cluster_id)] if k != i])
        pairs.append((r.name, rows[j][1].name, True))
    for _ in range(n - n // 2):
        (fa, a), (fb, b) = rng.choice(rows), rng.choice(rows)
        pairs.append((a.name, b.name, (fa, a.cluster_id) == (fb, b.cluster_id)))
    rng.shuffle(pairs)
    return pairs


def _proc_status_mb(field: str) -> float | None:
    """Read a ``kB`` field of /proc/self/status in MiB (None if unavailable)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def reset_peak_rss() -> float:
    """Reset the peak-RSS mark where Linux allows it; return the current RSS in MiB."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _proc_status_mb("VmRSS") or peak_rss_mb()


def peak_rss_mb() -> float:
    """Peak RSS of this process in MiB: VmHWM (reset at exec, unlike ru_maxrss)."""
    hwm = _proc_status_mb("VmHWM")
    if hwm is not None:
        return hwm
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def bench_score(namerec: Any, pairs: Sequence[tuple[str, str, bool]]) -> dict[str, float]:
    """Time ``namerec.score`` over the pairs (after a short warm-up).

    A pair whose score raises a namerec error (e.g. a name with no letters left) is
    timed like the others and counted in ``errors``.
    """
    score = namerec.score
    expected = getattr(namerec, "NamerecError", Exception)

    def safe(a: str, b: str) -> float | None:
        try:
            return float(score(a, b))
        except expected:
            return None

    for a, b, _ in pairs[:100]:
        safe(a, b)
    t0 = time.perf_counter()
    values = [safe(a, b) for a, b, _ in pairs]
    secs = time.perf_counter() - t0
    scored = [(v, s) for v, (_, _, s) in zip(values, pairs, strict=True) if v is not None]
    same = [v for v, s in scored if s]
    diff = [v for v, s in scored if not s]
    return {
        "pairs": len(pairs),
        "errors": len(pairs) - len(scored),
        "seconds": secs,
        "pairs_per_s": len(pairs) / secs if secs else float("inf"),
        "mean_same": fmean(same) if same else float("nan"),
        "mean_random": fmean(diff) if diff else float("nan"),
    }


def child(n: int, names_file: Path | None, data_dir: Path) -> int:
    """Cluster ``n`` names in this process and print one JSON result line."""
    if names_file is not None:
        names = names_file.read_text(encoding="utf-8").split("\n")[:n]
    else:  # self-contained, but the loading of all rows then counts in the peak
        names = cluster_names(data_dir, n)
        all_dev_rows.cache_clear()
        gc.collect()
    namerec = importlib.import_module("namerec")
    rss_before = reset_peak_rss()
    t0 = time.perf_counter()
    labels = namerec.cluster(names).labels
    secs = time.perf_counter() - t0
    rss_after = peak_rss_mb()
    found = {lab for lab in labels if lab is not None}
    result = {
        "names": len(names),
        "seconds": secs,
        "names_per_s": len(names) / secs if secs else float("inf"),
        "clusters": len(found),
        "rejected": sum(lab is None for lab in labels),
        "rss_before_mb": rss_before,
        "peak_rss_mb": rss_after,
    }
    print(RESULT_PREFIX + json.dumps(result), flush=True)
    return 0


def run_child(n: int, data_dir: Path, timeout: float) -> dict[str, Any]:
    """Write the ``n`` names to a temp file and cluster them in a fresh interpreter."""
    names = cluster_names(data_dir, n)
    if any("\n" in s for s in names):
        raise ValueError("a name contains a newline")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "names.txt"
        path.write_text("\n".join(names), encoding="utf-8")
        cmd = [sys.executable, __file__, "--child", str(n), "--names-file", str(path)]
        cmd += ["--data", str(data_dir)]
        try:
            proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"names": len(names), "error": f"timeout after {timeout:.0f}s"}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX) :])
    sys.stderr.write(proc.stderr[-4000:])
    return {"names": len(names), "error": f"child exited {proc.returncode}"}


def machine_info(namerec: Any) -> list[str]:
    """Lines describing the machine and software."""
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = git_describe()
    return [
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- nproc: {os.cpu_count()}; CPU: {cpu}",
        (f"- Python {platform.python_version()} ({platform.python_implementation()}), {platform.platform()}"),
        f"- namerec {getattr(namerec, '__version__', '?')}, git {commit}",
    ]


def report(
    argv: Sequence[str],
    namerec: Any,
    score_res: dict[str, float] | None,
    cluster_res: Sequence[dict[str, Any]],
) -> str:
    """Build the markdown report."""
    lines = [
        "# namerec speed",
        "",
        f"Generated by `{' '.join(['python benchmarks/speed.py', *argv])}`.",
        "",
        *machine_info(namerec),
        "",
    ]
    if score_res is not None:
        lines += [
            "## score",
            "",
            (
                "Pairs of real dev-data names: half from one cluster, half random"
                " rows; single thread, after 100 warm-up calls."
            ),
            "",
            "| pairs | errors (no letters) | seconds | pairs/s | mean score (same cluster)"
            " | mean score (random) |",
            "| --- | --- | --- | --- | --- | --- |",
            (
                f"| {score_res['pairs']} | {score_res['errors']} | {score_res['seconds']:.2f}"
                f" | {score_res['pairs_per_s']:,.0f} | {score_res['mean_same']:.3f}"
                f" | {score_res['mean_random']:.3f} |"
            ),
            "",
        ]
    if cluster_res:
        lines += [
            "## cluster",
            "",
            (
                "Names: all dev rows of all files, shuffled with `random.Random(0)`,"
                " first N. Each size in a fresh subprocess. *before*: RSS after"
                " importing namerec and reading the names; *peak RSS*: the process's"
                " peak RSS (VmHWM, reset just before clustering), so *peak - before*"
                " is what clustering added."
            ),
            "",
            (
                "| names | seconds | names/s | clusters | rejected | before MB"
                " | peak RSS MB | peak - before MB |"
            ),
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for r in cluster_res:
            if "error" in r:
                lines.append(f"| {r['names']} | {r['error']} |  |  |  |  |  |  |")
                continue
            lines.append(
                f"| {r['names']} | {r['seconds']:.2f} | {r['names_per_s']:,.0f} "
                f"| {r['clusters']} | {r['rejected']} | {r['rss_before_mb']:.0f} "
                f"| {r['peak_rss_mb']:.0f} "
                f"| {float(r['peak_rss_mb']) - float(r['rss_before_mb']):.0f} |"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000", help="cluster sizes, comma-separated")
    ap.add_argument("--pairs", type=int, default=20000, help="score pairs (0 = skip)")
    ap.add_argument("--out", type=Path, default=RESULTS_DIR / "speed.md")
    ap.add_argument("--data", type=Path, default=DATA_DIR, help="folder of the dev TSVs")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per cluster size")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--names-file", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        return child(args.child, args.names_file, args.data)
    try:
        namerec = importlib.import_module("namerec")
    except Exception as exc:
        print(f"ERROR: cannot import namerec ({exc!r})", file=sys.stderr)
        return 1
    missing = [f for f in ("score", "cluster") if not callable(getattr(namerec, f, None))]
    if missing:
        print(f"ERROR: namerec has no {', '.join(missing)}", file=sys.stderr)
        return 1
    score_res = None
    if args.pairs > 0:
        score_res = bench_score(namerec, score_pairs(args.data, args.pairs))
        print(
            f"score: {score_res['pairs']} pairs in {score_res['seconds']:.2f}s"
            f" = {score_res['pairs_per_s']:,.0f} pairs/s",
            flush=True,
        )
    cluster_res = []
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        res = run_child(size, args.data, args.timeout)
        cluster_res.append(res)
        print(f"cluster {size}: {res}", flush=True)
    write_report(args.out, report(argv, namerec, score_res, cluster_res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
