"""Golden pairs: spellings that must match, and different names that must stay apart.

The pairs live in ``tests/golden/pairs.tsv`` (columns ``a, b, expected, category, note``;
``expected`` is ``match`` or ``distinct``).  They are checked at the default threshold only:
exact scores are free to move while weights are tuned.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import namerec
from namerec.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden" / "pairs.tsv"


def _load() -> list[dict[str, str]]:
    with GOLDEN.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows


PAIRS = _load()
IDS = [f"{r['a']}|{r['b']}" for r in PAIRS]


def test_golden_file_is_well_formed() -> None:
    """Every golden row has both names, a known verdict, a category and a note, with no duplicates."""
    assert len(PAIRS) >= 30
    seen = set()
    for row in PAIRS:
        assert row["a"].strip() and row["b"].strip(), row
        assert row["expected"] in ("match", "distinct"), row
        assert row["category"].strip() and row["note"].strip(), row
        key = frozenset((row["a"], row["b"]))
        assert key not in seen, f"duplicate golden pair {row['a']!r} / {row['b']!r}"
        seen.add(key)
    assert any(r["expected"] == "match" for r in PAIRS)
    assert any(r["expected"] == "distinct" for r in PAIRS)


@pytest.mark.parametrize("row", PAIRS, ids=IDS)
def test_golden_pair_verdict(row: dict[str, str]) -> None:
    """A golden pair matches at the default threshold exactly when it is marked ``match``."""
    m = namerec.match(row["a"], row["b"])
    expected = row["expected"] == "match"
    assert m.is_match == expected, (
        f"{row['a']!r} vs {row['b']!r}: expected {row['expected']} ({row['category']}: {row['note']}), "
        f"got score {m.score:.3f} at threshold {m.threshold}\n{namerec.explain(row['a'], row['b'])}"
    )


@pytest.mark.parametrize("row", PAIRS, ids=IDS)
def test_golden_pair_verdict_is_symmetric(row: dict[str, str]) -> None:
    """Swapping the two names of a golden pair gives the same verdict and the same score."""
    assert namerec.match(row["b"], row["a"]).score == namerec.match(row["a"], row["b"]).score


@pytest.mark.parametrize("row", PAIRS, ids=IDS)
def test_golden_pair_explain_cli_shows_both_names(
    row: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """``namerec explain a b`` exits 0 and prints text that contains both names as written."""
    code = main(["explain", row["a"], row["b"]])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert row["a"] in out
    assert row["b"] in out
    assert "Traceback" not in out + err
