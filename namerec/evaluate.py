"""Evaluation on the user's own gold data: labelled pairs or gold clusters.

:func:`evaluate` scores namerec against what a person decided, at a range of thresholds, and
picks the threshold with the best F1.  Two kinds of gold data are accepted:

* **labelled pairs** ``(a, b, label)``: ``label`` is true when ``a`` and ``b`` name the same
  entity.  Each pair is scored once with :func:`namerec.score`; precision, recall and F1
  count pairs.
* **gold clusters** ``(name, entity)``: one row per name (repeats allowed) with its entity id.
  The names are clustered with :func:`namerec.cluster` at every threshold and compared with
  the gold entities in two ways: *pairwise* (every pair of rows put together, or kept apart)
  and *B-cubed* (per row, the share of its predicted cluster that is right, and the share of
  its gold entity that was found), the same figures as ``benchmarks/accuracy.py``.

The gold file of ``namerec evaluate`` is a UTF-8, tab-separated file with a header row that
names the kind: ``a<TAB>b<TAB>label`` or ``name<TAB>entity`` (other columns are ignored).
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import IO, Any

import attrs

from . import _display
from ._optional import require
from .config import DEFAULT, Config
from .errors import EmptyNameError, InputError

PAIR_THRESHOLDS = tuple(round(0.5 + k / 100, 2) for k in range(50))
"""Default thresholds for labelled pairs: 0.50, 0.51, ..., 0.99 (scoring is done once)."""
CLUSTER_THRESHOLDS = tuple(round(0.5 + k / 20, 2) for k in range(10))
"""Default thresholds for gold clusters: 0.50, 0.55, ..., 0.95 (one clustering each)."""
WORST = 10
"""How many false matches and misses a report keeps."""

_TRUE = frozenset({"1", "true", "yes", "y", "match", "same", "t"})
_FALSE = frozenset({"0", "false", "no", "n", "distinct", "different", "f"})


@attrs.frozen
class ThresholdScores:
    """Precision, recall and F1 at one threshold.

    ``precision``, ``recall`` and ``f1`` count pairs (of names put together or kept apart).
    The ``b3_*`` figures are B-cubed (per row) and only exist for gold clusters.  Precision is
    1.0 when nothing is predicted to match, recall 1.0 when the gold has no matching pair.
    """

    threshold: float
    precision: float
    recall: float
    f1: float
    true_matches: int
    false_matches: int
    misses: int
    b3_precision: float | None = None
    b3_recall: float | None = None
    b3_f1: float | None = None


@attrs.frozen
class PairError:
    """A wrong decision: two names and the score between them.

    For a false match ``a`` and ``b`` were put together but are different entities; for a
    miss they are one entity but were kept apart.  With gold clusters ``b`` is the spelling
    of the other entity (false match) or of the same entity (miss) that ``a`` was compared
    with: the most frequent such spelling in ``a``'s predicted cluster, or in the cluster
    that holds most of ``a``'s entity.
    """

    a: str
    b: str
    score: float


@attrs.frozen
class EvaluationReport:
    """Answer of :func:`evaluate`: scores at each threshold, the chosen one, the worst errors.

    Attributes:
        kind: ``pairs`` (labelled pairs) or ``clusters`` (gold clusters).
        size: number of pairs, or of names (rows) for gold clusters.
        positives: pairs labelled as matches, or pairs of rows in the same gold entity.
        entities: number of gold entities (0 for labelled pairs).
        scores: one :class:`ThresholdScores` per threshold, ascending.
        threshold: the chosen threshold: best F1 (B-cubed F1 for gold clusters, pairwise
            F1 for labelled pairs); among equal F1, the one nearest ``config_threshold``.
        config_threshold: the threshold of the ``config`` used (what namerec does today).
        false_matches: the worst false matches at the chosen threshold, highest score first.
        misses: the worst misses at the chosen threshold, lowest score first.

    .. versionadded:: 0.2
    """

    kind: str
    size: int
    positives: int
    entities: int
    scores: tuple[ThresholdScores, ...]
    threshold: float
    config_threshold: float
    false_matches: tuple[PairError, ...]
    misses: tuple[PairError, ...]

    @property
    def metric(self) -> str:
        """What the threshold was chosen by: ``B-cubed F1`` or ``pairwise F1``."""
        return "B-cubed F1" if self.kind == "clusters" else "pairwise F1"

    @property
    def best(self) -> ThresholdScores:
        """The scores at the chosen threshold."""
        return self.at(self.threshold)

    def at(self, threshold: float) -> ThresholdScores:
        """The scores at ``threshold``; ``KeyError`` if it was not evaluated."""
        for s in self.scores:
            if math.isclose(s.threshold, threshold, abs_tol=1e-9):
                return s
        raise KeyError(threshold)

    def to_pandas(self) -> Any:
        """One row per threshold as a ``pandas.DataFrame`` (needs pandas)."""
        pd = require("pandas", feature="EvaluationReport.to_pandas()", extra="pandas")
        columns = [a.name for a in attrs.fields(ThresholdScores)]
        if self.kind == "pairs":
            columns = [c for c in columns if not c.startswith("b3_")]
        return pd.DataFrame([[getattr(s, c) for c in columns] for s in self.scores], columns=columns)

    def plot(self, ax: Any = None) -> Any:
        """Precision, recall and F1 against the threshold on a matplotlib ``Axes`` (needs matplotlib).

        Draws on ``ax`` if given, else on a new figure; returns the ``Axes``.
        """
        plt = require("matplotlib.pyplot", feature="EvaluationReport.plot()", extra="plot")
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 3.5))
        xs = [s.threshold for s in self.scores]
        for label, values, colour, style in _display.evaluation_series(self):
            ax.plot(xs, values, label=label, color=colour, linestyle=style, marker=".")
        ax.axvline(self.threshold, color="#444444", linewidth=1, label=f"chosen {self.threshold:.2f}")
        if not math.isclose(self.threshold, self.config_threshold):
            ax.axvline(self.config_threshold, color="#999999", linewidth=1, linestyle=":", label="config")
        ax.set_xlabel("threshold")
        ax.set_ylim(0, 1.02)
        ax.set_title(f"namerec on {self.size} {'pairs' if self.kind == 'pairs' else 'names'}")
        ax.legend(loc="lower left", fontsize="small")
        return ax

    def __str__(self) -> str:
        return _display.evaluation_text(self)

    def to_html(self, *, redact: bool = False) -> str:
        """The report as HTML: summary, chart, worst errors; ``redact`` masks the names."""
        return _display.evaluation_html(self, redact=redact)

    def _repr_html_(self) -> str:
        return self.to_html()


def _label(value: Any, row: int) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().casefold() in _TRUE | _FALSE:
        return value.strip().casefold() in _TRUE
    raise InputError(f"row {row}: label must be true/false, 1/0, yes/no or match/distinct, got {value!r}")


def _rows(data: Any) -> list[tuple[Any, ...]]:
    """Rows of ``data``: a DataFrame (by column names), a mapping name -> entity, or tuples."""
    if hasattr(data, "columns") and hasattr(data, "itertuples"):
        cols = [str(c) for c in data.columns]
        for wanted in (("a", "b", "label"), ("name", "entity")):
            if set(wanted) <= set(cols):
                return [tuple(r) for r in data[list(wanted)].itertuples(index=False, name=None)]
        raise InputError(f"a DataFrame needs columns a, b, label or name, entity (got {', '.join(cols)})")
    if isinstance(data, Mapping):
        return list(data.items())
    if isinstance(data, (str, bytes)):
        raise TypeError("evaluate() takes rows (a, b, label) or (name, entity), not a string")
    rows = []
    for k, row in enumerate(data, 1):
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
            raise InputError(f"row {k}: expected a tuple (a, b, label) or (name, entity), got {row!r}")
        rows.append(tuple(row))
    return rows


def _thresholds(
    thresholds: Iterable[float] | None, default: tuple[float, ...], config: Config
) -> list[float]:
    values = list(default if thresholds is None else thresholds)
    if thresholds is None:
        values.append(config.threshold)
    out: list[float] = []
    for t in values:
        if isinstance(t, bool) or not isinstance(t, (int, float)) or not 0.0 <= t <= 1.0:
            raise InputError(f"thresholds must be numbers in [0, 1], got {t!r}")
        out.append(float(t))
    if not out:
        raise InputError("thresholds is empty")
    return sorted(set(out))


def _ratio(num: int | float, den: int | float) -> float:
    return num / den if den else 1.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def _score(a: Any, b: Any, config: Config) -> float:
    from .api import score

    try:
        return score(a, b, config=config) if isinstance(a, str) and isinstance(b, str) else 0.0
    except EmptyNameError:
        return 0.0


def _choose(scores: list[ThresholdScores], kind: str, current: float) -> float:
    """Best F1; among equal F1 the threshold nearest ``current``, then the higher one."""

    def key(s: ThresholdScores) -> tuple[float, float, float]:
        f1 = s.b3_f1 if kind == "clusters" and s.b3_f1 is not None else s.f1
        return (round(f1, 12), -abs(s.threshold - current), s.threshold)

    return max(scores, key=key).threshold


def _evaluate_pairs(rows: list[tuple[Any, ...]], config: Config, grid: list[float]) -> EvaluationReport:
    from .api import score

    pairs: list[tuple[str, str, bool, float]] = []
    for k, row in enumerate(rows, 1):
        a, b, label = row
        for side, name in (("a", a), ("b", b)):
            if not isinstance(name, str):
                raise InputError(f"row {k}: {side} must be a str, got {name!r}")
        try:
            value = score(a, b, config=config)
        except EmptyNameError as exc:
            raise InputError(f"row {k}: {exc}") from None
        pairs.append((a, b, _label(label, k), value))
    positives = sum(1 for p in pairs if p[2])
    scores = []
    for t in grid:
        tp = sum(1 for _, _, gold, s in pairs if gold and s >= t)
        fp = sum(1 for _, _, gold, s in pairs if not gold and s >= t)
        fn = positives - tp
        p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        scores.append(ThresholdScores(t, p, r, _f1(p, r), tp, fp, fn))
    chosen = _choose(scores, "pairs", config.threshold)
    false = sorted(
        (PairError(a, b, s) for a, b, gold, s in pairs if not gold and s >= chosen),
        key=lambda e: (-e.score, e.a, e.b),
    )
    missed = sorted(
        (PairError(a, b, s) for a, b, gold, s in pairs if gold and s < chosen),
        key=lambda e: (e.score, e.a, e.b),
    )
    return EvaluationReport(
        "pairs", len(pairs), positives, 0, tuple(scores), chosen, config.threshold,
        _dedupe(false), _dedupe(missed),
    )  # fmt: skip


def _dedupe(errors: Iterable[PairError]) -> tuple[PairError, ...]:
    seen: set[tuple[str, str]] = set()
    out: list[PairError] = []
    for e in errors:
        key = (e.a, e.b) if e.a <= e.b else (e.b, e.a)
        if key not in seen:
            seen.add(key)
            out.append(e)
        if len(out) == WORST:
            break
    return tuple(out)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _cluster_scores(t: float, gold: Sequence[Hashable], pred: Sequence[Hashable]) -> ThresholdScores:
    """Pairwise and B-cubed scores of predicted against gold labels (one per row), in O(n)."""
    n = len(gold)
    cont = Counter(zip(gold, pred, strict=True))
    gold_size, pred_size = Counter(gold), Counter(pred)
    tp = sum(_pairs(c) for c in cont.values())
    pred_pairs = sum(_pairs(c) for c in pred_size.values())
    gold_pairs = sum(_pairs(c) for c in gold_size.values())
    p, r = _ratio(tp, pred_pairs), _ratio(tp, gold_pairs)
    b3_p = _ratio(sum(c * c / pred_size[q] for (_, q), c in cont.items()), n)
    b3_r = _ratio(sum(c * c / gold_size[g] for (g, _), c in cont.items()), n)
    return ThresholdScores(
        t, p, r, _f1(p, r), tp, pred_pairs - tp, gold_pairs - tp, b3_p, b3_r, _f1(b3_p, b3_r)
    )


def _majority(counter: Counter[Any]) -> Any:
    """Most common key; ties go to the smallest ``repr`` so the choice does not depend on order."""
    return min(counter.items(), key=lambda kv: (-kv[1], repr(kv[0])))[0]


def _cluster_errors(
    names: list[Any], gold: list[Hashable], pred: list[Hashable], config: Config
) -> tuple[tuple[PairError, ...], tuple[PairError, ...]]:
    """Worst false matches and misses of one clustering against the gold entities."""
    rows_of_pred: dict[Hashable, Counter[tuple[Any, Hashable]]] = defaultdict(Counter)
    rows_of_gold: dict[Hashable, Counter[tuple[Any, Hashable]]] = defaultdict(Counter)
    for name, g, q in zip(names, gold, pred, strict=True):
        rows_of_pred[q][(name, g)] += 1
        rows_of_gold[g][(name, q)] += 1

    false: list[PairError] = []
    for members in rows_of_pred.values():
        owner = _majority(_sum_by(members, 1))
        anchor = _majority(Counter({name: c for (name, g), c in members.items() if g == owner}))
        for name, _ in sorted({m for m in members if m[1] != owner}, key=repr):
            false.append(PairError(str(name), str(anchor), _score(name, anchor, config)))
    missed: list[PairError] = []
    for members in rows_of_gold.values():
        home = _majority(_sum_by(members, 1))
        anchor = _majority(Counter({name: c for (name, q), c in members.items() if q == home}))
        for name, _ in sorted({m for m in members if m[1] != home}, key=repr):
            missed.append(PairError(str(name), str(anchor), _score(name, anchor, config)))
    false.sort(key=lambda e: (-e.score, e.a, e.b))
    missed.sort(key=lambda e: (e.score, e.a, e.b))
    return _dedupe(false), _dedupe(missed)


def _sum_by(members: Counter[tuple[Any, Hashable]], index: int) -> Counter[Any]:
    out: Counter[Any] = Counter()
    for key, c in members.items():
        out[key[index]] += c
    return out


def _evaluate_clusters(rows: list[tuple[Any, ...]], config: Config, grid: list[float]) -> EvaluationReport:
    from .api import cluster

    names: list[Any] = []
    gold: list[Hashable] = []
    for k, (name, entity) in enumerate(rows, 1):
        if entity is None or (isinstance(entity, float) and math.isnan(entity)):
            raise InputError(f"row {k}: missing entity for {name!r}")
        try:
            hash(entity)
        except TypeError:
            raise InputError(f"row {k}: entity must be hashable, got {entity!r}") from None
        names.append(name)
        gold.append(entity)

    def labels(t: float) -> list[Hashable]:
        result = cluster(names, config=attrs.evolve(config, threshold=t))
        # Rejected names (no letters, missing) are singletons, as in benchmarks/accuracy.py.
        return [("rejected", i) if lab is None else lab for i, lab in enumerate(result.labels)]

    predicted = {t: labels(t) for t in grid}
    scores = [_cluster_scores(t, gold, predicted[t]) for t in grid]
    chosen = _choose(scores, "clusters", config.threshold)
    false, missed = _cluster_errors(names, gold, predicted[chosen], config)
    positives = sum(_pairs(c) for c in Counter(gold).values())
    return EvaluationReport(
        "clusters",
        len(names),
        positives,
        len(set(gold)),
        tuple(scores),
        chosen,
        config.threshold,
        false,
        missed,
    )


def evaluate(
    pairs_or_clusters: Iterable[Sequence[Any]] | Mapping[Any, Hashable] | Any,
    /,
    *,
    config: Config = DEFAULT,
    thresholds: Iterable[float] | None = None,
) -> EvaluationReport:
    """Precision, recall and F1 of namerec on gold data, across thresholds.

    Args:
        pairs_or_clusters: labelled pairs ``(a, b, label)`` (label: a bool, 1/0, or a string
            such as ``yes``/``no``, ``match``/``distinct``), or gold clusters ``(name,
            entity)`` (also a mapping ``{name: entity}``, or a DataFrame with columns
            ``a, b, label`` or ``name, entity``).
        config: everything but the threshold is used as given.
        thresholds: where to evaluate; default every 0.01 from 0.50 to 0.99 for pairs, every
            0.05 from 0.50 to 0.95 for clusters, plus ``config.threshold``.

    Raises:
        InputError: a row of the wrong shape, a bad label, a pair name without letters.

    >>> gold = [("Gorbachev", "Gorbatschow", True), ("Aliyev", "Alijew", "yes"),
    ...         ("Aliyev", "Hasanov", False), ("Aliyev", "Alimov", 0)]
    >>> report = evaluate(gold, thresholds=[0.7, 0.8, 0.9])
    >>> report.kind, report.threshold, report.best.precision, report.best.recall
    ('pairs', 0.8, 1.0, 1.0)

    .. versionadded:: 0.2
    """
    if not isinstance(config, Config):
        raise TypeError(f"config must be a namerec.Config, got {type(config).__name__}")
    rows = _rows(pairs_or_clusters)
    if not rows:
        raise InputError("no gold data: pass (a, b, label) pairs or (name, entity) rows")
    width = len(rows[0])
    for k, row in enumerate(rows, 1):
        if len(row) != width or width not in (2, 3):
            raise InputError(
                f"row {k}: expected (a, b, label) or (name, entity) like row 1, got {len(row)} fields"
            )
    if width == 3:
        return _evaluate_pairs(rows, config, _thresholds(thresholds, PAIR_THRESHOLDS, config))
    return _evaluate_clusters(rows, config, _thresholds(thresholds, CLUSTER_THRESHOLDS, config))


def read_gold(stream: IO[bytes], *, source: str, encoding: str = "utf-8") -> list[tuple[str, ...]]:
    """Rows of a gold TSV: ``(a, b, label)`` or ``(name, entity)``, chosen by the header row.

    >>> import io
    >>> read_gold(io.BytesIO(b"name\\tentity\\nAliyev\\t1\\nAlijew\\t1\\n"), source="gold.tsv")
    [('Aliyev', '1'), ('Alijew', '1')]
    """
    data = stream.read()
    try:
        text = data.decode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{source}: not valid {encoding} at line {line}; try --encoding") from None
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None:
        raise InputError(f"{source}: empty input")
    cols = [h.strip().casefold() for h in header]
    for wanted in (("a", "b", "label"), ("name", "entity")):
        if set(wanted) <= set(cols):
            index = [cols.index(w) for w in wanted]
            break
    else:
        raise InputError(
            f"{source}: the header must name the columns a, b, label (labelled pairs) or name, entity"
            f" (gold clusters), tab-separated; got {header!r}"
        )
    rows: list[tuple[str, ...]] = []
    for row in reader:
        if not any(field.strip() for field in row):
            continue
        if len(row) <= max(index):
            raise InputError(f"{source}: line {reader.line_num}: expected {len(header)} tab-separated fields")
        rows.append(tuple(row[i].strip() for i in index))
    if not rows:
        raise InputError(f"{source}: no rows after the header")
    return rows
