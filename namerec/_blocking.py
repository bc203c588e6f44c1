"""Candidate pairs from blocking keys, so that work grows close to linearly with the input.

Every name gets a few keys: per token its consonant skeleton (also with m/n, l/r and j/s
merged, when it has three or more classes), the first three letters of its transliteration key
and the Metaphone code of that key; for its longest part, that skeleton with one consonant
class deleted (five or more classes); and the skeleton of all its parts written together, as is
and coarse (a leading l or r read as a vowel). Names sharing a key are candidates. A bucket
larger than ``Config.max_bucket`` (a very common surname) is not compared all against all: its
members are sorted twice, by the part that gave the key then the other parts (in any order), and
by the name's joined key; each is compared with its ``Config.window`` neighbours on either side
in both orders, so huge buckets cost linear time and still propose the spellings closest to each
other, whatever the order of the parts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence

import jellyfish

from . import _parallel
from ._keys import alt_readings, j_reading, skeleton
from ._scoring import compare
from .config import Config
from .errors import EmptyNameError
from .normalize import normalize
from .types import NameForm

_DELETION_MIN = 5
_COARSE = str.maketrans("MRJ", "NLS")


def blocking_keys(form: NameForm) -> tuple[str, ...]:
    """Keys under which ``form`` is indexed (deduplicated, sorted)."""
    return tuple(key for key, _ in blocking_entries(form))


def blocking_entries(form: NameForm) -> tuple[tuple[str, str], ...]:
    """``(key, order)`` per blocking key, sorted by key.

    ``order`` places the name inside a bucket too large to compare all against all: the key of
    the part that produced the key, then the other parts' keys sorted, so neighbours in a
    bucket share that part and the order of the parts does not matter (*Lowe Alyssa* sits
    next to *Alyssa Lowe*).
    """
    entries: dict[str, str] = {}

    def put(key: str, order: str) -> None:
        if key not in entries or order < entries[key]:
            entries[key] = order

    keys = [t.key for t in form.tokens]
    longest = ""
    longest_order = ""
    for x, t in enumerate(form.tokens):
        if t.role == "initial":
            continue
        order = " ".join([t.key, *sorted(keys[:x] + keys[x + 1 :])])
        sk = t.skeleton
        put("s:" + sk if len(sk) >= 2 else "k:" + t.key, order)
        # The scorer also reads ch and x as kh, cz as ts (Chartum / Khartum).
        for alt, _ in alt_readings(t.key, t.folded):
            put("s:" + skeleton(alt), order)
        jr = j_reading(t.key, t.folded)  # j as a consonant (Joseph / ז'וזף)
        if jr != t.key:
            put("s:" + skeleton(jr), order)
        if len(sk) >= 3:
            # Classes that other scripts blur merged (m/n, l/r, j/s): Pompidou / 퐁피두.
            put("c:" + sk.translate(_COARSE), order)
        put("p:" + t.key[:3], order)
        # Metaphone on the folded key, never on raw input: after the convention rules it
        # also catches drift the skeleton classes split (measured: +1.6 points recall).
        put("m:" + jellyfish.metaphone(t.key), order)
        if len(sk) > len(longest):
            longest, longest_order = sk, order
    if len(longest) >= _DELETION_MIN:
        # The longest part with one consonant class dropped: spellings that differ in one
        # class still meet.
        for i in range(len(longest)):
            put("d:" + longest[:i] + longest[i + 1 :], longest_order)
    joined = skeleton(form.joined)
    put("j:" + joined[:5], " ".join(sorted(keys)))
    # The same, coarse, with a leading l or r read as a vowel: Korean drops it (Lee Ho-jin / 이호진).
    coarse = joined.translate(_COARSE)
    if coarse[:1] == "L":
        coarse = "A" + coarse[1:]
    if len(coarse) >= 3:
        put("jc:" + coarse[:5], " ".join(sorted(keys)))
    return tuple(sorted(entries.items()))


Bucket = tuple[list[int], "dict[int, int] | None"]
"""Members of a bucket in index order, or in bucket order with each member's position."""


def bucket_refs(
    entries: Sequence[tuple[tuple[str, str], ...]], joined: Sequence[str], *, max_bucket: int
) -> list[tuple[Bucket, ...]]:
    """Per name, the buckets of two or more names it is in (shared objects, not copies).

    ``entries`` are each name's :func:`blocking_entries`, ``joined`` its joined key.  A bucket
    of at most ``max_bucket`` names lists them in index order.  A larger one is read twice,
    each time as a list with each member's position, for the sorted neighbourhood: by
    ``(order, index)`` (the part that gave the key first) and by ``(joined, index)`` (the name
    as written).
    """
    members: dict[str, list[int]] = defaultdict(list)
    for i, es in enumerate(entries):
        for key, _ in es:
            members[key].append(i)
    orders: dict[str, dict[int, str]] = {}
    for i, es in enumerate(entries):
        for key, order in es:
            if len(members[key]) > max_bucket:
                orders.setdefault(key, {})[i] = order
    buckets: dict[str, tuple[Bucket, ...]] = {}
    for key, m in members.items():
        if len(m) < 2:
            continue
        if len(m) <= max_bucket:
            buckets[key] = ((m, None),)
        else:
            by = orders.pop(key)
            parts = []
            for ordered in (sorted(m, key=lambda i: (by[i], i)), sorted(m, key=lambda i: (joined[i], i))):
                parts.append((ordered, {i: x for x, i in enumerate(ordered)}))
            buckets[key] = tuple(parts)
    return [tuple(b for k, _ in es if k in buckets for b in buckets[k]) for es in entries]


def later_neighbours(i: int, refs: tuple[Bucket, ...], *, window: int) -> list[int]:
    """Sorted candidates ``j > i`` of name ``i``: every other member of its small buckets, and
    the ``window`` nearest members on either side in its large ones."""
    out: set[int] = set()
    for members, pos in refs:
        if pos is None:
            out.update(members[bisect_right(members, i) :])
        else:
            x = pos[i]
            out.update(j for j in members[max(0, x - window) : x + window + 1] if j > i)
    return sorted(out)


def candidate_pairs(forms: Sequence[NameForm], *, max_bucket: int, window: int) -> list[tuple[int, int]]:
    """Sorted, distinct index pairs ``(i, j)`` with ``i < j`` worth scoring."""
    refs = bucket_refs([blocking_entries(f) for f in forms], [f.joined for f in forms], max_bucket=max_bucket)
    return [(i, j) for i, r in enumerate(refs) for j in later_neighbours(i, r, window=window)]


Analysed = tuple[NameForm, tuple[tuple[str, str], ...]]


def _analyse(_state: None, names: Sequence[str]) -> list[Analysed | None]:
    out: list[Analysed | None] = []
    for name in names:
        try:
            form = normalize(name)
        except EmptyNameError:
            out.append(None)
            continue
        out.append((form, blocking_entries(form)))
    return out


def analyse(names: Sequence[str], *, workers: int) -> list[Analysed | None]:
    """``(normalize(name), blocking entries)`` per name; ``None`` for a name without letters."""
    chunks = _parallel.chunked(names, _ANALYSE_CHUNK)
    if len(names) < PARALLEL_MIN:
        workers = 1
    return [r for chunk in _parallel.imap_chunks(_analyse, chunks, workers=workers) for r in chunk]


PARALLEL_MIN = 5_000  # fewer names than this are not worth starting processes for
_ANALYSE_CHUNK = 5_000
_SHARDS_PER_WORKER = 8


def _link_shard(
    state: tuple[Sequence[NameForm], Sequence[tuple[Bucket, ...]], Config], rows: Sequence[int]
) -> tuple[list[tuple[float, int, int]], int]:
    forms, refs, config = state
    edges = []
    pairs = 0
    threshold = config.threshold
    for i in rows:
        fi = forms[i]
        for j in later_neighbours(i, refs[i], window=config.window):
            pairs += 1
            s = compare(fi, forms[j], config)[0]
            if s >= threshold:
                edges.append((s, i, j))
    return edges, pairs


def linked_pairs(
    forms: Sequence[NameForm],
    refs: Sequence[tuple[Bucket, ...]],
    config: Config,
    *,
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[tuple[float, int, int]]:
    """``(score, i, j)`` for every candidate pair scoring at least ``config.threshold``, in pair
    order; ``refs`` come from :func:`bucket_refs`.  The names are cut into ranges scored in
    ``workers`` processes."""
    n = len(forms)
    if n < PARALLEL_MIN:
        workers = 1
    shards = workers * _SHARDS_PER_WORKER if workers > 1 else max(1, min(64, n // 5_000))
    rows = _parallel.chunked(range(n), -(-n // shards) if n else 1)
    edges: list[tuple[float, int, int]] = []
    jobs = _parallel.imap_chunks(_link_shard, rows, workers=workers, state=(forms, refs, config))
    for shard_rows, (shard_edges, _pairs) in zip(rows, jobs, strict=True):
        edges.extend(shard_edges)
        if progress is not None:
            progress(shard_rows[-1] + 1, n)
    return edges
