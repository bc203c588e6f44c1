"""Properties of the score that hold for every pair of names, whatever the weights."""

from __future__ import annotations

import math
import sys
import threading
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import VOWEL_ACCENTS, accent_vowels, arbitrary_text, names, strip_vowel_accents

import namerec

# Scores are weighted means of a handful of rows; re-associating the sums (for instance
# after the pair is put in canonical order) may move the last bits.  1e-9 is far below anything
# that changes a decision and far above rounding noise.
EPS = 1e-9


@given(names(), names())
def test_score_in_unit_interval(a: str, b: str) -> None:
    """The score is a float in [0, 1] and never NaN."""
    s = namerec.score(a, b)
    assert isinstance(s, float)
    assert not math.isnan(s)
    assert 0.0 <= s <= 1.0


@given(arbitrary_text(), arbitrary_text())
def test_arbitrary_text_scores_or_raises_empty(a: str, b: str) -> None:
    """On any strings, score is a symmetric number in [0, 1] or raises EmptyNameError."""
    try:
        s = namerec.score(a, b)
    except namerec.EmptyNameError:
        return
    assert 0.0 <= s <= 1.0
    assert s == namerec.score(b, a)


@given(names())
def test_identity(a: str) -> None:
    """A name scores exactly 1.0 against itself."""
    assert namerec.score(a, a) == 1.0


@given(names(), names())
def test_exact_symmetry(a: str, b: str) -> None:
    """score(a, b) equals score(b, a) bit for bit."""
    assert namerec.score(a, b) == namerec.score(b, a)


@given(names(), names())
def test_match_and_explain_are_symmetric(a: str, b: str) -> None:
    """match() and explain() give the same score and verdict in both orders."""
    assert namerec.match(a, b).score == namerec.match(b, a).score
    assert namerec.explain(a, b).score == namerec.explain(b, a).score


def _has_dotted_or_dotless_i(text: str) -> bool:
    text = unicodedata.normalize("NFC", text)
    return "ı" in text or "İ" in text


@given(names(), names())
def test_case_invariance(a: str, b: str) -> None:
    """Case-folding or lower-casing one name does not change the score (Turkish dotted/dotless i aside)."""
    assume(not _has_dotted_or_dotless_i(a) and not _has_dotted_or_dotless_i(b))
    s = namerec.score(a, b)
    assert abs(namerec.score(a.casefold(), b) - s) <= EPS
    assert abs(namerec.score(a.lower(), b) - s) <= EPS
    assert abs(namerec.score(a.upper(), b.upper()) - s) <= EPS


@given(names(), names())
def test_vowel_accent_invariance(a: str, b: str) -> None:
    """Removing acute, grave, circumflex and diaeresis accents from Latin vowels does not change the score."""
    s = namerec.score(a, b)
    assert abs(namerec.score(strip_vowel_accents(a), b) - s) <= EPS
    assert abs(namerec.score(strip_vowel_accents(a), strip_vowel_accents(b)) - s) <= EPS


@given(names(), names(), st.lists(st.integers(0, len(VOWEL_ACCENTS)), min_size=1, max_size=8))
def test_adding_vowel_accents_is_invariant(a: str, b: str, choices: list[int]) -> None:
    """Putting acute, grave, circumflex or diaeresis accents on Latin vowels does not change the score."""
    base = strip_vowel_accents(a)
    assert abs(namerec.score(accent_vowels(base, choices), b) - namerec.score(base, b)) <= EPS


WHITESPACE = st.sampled_from([" ", "  ", "\t", " \t ", "\u00a0", "\u3000", "\n"])
SURROUND = st.sampled_from(["({})", '"{}"', "{}.", " {} ", "«{}»", "[{}];", "\t{}\n", "“{}”", "*{}*", "{}!?"])


@given(names(), names(), st.lists(WHITESPACE, min_size=2, max_size=2))
def test_whitespace_invariance(a: str, b: str, gaps: list[str]) -> None:
    """Extra, leading, trailing or unusual whitespace between parts does not change the score."""
    messy = gaps[0] + gaps[1].join(a.split()) + gaps[0]
    clean = " ".join(a.split())
    s = namerec.score(clean, b)
    assert abs(namerec.score(messy, b) - s) <= EPS
    assert abs(namerec.score(a, b) - s) <= EPS


@given(names(), names(), SURROUND)
def test_surrounding_punctuation_invariance(a: str, b: str, fmt: str) -> None:
    """Quotes, brackets and sentence punctuation around a name do not change the score."""
    assert abs(namerec.score(fmt.format(a), b) - namerec.score(a, b)) <= EPS


@given(names(), names(), st.floats(0.0, 1.0))
def test_score_cutoff_semantics(a: str, b: str, cutoff: float) -> None:
    """With score_cutoff=c the score is 0.0 or the unchanged score, and the latter only when >= c."""
    full = namerec.score(a, b)
    s = namerec.score(a, b, score_cutoff=cutoff)
    assert s == 0.0 or (s >= cutoff and s == full)
    if full >= cutoff:
        assert s == full


@given(names(), names())
def test_score_match_explain_agree(a: str, b: str) -> None:
    """explain().score, match().score and score() are the same number, and the verdicts agree."""
    e = namerec.explain(a, b)
    m = namerec.match(a, b)
    s = namerec.score(a, b)
    assert e.score == m.score == s
    assert e.is_match == m.is_match == (s >= namerec.Config().threshold)
    assert e.a.original == m.a == a and e.b.original == m.b == b


@given(names(), names())
def test_evidence_reconstructs_score(a: str, b: str) -> None:
    """min(sum(value * weight) / sum(weight), cap) over the evidence rows equals the score."""
    e = namerec.explain(a, b)
    assert e.evidence
    total_w = sum(r.weight for r in e.evidence)
    assert total_w > 0
    caps = [r for r in e.evidence if r.kind == "cap"]
    assert len(caps) <= 1
    for r in e.evidence:
        assert 0.0 <= r.value <= 1.0
        assert r.kind in ("pair", "missing", "joined", "corroboration", "cap")
        assert (r.weight == 0) if r.kind == "cap" else (r.weight > 0)
        assert r.contribution == r.value * r.weight
    mean = sum(r.value * r.weight for r in e.evidence) / total_w
    cap = min((r.value for r in caps), default=1.0)
    assert abs(mean - e.weighted_mean) <= EPS and cap == e.cap
    assert abs(min(mean, cap) - e.score) <= EPS


def test_contradiction_caps_the_score() -> None:
    """A contradicting given name caps the score below the threshold, and explain shows the cap."""
    e = namerec.explain("Ilham Aliyev", "Heydar Aliyev")
    assert e.cap < e.weighted_mean
    assert e.score == e.cap and not e.is_match
    assert "capped" in str(e)


@given(names(), names())
def test_normalized_form_input_gives_same_score(a: str, b: str) -> None:
    """Passing NameForm objects instead of strings does not change the score."""
    assert namerec.score(namerec.normalize(a), namerec.normalize(b)) == namerec.score(a, b)


@given(names(), names())
def test_threshold_only_moves_the_verdict(a: str, b: str) -> None:
    """Changing the threshold changes is_match but never the score."""
    strict = namerec.Config(threshold=0.99)
    lax = namerec.Config(threshold=0.01)
    s = namerec.score(a, b)
    assert namerec.match(a, b, config=strict).score == s == namerec.match(a, b, config=lax).score
    assert namerec.match(a, b, config=strict).is_match == (s >= 0.99)


_ANALYSE_CACHE = sys.modules["namerec.normalize"]._analyse


@given(st.lists(st.tuples(names(), names()), min_size=1, max_size=20))
def test_thread_safety(pairs: list[tuple[str, str]]) -> None:
    """Scoring the same pairs from four threads at once gives exactly the single-thread results."""
    expected = [namerec.score(a, b) for a, b in pairs]
    _ANALYSE_CACHE.cache_clear()  # let the threads race on a cold normalisation cache
    barrier = threading.Barrier(4)

    def work(_: int) -> list[list[float]]:
        barrier.wait()
        return [[namerec.score(a, b) for a, b in pairs] for _round in range(3)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, range(4)))
    for rounds in results:
        for got in rounds:
            assert got == expected


@pytest.mark.parametrize("verb", [namerec.score, namerec.match, namerec.explain])
@pytest.mark.parametrize("bad", [None, 1, 2.5, b"Aliyev"])
def test_non_strings_raise_type_error(verb: Callable[..., object], bad: object) -> None:
    """score/match/explain reject non-strings with TypeError, in either position."""
    with pytest.raises(TypeError):
        verb(bad, "Aliyev")
    with pytest.raises(TypeError):
        verb("Aliyev", bad)


@pytest.mark.parametrize("verb", [namerec.score, namerec.match, namerec.explain])
@pytest.mark.parametrize("bad", ["", "123", "--"])
def test_empty_names_raise_empty_name_error(verb: Callable[..., object], bad: str) -> None:
    """score/match/explain raise EmptyNameError for names without letters."""
    with pytest.raises(namerec.EmptyNameError):
        verb(bad, "Aliyev")
    with pytest.raises(namerec.EmptyNameError):
        verb("Aliyev", bad)


def test_bad_config_type_is_rejected() -> None:
    """Passing something other than a Config raises TypeError."""
    with pytest.raises(TypeError):
        namerec.score("Aliyev", "Alijew", config={"threshold": 0.5})  # type: ignore[arg-type]
