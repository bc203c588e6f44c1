"""Japanese readings of Han characters (kanji), for names written in them.

Unidecode reads every Han character as Mandarin (田中 ``tianzhong``): right for a Chinese name,
wrong for a Japanese one (*Tanaka*).  A Han token is therefore also read as Japanese, with the
dictionary of pykakasi, as hiragana that namerec's kana reader romanises, so 田中 reads たなか,
``tanaka``, exactly as if it had been written in kana.  pykakasi is imported on first use, so
names without Han characters never pay for it.

pykakasi unpickles its whole dictionary (269k words: 0.3 s and about 100 MB) in every process
that converts a kanji.  The first such process also writes the dictionary to a cache file
(``$XDG_CACHE_HOME/namerec``, else ``~/.cache/namerec``; JSON, one part per first character);
later processes map that file and decode only the characters they meet.  The cache changes
how fast a reading is found, never what it is: a file that is not whole (its SHA-256 is checked)
is written again, and without a writable cache folder pykakasi loads its dictionary as usual.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._keys import CACHE, skeleton, token_key
from ._translit import HAN, KANA, fold_token, is_kana
from .types import Token

_CONVERTER: list[Any] = []  # pykakasi's converter, made on first use (a cache, not state)
# Readings worked out in other processes (see remember); like every cache here, it changes how
# fast a reading is found, never what it is.
_KNOWN: dict[str, str] = {}
_KNOWN_MAX = 1 << 18


def _convert(text: str) -> list[dict[str, str]]:
    if not _CONVERTER:
        _CONVERTER.append(_converter())
    out: list[dict[str, str]] = _CONVERTER[0].convert(text)
    return out


def _converter() -> Any:
    import pykakasi

    _use_cached_dictionary()
    make: Callable[[], Any] = pykakasi.Kakasi  # untyped
    converter = make()
    jconv = getattr(converter, "_jconv", None)
    load = getattr(getattr(jconv, "_kanwa", None), "load", None)
    variants = getattr(getattr(jconv, "_itaiji", None), "convert", None)
    if jconv is not None and load is not None and variants is not None:
        jconv.convert = _longest_word(load, variants, jconv.convert)
    return converter


_CACHE_MAGIC = b"namerec kanji dictionary 1\n"


class _CachedDictionary:
    """pykakasi's kanji dictionary (first character's code point -> {word: [(reading,
    condition)]}) read from the cache file a character at a time: what pykakasi's ``Kanwa``
    asks of its table is ``get``."""

    def __init__(self, data: bytes | mmap.mmap, index: dict[int, tuple[int, int]]) -> None:
        self._data = data
        self._index = index
        self._tables: dict[int, dict[str, list[tuple[str, list[str] | None]]]] = {}

    def get(self, key: int, default: Any = None) -> Any:
        table = self._tables.get(key)
        if table is None:
            span = self._index.get(key)
            if span is None:
                return default
            words = json.loads(self._data[span[0] : span[1]].decode("utf-8"))
            table = self._tables[key] = {w: [(y, c) for y, c in entries] for w, entries in words.items()}
        return table


def _cache_path(source: str) -> Path:
    """The cache file for pykakasi's dictionary file ``source`` (named by its size and time, so
    another pykakasi gets another file)."""
    st = os.stat(source)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "namerec" / f"kanwa-{st.st_size}-{st.st_mtime_ns}.json"


def _read_cache(path: Path) -> _CachedDictionary:
    """The dictionary in ``path``; ``ValueError`` (or ``OSError``) if it is not a whole one."""
    with open(path, "rb") as f:
        data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    if data[: len(_CACHE_MAGIC)] != _CACHE_MAGIC:
        raise ValueError("not a namerec kanji dictionary")
    end = data.find(b"\n", len(_CACHE_MAGIC))
    head = json.loads(data[len(_CACHE_MAGIC) : end].decode("utf-8"))
    base = end + 1
    index = {int(k): (base + a, base + b) for k, (a, b) in head["index"].items()}
    if head["size"] != len(data) - base or any(b > len(data) for _, b in index.values()):
        raise ValueError("truncated namerec kanji dictionary")
    if hashlib.sha256(data[base:]).hexdigest() != head["sha256"]:  # 11 MB: about 15 ms
        raise ValueError("damaged namerec kanji dictionary")
    return _CachedDictionary(data, index)


def _write_cache(path: Path, table: Mapping[int, Mapping[str, Any]]) -> None:
    """Write ``table`` (pykakasi's dictionary) to ``path`` atomically."""
    parts = []
    index = {}
    at = 0
    for key in sorted(table):
        part = json.dumps(table[key], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        index[str(key)] = (at, at + len(part))
        at += len(part)
        parts.append(part)
    digest = hashlib.sha256(b"".join(parts)).hexdigest()
    head = json.dumps({"size": at, "sha256": digest, "index": index}, separators=(",", ":")).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_CACHE_MAGIC + head + b"\n")
            f.writelines(parts)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _use_cached_dictionary() -> None:
    """Give pykakasi's dictionary singleton the cached dictionary before it unpickles its own;
    the first time, let it unpickle and write the cache.  Any failure leaves pykakasi as it is."""
    try:
        from pykakasi.kanji import Kanwa
        from pykakasi.properties import Configurations

        state: Any = Kanwa._shared_state  # pykakasi's types do not cover it
        load: Callable[[], Any] = Kanwa  # untyped
        if not isinstance(state, dict) or state.get("_jisyo_table") is not None:
            return
        paths: Any = Configurations  # an instance of the class of that name
        path = _cache_path(paths.dictpath(paths.jisyo_kanwa))
    except (ImportError, AttributeError, TypeError, OSError):
        return
    try:
        state["_jisyo_table"] = _read_cache(path)
        return
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        load()  # unpickles the dictionary into the shared state
        table = state.get("_jisyo_table")
        if isinstance(table, dict):
            _write_cache(path, table)
    except (OSError, ValueError, TypeError):
        return


def _longest_word(
    load: Callable[[str], Any], variants: Callable[[str], str], slow: Callable[[str, str], tuple[str, int]]
) -> Callable[[str, str], tuple[str, int]]:
    """pykakasi's search for the longest dictionary word at the start of a text, by the length of
    the prefix instead of a scan of every word that starts with the same character: the same
    result (tests/test_regressions.py compares them), faster for names of common characters
    (measured on the Han names of the dev data: 53 -> 25 µs a name)."""

    def convert(itext: str, btext: str) -> tuple[str, int]:
        text = variants(itext)
        if len(text) != len(itext):  # variation selectors: pykakasi's own bookkeeping
            return slow(itext, btext)
        table = load(text[0])
        if table is None:
            return "", 0
        for length in range(len(text), 0, -1):
            for yomi, condition in table.get(text[:length]) or ():
                if condition is None or btext in condition:
                    return yomi, length
        return "", 0

    return convert


def japanese_kana(text: str) -> str:
    """The hiragana reading of ``text`` (Han characters, maybe with kana); ``""`` when a
    character has no reading.

    >>> japanese_kana("田中"), japanese_kana("习近平")
    ('たなか', '')
    """
    known = _KNOWN.get(text)
    return _from_dictionary(text) if known is None else known


def readings(texts: Iterable[str]) -> dict[str, str]:
    """:func:`japanese_kana` of each text, to hand to another process (:func:`remember`)."""
    return {text: japanese_kana(text) for text in texts}


def remember(known: Mapping[str, str]) -> None:
    """Keep readings that another process worked out, so that this one, and the processes it
    starts, find them without importing pykakasi or reading its dictionary."""
    if len(_KNOWN) + len(known) > _KNOWN_MAX:
        _KNOWN.clear()
    _KNOWN.update(known)


@lru_cache(maxsize=1 << 16)
def _from_dictionary(text: str) -> str:
    items = _convert(text)
    if any(item["orig"] and not item["hira"] for item in items):
        return ""  # a character Japanese does not write (习, 张: simplified Chinese)
    hira = "".join(item["hira"] for item in items)
    return hira if hira and all(is_kana(ch) for ch in hira) else ""


@lru_cache(maxsize=CACHE)
def japanese_token(text: str, role: str) -> Token | None:
    """A Han token read as Japanese: a kana :class:`~namerec.types.Token` of the same text and
    role; ``None`` without a reading.

    >>> japanese_token("森泉", "surname").folded
    'moriizumi'
    """
    kana = japanese_kana(text)
    if not kana:
        return None
    folded = fold_token(kana)[0]
    key, rules = token_key(folded)
    return Token(text, folded, key, skeleton(key), role, KANA, rules)


def han_whole(tokens: Sequence[Token]) -> str:
    """The text of a name written all in Han characters, its parts together (田中角栄); ``""``
    for any other name."""
    return "".join(t.text for t in tokens) if tokens and all(t.script == HAN for t in tokens) else ""


def japanese_whole(tokens: Sequence[Token]) -> Token | None:
    """A name written all in Han characters read as Japanese as one word (:func:`han_whole`);
    ``None`` for any other name or without a reading."""
    text = han_whole(tokens)
    return japanese_token(text, "surname") if text else None
