"""Hypothesis strategies shared by the property tests.

``names()`` draws realistic-looking personal names: one to three tokens of Latin letters (plain,
precomposed and combining diacritics, Azerbaijani/Turkish and Slavic letters), Cyrillic letters
and, occasionally, Greek letters.  ``arbitrary_text()`` draws any Python string at all, lone
surrogates included, for robustness tests.
"""

from __future__ import annotations

import unicodedata

from hypothesis import strategies as st

LATIN_LOWER = "abcdefghijklmnopqrstuvwxyz"
LATIN_UPPER = LATIN_LOWER.upper()
# Precomposed letters seen in names: Western European, Slavic, Azerbaijani/Turkish, Nordic.
LATIN_PRECOMPOSED = "áàâäãåéèêëíìîïóòôöõúùûüñçčšžćśźżřłđşșţțğəıýÿøæœßÁÉÖÜČŠŽŁŞƏĞÇ"
# Combining marks that may follow a Latin letter: acute, grave, circumflex, tilde, macron,
# breve, diaeresis, caron, cedilla, ogonek, dot above.
COMBINING = "\u0301\u0300\u0302\u0303\u0304\u0306\u0308\u030c\u0327\u0328\u0307"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"
GREEK = "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"

# The accents that namerec treats as pure decoration on vowels (tested for invariance):
# acute, grave, circumflex, diaeresis.  Carons, cedillas and the like are conventions
# (č → ch, ş → sh) and are deliberately not in this set.
VOWEL_ACCENTS = "\u0301\u0300\u0302\u0308"
PLAIN_VOWELS = "aeiouAEIOU"


def _latin_letter() -> st.SearchStrategy[str]:
    base = st.sampled_from(LATIN_LOWER + LATIN_UPPER)
    return st.one_of(
        base,
        base,
        base,
        st.sampled_from(LATIN_PRECOMPOSED),
        st.tuples(base, st.sampled_from(COMBINING)).map("".join),
    )


def _token(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(alphabet, min_size=1, max_size=10).map("".join)


def latin_token() -> st.SearchStrategy[str]:
    """One word of Latin letters, with and without diacritics."""
    return _token(_latin_letter())


def cyrillic_token() -> st.SearchStrategy[str]:
    """One word of Cyrillic letters, not made only of the soft and hard signs (which are silent)."""
    return _token(st.sampled_from(CYRILLIC)).filter(lambda w: w.strip("ъьЪЬ") != "")


def greek_token() -> st.SearchStrategy[str]:
    """One word of Greek letters."""
    return _token(st.sampled_from(GREEK))


def token() -> st.SearchStrategy[str]:
    """A name part: mostly Latin, often Cyrillic, occasionally Greek."""
    return st.sampled_from(["latin"] * 6 + ["cyrillic"] * 3 + ["greek"]).flatmap(
        {"latin": latin_token(), "cyrillic": cyrillic_token(), "greek": greek_token()}.__getitem__
    )


def names() -> st.SearchStrategy[str]:
    """A name of one to three parts separated by single spaces; always contains letters."""
    return st.lists(token(), min_size=1, max_size=3).map(" ".join)


def plain_latin_names() -> st.SearchStrategy[str]:
    """A name of one to three parts made of plain ASCII letters only."""
    word = st.text(alphabet=LATIN_LOWER + LATIN_UPPER, min_size=1, max_size=10)
    return st.lists(word, min_size=1, max_size=3).map(" ".join)


def arbitrary_text() -> st.SearchStrategy[str]:
    """Any Python string: every code point a ``str`` can hold, lone surrogates included."""
    return st.text(alphabet=st.characters(exclude_categories=()))


def accent_vowels(name: str, choices: list[int]) -> str:
    """Put an acute/grave/circumflex/diaeresis (picked by ``choices``) on plain Latin vowels.

    ``choices[k]`` is an index into ``VOWEL_ACCENTS`` + "no accent" for the k-th vowel met.
    """
    out = []
    k = 0
    for ch in name:
        out.append(ch)
        if ch in PLAIN_VOWELS:
            pick = choices[k % len(choices)] if choices else len(VOWEL_ACCENTS)
            k += 1
            if pick < len(VOWEL_ACCENTS):
                out.append(VOWEL_ACCENTS[pick])
    return unicodedata.normalize("NFC", "".join(out))


def strip_vowel_accents(name: str) -> str:
    """Remove acute, grave, circumflex and diaeresis from Latin vowels a e i o u; keep all else."""
    decomposed = unicodedata.normalize("NFD", name)
    out: list[str] = []
    for ch in decomposed:
        if ch in VOWEL_ACCENTS and out and out[-1] in PLAIN_VOWELS:
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))
