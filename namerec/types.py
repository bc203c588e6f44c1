"""Result types: small frozen attrs classes, data first, text and HTML second."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from . import _display
from ._optional import require
from .config import DEFAULT, Config


@attrs.frozen
class Token:
    """One analysed name part.

    Attributes:
        text: the part as written (NFKC, case-folded).
        folded: ASCII letters after script folding (``həsənov`` → ``hasanov``).
        key: transliteration key after the folding rules (``hasanow`` → ``hasanov``).
        skeleton: consonant-class skeleton of the key (``KSNP``).
        role: ``given``, ``surname``, ``patronymic`` or ``initial``.
        script: ``latin`` (any script folded letter by letter), ``abjad``, ``hangul``, ``kana``
            or ``han``.
        rules: ids of the folding rules that changed this token (see ``namerec.RULES``).
    """

    text: str
    folded: str
    key: str
    skeleton: str
    role: str
    script: str
    rules: tuple[str, ...] = ()
    sig: tuple[str, str, str, str, bool] = attrs.field(init=False, eq=False, repr=False)
    """What token similarity depends on: key, folded, skeleton, script, is-initial."""

    def __attrs_post_init__(self) -> None:
        sig = (self.key, self.folded, self.skeleton, self.script, self.role == "initial")
        object.__setattr__(self, "sig", sig)


@attrs.frozen
class NameForm:
    """What :func:`namerec.normalize` returns: a name analysed once, compared many times.

    Attributes:
        original: the input string, unchanged (display uses it).
        tokens: analysed parts, in given-name-first order.
        dropped: ``(word, reason)`` for titles, particles and markers left out of comparison.
    """

    original: str
    tokens: tuple[Token, ...]
    dropped: tuple[tuple[str, str], ...] = ()
    keys: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)
    """The transliteration key of each token."""
    joined: str = attrs.field(init=False, eq=False, repr=False)
    """All keys written together, for names whose parts are split differently."""

    def __attrs_post_init__(self) -> None:
        keys = tuple(t.key for t in self.tokens)
        object.__setattr__(self, "keys", keys)
        object.__setattr__(self, "joined", "".join(keys))

    @property
    def rules(self) -> tuple[str, ...]:
        """Ids of every folding rule that fired on any token, in order of first use."""
        return tuple(dict.fromkeys(r for t in self.tokens for r in t.rules))

    def __str__(self) -> str:
        parts = " ".join(f"{t.key}[{t.role[0]}]" for t in self.tokens)
        return f"{self.original!r} -> {parts}"


# Fast constructors for trusted fields (an Index decodes ~50 stored forms per search): they
# skip attrs' generated __init__ (a bound setattr call per field) and fill the slots directly.
# The objects are equal, hash alike and hold the same derived fields (``sig``, ``keys``,
# ``joined``) as those of the plain constructors; tests/test_speed_paths.py checks every slot.
_new = object.__new__
_set_text, _set_folded, _set_key, _set_skeleton, _set_role, _set_script, _set_rules, _set_sig = (
    getattr(Token, f).__set__ for f in ("text", "folded", "key", "skeleton", "role", "script", "rules", "sig")
)
_set_original, _set_tokens, _set_dropped, _set_keys, _set_joined = (
    getattr(NameForm, f).__set__ for f in ("original", "tokens", "dropped", "keys", "joined")
)


def _token(
    text: str, folded: str, key: str, skeleton: str, role: str, script: str, rules: tuple[str, ...]
) -> Token:
    """``Token(text, folded, key, skeleton, role, script, rules)``, made faster."""
    t: Token = _new(Token)
    _set_text(t, text)
    _set_folded(t, folded)
    _set_key(t, key)
    _set_skeleton(t, skeleton)
    _set_role(t, role)
    _set_script(t, script)
    _set_rules(t, rules)
    _set_sig(t, (key, folded, skeleton, script, role == "initial"))
    return t


def _name_form(original: str, tokens: tuple[Token, ...], dropped: tuple[tuple[str, str], ...]) -> NameForm:
    """``NameForm(original, tokens, dropped)``, made faster."""
    f: NameForm = _new(NameForm)
    keys = tuple([t.key for t in tokens])
    _set_original(f, original)
    _set_tokens(f, tokens)
    _set_dropped(f, dropped)
    _set_keys(f, keys)
    _set_joined(f, "".join(keys))
    return f


@attrs.frozen
class Evidence:
    """One row of an explanation: a piece of evidence, its value in [0, 1] and its weight.

    ``kind`` is ``pair`` (two aligned tokens), ``missing`` (a token the other name lacks:
    value 0, weight reduced by ``Config.missing_cost``), ``joined`` (the names compared
    with their parts written together), ``corroboration`` (value 1: names in different scripts
    whose parts all agree, weighted so the score moves a fixed share of the way to 1) or ``cap``
    (weight 0: a contradicting pair limits the score to ``value``).
    """

    kind: str
    a: str
    b: str
    value: float
    weight: float
    detail: str = ""
    rules: tuple[str, ...] = ()

    @property
    def contribution(self) -> float:
        """``value * weight``: what this row adds to the numerator of the score."""
        return self.value * self.weight


@attrs.frozen
class Match:
    """Answer of :func:`namerec.match`.

    .. versionadded:: 0.1
    """

    a: str
    b: str
    score: float
    threshold: float
    config: Config = attrs.field(default=DEFAULT, eq=False, repr=False)
    """The configuration the score was computed with (the HTML view explains with it)."""

    @property
    def is_match(self) -> bool:
        """``score >= threshold``."""
        return self.score >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 6),
            "threshold": self.threshold,
            "is_match": self.is_match,
        }

    def to_html(self, *, redact: bool = False) -> str:
        """The match as HTML: the view of :func:`namerec.explain` for the two names, with the
        evidence behind the score; ``redact`` masks the names."""
        from .api import explain

        return explain(self.a, self.b, config=self.config).to_html(redact=redact)

    def _repr_html_(self) -> str:
        return self.to_html()


@attrs.frozen
class Explanation:
    """Answer of :func:`namerec.explain`: the evidence rows that make up the score.

    The rows reconstruct the score: ``score == min(weighted_mean, cap)``, where
    ``weighted_mean`` is ``sum(e.value * e.weight) / sum(e.weight)`` over ``evidence`` and
    ``cap`` the value of the ``cap`` row (1.0 when there is none).

    .. versionadded:: 0.1
    """

    a: NameForm
    b: NameForm
    score: float
    threshold: float
    method: str
    evidence: tuple[Evidence, ...]

    @property
    def is_match(self) -> bool:
        """``score >= threshold``."""
        return self.score >= self.threshold

    @property
    def weighted_mean(self) -> float:
        """``sum(value * weight) / sum(weight)`` over the evidence rows."""
        weight = sum(e.weight for e in self.evidence)
        return sum(e.contribution for e in self.evidence) / weight if weight else 0.0

    @property
    def cap(self) -> float:
        """The limit set by a contradicting pair (``cap`` row), or 1.0."""
        return min((e.value for e in self.evidence if e.kind == "cap"), default=1.0)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "a": self.a.original,
            "b": self.b.original,
            "score": round(self.score, 6),
            "threshold": self.threshold,
            "is_match": self.is_match,
            "method": self.method,
            "a_keys": list(self.a.keys),
            "b_keys": list(self.b.keys),
            "evidence": [
                {
                    "kind": e.kind,
                    "a": e.a,
                    "b": e.b,
                    "value": round(e.value, 6),
                    "weight": round(e.weight, 6),
                    "detail": e.detail,
                    "rules": list(e.rules),
                }
                for e in self.evidence
            ],
        }

    def __str__(self) -> str:
        return _display.explanation_text(self)

    def to_html(self, *, redact: bool = False) -> str:
        """The explanation as HTML: both normalised forms side by side, one row per piece of
        evidence with a bar for its contribution, and the rules that fired.

        ``redact=True`` replaces names, tokens and keys by placeholders (``name 1``, ``a1``),
        so the view can be shared without the data.
        """
        return _display.explanation_html(self, redact=redact)

    def _repr_html_(self) -> str:
        return self.to_html()


@attrs.frozen
class Cluster:
    """One entity: its canonical spelling, distinct member spellings and how often each occurred.

    ``members`` are sorted by count (descending), then spelling; ``canonical`` is one of them.
    """

    id: int
    canonical: str
    members: tuple[str, ...]
    counts: tuple[int, ...]

    @property
    def size(self) -> int:
        """Number of inputs in this cluster (duplicates counted)."""
        return sum(self.counts)


@attrs.frozen
class Rejected:
    """An input that could not be clustered, with the reason and how often it occurred."""

    value: Any = attrs.field(eq=False)
    reason: str
    count: int = 1
    text: str = attrs.field(default="", repr=False)
    """``repr(value)``: what equality and ordering use (NaN never equals itself)."""

    def __attrs_post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", repr(self.value))


@attrs.frozen
class Clustering:
    """Answer of :func:`namerec.cluster`.

    Attributes:
        clusters: entities, largest first (ties: canonical spelling).
        labels: one cluster id per input, in input order; ``None`` for rejected inputs.
        rejected: inputs that have no letters (or are not strings), with reasons.
        threshold: the linking threshold used.

    .. versionadded:: 0.1
    """

    clusters: tuple[Cluster, ...]
    labels: tuple[int | None, ...] = attrs.field(eq=False, repr=False)
    rejected: tuple[Rejected, ...]
    threshold: float
    inputs: tuple[Any, ...] = attrs.field(default=(), eq=False, repr=False)
    """The inputs, in input order (what :meth:`to_pandas` lists one row per)."""
    index: Any = attrs.field(default=None, eq=False, repr=False)
    """The index of the input when it was a pandas Series, else ``None``."""
    config: Config = attrs.field(default=DEFAULT, eq=False, repr=False)
    """The configuration the clustering ran with (scores against the canonical use it)."""
    _canonical: Mapping[str, str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # Built once: canonical_of in a loop over many names stays linear.
        mapping = {m: c.canonical for c in self.clusters for m in c.members}
        object.__setattr__(self, "_canonical", mapping)

    def canonical_of(self, name: str) -> str:
        """Canonical spelling of the entity ``name`` belongs to; ``KeyError`` if absent."""
        return self._canonical[name]

    def to_mapping(self) -> dict[str, str]:
        """Every distinct spelling → its canonical spelling."""
        return dict(self._canonical)

    def __len__(self) -> int:
        return len(self.clusters)

    def __str__(self) -> str:
        return _display.clustering_text(self)

    def to_html(self, *, redact: bool = False, limit: int = 20) -> str:
        """The entities as HTML, largest first, each with its spellings and counts (collapsible),
        under a summary line; ``limit`` entities at most; ``redact`` masks the names."""
        return _display.clustering_html(self, redact=redact, limit=limit)

    def _repr_html_(self) -> str:
        return self.to_html()

    def _columns(self, entities: bool) -> dict[str, list[Any]]:
        if entities:
            return {
                "entity": [k.id for k in self.clusters],
                "canonical": [k.canonical for k in self.clusters],
                "size": [k.size for k in self.clusters],
                "spellings": [len(k.members) for k in self.clusters],
                "members": [list(k.members) for k in self.clusters],
                "counts": [list(k.counts) for k in self.clusters],
            }
        if len(self.inputs) != len(self.labels):
            raise ValueError("this Clustering does not hold its inputs (build it with namerec.cluster)")
        from ._scoring import compare
        from .normalize import normalize

        forms: dict[str, NameForm] = {}

        def form(name: str) -> NameForm:
            if name not in forms:
                forms[name] = normalize(name)
            return forms[name]

        scores: dict[str, float] = {}
        for k in self.clusters:
            canon = form(k.canonical)
            for m in k.members:
                scores[m] = 1.0 if m == k.canonical else compare(form(m), canon, self.config)[0]
        reasons = {r.text: r.reason for r in self.rejected}
        canonical = [None if lab is None else self.clusters[lab].canonical for lab in self.labels]
        return {
            "name": list(self.inputs),
            "entity": list(self.labels),
            "canonical": canonical,
            "score": [
                float("nan") if lab is None else scores[v]
                for v, lab in zip(self.inputs, self.labels, strict=True)
            ],
            "rejected": [
                reasons.get(repr(v)) if lab is None else None
                for v, lab in zip(self.inputs, self.labels, strict=True)
            ],
        }

    def to_pandas(self, *, entities: bool = False) -> Any:
        """A ``pandas.DataFrame`` of the result (needs pandas: ``pip install 'namerec[pandas]'``).

        By default one row per input, in input order (with the input Series' index): ``name``,
        ``entity`` (nullable integer, missing for rejected inputs), ``canonical``, ``score``
        (against the canonical spelling) and ``rejected`` (the reason, or missing).  With
        ``entities=True``, one row per entity: ``entity``, ``canonical``, ``size`` (inputs,
        duplicates counted), ``spellings``, ``members`` and ``counts``.

        .. versionadded:: 0.2
        """
        pd = require("pandas", feature="Clustering.to_pandas()", extra="pandas")
        columns = self._columns(entities)
        if entities:
            return pd.DataFrame(columns)
        index = self.index if self.index is not None and len(self.index) == len(self.labels) else None
        frame = pd.DataFrame(columns, index=index)
        frame["name"] = frame["name"].astype(object)
        frame["entity"] = pd.array(columns["entity"], dtype="Int64")
        return frame

    def to_polars(self, *, entities: bool = False) -> Any:
        """The same table as :meth:`to_pandas`, as a ``polars.DataFrame`` (needs polars).

        Inputs that are not strings are shown by their ``repr`` in the ``name`` column.

        .. versionadded:: 0.2
        """
        pl = require("polars", feature="Clustering.to_polars()", extra="polars")
        columns = self._columns(entities)
        if not entities:
            columns["name"] = [v if isinstance(v, str) or v is None else repr(v) for v in columns["name"]]
            columns["score"] = [
                None if lab is None else s for s, lab in zip(columns["score"], self.labels, strict=True)
            ]
        return pl.DataFrame(columns)
