"""Worst-case cost of hostile input: huge names through the verbs, and a huge file through the CLI.

Usage: python benchmarks/hostile.py [--repeat 7] [--big-mb 1000] [--out PATH]

1. Huge names: ``score``, ``explain`` and ``normalize`` of pairs of 100,000-character strings of
   each hostile kind (one long word, many words, combining marks, NFKC-expanding ligatures, Han,
   Hangul, emoji and joiners, ...), caches cleared before every call.  Target: ``score`` under
   50 ms.  Median and worst of ``--repeat`` runs.
2. A big input (``--big-mb``, 0 to skip): a file of that many MB of repeated names (2,000
   distinct spellings) is written to a temporary folder, run through ``namerec cluster`` in a
   subprocess with json output (one pass) and tsv output (counting pass + row-by-row pass), and
   deleted.  Wall time and the child's peak RSS (``getrusage``) are reported.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _data import git_describe, write_report

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # import namerec from the work tree, uninstalled

import namerec  # noqa: E402

N = 100_000
_rng = random.Random(0)
_LOWER = "abcdefghijklmnopqrstuvwxyz"


def _rep(piece: str, n: int = N) -> str:
    return (piece * (n // len(piece) + 1))[:n]


def _random_word(n: int) -> str:
    return "".join(_rng.choice(_LOWER) for _ in range(n))


CASES: dict[str, tuple[str, str]] = {
    "one Latin word, random letters": (_random_word(N), _random_word(N)),
    "one Latin word, one letter": (_rep("a"), _rep("b")),
    "many short words": (_rep("aliyev hasanov "), _rep("alijew gasanow ")),
    "one-letter words (initials)": (_rep("a "), _rep("b. ")),
    "Cyrillic": (_rep("Горбачёв "), _rep("Ельцин ")),
    "Arabic with al-": (_rep("معمر القذافي "), _rep("القذافي")),
    "Hebrew": (_rep("בנימין נתניהו "), _rep("נתניהו")),
    "Han": (_rep("习近平"), _rep("毛泽东")),
    "Hangul": (_rep("김정은"), _rep("문재인")),
    "combining marks": ("a" + "\u0301" * (N - 1), "e" + "\u0308" * (N - 1)),
    "NFKC-expanding ligatures": (_rep("\ufdfa"), _rep("\ufdfb")),
    "mixed scripts": (_rep("Aliyev Алиев אלייב علييف 习近平 "), _rep("Gorbachev Горбачёв ")),
    "emoji and joiners": (_rep("👨\u200d👩\u200d👧a"), _rep("a\u200db")),
    "bidi and format characters": (_rep("a\u202e\u200fb\u2066"), _rep("\u200bab")),
    "apostrophes and hyphens": (_rep("d'al-"), _rep("l'ibn-")),
    "titles and particles": (_rep("dr al ") + "smith", _rep("mr von ") + "smith"),
    "patronymics": (_rep("ivan ivanovich oglu "), _rep("petr petrovich qizi ")),
    "lone surrogates": (_rep("a\ud800b\udfff"), _rep("\udcffab")),
}


def _clear_caches() -> None:
    for name, module in list(sys.modules.items()):
        if name == "namerec" or name.startswith("namerec."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and worst milliseconds of ``fn`` on cold caches (after one untimed call, which
    loads unidecode's tables for the scripts involved once per process)."""
    with contextlib.suppress(namerec.EmptyNameError):
        fn()
    times = []
    for _ in range(repeat):
        _clear_caches()
        t0 = time.perf_counter()
        with contextlib.suppress(namerec.EmptyNameError):
            fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def huge_names(repeat: int) -> tuple[list[str], float]:
    rows = [
        "| input (two strings of 100,000 characters) | score median / worst ms | explain median / worst ms"
        " | normalize median / worst ms |",
        "| --- | --- | --- | --- |",
    ]
    worst = 0.0
    for label, (a, b) in CASES.items():
        s = _time(lambda a=a, b=b: namerec.score(a, b), repeat)
        e = _time(lambda a=a, b=b: str(namerec.explain(a, b)), repeat)
        n = _time(lambda a=a: namerec.normalize(a), repeat)
        worst = max(worst, s[1])
        cells = " | ".join(f"{m:.1f} / {w:.1f}" for m, w in (s, e, n))
        rows.append(f"| {label} | {cells} |")
        print(rows[-1], flush=True)
    return rows, worst


def _write_big(path: Path, megabytes: int) -> int:
    names = (REPO_ROOT / "namerec" / "data" / "example_names.txt").read_text(encoding="utf-8").split("\n")
    names = [n.strip() for n in names if n.strip()]
    rng = random.Random(0)
    pool = list(names)
    while len(pool) < 2000:
        n = rng.choice(names)
        i = rng.randrange(len(n))
        pool.append(n[:i] + rng.choice("aeiouklmn") + n[i + 1 :])
    block = "".join(rng.choice(pool) + "\n" for _ in range(200_000)).encode("utf-8")
    lines = 0
    with open(path, "wb") as f:
        while f.tell() < megabytes * 1_000_000:
            f.write(block)
            lines += 200_000
    return lines


def _run_child(argv: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit code of one CLI run (stdout to /dev/null)."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True)
    wall, rss_kb, rc = out.stdout.split()
    return float(wall), int(rss_kb) / 1024, int(rc)


def big_input(megabytes: int) -> list[str]:
    rows = ["| run | wall s | peak RSS MB | exit |", "| --- | --- | --- | --- |"]
    env_cli = [sys.executable, "-c", "import sys; from namerec.cli import main; sys.exit(main())"]
    with tempfile.TemporaryDirectory(prefix="namerec-big-") as tmp:
        path = Path(tmp) / "big.txt"
        lines = _write_big(path, megabytes)
        size = path.stat().st_size
        print(f"{path}: {size:,} bytes, {lines:,} lines", flush=True)
        for label, extra in (("json (one pass)", ["--format", "json"]), ("tsv (two passes)", [])):
            wall, rss, rc = _run_child([*env_cli, "cluster", str(path), *extra])
            rows.append(f"| {label} | {wall:.1f} | {rss:.1f} | {rc} |")
            print(rows[-1], flush=True)
    rows.insert(0, f"{size:,} bytes, {lines:,} lines, 2,000 distinct spellings.\n")
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--big-mb", type=int, default=1000, help="size of the big input in MB (0: skip)")
    p.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results" / "hostile.md")
    args = p.parse_args()
    os.environ["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")
    names, worst = huge_names(args.repeat)
    verdict = "meets" if worst < 50 else "misses"
    text = [
        "# Hostile input: cost",
        "",
        f"namerec {git_describe()}, Python {platform.python_version()}, {os.cpu_count()} CPUs,"
        f" max RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB.",
        f"Command: `python benchmarks/hostile.py --repeat {args.repeat} --big-mb {args.big_mb}`",
        "",
        f"## Huge names (MAX_NAME_LENGTH = {namerec.MAX_NAME_LENGTH})",
        "",
        f"Cold caches, {args.repeat} runs each. Worst `score`: {worst:.1f} ms ({verdict} the 50 ms target).",
        "",
        *names,
    ]
    if args.big_mb:
        text += ["", "## A big input through `namerec cluster`", "", *big_input(args.big_mb)]
    write_report(args.out, "\n".join(text) + "\n")


if __name__ == "__main__":
    main()
