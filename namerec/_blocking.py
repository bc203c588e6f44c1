"""Candidate pairs from blocking keys, so that work grows close to linearly with the input.

Every name gets a few keys: per token its consonant skeleton (also with m/n, l/r and j/s
merged, when it has three or more classes), the first three letters of its transliteration key
and the Metaphone code of that key; for its longest part, that skeleton with one consonant
class deleted (five or more classes); and the skeleton of all its parts written together, as is
and coarse (a leading l or r read as a vowel); tokens and the whole name also as read without
an r after a vowel. Names sharing a key are candidates. A bucket
larger than ``Config.max_bucket`` (a very common surname) is not compared all against all: its
members are sorted twice, by the part that gave the key (as the reading that gave it, for a key
from another reading of the part) then the other parts (in any order), and
by the name's joined key; each is compared with its ``Config.window`` neighbours on either side
in both orders, so huge buckets cost linear time and still propose the spellings closest to each
other, whatever the order of the parts.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import overload

import jellyfish

from . import _japanese, _parallel
from ._clustering import Edges
from ._japanese import han_whole, japanese_token, japanese_whole
from ._keys import alt_readings, j_reading, non_rhotic, skeleton
from ._scoring import compare
from ._translit import HAN
from .config import Config
from .errors import EmptyNameError
from .normalize import normalize
from .types import NameForm, Token, _name_form, _token

_DELETION_MIN = 5
_COARSE = str.maketrans("MRJ", "NLS")
_WHOLE = 255  # the part number of an entry ordered by the whole name (names have <= 12 parts)
_READ = 64  # added to the part number of an entry whose key comes from another reading of the part


def blocking_keys(form: NameForm) -> tuple[str, ...]:
    """Keys under which ``form`` is indexed (deduplicated, sorted); without the order strings
    of :func:`blocking_entries`, which Index build and search do not need (40 -> 32.5 µs a
    name without them)."""
    return packed_entries(form)[0]


def blocking_entries(form: NameForm) -> tuple[tuple[str, str], ...]:
    """``(key, order)`` per blocking key, sorted by key.

    ``order`` places the name inside a bucket too large to compare all against all: the key of
    the part that produced the key, then the other parts' keys sorted, so neighbours in a
    bucket share that part and the order of the parts does not matter (*Lowe Alyssa* sits
    next to *Alyssa Lowe*).
    """
    keys, parts = packed_entries(form)
    return tuple((key, entry_order(form, key, x)) for key, x in zip(keys, parts, strict=True))


def _readings(t: Token) -> list[str]:
    """Other readings of a token's key: those the scorer tries (:func:`alt_readings`, j) and
    the key without a postvocalic r."""
    out = [alt for alt, _ in alt_readings(t.key, t.folded)]
    jr = j_reading(t.key, t.folded)
    if jr != t.key:
        out.append(jr)
    nr = non_rhotic(t.key)  # Park / 박, Carl / 칼, Kerli / 컬리
    if nr != t.key:
        out.append(nr)
    if t.script == HAN:  # 森泉 / Moriizumi: the Japanese reading the scorer tries
        jp = japanese_token(t.text, t.role)
        if jp is not None and jp.key != t.key:
            out.append(jp.key)
    return out


def _part_order(keys: tuple[str, ...], x: int, key: str) -> str:
    return key if len(keys) == 1 else " ".join([key, *sorted(keys[:x] + keys[x + 1 :])])


def entry_order(form: NameForm, key: str, x: int) -> str:
    """The ``order`` of ``form``'s blocking entry ``key`` produced by its part ``x`` (``x``
    past the last part: by the name as a whole; ``x + _READ``: by the reading of part ``x``
    that gave ``key``, so *Xirosi* read as *Hirosi* sorts beside *Hirosi*)."""
    keys = form.keys
    if x == _WHOLE:
        return " ".join(sorted(keys))
    if x >= _READ:
        x -= _READ
        read = [r for r in _readings(form.tokens[x]) if "s:" + skeleton(r) == key]
        return _part_order(keys, x, min(read))
    return _part_order(keys, x, keys[x])


def packed_entries(form: NameForm) -> tuple[tuple[str, ...], bytes]:
    """:func:`blocking_entries` without the order strings: the sorted keys, and per key the
    part that gives its order (:func:`entry_order`; 255 for the whole name).  Orders are read in
    oversized buckets, so they are rebuilt there instead of being kept for every name."""
    entries: dict[str, tuple[int, str]] = {}
    keys = form.keys

    def put(key: str, x: int, order: str) -> None:
        old = entries.get(key)
        if old is None or order < old[1]:
            entries[key] = (x, order)

    longest = ""
    longest_x = -1
    longest_order = ""
    for x, t in enumerate(form.tokens):
        if t.role == "initial":
            continue
        order = _part_order(keys, x, t.key)
        sk = t.skeleton
        put("s:" + sk if len(sk) >= 2 else "k:" + t.key, x, order)
        # The scorer also reads ch and x as kh, cz as ts (Chartum / Khartum) and j as a
        # consonant (Joseph / ז'וזף); such an entry sorts by its reading.
        for alt in _readings(t):
            put("s:" + skeleton(alt), x + _READ, _part_order(keys, x, alt))
        if len(sk) >= 3:
            # Classes that other scripts blur merged (m/n, l/r, j/s): Pompidou / 퐁피두.
            put("c:" + sk.translate(_COARSE), x, order)
        put("p:" + t.key[:3], x, order)
        if t.script == HAN:  # 安倍晋三 / Shinzo Abe: the family name starts the Japanese reading
            jp = japanese_token(t.text, t.role)
            if jp is not None:
                put("p:" + jp.key[:3], x, order)
        # Metaphone on the folded key, never on raw input: after the convention rules it
        # also catches drift the skeleton classes split (measured: +1.6 points recall).
        put("m:" + jellyfish.metaphone(t.key), x, order)
        if len(sk) > len(longest):
            longest, longest_x, longest_order = sk, x, order
    if len(longest) >= _DELETION_MIN:
        # The longest part with one consonant class dropped: spellings that differ in one
        # class still meet.
        for i in range(len(longest)):
            put("d:" + longest[:i] + longest[i + 1 :], longest_x, longest_order)
    whole = (_WHOLE, "")
    spellings = {form.joined, non_rhotic(form.joined)}
    japanese = japanese_whole(form.tokens)  # 田中角栄 / Tanaka Kakuei, read as Japanese
    if japanese is not None:
        spellings.add(japanese.key)
    for written in sorted(spellings):
        joined = skeleton(written)
        entries["j:" + joined[:5]] = whole
        # The same, coarse, with a leading l or r read as a vowel: Korean drops it (Lee Ho-jin / 이호진).
        coarse = joined.translate(_COARSE)
        if coarse[:1] == "L":
            coarse = "A" + coarse[1:]
        if len(coarse) >= 3:
            entries["jc:" + coarse[:5]] = whole
    ordered = sorted(entries)
    return tuple(ordered), bytes(entries[k][0] for k in ordered)


class Buckets:
    """Per name, the buckets of two or more names it is in, kept in flat arrays (scoring
    processes read them without copying them: see :class:`Forms`).

    ``keys`` are each name's blocking keys, ``joined`` its joined key, ``order(i, key)`` the
    ``order`` of name ``i``'s entry under ``key`` (:func:`blocking_entries`), asked only in
    oversized buckets.  A bucket of at most ``max_bucket`` names lists them in index order.  A
    larger one is read twice, each time with each member's position, for the sorted
    neighbourhood: by ``(order, index)`` (the part that gave the key first) and by
    ``(joined, index)`` (the name as written).

    >>> buckets = Buckets([("a", "b"), ("a",), ("b",)], ["x", "y", "z"], str.__add__, max_bucket=5)
    >>> buckets.later(0, window=1), buckets.later(1, window=1)
    ([1, 2], [])
    """

    def __init__(
        self,
        keys: Sequence[Sequence[str]],
        joined: Sequence[str],
        order: Callable[[int, str], str],
        *,
        max_bucket: int,
    ) -> None:
        members: dict[str, list[int]] = defaultdict(list)
        for i, ks in enumerate(keys):
            for key in ks:
                members[key].append(i)
        # Small bucket b: members flat[bounds[b] : bounds[b + 1]].  Large bucket -1 - b, read in
        # one order, of size[b] members: in that order at order[start[b]:], and in index order
        # at index[at[b]:], where the member at index[at[b] + r] is at pos[start[b] + r] of that
        # order (found by bisection).  No object per bucket: see Forms.
        self._flat = array("i")
        self._bounds = array("q", [0])
        self._order = array("i")
        self._pos = array("i")
        self._index = array("i")
        self._start = array("q")
        self._at = array("q")
        self._size = array("i")
        by_joined: array[int] | None = None  # rank of each name by (joined, index), for every bucket
        ids: dict[str, tuple[int, ...]] = {}
        for key, m in members.items():
            if len(m) < 2:
                continue
            if len(m) <= max_bucket:
                ids[key] = (len(self._bounds) - 1,)
                self._flat.extend(m)
                self._bounds.append(len(self._flat))
                continue
            if by_joined is None:
                by_joined = _ranks(sorted(range(len(joined)), key=lambda i: (joined[i], i)))
            by = {i: order(i, key) for i in m}
            at = len(self._index)
            self._index.extend(m)
            large = []
            for ranked in (
                sorted(range(len(m)), key=lambda r: (by[m[r]], m[r])),
                sorted(range(len(m)), key=lambda r: by_joined[m[r]]),
            ):
                large.append(-1 - len(self._start))
                self._start.append(len(self._order))
                self._at.append(at)
                self._size.append(len(m))
                self._order.extend([m[r] for r in ranked])
                self._pos.extend(_ranks(ranked))
            ids[key] = tuple(large)
        del members
        self._refs = array("i")  # each name's buckets, one name after the other
        self._ends = array("q")  # where each name's buckets end in _refs
        for ks in keys:
            for key in ks:
                got = ids.get(key)
                if got is not None:
                    self._refs.extend(got)
            self._ends.append(len(self._refs))

    def later(self, i: int, *, window: int) -> list[int]:
        """Sorted candidates ``j > i`` of name ``i``: every other member of its small buckets,
        and the ``window`` nearest members on either side in its large ones."""
        out: set[int] = set()
        flat, bounds = self._flat, self._bounds
        for b in self._refs[self._ends[i - 1] if i else 0 : self._ends[i]]:
            if b >= 0:
                end = bounds[b + 1]
                out.update(flat[bisect_right(flat, i, bounds[b], end) : end])
            else:
                b = -1 - b
                start, at, size = self._start[b], self._at[b], self._size[b]
                x = self._pos[start + bisect_left(self._index, i, at, at + size) - at]
                near = self._order[start + max(0, x - window) : start + min(size, x + window + 1)]
                out.update(j for j in near if j > i)
        return sorted(out)


def _ranks(ordered: Sequence[int]) -> array[int]:
    """``out[ordered[x]] = x``: the position of each of ``0..len-1`` in ``ordered``."""
    out = array("i", [0]) * len(ordered)
    for x, r in enumerate(ordered):
        out[r] = x
    return out


def candidate_pairs(forms: Sequence[NameForm], *, max_bucket: int, window: int) -> list[tuple[int, int]]:
    """Sorted, distinct index pairs ``(i, j)`` with ``i < j`` worth scoring."""
    entries = [dict(blocking_entries(f)) for f in forms]
    buckets = Buckets(
        [tuple(e) for e in entries],
        [f.joined for f in forms],
        lambda i, key: entries[i][key],
        max_bucket=max_bucket,
    )
    return [(i, j) for i in range(len(forms)) for j in buckets.later(i, window=window)]


TokenFields = tuple[str, str, str, str, str, str, tuple[str, ...]]
_Packed = tuple[tuple[TokenFields, ...], tuple[tuple[str, str], ...], tuple[str, ...], bytes]


class Forms(Sequence[NameForm]):
    """Analysed names kept compactly: each distinct token once, and per name the ids of its
    tokens in one array (4 bytes a part).  ``forms[i]`` builds name ``i``'s form anew (about a
    microsecond), so the processes that score pairs copy no per-name objects from the parent:
    touching an object writes its reference count, which copies the memory page it sits on.

    >>> forms = Forms()
    >>> forms.append("Ilham Aliyev", [("ilham", "ilham", "ilham", "LM", "given", "latin", ())], ())
    >>> forms[0].keys, len(forms)
    (('ilham',), 1)
    """

    def __init__(self) -> None:
        self._names: list[str] = []
        self._tokens: list[Token] = []
        self._token_ids: dict[TokenFields, int] | None = {}  # while names are added
        self._ids = array("i")  # token ids of every name, one after the other
        self._ends = array("q")  # where each name's ids end in _ids
        self._dropped: dict[int, tuple[tuple[str, str], ...]] = {}  # only names that dropped words

    def append(self, name: str, tokens: Sequence[TokenFields], dropped: tuple[tuple[str, str], ...]) -> None:
        """Add a name analysed as ``tokens`` (each a :class:`Token`'s fields)."""
        ids = self._token_ids
        if ids is None:
            raise ValueError("Forms.append after Forms.seal")
        for fields in tokens:
            x = ids.get(fields)
            if x is None:
                x = ids[fields] = len(self._tokens)
                self._tokens.append(_token(*fields))
            self._ids.append(x)
        self._ends.append(len(self._ids))
        if dropped:
            self._dropped[len(self._names)] = dropped
        self._names.append(name)

    def seal(self) -> None:
        """No more names: drop the table that finds equal tokens while names are added."""
        self._token_ids = None

    def __len__(self) -> int:
        return len(self._names)

    def rarity(self, limit: int, short: int) -> bytearray:
        """Per name, how common its parts are in this batch: bit ``1`` when the key of each of
        them is in at least ``limit`` names, bit ``2`` when some part of at least ``short``
        letters is in fewer (a part that tells people apart, not a word like *y* or *ja*).

        >>> forms = Forms()
        >>> for name in ("ali", "ali", "bo", "hamsho"):
        ...     forms.append(name, [(name, name, name, "L", "surname", "latin", ())], ())
        >>> list(forms.rarity(2, short=3))
        [1, 1, 0, 2]
        """
        keys = [t.key for t in self._tokens]
        ids, ends = self._ids, self._ends
        counts: Counter[str] = Counter()
        start = 0
        for end in ends:
            counts.update({keys[x] for x in ids[start:end]})
            start = end
        out = bytearray(len(ends))
        start = 0
        for n, end in enumerate(ends):
            rare = [keys[x] for x in ids[start:end] if counts[keys[x]] < limit]
            out[n] = 2 * any(len(k) >= short for k in rare) if rare else 1
            start = end
        return out

    @overload
    def __getitem__(self, i: int) -> NameForm: ...
    @overload
    def __getitem__(self, i: slice) -> list[NameForm]: ...
    def __getitem__(self, i: int | slice) -> NameForm | list[NameForm]:
        if isinstance(i, slice):
            return [self[x] for x in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self._names)
        if not 0 <= i < len(self._names):
            raise IndexError("Forms index out of range")
        tokens = self._tokens
        start = self._ends[i - 1] if i else 0
        parts = tuple([tokens[x] for x in self._ids[start : self._ends[i]]])
        return _name_form(self._names[i], parts, self._dropped.get(i, ()))


def _analyse(_state: None, names: Sequence[str]) -> tuple[list[_Packed | None], dict[str, str]]:
    # Plain tuples of strings: they cross the process boundary several times faster than
    # attrs objects, and the parent shares equal tokens and keys while storing the forms.
    # The Japanese readings of Han texts go with them, so that the parent and the processes it
    # starts later never load the dictionary.
    out: list[_Packed | None] = []
    han: set[str] = set()
    for name in names:
        try:
            form = normalize(name)
        except EmptyNameError:
            out.append(None)
            continue
        tokens = tuple((t.text, t.folded, t.key, t.skeleton, t.role, t.script, t.rules) for t in form.tokens)
        out.append((tokens, form.dropped, *packed_entries(form)))
        han.update(t.text for t in form.tokens if t.script == HAN)
        han.add(han_whole(form.tokens))
    han.discard("")
    return out, _japanese.readings(sorted(han))


def analyse(
    names: Sequence[str], *, workers: int
) -> tuple[Forms, list[tuple[str, ...]], list[bytes], array[int]]:
    """``names`` analysed: their :class:`Forms`, and per form its blocking keys (equal keys
    one object), the part that orders each (:func:`packed_entries`) and the position of its
    name in ``names``.  Names without letters are left out."""
    chunks = _parallel.chunked(names, _ANALYSE_CHUNK)
    if len(names) < PARALLEL_MIN:
        workers = 1
    forms = Forms()
    strings: dict[str, str] = {}
    keys: list[tuple[str, ...]] = []
    parts: list[bytes] = []
    kept = array("i")  # no int object per name: see Forms

    def results() -> Iterator[_Packed | None]:
        for chunk, known in _parallel.imap_chunks(_analyse, chunks, workers=workers):
            _japanese.remember(known)
            yield from chunk

    for x, (name, packed) in enumerate(zip(names, results(), strict=True)):
        if packed is not None:
            fields, dropped, name_keys, name_parts = packed
            forms.append(name, fields, dropped)
            keys.append(tuple([strings.setdefault(k, k) for k in name_keys]))
            parts.append(name_parts)
            kept.append(x)
    forms.seal()
    return forms, keys, parts, kept


def analysed_buckets(
    forms: Sequence[NameForm], keys: Sequence[tuple[str, ...]], parts: Sequence[bytes], *, max_bucket: int
) -> Buckets:
    """:class:`Buckets` from the keys and order parts that :func:`analyse` gives."""

    def order(i: int, key: str) -> str:
        return entry_order(forms[i], key, parts[i][keys[i].index(key)])

    return Buckets(keys, [f.joined for f in forms], order, max_bucket=max_bucket)


PARALLEL_MIN = 5_000  # fewer names than this are not worth starting processes for
_ANALYSE_CHUNK = 5_000
_SHARDS_PER_WORKER = 32  # many small shards: a worker left with the last one idles less


def _link_shard(state: tuple[Sequence[NameForm], Buckets, Config], rows: Sequence[int]) -> Edges:
    forms, buckets, config = state
    edges = Edges(len(forms))
    threshold = config.threshold
    for i in rows:
        fi = forms[i]
        for j in buckets.later(i, window=config.window):
            s = compare(fi, forms[j], config)[0]
            if s >= threshold:
                edges.add(i, j, s)
    return edges


def linked_pairs(
    forms: Sequence[NameForm],
    buckets: Buckets,
    config: Config,
    *,
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> Edges:
    """Every candidate pair scoring at least ``config.threshold``, with its score.  The names
    are cut into ranges scored in ``workers`` processes."""
    n = len(forms)
    if n < PARALLEL_MIN:
        workers = 1
    shards = workers * _SHARDS_PER_WORKER if workers > 1 else max(1, min(64, n // 5_000))
    rows = _parallel.chunked(range(n), -(-n // shards) if n else 1)
    edges = Edges(n)
    jobs = _parallel.imap_chunks(
        _link_shard, rows, workers=workers, state=(forms, buckets, config), in_caller=True
    )
    for shard_rows, shard_edges in zip(rows, jobs, strict=True):
        edges.extend(shard_edges)
        if progress is not None:
            progress(shard_rows[-1] + 1, n)
    return edges
