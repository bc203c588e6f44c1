"""Learned character correspondences: romanisation variants folded onto one canonical spelling.

The folding rules of :mod:`namerec._keys` encode conventions by hand.  This module adds the
correspondences *measured* on variant pairs (``data/correspondences.tsv``, fitted by
``tools/fit_correspondences.py``): letter n-grams of at most three characters that true variants
exchange far more often than look-alike names of different people do.  Each row rewrites a
source n-gram to a canonical one within a *scope*: ``latin`` for two spellings in Latin letters
(or scripts folded letter by letter), or the script class of the other token (``hangul``,
``abjad``, ...) for a Latin spelling against that script.

The table is read once, when first needed; keys are rewritten once per token (cached).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from ._keys import CACHE

_TABLE = "data/correspondences.tsv"
_COLUMNS = ["scope", "source", "target", "support", "negatives", "log_odds"]
_NGRAM = re.compile("[a-z]{1,3}")  # letters of a folded key: never a whole name


def parse_table(text: str) -> dict[str, tuple[re.Pattern[str], dict[str, str]]]:
    """Per scope: one regular expression matching every source n-gram (longest first) and the
    canonical n-gram of each; ``#`` lines are comments.  Raise ``ValueError`` on a bad table.

    >>> rx, targets = parse_table("scope\\tsource\\ttarget\\tsupport\\tnegatives\\tlog_odds\\n"
    ...                           "latin\\tks\\th\\t177\\t1\\t5.01\\n")["latin"]
    >>> rx.sub(lambda m: targets[m.group()], "aleksandr")
    'alehandr'
    """
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not lines or lines[0].split("\t") != _COLUMNS:
        raise ValueError(f"{_TABLE}: expected the header {_COLUMNS}")
    table: dict[str, dict[str, str]] = {}
    for n, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        ok = len(fields) == len(_COLUMNS) and all(_NGRAM.fullmatch(f) for f in fields[1:3])
        if not ok or fields[1] == fields[2] or fields[1] in table.get(fields[0], {}):
            raise ValueError(f"{_TABLE}: malformed row {n}: {line!r}")
        table.setdefault(fields[0], {})[fields[1]] = fields[2]
    out = {}
    for scope, mapping in table.items():
        sources = sorted(mapping, key=lambda s: (-len(s), s))
        out[scope] = (re.compile("|".join(map(re.escape, sources))), mapping)
    return out


@lru_cache(maxsize=1)
def _rules() -> dict[str, tuple[re.Pattern[str], dict[str, str]]]:
    return parse_table(resources.files("namerec").joinpath(_TABLE).read_text(encoding="utf-8"))


@lru_cache(maxsize=CACHE)
def learned_key(key: str, scope: str = "latin") -> str:
    """The comparison key with the learned correspondences of ``scope`` rewritten, left to right.

    >>> learned_key("aleksandr"), learned_key("aleksandr", "no such scope")
    ('alehandr', 'aleksandr')
    """
    rules = _rules().get(scope)
    if rules is None or not key:
        return key
    rx, mapping = rules
    return rx.sub(lambda m: mapping[m.group()], key)
