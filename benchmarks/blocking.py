"""Blocking recall: the share of brute-force links (pairs scoring at or above the threshold) that
namerec's blocking proposes, on samples of the dev splits.

    python benchmarks/blocking.py                      # default datasets, 1,500 names each
    python benchmarks/blocking.py --datasets latin --names 3000
    python benchmarks/blocking.py --true-pairs      # accuracy.py samples, pairs of one entity only

Brute force scores every pair, so the cost grows with the square of ``--names``.  With
``--true-pairs`` only the pairs of names of one dev entity are scored, on the full samples of
``accuracy.py``: the real variants the blocker must not lose.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import defaultdict
from pathlib import Path

from _data import DATA_DIR, DATASETS, Row, load_dataset

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # namerec from the work tree

import namerec
from namerec._blocking import candidate_pairs
from namerec._scoring import compare
from namerec.types import NameForm

DEFAULT_DATASETS = "latin,scripts32,ofac,en_he,geonames,febrl"


def recall(names: list[str], config: namerec.Config) -> tuple[float, int, int, list[str]]:
    """(recall, links, candidate pairs, a few missed links) for distinct ``names``."""
    forms = []
    for name in names:
        try:
            forms.append(namerec.normalize(name))
        except namerec.EmptyNameError:
            continue
    proposed = set(candidate_pairs(forms, max_bucket=config.max_bucket, window=config.window))
    links = missed = 0
    examples: list[str] = []
    for i, j in itertools.combinations(range(len(forms)), 2):
        s = compare(forms[i], forms[j], config)[0]
        if s >= config.threshold:
            links += 1
            if (i, j) not in proposed:
                missed += 1
                if len(examples) < 5:
                    examples.append(f"{forms[i].original!r} ~ {forms[j].original!r} ({s:.2f})")
    return (1.0 - missed / links if links else 1.0), links, len(proposed), examples


def true_pair_recall(rows: list[Row], config: namerec.Config) -> tuple[int, int, int, list[str]]:
    """(pairs of one entity scoring at least the threshold, of those not proposed, candidate
    pairs, examples)."""
    forms: list[NameForm] = []
    index: dict[str, int] = {}
    for name in sorted({r.name for r in rows}):
        try:
            form = namerec.normalize(name)
        except namerec.EmptyNameError:
            continue
        index[name] = len(forms)
        forms.append(form)
    proposed = set(candidate_pairs(forms, max_bucket=config.max_bucket, window=config.window))
    entities: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        if r.name in index:
            entities[r.cluster_id].add(index[r.name])
    links = missed = 0
    examples: list[str] = []
    for members in entities.values():
        for i, j in itertools.combinations(sorted(members), 2):
            if compare(forms[i], forms[j], config)[0] >= config.threshold:
                links += 1
                if (i, j) not in proposed:
                    missed += 1
                    if len(examples) < 3:
                        examples.append(f"{forms[i].original!r} ~ {forms[j].original!r}")
    return links, missed, len(proposed), examples


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", default=DEFAULT_DATASETS)
    ap.add_argument("--names", type=int, default=1500, help="distinct names per dataset (first, sorted)")
    ap.add_argument("--entities", type=int, default=600, help="entities sampled before taking names")
    ap.add_argument("--data", type=Path, default=DATA_DIR)
    ap.add_argument("--true-pairs", action="store_true", help="pairs of one entity, accuracy.py samples")
    args = ap.parse_args(argv)
    config = namerec.Config()
    if args.true_pairs:
        print("| dataset | true pairs >= threshold | not proposed | recall | candidate pairs | e.g. |")
        print("| --- | --- | --- | --- | --- | --- |")
        for key in args.datasets.split(","):
            rows = load_dataset(DATASETS[key], args.data)  # accuracy.py's sample
            links, missed, cands, examples = true_pair_recall(rows, config)
            rec = 1.0 - missed / links if links else 1.0
            eg = "; ".join(examples[:2])
            print(f"| {key} | {links} | {missed} | {rec:.3f} | {cands} | {eg} |", flush=True)
        return 0
    print("| dataset | names | links (brute force) | candidate pairs | recall | missed, e.g. |")
    print("| --- | --- | --- | --- | --- | --- |")
    for key in args.datasets.split(","):
        rows = load_dataset(DATASETS[key], args.data, args.entities)
        names = sorted({r.name for r in rows})[: args.names]
        t0 = time.perf_counter()
        rec, links, cands, examples = recall(names, config)
        print(
            f"| {key} | {len(names)} | {links} | {cands} | {rec:.3f} | {'; '.join(examples[:2])} |",
            flush=True,
        )
        print(f"  ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
