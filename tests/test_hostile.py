"""Hostile strings: any Unicode at all, huge names and inputs of any type never crash namerec,
never give NaN, and never lose a name.

The only error a string can raise is :class:`namerec.EmptyNameError` (no letters); other types
raise ``TypeError`` in ``score``/``match``/``explain`` and are rejected by ``cluster``.
"""

from __future__ import annotations

import contextlib
import json
import math
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import namerec
from namerec.normalize import MAX_TOKENS

# Character classes that break naive text code, a few of each.
CLASSES = {
    "control": "".join(map(chr, [*range(0x00, 0x20), *range(0x7F, 0xA0)])),
    "format and bidi": "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2066\u2067\u2068\u2069\ufeff\ufff9\ufffa\ufffb\U000e0001\U000e0020\U000e007f",
    "combining": "\u0300\u0301\u0308\u0327\u034f\u0489\u064b\u0670\u0e31\u20d2\u20dd\u302a\ufe20\u1ab0",
    "surrogate": "\ud800\udbff\udc00\udfff\udcff",
    "private use": "\ue000\uf8ff\U000f0000\U0010fffd",
    "noncharacter": "\ufffe\uffff\ufdd0\U0001fffe",
    "emoji": "😀👍🏽👨\u200d👩\u200d👧🏳\ufe0f\u200d🌈🇦🇿#\ufe0f\u20e3",
    "digits": "0123456789٠١٢٣४५０１２𝟎𝟏½²Ⅻ",
    "whitespace": " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2003\u2007\u200a\u2028\u2029"
    "\u202f\u205f\u3000",
    "letters": "aZéßİıŁÆŒǅﬁﬀГорбачёвΕλλάδαאבגعربي习近平佐々木김정은ひらがなカタカナᚠᚢ𝔄𝔅Ⓐｱ",
    "expands under NFKC": "\ufdfa\ufdfb\u3300\u33ff\ufb2c\u0390\u1e9e\U0001d400\u2474",
    "punctuation": "'’ʼ`´-‐–—,.;:!?()[]{}\"«»“”/\\|@#$%^&*+=~<>",
}
ALL = "".join(CLASSES.values())


def _repeat(piece: str, n: int) -> str:
    return (piece * (n // len(piece) + 1))[:n] if piece else ""


def hostile_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Strings from every corner of Unicode: any code point (lone surrogates included), runs of
    the classes above, mixtures, and pieces repeated up to 100,000 characters."""
    anything = st.text(alphabet=st.characters(exclude_categories=()), max_size=max_size)
    by_class = st.sampled_from(list(CLASSES.values())).flatmap(
        lambda cls: st.text(alphabet=st.sampled_from(cls), max_size=max_size)
    )
    mixed = st.text(alphabet=st.sampled_from(ALL), max_size=max_size)
    huge = st.tuples(st.one_of(by_class, mixed, anything), st.integers(1_000, 100_000)).map(
        lambda t: _repeat(t[0], t[1])
    )
    return st.one_of(anything, by_class, mixed, huge)


@given(hostile_text())
def test_normalize_any_text(name: str) -> None:
    """normalize() gives a NameForm with keyed tokens, or raises EmptyNameError; nothing else."""
    try:
        form = namerec.normalize(name)
    except namerec.EmptyNameError as exc:
        assert exc.name == name
        return
    assert form.original == name
    assert 1 <= len(form.tokens) <= MAX_TOKENS
    assert all(isinstance(t.key, str) and t.key for t in form.tokens)


@given(hostile_text(), hostile_text())
def test_verbs_any_text(a: str, b: str) -> None:
    """score, match and explain on any strings: a symmetric number in [0, 1] or EmptyNameError;
    the explanation renders as text, HTML and JSON."""
    try:
        s = namerec.score(a, b)
    except namerec.EmptyNameError:
        return
    assert isinstance(s, float) and not math.isnan(s) and 0.0 <= s <= 1.0
    assert namerec.score(b, a) == s
    assert namerec.match(a, b).score == s
    e = namerec.explain(a, b)
    assert e.score == s and not math.isnan(e.weighted_mean)
    assert all(not math.isnan(r.value) and not math.isnan(r.weight) for r in e.evidence)
    str(e)
    e._repr_html_()
    json.dumps(e.to_dict())


@given(hostile_text())
def test_identity_any_text(a: str) -> None:
    """Any name with letters scores exactly 1.0 against itself."""
    with contextlib.suppress(namerec.EmptyNameError):
        assert namerec.score(a, a) == 1.0


class _Opaque:
    """An object of a type namerec has never heard of."""


MISSING_OR_WRONG = st.one_of(
    st.none(),
    st.just(float("nan")),
    st.floats(allow_nan=False),
    st.integers(),
    st.binary(max_size=10),
    st.just(_Opaque()),
    st.tuples(st.text(max_size=5)),
)


@settings(max_examples=150)
@given(st.lists(st.one_of(hostile_text(20), hostile_text(20), MISSING_OR_WRONG), max_size=25), st.randoms())
def test_cluster_loses_nothing(values: list[Any], rnd: Any) -> None:
    """Every input is in exactly one cluster or in ``rejected`` with a reason; the counts add up
    to the input length, duplicates included."""
    items = values + [rnd.choice(values) for _ in range(len(values) // 2)] if values else []
    rnd.shuffle(items)
    result = namerec.cluster(items)
    assert len(result.labels) == len(items)
    clustered = sum(sum(k.counts) for k in result.clusters)
    rejected = sum(r.count for r in result.rejected)
    assert clustered + rejected == len(items)
    members = [m for k in result.clusters for m in k.members]
    assert len(members) == len(set(members))  # a spelling is in one cluster only
    rejected_texts = {r.text for r in result.rejected}
    for value, label in zip(items, result.labels, strict=True):
        if label is None:
            assert repr(value) in rejected_texts
        else:
            assert value in result.clusters[label].members
    for r in result.rejected:
        assert r.reason in ("missing value", "no letters") or r.reason.startswith("not a string")
        assert r.count >= 1
    for k in result.clusters:
        assert k.canonical in k.members and all(n >= 1 for n in k.counts)
    str(result)
    result._repr_html_()


@settings(max_examples=30)  # drawing long strings is slow; the property is simple
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=namerec.MAX_NAME_LENGTH, max_size=3000))
def test_text_beyond_max_name_length_is_ignored(name: str) -> None:
    """Only the first MAX_NAME_LENGTH characters of a name are analysed."""
    head = name[: namerec.MAX_NAME_LENGTH]
    try:
        expected = namerec.normalize(head).keys
    except namerec.EmptyNameError:
        expected = None
    try:
        got = namerec.normalize(name).keys
    except namerec.EmptyNameError:
        got = None
    assert got == expected


def test_letters_only_after_the_limit_are_no_letters() -> None:
    """A name whose letters all come after MAX_NAME_LENGTH characters has no letters (documented)."""
    name = "1" * namerec.MAX_NAME_LENGTH + "Aliyev"
    assert namerec.cluster([name]).rejected[0].reason == "no letters"


def test_empty_name_error_message_is_bounded() -> None:
    """A 100,000-character name without letters gives a short message (it used to quote it all)."""
    name = "1" * 100_000
    try:
        namerec.score(name, "Aliyev")
    except namerec.EmptyNameError as exc:
        assert len(str(exc)) < 200 and "100,000 characters" in str(exc)
        assert exc.name == name
    else:
        raise AssertionError("no EmptyNameError")


def test_match_cli_with_huge_argument_has_a_short_error() -> None:
    """``namerec match`` with a 100,000-digit argument exits 2 with one short line."""
    proc = subprocess.run(
        [sys.executable, "-m", "namerec", "match", "7" * 100_000, "Aliyev"],
        capture_output=True, timeout=60, check=False,
    )
    assert proc.returncode == 2
    assert len(proc.stderr) < 300 and b"Traceback" not in proc.stderr


def test_cli_arguments_that_are_not_utf8() -> None:
    """Arguments with bytes that are not UTF-8 (lone surrogates in Python) give output, not a
    traceback; the bad bytes are written escaped."""
    for verb in (["match", "--json"], ["explain"], ["explain", "--json"]):
        proc = subprocess.run(
            [sys.executable, "-m", "namerec", *verb, b"Ali\xffyev", "Aliyev"],
            capture_output=True, timeout=60, check=False,
        )
        assert proc.returncode in (0, 1), proc.stderr
        assert b"Traceback" not in proc.stderr
        assert b"\\udcff" in proc.stdout
        proc.stdout.decode("utf-8")  # valid UTF-8 whatever the input


@pytest.mark.parametrize(
    "fields",
    [{"surname_weight": float("inf")}, {"given_weight": 1e308, "surname_weight": 1e308},
     {"initial_weight": float("-inf")}, {"threshold": float("inf")}, {"missing_cost": float("inf")}],
)
def test_weights_that_overflow_are_config_errors(fields: dict[str, float]) -> None:
    """Infinite or overflowing weights are refused: they made explain() report NaN and a score
    different from score() (1.0 against 0.0 for Aliyev / Alijew)."""
    with pytest.raises(namerec.ConfigError):
        namerec.Config(**fields)


WEIGHT = st.floats(min_value=1e-300, max_value=1e6)


@settings(max_examples=100)
@given(st.fixed_dictionaries({"surname_weight": WEIGHT, "given_weight": WEIGHT,
                              "patronymic_weight": WEIGHT, "initial_weight": WEIGHT,
                              "missing_cost": st.floats(0, 1)}),
       st.sampled_from([("Ilham Aliyev", "Heydar Aliyev"), ("Aliyev", "Alijew"),
                        ("B. Netanyahu", "Benjamin Netanyahu"), ("Ilham Heydar oglu Aliyev", "Aliyev")]))
def test_any_valid_config_gives_a_number(fields: dict[str, float], pair: tuple[str, str]) -> None:
    """With any weights the Config accepts, score and explain agree on a number in [0, 1]."""
    config = namerec.Config(**fields)
    s = namerec.score(*pair, config=config)
    e = namerec.explain(*pair, config=config)
    assert 0.0 <= s <= 1.0 and e.score == s
    assert not math.isnan(e.weighted_mean)


def test_caches_do_not_keep_huge_names_alive() -> None:
    """Scoring many distinct 100,000-character names does not keep them in memory: the
    normalisation cache held every one (33 MB after 300 of them, up to 65,536 of them)."""
    import gc
    import tracemalloc

    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(300):
            namerec.score(f"Aliyev {i} " * 10_000, "Aliyev")
        gc.collect()
        retained = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert retained < 8_000_000, retained
