"""Normalisation: one string to a NameForm with tokens, keys, roles, rules and dropped words."""

from __future__ import annotations

import csv
import string
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from strategies import arbitrary_text, names

import namerec
from namerec import EmptyNameError, NameForm, normalize

BASE = "Ilham Aliyev"


def keys(name: str) -> tuple[str, ...]:
    return normalize(name).keys


def folded(name: str) -> tuple[str, ...]:
    return tuple(t.folded for t in normalize(name).tokens)


# --- Unicode: NFKC, case folding, marks ---------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "plain"),
    [("ﬁnk", "fink"), ("ＡＬＩＹＥＶ", "Aliyev"), ("Ａｌｉｙｅｖ Ｉｌｈａｍ", "Aliyev Ilham"),
     ("Ⅱvan", "IIvan")],
)
def test_nfkc_compatibility_forms_fold_to_plain_letters(variant: str, plain: str) -> None:
    """Compatibility characters (ligatures, full-width, Roman numerals) give the keys of their NFKC form."""
    assert keys(variant) == keys(plain)


@pytest.mark.parametrize(("upper", "lower"), [("ALIYEV", "aliyev"), ("GORBATSCHOW", "gorbatschow"),
                                                ("STRASSE", "Straße"), ("АЛИЕВ", "алиев")])
def test_case_folding(upper: str, lower: str) -> None:
    """Upper case, lower case and German sharp s give the same keys."""
    assert keys(upper) == keys(lower)


@pytest.mark.parametrize(
    ("marked", "plain"),
    [("Netanjáhu", "Netanjahu"), ("Netanja\u0301hu", "Netanjahu"), ("Mikhaïl", "Mikhail"),
     ("José Müller", "Jose Muller"), ("Zoë Brontë", "Zoe Bronte"), ("Ángel Pérez", "Angel Perez")],
)
def test_vowel_marks_are_stripped(marked: str, plain: str) -> None:
    """Accents on vowels, precomposed or combining, vanish from the keys."""
    assert keys(marked) == keys(plain)


def test_precomposed_and_decomposed_input_agree() -> None:
    """NFC and NFD spellings of the same name give identical tokens."""
    name = "Həsənov Çələbi Müller"
    nfd, nfc = unicodedata.normalize("NFD", name), unicodedata.normalize("NFC", name)
    assert nfd != nfc
    assert normalize(nfd).tokens == normalize(nfc).tokens


# --- scripts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Алиев", "aliev"),  # Cyrillic (Russian)
        ("Зеленський", "zelenskii"),  # Cyrillic (Ukrainian), letters only
        ("Τσίπρας", "tsipras"),  # Greek
        ("Արամ", "aram"),  # Armenian
        ("სააკაშვილი", "saakashvili"),  # Georgian
    ],
)
def test_scripts_fold_to_latin(name: str, expected: str) -> None:
    """Cyrillic, Greek, Armenian and Georgian letters fold to plain Latin letters."""
    (token,) = normalize(name).tokens
    assert token.folded.isascii() and token.folded.isalpha()
    # Compare loosely on y/i so the test does not pin one romanisation of й.
    assert token.folded.replace("y", "i") == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Həsənov", "hasanov"), ("Kılıç", "kilich"), ("Şəhriyar", "shahriyar"), ("Çələbi", "chalabi"),
     ("Ağa", "aga"), ("Əliyev", "aliyev")],
)
def test_azerbaijani_and_turkish_letters_fold_to_latin(name: str, expected: str) -> None:
    """Azerbaijani/Turkish ə ı ş ç ğ fold to a, i, sh, ch, g."""
    assert folded(name) == (expected,)


def test_cyrillic_and_latin_spellings_share_keys() -> None:
    """A Russian Cyrillic spelling and its usual romanisations give the same key."""
    assert keys("Алиев") == keys("Aliyev") == keys("Alijew") == keys("Əliyev")


def test_every_key_is_lowercase_ascii() -> None:
    """Keys and folded forms of names in many scripts contain only lower-case ASCII letters and digits."""
    for name in ["Ильхам Алиев", "בנימין נתניהו", "معمر القذافي", "Αλέξης Τσίπρας", "Michał Gorbaczow",
                 "Արամ Խաչատրյան", "მიხეილ სააკაშვილი", "İlham Əliyev"]:
        for t in normalize(name).tokens:
            for text in (t.folded, t.key):
                assert text and text.isascii() and text == text.lower() and text.isalnum(), (name, t)


# --- tokens and order ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "n"),
    [("Ilham Aliyev", 2), ("Ilham   Aliyev", 2), ("Ilham\tAliyev", 2), ("Jean-Pierre Raffarin", 3),
     ("Smith,John", 2), ("Smith, John", 2), ("Ilham Heydar Aliyev", 3), ("Aliyev", 1)],
)
def test_tokens_split_on_spaces_hyphens_commas(name: str, n: int) -> None:
    """Spaces, tabs, hyphens and commas separate tokens."""
    assert len(normalize(name).tokens) == n


@pytest.mark.parametrize(
    ("name", "parts"),
    [("T·ery", ["tery"]), ("Gal·la", ["galla"]), ("Pyot·r", ["pyotr"]), ("卡尔·马克思", ["卡尔", "马克思"]),
     ("カール・マルクス", ["カール", "マルクス"]), ("Ann · Lee", ["ann", "lee"])],
)
def test_middle_dot_joins_letters_of_alphabets_and_separates_han(name: str, parts: list[str]) -> None:
    """BGN/PCGN's and Catalan's middle dot is inside a word; between Han or kana, and between
    spaces, it separates parts (it used to split every word, so *T·ery* was an initial T)."""
    assert [t.text for t in normalize(name).tokens] == parts


@pytest.mark.parametrize(
    ("name", "parts"),
    [("AL-AMDOUNI, Mehrez Ben Mahmoud Ben Sassi", ["mehrez", "mahmoud", "sassi", "amdouni"]),
     ("Mehrez Ben Mahmoud Amdouni", ["mehrez", "mahmoud", "amdouni"]),
     ("David Ben Gurion", ["david", "ben", "gurion"]), ("Ben Stiller", ["ben", "stiller"]),
     ("AYARI, Chiheb Ben Mohamed", ["chiheb", "mohamed", "ayari"]),
     ("BEN GURION, David", ["david", "ben", "gurion"])],
)
def test_ben_inside_a_name_is_a_nasab_particle(name: str, parts: list[str]) -> None:
    """*Ben* between names means "son of" (it stayed a given name, so *Mehrez Ben Mahmoud Ben
    Sassi* lacked four parts against *Mehrez*); leading a name, or opening its last part (a
    Hebrew surname), it stays."""
    assert [t.key for t in normalize(name).tokens] == [normalize(p).tokens[0].key for p in parts]


def test_comma_order_surname_given() -> None:
    """``QADHAFI, Muammar`` puts the given name first with a muammar-like key and tags qadhafi as surname."""
    form = normalize("QADHAFI, Muammar")
    assert [t.role for t in form.tokens] == ["given", "surname"]
    given_, surname = form.tokens
    assert given_.folded == "muammar"
    assert given_.key == normalize("Muammar").keys[0]
    assert given_.key.startswith("mu")
    assert surname.folded == "qadhafi"
    assert form.keys == normalize("Muammar al-Qadhafi").keys


def test_surname_is_last_in_western_order() -> None:
    """Without a comma the last part is the surname and the others are given names."""
    form = normalize("Benjamin Netanyahu")
    assert [t.role for t in form.tokens] == ["given", "surname"]


def test_initial_role() -> None:
    """A one-letter part of a longer name is an initial."""
    form = normalize("B. Netanyahu")
    assert [t.role for t in form.tokens] == ["initial", "surname"]


def test_patronymic_with_marker() -> None:
    """``Heydar oglu`` is a patronymic: the marker is dropped and the preceding part tagged."""
    form = normalize("Ilham Heydar oglu Aliyev")
    roles = {t.folded: t.role for t in form.tokens}
    assert roles["heydar"] == "patronymic"
    assert roles["aliyev"] == "surname"
    assert ("oglu", "patronymic marker") in form.dropped
    assert "oglu" not in {t.folded for t in form.tokens}


def test_surname_markers_after_han_and_hangul() -> None:
    """姓 / 氏 after a Chinese or Japanese family name and 씨 after a Korean one are markers,
    dropped while a character remains (檀姓 is the family name Tan)."""
    form = normalize("檀姓")
    assert [t.text for t in form.tokens] == ["檀"]
    assert ("姓", "surname marker") in form.dropped
    assert [t.text for t in normalize("숙빈 최씨").tokens] == ["숙빈", "최"]
    assert [t.text for t in normalize("氏").tokens] == ["氏"]  # nothing would remain
    assert [t.text for t in normalize("Tan").tokens] == ["tan"]
    assert namerec.match("tan", "檀姓").is_match


# --- titles and particles -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    ["Präsident", "Dr.", "Dr", "General", "Minister", "Sheikh", "Mr", "Mr.", "Herr", "PRÄSIDENT",
     "President"],
)
def test_honorifics_are_dropped(title: str) -> None:
    """A title before a name is left out of the keys and recorded in ``dropped`` as a title."""
    form = normalize(f"{title} {BASE}")
    assert form.keys == keys(BASE)
    assert [reason for _w, reason in form.dropped] == ["title"]


@pytest.mark.parametrize("title", ["Maulana", "Molavi", "Ustadz", "Qari", "Dr."])
def test_title_leading_the_given_part_after_a_comma_is_dropped(title: str) -> None:
    """In ``SURNAME, Given`` the given part starts the name: a title there was kept as a given
    name (MAZHAR, Molavi Muhammad never met MAZHAR, Muhammad)."""
    form = normalize(f"MAZHAR, {title} Muhammad")
    assert form.keys == normalize("MAZHAR, Muhammad").keys
    assert [reason for _w, reason in form.dropped] == ["title"]
    assert normalize("Sheikh, Ali").dropped == ()  # the surname part is never a title


@pytest.mark.parametrize("title", ["Sultan", "Imam", "Haji"])
def test_title_that_is_the_whole_given_part_is_the_given_name(title: str) -> None:
    """In ``ZABIN, Sultan`` the only given part is the given name, not a title (dropped, it
    left *ZABIN* alone to match *ZABIN, Abu Saqer* at 0.87 and split the cluster)."""
    assert [t.folded for t in normalize(f"ZABIN, {title}").tokens] == [title.lower(), "zabin"]
    assert normalize(f"ZABIN, {title}").dropped == ()


@pytest.mark.parametrize("title", ["President", "Dr.", "Sheikh", "General", "Herr", "Minister"])
def test_name_that_is_only_a_title_is_kept(title: str) -> None:
    """A name made only of a title keeps that word as its token instead of becoming empty."""
    form = normalize(title)
    assert len(form.tokens) == 1
    assert form.dropped == ()


@pytest.mark.parametrize(
    ("with_particle", "without"),
    [("al-Qadhafi", "Qadhafi"), ("Muammar al-Qadhafi", "Muammar Qadhafi"), ("el-Baradei", "Baradei"),
     ("Mohamed el-Baradei", "Mohamed Baradei"), ("Abdullah ibn Saud", "Abdullah Saud"),
     ("Osama bin Laden", "Osama Laden"), ("Ludwig van Beethoven", "Ludwig Beethoven"),
     ("Ursula von der Leyen", "Ursula Leyen"), ("Charles de Gaulle", "Charles Gaulle")],
)
def test_particles_are_dropped(with_particle: str, without: str) -> None:
    """Particles (al-, el-, ibn, bin, von, van, de) are left out so both spellings share keys."""
    form = normalize(with_particle)
    assert form.keys == keys(without)
    assert form.dropped and all(reason == "particle" for _w, reason in form.dropped)


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "123", "--", " ", "...", "\u200b", "42-17, 3"])
def test_empty_names_raise(text: str) -> None:
    """Strings without letters raise EmptyNameError (a ValueError) carrying the input."""
    with pytest.raises(EmptyNameError) as info:
        normalize(text)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, namerec.NamerecError)
    assert info.value.name == text


@pytest.mark.parametrize("value", [None, 42, 3.5, b"Aliyev", ["Aliyev"]])
def test_non_strings_raise_type_error(value: object) -> None:
    """Non-string input raises TypeError, not EmptyNameError."""
    with pytest.raises(TypeError):
        normalize(value)  # type: ignore[arg-type]


# --- provenance: rules and dropped words --------------------------------------------------------


def test_rules_that_fired_are_recorded() -> None:
    """The NameForm lists the folding rules that changed a token, with ids from ``namerec.RULES``."""
    form = normalize("Hasanow")
    assert "w" in form.rules
    assert "w" in form.tokens[0].rules
    assert "cz" in normalize("Gorbaczow").rules
    assert normalize("Hasanov").rules == ()
    for name in ["Hasanow", "Gorbatschow", "Gorbaczow", "Qadhafi", "Alijew", "Mikhail"]:
        for rid in normalize(name).rules:
            assert rid in namerec.RULES, (name, rid)


def test_dropped_words_are_recorded() -> None:
    """Titles, particles and patronymic markers appear in ``dropped`` with their reason."""
    form = normalize("Präsident Ilham Heydar oglu Əliyev")
    assert form.keys == normalize("Ilham Heydar Aliyev").keys
    assert ("präsident", "title") in form.dropped
    assert ("oglu", "patronymic marker") in form.dropped
    assert normalize("Muammar al-Qadhafi").dropped == (("al", "particle"),)


def test_original_is_kept_verbatim() -> None:
    """``NameForm.original`` is the input string unchanged."""
    for name in ["  QADHAFI, Muammar ", "Präsident Ilham Aliyev", "Ильхам Алиев"]:
        assert normalize(name).original == name


def test_normalize_accepts_very_long_input() -> None:
    """A huge input is analysed up to ``MAX_NAME_LENGTH`` characters without error."""
    form = normalize("Aliyev " * 10_000)
    assert form.tokens
    assert len(form.tokens) <= 12


# --- properties ---------------------------------------------------------------------------------


@given(names())
def test_normalization_of_keys_is_idempotent(name: str) -> None:
    """Folding a token's key again gives the same key (keys are fixed points of the rules).

    (Re-normalising the keys as a whole name is not idempotent by design: a key such as ``ul``
    or ``ing`` is then read as a particle or title and dropped.)
    """
    from namerec._keys import token_key

    for t in normalize(name).tokens:
        assert token_key(t.key)[0] == t.key, f"{name!r}: key {t.key!r} re-folds to {token_key(t.key)[0]!r}"


@pytest.mark.parametrize("word", ["tiouttchev", "fankhauzer", "th"])
def test_rules_run_to_a_fixpoint(word: str) -> None:
    """A rule whose output enables an earlier rule is applied again (regression: tiouttchev)."""
    from namerec._keys import token_key

    key = token_key(word)[0]
    assert token_key(key)[0] == key


@given(names())
def test_names_always_give_tokens_with_consistent_fields(name: str) -> None:
    """A name with letters gives tokens whose keys are ASCII and whose roles are known."""
    form = normalize(name)
    assert isinstance(form, NameForm) and form.tokens
    for t in form.tokens:
        assert t.role in ("given", "surname", "patronymic", "initial")
        assert t.key and set(t.key) <= set(string.ascii_lowercase + string.digits)
    assert form.joined == "".join(form.keys)
    assert sum(t.role == "surname" for t in form.tokens) <= 1 or "," in name


@given(arbitrary_text())
def test_arbitrary_text_never_crashes(text: str) -> None:
    """Any string either normalises to at least one token or raises EmptyNameError."""
    try:
        form = normalize(text)
    except EmptyNameError:
        return
    assert form.tokens and form.original == text


# --- real data (optional) -----------------------------------------------------------------------


def _sample_names(path: Path, every: int) -> list[str]:
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)
        for k, row in enumerate(reader):
            if k % every == 0 and len(row) > 1:
                out.append(row[1])
    return out


def test_shared_data_names_normalise_without_crashing(shared_data: Path) -> None:
    """A sample of real names in dozens of scripts normalises or raises EmptyNameError, nothing else."""
    files = sorted(shared_data.glob("*.tsv"))
    assert files
    total = 0
    for path in files:
        for name in _sample_names(path, every=40):
            total += 1
            try:
                form = normalize(name)
            except EmptyNameError:
                continue
            assert form.tokens, name
            for t in form.tokens:
                assert t.key.isascii(), (name, t)
    assert total > 1000


def test_documented_rule_table_is_the_shipped_table() -> None:
    """docs/how-it-works.md lists every folding rule of namerec.RULES, in order."""
    from pathlib import Path

    import namerec

    text = (Path(__file__).resolve().parent.parent / "docs" / "how-it-works.md").read_text("utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and line.count(" | ") == 4]
    documented = [row.split(" | ")[0][2:] for row in rows if row.split(" | ")[1].startswith("`")]
    assert documented == list(namerec.RULES)
