"""``benchmarks/gap.py``: the rows it sets apart."""

from __future__ import annotations

import sys

from conftest import REPO_ROOT

BENCHMARKS = REPO_ROOT / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

import gap  # noqa: E402
from _data import Row  # noqa: E402


def _row(entity: str, name: str, source: str = "generated:iuliia:bgn_pcgn") -> Row:
    return Row(entity, name, "person", "Latn", source)


def test_tone_entities_are_those_with_a_member_written_with_tone_numbers() -> None:
    rows = [_row("a", "zhèn"), _row("a", "zan3"), _row("b", "zhou"), _row("c", "hsü³"), _row("d", "Ivanov")]
    assert gap.tone_entities(rows) == {"a", "c"}


def test_each_romanisation_follows_the_cyrillic_source_before_it() -> None:
    src = "wd_names:cyrillic_source"
    rows = [
        _row("a", "Надежда", src),
        _row("a", "Nadezhda"),
        _row("a", "Надя", src),
        _row("a", "Nadya"),
        _row("b", "Nadia"),  # an entity whose source row is missing starts its own group
    ]
    assert gap.source_labels(rows) == [("a", 0), ("a", 0), ("a", 2), ("a", 2), ("b", 4)]


def test_true_components_link_only_matching_names_of_one_entity() -> None:
    names = ["Ilham Aliyev", "Ilham Alijew", "Heydar Aliyev", "Ilham Aliyev", "Zakir Hasanov"]
    gold = ["a", "a", "a", "b", "a"]
    labels = gap.true_components(names, gold)
    # Aliyev / Alijew match; Heydar and Zakir match neither; the identical string of entity b
    # joins its twin.
    assert labels[0] == labels[1] == labels[3]
    assert len({labels[0], labels[2], labels[4]}) == 3
