"""Fit the learned character correspondences (``namerec/data/correspondences.tsv``) from dev pairs.

Usage: python tools/fit_correspondences.py [--data DIR] [--datasets latin,ofac] [--out PATH]
       [--min-support N] [--min-log-odds X] [--max-rows N] [--evaluate]

How it fits, per *scope* (``latin`` when both tokens are spelled letter by letter, else the
script class of the other token: ``abjad``, ``hangul``, ``kana``, ``han``):

1. The clusters of each dev split are cut in two halves by the SHA-1 of the cluster id (last hex
   digit even: fit half, odd: held-out half).  Only the fit half is read for fitting.
2. Positives: the names of one cluster are paired, analysed with :func:`namerec.normalize`,
   and their tokens aligned (best key similarity first).  Every aligned token pair whose keys
   differ is a positive; two Latin keys must also be alike (normalised Levenshtein similarity
   >= ``POS_MIN_SIM``), so that misaligned tokens do not count.
3. Negatives: token keys of *different* clusters that look alike (same similarity band, found
   with ``rapidfuzz.process.extract``) and never aligned in a true pair.
4. Each key pair is aligned with ``Levenshtein.opcodes``; replaced, inserted and deleted
   segments of at most ``MAX_GRAM`` letters (an insertion or deletion written with its left
   neighbour, ``ih`` ~ ``i``) are the candidate correspondences.  Each is scored by its support
   in positives and its log-odds, positives against negatives (add-one smoothed).
5. Accepted correspondences (support >= ``--min-support``, log-odds >= ``--min-log-odds``), best
   first, each n-gram in one correspondence at most (so rewrites never chain: a vowel cannot slide
   step by step into another), become rows rewriting the longer, then rarer, n-gram to the other.

``--evaluate`` clusters the held-out half of each split with namerec, with the learned table
switched off and on, and prints B-cubed and pairwise F1 for both: the table is only worth
shipping if it helps on clusters it never saw.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # import namerec from the work tree, uninstalled
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

from _data import DATA_DIR, DATASETS, Row, evaluate, read_rows, sha1_hex, singleton_none  # noqa: E402

import namerec  # noqa: E402
from namerec._learned import parse_table  # noqa: E402
from namerec._translit import LATIN  # noqa: E402
from namerec.types import Token  # noqa: E402

DEFAULT_DATASETS = ("latin", "scripts32", "en_he", "en_ko", "ofac", "un_sc", "ru_translit")
DEFAULT_OUT = REPO_ROOT / "namerec" / "data" / "correspondences.tsv"
MAX_GRAM = 2  # longest segment (letters) of a correspondence, before its context letter
POS_MIN_SIM = 0.5  # positives: aligned keys at least this alike
NEG_MIN_SIM = 0.6  # negatives: keys of different clusters at least this alike
NEG_PER_KEY = 4  # negatives: nearest other-cluster keys per key
MAX_NAMES_PER_CLUSTER = 12  # pairs per cluster grow quadratically; keep the first names
MAX_NEG_QUERIES = 10000  # keys per scope that look for negatives (the first, in SHA-1 order)
CROSS = ("abjad", "hangul", "kana", "han")


def fit_half(cluster_id: str) -> bool:
    """The cluster belongs to the fitting half (else to the held-out half)."""
    return int(sha1_hex(cluster_id)[-1], 16) % 2 == 0


def _clusters(rows: Iterable[Row]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        if r.name not in out[r.cluster_id]:
            out[r.cluster_id].append(r.name)
    return out


def _tokens(name: str) -> tuple[Token, ...]:
    try:
        return namerec.normalize(name).tokens
    except namerec.NamerecError:
        return ()


def _scope(a: Token, b: Token) -> str | None:
    if a.script == LATIN:
        return b.script
    if b.script == LATIN:
        return a.script
    return None  # two non-Latin scripts: not a transliteration pair


def _usable(t: Token) -> bool:
    return t.role != "initial" and len(t.key) >= 2


def _aligned(ta: Sequence[Token], tb: Sequence[Token]) -> Iterator[tuple[Token, Token, float]]:
    """Greedy one-to-one token alignment by key similarity, best first."""
    cands = sorted(
        (
            (Levenshtein.normalized_similarity(x.key, y.key), i, j)
            for i, x in enumerate(ta)
            for j, y in enumerate(tb)
        ),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    for sim, i, j in cands:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        yield ta[i], tb[j], sim


def segments(a: str, b: str) -> set[tuple[str, str]]:
    """Candidate correspondences between two keys, each an unordered pair ``(x, y)``, x <= y.

    >>> sorted(segments("aliev", "alaev"))
    [('a', 'i')]
    >>> sorted(segments("mihail", "mikhail"))
    [('i', 'ik')]
    >>> sorted(segments("chikamatsu", "tikamatu"))
    [('ch', 't'), ('t', 'ts')]
    >>> sorted(segments("hamed", "hamid"))
    [('e', 'i')]
    """
    out: set[tuple[str, str]] = set()
    blocks: list[list[int]] = []  # adjacent edits merged: ch / t is one correspondence
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            continue
        i1, i2, j1, j2 = op.src_start, op.src_end, op.dest_start, op.dest_end
        if blocks and blocks[-1][1] == i1 and blocks[-1][3] == j1:
            blocks[-1][1], blocks[-1][3] = i2, j2
        else:
            blocks.append([i1, i2, j1, j2])
    for i1, i2, j1, j2 in blocks:
        x, y = a[i1:i2], b[j1:j2]
        if len(x) > MAX_GRAM or len(y) > MAX_GRAM:
            continue
        if not x or not y:  # an insertion or deletion: write it with its left neighbour
            if i1 == 0:
                if i2 < len(a) and j2 < len(b):  # at the start: with the right neighbour
                    x, y = x + a[i2], y + b[j2]
                else:
                    continue
            else:
                x, y = a[i1 - 1] + x, a[i1 - 1] + y
        out.add((x, y) if x <= y else (y, x))
    return out


@dataclass(frozen=True)
class Counts:
    """Correspondence counts of one scope: in positive and in negative key pairs."""

    pos: Counter[tuple[str, str]]
    neg: Counter[tuple[str, str]]
    n_pos: int
    n_neg: int


def collect(datasets: Sequence[str], data_dir: Path) -> tuple[dict[str, Counts], Counter[str]]:
    """Correspondence counts per scope, and how often each n-gram occurs in Latin keys."""
    pos_pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    keys_by_scope: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for key in datasets:
        t0 = time.perf_counter()
        ds = DATASETS[key]
        rows = [r for r in read_rows(data_dir / ds.file, ds.row_filter) if fit_half(r.cluster_id)]
        clusters = _clusters(rows)
        for cid, names in clusters.items():
            forms = [_tokens(n) for n in names[:MAX_NAMES_PER_CLUSTER]]
            for t in (t for ts in forms for t in ts):
                if _usable(t):
                    keys_by_scope[t.script][t.key].add(f"{key}:{cid}")
            for i in range(len(forms)):
                for j in range(i + 1, len(forms)):
                    for x, y, sim in _aligned(forms[i], forms[j]):
                        scope = _scope(x, y)
                        if scope is None or not (_usable(x) and _usable(y)) or x.key == y.key:
                            continue
                        if sim >= POS_MIN_SIM or scope != LATIN:
                            pair = (x.key, y.key) if x.key <= y.key else (y.key, x.key)
                            pos_pairs[scope].add(pair)
        print(f"  {key}: {len(clusters)} clusters, {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    counts: dict[str, Counts] = {}
    latin_keys = keys_by_scope[LATIN]
    by_initial: dict[str, list[str]] = defaultdict(list)  # look-alikes share their first letter
    for k in sorted(latin_keys):
        by_initial[k[0]].append(k)
    for scope, pairs in sorted(pos_pairs.items()):
        queries = sorted(keys_by_scope[scope], key=sha1_hex)[:MAX_NEG_QUERIES]
        negatives: set[tuple[str, str]] = set()
        for q in queries:
            owners = keys_by_scope[scope][q]
            for cand, _sim, _ in process.extract(
                q,
                by_initial.get(q[0], []),
                scorer=Levenshtein.normalized_similarity,
                limit=NEG_PER_KEY + 1,
                score_cutoff=NEG_MIN_SIM,
            ):
                if cand == q or latin_keys[cand] & owners:
                    continue
                pair = (q, cand) if q <= cand else (cand, q)
                if pair not in pairs:
                    negatives.add(pair)
        counts[scope] = Counts(
            Counter(s for a, b in pairs for s in segments(a, b)),
            Counter(s for a, b in negatives for s in segments(a, b)),
            len(pairs),
            len(negatives),
        )
        print(f"  scope {scope}: {len(pairs)} positive, {len(negatives)} negative key pairs", file=sys.stderr)
    freq = Counter(
        k[i : i + n] for k in latin_keys for n in range(1, MAX_GRAM + 2) for i in range(len(k) - n + 1)
    )
    return counts, freq


def _consistent(rows: Sequence[tuple[str, str, str, int, int, float]]) -> bool:
    """Every row still brings its two n-grams together when the whole table is applied."""
    text = "scope\tsource\ttarget\tsupport\tnegatives\tlog_odds\n"
    text += "".join(f"{s}\t{x}\t{y}\t{p}\t{q}\t{lo}\n" for s, x, y, p, q, lo in rows)
    table = parse_table(text)
    return all(_apply(table[scope], x) == _apply(table[scope], y) for scope, x, y, *_ in rows)


def _apply(rules: tuple[re.Pattern[str], dict[str, str]], text: str) -> str:
    rx, targets = rules
    return rx.sub(lambda m: targets[m.group()], text)


def select(
    counts: dict[str, Counts],
    freq: Counter[str],
    min_support: int,
    min_log_odds: float,
    max_rows: int,
) -> list[tuple[str, str, str, int, int, float]]:
    """Rows ``(scope, source, target, support, negatives, log_odds)`` of the rewrite table."""
    cands: list[tuple[float, str, str, str, int, int]] = []
    for scope, c in sorted(counts.items()):
        for (x, y), p in c.pos.items():
            if p < min_support:
                continue
            q = c.neg[(x, y)]
            lo = math.log((p + 1) / (c.n_pos + 2)) - math.log((q + 1) / (c.n_neg + 2))
            if lo >= min_log_odds:
                cands.append((lo, scope, x, y, p, q))
    cands.sort(key=lambda c: (-c[0], c[1], c[2], c[3]))
    rows: list[tuple[str, str, str, int, int, float]] = []
    taken: set[tuple[str, str]] = set()
    for lo, scope, x, y, p, q in cands:
        if (scope, x) in taken or (scope, y) in taken:
            continue  # each n-gram in one correspondence at most: rewrites never chain
        source, target = sorted((x, y), key=lambda m: (len(m), -freq[m], m), reverse=True)
        if not _consistent([*rows, (scope, source, target, p, q, lo)]):
            continue  # another row would rewrite a part of this one (pu -> fo, then f -> p)
        taken.update({(scope, x), (scope, y)})
        rows.append((scope, source, target, p, q, lo))
        if len(rows) >= max_rows:
            break
    rows.sort(key=lambda r: (r[0], -len(r[1]), -r[5], r[1]))
    return rows


def write_table(
    path: Path,
    rows: Sequence[tuple[str, str, str, int, int, float]],
    datasets: Sequence[str],
    argv: Sequence[str],
) -> None:
    """Write the table with a header saying how it was fitted and how to refit it."""
    header = [
        "# Learned character correspondences between romanisations and scripts (namerec._learned).",
        "# Fitted by tools/fit_correspondences.py on these dev splits (../shared/data, rows filtered as",
        "# in benchmarks/_data.py):",
        *(f"#   {k}: {DATASETS[k].file} ({DATASETS[k].filter_doc})" for k in datasets),
        "# using only the clusters whose SHA-1(cluster id) ends in an even hex digit; the other half is",
        "# held out to check that the table generalises. Positives: aligned tokens of one cluster;",
        "# negatives: look-alike tokens of different clusters. Only letter n-grams (<= 3), no names.",
        f"# Refit: python tools/fit_correspondences.py {' '.join(argv)}".rstrip(),
        "# Columns: scope (latin, or the script class of the other token), source n-gram, canonical",
        "# n-gram, support (positive key pairs), negatives (look-alike pairs), log-odds.",
    ]
    lines = [*header, "scope\tsource\ttarget\tsupport\tnegatives\tlog_odds"]
    lines += [f"{s}\t{x}\t{y}\t{p}\t{q}\t{lo:.2f}" for s, x, y, p, q, lo in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def evaluate_heldout(datasets: Sequence[str], data_dir: Path, entities: int) -> None:
    """Cluster the held-out half with the learned table off and on; print F1 for both."""
    from unittest import mock

    from namerec import _scoring

    print("| dataset | rows | off B3 F1 | on B3 F1 | off pw F1 | on pw F1 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for key in datasets:
        ds = DATASETS[key]
        rows = [r for r in read_rows(data_dir / ds.file, ds.row_filter) if not fit_half(r.cluster_id)]
        ids = sorted({r.cluster_id for r in rows}, key=sha1_hex)[:entities]
        keep = set(ids)
        rows = [r for r in rows if r.cluster_id in keep]
        names = [r.name for r in rows]
        gold = [r.cluster_id for r in rows]
        scores = []
        for enabled in (False, True):
            switched_off = mock.patch.object(_scoring, "learned_key", lambda key, scope: key)
            with contextlib.nullcontext() if enabled else switched_off:
                labels = singleton_none(namerec.cluster(names).labels)
            scores.append(evaluate(gold, labels))
        off, on = scores
        cells = [f"{x:.3f}" for x in (off.b3_f1, on.b3_f1, off.pw_f1, on.pw_f1)]
        print(f"| {key} | {len(rows)} | {' | '.join(cells)} |", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA_DIR)
    ap.add_argument("--datasets", default=",".join(DEFAULT_DATASETS))
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--min-support", type=int, default=20)
    ap.add_argument("--min-log-odds", type=float, default=1.0)
    ap.add_argument("--max-rows", type=int, default=120)
    ap.add_argument("--evaluate", action="store_true", help="only score the held-out half, off vs on")
    ap.add_argument("--entities", type=int, default=1500, help="held-out clusters per dataset (--evaluate)")
    args = ap.parse_args(argv)
    keys = [k.strip() for k in args.datasets.split(",") if k.strip()]
    unknown = [k for k in keys if k not in DATASETS]
    if unknown:
        ap.error(f"unknown datasets {unknown}; known: {sorted(DATASETS)}")
    if not args.data.is_dir():
        ap.error(f"no data directory {args.data}")
    if args.evaluate:
        evaluate_heldout(keys, args.data, args.entities)
        return 0
    counts, freq = collect(keys, args.data)
    rows = select(counts, freq, args.min_support, args.min_log_odds, args.max_rows)
    write_table(args.out, rows, keys, argv)
    print(f"wrote {len(rows)} rows to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
