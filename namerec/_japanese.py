"""Japanese readings of Han characters (kanji), for names written in them.

Unidecode reads every Han character as Mandarin (田中 ``tianzhong``): right for a Chinese name,
wrong for a Japanese one (*Tanaka*).  A Han token is therefore also read as Japanese, with the
dictionary of pykakasi, as hiragana that namerec's kana reader romanises, so 田中 reads たなか,
``tanaka``, exactly as if it had been written in kana.  pykakasi is imported on first use (it
takes about half a second), so names without Han characters never pay for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from ._keys import skeleton, token_key
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

    make: Callable[[], Any] = pykakasi.Kakasi  # untyped
    converter = make()
    jconv = getattr(converter, "_jconv", None)
    load = getattr(getattr(jconv, "_kanwa", None), "load", None)
    variants = getattr(getattr(jconv, "_itaiji", None), "convert", None)
    if jconv is not None and load is not None and variants is not None:
        jconv.convert = _longest_word(load, variants, jconv.convert)
    return converter


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
    starts, find them without loading the dictionary (about 100 MB each)."""
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


@lru_cache(maxsize=1 << 16)
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
