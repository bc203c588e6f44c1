"""Pair scoring: token similarity, order-free token alignment, and the evidence behind a score.

A score is a weighted mean of evidence rows, ``sum(value * weight) / sum(weight)``, at most
the value of a ``cap`` row:

* each aligned token pair contributes its similarity with the mean weight of its two tokens
  (surnames weigh more than given names, initials and patronymics less);
* each token the other name lacks contributes 0 with ``missing_cost`` times its weight, so a
  missing middle name costs far less than a contradicting one;
* a contradicting part caps the score at its own similarity + ``MARGIN`` (an evidence row of
  kind ``cap`` with weight 0), unless it differs by a single letter (a typo), is the other cut
  short (Henri / Henrikus), or comes from a script compared by skeleton only;
* names whose parts are split differently (``Xi Jinping`` / ``习近平``) are also compared
  with their parts written together; the better of the two readings is the score.

Pairs are put in a canonical order first, so the score is exactly symmetric.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from ._japanese import han_whole, japanese_token, japanese_whole
from ._keys import (
    CACHE,
    alt_readings,
    j_reading,
    lithuanian_stem,
    non_rhotic,
    pinyin_reading,
    rewrite,
    skeleton,
    syllable_reading,
    token_key,
)
from ._learned import learned_key
from ._translit import ABJAD, HAN, HANGUL, KANA, LATIN, fold_token
from .config import Config
from .types import Evidence, NameForm, Token

# Tuned on the dev splits (benchmarks/accuracy.py); see docs/how-it-works.md.
_SKELETON_EQUAL = (0.0, 0.7, 0.85, 1.0, 1.0)  # what equal skeletons of 0-4+ classes are worth
SKELETON_MIX = 0.3  # share of the skeleton in a lifted or pressed token similarity
MARGIN = 0.1  # a contradicting pair caps the score at its value + MARGIN
TYPO_MIN_LEN = 4  # below this length, one substituted letter is another name
TYPO_EDITS = 1  # this many edits apart is a typo, not a contradiction
_TRUNCATION_MIN = 4  # a prefix this long counts as the same word cut short
# How far a consonant skeleton alone is trusted, by script class and skeleton length (0-4+).
_CROSS_FACTOR = {
    ABJAD: (0.0, 0.75, 0.8, 0.86, 0.9),
    HANGUL: (0.0, 0.5, 0.7, 0.85, 0.93),
    KANA: (0.0, 0.4, 0.55, 0.7, 0.8),
    HAN: (0.0, 0.3, 0.5, 0.65, 0.75),
}
_CROSS_RANK = {HAN: 0, KANA: 1, HANGUL: 2, ABJAD: 3, LATIN: 4}
_INITIAL = 0.9
# Two Latin syllables that Korean and Chinese romanisations write differently (Jun / Chun,
# Guk / Kuk): see ``syllable_reading``.
SYLLABLE_VOICING = 0.85
CORROBORATION = 0.3  # names in different scripts whose parts all agree: share of the way to 1
CORROBORATION_FLOOR = 0.6  # ... each part at least this similar
INITIALS_ONLY = 0.7  # the most that names agreeing only through initials can score
KANA_VOWELS = 0.7  # how far the vowels (the plain similarity) weigh on a skeleton match with kana
HOPELESS = 0.45  # below this plain similarity no other reading is tried (see how-it-works)
_NO_L_R = frozenset((HANGUL, KANA))
_EPENTHETIC = re.compile("(?<=[bcfghjkmprsvwz])u(?=[bcdfghjkmprstvwz]|$)|(?<=[td])o(?=[bcdfghjkmprstvwz]|$)")
_SYLLABARY = frozenset((HANGUL, KANA))  # written as pronounced: no other reading to try


def token_similarity(a: Token, b: Token) -> tuple[float, str]:
    """Similarity of two tokens in [0, 1] and a short label saying what carried it."""
    if a.script == b.script and a.script in _SYLLABARY:
        return _one_syllabary(a, b)
    if a.key == b.key:
        return 1.0, "same key"
    x, y = a.sig, b.sig
    value, label = _similarity(x, y) if x <= y else _similarity(y, x)
    if value < 1.0 and (a.script == HAN) != (b.script == HAN):
        # Han characters are also read as Japanese (森泉 / Moriizumi), as if written in kana.
        han, other = (a, b) if a.script == HAN else (b, a)
        jp = japanese_token(han.text, han.role)
        if jp is not None:
            # Against kana, letter by letter rather than syllable by syllable: the dictionary's
            # reading of a name is one of several (一瀬 いちせ, also いちのせ).
            x, y = jp.sig, other.sig
            alt = (_similarity(x, y) if x <= y else _similarity(y, x))[0]
            if alt > value:
                value, label = alt, "Japanese reading"
    return value, label


_GLIDES = {"u": ("wu", "woo"), "i": ("yi",)}


def _glided(one: str, other: str) -> bool:
    """A one-letter vowel against the syllable that writes it with a glide (*U / Wu, Woo*:
    Korean 우 and pinyin wu; *I / Yi*): one syllable, not an initial.  (Measured on the full dev
    samples: scripts32 +0.0002/+0.0003, en_ko +0.0001/+0.0003, ofac +0.0001/+0.0003, the other
    splits unchanged to four places.)"""
    return len(one) == 1 and other in _GLIDES.get(one, ())


# Not memoised: most token pairs of a batch are distinct, and a cache of them cost more than
# it saved (clustering 100k names: 79 s without, 95 s with 1 << 18 entries, of which 8 s were
# collections of its young entries; 90 MB less at the peak).
def _similarity(x: tuple[str, str, str, str, bool], y: tuple[str, str, str, str, bool]) -> tuple[float, str]:
    ka, fa, sa, ca, ia = x
    kb, fb, sb, cb, ib = y
    if (ia and len(fa) == 1) or (ib and len(fb) == 1):
        if fa[:1] == fb[:1] or _glided(fa, fb) or _glided(fb, fa):
            return _INITIAL, "initial"
        return 0.0, "initial differs"
    value, label = _reading(ka, fa, sa, ca, kb, fb, sb, cb)
    # j as a consonant on both sides, when one side writes it as one (zh, dj, dz: Joseph /
    # ז'וזף, Gene / ג'ין, Fujimura / Фудзимура) or is Korean or Japanese, where j is always one;
    # between other spellings it lifted more look-alikes than variants.
    consonant = ca in _NO_L_R or cb in _NO_L_R or _j_written(fa) or _j_written(fb)
    ja, jb = (j_reading(ka, fa), j_reading(kb, fb)) if consonant else (ka, kb)
    if ja != ka or jb != kb:
        alt, _ = _reading(ja, fa, skeleton(ja), ca, jb, fb, skeleton(jb), cb)
        if alt > value:
            value, label = alt, "j read as zh"
    # One side read as another script hears it (vav as v, Spanish j, pinyin letters).  Every
    # such reader needs two scripts: between tokens of one script none can read anything.
    if ca != cb:
        for read, why, own in _CROSS_READINGS:
            if ca == own or cb == own:  # ca != cb: one side at most
                ra = read(ka, fa, ca, cb) if ca == own else ""
                rb = read(kb, fb, cb, ca) if cb == own else ""
                if ra or rb:  # most tokens have no such reading
                    value, label = _both_sides(ra, rb, why, x, y, value, label)
    if value < SYLLABLE_VOICING and ca == cb == LATIN:
        ra = syllable_reading(fa)
        if ra and ra == syllable_reading(fb):
            value, label = SYLLABLE_VOICING, "one syllable, voicing unmarked"
    if value < HOPELESS - 1e-9:  # 0.45 on paper (0.75 * 0.6) is not below it
        return value, label
    if _gendered(ka, kb):
        return GENDERED, "feminine form"
    if _patronymic_of(ka, kb) or _patronymic_of(kb, ka):
        return min(value, DERIVED), "patronymic of the other"
    lithuanian = _lithuanian(ka, fa, ca, kb, fb, cb)
    if lithuanian > value:
        value, label = lithuanian, "Lithuanian ending -as"
    if value == 1.0:
        return value, label
    # Correspondences learned from dev pairs (data/correspondences.tsv): one more reading of
    # both keys, lifted or pressed by its skeleton like any other.
    scope = ca if ca != LATIN else cb
    la, lb = learned_key(ka, scope), learned_key(kb, scope)
    if la != ka or lb != kb:
        learned, _ = _reading(la, fa, skeleton(la), ca, lb, fb, skeleton(lb), cb)
        if learned > value:
            value, label = learned, "learned correspondence"
    # Hebrew ש is also s (sin: שרה Sarah); against another script the abjad side is read so.
    if ca != cb:
        value, label = _one_side(_sin, "shin read as sin", x, y, value, label)
    # Letters that conventions read differently (ch and x as kh, cz and z as ts, a glued al-).
    for r, why in alt_readings(ka, fa):
        alt, _ = _reading(r, fa, skeleton(r), ca, kb, fb, sb, cb)
        if alt > value:
            value, label = alt, why
    for r, why in alt_readings(kb, fb):
        alt, _ = _reading(ka, fa, sa, ca, r, fb, skeleton(r), cb)
        if alt > value:
            value, label = alt, why
    # Against a script written as pronounced, the Latin side is also read as heard: letters
    # that English and French leave silent (Knight / נייט, Renard / רנאר), French spelling
    # (Jacques / ז'אק, Guillaume / גיום), and, for Korean and
    # Japanese, an r after a vowel as a long vowel (Fletcher / 플레처) and th as s (Smith /
    # スミス).  Japanese writes a vowel after every consonant but n: an added u (o after t, d)
    # is only a helper (Basileios / ヴァシレイオス), so the kana side is also read without it,
    # alone and with the Latin readings.
    if (ca == LATIN) != (cb == LATIN):
        flip = ca != LATIN
        kl, fl, sl, kx, fx, sx, cx = (kb, fb, sb, ka, fa, sa, ca) if flip else (ka, fa, sa, kb, fb, sb, cb)
        spellings = {fl: ""}
        silent = _silent(fl)
        spellings.setdefault(silent, "silent letters")
        spellings.setdefault(_french(fl), "read as French")
        if cx in _NO_L_R:
            for written in (fl, silent):
                spellings.setdefault(_as_heard(written), "r and th as Korean and Japanese hear them")
        latin = [(kl, fl, sl, "")]
        for written, why in spellings.items():
            if why:
                kw = token_key(written)[0]
                latin.append((kw, written, skeleton(kw), why))
        other = [(kx, sx, "")]
        bare = _EPENTHETIC.sub("", kx) if cx == KANA else kx
        if bare != kx:
            other.append((bare, skeleton(bare), "helper vowels of kana dropped"))
        for k1, f1, s1, why1 in latin:
            for k2, s2, why2 in other:
                if not (why1 or why2):
                    continue
                if flip:
                    alt, _ = _reading(k2, fx, s2, cx, k1, f1, s1, LATIN)
                else:
                    alt, _ = _reading(k1, f1, s1, LATIN, k2, fx, s2, cx)
                if alt > value:
                    value, label = alt, why1 if not why2 else why2 if not why1 else f"{why1}; {why2}"
    return value, label


_J_WRITTEN = re.compile("zh|dj|dz")
Sig = tuple[str, str, str, str, bool]
Reader = Callable[[str, str, str, str], str]


def _vav(key: str, folded: str, script: str, other: str) -> str:
    """Vav and waw write both u/o and v/w (דוד David, مروان Marwan): the abjad key read with v."""
    if script == ABJAD and other != ABJAD and "u" in key[1:]:
        return key[0] + key[1:].replace("u", "v")
    return ""


def _spanish_j(key: str, folded: str, script: str, other: str) -> str:
    """Spanish j is the sound of kh, which other scripts write so (José / חוסה, Juan / 후안)."""
    if script == LATIN and other != LATIN and "j" in folded:
        read = token_key(folded.replace("j", "kh"))[0]
        return read if read != key else ""
    return ""


def _pinyin(key: str, folded: str, script: str, other: str) -> str:
    """Han is folded to pinyin as written (Xi Jinping); foreign names are heard in it with
    pinyin's letters read as elsewhere (西萨 xisa / Sisa)."""
    if script == HAN and other != HAN:
        read = pinyin_reading(folded)
        return read if read != key else ""
    return ""


def _sin(key: str, folded: str, script: str, other: str) -> str:
    """Hebrew ש is shin or sin (שרה Sarah): the abjad key read with s for sh."""
    if script == ABJAD and other != ABJAD and "sh" in key:
        return key.replace("sh", "s")
    return ""


def _korean_si(key: str, folded: str, script: str, other: str) -> str:
    """Hangul ㅅ before i is said sh (신 Shin, 시즈코 Shizuko): the Hangul key read with shi."""
    if script == HANGUL and other != HANGUL and "si" in key:
        return key.replace("si", "shi")
    return ""


def _as_heard(written: str) -> str:
    """A Latin spelling as Korean and Japanese hear it: no r after a vowel, th as s."""
    return non_rhotic(written).replace("th", "s")


_R_COLOURED = re.compile("(?:[eiu]|ea|ou)r+(?![aeiouy])")
_R_VOWEL = {HANGUL: "o", KANA: "a"}


def _r_coloured(key: str, folded: str, script: str, other: str) -> str:
    """English er, ir, ur before a consonant are one vowel, which Korean writes 어 and Japanese
    a long a (Kirke / 커크, Arthur / 아서): the Latin key read so, with th as s."""
    if script == LATIN and other in _R_VOWEL and "r" in folded:
        heard = _R_COLOURED.sub(_R_VOWEL[other], _silent(folded))
        if heard != folded:
            read = token_key(_as_heard(heard))[0]
            return read if read != key else ""
    return ""


# Readings of one side against another script class, tried before the hopeless cut-off, with
# the script class of the side each reads (the only one it can read: checked before calling
# it, which made clustering 10k names about 2% faster).
_CROSS_READINGS: tuple[tuple[Reader, str, str], ...] = (
    (_vav, "vav or waw read as v", ABJAD),
    (_spanish_j, "j read as kh", LATIN),
    (_pinyin, "pinyin x, q, c read as s, ch, ts", HAN),
    (_korean_si, "Korean si read as shi", HANGUL),
    (_r_coloured, "er, ir, ur as Korean and Japanese hear them", LATIN),
)


def _one_side(read: Reader, why: str, x: Sig, y: Sig, value: float, label: str) -> tuple[float, str]:
    """``(value, label)`` raised by ``read`` of either token's key (``""``: no reading)."""
    return _both_sides(read(x[0], x[1], x[3], y[3]), read(y[0], y[1], y[3], x[3]), why, x, y, value, label)


def _both_sides(ra: str, rb: str, why: str, x: Sig, y: Sig, value: float, label: str) -> tuple[float, str]:
    """``(value, label)`` raised by ``ra`` read for the first token's key or ``rb`` for the second's."""
    ka, fa, sa, ca, _ = x
    kb, fb, sb, cb, _ = y
    if ra:
        alt = _reading(ra, fa, skeleton(ra), ca, kb, fb, sb, cb)[0]
        if alt > value:
            value, label = alt, why
    if rb:
        alt = _reading(ka, fa, sa, ca, rb, fb, skeleton(rb), cb)[0]
        if alt > value:
            value, label = alt, why
    return value, label


def _j_written(folded: str) -> bool:
    """A spelling writes j as a consonant (zh, dj, dz); letter tests first, no regex for most."""
    return ("z" in folded or "dj" in folded) and _J_WRITTEN.search(folded) is not None


# Letters English and French spelling keep but do not say: gh after a vowel (Hugh, Knight), k
# and g before an initial n, w before an initial r, b after a final m; French final s, es, t, d
# and x after a vowel or r (Renard, Jacques, Benoît); the u of French and Spanish qu, gu before
# e or i (Enrique, Miguel).
_SILENT = re.compile(
    "(?<=[aeiou])gh|^[kg](?=n)|^w(?=r)|(?<=m)b$"  # English
    "|(?<=[aeiour])(?:e?s|t|d|x)$|(?<=[qg])u(?=[ei])"  # French, Spanish
)


@lru_cache(maxsize=CACHE)
def _silent(folded: str) -> str:
    """``folded`` without the letters English and French spelling leave silent.

    >>> _silent("hughes"), _silent("knight"), _silent("wright"), _silent("lamb"), _silent("renard")
    ('hue', 'nit', 'rit', 'lam', 'renar')
    """
    return _SILENT.sub("", folded)


# French spelling as heard, rule by rule (each on the result of the one before): qu as k; g
# before e, i and j as zh; c before e, i as s; ch as sh; ill after a vowel as i (Guillaume /
# גיום); gn as ni; eau, au as o, ou as u, oi as ua; th as t; an initial h, then the silent
# letters above; a final e after a consonant, and the r of a final er, unsaid (Pierre / פייר,
# Roger / רוז'ה).
_FRENCH = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        ("qu", "k"),
        ("ge(?=[aou])|g(?=[eiy])|j", "zh"),
        ("c(?=[eiy])", "s"),
        ("ch", "sh"),
        ("(?<=[aeiou])ill", "i"),
        ("gn", "ni"),
        ("e?au", "o"),
        ("ou", "u"),
        ("oi", "ua"),
        ("th", "t"),
        ("^h", ""),
    )
)
_FRENCH_END = re.compile("(?<=[^aeiou])e$|(?<=e)r$")


@lru_cache(maxsize=CACHE)
def _french(folded: str) -> str:
    """``folded`` as French spelling is heard.

    >>> _french("jacques"), _french("guillaume"), _french("charles"), _french("roger")
    ('zhack', 'giom', 'sharl', 'rozhe')
    """
    return _FRENCH_END.sub("", _silent(rewrite(folded, _FRENCH)))


_LONE_H = re.compile("(?<![csz])h")


@lru_cache(maxsize=CACHE)
def _abjad_skeleton(key: str) -> str:
    """The consonant skeleton with h (not in sh, ch, zh) as a class of its own."""
    return skeleton(_LONE_H.sub("H", key))


def _one_syllabary(a: Token, b: Token) -> tuple[float, str]:
    """Two spellings in Hangul or in kana, compared as written: a changed letter is a changed
    syllable, another name (김명철 / 김영철), so edits count double.  Hangul is compared
    syllable by syllable; kana by its reading, so hiragana and katakana spellings agree."""
    x, y = (a.text, b.text) if a.script == HANGUL else (a.folded, b.folded)
    if x == y:
        return 1.0, "same spelling"
    return max(0.0, 1.0 - 2.0 * OSA.distance(x, y) / max(len(x), len(y))), "edit (one syllabary)"


def _reading(ka: str, fa: str, sa: str, ca: str, kb: str, fb: str, sb: str, cb: str) -> tuple[float, str]:
    if ka == kb:
        return 1.0, "same key"
    if ca != cb and (ca in _NO_L_R or cb in _NO_L_R):
        # Korean and Japanese write l and r alike: against them, r is read as l.
        ka, fa, sa = ka.replace("r", "l"), fa.replace("r", "l"), sa.replace("R", "L")
        kb, fb, sb = kb.replace("r", "l"), fb.replace("r", "l"), sb.replace("R", "L")
        if ka == kb:
            return 1.0, "same key (r read as l)"
    dk = OSA.distance(ka, kb)
    la, lb = len(ka), len(kb)
    value = 1.0 - dk / (la if la > lb else lb)
    label = "edit"
    if fa == ka and fb == kb:  # no folding rule fired: as written is the same edit
        df = dk
    else:
        df = OSA.distance(fa, fb)
        la, lb = len(fa), len(fb)
        plain = 1.0 - df / (la if la > lb else lb)
        if plain > value:  # a typo that a folding rule made look bigger (pascoe / pasoce)
            value, label = plain, "edit (as written)"
    if ca == cb == HAN:
        # Two Han readings: a changed letter is a changed character, another name, so edits
        # count double.  (Hangul and kana pairs never get here: see _one_syllabary.)
        return max(0.0, 2.0 * value - 1.0), "edit (one syllabary)"
    # Consonant classes decide: a difference in vowels or within a class (Gallant / Gollant,
    # Hasanov / Gasanov) is lifted, one across classes (Aliyev / Alimov) is pressed down.
    # n: the skeletons' length in classes (a leading vowel not counted), at most 4; needed for
    # equal skeletons and across scripts only.
    if sa == sb:
        n = len(sa) - (sa[:1] == "A")
        if n > 4:
            n = 4
        mixed = (1 - SKELETON_MIX) * value + SKELETON_MIX * _SKELETON_EQUAL[n]
        if mixed > value:
            value, label = mixed, "skeleton"
        skel = 1.0
    else:
        # Levenshtein.normalized_similarity, bit for bit, without its slower call.
        la, lb = len(sa), len(sb)
        skel = 1.0 - Levenshtein.distance(sa, sb) / (la if la > lb else lb)
        mixed = (1 - SKELETON_MIX) * value + SKELETON_MIX * skel
        # A single slip (a typo: rya / ryan) is not pressed down; two or more edits are.
        if mixed < value and min(dk, df) > TYPO_EDITS:
            value = mixed
    if ca != cb:
        # Against scripts that write few vowels (abjads) or whole syllables: the skeleton alone,
        # trusted by script class and length.  With several such scripts, the least trusted.
        # (Two spellings in one script write the same letters: compared as written.)
        worst = ca if _CROSS_RANK[ca] < _CROSS_RANK[cb] else cb
        if sa != sb:
            n = la - (sa[:1] == "A")
            m = lb - (sb[:1] == "A")
            if m > n:
                n = m
            if n > 4:
                n = 4
        factor = _CROSS_FACTOR[worst][n]
        if worst == ABJAD:
            # Abjads write h (ה, ح) apart from g, k and q: against them h is its own class.
            ha, hb = _abjad_skeleton(ka), _abjad_skeleton(kb)
            skel = 1.0 if ha == hb else Levenshtein.normalized_similarity(ha, hb)
        cross = factor * skel
        if worst == KANA:
            # Kana write every vowel: equal consonants with other vowels are weaker evidence.
            # (Hangul too, but Korean spellings of foreign vowels vary: measured, it lost.)
            cross *= 1.0 - KANA_VOWELS + KANA_VOWELS * value
        if cross > value:
            value, label = cross, "skeleton (other script)"
    return value, label


# Feminine forms of Slavic and Baltic surnames (keys): Ivanov / Ivanova, Ilin / Ilina,
# Kowalski / Kowalska, Novak / Novakova, Ozols / Ozola: one family name, weaker evidence than
# one spelling (in the dev data such pairs are mostly the same name).
_FEMININE = (
    ("ov", "ova"), ("ev", "eva"), ("in", "ina"), ("ski", "ska"), ("ski", "skaia"), ("tski", "tskaia"),
    ("oi", "aia"), ("ii", "aia"), ("k", "kova"), ("s", "a"), ("s", "e"),
)  # fmt: skip
GENDERED = 0.9  # the similarity of a surname and its feminine form
_FEMININE_LAST = frozenset(f[-1] for _, f in _FEMININE)


def _lithuanian(ka: str, fa: str, ca: str, kb: str, fb: str, cb: str) -> float:
    """The similarity of two keys when one is written with the ending ``-as`` that Lithuanian
    gives a name ending in a consonant (london / londonas, acinsk / achinskas), read without it;
    at most :data:`GENDERED`, like an inflected form; 0 when neither is written so.  (Measured:
    geonames +0.005/+0.007 B3/pairwise, latin pairwise -0.001; Latvian and Lithuanian -is, -us
    and -s, Esperanto -o and -e gained nothing or lost.)"""
    best = 0.0
    stem = lithuanian_stem(ka, fa) if kb[-2:] != "as" else ""
    if stem:
        best = _reading(stem, fa[:-2], skeleton(stem), ca, kb, fb, skeleton(kb), cb)[0]
    stem = lithuanian_stem(kb, fb) if ka[-2:] != "as" else ""
    if stem:
        best = max(best, _reading(ka, fa, skeleton(ka), ca, stem, fb[:-2], skeleton(stem), cb)[0])
    return min(GENDERED, best)


def _gendered(ka: str, kb: str) -> bool:
    """One key is the other's feminine form (ivanov / ivanova), after the same stem."""
    if ka[:2] != kb[:2] or not -4 <= len(ka) - len(kb) <= 4:  # no shared stem: most pairs
        return False
    if ka[-1:] not in _FEMININE_LAST and kb[-1:] not in _FEMININE_LAST:  # neither ends like one
        return False
    for m, f in _FEMININE:
        for x, y in ((ka, kb), (kb, ka)):
            if x.endswith(m) and y.endswith(f) and x[: -len(m)] == y[: -len(f)] and len(y) - len(f) >= 2:
                return True
    return False


DERIVED = 0.7  # the most a name and a patronymic made from it are alike


def _patronymic_of(ka: str, kb: str) -> bool:
    """Key ``ka`` is a Slavic patronymic made from key ``kb`` (aleksandrovich and aleksandrov or
    aleksandrova, vasilievna and vasiliev): a derived name, not a spelling of it.  The Polish
    maiden name in -owna stays a form of the one in -owa.  (Measured on the full dev samples:
    latin +0.0008/+0.0045 B3/pairwise, the others unchanged to four places; the male against
    the female patronymic too cost ru_translit 0.0004/0.0007.)"""
    if not 2 <= len(ka) - len(kb) <= 3:  # most pairs
        return False
    for suffix in ("ich", "na"):
        stem = ka[: -len(suffix)]
        if ka.endswith(suffix) and len(stem) >= 4 and stem[-1] == "v":
            return kb == stem or (suffix == "ich" and kb == stem + "a")
    return False


_VOWELS = frozenset("aeiou")


def _typo(ka: str, fa: str, kb: str, fb: str) -> bool:
    """One slip apart, as written or after folding (joel / joeo, sam / samx)."""
    if min(len(fa), len(fb)) < TYPO_MIN_LEN and len(fa) == len(fb):
        # In a short name one changed consonant makes another name (Nam / Sam, Kim / Lim); two
        # letters swapped are a slip, and so is one vowel for another: abjads leave short vowels
        # unwritten and romanisations guess them (Jan / Jon, Abu / Abo).  A letter added or lost
        # (Sam / Samx) is a slip too (below).
        # (Measured on the full dev samples: ofac +0.0004/+0.0008, geonames +0.0004/+0.0004,
        # en_ko -0.0001/-0.0002, the others within +0.0002.)
        if sorted(fa) == sorted(fb):
            return True
        diff = [(x, y) for x, y in zip(fa, fb, strict=True) if x != y]
        return len(diff) == 1 and diff[0][0] in _VOWELS and diff[0][1] in _VOWELS
    return OSA.distance(fa, fb) <= TYPO_EDITS or OSA.distance(ka, kb) <= TYPO_EDITS


def _truncated(ka: str, kb: str) -> bool:
    """One key is the other cut short (henri / henrikus): a shortened form, not another name."""
    short, long = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    return len(short) >= _TRUNCATION_MIN and long.startswith(short)


Memo = dict[tuple[object, ...], tuple[float, str]]
"""Token-pair similarities kept by the caller of :func:`compare` across calls that share tokens."""


def _pair_similarity(a: Token, b: Token, memo: Memo | None) -> tuple[float, str]:
    """:func:`token_similarity`, looked up in ``memo`` first (by what it depends on) if given."""
    if memo is None:
        return token_similarity(a, b)
    # Only two tokens of one syllabary are compared as written; any other pair by its sigs.
    key: tuple[object, ...]
    if (a.script == b.script and a.script in _SYLLABARY) or HAN in (a.script, b.script):
        key = (a.sig, a.text, b.sig, b.text)
    else:
        key = (a.sig, b.sig)
    got = memo.get(key)
    if got is None:
        got = memo[key] = token_similarity(a, b)
    return got


def _align(
    a: NameForm, b: NameForm, config: Config, with_evidence: bool, memo: Memo | None = None
) -> tuple[float, list[Evidence]]:
    ta, tb = a.tokens, b.tokens
    if memo is None:  # the same as _pair_similarity, one call less per pair
        cands = [
            (-v, i, j, label)
            for i, x in enumerate(ta)
            for j, y in enumerate(tb)
            for v, label in (token_similarity(x, y),)
        ]
    else:
        cands = [
            (-v, i, j, label)
            for i, x in enumerate(ta)
            for j, y in enumerate(tb)
            for v, label in (_pair_similarity(x, y, memo),)
        ]
    cands.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    num = 0.0
    den = 0.0
    weakest = 1.0
    weakest_pair: tuple[Token, Token] | None = None
    solid = False  # some aligned pair of two words, two initials or two equal keys
    rows: list[Evidence] = []
    for neg, i, j, label in cands:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        x, y = ta[i], tb[j]
        if (x.role == "initial") == (y.role == "initial") or x.key == y.key:
            solid = True
        weight = (config.role_weight(x.role) + config.role_weight(y.role)) / 2
        num -= neg * weight
        den += weight
        if -neg < weakest:
            weakest, weakest_pair = -neg, (x, y)
        if with_evidence:
            detail = f"{{}} ~ {{}}: {label}"
            if label == "skeleton" or label.startswith("skeleton "):
                detail = detail.format(x.skeleton, y.skeleton)
            else:
                detail = detail.format(x.key, y.key)
            rules = tuple(dict.fromkeys(x.rules + y.rules))
            rows.append(Evidence("pair", x.text, y.text, -neg, weight, detail, rules))
        if len(used_a) == len(ta) or len(used_b) == len(tb):
            break
    for side, tokens, used in (("a", ta, used_a), ("b", tb, used_b)):
        for i, t in enumerate(tokens):
            if i in used:
                continue
            weight = config.missing_cost * config.role_weight(t.role)
            den += weight
            if with_evidence:
                ra, rb = (t.text, "") if side == "a" else ("", t.text)
                rows.append(Evidence("missing", ra, rb, 0.0, weight, f"{t.role} not in the other name"))
    if (
        len(ta) == len(tb) == len(used_a) >= 2
        and weakest >= CORROBORATION_FLOOR
        and not {t.script for t in ta} & {t.script for t in tb}
    ):
        # Every part agrees across scripts (Hugh Dancy / 휴 댄시): independent parts that each
        # look alike corroborate each other.  A row of value 1 whose weight is a fixed share of
        # the total, so the score moves CORROBORATION of the way to 1.
        weight = den * CORROBORATION / (1.0 - CORROBORATION)
        num += weight
        den += weight
        if with_evidence:
            detail = f"all {len(ta)} parts agree across scripts (at least {CORROBORATION_FLOOR:.2f} each)"
            rows.append(Evidence("corroboration", "", "", 1.0, weight, detail))
    score = num / den if den else 0.0
    # A contradicting part caps the score: a name is no closer than its weakest aligned part
    # allows (Ilham Aliyev / Ilham Alimov).  A one-letter slip (a typo) is not a contradiction.
    if weakest_pair is not None and weakest + MARGIN < score:
        x, y = weakest_pair
        # Only spellings compared letter by letter can contradict; a weak match against an
        # abjad or a syllabary is uncertainty, not evidence of another name.
        typo = _typo(x.key, x.folded, y.key, y.folded) and "initial" not in (x.role, y.role)
        if x.script == y.script == LATIN and not typo and not _truncated(x.key, y.key):
            score = round(weakest + MARGIN, 12)
            if with_evidence:
                detail = f"score capped at the weakest aligned part + {MARGIN:.2f}: the names contradict"
                rows.append(Evidence("cap", x.text, y.text, score, 0.0, detail))
    if not solid and score > INITIALS_ONLY:
        # Initials standing for words (B. R. C. / Bustan Charity Company) say too little to
        # match a name on their own.  (Initial pairs score 0.9 or 0, so when the cap above
        # applied the score is already lower: one cap at most.)
        score = INITIALS_ONLY
        if with_evidence:
            detail = f"score capped at {INITIALS_ONLY:.2f}: only initials agree"
            rows.append(Evidence("cap", "", "", score, 0.0, detail))
    return score, rows


def _joined(a: NameForm, b: NameForm) -> tuple[float, str]:
    ja, jb = a.joined, b.joined
    value = OSA.normalized_similarity(ja, jb)
    label = "edit"
    scripts = {t.script for t in a.tokens + b.tokens}
    if len(scripts) == 1:
        return value, label
    worst = min(scripts, key=_CROSS_RANK.__getitem__)
    # The learned correspondences of the least trusted script (Lai Kuan-lin / 라이관린; measured:
    # en_ko +0.001/+0.003, scripts32 +0.001/+0.002).
    la, lb = learned_key(ja, worst), learned_key(jb, worst)
    learned = OSA.normalized_similarity(la, lb)
    if learned > value:
        value, label = learned, "learned correspondence"
    if worst == HANGUL:
        # Hangul writes every vowel, and a joined skeleton of Korean syllables matches too many
        # names (measured: en_ko pairwise F1 +0.014 without it).  A Korean name is also read
        # syllable by syllable against its romanised parts (en_ko +0.003/+0.006).
        by = _by_syllable(a, b)
        if by > value:
            value, label = by, "Korean syllables"
        return value, label
    xa, xb = _joined_sig(a), _joined_sig(b)
    if xa[3] != xb[3]:
        # The joined names as two tokens of their least trusted scripts, with every reading of
        # a token (measured: scripts32 +0.004/+0.006, un_sc +0.003/+0.003).
        alt, why = _similarity(xa, xb) if xa <= xb else _similarity(xb, xa)
        if alt > value:
            value, label = alt, why
    if worst == HAN:
        japanese = _japanese_joined(a, b)
        if japanese > value:
            value, label = japanese, "Japanese reading"
    # Across scripts the skeleton alone may carry the joined name.
    sa, sb = skeleton(ja), skeleton(jb)
    if worst in _NO_L_R:
        sa, sb = sa.replace("R", "L"), sb.replace("R", "L")
    n = min(4, max(len(sa) - (sa[:1] == "A"), len(sb) - (sb[:1] == "A")))
    cross = _CROSS_FACTOR[worst][n] * Levenshtein.normalized_similarity(sa, sb)
    if cross > value:
        value, label = cross, "skeleton (other script)"
    return value, label


def _japanese_joined(a: NameForm, b: NameForm) -> float:
    """A name written in Han characters read as Japanese, whole, against the other name written
    together, in order or with its last part (the family name) first, as Japanese writes it
    (田中角栄 / Kakuei Tanaka); 0 unless exactly one name is all Han."""
    han, other = (a, b) if han_whole(a.tokens) else (b, a)
    jp = japanese_whole(han.tokens)
    if jp is None or any(t.script == HAN for t in other.tokens):
        return 0.0
    x = jp.sig
    ys = [_joined_sig(other)]
    parts = other.tokens
    if len(parts) > 1:
        order = parts[-1:] + parts[:-1]
        key = "".join(t.key for t in order)
        ys.append((key, "".join(t.folded for t in order), skeleton(key), ys[0][3], False))
    return max((_similarity(x, y) if x <= y else _similarity(y, x))[0] for y in ys)


@lru_cache(maxsize=1 << 12)
def _syllable_token(syllable: str) -> Token:
    folded = fold_token(syllable)[0]
    key = token_key(folded)[0]
    return Token(syllable, folded, key, skeleton(key), "given", HANGUL, ())


def _by_syllable(a: NameForm, b: NameForm) -> float:
    """A Korean name written as one Hangul word against as many Latin parts as it has syllables
    (Kim Se-hyun / 김세현): the mean similarity of part and syllable, in order or with the
    family name moved to the front; 0 for other names."""
    if len(b.tokens) == 1 and b.tokens[0].script == HANGUL:
        a, b = b, a
    if len(a.tokens) != 1 or a.tokens[0].script != HANGUL:
        return 0.0
    text = a.tokens[0].text
    parts = b.tokens
    if len(text) != len(parts) or any(t.script != LATIN for t in parts):
        return 0.0
    syllables = [_syllable_token(ch) for ch in text]
    best = 0.0
    for order in (parts, parts[-1:] + parts[:-1]):
        sims = [token_similarity(x, y)[0] for x, y in zip(order, syllables, strict=True)]
        best = max(best, sum(sims) / len(sims))
    return best


def _joined_sig(form: NameForm) -> tuple[str, str, str, str, bool]:
    """:attr:`Token.sig` of a name's parts written together, in its least trusted script."""
    script = min((t.script for t in form.tokens), key=_CROSS_RANK.__getitem__)
    return form.joined, "".join(t.folded for t in form.tokens), skeleton(form.joined), script, False


def _flip(row: Evidence) -> Evidence:
    """The same row seen from the other side: ``a`` and ``b`` exchanged, also in its detail."""
    detail = row.detail
    head, sep, tail = detail.partition(": ")
    left, tilde, right = head.partition(" ~ ")
    if sep and tilde:
        detail = f"{right} ~ {left}: {tail}"
    return Evidence(row.kind, row.b, row.a, row.value, row.weight, detail, row.rules)


def compare(
    a: NameForm, b: NameForm, config: Config, *, with_evidence: bool = False, memo: Memo | None = None
) -> tuple[float, str, tuple[Evidence, ...]]:
    """Score two analysed names; return ``(score, method, evidence rows)``.

    ``evidence`` is empty unless ``with_evidence``; when given, the rows reconstruct the score.
    ``memo``, a dict the caller keeps, saves token-pair similarities between calls that share
    tokens (one query against many names: the scores are the same without it).
    """
    if not with_evidence and a.keys == b.keys and all(t.script not in _SYLLABARY for t in a.tokens):
        return 1.0, "tokens", ()
    if not with_evidence and len(a.tokens) == len(b.tokens) == 1:
        # One part each (most names in large lists): the alignment below reduces to the pair's
        # similarity; computed the same way so the score is bit-identical.
        x, y = a.tokens[0], b.tokens[0]
        weight = (config.role_weight(x.role) + config.role_weight(y.role)) / 2
        num = 0.0
        num -= -_pair_similarity(x, y, memo)[0] * weight
        return round(min(1.0, max(0.0, num / weight)), 12), "tokens", ()
    swapped = (b.original, b.keys) < (a.original, a.keys)
    if swapped:
        a, b = b, a
    score, rows = _align(a, b, config, with_evidence, memo)
    method = "tokens"
    if len(a.tokens) != len(b.tokens) and score < 1.0:
        joined, label = _joined(a, b)
        if joined > score:
            score, method = joined, "joined"
            if with_evidence:
                rules = tuple(dict.fromkeys(a.rules + b.rules))
                detail = f"{a.joined} ~ {b.joined}: {label}"
                rows = [
                    Evidence(
                        "joined",
                        " ".join(t.text for t in a.tokens),
                        " ".join(t.text for t in b.tokens),
                        joined,
                        1.0,
                        detail,
                        rules,
                    )
                ]
    # Rounded to 12 places, so a score that is exactly a threshold on paper (0.9) is not
    # 0.8999999999999999 in floating point and one step short of it.
    score = round(min(1.0, max(0.0, score)), 12)
    if swapped:
        rows = [_flip(r) for r in rows]
    return score, method, tuple(rows)
