"""``benchmarks/blocking.py --true-pairs``: blocking recall over the pairs of one entity."""

from __future__ import annotations

import sys

from conftest import REPO_ROOT

BENCHMARKS = REPO_ROOT / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

import blocking  # noqa: E402
from _data import Row  # noqa: E402

import namerec  # noqa: E402


def _rows(entity: str, *names: str) -> list[Row]:
    return [Row(entity, name, "person", "Latn", "test") for name in names]


def test_true_pairs_counts_only_pairs_of_one_entity_above_the_threshold() -> None:
    rows = _rows("a", "Ilham Aliyev", "Ilham Alijew", "Xyz") + _rows("b", "Ilham Aliev")
    links, missed, _cands, examples = blocking.true_pair_recall(rows, namerec.Config())
    # Aliyev / Alijew match; Xyz matches neither; Aliev belongs to another entity.
    assert (links, missed, examples) == (1, 0, [])


def test_true_pairs_reports_a_pair_the_blocker_cannot_propose() -> None:
    """With a threshold of 0 every pair of one entity counts, and two names that share no
    blocking key are reported as missed."""
    rows = _rows("a", "Ilham Aliyev", "Zakir Hasanov")
    links, missed, cands, examples = blocking.true_pair_recall(rows, namerec.Config(threshold=0.0))
    assert (links, missed, cands) == (1, 1, 0)
    assert examples == ["'Ilham Aliyev' ~ 'Zakir Hasanov'"]
