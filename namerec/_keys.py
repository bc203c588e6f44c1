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
from collections.abc import Callable
from functools import lru_cache, partial
from importlib import resources
from operator import methodcaller

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


# Entries each cache of per-token readings keeps (here, in _learned, _scoring, _japanese).  A
# pair's readings repeat within it and its name's row, not much across the batch.  At 2**16-2**17
# the caches held about 0.14 GB in every process scoring pairs of a million names (against 2**12),
# and scoring a block of 100k names was 6% faster than at 2**14 (11.4 s against 12.05 s).
CACHE = 1 << 14

RULES: tuple[tuple[Rule, re.Pattern[str]], ...] = _load_rules()
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule, _ in RULES}


def _required(pattern: str) -> str:
    """Letters every match of ``pattern`` contains: the pattern itself once lookarounds and
    anchors are gone, if that leaves plain letters; else ``""`` (no shortcut).

    >>> _required("c(?=[ei])"), _required("^ie"), _required("[aeiou]h")
    ('c', 'ie', '')
    """
    bare = re.sub(r"\(\?<?[=!][^()]*\)", "", pattern).removeprefix("^").removesuffix("$")
    return bare if re.fullmatch("[a-z]+", bare) else ""


def _folder(pattern: str, replacement: str, rx: re.Pattern[str]) -> Callable[[str], str]:
    """The rule as a function of the key, with no Python frame: ``str.replace`` for plain
    letters (the same replacements, without the regular expression), a match group given as a
    function (``re`` parses a template such as ``\\1`` again on every call), else ``rx.sub``."""
    if re.fullmatch("[a-z]+", pattern) and re.fullmatch("[a-z]*", replacement):
        return methodcaller("replace", pattern, replacement)
    group = re.fullmatch(r"\\([1-9])", replacement)
    if group:
        return partial(rx.sub, methodcaller("group", int(group[1])))
    return partial(rx.sub, replacement)


# A rule whose letters are not in the key cannot fire: skip it.
_FOLDING = tuple(
    (rule.id, _folder(rule.pattern, rule.replacement, rx), _required(rule.pattern)) for rule, rx in RULES
)


_MAX_PASSES = 4


@lru_cache(maxsize=CACHE)
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
        for rid, fold, needs in _FOLDING:
            if needs not in key:
                continue
            new = fold(key)
            if new != key:
                if rid not in fired:
                    fired.append(rid)
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
)


# Readings of the letters as written (the key has folded them already): Hungarian sz is s
# (Szabo, Sopov / Szopov); Slavic, Baltic and ISO 9 c is ts (Kibalcic / Kibalchich's ц); English
# w is u before the key makes it the German v (Wei / Uei, Awad / Auad); Portuguese, Catalan,
# Basque and pinyin x is sh (Xavier / Chavier).  Measured and left out: ph as p, kh as k.
_WRITTEN_READINGS = (
    ("sz", re.compile("sz"), "s", "sz read as s"),
    ("c", re.compile("c(?![hzks])"), "ts", "c read as ts"),
    ("w", re.compile("w"), "u", "w read as u"),
    ("x", re.compile("x"), "sh", "x read as sh"),
    # The Arabic article written onto the name (Alhmidan / Al Hamidan, Elsayed / El-Sayed,
    # Alamqy / Al-Amqi, Alagha / Al-Agha).
    ("", re.compile("^[ae]l(?=[a-z]{4})"), "", "article al- written on"),
)


@lru_cache(maxsize=CACHE)
def alt_readings(key: str, folded: str) -> tuple[tuple[str, str], ...]:
    """Other readings of a key, as ``(key, why)``, for letters that conventions read differently.

    >>> alt_readings("michail", "michail")
    (('mihail', 'ch read as kh'),)
    >>> alt_readings("kselma", "xelma")
    (('helma', 'x read as kh'), ('shelma', 'x read as sh'))
    """
    out: list[tuple[str, str]] = []
    for written, rx, reading, why in _READINGS:
        if written in folded:
            alt = rx.sub(reading, key)
            if alt != key:
                out.append((alt, why))
    for written, rx, reading, why in _WRITTEN_READINGS:
        if written in folded:
            alt = token_key(rx.sub(reading, folded))[0]
            if alt != key:
                out.append((alt, why))
    if _JAPANESE.fullmatch(folded):
        kunrei = _hepburn(folded)
        if kunrei != folded:
            alt = token_key(kunrei)[0]
            if alt != key:
                out.append((alt, "Kunrei-shiki read as Hepburn"))
        nasal = _NASAL_M.sub("n", kunrei)
        if nasal != kunrei:
            alt = token_key(nasal)[0]
            if alt != key:
                out.append((alt, "Hepburn m before b, m, p read as n"))
        alt = token_key(_short_vowels(nasal))[0]
        if alt != key:
            out.append((alt, "Japanese long vowels written short"))
    if "sj" in folded or _DUTCH_OE.search(folded):
        alt = token_key(rewrite(folded, _DUTCH))[0]
        if alt != key:
            out.append((alt, "Dutch oe, sj, tsj, ch read as u, sh, ch, kh"))
    if _WADE_GILES.fullmatch(folded):
        pinyin = rewrite(folded, _TO_PINYIN)
        if pinyin != folded:
            alt = token_key(pinyin)[0]
            if alt != key:
                out.append((alt, "Wade-Giles read as pinyin"))
    return tuple(out)


# Dutch romanisation of Russian and Ukrainian: oe is u, sj sh, tsj ch, sjtsj shch, and ch kh
# (Chroesjtsjov / Khrushchev, Boelgakov / Bulgakov).
_DUTCH = (
    (re.compile("(?<![st])ch"), "kh"),
    (re.compile("sjtsj"), "shch"),
    (re.compile("tsj"), "ch"),
    (re.compile("sj"), "sh"),
    (re.compile("oe"), "u"),
)

_DUTCH_OE = re.compile("[^aeiouy]oe[^aeiouy]")  # oe between consonants (Boelgakov, not Joel, Zoe)


def _hepburn(folded: str) -> str:
    return _KUNREI.sub(lambda m: _HEPBURN[m.group()], folded)


def _short_vowels(text: str) -> str:
    return _LONG.sub(lambda m: m.group()[0], text)


def rewrite(text: str, table: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    """``text`` with each ``(pattern, replacement)`` of ``table`` applied in turn."""
    for rx, replacement in table:
        text = rx.sub(replacement, text)
    return text


# One Mandarin syllable as Wade-Giles writes it, and its pinyin spelling (apostrophes of aspiration
# are lost in most data): hs is x, an initial j is r, tz and ts are z, -ih is -i, -ieh is -ie,
# -ien is -ian, -ung is -ong.
_WADE_GILES = re.compile("(?:hs|ch|sh|ts|tz|[bcdfghjklmnprstwyz])?[aeiouy]{1,3}(?:n|ng|h)?")
_TO_PINYIN = (
    (re.compile("^hs"), "x"),
    (re.compile("^j"), "r"),
    (re.compile("^t[sz](?!h)"), "z"),
    (re.compile("(?<=[chrsz])ih$"), "i"),
    (re.compile("ieh$"), "ie"),
    (re.compile("ien$"), "ian"),
    (re.compile("ung$"), "ong"),
)


# One syllable as Korean (McCune-Reischauer, Revised) and Chinese (Wade-Giles, pinyin)
# romanisations write it, and the letters they write for one sound: MR and Wade-Giles mark
# aspiration with an apostrophe that most data lose, so their plain k, t, p, ch are Revised and
# pinyin g, d, b, j (Chŏn / Jeon, Kuk / Guk, Tong / Dong); Revised eo and eu are MR ŏ and ŭ.
_SYLLABLE = re.compile(
    "(?:ch|ts|tz|hs|sh|ss|jj|kk|tt|pp|zh|[bcdfghjklmnpqrstwxz])?[aeiouwy]{1,3}(?:ng|[nmklpth])?"
)
_UNVOICED = (
    (re.compile("^(?:ch|zh|j|q)"), "c"),
    (re.compile("^(?:kk|g)"), "k"),
    (re.compile("^(?:tt|d)"), "t"),
    (re.compile("^(?:pp|b)"), "p"),
    (re.compile("^r"), "l"),
    (re.compile("^(?:hs|sh|ss|x)"), "s"),
    (re.compile("eo"), "o"),
    (re.compile("eu"), "u"),
    (re.compile("(?<=[aeiouy])g$"), "k"),
)


@lru_cache(maxsize=CACHE)
def syllable_reading(folded: str) -> str:
    """A romanised East Asian syllable with the voicing and aspiration of its first consonant
    unmarked, r as l, hs, sh, ss and x as s, Revised eo, eu as o, u and a final g as k (``""``
    for a word that is not one syllable).

    >>> [syllable_reading(word) for word in ("jun", "chun", "geon", "ivanov")]
    ['cun', 'cun', 'kon', '']
    """
    if not _SYLLABLE.fullmatch(folded):
        return ""
    return rewrite(folded, _UNVOICED)


# Japanese written in Kunrei-shiki (and Nihon-shiki): si ti tu hu zi sy ty zy, and Nihon-shiki du
# (づ), as Hepburn writes them.  (Nihon-shiki di and dy cost scripts32 0.0005: di is common in
# names of other languages that look Japanese, Nadine.)
_HEPBURN = {
    "si": "shi", "ti": "chi", "tu": "tsu", "hu": "fu", "zi": "ji", "sy": "sh", "ty": "ch", "zy": "j",
    "du": "zu",
}  # fmt: skip
_KUNREI = re.compile("|".join(_HEPBURN))
# Traditional Hepburn writes ん as m before b, m and p (Homma, Namba), modified Hepburn as n.
_NASAL_M = re.compile("m(?=[bmp])")
# A word of three or more Japanese syllables (a consonant, y or none, a vowel; n; a doubled
# consonant), the only words read that way: Hu and Fu, Tina and China stay apart.  (With ya, yu,
# yo: latin +0.0010, scripts32 +0.0002/+0.0002, the others unchanged.)
_JAPANESE = re.compile(
    "(?:(?:[kgsztdnhbpmrwfj]y?|sh|ch|ts|y)?[aiueo]|n(?![aiueoy])|m(?=[bmp])|[kstpc](?=[kstpc])|(?<=o)h(?![aiueoy])){3,}"
)
# Long vowels as Japanese romanisations write them: ou, oo, oh (Kōno, Kouno, Koono, Kohno), uu.
_LONG = re.compile("oh(?![aiueoy])|ou|oo|uu|aa|ii")


# Pinyin letters that other spellings write otherwise: x is s (西 xi for si), q is ch, c is ts;
# uo after a consonant is the o of foreign names (诺 nuo for no).
_PINYIN = (
    (re.compile("x"), "s"),
    (re.compile("q"), "ch"),
    (re.compile("c(?!h)"), "ts"),
    (re.compile("(?<=[^aeiou])uo"), "o"),
)


@lru_cache(maxsize=CACHE)
def pinyin_reading(folded: str) -> str:
    """The key of a Han token's pinyin (its folded form) with x, q, c and uo read as other
    spellings write those sounds.  Keys keep pinyin as written, so 习近平 meets *Xi Jinping*;
    scoring tries this reading against other scripts (西萨 / *Sisa*).

    >>> pinyin_reading("sisa"), pinyin_reading("xisa"), pinyin_reading("nuojialin")
    ('sisa', 'sisa', 'noialin')
    """
    return token_key(rewrite(folded, _PINYIN))[0]


_J_SOUND = re.compile("dzh|dj|dz(?=[iu])|j|g(?=[eiy])")


@lru_cache(maxsize=CACHE)
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
# The key cut into letters and the digraphs above, left to right (a digraph first).
_SKELETON_PIECES = re.compile("|".join(pair for pair, _ in _SKELETON_MULTI) + "|.", re.S)
_SKELETON_CLASS = {**_SKELETON_ONE, **dict(_SKELETON_MULTI)}


def non_rhotic(text: str) -> str:
    """``text`` without an r after a vowel and before a consonant or the end, which
    non-rhotic English leaves unsaid and Korean and Japanese transcriptions leave out.

    >>> non_rhotic("park"), non_rhotic("carl"), non_rhotic("harry")
    ('pak', 'cal', 'hary')
    """
    return _NON_RHOTIC.sub("", text)


_NON_RHOTIC = re.compile("(?<=[aeiou])r(?![aeiou])")


def lithuanian_stem(key: str, folded: str) -> str:
    """``key`` without the ending ``-as`` that Lithuanian gives a name ending in a consonant,
    when it is written so (at least five letters); ``""`` otherwise.

    >>> lithuanian_stem("londonas", "londonas"), lithuanian_stem("marias", "marias")
    ('london', '')
    """
    if len(key) >= 5 and key[-2:] == folded[-2:] == "as" and key[-3] not in "aeiou":
        return key[:-2]
    return ""


@lru_cache(maxsize=CACHE)
def skeleton(key: str) -> str:
    """Consonant-class skeleton of a key; a leading vowel is kept as ``A``.

    >>> skeleton("hasanov"), skeleton("gasanov")
    ('KSNP', 'KSNP')
    >>> skeleton("aliev")
    'ALP'
    """
    out: list[str] = []
    last = ""
    for n, piece in enumerate(_SKELETON_PIECES.findall(key)):
        if piece in _VOWELS:
            if n == 0:
                out.append("A")
                last = "A"
            continue
        cls = _SKELETON_CLASS.get(piece, piece)
        if cls != last:
            out.append(cls)
            last = cls
    return "".join(out)
