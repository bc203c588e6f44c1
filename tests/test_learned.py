"""The learned correspondence table, the key rewrites built on it, and its fitting script."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from importlib import resources
from pathlib import Path
from types import ModuleType
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

import namerec
from namerec import _learned, _scoring
from namerec._learned import learned_key, parse_table
from namerec._translit import LATIN
from namerec.types import Token

HEADER = "scope\tsource\ttarget\tsupport\tnegatives\tlog_odds\n"
TABLE_TEXT = resources.files("namerec").joinpath("data/correspondences.tsv").read_text(encoding="utf-8")
ROWS = [
    line.split("\t")
    for line in TABLE_TEXT.splitlines()
    if line and not line.startswith("#") and not line.startswith("scope\t")
]
TOOL = Path(__file__).resolve().parents[1] / "tools" / "fit_correspondences.py"
keys = st.text(alphabet="abcdeghiklmnoprstuvz", max_size=12)
scopes = st.sampled_from(["latin", "abjad", "hangul", "kana", "han", "none"])


def _token(key: str, script: str = LATIN) -> Token:
    return Token(text=key, folded=key, key=key, skeleton="", role="surname", script=script)


def test_shipped_table_is_compact_and_documented() -> None:
    """Well under 200 rows of short letter n-grams, with the command that refits it."""
    assert 0 < len(ROWS) < 200
    assert all(1 <= len(r[1]) <= 3 and 1 <= len(r[2]) <= 3 for r in ROWS)
    assert "# Refit: python tools/fit_correspondences.py" in TABLE_TEXT
    assert {r[0] for r in ROWS} <= {"latin", "abjad", "hangul", "kana", "han"}


def test_every_source_rewrites_to_its_target() -> None:
    for scope, source, target, *_ in ROWS:
        assert learned_key(source, scope) == target


@pytest.mark.parametrize(
    "text",
    [
        "",
        "scope\tsource\ttarget\n",
        HEADER + "latin\tks\n",
        HEADER + "latin\taleks\th\t1\t0\t1.0\n",  # a whole name is not an n-gram
        HEADER + "latin\tks\tks\t1\t0\t1.0\n",
        HEADER + "latin\tks\th\t1\t0\t1.0\nlatin\tks\tk\t1\t0\t1.0\n",
        HEADER + "latin\tKS\th\t1\t0\t1.0\n",
    ],
)
def test_malformed_tables_are_rejected(text: str) -> None:
    with pytest.raises(ValueError, match=r"correspondences\.tsv"):
        parse_table(text)


def test_rewrites_are_longest_first_and_do_not_chain() -> None:
    rx, targets = parse_table(HEADER + "latin\tk\tg\t1\t0\t1\nlatin\tks\tk\t1\t0\t1\n")["latin"]
    # ``ks`` wins over ``k`` at the same place, and its output ``k`` is not rewritten again.
    assert rx.sub(lambda m: targets[m.group()], "aksak") == "akag"


@given(keys, keys)
def test_learned_reading_is_symmetric_and_only_lifts(a: str, b: str) -> None:
    """The learned reading never lowers a similarity, and reads the same either way round."""
    ta, tb = _token(a or "a"), _token(b or "b")
    value = _scoring.token_similarity(ta, tb)[0]
    assert value == _scoring.token_similarity(tb, ta)[0]
    with mock.patch.object(_scoring, "learned_key", lambda key, scope: key):
        off = _scoring.token_similarity(ta, tb)[0]
    assert 0.0 <= off <= value <= 1.0


def test_unknown_scope_rewrites_nothing() -> None:
    assert learned_key("aleksandr", "no such scope") == "aleksandr"


def test_token_reading_uses_the_table() -> None:
    """A pair told apart only by a learned correspondence reads as such, and reads higher."""
    _, source, target, *_ = next(r for r in ROWS if r[0] == LATIN)
    a, b = _token(f"ma{source}ora"), _token(f"ma{target}ora")
    value, label = _scoring.token_similarity(a, b)
    assert label == "learned correspondence"
    with mock.patch.object(_scoring, "learned_key", lambda key, scope: key):
        off, off_label = _scoring.token_similarity(a, b)
    assert off < value
    assert off_label != "learned correspondence"


def test_unrelated_names_are_not_lifted() -> None:
    """Regression: the learned reading once returned the plain edit similarity of unrelated
    given names, undoing the skeleton's pressing down (Ilham / Heydar rose from 0.18 to 0.27)."""
    e = namerec.explain("Ilham Aliyev", "Heydar Aliyev")
    assert all("learned" not in r.detail for r in e.evidence)
    assert e.score < 0.25


def test_table_is_read_once() -> None:
    assert _learned._rules() is _learned._rules()


# --------------------------------------------------------------------------- the fitting script


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    if not TOOL.is_file():
        pytest.skip("tools/ is not shipped in this distribution")
    spec = importlib.util.spec_from_file_location("fit_correspondences", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_segments_merge_adjacent_edits_and_keep_context(tool: ModuleType) -> None:
    assert tool.segments("chikamatsu", "tikamatu") == {("ch", "t"), ("t", "ts")}
    assert tool.segments("mihail", "mikhail") == {("i", "ik")}
    assert tool.segments("abcdef", "uvwxyz") == set()  # longer than an n-gram: not a correspondence


def test_select_keeps_supported_discriminative_pairs_without_chains(tool: ModuleType) -> None:
    counts = {
        "latin": tool.Counts(
            pos=Counter({("k", "q"): 50, ("g", "k"): 40, ("a", "o"): 60, ("e", "i"): 3}),
            neg=Counter({("a", "o"): 200}),
            n_pos=100,
            n_neg=100,
        )
    }
    freq = Counter({"k": 10, "q": 1, "g": 5})
    rows = tool.select(counts, freq, min_support=20, min_log_odds=1.0, max_rows=10)
    # k~q is kept (q -> k, the commoner spelling); g~k would chain onto it; a~o is as common in
    # look-alikes of different names; e~i lacks support.
    assert [(r[0], r[1], r[2]) for r in rows] == [("latin", "q", "k")]


def test_fit_half_splits_clusters_in_two(tool: ModuleType) -> None:
    ids = [f"wd:Q{i}" for i in range(2000)]
    share = sum(map(tool.fit_half, ids)) / len(ids)
    assert 0.45 < share < 0.55
