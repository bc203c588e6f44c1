"""Config: validation, immutability and variants made with attrs.evolve."""

from __future__ import annotations

import math

import attrs
import pytest

import namerec
from namerec import Config, ConfigError

UNIT_FIELDS = ["threshold", "cohesion", "missing_cost"]
POSITIVE_FIELDS = ["surname_weight", "given_weight", "patronymic_weight", "initial_weight"]
INT_FIELDS = ["max_bucket", "window"]


@pytest.mark.parametrize("bad", [1.5, -0.1, "abc", math.nan, float("inf"), None, [0.5]])
def test_threshold_validation(bad: object) -> None:
    """An invalid threshold raises ConfigError, which is also a ValueError."""
    with pytest.raises(ConfigError):
        Config(threshold=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Config(threshold=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("field", UNIT_FIELDS)
@pytest.mark.parametrize("bad", [1.5, -0.1, "abc", math.nan])
def test_unit_interval_fields(field: str, bad: object) -> None:
    """Fields that are shares of one reject values outside [0, 1], non-numbers and NaN."""
    with pytest.raises(ConfigError):
        Config(**{field: bad})


@pytest.mark.parametrize("field", POSITIVE_FIELDS)
@pytest.mark.parametrize("bad", [0, -1.0, "abc", math.nan])
def test_weights_must_be_positive(field: str, bad: object) -> None:
    """Weights must be numbers greater than zero."""
    with pytest.raises(ConfigError):
        Config(**{field: bad})


@pytest.mark.parametrize("field", INT_FIELDS)
@pytest.mark.parametrize("bad", [0, -3, 2.5, "10", True])
def test_int_fields(field: str, bad: object) -> None:
    """max_bucket and window must be positive integers (not floats, strings or booleans)."""
    with pytest.raises(ConfigError):
        Config(**{field: bad})


def test_valid_values_and_conversion() -> None:
    """Boundary values are accepted and numeric strings/ints convert to float."""
    assert Config(threshold=0).threshold == 0.0
    assert Config(threshold=1).threshold == 1.0
    c = Config(threshold="0.9", surname_weight=2)
    assert c.threshold == 0.9 and isinstance(c.threshold, float)
    assert c.surname_weight == 2.0 and isinstance(c.surname_weight, float)


def test_defaults_are_sane() -> None:
    """The default config validates and cohesion does not exceed the linking threshold."""
    c = Config()
    assert 0 < c.threshold <= 1 and 0 < c.cohesion <= c.threshold
    assert c.max_bucket >= 2 and c.window >= 1
    assert c == Config()


def test_evolve() -> None:
    """attrs.evolve makes a validated variant and leaves the original untouched."""
    base = Config()
    strict = attrs.evolve(base, threshold=0.95)
    assert strict.threshold == 0.95
    assert base.threshold == Config().threshold
    assert strict.cohesion == base.cohesion
    with pytest.raises(ConfigError):
        attrs.evolve(base, threshold=2.0)


def test_frozen() -> None:
    """A Config cannot be changed after creation."""
    c = Config()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        c.threshold = 0.5  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del c.window  # type: ignore[misc]


def test_keyword_only() -> None:
    """Config takes keyword arguments only."""
    with pytest.raises(TypeError):
        Config(0.9)  # type: ignore[misc]


def test_unknown_field() -> None:
    """Misspelled options are an error, not silently ignored."""
    with pytest.raises(TypeError):
        Config(treshold=0.9)  # type: ignore[call-arg]


def test_config_is_hashable_and_usable() -> None:
    """Configs are hashable values, and a custom one is honoured by match()."""
    assert hash(Config()) == hash(Config())
    m = namerec.match("Hasanov", "Hasanli", config=Config(threshold=0.0))
    assert m.is_match and m.threshold == 0.0


def test_role_weight() -> None:
    """role_weight maps each role to its configured weight."""
    c = Config(surname_weight=3, given_weight=2, patronymic_weight=0.25, initial_weight=0.125)
    assert [c.role_weight(r) for r in ("surname", "given", "patronymic", "initial")] == [3, 2, 0.25, 0.125]


def test_documented_defaults_are_the_defaults() -> None:
    """docs/guide.md and docs/index.md still showed threshold 0.8 and missing_cost 0.35 after
    the defaults moved to 0.78 and 0.2."""
    import re
    from pathlib import Path

    docs = Path(__file__).resolve().parent.parent / "docs"
    defaults = attrs.asdict(Config())
    table = dict(re.findall(r"^\| `(\w+)` \| ([0-9.]+) \|", (docs / "guide.md").read_text("utf-8"), re.M))
    signature = re.search(r"`Config\(\*, ([^)]*)\)`", (docs / "index.md").read_text("utf-8"))
    assert signature is not None
    listed = dict(part.split("=") for part in signature.group(1).split(", "))
    assert set(listed) == set(defaults)
    for name, value in defaults.items():
        assert float(listed[name]) == value, name
        if name in table:
            assert float(table[name]) == value, name
    assert {"threshold", "missing_cost", "cohesion"} <= set(table)
