"""Configuration: one frozen object, passed as ``config=`` to every verb."""

from __future__ import annotations

from typing import Any

import attrs

from .errors import ConfigError


def _unit_interval(inst: Any, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ConfigError(f"'{attribute.name}' must be in [0, 1] (got {value!r})")


MAX_WEIGHT = 1e6
"""Largest token weight: weights are relative, and sums of them must stay far from overflow."""


def _positive(inst: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if not value > 0:
        raise ConfigError(f"'{attribute.name}' must be > 0 (got {value!r})")
    if isinstance(value, float) and value > MAX_WEIGHT:
        raise ConfigError(f"'{attribute.name}' must be at most {MAX_WEIGHT:g} (got {value!r})")


def _to_float(value: Any) -> float:
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"expected a number, got {value!r}") from None
    if result != result:
        raise ConfigError("expected a number, got NaN")
    if result in (float("inf"), float("-inf")):
        raise ConfigError(f"expected a finite number, got {result!r}")
    return result


def _to_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"expected an integer, got {value!r}")
    return value


@attrs.frozen(kw_only=True)
class Config:
    """Thresholds and weights for scoring and clustering.

    Make variants with :func:`attrs.evolve`: ``attrs.evolve(Config(), threshold=0.9)``.

    Attributes:
        threshold: ``match`` says yes at or above this score; ``cluster`` links pairs at it.
        cohesion: every cluster member scores at least this against its canonical spelling.
        missing_cost: share of a token's weight charged when the other name lacks that token
            (a missing middle name costs this, a contradicting one costs its full weight).
        surname_weight: weight of family-name tokens.
        given_weight: weight of given-name tokens.
        patronymic_weight: weight of patronymics (``Heydar oglu``, ``Vladimirovich``).
        initial_weight: weight of initials (``B.``).  Weights are finite, > 0 and at most 1e6.
        max_bucket: blocking buckets larger than this are searched by sorted neighbourhood.
        window: neighbours compared on each side inside an oversized bucket.

    >>> Config(threshold=0.9).threshold
    0.9

    .. versionadded:: 0.1
    """

    threshold: float = attrs.field(default=0.78, converter=_to_float, validator=_unit_interval)
    # Average linkage already refuses weak bridges; cohesion only removes what one reached
    # through aliases that drop and add parts.  Measured on the full dev samples against 0.7:
    # country names 0.361 -> 0.394 B3, geonames +0.003/+0.005, ofac +0.0007/+0.0038; febrl
    # -0.0002/-0.0013, en_ko pairwise -0.0012, latin pairwise -0.0011 (0.5: about half the gains).
    cohesion: float = attrs.field(default=0.3, converter=_to_float, validator=_unit_interval)
    missing_cost: float = attrs.field(default=0.2, converter=_to_float, validator=_unit_interval)
    surname_weight: float = attrs.field(default=1.3, converter=_to_float, validator=_positive)
    given_weight: float = attrs.field(default=1.0, converter=_to_float, validator=_positive)
    patronymic_weight: float = attrs.field(default=0.5, converter=_to_float, validator=_positive)
    initial_weight: float = attrs.field(default=0.5, converter=_to_float, validator=_positive)
    max_bucket: int = attrs.field(default=20, converter=_to_int, validator=_positive)
    window: int = attrs.field(default=6, converter=_to_int, validator=_positive)

    def role_weight(self, role: str) -> float:
        """Weight of a token with the given role (``surname``, ``given``, ...)."""
        if role == "surname":
            return self.surname_weight
        if role == "patronymic":
            return self.patronymic_weight
        if role == "initial":
            return self.initial_weight
        return self.given_weight


DEFAULT = Config()
