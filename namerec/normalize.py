"""Normalisation: one string to an inspectable :class:`~namerec.NameForm`.

Steps: Unicode NFKC and case folding; ``SURNAME, Given`` order detected; split on spaces,
hyphens, commas and other punctuation (an apostrophe splits only after a one-letter prefix such
as ``d'`` or ``O'``, elsewhere it is a letter mark and vanishes: ``Sa'ad`` → ``saad``); every
token folded to ASCII by script (:mod:`namerec._translit`); a surname marker after a Han or
Hangul family name (``檀姓``, ``田中氏``, ``최씨``) dropped; titles and honorifics dropped;
particles (``al-``, ``ibn``, ``von``, ``van``, ``de``, ...) dropped so that *al-Qadhafi* meets
*Qadhafi*; Arabic compounds on ``abd`` and ``abu`` written as one part (*Abd al-Malik* meets
*Abdelmalik*); patronymic markers (``oglu``, ``qizi``) dropped and their patronymic tagged; roles
(given, surname, patronymic, initial) assigned.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ._keys import skeleton, token_key
from ._translit import ABJAD, HAN, HANGUL, KANA, char_script, fold_token
from .errors import EmptyNameError
from .types import NameForm, Token

MAX_NAME_LENGTH = 1000
"""Characters of a name that are analysed; the rest is ignored (bounds the work per name)."""

MAX_TOKENS = 12
"""Tokens of a name that are compared; further tokens are ignored."""

_APOSTROPHES = frozenset("'’ʼ`´ʻʿʾ‘′")
# Modifier letters that transliterations use for soft signs, stress and tones: dropped (unidecode
# reads the caron and breve marks as the letter V).
_MODIFIER_MARKS = frozenset("ʹʺˈˊˋʽˌˇ˘˅ˬ˟")
_SPLIT_PREFIXES = frozenset({"d", "l"})  # d'Artagnan, l'Aquila; O'Brien stays one word
_PLAIN = re.compile("[a-z0-9 ]*")

# Compared after folding to ASCII; dropped only when another token remains.
TITLES = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady herr frau fraulein monsieur madame
    mme mlle senor senora sr sra don dona signor signora sig hon honorable honourable rev
    reverend fr father sister brother saint st president praesident prasident prezident
    presidente vice general gen generalleutnant lieutenant lt colonel col major maj captain capt
    commander cmdr admiral adm sergeant sgt marshal brigadier minister ministre prime premier
    chancellor kanzler governor gov senator sen ambassador secretary chairman chairwoman chief
    king queen prince princess emir sultan sheikh shaikh sheik shaykh cheikh sayyed haji hajji hajj
    hadji alhaji imam mullah mulla maulana mawlana ayatollah hojatoleslam rabbi bishop
    archbishop cardinal pope patriarch mufti qadi engineer eng ing mag dipl
    maulawi mawlawi maulvi molvi molavi moulavi mawlavi ustadz ustad ustaz qari molla kyai kiai
    """.split()
)
POST_NOMINALS = frozenset(
    """
    jr sr snr esq phd md ii iii iv
    """.split()
)
PARTICLES = frozenset(
    """
    al el ul ad ash as at az ar an ud ud-din ibn bin bint binti ben ould bint von van der den
    ter te zu vom zum zur de del della dela di da das dos do du des le la y e i und and d l
    """.split()
)
# Particles that are only dropped when written with a hyphen or apostrophe (``ad-Din``):
# standalone they are often given names or surnames (An, As, Ben, Le).
_ATTACHED_ONLY = frozenset(
    """
    as ar ad ud le i la y d l e ash az an ben at
    """.split()
)
_ABJAD_TITLE_MIN = 4  # letters of a title written in an abjad
# Written after a family name: Chinese 姓 "surname" (欧姓, the family name Ou), 氏 "clan" (also
# the Japanese honorific "Mr./Ms.": 田中氏) and Korean 씨 "clan, Mrs." (최씨); dropped when a
# character remains.
_SURNAME_MARKERS = {HAN: frozenset("姓氏"), HANGUL: frozenset("씨")}
# "Son of" and "daughter of" in Arabic, Hebrew, Malay and Mauritanian names (nasab).
NASAB = frozenset("bin ibn ben bint binti ould ibnu".split())
PATRONYMIC_MARKERS = frozenset(
    """
    oglu ogly ugli uly oghlu ogli qizi kizi gizi kyzy qyzy
    """.split()
)
# Matched on keys, where -ovich, -ovitch and -ewitsch all end in -ich.
_PATRONYMIC_ENDINGS = ("ich", "ovna", "evna", "ivna", "ichna", "auna", "avna")  # -auna: Belarusian


@lru_cache(maxsize=1 << 12)
def _char_class(ch: str) -> str:
    """``w`` word character, ``a`` apostrophe, ``c`` comma, ``h`` hyphen, ``x`` drop, ``s`` split."""
    if ch in _APOSTROPHES:
        return "a"
    if ch == ",":
        return "c"
    if ch in _MODIFIER_MARKS:
        return "x"
    if ch in "\u0f0b\u0f0c":  # the Tibetan tsheg separates syllables of one word
        return "w"
    cat = unicodedata.category(ch)
    if cat[0] in "LMN":
        return "w"
    if cat == "Pd":
        return "h"
    if cat == "Cf":
        return "x"
    if cat == "Lm":
        return "w"  # iteration marks (々, ゝ), length marks
    return "s"


def _inside_word(before: str, after: str) -> bool:
    """Whether a middle dot between ``before`` and ``after`` is part of one word: between
    letters of alphabets it is (BGN/PCGN romanisation of Russian keeps т·с apart from ц and
    marks э as ·e: *T·ery*; Catalan writes *l·l*); between Han, kana or Hangul it separates the parts
    of a foreign name (卡尔·马克思)."""
    return before.isalpha() and after.isalpha() and not {char_script(before), char_script(after)} & _WIDE


_WIDE = frozenset((HAN, KANA, HANGUL))  # scripts whose names a middle dot separates


def _split(text: str) -> tuple[list[tuple[str, bool]], int]:
    """Split into ``(raw token, attached)`` pairs; ``attached`` means followed by a hyphen or
    apostrophe.  Return the tokens and the index of the first token after a lone comma (or -1)."""
    if _PLAIN.fullmatch(text):  # ASCII letters, digits and spaces: what the loop gives
        return [(t, False) for t in text.split(" ") if t], -1
    tokens: list[tuple[str, bool]] = []
    buf: list[str] = []
    comma_at = -1
    commas = 0
    hebrew = any("\u0590" <= c <= "\u05ff" for c in text)

    def flush(attached: bool) -> None:
        if buf:
            tokens.append(("".join(buf), attached))
            buf.clear()

    for x, ch in enumerate(text):
        kind = "w" if ch.isascii() and ch.isalnum() else _char_class(ch)
        if ch == "\u00b7" and buf and x + 1 < len(text) and _inside_word(buf[-1], text[x + 1]):
            continue
        if kind == "w":
            buf.append(ch)
        elif kind == "a":
            if hebrew:
                buf.append("'")
            elif len(buf) == 1 and buf[0] in _SPLIT_PREFIXES:
                flush(True)
        elif kind == "x":
            continue
        elif kind == "h":
            flush(True)
        else:
            flush(False)
            if kind == "c":
                commas += 1
                comma_at = len(tokens)
    flush(False)
    if commas != 1 or comma_at <= 0 or comma_at >= len(tokens):
        comma_at = -1
    return tokens, comma_at


# Arabic names built on abd (servant of) and abu (father of) are one name however they are
# split and whatever the article: Abd al-Malik / Abdelmalik / Abdul Malik, Abu Ubaydah / Abuobaidah.
_COMPOUND_HEADS = frozenset("abd abdul abdel abdal abdu abdur abdus abdou abdoul abu abou".split())
_ARTICLES = frozenset("al el ul il ar ur as us ad ud an un at ut az uz ash ush".split())


def _glue(parts: list[tuple[str, str, str, bool, bool]], keep: list[int]) -> list[int]:
    """Write a compound head (``abd``, ``abu``), an article after it and the next part as one
    part; return the indices that remain (``parts`` is updated in place)."""
    out: list[int] = []
    x = 0
    while x < len(keep):
        i = keep[x]
        tok, folded, script, _attached, comma = parts[i]
        if folded in _COMPOUND_HEADS:
            article = x + 1 < len(keep) and parts[keep[x + 1]][1] in _ARTICLES
            take = keep[x + 1 : x + 2 + article]
        else:
            article, take = False, []
        if (
            take
            and len(take) == 1 + article
            and parts[take[-1]][1] not in _ARTICLES
            and all(parts[t][4] == comma and parts[t][2] == script for t in take)
        ):
            last = parts[take[-1]]
            text = "-".join([tok, *(parts[t][0] for t in take)])
            parts[i] = (text, folded + "".join(parts[t][1] for t in take), script, last[3], comma)
            x += 1 + len(take)
        else:
            x += 1
        out.append(i)
    return out


@lru_cache(maxsize=1 << 16)
def _analyse(text: str) -> tuple[tuple[Token, ...], tuple[tuple[str, str], ...]]:
    raw, comma_at = _split(text)
    # (text as written, folded, script class, attached to the next part, before a lone comma)
    parts: list[tuple[str, str, str, bool, bool]] = []
    dropped: list[tuple[str, str]] = []
    for idx, (tok, attached) in enumerate(raw):
        folded, script = fold_token(tok)
        if not folded:
            continue
        if len(tok) >= 2 and tok[-1] in _SURNAME_MARKERS.get(script, ()):
            dropped.append((tok[-1], "surname marker"))
            tok = tok[:-1]
            folded, script = fold_token(tok)
        if script == ABJAD and folded.startswith("al") and len(folded) > 4 and tok[:2] == "ال":
            parts.append((tok[:2], "al", script, True, comma_at >= 0 and idx < comma_at))
            tok, folded = tok[2:], folded[2:]
        parts.append((tok, folded, script, attached, comma_at >= 0 and idx < comma_at))
    if not any(any(c.isalpha() for c in p[1]) for p in parts):
        return (), ()

    patronymic_idx: set[int] = set()
    keep: list[int] = []
    for i, (tok, folded, _s, _attached, _c) in enumerate(parts):
        if folded in PATRONYMIC_MARKERS and keep:
            patronymic_idx.add(keep[-1])
            dropped.append((tok, "patronymic marker"))
            continue
        keep.append(i)

    keep = _glue(parts, keep)

    # A standalone ben (a given name at the start: Ben Stiller) inside a name is a nasab
    # particle, except right before the last part where it may open a Hebrew surname
    # (David Ben Gurion), unless the name strings several (Mehrez Ben Mahmoud Ben Sassi).
    # (Measured on the full dev samples: ofac +0.0003/+0.0008, un_sc +0.0004/+0.0013, the
    # others unchanged; dropping every inner ben cost en_he 0.0004/0.0009.)
    nasab = [i for i in keep if parts[i][1] in NASAB]
    inner = set(keep[1:-1]) if len(nasab) >= 2 else set(keep[1:-2])
    given = [i for i in keep if not parts[i][4]]
    comma_form = 0 < len(given) < len(keep)  # SURNAME, Given
    if comma_form:
        # No surname follows the given part (AYARI, Chiheb Ben Mohamed).
        inner |= set(given[1:])

    def particle(i: int) -> bool:
        folded, attached = parts[i][1], parts[i][3]
        if folded in NASAB and i in inner:
            return True
        return folded in PARTICLES and (attached or folded not in _ATTACHED_ONLY)

    # Titles lead a name (``Präsident``, ``Dr.``) and post-nominals close it (``Jr``); the same
    # words elsewhere are names (Bishop, King).  Titles and particles go only while a name
    # part remains.
    # Abbreviations are a Latin habit: an abjad word that folds to a short one (אדם Adam ->
    # adm) is a name.
    def word(i: int, words: frozenset[str]) -> bool:
        folded = parts[i][1]
        return folded in words and (parts[i][2] != ABJAD or len(folded) >= _ABJAD_TITLE_MIN)

    reasons: dict[int, str] = {}
    # In ``SURNAME, Given`` the given part leads (MAZHAR, Maulana Hakim: Maulana is a title),
    # and a title word that is the whole given part is the given name (KHAN, Sultan).
    lead = given[:-1] if comma_form else keep
    for i in lead:
        if not word(i, TITLES) or parts[i][4]:
            break
        reasons[i] = "title"
    for i in reversed(keep):
        if not word(i, POST_NOMINALS) or i in reasons:
            break
        reasons[i] = "post-nominal"
    for i in keep:
        if i not in reasons and particle(i):
            reasons[i] = "particle"
    if any(i not in reasons and any(ch.isalpha() for ch in parts[i][1]) for i in keep):
        for i in list(keep):
            if i in reasons:
                dropped.append((parts[i][0], reasons[i]))
                keep.remove(i)
    keep = keep[:MAX_TOKENS]

    n = len(keep)
    by_comma = [parts[i][4] for i in keep]
    if any(by_comma) and not all(by_comma):
        # SURNAME, Given  ->  Given SURNAME
        surname_set = {i for i, c in zip(keep, by_comma, strict=True) if c}
        order = [i for i in keep if i not in surname_set] + [i for i in keep if i in surname_set]
    else:
        order = keep
        surname_set = set()

    keys = {i: token_key(parts[i][1]) for i in order}
    for i in order:
        if n >= 3 and keys[i][0].endswith(_PATRONYMIC_ENDINGS):
            patronymic_idx.add(i)
    if not surname_set and order:
        # Western order: the last part that is not a patronymic; Russian order
        # (Surname Given Patronymic) when a patronymic closes the name.
        if order[-1] in patronymic_idx and n >= 3 and order[0] not in patronymic_idx:
            surname_set = {order[0]}
        else:
            candidates = [i for i in order if i not in patronymic_idx and len(parts[i][1]) > 1]
            surname_set = {candidates[-1] if candidates else order[-1]}

    tokens = []
    for i in order:
        tok, folded, script, _a, _c = parts[i]
        key, fired = keys[i]
        if len(folded) == 1 and n > 1:
            role = "initial"
        elif i in surname_set:
            role = "surname"
        elif i in patronymic_idx:
            role = "patronymic"
        else:
            role = "given"
        tokens.append(Token(tok, folded, key, skeleton(key), role, script, fired))
    return tuple(tokens), tuple(dropped)


def prepare(name: str) -> str:
    """NFKC, case folding and length bound: the text that :func:`normalize` analyses."""
    return unicodedata.normalize("NFKC", name[: MAX_NAME_LENGTH * 2]).casefold()[:MAX_NAME_LENGTH]


def normalize(name: str) -> NameForm:
    """Analyse a name into tokens with transliteration keys, roles and the rules that fired.

    Raises ``TypeError`` for non-strings and :class:`~namerec.EmptyNameError` when no letters
    remain.

    >>> form = normalize("QADHAFI, Muammar")
    >>> [(t.key, t.role) for t in form.tokens]
    [('muamar', 'given'), ('kadafi', 'surname')]
    >>> normalize("Präsident Ilham Heydar oglu Əliyev").keys
    ('ilham', 'heidar', 'aliev')

    .. versionadded:: 0.1
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    if len(name) > MAX_NAME_LENGTH:
        # Not cached: the cache would keep thousands of huge strings alive.
        return _normalize.__wrapped__(name)
    return _normalize(name)


@lru_cache(maxsize=1 << 16)
def _normalize(name: str) -> NameForm:
    # NameForm is immutable, so one instance per spelling can be shared (rapidfuzz's
    # process.extract calls the scorer once per choice, with the same strings every query).
    tokens, dropped = _analyse(prepare(name))
    if not tokens:
        raise EmptyNameError(name)
    return NameForm(name, tokens, dropped)
