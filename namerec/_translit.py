"""Script folding: any text to lower-case ASCII letters, one token at a time.

Everything that turns non-ASCII text into ASCII goes through :func:`ascii_fold`, so the
generic back end (Unidecode, GPL-2.0-or-later) can be swapped without touching callers.
Before the back end runs, namerec applies its own letter tables where the generic one is
poor for names: Cyrillic (English-style romanisation, ``ё`` → ``e``, ``х`` → ``kh``),
Hebrew and Arabic (consonants plus the vowel letters, so consonant skeletons line up with
Latin spellings), Azerbaijani/Turkish/Slavic Latin letters (``ə`` → ``a``, ``ş`` → ``sh``,
``č`` → ``ch``) and Japanese kana length marks.  The tables hold letters, never names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from operator import methodcaller

from unidecode import unidecode

# Script classes used by the scorer: LATIN (incl. Cyrillic, Greek, ... folded letter by letter),
# ABJAD (scripts that write few vowels), and three romanised per syllable, in falling order of
# how well their romanisation keeps the sound: HANGUL, KANA and HAN (read differently by
# language and dialect).
LATIN = "latin"
ABJAD = "abjad"
HANGUL = "hangul"
KANA = "kana"
HAN = "han"

_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Ukrainian, Belarusian
    "є": "ye",
    "і": "i",
    "ї": "yi",
    "ґ": "g",
    "ў": "u",
    # Serbian, Macedonian
    "ђ": "dj",
    "ј": "y",
    "љ": "ly",
    "њ": "ny",
    "ћ": "ch",
    "џ": "dzh",
    "ѓ": "gy",
    "ќ": "ky",
    "ѕ": "dz",
    # Kazakh, Azerbaijani, Tatar, Uzbek, Kyrgyz, Tajik
    "ә": "a",
    "ғ": "gh",
    "қ": "k",
    "ң": "ng",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "ҹ": "dj",
    "ҝ": "g",
    "ҳ": "h",
    "ӣ": "i",
    "ӯ": "u",
    "ҷ": "dj",
    "ӑ": "a",
    "ӗ": "e",
}

# Hebrew: consonants; vav and yod become vowels (they mostly write vowels in names),
# alef and ayin vanish.  A geresh after gimel, zayin or tsadi marks a foreign sound.
_HEBREW = {
    "א": "",
    "ב": "b",
    "ג": "g",
    "ד": "d",
    "ה": "h",
    "ו": "u",
    "ז": "z",
    "ח": "kh",
    "ט": "t",
    "י": "i",
    "כ": "k",
    "ך": "k",
    "ל": "l",
    "מ": "m",
    "ם": "m",
    "נ": "n",
    "ן": "n",
    "ס": "s",
    "ע": "",
    "פ": "p",
    "ף": "f",
    "צ": "ts",
    "ץ": "ts",
    "ק": "k",
    "ר": "r",
    "ש": "sh",
    "ת": "t",
}
_HEBREW_GERESH = {"ג": "dj", "ז": "zh", "צ": "ch", "ץ": "ch", "ת": "t", "ד": "d"}
_GERESH = {"'", "׳", "’", "`", "´"}
# Letters that romanisation reads as one sound with a following h (kh, sh, th, ...): an abjad
# h after them gets the vowel it carries, so the two letters do not fuse.
_H_DIGRAPH = frozenset("cdgkpstz")
# Modern Greek writes b, d, g as μπ, ντ, γκ at the start or end of a word (Μπαρτσελόνα
# Barcelona, Χάμπουργκ Hamburg); inside a word they are mostly mb, nd, ng (Αγκόλα Angola).
_GREEK_STOPS = {("μ", "π"): ("b", "mb"), ("ν", "τ"): ("d", "nd"), ("γ", "κ"): ("g", "ng")}
_ITERATION = frozenset("々ゝゞヽヾ")

_ARABIC = {
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ٱ": "a",
    "ء": "",
    "ؤ": "",
    "ئ": "",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "dj",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "و": "u",
    "ي": "i",
    "ى": "a",
    "ة": "a",
    # Persian, Urdu, Pashto
    "پ": "p",
    "چ": "ch",
    "ژ": "zh",
    "گ": "g",
    "ک": "k",
    "ی": "i",
    "ۀ": "a",
    "ے": "e",
    "ٹ": "t",
    "ڈ": "d",
    "ڑ": "r",
    "ں": "n",
    "ھ": "h",
    "ہ": "h",
}

# Hangul syllables are decomposed algorithmically (Unicode's 19 x 21 x 28 layout) and read
# as the Revised Romanization reads them, with the conventions of Korean loanword spelling that
# make a Korean spelling of a foreign name look like the name: a final r before an initial r is
# one l (켈리 kelli), s/j/ch before a y-vowel is sh/j/ch (셰 she), and the helper vowel eu of a
# bare syllable that spells a consonant cluster is silent (스베틀라나 sbetlana).
_HANGUL_FIRST = 0xAC00
_HANGUL_LAST = 0xD7A3
_HANGUL_INITIAL = (
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h",
)  # fmt: skip
_HANGUL_MEDIAL = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
    "yu", "eu", "ui", "i",
)  # fmt: skip
_HANGUL_FINAL = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
    "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip
_HANGUL_EU = 18  # index of the medial eu
_HANGUL_SILENT = 11  # index of the initial that writes no sound


def _hangul(text: str) -> str:
    """Romanise a run of Hangul syllables.

    >>> _hangul("켈리"), _hangul("셰리던"), _hangul("스베틀라나"), _hangul("김정은")
    ('kelli', 'sherideon', 'sbetllana', 'gimjeongeun')
    """
    parts = [divmod(ord(ch) - _HANGUL_FIRST, 28) for ch in text]
    out: list[str] = []
    for n, (lv, final) in enumerate(parts):
        initial, medial = divmod(lv, 21)
        lead = _HANGUL_INITIAL[initial]
        vowel = _HANGUL_MEDIAL[medial]
        if n and lead == "r" and parts[n - 1][1] == 8:  # l + r: one l
            lead = "l"
        if lead in ("s", "ss", "j", "ch") and vowel[:1] == "y":
            lead, vowel = ("sh" if lead[0] == "s" else lead), vowel[1:]
        nxt = parts[n + 1][0] // 21 if n + 1 < len(parts) else -1
        if medial == _HANGUL_EU and final == 8 and nxt == 5 and initial != _HANGUL_SILENT:
            vowel = ""  # 틀라 spells tla
        elif medial == _HANGUL_EU and not final and initial != _HANGUL_SILENT:
            vowel = "" if lead != "j" else "z"  # 즈 spells z
            lead = "" if vowel == "z" else lead
        out.append(lead + vowel + _HANGUL_FINAL[final])
    return "".join(out)


# Kana are read in Hepburn, the romanisation names use, with the combinations a syllable table
# alone misses: a small ya/yu/yo joins the syllable before it (きょ kyo, ジョ jo), a small vowel
# replaces its vowel (フィ fi, ジェ je, ウェ we, イェ ye), a small tsu doubles the next consonant
# and the long-vowel mark is silent.
_KANA_FIRST = 0x3041  # hiragana; katakana are the same syllables 0x60 higher
_KANA = (
    "a", "a", "i", "i", "u", "u", "e", "e", "o", "o", "ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge",
    "ko", "go", "sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo", "ta", "da", "chi", "ji",
    "", "tsu", "zu", "te", "de", "to", "do", "na", "ni", "nu", "ne", "no", "ha", "ba", "pa", "hi", "bi",
    "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo", "po", "ma", "mi", "mu", "me", "mo", "ya", "ya",
    "yu", "yu", "yo", "yo", "ra", "ri", "ru", "re", "ro", "wa", "wa", "i", "e", "o", "n", "vu", "ka", "ke",
)  # fmt: skip
_KANA_SMALL_Y = frozenset((0x3083, 0x3085, 0x3087))
_KANA_SMALL_VOWEL = frozenset((0x3041, 0x3043, 0x3045, 0x3047, 0x3049))
_KANA_SMALL_TSU = 0x3063
_KANA_EXTRA = {0x30F7: "va", 0x30F8: "vi", 0x30F9: "ve", 0x30FA: "vo", 0x30FC: ""}


# Thai, read as the Royal Thai General System writes it, with aspirated kh, th, ph as k, t, p
# (foreign names lose the aspiration: คามาเทโร Kamatero).  The vowels เ แ โ ใ ไ are written
# before the consonant they follow; อ carries a vowel at the start of a syllable (a when none
# is written) and is o after a consonant; ์ silences the letter before it; tone marks vanish.
_THAI_CONSONANTS = dict(
    zip(
        "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬฮ",
        "k k k k k k ng ch ch ch s ch y d t t t t n d t t t t n b p p f p f p m y r l w s s s h l h".split(),
        strict=True,
    )
)
_THAI_VOWELS = {
    "ะ": "a", "ั": "a", "า": "a", "ำ": "am", "ิ": "i", "ี": "i", "ึ": "ue", "ื": "ue", "ุ": "u",
    "ู": "u", "ฤ": "rue", "ฦ": "lue", "ๅ": "",
}  # fmt: skip
_THAI_LEADING = {"เ": "e", "แ": "ae", "โ": "o", "ใ": "ai", "ไ": "ai"}
_THAI_FIRST, _THAI_LAST = 0x0E01, 0x0E5B


def _thai(text: str) -> str:
    """Romanise a run of Thai.

    >>> _thai("คามาเทโร"), _thai("ดุบนา"), _thai("เมเคเล"), _thai("ออราน"), _thai("อฟูล่า")
    ('kamatero', 'dubna', 'mekele', 'oran', 'afula')
    """
    out: list[str] = []
    leading = ""
    for i, ch in enumerate(text):
        if ch in _THAI_LEADING:
            leading += _THAI_LEADING[ch]
        elif ch == "อ":
            if i > 0 and (text[i - 1] in _THAI_CONSONANTS or text[i - 1] == "อ") and not leading:
                out.append("o")  # a vowel after a consonant (ออราน Oran)
            elif not leading and i + 1 < len(text) and text[i + 1] in _THAI_CONSONANTS:
                out.append("a")  # a syllable with no written vowel (อฟูล่า Afula)
            out.append(leading)
            leading = ""
        elif ch in _THAI_CONSONANTS:
            out.append(_THAI_CONSONANTS[ch] + leading)
            leading = ""
        elif ch == "์" and out:
            out.pop()  # thanthakhat: the letter before is silent
        elif ch in _THAI_VOWELS:
            out.append(_THAI_VOWELS[ch])
    out.append(leading)
    return "".join(out)


# Brahmic scripts of South Asia (Devanagari to Sinhala): a consonant carries the vowel a unless a
# vowel sign or a virama follows it.  Unidecode writes the consonant alone (कमल kml for kamal),
# so the inherent a is restored; at the end of a word it stays silent, as Hindi, Bengali and
# Punjabi say it (and as the other languages write their final vowels).
_BRAHMIC_FIRST, _BRAHMIC_LAST = 0x0900, 0x0DFF
# Replacement for a doubled letter: the match's group 1, as a function (``re`` parses a
# template such as ``\1`` again on every call).
_GROUP_1 = methodcaller("group", 1)
_LONG_VOWEL = re.compile(r"([aeiou])\1")


@lru_cache(maxsize=1 << 10)
def _brahmic_kind(ch: str) -> str:
    """``c`` consonant, ``m`` a mark that replaces the inherent vowel (vowel sign, virama),
    ``n`` nukta, else ``""``."""
    name = unicodedata.name(ch, "")
    if "VOWEL SIGN" in name or "VIRAMA" in name or "AL-LAKUNA" in name:
        return "m"
    if name.endswith("SIGN NUKTA"):
        return "n"
    if " LETTER " in name:
        last = name.rsplit(" ", 1)[-1]
        if last.endswith("A") and last not in ("A", "AA") and "VOCALIC" not in name:
            return "c"
    return ""


def _brahmic(text: str) -> str:
    """Romanise a run of a Brahmic script with its inherent vowels.

    >>> _brahmic("कमल"), _brahmic("কলকাতা"), _brahmic("ब्रिस्बेन"), _brahmic("கமடேரோ")
    ('kamal', 'kalakata', 'brisben', 'kamattero')
    """
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        out.append(ascii_fold(ch))
        if _brahmic_kind(ch) == "c":
            j = i + 1
            while j < n and _brahmic_kind(text[j]) == "n":
                j += 1
            if j < n and _brahmic_kind(text[j]) != "m":
                out.append("a")
    # Unidecode doubles a long vowel (கமடேரோ kamatteeroo), which keys would read as English ee, oo.
    return _LONG_VOWEL.sub(_GROUP_1, "".join(out))


# Tibetan: syllables between tsheg marks; a syllable without a vowel sign says a after its first
# consonant and the letters stacked under it (ཁར khar).  Its vowel signs are combining marks,
# which the generic path would drop.
_TIBETAN_FIRST, _TIBETAN_LAST = 0x0F00, 0x0FFF
_TSHEG = frozenset("\u0f0b\u0f0c")
_VOWEL_RUN = re.compile(r"([aeiou])\1+")


def _tibetan(text: str) -> str:
    """Romanise a run of Tibetan.

    >>> _tibetan("ཁར་ཏུམ"), _tibetan("ཨཱ་སི་མི་ར"), _tibetan("ཕུན་ཚོགས་གླིང་")
    ('khartum', 'asimira', 'phuntshogsgling')
    """
    out: list[str] = []
    for syllable in re.split("[\u0f0b\u0f0c]", text):
        names = [unicodedata.name(ch, "") for ch in syllable]
        vowel = any("VOWEL SIGN" in name for name in names)
        placed = vowel
        for k, (ch, name) in enumerate(zip(syllable, names, strict=True)):
            if " LETTER " in name or "VOWEL SIGN" in name:
                out.append(ascii_fold(ch))
            nxt = names[k + 1] if k + 1 < len(names) else ""
            if not placed and " LETTER " in name and "SUBJOINED" not in nxt:
                out.append("a")
                placed = True
    return _VOWEL_RUN.sub(_GROUP_1, "".join(out))


def is_kana(ch: str) -> bool:
    """A hiragana or katakana syllable, or the katakana long-vowel mark."""
    cp = ord(ch)
    return 0x3041 <= cp <= 0x3096 or 0x30A1 <= cp <= 0x30FA or cp == 0x30FC


def _kana(text: str) -> str:
    """Romanise a run of kana.

    >>> _kana("ジョン"), _kana("きょうと"), _kana("フィリップ"), _kana("ウェーバー"), _kana("スプラット")
    ('jon', 'kyouto', 'firippu', 'weba', 'supuratto')
    """
    out: list[str] = []
    double = False
    for ch in text:
        cp = ord(ch)
        if cp in _KANA_EXTRA:
            syllable = _KANA_EXTRA[cp]
        else:
            cp = cp - 0x60 if cp >= 0x30A1 else cp
            prev = out[-1] if out else ""
            if cp in _KANA_SMALL_Y and prev.endswith("i") and len(prev) > 1:
                base = prev[:-1]
                out[-1] = (base if base in ("sh", "ch", "j") else base + "y") + _KANA[cp - _KANA_FIRST][1:]
                continue
            if cp in _KANA_SMALL_VOWEL and prev:
                vowel = _KANA[cp - _KANA_FIRST]
                if prev in ("u", "i"):
                    out[-1] = ("w" if prev == "u" else "y") + vowel
                else:
                    out[-1] = prev[:-1] + vowel
                continue
            if cp == _KANA_SMALL_TSU:
                double = True
                continue
            syllable = _KANA[cp - _KANA_FIRST]
        if double and syllable:
            syllable = syllable[0] + syllable
            double = False
        out.append(syllable)
    return "".join(out)


# Latin letters whose generic ASCII form loses the sound they stand for in names.
_LATIN = {
    "ə": "a",
    "ı": "i",
    "ş": "sh",
    "ș": "sh",
    "ç": "ch",
    "ğ": "g",
    "č": "ch",
    "š": "sh",
    "ž": "zh",
    "ć": "ch",
    "ś": "sh",
    "ź": "zh",
    "ż": "zh",
    "ř": "rzh",
    "ł": "l",
    "đ": "dj",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "þ": "th",
    "ð": "d",
    "ŋ": "ng",
    "ĉ": "ch",
    "ŝ": "sh",
    "ĝ": "g",
    "ĵ": "zh",
    "ţ": "ts",
    "ț": "ts",
    "ŭ": "u",
}
# Azerbaijani Latin: a name written with ə uses the Azerbaijani alphabet (c = j, x = kh).
_AZERBAIJANI = {"c": "dj", "x": "kh"}

_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0590, 0x05FF, ABJAD),  # Hebrew
    (0x0600, 0x06FF, ABJAD),  # Arabic
    (0x0750, 0x077F, ABJAD),
    (0x08A0, 0x08FF, ABJAD),
    (0xFB1D, 0xFB4F, ABJAD),
    (0xFB50, 0xFDFF, ABJAD),
    (0xFE70, 0xFEFF, ABJAD),
    (0x0700, 0x074F, ABJAD),  # Syriac
    (0x1100, 0x11FF, HANGUL),  # jamo
    (0x3040, 0x30FF, KANA),
    (0x3100, 0x312F, HAN),  # bopomofo
    (0x3130, 0x318F, HANGUL),
    (0x31F0, 0x31FF, KANA),
    (0x3400, 0x4DBF, HAN),
    (0x4E00, 0x9FFF, HAN),
    (0xAC00, 0xD7AF, HANGUL),  # syllables
    (0xF900, 0xFAFF, HAN),
    (0x20000, 0x2FA1F, HAN),
)


def char_script(ch: str) -> str:
    """Script class of one character: ``latin`` (any script folded letter by letter), ``abjad``,
    ``hangul``, ``kana`` or ``han``."""
    cp = ord(ch)
    if cp < 0x0590:
        return LATIN
    for lo, hi, script in _SCRIPT_RANGES:
        if lo <= cp <= hi:
            return script
    return LATIN


def ascii_fold(text: str) -> str:
    """Generic ASCII transliteration: the one place namerec calls its back end (Unidecode)."""
    if text.isascii():
        return text
    return unidecode(text)


def _last(out: list[str]) -> str:
    """The last letter written so far (alef and ayin write none)."""
    for piece in reversed(out):
        if piece:
            return piece[-1]
    return ""


def _in(first: int, last: int) -> Callable[[str], bool]:
    return lambda ch: first <= ord(ch) <= last


# Scripts read a run of letters at a time (a syllable or a vowel sign depends on its neighbours).
_RUNS: tuple[tuple[Callable[[str], bool], Callable[[str], str]], ...] = (
    (_in(_HANGUL_FIRST, _HANGUL_LAST), _hangul),
    (_in(_BRAHMIC_FIRST, _BRAHMIC_LAST), _brahmic),
    (_in(_TIBETAN_FIRST, _TIBETAN_LAST), _tibetan),
    (_in(_THAI_FIRST, _THAI_LAST), _thai),
    (is_kana, _kana),
)


def _run_reader(ch: str) -> tuple[Callable[[str], bool], Callable[[str], str]] | None:
    """``(is in the run, reader)`` for a letter of a script read a run at a time."""
    for run in _RUNS:
        if run[0](ch):
            return run
    return None


@lru_cache(maxsize=1 << 16)
def fold_token(token: str) -> tuple[str, str]:
    """Fold one case-folded token to ASCII letters and digits; return ``(ascii, script)``.

    >>> fold_token("həsənov")
    ('hasanov', 'latin')
    >>> fold_token("нетаньяху")
    ('netanyakhu', 'latin')
    >>> fold_token("נתניהו")
    ('ntnihu', 'abjad')
    """
    if token.isascii() and token.isalpha():
        return token.lower(), LATIN  # what the loop below gives for plain ASCII letters
    script = LATIN
    for ch in token:
        s = char_script(ch)
        if s != LATIN:
            script = s
            break
    azerbaijani = "ə" in token
    out: list[str] = []
    n = len(token)
    i = 0
    while i < n:
        ch = token[i]
        nxt = token[i + 1] if i + 1 < n else ""
        if ch in _HEBREW:
            if nxt in _GERESH and ch in _HEBREW_GERESH:
                out.append(_HEBREW_GERESH[ch])
                i += 2
                continue
            if ch == "ו" and (i == 0 or nxt == "ו"):  # consonantal vav
                out.append("v")
                i += 2 if nxt == "ו" else 1
                continue
            if ch == "ה" and i == n - 1 and i > 0:  # a final he writes a vowel (פטרה Petra)
                out.append("a")
            elif ch == "ה" and _last(out) in _H_DIGRAPH:
                out.append("ah")  # unwritten vowel: כהן is Kohen, not khn
            else:
                out.append("a" if i == 0 and ch in "אע" else _HEBREW[ch])
        elif ch in _ARABIC:
            if i == 0 and ch in "عو":  # a word-initial waw is the consonant w (وهران Wahran)
                out.append("a" if ch == "ع" else "v")
            elif ch == "ہ" and i == n - 1 and i > 0:  # Urdu's final he writes a vowel (غزہ Gaza)
                out.append("a")
            elif _ARABIC[ch] == "h" and _last(out) in _H_DIGRAPH:
                out.append("ah")  # unwritten vowel: سهيل is Suhail, not Shil
            else:
                out.append(_ARABIC[ch])
        elif ch in _CYRILLIC:
            out.append(_CYRILLIC[ch])
        elif ch in _LATIN:
            out.append(_LATIN[ch])
        elif azerbaijani and ch in _AZERBAIJANI:
            out.append(_AZERBAIJANI[ch])
        elif (run := _run_reader(ch)) is not None:
            inside, read = run
            j = i
            while j < n and inside(token[j]):
                j += 1
            out.append(read(token[i:j]))
            i = j
            continue
        elif (ch, nxt) in _GREEK_STOPS:  # Greek μπ ντ γκ: b d g at an end, else mb nd ng
            first, inner = _GREEK_STOPS[ch, nxt]
            out.append(first if i == 0 or i + 2 == n else inner)
            i += 2
            continue
        elif ch == "ո" and nxt == "ւ":  # Armenian ու is u (Unidecode: ow)
            out.append("u")
            i += 2
            continue
        elif ch == "ռ":  # Armenian trilled r (Unidecode: rh)
            out.append("r")
        elif ch in _ITERATION and out:  # 佐々木: the mark repeats the previous character
            out.append(out[-1])
        elif ch == "ー" or ch in _GERESH or unicodedata.combining(ch):
            pass
        elif 0x1200 <= ord(ch) <= 0x137F and (ord(ch) - 0x1200) % 8 == 5 and ch not in "እዕ":
            # Ethiopic sixth order: a consonant with no vowel, which Unidecode writes with e
            # (ለንደን London: lanedane).
            out.append(ascii_fold(ch).removesuffix("e"))
        elif ch.isascii():
            out.append(ch)
        else:
            out.append(ascii_fold(ch))
        i += 1
    folded = "".join(c for c in "".join(out).lower() if c.isalnum())
    if not folded.isdigit():  # tone numbers and other digits inside words (dzan3, a1-tou3)
        folded = "".join(c for c in folded if not c.isdigit())
    return folded, script
