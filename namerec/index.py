"""A searchable index of names: :class:`Index`, and :func:`link` built on it.

Each entry is a name with an id (an ``int`` or ``str``; entries that share an id are one
entity) and an optional JSON payload.  Names are analysed once, at :meth:`Index.build` or
:meth:`Index.add`; the analysis and the blocking postings are stored, so a loaded index answers
without analysing its names again.

Search looks up the query's blocking keys (those :func:`namerec.cluster` uses), ranks the
entries that share them by how rare the shared keys are, ranks the heaviest few hundred again by
how close the whole name is spelled (rapidfuzz over the joined keys), and scores the best few
dozen with the full scorer (``benchmarks/search.py`` measures what that finds against brute
force).  A key held by very many names (*Mohammed*, *Ivanov*) is not scanned whole:
its postings are kept in key order and only the neighbourhood of the query is read.

File format (version 1), all integers little-endian:

====================  ==========================================================
bytes                 content
====================  ==========================================================
0-7                   magic ``b"NAMERECX"``
8-11                  format version, uint32 (``1``)
12-19                 header length ``H``, uint64
20-27                 total file length, uint64 (detects truncation)
28 .. 28+H            header: UTF-8 JSON object (namerec version, config, counts,
                      field lists, analysis fingerprint, section table)
28+H .. end-32        sections, at the offsets the header lists (relative to 28+H)
last 32               SHA-256 of every byte before it
====================  ==========================================================

Sections: ``names``, ``ids`` and ``payloads`` (JSON arrays), ``forms`` (each entry's analysed
tokens as a JSON array, concatenated) with ``form_offsets`` (uint64), ``joined`` (each entry's
joined key, newline-separated), ``keys`` (sorted blocking keys, newline-separated) with
``post_offsets`` (uint64) and ``post_members`` (uint32).  Loading reads JSON and raw integer
arrays only: nothing is unpickled or evaluated.  Foreign, truncated, modified, wrong-version
files and files written by a namerec whose analysis differs raise
:class:`~namerec.IndexFormatError`.  See ``docs/index-format.md``.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
import struct
import sys
import tempfile
from array import array
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
from rapidfuzz.distance import Indel
from rapidfuzz.process import extract

from . import _parallel, _scoring
from ._blocking import blocking_keys
from ._clustering import _SAMPLE, LINK_SLACK, tied_guess
from .config import DEFAULT, Config
from .errors import EmptyNameError, IndexFormatError
from .normalize import normalize
from .types import NameForm, Token, _name_form, _token

Id = int | str

MAGIC = b"NAMERECX"
FORMAT_VERSION = 1
_PREFIX = struct.Struct("<8sIQQ")
_DIGEST = 32
_SCAN = 128  # postings longer than this are read around the query's key only
_NEIGHBOURS = 32  # entries read on each side of the query in a long posting
_SCORED = 48  # entries scored with the full scorer per query
_RANKED = 256  # entries, by key weight, re-ranked by spelling before the _SCORED best are scored
_SPELLING = 2.0  # weight of the spelling similarity against the (max-normalised) key weight
_CHUNK = 4000  # names per task when analysing in several processes

_TOKEN_FIELDS = tuple(f.name for f in attrs.fields(Token) if f.init)
_FORM_FIELDS = tuple(f.name for f in attrs.fields(NameForm) if f.init)
# Probe names written for the fingerprint: scripts, conventions, particles, patronymics.
_PROBES = (
    "Gorbatschow",
    "Алиев",
    "Ilham Heydar oğlu Aliyev",
    "Dr. Jean-Luc d'Artagnan",
    "Netanyahu, Benjamin",
    "נתניהו",
    "محمد الفاسي",
    "Xi Jinping",
    "习近平",
    "김정은",
    "Михаил Сергеевич Горбачёв",
    "Chartum",
)


@attrs.frozen
class SearchResult:
    """One entry found by :meth:`Index.search`: its name, id, score against the query, payload.

    .. versionadded:: 0.2
    """

    name: str
    id: Id
    score: float
    payload: Any = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"name": self.name, "id": self.id, "score": round(self.score, 6), "payload": self.payload}

    def __str__(self) -> str:
        return f"{self.score:.3f}  {self.name}  (id {self.id!r})"

    def _repr_html_(self) -> str:
        return (
            "<span class='namerec-hit'>"
            f"<b>{html.escape(self.name)}</b> <code>{html.escape(repr(self.id))}</code> "
            f"{self.score:.3f}</span>"
        )


@attrs.frozen
class Assignment:
    """Where :meth:`Index.assign` put a name: the entity ``id``, and the entry it matched.

    ``matched`` is ``None`` (and ``is_new`` true) when the name started a new entity.

    .. versionadded:: 0.2
    """

    name: str
    id: Id
    matched: str | None
    score: float

    @property
    def is_new(self) -> bool:
        """The name matched no entry and started an entity."""
        return self.matched is None


def _form_json(form: NameForm) -> str:
    tokens = [[getattr(t, f) for f in _TOKEN_FIELDS] for t in form.tokens]
    return json.dumps([tokens, form.dropped], ensure_ascii=False, separators=(",", ":"))


_decoder = json.JSONDecoder()
_decode = _decoder.decode
# The decoder's scanner called directly: the same values without decode()'s two Python-level
# calls and whitespace match (stored forms are compact JSON).  ``_parse`` falls back to
# decode() for anything the scanner does not read whole, so malformed text raises as before.
_scan: Callable[[str, int], tuple[Any, int]] = _decoder.scan_once  # type: ignore[attr-defined]


def _parse(text: str) -> Any:
    try:
        value, end = _scan(text, 0)
    except StopIteration:
        return _decode(text)
    return value if end == len(text) else _decode(text)


def _form_from_json(name: str, text: str, shared: dict[tuple[Any, ...], Token] | None = None) -> NameForm:
    """The form stored as ``text``; tokens already in ``shared`` (a dict the caller keeps) are
    taken from it, new ones are added to it."""
    tokens, dropped = _parse(text)
    made = []
    if shared is None:
        shared = {}
    for t in tokens:
        # Fields in _TOKEN_FIELDS order; the rule ids, the one list, become a tuple.
        text_, folded, key, skeleton, role, script, rules = t
        fields = (text_, folded, key, skeleton, role, script, tuple(rules))
        token = shared.get(fields)
        if token is None:
            token = shared[fields] = _token(*fields)
        made.append(token)
    return _name_form(name, tuple(made), tuple([tuple(d) for d in dropped]) if dropped else ())


def _heaviest(weight: dict[int, float], n: int) -> list[int]:
    """The ``n`` entries of most weight (ties: the lower entry), in entry order if all fit.

    >>> _heaviest({3: 1.0, 1: 2.0, 2: 1.0}, 2), _heaviest({3: 1.0, 1: 2.0}, 2)
    ([1, 2], [1, 3])
    """
    if len(weight) <= n:
        return sorted(weight)
    # The n-th largest weight splits the entries: all heavier ones are in, then the lightest
    # ones in entry order; the few kept are put in order with a stable sort, reversed.
    cut = sorted(weight.values(), reverse=True)[n - 1]
    kept = [m for m, w in weight.items() if w > cut]
    kept += sorted([m for m, w in weight.items() if w == cut])[: n - len(kept)]
    return sorted(sorted(kept), key=weight.__getitem__, reverse=True)


def _fingerprint() -> str:
    """What a stored analysis depends on: forms and blocking keys of a few probe names."""
    parts = []
    for probe in _PROBES:
        form = normalize(probe)
        parts.append([_form_json(form), list(blocking_keys(form))])
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _analyse(_state: None, names: Sequence[str]) -> list[tuple[str, str, tuple[str, ...]] | str]:
    """Per name ``(form JSON, joined key, blocking keys)``, or the reason it cannot be indexed."""
    out: list[tuple[str, str, tuple[str, ...]] | str] = []
    for name in names:
        try:
            form = normalize(name)
        except EmptyNameError as exc:
            out.append(str(exc))
            continue
        out.append((_form_json(form), form.joined, blocking_keys(form)))
    return out


def _check_id(value: Any) -> Id:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"ids must be int or str, got {type(value).__name__}")
    return value


def _check_name(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"names must be str, got {type(value).__name__}")
    return value


def _check_payload(value: Any) -> Any:
    if value is not None:
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"payloads must be JSON data (dict, list, str, number, bool, None): {exc}"
            ) from None
    return value


def _u64(values: Sequence[int]) -> array[int]:
    return array("Q", values)


def _to_le(a: array[int]) -> bytes:
    if sys.byteorder == "big":
        a = array(a.typecode, a)
        a.byteswap()
    return a.tobytes()


def _from_le(typecode: str, data: bytes | memoryview, name: str) -> array[int]:
    a = array(typecode)
    if len(data) % a.itemsize:
        raise IndexFormatError(f"section {name!r} has a broken length")
    a.frombytes(data)
    if sys.byteorder == "big":
        a.byteswap()
    return a


class Index:
    """Names to search and link against, with ids, payloads and a versioned file format.

    Build one with :meth:`build` (or start empty and :meth:`add`), query it with :meth:`search`,
    grow entities with :meth:`assign`, and keep it with :meth:`save` / :meth:`load`.

    >>> idx = Index.build(["Ilham Aliyev", "Mikhail Gorbachev", "Yoav Gallant"], ids=["a", "g", "y"])
    >>> best = idx.search("Michail Gorbatschow", k=1)[0]
    >>> best.name, best.id, best.score > 0.8
    ('Mikhail Gorbachev', 'g', True)
    >>> [a.id for a in idx.assign(["Ilkham Aliev", "Boris Yeltsin"])]
    ['a', 0]

    .. versionadded:: 0.2
    """

    def __init__(self, *, config: Config = DEFAULT) -> None:
        if not isinstance(config, Config):
            raise TypeError(f"config must be a namerec.Config, got {type(config).__name__}")
        self._config = config
        # Entry columns: tuples once built or loaded (see _settle), lists once added to.
        self._names: list[str] | tuple[str, ...] = []
        self._ids: list[Id] | tuple[Id, ...] = []
        self._payloads: list[Any] | tuple[Any, ...] = []
        self._joined: list[str] | tuple[str, ...] = []
        # Analysed forms: a blob of JSON texts for the entries built or loaded, a list for added ones.
        self._blob: bytes | memoryview = b""
        self._form_off: array[int] = _u64([0])
        self._added_forms: list[str] = []
        # Postings of the entries built or loaded: sorted keys, offsets, members in key order.
        self._keys: tuple[str, ...] = ()
        self._post_off: array[int] = _u64([0])
        self._post_mem: array[int] = array("I")
        # Postings of entries added since: key -> sorted [(joined, entry)].
        self._delta: dict[str, list[tuple[str, int]]] = {}
        self._cache: dict[int, NameForm] = {}
        self._next_id = 0

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        names: Iterable[str],
        *,
        ids: Iterable[Id] | None = None,
        payloads: Iterable[Any] | None = None,
        config: Config = DEFAULT,
        workers: int = 1,
        skip_invalid: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> Index:
        """An index of ``names``; ids default to positions ``0, 1, ...``.

        ``payloads`` are JSON data (dicts, lists, strings, numbers) returned with each result.
        Names without letters raise :class:`~namerec.EmptyNameError`, or are left out with
        ``skip_invalid=True``.  ``workers`` processes analyse the names (``0``: one per CPU);
        ``progress(done, total)`` is called as distinct names are analysed.
        """
        index = cls(config=config)
        names_ = [_check_name(n) for n in names]
        ids_ = list(range(len(names_))) if ids is None else [_check_id(i) for i in ids]
        pays = [None] * len(names_) if payloads is None else [_check_payload(p) for p in payloads]
        if len(ids_) != len(names_) or len(pays) != len(names_):
            raise ValueError(f"{len(names_)} names but {len(ids_)} ids and {len(pays)} payloads")
        workers = _parallel.check_workers(workers)
        distinct = sorted(set(names_))
        chunks = _parallel.chunked(distinct, _CHUNK)
        results = []
        for chunk in _parallel.imap_chunks(
            _analyse, chunks, workers=workers if len(distinct) > _CHUNK else 1
        ):
            results.extend(chunk)
            if progress is not None:
                progress(len(results), len(distinct))
        analysis = dict(zip(distinct, results, strict=True))
        keep = []
        for i, name in enumerate(names_):
            a = analysis[name]
            if isinstance(a, str):
                if not skip_invalid:
                    raise EmptyNameError(name)
                continue
            keep.append(i)
        index._fill([names_[i] for i in keep], [ids_[i] for i in keep], [pays[i] for i in keep], analysis)
        return index

    def _fill(
        self,
        names: list[str],
        ids: list[Id],
        payloads: list[Any],
        analysis: dict[str, tuple[str, str, tuple[str, ...]] | str],
    ) -> None:
        self._names, self._ids, self._payloads = names, ids, payloads
        rows: list[tuple[str, str, tuple[str, ...]]] = [analysis[n] for n in names]  # type: ignore[misc]
        self._joined = [r[1] for r in rows]
        texts = [r[0].encode() for r in rows]
        offsets = [0]
        for t in texts:
            offsets.append(offsets[-1] + len(t))
        self._blob = b"".join(texts)
        self._form_off = _u64(offsets)
        # Entries in (joined key, position) order: each posting is then filled already sorted.
        order = sorted(range(len(names)), key=lambda i: (self._joined[i], i))
        postings: dict[str, list[int]] = {}
        for i in order:
            for key in rows[i][2]:
                postings.setdefault(key, []).append(i)
        self._set_postings(postings)
        self._next_id = 1 + max((i for i in ids if isinstance(i, int)), default=-1)
        self._settle()

    def _settle(self) -> None:
        """Hold the entry columns as tuples.  A tuple of strings, ints and ``None`` cannot be
        part of a reference cycle, so the garbage collector stops tracking it: its full
        collections no longer walk every entry (at 1M entries, 37 -> 4 ms each)."""
        self._names, self._ids = tuple(self._names), tuple(self._ids)
        self._payloads, self._joined = tuple(self._payloads), tuple(self._joined)

    def _columns(self) -> tuple[list[str], list[Id], list[Any], list[str]]:
        """The entry columns as lists, to append to (converted once, at the first add)."""
        names = self._names if isinstance(self._names, list) else list(self._names)
        ids = self._ids if isinstance(self._ids, list) else list(self._ids)
        payloads = self._payloads if isinstance(self._payloads, list) else list(self._payloads)
        joined = self._joined if isinstance(self._joined, list) else list(self._joined)
        self._names, self._ids, self._payloads, self._joined = names, ids, payloads, joined
        return names, ids, payloads, joined

    def _set_postings(self, postings: dict[str, list[int]]) -> None:
        keys = sorted(postings)
        offsets = [0]
        members = array("I")
        for key in keys:
            members.extend(postings[key])
            offsets.append(len(members))
        self._keys, self._post_off, self._post_mem = tuple(keys), _u64(offsets), members
        self._delta = {}

    def add(
        self, names: Iterable[str], *, ids: Iterable[Id] | None = None, payloads: Iterable[Any] | None = None
    ) -> None:
        """Add entries; ids default to new consecutive ints (after every int id so far)."""
        names_ = [_check_name(n) for n in names]
        forms = [normalize(n) for n in names_]  # raises before anything changes
        ids_ = [self._take_id() for _ in names_] if ids is None else [_check_id(i) for i in ids]
        pays = [None] * len(names_) if payloads is None else [_check_payload(p) for p in payloads]
        if len(ids_) != len(names_) or len(pays) != len(names_):
            raise ValueError(f"{len(names_)} names but {len(ids_)} ids and {len(pays)} payloads")
        all_names, all_ids, all_payloads, all_joined = self._columns()
        for name, form, id_, pay in zip(names_, forms, ids_, pays, strict=True):
            i = len(all_names)
            all_names.append(name)
            all_ids.append(id_)
            all_payloads.append(pay)
            all_joined.append(form.joined)
            self._added_forms.append(_form_json(form))
            self._cache[i] = form
            for key in blocking_keys(form):
                insort(self._delta.setdefault(key, []), (form.joined, i))
            if isinstance(id_, int) and id_ >= self._next_id:
                self._next_id = id_ + 1

    def _take_id(self) -> int:
        self._next_id += 1
        return self._next_id - 1

    # -- querying ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return f"<namerec.Index of {len(self)} names, threshold {self._config.threshold}>"

    @property
    def config(self) -> Config:
        """The configuration searches score with."""
        return self._config

    def _form(self, i: int, shared: dict[tuple[Any, ...], Token] | None = None) -> NameForm:
        built = len(self._form_off) - 1
        if i < built:
            # Decoded for each search, not kept: forms kept alive between searches were
            # promoted to the oldest GC generation and made full collections frequent (each
            # walks the scoring caches: 0.1-0.2 s at 1M entries, the p99 of search).  Within
            # one search, candidates share tokens (``shared``): each is made once.
            text = str(self._blob[self._form_off[i] : self._form_off[i + 1]], "utf-8")
            return _form_from_json(self._names[i], text, shared)
        form = self._cache.get(i)
        if form is None:
            form = _form_from_json(self._names[i], self._added_forms[i - built])
            if len(self._cache) >= 50_000:
                self._cache.clear()
            self._cache[i] = form
        return form

    def _members(self, key: str, joined: str) -> tuple[int, list[int]]:
        """Size of ``key``'s posting and the entries read from it for a query with ``joined``."""
        found: list[int] = []
        size = 0
        k = bisect_left(self._keys, key)
        if k < len(self._keys) and self._keys[k] == key:
            lo, hi = self._post_off[k], self._post_off[k + 1]
            size += hi - lo
            if hi - lo <= _SCAN:
                found.extend(self._post_mem[lo:hi])
            else:
                # Members are in (joined key, entry) order: the first at or after ``joined``.
                at = bisect_left(self._post_mem, joined, lo, hi, key=self._joined.__getitem__)
                found.extend(self._post_mem[max(lo, at - _NEIGHBOURS) : min(hi, at + _NEIGHBOURS)])
        delta = self._delta.get(key)
        if delta:
            size += len(delta)
            if len(delta) <= _SCAN:
                found.extend(i for _, i in delta)
            else:
                at = bisect_left(delta, (joined, -1))
                found.extend(i for _, i in delta[max(0, at - _NEIGHBOURS) : at + _NEIGHBOURS])
        return size, found

    def _candidates(self, form: NameForm) -> list[int]:
        n = len(self._names)
        weight: dict[int, float] = {}
        get = weight.get
        for key in blocking_keys(form):
            size, members = self._members(key, form.joined)
            if not members:
                continue
            w = math.log(1.0 + n / size)  # rare shared keys count most
            for m in members:
                weight[m] = get(m, 0.0) + w
        ranked = _heaviest(weight, _RANKED)
        if len(ranked) <= _SCORED:
            return ranked
        # A common name shares its keys with many entries of equal weight (*Mohammed*): among
        # the heaviest, the closest spellings of the whole name, in either order of its parts,
        # go first (rapidfuzz, in C++, over the joined keys).
        choices = [self._joined[m] for m in ranked]
        close = [0.0] * len(ranked)
        ways = [form.joined]
        if len(form.keys) > 1:
            ways.append("".join(reversed(form.keys)))
        for way in ways:
            for _, value, r in extract(way, choices, scorer=Indel.normalized_similarity, limit=None):
                if value > close[r]:
                    close[r] = value
        top = max(weight[m] for m in ranked)
        order = sorted([(-(weight[m] / top + _SPELLING * c), m) for m, c in zip(ranked, close, strict=True)])
        return [m for _, m in order[:_SCORED]]

    def search(
        self, name: str | NameForm, *, k: int = 10, threshold: float | None = None
    ) -> tuple[SearchResult, ...]:
        """The ``k`` entries that score best against ``name``, best first (ties: entry order).

        ``threshold`` drops results scoring below it (``None``: keep the ``k`` best whatever
        their score).  Raises :class:`~namerec.EmptyNameError` for a name without letters.
        """
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be an int >= 1, got {k!r}")
        form = name if isinstance(name, NameForm) else normalize(_check_name(name))
        scored = []
        memo: _scoring.Memo = {}  # the query's parts meet the same parts in many candidates
        # Entries of one name have one form, so one score: each name is decoded and scored once.
        by_name: dict[str, float] = {}
        shared: dict[tuple[Any, ...], Token] = {}
        for m in self._candidates(form):
            entry = self._names[m]
            s = by_name.get(entry)
            if s is None:
                s = by_name[entry] = _scoring.compare(form, self._form(m, shared), self._config, memo=memo)[0]
            if threshold is None or s >= threshold:
                scored.append((-s, m))
        scored.sort()
        return tuple(
            SearchResult(self._names[m], self._ids[m], -neg, self._payloads[m]) for neg, m in scored[:k]
        )

    def assign(self, names: Iterable[str]) -> tuple[Assignment, ...]:
        """Attach each name to the entity of its best match at or above the threshold, or start
        a new entity (the next free int id); the name is added either way, so later names in the
        same call can join it.  The same names in the same order always get the same ids.

        As in :func:`namerec.cluster`, a name of one part that matches several longer names
        equally well, names of different people (*Dixon*: *Alexander Dixon*, *Bianca Dixon*),
        could belong to any of them: it starts an entity of its own.
        """
        out = []
        need = self._config.threshold - LINK_SLACK
        for name in names:
            form = normalize(_check_name(name))
            hits = self.search(form, k=_SAMPLE, threshold=self._config.threshold)
            lone = len(form.tokens) == 1
            tied = [normalize(h.name) for h in hits if h.score == hits[0].score] if lone else []
            guess = tied_guess(tied, lambda f: len(f.tokens), self._pair_score, need)
            if hits and not guess:
                out.append(Assignment(name, hits[0].id, hits[0].name, hits[0].score))
            else:
                out.append(Assignment(name, self._next_id, None, 0.0))
            self.add([name], ids=[out[-1].id])
        return tuple(out)

    def _pair_score(self, a: NameForm, b: NameForm) -> float:
        return _scoring.compare(a, b, self._config)[0]

    # -- files ------------------------------------------------------------------------------

    def _compact(self) -> None:
        """Fold the postings of added entries into the sorted arrays."""
        if not self._delta and len(self._form_off) - 1 == len(self._names):
            return
        postings: dict[str, list[int]] = {}
        for k, key in enumerate(self._keys):
            postings[key] = list(self._post_mem[self._post_off[k] : self._post_off[k + 1]])
        for key, extra in self._delta.items():
            merged = [(self._joined[i], i) for i in postings.get(key, [])] + extra
            merged.sort()
            postings[key] = [i for _, i in merged]
        texts = [self._blob]
        offsets = list(self._form_off)
        for text in self._added_forms:
            data = text.encode()
            texts.append(data)
            offsets.append(offsets[-1] + len(data))
        self._blob, self._form_off, self._added_forms = b"".join(texts), _u64(offsets), []
        self._cache.clear()
        self._set_postings(postings)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the index to ``path`` atomically (a temporary file, then a rename)."""
        self._compact()
        sections = {
            "names": json.dumps(self._names, ensure_ascii=False).encode(),
            "ids": json.dumps(self._ids, ensure_ascii=False).encode(),
            "payloads": json.dumps(self._payloads, ensure_ascii=False, allow_nan=False).encode(),
            "forms": self._blob,
            "form_offsets": _to_le(self._form_off),
            "joined": "\n".join(self._joined).encode(),
            "keys": "\n".join(self._keys).encode(),
            "post_offsets": _to_le(self._post_off),
            "post_members": _to_le(self._post_mem),
        }
        table = []
        at = 0
        for name, data in sections.items():
            table.append({"name": name, "offset": at, "length": len(data)})
            at += len(data)
        header = json.dumps(
            {
                "namerec": _version(),
                "config": attrs.asdict(self._config),
                "count": len(self._names),
                "next_id": self._next_id,
                "token_fields": list(_TOKEN_FIELDS),
                "form_fields": list(_FORM_FIELDS),
                "analysis": _fingerprint(),
                "sections": table,
            },
            ensure_ascii=False,
        ).encode()
        total = _PREFIX.size + len(header) + at + _DIGEST
        digest = hashlib.sha256()
        target = Path(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
        try:
            with os.fdopen(fd, "wb") as f:
                for part in (
                    _PREFIX.pack(MAGIC, FORMAT_VERSION, len(header), total),
                    header,
                    *sections.values(),
                ):
                    digest.update(part)
                    f.write(part)
                f.write(digest.digest())
                f.flush()
                os.fsync(f.fileno())
            # mkstemp makes the file private (0600); give it the mode a plain open() would have.
            os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Index:
        """Read an index written by :meth:`save`; :class:`~namerec.IndexFormatError` if it is not
        one this namerec can read (foreign, truncated, modified, another format version)."""
        data = Path(path).read_bytes()
        view = memoryview(data)  # sections are views of the file's bytes, not copies
        where = os.fspath(path)
        if len(data) < _PREFIX.size + _DIGEST:
            if data[: len(MAGIC)] == MAGIC[: len(data)] and data:
                raise IndexFormatError(f"{where}: truncated namerec index ({len(data)} bytes)")
            raise IndexFormatError(f"{where}: not a namerec index")
        magic, version, header_len, total = _PREFIX.unpack_from(data)
        if magic != MAGIC:
            raise IndexFormatError(f"{where}: not a namerec index")
        if version != FORMAT_VERSION:
            raise IndexFormatError(
                f"{where}: index format version {version}; this namerec reads version {FORMAT_VERSION}"
            )
        if len(data) < total:
            raise IndexFormatError(f"{where}: truncated namerec index ({len(data)} of {total} bytes)")
        if len(data) > total:
            raise IndexFormatError(f"{where}: {len(data) - total} unexpected bytes after the index")
        if hashlib.sha256(view[:-_DIGEST]).digest() != data[-_DIGEST:]:
            raise IndexFormatError(f"{where}: checksum mismatch: the file is corrupted or was modified")
        start = _PREFIX.size + header_len
        try:
            header = json.loads(data[_PREFIX.size : start])
            required = {"namerec", "config", "count", "next_id", "token_fields", "form_fields", "analysis"}
            if not isinstance(header, dict) or not required | {"sections"} <= header.keys():
                raise IndexFormatError(f"{where}: malformed namerec index (incomplete header)")
            if header.get("token_fields") != list(_TOKEN_FIELDS) or header.get("form_fields") != list(
                _FORM_FIELDS
            ):
                raise IndexFormatError(f"{where}: written by a namerec with other name fields; rebuild it")
            if header.get("analysis") != _fingerprint():
                raise IndexFormatError(
                    f"{where}: written by namerec {header.get('namerec')}, which analyses names "
                    "differently; rebuild the index"
                )
            sections = {}
            for s in header["sections"]:
                lo, hi = start + int(s["offset"]), start + int(s["offset"]) + int(s["length"])
                if not start <= lo <= hi <= len(data) - _DIGEST:
                    raise IndexFormatError(f"{where}: section {s['name']!r} lies outside the file")
                sections[s["name"]] = view[lo:hi]
            index = cls(config=Config(**header["config"]))
            index._names = json.loads(bytes(sections["names"]))
            index._ids = json.loads(bytes(sections["ids"]))
            index._payloads = json.loads(bytes(sections["payloads"]))
            index._blob = sections["forms"]
            index._form_off = _from_le("Q", sections["form_offsets"], "form_offsets")
            index._joined = str(sections["joined"], "utf-8").split("\n") if header["count"] else []
            index._keys = tuple(str(sections["keys"], "utf-8").split("\n")) if sections["keys"] else ()
            index._post_off = _from_le("Q", sections["post_offsets"], "post_offsets")
            index._post_mem = _from_le("I", sections["post_members"], "post_members")
            index._next_id = int(header["next_id"])
            index._validate(where, int(header["count"]))
            index._settle()
        except IndexFormatError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise IndexFormatError(f"{where}: malformed namerec index ({type(exc).__name__})") from None
        return index

    def _validate(self, where: str, count: int) -> None:
        names, ids, payloads = self._names, self._ids, self._payloads
        if not (isinstance(names, list) and isinstance(ids, list) and isinstance(payloads, list)):
            raise IndexFormatError(f"{where}: malformed namerec index (names, ids, payloads not lists)")
        n = len(names)
        # map(type, ...) and join run in C: fast enough for millions of entries.
        if not set(map(type, ids)) <= {int, str}:
            raise IndexFormatError(f"{where}: malformed namerec index (ids must be int or str)")
        try:
            "".join(names)
        except TypeError:
            raise IndexFormatError(f"{where}: malformed namerec index (names must be strings)") from None
        ok = (
            n == count == len(ids) == len(payloads) == len(self._joined) == len(self._form_off) - 1
            and self._form_off[-1] == len(self._blob)
            and len(self._post_off) == len(self._keys) + 1
            and self._post_off[-1] == len(self._post_mem)
            and (not self._post_mem or max(self._post_mem) < n)
        )
        if not ok:
            raise IndexFormatError(f"{where}: inconsistent namerec index (section sizes do not agree)")


def _version() -> str:
    from . import __version__

    return __version__


def link(
    queries: Iterable[Any],
    reference: Index | Iterable[str],
    *,
    k: int = 1,
    threshold: float | None = None,
    config: Config = DEFAULT,
) -> Any:
    """The ``k`` best matches in ``reference`` for every query, as a pandas DataFrame.

    ``reference`` is an :class:`Index` (its own config scores) or names (indexed here with
    ``config``, ids are positions).  One row per query and match: ``query_index`` (position,
    or the label of a pandas Series), ``query``,
    ``rank`` (1 = best), ``name``, ``id``, ``score``; a query with no match at or above
    ``threshold`` (or no letters) keeps one row with ``rank`` 0 and empty match columns.

    >>> df = link(["Gorbatschow", "Jelzin"], ["Gorbachev", "Yeltsin", "Putin"])
    >>> df[["query", "name", "id"]].values.tolist()
    [['Gorbatschow', 'Gorbachev', 0], ['Jelzin', 'Yeltsin', 1]]

    .. versionadded:: 0.2
    """
    from ._optional import require

    pd = require("pandas", feature="link", extra="pandas")
    index = reference if isinstance(reference, Index) else Index.build(reference, config=config)
    labels = list(queries.index) if isinstance(queries, pd.Series) else None
    rows: list[tuple[Any, Any, int, Any, Any, float]] = []
    for qi, query in enumerate(queries):
        if labels is not None:
            qi = labels[qi]
        hits: tuple[SearchResult, ...] = ()
        if isinstance(query, str):
            try:
                hits = index.search(query, k=k, threshold=threshold)
            except EmptyNameError:
                hits = ()
        if not hits:
            rows.append((qi, query, 0, None, None, math.nan))
        rows.extend((qi, query, r, h.name, h.id, h.score) for r, h in enumerate(hits, 1))
    return pd.DataFrame(rows, columns=["query_index", "query", "rank", "name", "id", "score"])
