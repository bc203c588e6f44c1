"""Accuracy regression guard: namerec's F1 on small fixed dev samples must not drop by more than
0.01 against ``benchmarks/results/guard.json``.

The samples come from ``../shared/data`` next to the repository; without it the data tests skip.
After an intended change, rewrite the committed results with ``python benchmarks/guard.py --write``.
"""

from __future__ import annotations

import doctest
import json
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO_ROOT, shared_data_dir

BENCHMARKS = REPO_ROOT / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

import _data  # noqa: E402
import errors  # noqa: E402
import guard  # noqa: E402


@pytest.fixture(scope="module")
def measured() -> dict[str, guard.Result]:
    """namerec's results on the guard samples, measured once per test module."""
    return guard.measure(shared_data_dir())


def test_accuracy_does_not_drop(measured: dict[str, guard.Result]) -> None:
    """No dataset's pairwise or B-cubed F1 is more than 0.01 below the committed results."""
    problems = guard.check(measured, guard.load())
    assert not problems, guard.failure_message(problems)


def test_doctored_guard_file_fails(measured: dict[str, guard.Result], tmp_path: Path) -> None:
    """A guard file that expects 0.02 more B-cubed F1 on one dataset makes the check fail."""
    committed = guard.load()
    key = sorted(committed)[0]
    committed[key]["b3_f1"] = measured[key]["b3_f1"] + 0.02
    path = tmp_path / "guard.json"
    guard.write(committed, path)
    problems = guard.check(measured, guard.load(path))
    assert [p for p in problems if p.startswith(f"{key}: b3_f1")], problems
    assert guard.WRITE_COMMAND in guard.failure_message(problems, path)


def _result(pw: float = 0.7, b3: float = 0.9, rows: int = 100) -> guard.Result:
    return {"entities": 300, "rows": rows, "pw_f1": pw, "b3_f1": b3}


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (_result(), []),
        (_result(pw=0.691), []),  # within 0.01
        (_result(pw=0.689), ["latin: pw_f1 0.6890 < committed 0.7000 - 0.01"]),
        (_result(b3=0.85), ["latin: b3_f1 0.8500 < committed 0.9000 - 0.01"]),
        (_result(pw=0.8, b3=0.95), []),  # improvements pass
        (
            _result(rows=101),
            ["latin: sample changed (300 entities, 101 rows; committed 300 entities, 100 rows)"],
        ),
    ],
)
def test_check(now: guard.Result, expected: list[str]) -> None:
    """The check fails exactly on drops of more than 0.01 and on changed samples."""
    assert guard.check({"latin": now}, {"latin": _result()}) == expected


def test_check_reports_missing_datasets() -> None:
    """A dataset measured but not committed, or committed but not measured, is a failure."""
    assert guard.check({"a": _result()}, {"b": _result()}) == [
        "a: measured but not in the guard file",
        "b: in the guard file but not measured",
    ]


def test_guard_file_covers_every_dataset() -> None:
    """The committed guard file holds a result for every benchmark dataset, at the guard's sizes."""
    committed = json.loads(guard.GUARD_FILE.read_text(encoding="utf-8"))["datasets"]
    assert sorted(committed) == sorted(_data.DATASETS)
    for key, result in committed.items():
        assert result["entities"] == guard.guard_entities(key)
        assert 0.0 <= result["pw_f1"] <= 1.0 and 0.0 <= result["b3_f1"] <= 1.0


def test_wrong_pairs_add_up_to_pairwise_errors() -> None:
    """``_data.wrong_pairs`` counts the row pairs behind pairwise precision and recall."""
    rng = random.Random(0)
    names = [rng.choice(["Ann", "Anna", "Bob", "Rob", "Kim"]) for _ in range(60)]
    gold = [rng.randrange(8) for _ in names]
    pred = [rng.randrange(6) for _ in names]
    merges, missed = _data.wrong_pairs(names, gold, pred)
    pairs = [(i, j) for i in range(len(names)) for j in range(i + 1, len(names))]
    assert sum(merges.values()) == sum(gold[i] != gold[j] and pred[i] == pred[j] for i, j in pairs)
    assert sum(missed.values()) == sum(gold[i] == gold[j] and pred[i] != pred[j] for i, j in pairs)


@pytest.mark.parametrize("module", [_data, errors, guard], ids=lambda m: m.__name__)
def test_benchmark_doctests(module: ModuleType) -> None:
    """The examples in the benchmark helpers' docstrings hold (error classes, guard check)."""
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_error_report_counts_every_wrong_pair() -> None:
    """errors.analyse classifies every wrong pair of a small list and the report shows the classes."""
    names = ["Smirnov", "Smirnova", "Yusupov", "Yusubov", "Ivanov", "Иванов", "Jan Kowalski", "J. Kowalski"]
    gold = [1, 2, 3, 4, 5, 5, 6, 6]
    analysis = errors.analyse(names, gold, dataset="toy")
    for kind in errors.KINDS:
        assert sum(analysis.counts(kind).values()) == analysis.totals[kind][0]
    causes = {(p.a, p.b): p.cause for p in analysis.pairs}
    assert causes.get(("Smirnov", "Smirnova")) == "inflection"
    text = errors.report([analysis], [], limit=2)
    assert "| cause | toy | mean share |" in text
