"""namerec.evaluate on labelled pairs and gold clusters, the gold TSV reader and the CLI."""

from __future__ import annotations

import io
import itertools
import json
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import names

import namerec
from namerec import cli
from namerec.evaluate import read_gold

PAIRS = [
    ("Gorbachev", "Gorbatschow", True),
    ("Aliyev", "Alijew", "yes"),
    ("Hasanov", "Гасанов", 1),
    ("Aliyev", "Hasanov", False),
    ("Ilham Aliyev", "Heydar Aliyev", "distinct"),
    ("Gallant", "Galanti", 0),
]
CLUSTERS = [
    ("Gorbachev", "g"), ("Gorbatschow", "g"), ("Горбачёв", "g"), ("Gorbunov", "x"),
    ("Aliyev", "a"), ("Alijew", "a"), ("Aliyev", "a"), ("Alimov", "m"), ("123", "a"),
]  # fmt: skip


def _brute_pairs(gold: list[object], pred: list[object]) -> tuple[int, int, int]:
    """True, false and missed pairs by enumerating every pair of rows."""
    tp = fp = fn = 0
    for i, j in itertools.combinations(range(len(gold)), 2):
        same_gold, same_pred = gold[i] == gold[j], pred[i] == pred[j]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return tp, fp, fn


def test_pairs_counts_match_scores() -> None:
    """At each threshold, pair counts are those of score >= threshold against the labels."""
    report = namerec.evaluate(PAIRS, thresholds=[0.5, 0.8, 0.95])
    assert report.kind == "pairs" and report.size == 6 and report.positives == 3
    labels = [True, True, True, False, False, False]
    scores = [namerec.score(a, b) for a, b, _ in PAIRS]
    for s in report.scores:
        tp = sum(1 for x, y in zip(scores, labels, strict=True) if y and x >= s.threshold)
        fp = sum(1 for x, y in zip(scores, labels, strict=True) if not y and x >= s.threshold)
        assert (s.true_matches, s.false_matches, s.misses) == (tp, fp, 3 - tp)
        assert s.precision == (tp / (tp + fp) if tp + fp else 1.0)
        assert s.recall == tp / 3
        assert s.b3_f1 is None


def test_chosen_threshold_has_best_f1_nearest_config() -> None:
    """The chosen threshold has the best F1; ties go to the one nearest the config threshold."""
    report = namerec.evaluate(PAIRS)
    best = max(s.f1 for s in report.scores)
    assert report.best.f1 == best
    tied = [s.threshold for s in report.scores if s.f1 == best]
    default = namerec.Config().threshold
    assert report.threshold == min(tied, key=lambda t: (abs(t - default), -t))
    assert report.config_threshold == default


def test_worst_errors_of_pairs() -> None:
    """False matches are negatives at or above the chosen threshold, highest first; misses below."""
    report = namerec.evaluate(PAIRS, thresholds=[0.5])
    assert [e.score for e in report.false_matches] == sorted(
        (e.score for e in report.false_matches), reverse=True
    )
    negatives = {(a, b) for a, b, label in PAIRS if label in (False, 0, "distinct")}
    assert {(e.a, e.b) for e in report.false_matches} <= negatives
    assert all(e.score >= 0.5 for e in report.false_matches)
    strict = namerec.evaluate(PAIRS, thresholds=[1.0])
    assert all(e.score < 1.0 for e in strict.misses)
    assert [e.score for e in strict.misses] == sorted(e.score for e in strict.misses)


def test_clusters_agree_with_brute_force_and_cluster() -> None:
    """Gold-cluster scores equal a pair-by-pair count and B-cubed by definition, per threshold."""
    names = [n for n, _ in CLUSTERS]
    gold = [g for _, g in CLUSTERS]
    report = namerec.evaluate(CLUSTERS, thresholds=[0.6, 0.8, 0.95])
    assert report.kind == "clusters" and report.entities == 4 and report.size == len(CLUSTERS)
    for s in report.scores:
        labels = namerec.cluster(names, config=namerec.Config(threshold=s.threshold)).labels
        pred = [("r", i) if lab is None else lab for i, lab in enumerate(labels)]
        assert (s.true_matches, s.false_matches, s.misses) == _brute_pairs(gold, pred)
        n = len(gold)
        b3_p = (
            sum(
                sum(1 for j in range(n) if pred[j] == pred[i] and gold[j] == gold[i])
                / sum(1 for j in range(n) if pred[j] == pred[i])
                for i in range(n)
            )
            / n
        )
        b3_r = (
            sum(
                sum(1 for j in range(n) if pred[j] == pred[i] and gold[j] == gold[i])
                / sum(1 for j in range(n) if gold[j] == gold[i])
                for i in range(n)
            )
            / n
        )
        assert s.b3_precision == pytest.approx(b3_p) and s.b3_recall == pytest.approx(b3_r)


def test_clusters_errors_name_the_wrong_rows() -> None:
    """A name without letters is a miss (it cannot be clustered); a merged stranger a false match."""
    report = namerec.evaluate(CLUSTERS, thresholds=[0.5])
    assert ("123", "Aliyev") in {(e.a, e.b) for e in report.misses}
    strangers = {e.a for e in report.false_matches}
    assert strangers <= {"Gorbunov", "Alimov", "Gorbachev", "Aliyev"}


def test_input_order_does_not_matter() -> None:
    """The report depends on the gold rows, not on their order."""
    assert namerec.evaluate(CLUSTERS) == namerec.evaluate(list(reversed(CLUSTERS)))
    assert namerec.evaluate(PAIRS) == namerec.evaluate(list(reversed(PAIRS)))


def test_mapping_and_dataframe_inputs() -> None:
    """A {name: entity} mapping and DataFrames with named columns are accepted."""
    mapping = {"Gorbachev": 1, "Gorbatschow": 1, "Yeltsin": 2}
    assert namerec.evaluate(mapping).kind == "clusters"
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(PAIRS, columns=["a", "b", "label"])[["label", "b", "a"]]
    assert namerec.evaluate(df) == namerec.evaluate(PAIRS)
    with pytest.raises(namerec.InputError, match="columns"):
        namerec.evaluate(pd.DataFrame({"x": ["a"]}))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "no gold data"),
        ([("a", "b", "c", "d")], "expected"),
        ([("Aliyev", "x"), ("Aliyev", "Alijew", True)], "row 2"),
        ([("Aliyev", "Alijew", "maybe")], "label"),
        ([("Aliyev", "123", True)], "no letters"),
        ([("Aliyev", None, True)], "must be a str"),
        ([("Aliyev", None)], "missing entity"),
        (["Aliyev"], "row 1"),
    ],
)
def test_bad_input_is_an_input_error(data: list[object], message: str) -> None:
    """Malformed gold data raises InputError naming the problem."""
    with pytest.raises(namerec.InputError, match=message):
        namerec.evaluate(data)


def test_bad_thresholds() -> None:
    """Thresholds outside [0, 1] or not numbers are refused."""
    for bad in ([1.5], ["0.8"], []):
        with pytest.raises(namerec.InputError, match="threshold"):
            namerec.evaluate(PAIRS, thresholds=bad)


def test_report_renders() -> None:
    """str, HTML (with an SVG chart) and redacted HTML render; redact hides the names."""
    report = namerec.evaluate(CLUSTERS, thresholds=[0.5, 0.9])
    text = str(report)
    assert "B3 F1" in text and "worst false matches" in text
    html = report._repr_html_()
    assert "<svg" in html and "B-cubed F1" in html
    redacted = report.to_html(redact=True)
    for e in (*report.false_matches, *report.misses):
        assert f">{e.a}<" not in redacted and f">{e.b}<" not in redacted


def test_to_pandas_and_plot() -> None:
    """to_pandas has a row per threshold; plot draws one line per series on an Axes."""
    pytest.importorskip("pandas")
    report = namerec.evaluate(PAIRS, thresholds=[0.5, 0.8, 0.9])
    df = report.to_pandas()
    assert df["threshold"].tolist() == [0.5, 0.8, 0.9] and "b3_f1" not in df.columns
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    ax = report.plot()
    assert len(ax.lines) >= 3


def test_read_gold_formats() -> None:
    """The header picks the kind; extra columns are ignored; a bad header is an InputError."""
    rows = read_gold(io.BytesIO("\ufeffa\tb\tlabel\tnote\nAliyev\tAlijew\t1\tx\n\n".encode()), source="g")
    assert rows == [("Aliyev", "Alijew", "1")]
    rows = read_gold(io.BytesIO(b"entity\tname\n7\tAliyev\n"), source="g")
    assert rows == [("Aliyev", "7")]
    bad = [
        (b"x\ty\n1\t2\n", "header"),
        (b"", "empty"),
        (b"name\tentity\n", "no rows"),
        (b"name\tentity\nAliyev\n", "line 2"),
        (b"name\tentity\n\xff\t1\n", "utf-8"),
    ]
    for data, message in bad:
        with pytest.raises(namerec.InputError, match=message):
            read_gold(io.BytesIO(data), source="g")


def test_bundled_gold_files_read() -> None:
    """The bundled example gold files parse and evaluate."""
    data = resources.files("namerec") / "data"
    for name, kind in (("example_gold.tsv", "clusters"), ("example_pairs.tsv", "pairs")):
        with data.joinpath(name).open("rb") as f:
            assert namerec.evaluate(read_gold(f, source=name), thresholds=[0.8]).kind == kind


def test_cli_evaluate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`namerec evaluate GOLD.tsv --html` prints the table and writes an HTML page."""
    gold = tmp_path / "gold.tsv"
    gold.write_text("a\tb\tlabel\n" + "".join(f"{a}\t{b}\t{lab}\n" for a, b, lab in PAIRS), encoding="utf-8")
    page = tmp_path / "report.html"
    assert cli.main(["evaluate", str(gold), "--html", str(page), "--thresholds", "0.7,0.9"]) == 0
    out = capsys.readouterr().out
    assert "6 labelled pairs" in out and "0.70" in out and "0.90" in out
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert cli.main(["evaluate", str(gold), "--json", "--thresholds", "0.8"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["kind"] == "pairs" and doc["scores"][0]["threshold"] == 0.8
    assert cli.main(["evaluate", str(gold), "--html", str(page), "--redact", "--thresholds", "0.5"]) == 0
    capsys.readouterr()
    text = page.read_text(encoding="utf-8")
    assert "Galanti" not in text and "Gorbatschow" not in text and "name 1" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["evaluate", "/nonexistent/gold.tsv"], "gold.tsv"),
        (["evaluate", "GOLD", "--thresholds", "a,b"], "--thresholds"),
    ],
)
def test_cli_evaluate_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Bad files and options exit 2 with one line on stderr."""
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


@settings(max_examples=30)
@given(st.lists(names(), min_size=1, max_size=12))
def test_own_clustering_as_gold_scores_perfectly(ns: list[str]) -> None:
    """Gold clusters taken from namerec's own clustering score 1.0 everywhere at that threshold."""
    labels = namerec.cluster(ns).labels
    gold = [(n, ("r", i) if lab is None else lab) for i, (n, lab) in enumerate(zip(ns, labels, strict=True))]
    best = namerec.evaluate(gold, thresholds=[namerec.Config().threshold]).best
    assert (best.precision, best.recall, best.b3_precision, best.b3_recall) == (1.0, 1.0, 1.0, 1.0)


@settings(max_examples=30)
@given(st.lists(st.tuples(names(), names(), st.booleans()), min_size=1, max_size=10))
def test_pairs_recall_falls_as_threshold_rises(rows: list[tuple[str, str, bool]]) -> None:
    """For labelled pairs, recall never rises with the threshold and the counts add up."""
    report = namerec.evaluate(rows)
    recalls = [s.recall for s in report.scores]
    assert recalls == sorted(recalls, reverse=True)
    positives = sum(1 for *_, label in rows if label)
    assert all(s.true_matches + s.misses == positives for s in report.scores)
    scores = [namerec.score(a, b) for a, b, _ in rows]
    assert all(
        s.true_matches + s.false_matches == sum(x >= s.threshold for x in scores) for s in report.scores
    )
