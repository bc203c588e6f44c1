"""Pair scoring: token similarity, order-free token alignment, and the evidence behind a score.

A score is a weighted mean of evidence rows, ``sum(value * weight) / sum(weight)``:

* each aligned token pair contributes its similarity with the mean weight of its two tokens
  (surnames weigh more than given names, initials and patronymics less);
* each token the other name lacks contributes 0 with ``missing_cost`` times its weight, so a
  missing middle name costs far less than a contradicting one;
* names whose parts are split differently (``Xi Jinping`` / ``习近平``) are also compared
  with their parts written together; the better of the two readings is the score.

Pairs are put in a canonical order first, so the score is exactly symmetric.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from ._keys import skeleton
from ._translit import LATIN
from .config import Config
from .types import Evidence, NameForm, Token

_SKELETON_EQUAL = (0.0, 0.7, 0.85, 1.0, 1.0)
_CROSS_FACTOR = (0.0, 0.5, 0.7, 0.85, 0.93)
_INITIAL = 0.9


def token_similarity(a: Token, b: Token) -> tuple[float, str]:
    """Similarity of two tokens in [0, 1] and a short label saying what carried it."""
    if a.key == b.key:
        return 1.0, "same key"
    if a.role == "initial" or b.role == "initial":
        if len(a.key) == 1 or len(b.key) == 1:
            if a.folded[:1] == b.folded[:1]:
                return _INITIAL, "initial"
            return 0.0, "initial differs"
    value = Levenshtein.normalized_similarity(a.key, b.key)
    label = "edit"
    sa, sb = a.skeleton, b.skeleton
    if sa == sb:
        # Same consonants: evidence of a vowel-only or convention-only difference, worth
        # more the longer the skeleton, but never enough alone when the letters differ a lot.
        blended = 0.5 * value + 0.5 * _SKELETON_EQUAL[min(_consonants(sa), 4)]
        if blended > value:
            value, label = blended, "skeleton"
    if a.script != LATIN or b.script != LATIN:
        cross = _cross(sa, sb)
        if cross > value:
            value, label = cross, "skeleton (other script)"
    return value, label


def _consonants(sk: str) -> int:
    return len(sk) - 1 if sk[:1] == "A" else len(sk)


def _cross(sa: str, sb: str) -> float:
    """Skeleton similarity for names from scripts that write few vowels or whole syllables;
    short skeletons say little, so the factor grows with length."""
    n = max(_consonants(sa), _consonants(sb))
    return _CROSS_FACTOR[min(n, 4)] * Levenshtein.normalized_similarity(sa, sb)


def _align(
    a: NameForm, b: NameForm, config: Config, with_evidence: bool
) -> tuple[float, list[Evidence]]:
    ta, tb = a.tokens, b.tokens
    cands = []
    for i, x in enumerate(ta):
        for j, y in enumerate(tb):
            value, label = token_similarity(x, y)
            cands.append((-value, i, j, label))
    cands.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    num = 0.0
    den = 0.0
    rows: list[Evidence] = []
    for neg, i, j, label in cands:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        x, y = ta[i], tb[j]
        weight = (config.role_weight(x.role) + config.role_weight(y.role)) / 2
        num -= neg * weight
        den += weight
        if with_evidence:
            detail = f"{x.key} ~ {y.key}: {label}"
            if label == "skeleton" or label.startswith("skeleton "):
                detail = f"{x.skeleton} ~ {y.skeleton}: {label}"
            rules = tuple(dict.fromkeys(x.rules + y.rules))
            rows.append(Evidence("pair", x.text, y.text, -neg, weight, detail, rules))
        if len(used_a) == len(ta) or len(used_b) == len(tb):
            break
    for side, tokens, used in (("a", ta, used_a), ("b", tb, used_b)):
        for i, t in enumerate(tokens):
            if i in used:
                continue
            weight = config.missing_cost * config.role_weight(t.role)
            den += weight
            if with_evidence:
                ra, rb = (t.text, "") if side == "a" else ("", t.text)
                rows.append(Evidence("missing", ra, rb, 0.0, weight, f"{t.role} not in the other name"))
    return (num / den if den else 0.0), rows


def _joined(a: NameForm, b: NameForm) -> tuple[float, str]:
    ja, jb = a.joined, b.joined
    value = Levenshtein.normalized_similarity(ja, jb)
    label = "edit"
    if any(t.script != LATIN for t in a.tokens + b.tokens):
        cross = _cross(skeleton(ja), skeleton(jb))
        if cross > value:
            value, label = cross, "skeleton (other script)"
    return value, label


def compare(
    a: NameForm, b: NameForm, config: Config, *, with_evidence: bool = False
) -> tuple[float, str, tuple[Evidence, ...]]:
    """Score two analysed names; return ``(score, method, evidence rows)``.

    ``evidence`` is empty unless ``with_evidence``; when given, the rows reconstruct the score.
    """
    if not with_evidence and a.keys == b.keys:
        return 1.0, "tokens", ()
    swapped = (b.original, b.keys) < (a.original, a.keys)
    if swapped:
        a, b = b, a
    score, rows = _align(a, b, config, with_evidence)
    method = "tokens"
    if len(a.tokens) != len(b.tokens) and score < 1.0:
        joined, label = _joined(a, b)
        if joined > score:
            score, method = joined, "joined"
            if with_evidence:
                rules = tuple(dict.fromkeys(a.rules + b.rules))
                detail = f"{a.joined} ~ {b.joined}: {label}"
                rows = [Evidence("joined", " ".join(t.text for t in a.tokens),
                                 " ".join(t.text for t in b.tokens), joined, 1.0, detail, rules)]
    score = min(1.0, max(0.0, score))
    if swapped:
        rows = [Evidence(r.kind, r.b, r.a, r.value, r.weight, r.detail, r.rules) for r in rows]
    return score, method, tuple(rows)
