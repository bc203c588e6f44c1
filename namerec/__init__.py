"""namerec: reconcile transliterated spellings of names into canonical entities.

>>> import namerec
>>> namerec.match("Gorbachev", "Gorbatschow").is_match
True
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from ._keys import RULES_BY_ID as RULES
from ._keys import Rule
from .api import cluster, explain, match, score
from .config import Config
from .errors import ConfigError, EmptyNameError, IndexFormatError, InputError, NamerecError
from .evaluate import EvaluationReport, PairError, ThresholdScores, evaluate
from .index import Assignment, Index, SearchResult, link
from .normalize import MAX_NAME_LENGTH, normalize
from .types import Cluster, Clustering, Evidence, Explanation, Match, NameForm, Rejected, Token

try:
    __version__ = version("namerec")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "MAX_NAME_LENGTH",
    "RULES",
    "Assignment",
    "Cluster",
    "Clustering",
    "Config",
    "ConfigError",
    "EmptyNameError",
    "EvaluationReport",
    "Evidence",
    "Explanation",
    "Index",
    "IndexFormatError",
    "InputError",
    "Match",
    "NameForm",
    "NamerecError",
    "PairError",
    "Rejected",
    "Rule",
    "SearchResult",
    "ThresholdScores",
    "Token",
    "cluster",
    "evaluate",
    "explain",
    "link",
    "match",
    "normalize",
    "score",
]
