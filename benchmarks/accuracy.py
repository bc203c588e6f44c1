"""Clustering accuracy of ``namerec.cluster`` next to simple baselines on dev splits.

Usage: python benchmarks/accuracy.py [--datasets latin,ofac] [--quick] [--out PATH]
       [--data DIR] [--no-baselines]
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jellyfish
import numpy as np
from _data import (
    DATA_DIR,
    DATASETS,
    Scores,
    evaluate,
    fold,
    git_describe,
    load_dataset,
    singleton_none,
    write_report,
)
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # import namerec from the work tree, uninstalled
RESULTS_DIR = Path(__file__).resolve().parent / "results"
QUICK_ENTITIES = 300
# Thresholds in hundredths: 0.60, 0.61, ..., 0.99.
THRESHOLDS = tuple(range(60, 100))
# Cells per cdist block (float32): 2**25 cells = 128 MiB.
BLOCK_CELLS = 2**25
# Headline metric pairwise F1: one English and one native label per entity.
PAIRWISE_HEADLINE = {"en_he", "en_ko"}


@dataclass(frozen=True)
class Result:
    """One (dataset, method) line of the report."""

    dataset: str
    rows: int
    entities: int
    method: str
    threshold: str
    scores: Scores
    seconds: float
    # Best pairwise F1 over all thresholds, and that threshold.
    best_pw: tuple[float, str] | None = None


# --------------------------------------------------------------------------- baselines


def _group(keys: Sequence[str]) -> list[Hashable]:
    """Labels grouping identical non-empty keys; an empty key is a singleton."""
    return [k if k else ("__empty__", i) for i, k in enumerate(keys)]


def exact_labels(names: Sequence[str]) -> list[Hashable]:
    """Group names whose ASCII-folded forms are identical."""
    return _group([fold(n) for n in names])


def metaphone_key(name: str) -> str:
    """Space-joined sorted metaphone codes of the folded tokens."""
    return " ".join(sorted(jellyfish.metaphone(t) for t in fold(name).split()))


def metaphone_labels(names: Sequence[str]) -> list[Hashable]:
    """Group names with identical metaphone keys."""
    return _group([metaphone_key(n) for n in names])


def _edges(
    strings: Sequence[str], scorer: Callable[..., float], scale: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All pairs i < j with score >= lowest threshold, as (i, j, threshold bin)."""
    m = len(strings)
    lo, hi = THRESHOLDS[0], THRESHOLDS[-1]
    cutoff = lo / 100 * scale
    step = max(1, BLOCK_CELLS // max(m, 1))
    out_i, out_j, out_b = [], [], []
    for r0 in range(0, m, step):
        r1 = min(m, r0 + step)
        block = process.cdist(
            strings[r0:r1],
            strings[r0:],
            scorer=scorer,
            score_cutoff=cutoff,
            dtype=np.float32,
            workers=2,
        )
        a, b = np.nonzero(block >= cutoff)
        keep = b > a  # upper triangle only; the block starts at column r0
        a, b = a[keep], b[keep]
        bins = np.floor(block[a, b] * (100 / scale) + 1e-3).astype(np.int16)
        del block
        out_i.append((a + r0).astype(np.int32))
        out_j.append((b + r0).astype(np.int32))
        out_b.append(np.minimum(bins, hi))
    if not out_i:
        empty = np.zeros(0, dtype=np.int32)
        return empty, empty, empty.astype(np.int16)
    return np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_b)


def similarity_sweep(
    names: Sequence[str],
    gold: Sequence[Hashable],
    scorer: Callable[..., float],
    scale: float,
) -> list[tuple[int, Scores]]:
    """Single-linkage components of the folded names at every threshold, scored.

    Identical folded strings are one node (they join at any threshold); empty folded
    strings stay singletons. Edges are added threshold bin by threshold bin, from the
    highest down, with a union-find.
    """
    node_ids: dict[str, int] = {}
    node_of_row = np.array(
        [node_ids.setdefault(s, len(node_ids)) if s else -1 for s in map(fold, names)],
        dtype=np.int64,
    )
    strings = list(node_ids)
    m = len(strings)
    ei, ej, eb = _edges(strings, scorer, scale)
    order = np.argsort(-eb, kind="stable")
    # Negated bins ascending = thresholds descending.
    ei, ej, eb = ei[order], ej[order], -eb[order]

    parent = list(range(m))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    root = np.arange(m, dtype=np.int64)
    row_idx = np.arange(len(names), dtype=np.int64)
    empty_rows = node_of_row < 0
    results: list[tuple[int, Scores]] = []
    for t in reversed(THRESHOLDS):
        lo_pos, hi_pos = np.searchsorted(eb, [-t, -t + 1])
        if hi_pos > lo_pos:
            ri = root[ei[lo_pos:hi_pos]]
            rj = root[ej[lo_pos:hi_pos]]
            keep = ri != rj
            if keep.any():
                a = np.minimum(ri[keep], rj[keep])
                b = np.maximum(ri[keep], rj[keep])
                for key in np.unique(a * m + b).tolist():
                    ra, rb = find(key // m), find(key % m)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
                reps = np.unique(root)
                mapping = np.arange(m, dtype=np.int64)
                mapping[reps] = [find(r) for r in reps.tolist()]
                root = mapping[root]
        labels = np.where(empty_rows, -1 - row_idx, root[np.maximum(node_of_row, 0)])
        results.append((t, evaluate(gold, labels.tolist())))
    return results


SWEEPS: dict[str, tuple[Callable[..., float], float]] = {
    "jaro_winkler": (JaroWinkler.normalized_similarity, 1.0),
    "token_sort_ratio": (fuzz.token_sort_ratio, 100.0),
}
GROUPINGS: dict[str, Callable[[Sequence[str]], list[Hashable]]] = {
    "exact": exact_labels,
    "metaphone": metaphone_labels,
}


# --------------------------------------------------------------------------- namerec


def import_namerec() -> Any | None:
    """Import namerec from the repository, or warn and return None."""
    try:
        namerec = importlib.import_module("namerec")
    except Exception as exc:
        print(f"WARNING: cannot import namerec ({exc!r}); skipping it", file=sys.stderr)
        return None
    if not callable(getattr(namerec, "cluster", None)):
        print("WARNING: namerec has no cluster(); skipping it", file=sys.stderr)
        return None
    return namerec


def namerec_labels(namerec: Any, names: Sequence[str]) -> list[Hashable]:
    """Labels of ``namerec.cluster`` (default settings); None rows are singletons."""
    labels = tuple(namerec.cluster(list(names)).labels)
    if len(labels) != len(names):
        raise ValueError(f"namerec returned {len(labels)} labels for {len(names)} names")
    return singleton_none(labels)


# --------------------------------------------------------------------------- run


def run_dataset(
    key: str,
    data_dir: Path,
    entities: int | None,
    namerec: Any | None,
    baselines: bool,
) -> list[Result]:
    """Evaluate every method on one dataset."""
    rows = load_dataset(DATASETS[key], data_dir, entities)
    names = [r.name for r in rows]
    gold = [r.cluster_id for r in rows]
    n_ent = len(set(gold))
    print(f"== {key}: {len(rows)} rows, {n_ent} entities", flush=True)
    results: list[Result] = []

    def add(method: str, thr: str, scores: Scores, secs: float, best_pw=None) -> None:
        results.append(Result(key, len(rows), n_ent, method, thr, scores, secs, best_pw))
        print(
            f"   {method:<17} {thr:>5}  pw F1 {scores.pw_f1:.3f}  B3 F1 {scores.b3_f1:.3f}  {secs:8.2f}s",
            flush=True,
        )

    if namerec is not None:
        t0 = time.perf_counter()
        try:
            labels = namerec_labels(namerec, names)
        except Exception:
            traceback.print_exc()
            print(f"   namerec FAILED on {key}", flush=True)
        else:
            add("namerec", "", evaluate(gold, labels), time.perf_counter() - t0)
    if not baselines:
        return results
    for method, grouping in GROUPINGS.items():
        t0 = time.perf_counter()
        labels = grouping(names)
        add(method, "", evaluate(gold, labels), time.perf_counter() - t0)
    for method, (scorer, scale) in SWEEPS.items():
        t0 = time.perf_counter()
        sweep = similarity_sweep(names, gold, scorer, scale)
        secs = time.perf_counter() - t0
        # max() keeps the first maximum: the highest threshold among ties.
        t_b3, s_b3 = max(sweep, key=lambda ts: ts[1].b3_f1)
        t_pw, s_pw = max(sweep, key=lambda ts: ts[1].pw_f1)
        add(method, f"{t_b3 / 100:.2f}", s_b3, secs, (s_pw.pw_f1, f"{t_pw / 100:.2f}"))
    return results


# --------------------------------------------------------------------------- report


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def detail_table(results: Sequence[Result]) -> str:
    """Markdown table, one line per (dataset, method)."""
    head = (
        "| dataset | rows | entities | method | threshold | pw P | pw R | pw F1 "
        "| B3 P | B3 R | B3 F1 | seconds |"
    )
    lines = [head, "|" + " --- |" * 12]
    for r in results:
        s = r.scores
        b3 = f"**{_fmt(s.b3_f1)}**" if _is_best_baseline(r, results) else _fmt(s.b3_f1)
        lines.append(
            f"| {r.dataset} | {r.rows} | {r.entities} | {r.method} | {r.threshold} "
            f"| {_fmt(s.pw_p)} | {_fmt(s.pw_r)} | {_fmt(s.pw_f1)} "
            f"| {_fmt(s.b3_p)} | {_fmt(s.b3_r)} | {b3} | {r.seconds:.2f} |"
        )
    return "\n".join(lines)


def _baselines(results: Sequence[Result], dataset: str) -> list[Result]:
    return [r for r in results if r.dataset == dataset and r.method != "namerec"]


def _best_baseline(results: Sequence[Result], dataset: str) -> Result | None:
    base = _baselines(results, dataset)
    return max(base, key=lambda r: r.scores.b3_f1) if base else None


def _is_best_baseline(r: Result, results: Sequence[Result]) -> bool:
    return r is _best_baseline(results, r.dataset)


def summary_table(results: Sequence[Result]) -> str:
    """Markdown table comparing namerec with the best baseline per dataset."""
    lines = [
        ("| dataset | namerec B3 F1 | best baseline (B3) | namerec pw F1 | best baseline pw F1 | beats? |"),
        "|" + " --- |" * 6,
    ]
    for dataset in dict.fromkeys(r.dataset for r in results):
        nr = next((r for r in results if r.dataset == dataset and r.method == "namerec"), None)
        best = _best_baseline(results, dataset)
        pw_cands = [
            (r.best_pw if r.best_pw else (r.scores.pw_f1, ""), r.method) for r in _baselines(results, dataset)
        ]
        best_pw = max(pw_cands, key=lambda c: c[0][0]) if pw_cands else None
        headline = "pw" if dataset in PAIRWISE_HEADLINE else "B3"
        beats = "n/a"
        if nr is not None and best is not None and best_pw is not None:
            ours = nr.scores.pw_f1 if headline == "pw" else nr.scores.b3_f1
            theirs = best_pw[0][0] if headline == "pw" else best.scores.b3_f1
            beats = f"{'yes' if ours > theirs else 'no'} ({headline} {ours - theirs:+.3f})"
        best_txt = (
            f"{best.method}{'@' + best.threshold if best.threshold else ''} {_fmt(best.scores.b3_f1)}"
            if best
            else "-"
        )
        pw_txt = "-"
        if best_pw is not None:
            (f1, thr), method = best_pw
            pw_txt = f"{method}{'@' + thr if thr else ''} {_fmt(f1)}"
        lines.append(
            f"| {dataset} | {_fmt(nr.scores.b3_f1) if nr else '-'} | {best_txt} "
            f"| {_fmt(nr.scores.pw_f1) if nr else '-'} | {pw_txt} | {beats} |"
        )
    return "\n".join(lines)


def report(results: Sequence[Result], argv: Sequence[str], namerec: Any | None) -> str:
    """Build the whole markdown report."""
    version = getattr(namerec, "__version__", "?") if namerec is not None else "not imported"
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return "\n".join(
        [
            "# namerec clustering accuracy (dev splits)",
            "",
            f"Generated {when} by"
            f" `{' '.join(['python benchmarks/accuracy.py', *argv])}`"
            f"; git {git_describe()}, namerec {version},"
            f" Python {platform.python_version()}, {os.cpu_count()} CPUs.",
            "",
            (
                "Per-row metrics (pairwise and B-cubed). Baseline thresholds are tuned"
                " on the same sample (oracle): the threshold column is the one with the"
                " best B3 F1. **Bold** = best baseline by B3 F1. In the summary, *best"
                " baseline pw F1* is the best pairwise F1 of any baseline at any"
                " threshold; *beats?* compares namerec with the best baseline on the"
                " headline metric (pairwise for en_he/en_ko, B3 otherwise)."
            ),
            "",
            "## Summary",
            "",
            summary_table(results),
            "",
            "## Detail",
            "",
            detail_table(results),
            "",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", default=",".join(DATASETS), help="comma-separated keys")
    ap.add_argument("--quick", action="store_true", help=f"{QUICK_ENTITIES} entities each")
    ap.add_argument("--out", type=Path, help="markdown output (default results/accuracy.md)")
    ap.add_argument("--data", type=Path, default=DATA_DIR, help="folder of the dev TSVs")
    ap.add_argument("--no-baselines", action="store_true", help="run namerec only")
    args = ap.parse_args(argv)
    keys = [k.strip() for k in args.datasets.split(",") if k.strip()]
    unknown = [k for k in keys if k not in DATASETS]
    if unknown:
        ap.error(f"unknown datasets {unknown}; choose from {list(DATASETS)}")
    out = args.out or RESULTS_DIR / ("accuracy_quick.md" if args.quick else "accuracy.md")
    namerec = import_namerec()
    if namerec is None and args.no_baselines:
        print("nothing to run: namerec not importable and --no-baselines", file=sys.stderr)
        return 1
    entities = QUICK_ENTITIES if args.quick else None
    results: list[Result] = []
    t0 = time.perf_counter()
    for key in keys:
        results += run_dataset(key, args.data, entities, namerec, not args.no_baselines)
    write_report(out, report(results, argv, namerec))
    print(f"in {time.perf_counter() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
