"""The verbs: :func:`score`, :func:`match`, :func:`explain` and :func:`cluster`.

Thin orchestration over normalisation, scoring, blocking and clustering.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from . import _blocking, _clustering, _parallel, _scoring, _translit
from .config import DEFAULT, Config
from .normalize import normalize
from .types import Cluster, Clustering, Explanation, Match, NameForm, Rejected


def _form(name: str | NameForm, arg: str) -> NameForm:
    if isinstance(name, NameForm):
        return name
    if not isinstance(name, str):
        raise TypeError(f"{arg} must be a str or NameForm, got {type(name).__name__}")
    return normalize(name)


def _check_config(config: Config) -> Config:
    if not isinstance(config, Config):
        raise TypeError(f"config must be a namerec.Config, got {type(config).__name__}")
    return config


def score(
    a: str | NameForm,
    b: str | NameForm,
    /,
    *,
    score_cutoff: float | None = None,
    config: Config = DEFAULT,
) -> float:
    """Similarity of two names in [0, 1], exactly symmetric; 0.0 when below ``score_cutoff``.

    Follows RapidFuzz's scorer protocol, so it plugs into ``rapidfuzz.process``:
    ``process.extractOne("Netanjahu", choices, scorer=namerec.score)``.

    Raises ``TypeError`` for non-strings and :class:`~namerec.EmptyNameError` for names
    without letters.

    >>> score("Hasanov", "Hasanow") > score("Hasanov", "Hasanli")
    True

    .. versionadded:: 0.1
    """
    value = _scoring.compare(_form(a, "a"), _form(b, "b"), _check_config(config))[0]
    if score_cutoff is not None and value < score_cutoff:
        return 0.0
    return value


def match(a: str | NameForm, b: str | NameForm, /, *, config: Config = DEFAULT) -> Match:
    """Whether two names are spellings of one name, with the score and threshold.

    >>> m = match("Ilham Aliyev", "Ilham Alijew")
    >>> m.is_match, m.score >= m.threshold
    (True, True)

    .. versionadded:: 0.1
    """
    fa, fb = _form(a, "a"), _form(b, "b")
    value = _scoring.compare(fa, fb, _check_config(config))[0]
    return Match(fa.original, fb.original, value, config.threshold, config=config)


def explain(a: str | NameForm, b: str | NameForm, /, *, config: Config = DEFAULT) -> Explanation:
    """The evidence behind :func:`score`: normalised forms, aligned tokens, rules, weights.

    >>> e = explain("Yoav Gallant", "Joaw Gollant")
    >>> [(r.a, r.b, round(r.value, 1)) for r in e.evidence]
    [('yoav', 'joaw', 1.0), ('gallant', 'gollant', 0.9)]
    >>> abs(min(e.weighted_mean, e.cap) - e.score) < 1e-9
    True

    .. versionadded:: 0.1
    """
    fa, fb = _form(a, "a"), _form(b, "b")
    value, method, rows = _scoring.compare(fa, fb, _check_config(config), with_evidence=True)
    return Explanation(fa, fb, value, config.threshold, method, rows)


def _reject_reason(value: Any) -> str | None:
    if value is None:
        return "missing value"
    if isinstance(value, float) and math.isnan(value):
        return "missing value"
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas.NA, pandas.NaT (no pandas import)
        return "missing value"
    if not isinstance(value, str):
        return f"not a string ({type(value).__name__})"
    return None


def _display_rank(forms: Sequence[NameForm]) -> list[int]:
    """Rank of each name as a display spelling: natural order, no titles, Latin letters, fewest
    convention rules first."""

    def key(i: int) -> tuple[bool, bool, bool, int, int]:
        f = forms[i]
        letters = (c for c in f.original if c.isalpha())
        latin = all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in letters)
        # Fewest folding rules fired: the spelling nearest the shared key (Aliyev, not Alijew).
        return ("," in f.original, bool(f.dropped), not latin, sum(len(t.rules) for t in f.tokens), i)

    order = sorted(range(len(forms)), key=key)
    rank = [0] * len(forms)
    for r, i in enumerate(order):
        rank[i] = r
    return rank


def cluster(
    names: Iterable[Any],
    /,
    *,
    config: Config = DEFAULT,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
) -> Clustering:
    """Group spellings of the same name into entities.

    Every input lands in exactly one cluster or in ``rejected`` (missing values, non-strings,
    names without letters).  The result depends only on the multiset of names.

    Args:
        names: any iterable of names (a list, a pandas Series, a file's lines).
        config: thresholds and weights.
        progress: called as ``progress(done, total)`` as the names' candidate pairs are scored.
        workers: processes that analyse names and score pairs (``0``: one per CPU); the result
            is the same for any number.

    >>> c = cluster(["Gorbachev", "Gorbatschow", "Gorbaczow", "Горбачёв", "Yeltsin"])
    >>> [(k.canonical, len(k.members)) for k in c.clusters]
    [('Gorbachev', 4), ('Yeltsin', 1)]

    .. versionadded:: 0.1
    """
    config = _check_config(config)
    workers = _parallel.check_workers(workers)
    items = list(names)
    counts: Counter[str] = Counter()
    rejected: Counter[tuple[str, str]] = Counter()
    rejected_values: dict[tuple[str, str], Any] = {}
    for value in items:
        reason = _reject_reason(value)
        if reason is None:
            counts[value] += 1
        else:
            key = (reason, repr(value))
            rejected[key] += 1
            rejected_values.setdefault(key, value)
    index = getattr(names, "index", None)  # a pandas Series keeps its index in to_pandas()
    index = None if callable(index) else index
    return _cluster_counted(items, counts, rejected, rejected_values, config, progress, index, workers)


def _cluster_counts(
    counts: Mapping[str, int],
    /,
    *,
    config: Config = DEFAULT,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
) -> Clustering:
    """:func:`cluster` of a multiset given as ``{name: count}``, for inputs too large to list
    (the CLI streams a file into one). ``labels`` follow the keys of ``counts``.

    >>> c = _cluster_counts({"Aliyev": 3, "Alijew": 1, "123": 2})
    >>> c.clusters[0].counts, c.labels, c.rejected[0].count
    ((3, 1), (0, 0, None), 2)
    """
    return _cluster_counted(
        list(counts),
        Counter(counts),
        Counter(),
        {},
        _check_config(config),
        progress,
        None,
        _parallel.check_workers(workers),
    )


_LOOSE = frozenset((_translit.ABJAD, _translit.HAN))
_MEMO = 1_000_000  # pair scores kept per generation while clustering (~100 bytes each)


def _cluster_counted(
    items: list[Any],
    counts: Counter[str],
    rejected: Counter[tuple[str, str]],
    rejected_values: dict[tuple[str, str], Any],
    config: Config,
    progress: Callable[[int, int], None] | None,
    index: Any,
    workers: int,
) -> Clustering:
    distinct = sorted(counts, key=lambda s: (s.casefold(), s))
    forms, keys, parts, analysed = _blocking.analyse(distinct, workers=workers)
    kept = [distinct[x] for x in analysed]
    if len(kept) < len(distinct):
        letters = set(analysed)
        for name in (name for x, name in enumerate(distinct) if x not in letters):
            key = ("no letters", repr(name))
            rejected[key] += counts[name]
            rejected_values[key] = name

    buckets = _blocking.analysed_buckets(forms, keys, parts, max_bucket=config.max_bucket)
    del keys, parts  # the keys are in the buckets now: free them before the workers start
    edges = _blocking.linked_pairs(forms, buckets, config, workers=workers, progress=progress)
    del buckets

    # Scores of pairs (i, j), i < j, that clustering asks for beyond the edges, keyed
    # i * size + j (an int is half a tuple), in two generations of at most _MEMO each (a pair
    # read again moves to the young one), so memory stays bounded at a million names.
    size = len(forms)
    young: dict[int, float] = {}
    old: dict[int, float] = {}

    def pair_score(i: int, j: int) -> float:
        nonlocal young, old
        if i == j:
            return 1.0
        if j < i:
            i, j = j, i
        k = i * size + j
        s = young.get(k)
        if s is None:
            s = old.get(k)
            if s is None:
                s = edges.score(i, j)
                if s is not None:
                    return s
                s = _scoring.compare(forms[i], forms[j], config)[0]
            young[k] = s
            if len(young) >= _MEMO:
                old, young = young, {}
        return s

    weights = [counts[name] for name in kept]
    # Each name's script classes, one shared string per combination; None for a name with a part
    # in a script that writes few vowels or whole words (abjad, Han), whose spellings of one name
    # vary too much to contradict each other (measured: geonames B3 +0.002, en_he pairwise
    # -0.010 against counting them too).
    classes: dict[frozenset[str], str | None] = {}
    scripts = []
    sizes = []
    skeletons = []  # of names of one part
    for f in forms:
        kind = frozenset(t.script for t in f.tokens)
        if kind not in classes:
            classes[kind] = None if kind & _LOOSE else ",".join(sorted(kind))
        scripts.append(classes[kind])
        sizes.append(len(f.tokens))
        skeletons.append(f.tokens[0].skeleton if len(f.tokens) == 1 else "")
    groups = _clustering.cluster_indices(
        len(forms),
        edges,
        weights,
        pair_score,
        threshold=config.threshold,
        cohesion=config.cohesion,
        rank=_display_rank(forms),
        scripts=scripts,
        parts=sizes,
        rarity=forms.rarity(_clustering.COMMON, _clustering.SHORT),
        skeletons=skeletons,
    )

    def group_order(g: tuple[int, list[int]]) -> tuple[int, int, str, str]:
        canon, members = g
        name = kept[canon]
        return (-sum(weights[m] for m in members), -len(members), name.casefold(), name)

    clusters: list[Cluster] = []
    cluster_of: dict[str, int] = {}
    for cid, (canon, members) in enumerate(sorted(groups, key=group_order)):
        ordered = sorted(members, key=lambda m: (-weights[m], m))
        names_ = tuple(kept[m] for m in ordered)
        clusters.append(Cluster(cid, kept[canon], names_, tuple(weights[m] for m in ordered)))
        for name in names_:
            cluster_of[name] = cid

    labels = tuple(cluster_of.get(v) if isinstance(v, str) else None for v in items)
    rejected_list = tuple(
        Rejected(rejected_values[k], k[0], c) for k, c in sorted(rejected.items(), key=lambda kv: kv[0])
    )
    return Clustering(
        tuple(clusters),
        labels,
        rejected_list,
        config.threshold,
        inputs=tuple(items),
        index=index,
        config=config,
    )
