"""Error analysis: namerec's false merges and missed pairs on dev splits, grouped by cause.

Usage: python benchmarks/errors.py [--datasets latin,ofac] [--quick | --entities N]
       [--limit 3] [--max-pairs 50000] [--out PATH] [--data DIR]

Each dataset is loaded and sampled exactly as ``benchmarks/accuracy.py`` does (``_data.py``),
clustered with ``namerec.cluster`` at default settings, and every wrong row pair is listed:

* *false merge*: two rows in one predicted cluster with different gold entities;
* *missed pair*: two rows of one gold entity in different predicted clusters.

Row pairs are gathered into distinct name pairs (``_data.wrong_pairs``); the tables count name
pairs and, beside them, the row pairs they stand for (the units of pairwise precision and
recall). Above ``--max-pairs`` name pairs of one kind in one dataset, a fixed random sample
(``random.Random(0)`` over the sorted pairs) is classified and the counts are scaled up; such
counts are marked ``~``.

Causes: the first rule that applies, in this order. *Folded* = ``_data.fold`` (unidecode,
casefold, punctuation to spaces) after moving the part before a single comma to the end
(``KIM, Chol Nam`` -> ``chol nam kim``), with digits (tone numbers) and sign marks (``"``, ``ʹ``)
removed; *tokens* = the folded words; *keys* = namerec's transliteration keys
(``namerec.normalize(name).keys``, sorted). *Near* = at most 2 Levenshtein edits apart. Tokens
are aligned one to one, greedily by Levenshtein similarity (ties: lower indices first).

1. ``rejected``: namerec rejected one side (no letters): a missed pair by construction.
2. ``homonym`` (false merges only): identical strings (*identical string*), or equal after
   folding; no spelling method can separate them.
3. ``script``: the main scripts differ (the script of most letters, from the Unicode character
   names: latin, cyrillic, greek, arabic, hebrew, han, kana = hiragana/katakana, hangul, ...).
   Detail: the script pair, Latin first (``latin-han``), otherwise alphabetical.
4. ``convention`` / *equal after folding* (missed pairs only): only case, marks, punctuation or
   comma order differ.
5. ``structure`` / *split/joined*: the tokens written together are equal.
6. Different token counts: *split/joined* when the tokens written together (folded or keys)
   are near and at least 75 % similar; *patronymic on one side* when the number of patronymic
   tokens differs (in names of 2+ tokens: endings -vich, -vitch, -vna, -ichna, or Turkic
   markers oglu/ogly/ogli/ugli/uly/qizi/kizi/gizi/kyzy); when every token of the shorter name
   has a partner in the longer one (equal, its initial, or Levenshtein similarity >= 0.7):
   ``structure`` / *initials vs full* (both names have 2+ tokens and the number of one-letter
   tokens differs) or else *token added/dropped*; when only some have a partner:
   ``token differs`` / *shared token, token count differs*; otherwise ``other``.
7. Same token count: ``structure`` / *order* (same tokens, other order), then *initials vs
   full* (an aligned one-letter token is the first letter of its partner).
8. ``inflection``: one aligned token pair differs by an ending pair of ``INFLECTIONS``
   (``ivanov``/``ivanova``: ``-ov/-ova``; Latvian ``berzins``/``berzina``: ``-s/-a``; a stem of
   3+ letters kept) and every other aligned pair is near. Detail: the ending pair.
9. ``convention`` / *keys equal*: namerec's keys are equal though the folded strings differ.
10. ``typo`` (missed pairs) / ``look-alike`` (false merges): the aligned folded strings are
    near. Detail: *one vowel differs*, *one consonant differs*, *vowel/consonant* (one
    substitution), *letter added/dropped*, *transposition* (adjacent letters swapped), *two
    edits*.
11. ``convention`` / *keys near*: as many keys on both sides, each aligned pair near and at
    least 60 % similar.
12. ``token differs`` / *shared token, other differs*: an aligned token pair is equal.
13. ``other``: none of the above. Detail: *shared beginning* or *shared ending* (4+ letters of
    the keys, or of the folded strings when namerec rejects a side), else the token count.

Every row also says how many pairs had a *direct* namerec score at or above the threshold:
for false merges, pairs linked directly (the rest were joined through other names); for
missed pairs, pairs that score as a match but that clustering kept apart.

``error_counts()`` returns the counts as data for other scripts. Output: markdown in
``results/errors.md`` (``results/errors_quick.md`` with ``--quick``).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
import unicodedata
import zlib
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
    wrong_pairs,
)
from rapidfuzz.distance import Levenshtein

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # import namerec from the work tree, uninstalled
import namerec  # noqa: E402

RESULTS_DIR = Path(__file__).resolve().parent / "results"
QUICK_ENTITIES = 300
DEFAULT_LIMIT = 3
DEFAULT_MAX_PAIRS = 50_000

FALSE_MERGE = "false merge"
MISSED = "missed"
KINDS = (FALSE_MERGE, MISSED)
CAUSES = (
    "rejected",
    "homonym",
    "script",
    "structure",
    "inflection",
    "convention",
    "typo",
    "look-alike",
    "token differs",
    "other",
)

VOWELS = frozenset("aeiouy")
PATRONYMIC_ENDINGS = ("vich", "vitch", "vna", "ichna")
PATRONYMIC_MARKERS = frozenset("oglu ogly ogli ugli uly qizi kizi gizi kyzy".split())
# (ending a, ending b) of one stem: masculine/feminine surnames and patronymics, Baltic and
# Greek forms. Checked in this order; the first pair that fits names the detail.
INFLECTIONS: tuple[tuple[str, str], ...] = (
    ("skiy", "skaya"),
    ("skii", "skaia"),
    ("skij", "skaja"),
    ("sky", "skaya"),
    ("sky", "ska"),
    ("ski", "ska"),
    ("cki", "cka"),
    ("vich", "vna"),
    ("ich", "ichna"),
    ("ov", "ova"),
    ("ev", "eva"),
    ("in", "ina"),
    ("yn", "yna"),
    ("", "ova"),
    ("son", "dottir"),
    ("as", "iene"),
    ("as", "aite"),
    ("is", "iene"),
    ("is", "yte"),
    ("us", "iene"),
    ("us", "ute"),
    ("os", "ou"),
    ("is", "i"),
    ("as", "a"),
    ("s", "a"),
    ("s", "e"),
    ("s", ""),
    ("", "a"),
)
MIN_STEM = 3


# --------------------------------------------------------------------------- name features


@lru_cache(maxsize=1 << 16)
def char_script(ch: str) -> str | None:
    """Script of a letter from its Unicode name (``han``, ``kana``, ``hangul``, ``latin``...).

    >>> [char_script(c) for c in "Aж漢カ한1"]
    ['latin', 'cyrillic', 'han', 'kana', 'hangul', None]
    """
    if not ch.isalpha():
        return None
    words = unicodedata.name(ch, "").split()
    if words[:1] in (["HALFWIDTH"], ["FULLWIDTH"]):
        words = words[1:]
    if not words or words[0] == "MODIFIER":
        return None
    first = words[0]
    if first == "CJK":
        return "han"
    if first.startswith(("HIRAGANA", "KATAKANA")):
        return "kana"
    return first.lower()


@lru_cache(maxsize=1 << 18)
def main_script(name: str) -> str:
    """Script of most letters of a name (ties: the first seen); ``none`` without letters.

    >>> main_script("Иван Li"), main_script("123")
    ('cyrillic', 'none')
    """
    counts = Counter(s for s in map(char_script, name) if s is not None)
    return counts.most_common(1)[0][0] if counts else "none"


# Soft/hard sign marks (Dar"ja, Dar'ja) vanish instead of splitting a word; tone digits go.
_SIGN_MARKS = str.maketrans("", "", '"ʹʺ″')
_NO_DIGITS = str.maketrans("", "", "0123456789")


@lru_cache(maxsize=1 << 18)
def tokens(name: str) -> tuple[str, ...]:
    """Folded words without digits, the part before a single comma moved to the end.

    >>> tokens("KIM, Chol-Nam"), tokens('Dar"ja'), tokens("a³ deo²")
    (('chol', 'nam', 'kim'), ('darja',), ('a', 'deo'))
    """
    if name.count(",") == 1:
        head, tail = name.split(",")
        if tail.strip():
            name = f"{tail} {head}"
    return tuple(fold(name.translate(_SIGN_MARKS)).translate(_NO_DIGITS).split())


@lru_cache(maxsize=1 << 18)
def keys(name: str) -> tuple[str, ...] | None:
    """namerec's transliteration keys, sorted; None when namerec rejects the name."""
    try:
        return tuple(sorted(namerec.normalize(name).keys))
    except namerec.NamerecError:
        return None


def _is_patronymic(token: str) -> bool:
    return token in PATRONYMIC_MARKERS or (len(token) > 5 and token.endswith(PATRONYMIC_ENDINGS))


def script_pair(a: str, b: str) -> str:
    """``latin-han`` style label of two scripts: Latin first, otherwise alphabetical."""
    first, second = sorted((a, b), key=lambda s: (s != "latin", s))
    return f"{first}-{second}"


def align(ta: Sequence[str], tb: Sequence[str]) -> list[tuple[str, str]]:
    """Greedy one-to-one token alignment by Levenshtein similarity (ties: lower indices).

    >>> align(["j", "smith"], ["smith", "john"])
    [('j', 'john'), ('smith', 'smith')]
    """
    cands = sorted(
        (-Levenshtein.normalized_similarity(x, y), i, j) for i, x in enumerate(ta) for j, y in enumerate(tb)
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in cands:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return [(ta[i], tb[j]) for i, j in sorted(pairs)]


def inflection(x: str, y: str) -> str | None:
    """The ending pair from ``INFLECTIONS`` that turns one token into the other, or None.

    >>> inflection("ivanova", "ivanov"), inflection("berzins", "berzina"), inflection("yusupov", "yusubov")
    ('-ov/-ova', '-s/-a', None)
    """
    for ea, eb in INFLECTIONS:
        for u, v in ((x, y), (y, x)):
            if u.endswith(ea) and v.endswith(eb):
                stem = u[: len(u) - len(ea)]
                if len(stem) >= MIN_STEM and stem == v[: len(v) - len(eb)]:
                    return f"-{ea}/-{eb}" if ea else f"-/-{eb}"
    return None


def edit_detail(sa: str, sb: str) -> str:
    """What 1 or 2 edits between two strings are (see the module docstring, rule 8).

    >>> edit_detail("yusupov", "yusubov"), edit_detail("maria", "mario"), edit_detail("jon", "john")
    ('one consonant differs', 'one vowel differs', 'letter added/dropped')
    >>> edit_detail("ahmad", "ahamd"), edit_detail("ichikawa", "itikawa")
    ('transposition', 'two edits')
    """
    if len(sa) == len(sb):
        diff = [k for k, (x, y) in enumerate(zip(sa, sb, strict=True)) if x != y]
        if len(diff) == 1:
            ca, cb = sa[diff[0]], sb[diff[0]]
            if ca in VOWELS and cb in VOWELS:
                return "one vowel differs"
            if ca.isalpha() and cb.isalpha() and ca not in VOWELS and cb not in VOWELS:
                return "one consonant differs"
            return "vowel/consonant"
        if (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and sa[diff[0]] == sb[diff[1]]
            and sa[diff[1]] == sb[diff[0]]
        ):
            return "transposition"
    elif Levenshtein.distance(sa, sb) == 1:
        return "letter added/dropped"
    return "two edits"


def classify_pair(
    a: str, b: str, *, false_merge: bool, rejected: frozenset[str] = frozenset()
) -> tuple[str, str]:
    """``(cause, detail)`` of one wrong name pair, by the rules of the module docstring.

    >>> classify_pair("Yusupov", "Yusubov", false_merge=True)
    ('look-alike', 'one consonant differs')
    >>> classify_pair("MANUILOV, Evgeny Vladimirovich", "Evgeny Manuilov", false_merge=False)
    ('structure', 'patronymic on one side')
    >>> classify_pair("Smirnova", "Smirnov", false_merge=True)
    ('inflection', '-ov/-ova')
    >>> classify_pair("Jacob Smith", "Якоб Смит", false_merge=False)
    ('script', 'latin-cyrillic')
    """
    if a in rejected or b in rejected:
        return "rejected", "no letters for namerec"
    ta, tb = tokens(a), tokens(b)
    if false_merge and (a == b or ta == tb):
        return "homonym", "identical string" if a == b else "equal after folding"
    sa, sb = main_script(a), main_script(b)
    if sa != sb:
        return "script", script_pair(sa, sb)
    if ta == tb:
        return "convention", "equal after folding"
    ka, kb = keys(a), keys(b)
    if "".join(ta) == "".join(tb):
        return "structure", "split/joined"
    if len(ta) != len(tb):
        if _close("".join(ta), "".join(tb)) or (ka and kb and _close("".join(ka), "".join(kb))):
            return "structure", "split/joined"
        if _patronymics(ta) != _patronymics(tb):
            return "structure", "patronymic on one side"
        short, long_ = (ta, tb) if len(ta) < len(tb) else (tb, ta)
        matched = sum(_similar_token(x, y) for x, y in align(short, long_))
        if matched == len(short):
            if min(len(ta), len(tb)) > 1 and sum(len(t) == 1 for t in ta) != sum(len(t) == 1 for t in tb):
                return "structure", "initials vs full"
            return "structure", "token added/dropped"
        if matched:
            return "token differs", "shared token, token count differs"
        ja, jb = ("".join(ka), "".join(kb)) if ka and kb else ("".join(ta), "".join(tb))
        return "other", _other_detail(ja, jb, "different token counts")
    if sorted(ta) == sorted(tb):
        return "structure", "order"
    pairs = align(ta, tb)
    if any(
        x != y and min(len(x), len(y)) == 1 and max(x, y, key=len).startswith(min(x, y, key=len))
        for x, y in pairs
    ):
        return "structure", "initials vs full"
    for k, (x, y) in enumerate(pairs):
        label = inflection(x, y)
        if label and all(Levenshtein.distance(u, v) <= 2 for m, (u, v) in enumerate(pairs) if m != k):
            return "inflection", label
    if ka is not None and ka == kb:
        return "convention", "keys equal"
    fa = " ".join(x for x, _ in pairs)
    fb = " ".join(y for _, y in pairs)
    if _near(fa, fb):
        return ("look-alike" if false_merge else "typo"), edit_detail(fa, fb)
    if ka is not None and kb is not None and len(ka) == len(kb) and all(map(_near_key, align(ka, kb))):
        return "convention", "keys near"
    if any(x == y for x, y in pairs):
        return "token differs", "shared token, other differs"
    ja, jb = (" ".join(ka), " ".join(kb)) if ka and kb else (fa, fb)
    return "other", _other_detail(ja, jb, f"{len(ta)} token{'s' if len(ta) != 1 else ''}")


def _patronymics(toks: Sequence[str]) -> int:
    """Patronymic-like tokens of a name of 2+ tokens (see ``_is_patronymic``)."""
    return sum(map(_is_patronymic, toks)) if len(toks) > 1 else 0


def _similar_token(x: str, y: str) -> bool:
    """Equal, an initial of the other, or Levenshtein similarity >= 0.7."""
    if min(len(x), len(y)) == 1:
        return max(x, y, key=len).startswith(min(x, y, key=len))
    return Levenshtein.normalized_similarity(x, y) >= 0.7


def _near_key(pair: tuple[str, str]) -> bool:
    """Two keys at most 2 edits and at least 60 % similar."""
    x, y = pair
    return _near(x, y) and Levenshtein.normalized_similarity(x, y) >= 0.6


def _close(x: str, y: str) -> bool:
    """Near and at least 75 % similar (short strings are not all close to each other)."""
    return _near(x, y) and Levenshtein.normalized_similarity(x, y) >= 0.75


def _near(x: str, y: str) -> bool:
    """At most 2 edits apart."""
    return Levenshtein.distance(x, y, score_cutoff=2) <= 2


def _other_detail(fa: str, fb: str, otherwise: str) -> str:
    """``shared beginning`` / ``shared ending`` (4+ letters), else ``otherwise``."""
    if _common_prefix(fa, fb) >= 4:
        return "shared beginning"
    if _common_prefix(fa[::-1], fb[::-1]) >= 4:
        return "shared ending"
    return otherwise


def _common_prefix(x: str, y: str) -> int:
    """Length of the longest common prefix."""
    n = 0
    for cx, cy in zip(x, y, strict=False):
        if cx != cy:
            break
        n += 1
    return n


# --------------------------------------------------------------------------- analysis


@dataclass(frozen=True)
class ErrorPair:
    """One wrong name pair: kind, names, row pairs behind it, cause, detail, direct score."""

    kind: str
    a: str
    b: str
    rows: int
    cause: str
    detail: str
    score: float | None


@dataclass(frozen=True)
class Analysis:
    """The classified wrong pairs of one clustering.

    ``totals[kind]`` = (name pairs, row pairs) of all wrong pairs; ``pairs`` holds the
    classified ones, all of them or a sample of ``classified[kind]`` per kind.
    """

    dataset: str
    rows: int
    entities: int
    scores: Scores
    threshold: float
    totals: dict[str, tuple[int, int]]
    classified: dict[str, int]
    pairs: tuple[ErrorPair, ...]

    def scale(self, kind: str) -> float:
        """Factor from classified pairs to all pairs of ``kind`` (1.0 without sampling)."""
        done = self.classified[kind]
        return self.totals[kind][0] / done if done else 1.0

    def counts(self, kind: str) -> dict[str, int]:
        """Name pairs per cause (scaled up when sampled), causes in ``CAUSES`` order."""
        raw = Counter(p.cause for p in self.pairs if p.kind == kind)
        factor = self.scale(kind)
        return {c: round(raw[c] * factor) for c in CAUSES if raw[c]}


def _sample(pairs: dict[tuple[str, str], int], max_pairs: int) -> list[tuple[tuple[str, str], int]]:
    items = sorted(pairs.items())
    if len(items) > max_pairs:
        items = sorted(random.Random(0).sample(items, max_pairs))
    return items


def _score(a: str, b: str) -> float | None:
    if keys(a) is None or keys(b) is None:
        return None
    return namerec.score(a, b)


def analyse(
    names: Sequence[str],
    gold: Sequence[Hashable],
    *,
    dataset: str = "",
    max_pairs: int = DEFAULT_MAX_PAIRS,
) -> Analysis:
    """Cluster ``names`` with namerec defaults and classify every wrong pair against ``gold``.

    >>> a = analyse(["Smirnov", "Smirnova", "Yusupov", "Yusubov"], [1, 2, 3, 3])
    >>> a.counts("false merge"), a.counts("missed")
    ({'inflection': 1}, {})
    """
    if max_pairs < 1:
        raise ValueError(f"max_pairs must be at least 1, got {max_pairs}")
    clustering = namerec.cluster(list(names))
    pred = singleton_none(clustering.labels)
    rejected = frozenset(r.value for r in clustering.rejected if isinstance(r.value, str))
    merges, missed = wrong_pairs(names, gold, pred)
    totals: dict[str, tuple[int, int]] = {}
    classified: dict[str, int] = {}
    out: list[ErrorPair] = []
    for kind, pairs in ((FALSE_MERGE, merges), (MISSED, missed)):
        totals[kind] = (len(pairs), sum(pairs.values()))
        chosen = _sample(pairs, max_pairs)
        classified[kind] = len(chosen)
        for (a, b), rows in chosen:
            cause, detail = classify_pair(a, b, false_merge=kind == FALSE_MERGE, rejected=rejected)
            out.append(ErrorPair(kind, a, b, rows, cause, detail, _score(a, b)))
    return Analysis(
        dataset,
        len(names),
        len(set(gold)),
        evaluate(gold, pred),
        clustering.threshold,
        totals,
        classified,
        tuple(out),
    )


def analyse_dataset(
    key: str,
    *,
    data_dir: Path = DATA_DIR,
    entities: int | None = None,
    max_pairs: int = DEFAULT_MAX_PAIRS,
) -> Analysis:
    """Load one dataset as ``accuracy.py`` does (``entities`` overrides its sample size) and analyse it."""
    if key not in DATASETS:
        raise KeyError(f"unknown dataset {key!r}; choose from {list(DATASETS)}")
    rows = load_dataset(DATASETS[key], data_dir, entities)
    return analyse([r.name for r in rows], [r.cluster_id for r in rows], dataset=key, max_pairs=max_pairs)


def error_counts(
    key: str,
    *,
    data_dir: Path = DATA_DIR,
    entities: int | None = None,
    max_pairs: int = DEFAULT_MAX_PAIRS,
) -> dict[str, dict[str, int]]:
    """Name pairs per cause for one dataset: ``{"false merge": {cause: n}, "missed": {...}}``."""
    analysis = analyse_dataset(key, data_dir=data_dir, entities=entities, max_pairs=max_pairs)
    return {kind: analysis.counts(kind) for kind in KINDS}


# --------------------------------------------------------------------------- report


def _approx(analysis: Analysis, kind: str) -> str:
    return "~" if analysis.scale(kind) != 1.0 else ""


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def summary_table(analyses: Sequence[Analysis], kind: str) -> str:
    """Causes x datasets: name pairs and share of the dataset's wrong pairs of ``kind``.

    The last column is the mean share over the datasets that have errors of this kind (each
    dataset weighs the same, so one large dataset does not drown the others).
    """
    heads = [a.dataset for a in analyses]
    lines = ["| cause | " + " | ".join(heads) + " | mean share |", "|" + " --- |" * (len(heads) + 2)]
    counts = [a.counts(kind) for a in analyses]
    totals = [sum(c.values()) for c in counts]
    with_errors = sum(1 for t in totals if t)
    for cause in CAUSES:
        if not any(c.get(cause) for c in counts):
            continue
        cells = [
            f"{_approx(a, kind)}{c.get(cause, 0)} ({_pct(c.get(cause, 0), t)})" if c.get(cause) else "-"
            for a, c, t in zip(analyses, counts, totals, strict=True)
        ]
        mean = sum(c.get(cause, 0) / t for c, t in zip(counts, totals, strict=True) if t) / with_errors
        lines.append(f"| {cause} | " + " | ".join(cells) + f" | {100 * mean:.0f}% |")
    cells = [f"{_approx(a, kind)}{t}" for a, t in zip(analyses, totals, strict=True)]
    lines.append("| **total** | " + " | ".join(cells) + " | |")
    return "\n".join(lines)


def _example_order(p: ErrorPair) -> tuple[int, str, str]:
    return (zlib.crc32(f"{p.a}\t{p.b}".encode()), p.a, p.b)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def kind_section(analysis: Analysis, kind: str, limit: int) -> list[str]:
    """Cause/detail table and examples of one kind of error in one dataset."""
    pairs = [p for p in analysis.pairs if p.kind == kind]
    n_pairs, n_rows = analysis.totals[kind]
    title = "False merges" if kind == FALSE_MERGE else "Missed pairs"
    direct = "linked directly" if kind == FALSE_MERGE else "score >= threshold"
    lines = [f"### {title}: {n_pairs} name pairs ({n_rows} row pairs)", ""]
    if not pairs:
        return [*lines, "None.", ""]
    factor = analysis.scale(kind)
    if factor != 1.0:
        lines += [f"Classified a sample of {len(pairs)} name pairs; counts scaled by {factor:.2f} (~).", ""]
    approx = _approx(analysis, kind)
    lines += [
        f"| cause | detail | name pairs | share | row pairs | {direct} |",
        "|" + " --- |" * 6,
    ]
    groups: dict[tuple[str, str], list[ErrorPair]] = {}
    for p in pairs:
        groups.setdefault((p.cause, p.detail), []).append(p)
    rank = {c: i for i, c in enumerate(CAUSES)}
    for (cause, detail), group in sorted(
        groups.items(), key=lambda kv: (rank[kv[0][0]], -len(kv[1]), kv[0][1])
    ):
        n = round(len(group) * factor)
        rows = round(sum(p.rows for p in group) * factor)
        linked = round(sum(p.score is not None and p.score >= analysis.threshold for p in group) * factor)
        share = _pct(len(group), len(pairs))
        lines.append(f"| {cause} | {detail} | {approx}{n} | {share} | {approx}{rows} | {approx}{linked} |")
    lines += ["", "| cause | detail | a | b | score | keys a / keys b |", "|" + " --- |" * 6]
    by_cause: dict[str, list[ErrorPair]] = {}
    for p in pairs:
        by_cause.setdefault(p.cause, []).append(p)
    for cause in CAUSES:
        for p in sorted(by_cause.get(cause, []), key=_example_order)[:limit]:
            lines.append(f"| {cause} | {p.detail} | {_cell(p.a)} | {_cell(p.b)} | {_explained(p.a, p.b)} |")
    return [*lines, ""]


def _explained(a: str, b: str) -> str:
    """``score | keys a / keys b`` from ``namerec.explain``, or ``rejected | -``."""
    try:
        e = namerec.explain(a, b)
    except namerec.NamerecError:
        return "rejected | -"
    return f"{e.score:.3f} | {_cell(' '.join(e.a.keys))} / {_cell(' '.join(e.b.keys))}"


def report(analyses: Sequence[Analysis], argv: Sequence[str], limit: int) -> str:
    """The whole markdown report."""
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    threshold = analyses[0].threshold if analyses else float("nan")
    lines = [
        "# namerec error analysis (dev splits)",
        "",
        f"Generated {when} by `{' '.join(['python benchmarks/errors.py', *argv])}`;"
        f" git {git_describe()}, namerec {namerec.__version__}, Python {platform.python_version()},"
        f" {os.cpu_count()} CPUs. Samples as in `accuracy.py`; namerec defaults (threshold {threshold:.2f}).",
        "",
        "Wrong pairs of `namerec.cluster` grouped by cause (the first rule that applies; rules in the"
        " docstring of `benchmarks/errors.py`). Counts are distinct name pairs, with their share of the"
        " dataset's wrong pairs of that kind; `~` = estimated from a sample. *score* is"
        " `namerec.explain(a, b).score`.",
        "",
        "## False merges (pairs in one predicted cluster, different entities)",
        "",
        summary_table(analyses, FALSE_MERGE),
        "",
        "## Missed pairs (one entity, different predicted clusters)",
        "",
        summary_table(analyses, MISSED),
        "",
    ]
    for a in analyses:
        s = a.scores
        lines += [
            f"## {a.dataset}",
            "",
            f"{a.rows} rows, {a.entities} entities; pairwise P {s.pw_p:.3f} R {s.pw_r:.3f} F1 {s.pw_f1:.3f},"
            f" B-cubed P {s.b3_p:.3f} R {s.b3_r:.3f} F1 {s.b3_f1:.3f}.",
            "",
        ]
        for kind in KINDS:
            lines += kind_section(a, kind, limit)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--datasets", default=",".join(DATASETS), help="comma-separated keys")
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help=f"{QUICK_ENTITIES} entities each")
    size.add_argument("--entities", type=int, help="entities per dataset (default: as accuracy.py)")
    ap.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="examples per cause and kind")
    ap.add_argument("--max-pairs", type=int, default=DEFAULT_MAX_PAIRS, help="classify at most this many")
    ap.add_argument("--out", type=Path, help="markdown output (default results/errors.md)")
    ap.add_argument("--data", type=Path, default=DATA_DIR, help="folder of the dev TSVs")
    args = ap.parse_args(argv)
    keys_ = [k.strip() for k in args.datasets.split(",") if k.strip()]
    unknown = [k for k in keys_ if k not in DATASETS]
    if unknown:
        ap.error(f"unknown datasets {unknown}; choose from {list(DATASETS)}")
    if args.entities is not None and args.entities < 1:
        ap.error("--entities must be at least 1")
    if args.limit < 0 or args.max_pairs < 1:
        ap.error("--limit must be >= 0 and --max-pairs >= 1")
    entities = QUICK_ENTITIES if args.quick else args.entities
    out = args.out or RESULTS_DIR / ("errors_quick.md" if args.quick else "errors.md")
    t0 = time.perf_counter()
    analyses: list[Analysis] = []
    for key in keys_:
        t1 = time.perf_counter()
        a = analyse_dataset(key, data_dir=args.data, entities=entities, max_pairs=args.max_pairs)
        analyses.append(a)
        print(
            f"== {key}: {a.rows} rows, {a.entities} entities, {a.totals[FALSE_MERGE][0]} false merges,"
            f" {a.totals[MISSED][0]} missed name pairs, {time.perf_counter() - t1:.1f}s",
            flush=True,
        )
    write_report(out, report(analyses, argv, args.limit))
    print(f"in {time.perf_counter() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
