"""Candidate pairs from blocking keys, so that work grows close to linearly with the input.

Every name gets a few keys: per token its consonant skeleton, the first three letters of its
transliteration key and the Metaphone code of that key; for its longest part, that skeleton
with one consonant class deleted (five or more classes); and the skeleton of all its parts
written together. Names sharing a key are candidates. A bucket larger than
``Config.max_bucket`` (a very common surname) is not compared all against all: its members are
sorted by their joined key and each is compared with its ``Config.window`` neighbours on either
side, so huge buckets cost linear time and still propose the spellings closest to each other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import jellyfish

from ._keys import alt_readings, skeleton
from .types import NameForm

_DELETION_MIN = 5


def blocking_keys(form: NameForm) -> tuple[str, ...]:
    """Keys under which ``form`` is indexed (deduplicated, sorted)."""
    keys = set()
    longest = ""
    for t in form.tokens:
        if t.role == "initial":
            continue
        sk = t.skeleton
        keys.add("s:" + sk if len(sk) >= 2 else "k:" + t.key)
        # The scorer also reads ch and x as kh, cz as ts (Chartum / Khartum).
        keys.update("s:" + skeleton(alt) for alt, _ in alt_readings(t.key, t.folded))
        keys.add("p:" + t.key[:3])
        # Metaphone on the folded key, never on raw input: after the convention rules it
        # also catches drift the skeleton classes split (measured: +1.6 points recall).
        keys.add("m:" + jellyfish.metaphone(t.key))
        if len(sk) > len(longest):
            longest = sk
    if len(longest) >= _DELETION_MIN:
        # The longest part with one consonant class dropped: spellings that differ in one
        # class still meet.
        keys.update("d:" + longest[:i] + longest[i + 1 :] for i in range(len(longest)))
    keys.add("j:" + skeleton(form.joined)[:5])
    return tuple(sorted(keys))


def candidate_pairs(forms: Sequence[NameForm], *, max_bucket: int, window: int) -> list[tuple[int, int]]:
    """Sorted, distinct index pairs ``(i, j)`` with ``i < j`` worth scoring."""
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, form in enumerate(forms):
        for key in blocking_keys(form):
            buckets[key].append(i)
    n = len(forms)
    seen: set[int] = set()
    for key in sorted(buckets):
        members = buckets[key]
        if len(members) < 2:
            continue
        if len(members) <= max_bucket:
            for x, i in enumerate(members):
                for j in members[x + 1 :]:
                    seen.add(i * n + j)
        else:
            ordered = sorted(members, key=lambda i: (forms[i].joined, i))
            for x, i in enumerate(ordered):
                for j in ordered[x + 1 : x + 1 + window]:
                    seen.add(min(i, j) * n + max(i, j))
    return [divmod(code, n) for code in sorted(seen)]
