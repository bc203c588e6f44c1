"""Scale: cluster, Index and blocking recall at 10k, 100k and 1M names.

    python benchmarks/scale.py input                     # build the 1M-name input (prints its SHA-256)
    python benchmarks/scale.py cluster --sizes 10000,100000,1000000 --workers 2
    python benchmarks/scale.py index --size 1000000 --workers 2 --queries 2000
    python benchmarks/scale.py recall --names 20000 --rows 300

The input: every row of every ``*.dev.tsv`` in ``../shared/data`` (files sorted by name), topped
up to 1,000,000 with generated spelling variants of those rows (romanisation swaps and typos,
``random.Random(0)``), then shuffled with ``random.Random(0)``.  Sizes below 1M are its first N
names.  It is written to ``benchmarks/.cache/names-1m.txt`` (not committed).

Every measurement runs in a fresh interpreter so its peak memory is its own.  Peak memory is
the parent's VmHWM plus the largest worker's peak RSS (workers are forked, so this
double-counts the pages they share: an upper bound); for ``cluster`` also ``pss_peak_mb``, the
largest total PSS (shared pages split between the processes sharing them) of the parent and
its workers, sampled every 0.5 s: the memory the run really takes, give or take a sample.

``recall``: for each dev split, a 20k-name sample (distinct names, ``random.Random(0)``); the
blocker runs on all 20k names; brute force scores every pair of ``--rows`` random sample
names against all 20k names (exact full rows, not a cheaper bound).  Recall = share of the
brute-force links (score >= threshold) in those rows that the blocker proposes: an unbiased
estimate of recall over all pairs of the sample, from ``rows x 20k`` scored pairs.  Most of
those links join different entities (the scorer's false links); ``true_*`` counts only links
between names of one dev cluster: the share of real variants scoring above the threshold that
the blocker proposes.  ``reach_recall`` (and ``true_reach_recall``) also count a link the
blocker does not propose when its two names are joined through proposed pairs that score at
least the threshold: within reach of clustering, which links such chains (a spelling of a
large entity sits next to only its nearest neighbours in an oversized bucket).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from _data import DATA_DIR, dev_files, git_describe, read_rows, write_report

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # namerec from the work tree
CACHE = Path(__file__).resolve().parent / ".cache"
RESULTS = Path(__file__).resolve().parent / "results"
INPUT_SIZE = 1_000_000
RESULT = "SCALE_RESULT "

# Romanisation conventions and slips, applied to the written name (case kept where possible).
_SWAPS = [
    ("v", "w"), ("w", "v"), ("y", "j"), ("j", "y"), ("kh", "ch"), ("ch", "kh"), ("sh", "sch"),
    ("ou", "u"), ("u", "ou"), ("i", "y"), ("y", "i"), ("ks", "x"), ("x", "ks"), ("ph", "f"),
    ("f", "ph"), ("c", "k"), ("k", "c"), ("ie", "i"), ("ee", "i"), ("ya", "ja"), ("zh", "j"),
]


def variant(name: str, rng: random.Random) -> str:
    """A spelling variant of ``name``: one or two convention swaps or slips."""
    out = name
    for _ in range(rng.choice((1, 1, 2))):
        kind = rng.random()
        lower = out.lower()
        if kind < 0.6:
            options = [(a, b) for a, b in _SWAPS if a in lower]
            if options:
                a, b = rng.choice(options)
                at = lower.find(a)
                piece = out[at : at + len(a)]
                out = out[:at] + (b.capitalize() if piece[:1].isupper() else b) + out[at + len(a) :]
                continue
        letters = [i for i, c in enumerate(out) if c.isalpha()]
        if len(letters) < 4:
            continue
        i = rng.choice(letters[1:])
        if kind < 0.75:  # doubled or undoubled letter
            out = out[:i] + out[i] + out[i:] if out[i - 1] != out[i] else out[:i] + out[i + 1 :]
        elif kind < 0.9:  # dropped letter
            out = out[:i] + out[i + 1 :]
        elif out[i - 1].isalpha():  # swapped neighbours
            out = out[: i - 1] + out[i] + out[i - 1] + out[i + 1 :]
    return out


def build_input(data: Path, size: int = INPUT_SIZE) -> list[str]:
    """All dev names, topped up with generated variants to ``size``, shuffled (deterministic)."""
    names = [r.name for p in dev_files(data) for r in read_rows(p)]
    names = [n for n in names if "\n" not in n and "\r" not in n]
    rng = random.Random(0)
    base = len(names)
    while len(names) < size:
        names.append(variant(names[rng.randrange(base)], rng))
    del names[size:]
    random.Random(0).shuffle(names)
    return names


def input_path(data: Path) -> Path:
    path = CACHE / "names-1m.txt"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text("\n".join(build_input(data)) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    return path


def read_input(data: Path, n: int) -> list[str]:
    with input_path(data).open(encoding="utf-8") as f:
        return [line.rstrip("\n") for _, line in zip(range(n), f, strict=False)]


def peak_mb() -> dict[str, float]:
    hwm = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"parent_peak_mb": hwm, "worker_peak_mb": child, "peak_bound_mb": hwm + child}


def _pss_kb(pid: int) -> int:
    """Proportional set size of a process and its descendants: shared pages split between
    the processes sharing them (what forked workers really add), 0 for a process gone."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
                break
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return total
    return total + sum(_pss_kb(int(c)) for c in children)


class PssSampler(threading.Thread):
    """Samples the PSS of this process and its workers every ``interval`` seconds; ``peak_mb``
    is the largest total seen (a lower bound on the true peak, unlike ``peak_bound_mb``)."""

    def __init__(self, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, _pss_kb(os.getpid()))
            self.done.wait(self.interval)

    def stop(self) -> float:
        self.done.set()
        self.join()
        return round(self.peak_kb / 1024, 1)


def child_cluster(n: int, workers: int, data: Path) -> dict[str, Any]:
    import namerec

    names = read_input(data, n)
    sampler = PssSampler()
    sampler.start()
    t0 = time.perf_counter()
    result = namerec.cluster(names, workers=workers)
    secs = time.perf_counter() - t0
    pss = sampler.stop()
    digest = hashlib.sha256(
        json.dumps([[c.canonical, list(c.members)] for c in result.clusters]).encode()
    ).hexdigest()
    return {
        "names": n,
        "distinct": len({s for s in names}),
        "workers": workers,
        "seconds": round(secs, 2),
        "names_per_s": round(n / secs),
        "clusters": len(result.clusters),
        "result_sha256": digest[:16],
        **peak_mb(),
        "pss_peak_mb": pss,
    }


def child_index(n: int, workers: int, queries: int, data: Path) -> dict[str, Any]:
    import namerec

    names = read_input(data, n)
    path = CACHE / f"index-{n}.nrx"
    t0 = time.perf_counter()
    index = namerec.Index.build(names, workers=workers, skip_invalid=True)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    index.save(path)
    save = time.perf_counter() - t0
    indexed = len(index)
    del index
    return {"names": n, "indexed": indexed, "build_s": round(build, 2), "save_s": round(save, 2),
            "file_mb": round(path.stat().st_size / 1e6, 1), **peak_mb()}


def child_search(n: int, queries: int, data: Path) -> dict[str, Any]:
    import namerec

    path = CACHE / f"index-{n}.nrx"
    t0 = time.perf_counter()
    index = namerec.Index.load(path)
    load = time.perf_counter() - t0
    rng = random.Random(1)
    names = read_input(data, n)
    # Half the queries are indexed names, half unseen variants of them.
    qs = [rng.choice(names) for _ in range(queries // 2)]
    qs += [variant(rng.choice(names), rng) for _ in range(queries - queries // 2)]
    lat = []
    found = 0
    for q in qs:
        t = time.perf_counter()
        try:
            hits = index.search(q, k=10)
        except namerec.EmptyNameError:
            continue
        lat.append(time.perf_counter() - t)
        found += bool(hits)
    lat.sort()
    return {
        "names": len(index),
        "load_s": round(load, 2),
        "queries": len(lat),
        "with_results": found,
        "p50_ms": round(1e3 * lat[len(lat) // 2], 2),
        "p99_ms": round(1e3 * lat[min(len(lat) - 1, int(len(lat) * 0.99))], 2),
        "mean_ms": round(1e3 * statistics.fmean(lat), 2),
        **peak_mb(),
    }


def spawn(args: list[str]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT):
            return dict(json.loads(line[len(RESULT) :]))
    sys.stderr.write(proc.stderr[-3000:])
    return {"error": f"exit {proc.returncode}", "args": args}


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min); nproc {os.cpu_count()}"


def header(argv: list[str]) -> list[str]:
    return [
        "# namerec at scale",
        "",
        f"Generated by `python benchmarks/scale.py {' '.join(argv)}` at git {git_describe()},"
        f" {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        f"Machine at start: {load_note()} (shared with other jobs: compare rows of one run).",
        "",
    ]


def table(rows: list[dict[str, Any]]) -> list[str]:
    keys = list(dict.fromkeys(k for r in rows for k in r))
    out = ["| " + " | ".join(keys) + " |", "|" + " --- |" * len(keys)]
    out += ["| " + " | ".join(str(r.get(k, "")) for k in keys) + " |" for r in rows]
    return [*out, ""]


def recall_rows(
    names: list[str], rows: int, seed: int, clusters: dict[str, frozenset[str]] | None = None
) -> dict[str, Any]:
    import namerec
    from namerec._blocking import candidate_pairs
    from namerec._scoring import compare

    config = namerec.Config()
    forms = []
    for name in names:
        try:
            forms.append(namerec.normalize(name))
        except namerec.EmptyNameError:
            continue
    t0 = time.perf_counter()
    proposed = set(candidate_pairs(forms, max_bucket=config.max_bucket, window=config.window))
    block_s = time.perf_counter() - t0
    # Components of the proposed pairs that score at least the threshold: a link blocking does
    # not propose is still within reach of clustering when its names are joined through others.
    parent = list(range(len(forms)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    memo: dict[tuple[object, ...], tuple[float, str]] = {}
    for i, j in sorted(proposed):
        if compare(forms[i], forms[j], config, memo=memo)[0] >= config.threshold:
            parent[find(i)] = find(j)
    sample = sorted(random.Random(seed).sample(range(len(forms)), min(rows, len(forms))))
    links = missed = true_links = true_missed = unreached = true_unreached = 0
    examples = []
    clusters = clusters or {}
    for i in sample:
        fi = forms[i]
        for j, fj in enumerate(forms):
            if j == i:
                continue
            if compare(fi, fj, config, memo=memo)[0] >= config.threshold:
                links += 1
                same = bool(clusters.get(fi.original, frozenset()) & clusters.get(fj.original, frozenset()))
                true_links += same
                if (min(i, j), max(i, j)) not in proposed:
                    missed += 1
                    true_missed += same
                    if find(i) != find(j):
                        unreached += 1
                        true_unreached += same
                    if len(examples) < 3:
                        examples.append(f"{fi.original} ~ {fj.original}")
    return {
        "names": len(forms),
        "candidate_pairs": len(proposed),
        "blocking_s": round(block_s, 1),
        "rows": len(sample),
        "scored_pairs": len(sample) * (len(forms) - 1),
        "links": links,
        "missed": missed,
        "recall": round(1 - missed / links, 4) if links else 1.0,
        "true_links": true_links,
        "true_missed": true_missed,
        "true_recall": round(1 - true_missed / true_links, 4) if true_links else 1.0,
        "reach_recall": round(1 - unreached / links, 4) if links else 1.0,
        "true_reach_recall": round(1 - true_unreached / true_links, 4) if true_links else 1.0,
        "missed_eg": "; ".join(examples).replace("|", "/"),
    }


def child_recall(path: str, n: int, rows: int) -> dict[str, Any]:
    ids: dict[str, set[str]] = {}
    for r in read_rows(Path(path)):
        ids.setdefault(r.name, set()).add(r.cluster_id)
    names = sorted(ids)
    random.Random(0).shuffle(names)
    clusters = {name: frozenset(c) for name, c in ids.items()}
    return {"split": Path(path).name.removesuffix(".dev.tsv"), **recall_rows(names[:n], rows, 0, clusters)}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("input", "cluster", "index", "recall", "child"))
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--names", type=int, default=20_000)
    ap.add_argument("--rows", type=int, default=300)
    ap.add_argument("--splits", default="", help="comma-separated dev files (default: all)")
    ap.add_argument("--data", type=Path, default=DATA_DIR)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--job", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.what == "child":
        job = json.loads(args.job)
        fn = {"cluster": child_cluster, "index": child_index, "search": child_search, "recall": child_recall}
        kind = job.pop("kind")
        if kind != "recall":
            job["data"] = args.data
        print(RESULT + json.dumps(fn[kind](**job)), flush=True)
        return 0
    if args.what == "input":
        path = input_path(args.data)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"{path}: {INPUT_SIZE:,} names, sha256 {digest}")
        return 0
    lines = header(argv)
    rows: list[dict[str, Any]] = []
    input_path(args.data)
    if args.what == "cluster":
        for size in (int(s) for s in args.sizes.split(",")):
            r = spawn(["child", "--job", json.dumps({"kind": "cluster", "n": size, "workers": args.workers})])
            print(r, flush=True)
            rows.append(r)
        lines += ["## cluster", "", *table(rows)]
    elif args.what == "index":
        r = spawn(["child", "--job", json.dumps({"kind": "index", "n": args.size, "workers": args.workers,
                                                 "queries": args.queries})])
        print(r, flush=True)
        s = spawn(["child", "--job", json.dumps({"kind": "search", "n": args.size, "queries": args.queries})])
        print(s, flush=True)
        lines += ["## Index build and save", "", *table([r]), "## Index load and search", "", *table([s])]
        lines += ["Queries: half indexed names, half generated variants of them; k=10.", ""]
    else:
        files = [args.data / f for f in args.splits.split(",")] if args.splits else dev_files(args.data)
        for f in files:
            job = {"kind": "recall", "path": str(f), "n": args.names, "rows": args.rows}
            r = spawn(["child", "--job", json.dumps(job)])
            print(r, flush=True)
            rows.append(r)
        lines += ["## Blocking recall", "", *table(rows)]
    lines.append(f"Machine at end: {load_note()}.")
    out = args.out or RESULTS / f"scale_{args.what}.md"
    write_report(out, "\n".join(lines) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
