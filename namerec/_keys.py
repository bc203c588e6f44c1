"""Comparison keys for one folded token: a transliteration key and a consonant skeleton.

The transliteration key folds romanisation conventions (German ``w``/``tsch``, Polish ``cz``,
French ``ou``, English ``kh``/``y``, doubled letters, ...) onto one spelling so that
*Gorbatschow*, *Gorbaczow* and *Gorbachov* meet.  The rules are data (``data/rules.tsv``),
each with the convention it comes from; :func:`token_key` reports which ones fired.

The skeleton keeps consonant classes only (labials, velars incl. ``h``, dentals, sibilants,
hushing sounds, ``l``, ``r``, ``m``, ``n``), which is what survives between Latin spellings and
abjads or Korean: *Hasanov* and *Gasanov* share ``AKSNP`` only in the sense that both give
``KSNP``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import attrs


@attrs.frozen
class Rule:
    """One folding rule: a regular expression, its replacement and the convention it encodes."""

    id: str
    pattern: str
    replacement: str
    convention: str
    note: str


def _load_rules() -> tuple[tuple[Rule, re.Pattern[str]], ...]:
    text = resources.files("namerec").joinpath("data/rules.tsv").read_text(encoding="utf-8")
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rid, pattern, replacement, convention, note = line.split("\t")
        rules.append((Rule(rid, pattern, replacement, convention, note), re.compile(pattern)))
    return tuple(rules)


RULES: tuple[tuple[Rule, re.Pattern[str]], ...] = _load_rules()
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule, _ in RULES}


_MAX_PASSES = 4


@lru_cache(maxsize=1 << 17)
def token_key(folded: str) -> tuple[str, tuple[str, ...]]:
    """Apply the folding rules to an ASCII token; return ``(key, ids of the rules that fired)``.

    >>> token_key("gorbatschow")
    ('gorbachov', ('tsch', 'w'))
    >>> token_key("alijew")[0] == token_key("aliyev")[0] == "aliev"
    True
    """
    key = folded
    fired: list[str] = []
    for _ in range(_MAX_PASSES):  # to a fixpoint, so a key folds to itself
        before = key
        for rule, rx in RULES:
            new = rx.sub(rule.replacement, key)
            if new != key:
                if rule.id not in fired:
                    fired.append(rule.id)
                key = new
        if key == before:
            break
    return key, tuple(fired)


# Letters that standard romanisations use for different sounds: ch is the velar kh in German,
# Polish, Czech and Dutch (Michail / Mikhail); x is kh in GOST 7034 and scholarly Russian
# (Xelma / Khelma); cz is ts in GOST 7.79 (Urvanczev / Urvantsev), and so is z in German and
# Italian (Jelzin).  Each reading is tried only where its letters were written, and only when
# it brings two spellings closer.
_READINGS = (
    ("ch", re.compile("ch"), "h", "ch read as kh"),
    ("x", re.compile("ks"), "h", "x read as kh"),
    ("cz", re.compile("ch"), "ts", "cz read as ts"),
    ("z", re.compile("(?<![tdsz])z(?!h)"), "ts", "z read as ts"),  # German and Italian z (Jelzin)
    # Czech and ISO 9 šč (щ) with its marks lost (Borscev / Borshchev).
    ("sc", re.compile("sts"), "shch", "sc read as shch"),
    # The Arabic article written onto the name (Alhmidan / Al Hamidan, Elsayed / El-Sayed).
    ("", re.compile("^[ae]l(?=[^aeiou][a-z]{3})"), "", "article al- written on"),
)


@lru_cache(maxsize=1 << 16)
def alt_readings(key: str, folded: str) -> tuple[tuple[str, str], ...]:
    """Other readings of a key, as ``(key, why)``, for letters that conventions read differently.

    >>> alt_readings("michail", "michail")
    (('mihail', 'ch read as kh'),)
    >>> alt_readings("kselma", "xelma")
    (('helma', 'x read as kh'),)
    """
    out: list[tuple[str, str]] = []
    for written, rx, reading, why in _READINGS:
        if written in folded:
            alt = rx.sub(reading, key)
            if alt != key:
                out.append((alt, why))
    return tuple(out)


_J_SOUND = re.compile("dzh|dj|dz(?=[iu])|j|g(?=[eiy])")


@lru_cache(maxsize=1 << 16)
def j_reading(key: str, folded: str) -> str:
    """The key with every j sound read as *zh*, as English, French and most scripts hear it.

    Keys read j as y (Jurij, Jelzin); ``Joseph``, ``Gene``, the Hebrew and Arabic letters
    romanised dj or zh and the Russian (Polivanov) дзи, дзу of Japanese ji, zu are consonants.
    Scoring tries this reading on both names at once.

    >>> j_reading("iosef", "joseph"), j_reading("in", "djin"), j_reading("gene", "gene")
    ('zhosef', 'zhin', 'zhene')
    """
    if "j" not in folded and "g" not in folded and "dz" not in folded:
        return key
    return token_key(_J_SOUND.sub("zh", folded))[0]


_SKELETON_MULTI = (("ch", "J"), ("sh", "J"), ("zh", "J"), ("ts", "S"), ("ng", "N"))
_SKELETON_ONE = {
    "b": "P",
    "p": "P",
    "f": "P",
    "v": "P",
    "w": "P",
    "g": "K",
    "k": "K",
    "q": "K",
    "c": "K",
    "h": "K",
    "x": "K",
    "d": "T",
    "t": "T",
    "s": "S",
    "z": "S",
    "j": "J",
    "l": "L",
    "r": "R",
    "m": "M",
    "n": "N",
}
_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=1 << 17)
def skeleton(key: str) -> str:
    """Consonant-class skeleton of a key; a leading vowel is kept as ``A``.

    >>> skeleton("hasanov"), skeleton("gasanov")
    ('KSNP', 'KSNP')
    >>> skeleton("aliev")
    'ALP'
    """
    out: list[str] = []
    i = 0
    n = len(key)
    while i < n:
        two = key[i : i + 2]
        cls = None
        for pair, c in _SKELETON_MULTI:
            if two == pair:
                cls = c
                i += 2
                break
        if cls is None:
            ch = key[i]
            i += 1
            if ch in _VOWELS:
                if not out and i == 1:
                    out.append("A")
                continue
            cls = _SKELETON_ONE.get(ch, ch)
        if not out or out[-1] != cls:
            out.append(cls)
    return "".join(out)
