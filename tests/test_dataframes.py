"""DataFrames in and out: pandas Series input to cluster, Clustering.to_pandas / to_polars."""

from __future__ import annotations

import math
import sys

import pytest

import namerec

NAMES = ["Gorbachev", "Gorbatschow", "Горбачёв", "Yeltsin", "Jelzin", "Gorbachev"]


def test_to_pandas_needs_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_pandas fails with an ImportError that names the extra to install."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'namerec\[pandas\]'"):
        namerec.cluster(NAMES).to_pandas()


def test_series_with_missing_values_goes_to_rejected() -> None:
    """None, NaN, pd.NA and non-strings in a Series are rejected with a reason, never raised."""
    pd = pytest.importorskip("pandas")
    s = pd.Series(
        ["Aliyev", None, float("nan"), pd.NA, 3, "123", "Alijew"], index=[10, 11, 12, 13, 14, 15, 16]
    )
    c = namerec.cluster(s)
    assert c.labels == (0, None, None, None, None, None, 0)
    reasons = sorted((r.reason, r.count) for r in c.rejected)
    assert reasons == [("missing value", 1), ("missing value", 1), ("missing value", 1), ("no letters", 1),
                       ("not a string (int)", 1)]  # fmt: skip


def test_series_object_and_string_dtypes_agree() -> None:
    """A string-dtype Series clusters like the same names as a list."""
    pd = pytest.importorskip("pandas")
    assert namerec.cluster(pd.Series(NAMES, dtype="string")) == namerec.cluster(NAMES)
    assert namerec.cluster(pd.Series(NAMES, dtype="string")).labels == namerec.cluster(NAMES).labels


def test_to_pandas_one_row_per_input_keeps_index() -> None:
    """to_pandas has a row per input, in order, with the Series index, entity, canonical, score."""
    pd = pytest.importorskip("pandas")
    s = pd.Series([*NAMES, None], index=list("abcdefg"))
    c = namerec.cluster(s)
    df = c.to_pandas()
    assert list(df.index) == list("abcdefg")
    assert list(df.columns) == ["name", "entity", "canonical", "score", "rejected"]
    assert str(df["entity"].dtype) == "Int64"
    assert df.loc["c", "canonical"] == "Gorbachev" and df.loc["e", "canonical"] == c.canonical_of("Yeltsin")
    assert df.loc["a", "score"] == 1.0  # the canonical scores 1 against itself
    assert df.loc["c", "score"] == pytest.approx(namerec.score("Горбачёв", "Gorbachev"))
    assert df.loc["g", "entity"] is pd.NA and df.loc["g", "rejected"] == "missing value"
    assert math.isnan(df.loc["g", "score"])
    assert df["entity"].iloc[:6].tolist() == list(c.labels[:6])


def test_to_pandas_from_list_has_range_index() -> None:
    """A plain list gives a 0..n-1 index."""
    pytest.importorskip("pandas")
    df = namerec.cluster(NAMES).to_pandas()
    assert list(df.index) == list(range(len(NAMES)))
    assert df["name"].tolist() == NAMES


def test_to_pandas_scores_use_the_clustering_config() -> None:
    """Scores against the canonical are computed with the config the clustering ran with."""
    pytest.importorskip("pandas")
    cfg = namerec.Config(threshold=0.7, surname_weight=3.0)
    c = namerec.cluster(["Ilham Aliyev", "Ilham Alijew", "Ilham Aliev"], config=cfg)
    df = c.to_pandas()
    for name, canonical, score in zip(df["name"], df["canonical"], df["score"], strict=True):
        assert score == pytest.approx(namerec.score(name, canonical, config=cfg))


def test_to_pandas_entities() -> None:
    """entities=True gives one row per entity, largest first, with members and counts."""
    pytest.importorskip("pandas")
    c = namerec.cluster(NAMES)
    df = c.to_pandas(entities=True)
    assert len(df) == len(c.clusters)
    assert df["canonical"].tolist() == [k.canonical for k in c.clusters]
    assert df["size"].tolist() == [k.size for k in c.clusters] == [4, 2]
    assert df.loc[0, "members"] == list(c.clusters[0].members)


def test_to_polars() -> None:
    """to_polars gives the same table; non-string inputs are shown by repr, scores null."""
    pl = pytest.importorskip("polars")
    c = namerec.cluster([*NAMES, None, 3])
    df = c.to_polars()
    assert isinstance(df, pl.DataFrame)
    assert df["name"].to_list() == [*NAMES, None, "3"]
    assert df["entity"].to_list() == list(c.labels)
    assert df["score"].to_list()[-2:] == [None, None]
    assert c.to_polars(entities=True)["canonical"].to_list() == [k.canonical for k in c.clusters]


def test_polars_series_input() -> None:
    """A polars Series clusters like the same names as a list; its nulls are rejected."""
    pl = pytest.importorskip("polars")
    c = namerec.cluster(pl.Series([*NAMES, None]))
    assert c == namerec.cluster([*NAMES, None])
    assert c.labels[-1] is None and c.rejected[0].reason == "missing value"
    assert c.index is None
