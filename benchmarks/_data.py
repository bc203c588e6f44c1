"""Shared benchmark helpers: dev-data loading, sampling, folding and metrics."""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from unidecode import unidecode

DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"


class Row(NamedTuple):
    """One mention: a line of a dev TSV file."""

    cluster_id: str
    name: str
    kind: str
    lang_or_script: str
    source: str

    @property
    def subtype(self) -> str:
        """Second field of ``source`` (``origin:subtype[:ambig]``)."""
        parts = self.source.split(":")
        return parts[1] if len(parts) > 1 else ""


RowFilter = Callable[[Row], bool]


@dataclass(frozen=True)
class Dataset:
    """A dev split, a row filter and how many entities to sample (None = all)."""

    key: str
    file: str
    entities: int | None
    row_filter: RowFilter | None = None
    filter_doc: str = "all"


DATASETS: dict[str, Dataset] = {
    d.key: d
    for d in (
        Dataset("latin", "wikidata_name_variants_latin.dev.tsv", 3000),
        Dataset("scripts32", "wikidata_name_variants.dev.tsv", 3000),
        Dataset("en_he", "wikidata_person_en_he.dev.tsv", 3000),
        Dataset("en_ko", "wikidata_person_en_ko.dev.tsv", 2000),
        Dataset(
            "ofac",
            "ofac_sdn.dev.tsv",
            3000,
            lambda r: r.kind == "person" and r.subtype in {"primary", "aka"},
            "kind=person, subtype in {primary, aka}",
        ),
        Dataset(
            "un_sc",
            "un_sc_consolidated.dev.tsv",
            None,
            lambda r: r.subtype in {"primary", "original_script", "alias_good"},
            "subtype in {primary, original_script, alias_good}",
        ),
        Dataset(
            "geonames",
            "geonames_cities15000.dev.tsv",
            2000,
            lambda r: r.subtype != "alt_lc",
            "subtype != alt_lc",
        ),
        Dataset("febrl", "febrl_typos.dev.tsv", 3000),
        Dataset("ru_translit", "generated_ru_translit.dev.tsv", None),
        Dataset("countries", "country_names.dev.tsv", None),
    )
}


def read_rows(path: Path, row_filter: RowFilter | None = None) -> list[Row]:
    """Read a TSV (UTF-8, tab-separated, no quoting, with header) into rows."""
    rows: list[Row] = []
    with path.open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        if header[:2] != ["cluster_id", "name"]:
            raise ValueError(f"{path}: unexpected header {header!r}")
        for line in fh:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 5:
                fields += [""] * (5 - len(fields))
            row = Row(*fields[:5])
            if row_filter is None or row_filter(row):
                rows.append(row)
    return rows


def sha1_hex(text: str) -> str:
    """Hex SHA-1 of a UTF-8 string."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def sample_entities(rows: Sequence[Row], n: int | None) -> list[Row]:
    """Rows of the first ``n`` cluster ids in sha1-hex order (all rows if None)."""
    if n is None:
        return list(rows)
    ids = sorted({r.cluster_id for r in rows}, key=sha1_hex)
    keep = set(ids[:n])
    return [r for r in rows if r.cluster_id in keep]


def load_dataset(ds: Dataset, data_dir: Path, entities: int | None = None) -> list[Row]:
    """Load, filter and sample one dataset; ``entities`` overrides the default count."""
    rows = read_rows(data_dir / ds.file, ds.row_filter)
    n = ds.entities if entities is None else min(entities, ds.entities or entities)
    return sample_entities(rows, n)


def dev_files(data_dir: Path) -> list[Path]:
    """All ``*.dev.tsv`` files, sorted by name."""
    return sorted(data_dir.glob("*.dev.tsv"))


_APOSTROPHES = re.compile(r"['`]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(name: str) -> str:
    """Fold: unidecode, casefold, drop apostrophes, other non-[a-z0-9] = space."""
    text = _APOSTROPHES.sub("", unidecode(name).casefold())
    return " ".join(_NON_ALNUM.sub(" ", text).split())


@dataclass(frozen=True)
class Scores:
    """Pairwise and B-cubed precision, recall and F1."""

    pw_p: float
    pw_r: float
    pw_f1: float
    b3_p: float
    b3_r: float
    b3_f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def evaluate(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> Scores:
    """Score predicted labels against gold labels, one entry per row, in O(n).

    Pairwise precision is 1 when nothing is predicted as a pair (recall likewise
    when the gold has no pairs).
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predicted")
    n = len(gold)
    if n == 0:
        return Scores(1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
    cont = Counter(zip(gold, pred, strict=True))
    gold_size = Counter(gold)
    pred_size = Counter(pred)
    tp = sum(_pairs(c) for c in cont.values())
    pred_pairs = sum(_pairs(c) for c in pred_size.values())
    gold_pairs = sum(_pairs(c) for c in gold_size.values())
    pw_p = tp / pred_pairs if pred_pairs else 1.0
    pw_r = tp / gold_pairs if gold_pairs else 1.0
    b3_p = sum(c * c / pred_size[p] for (_, p), c in cont.items()) / n
    b3_r = sum(c * c / gold_size[g] for (g, _), c in cont.items()) / n
    return Scores(pw_p, pw_r, _f1(pw_p, pw_r), b3_p, b3_r, _f1(b3_p, b3_r))


def singleton_none(labels: Iterable[Hashable | None]) -> list[Hashable]:
    """Replace each None label with a unique label of its own."""
    return [("__none__", i) if lab is None else lab for i, lab in enumerate(labels)]


def git_describe() -> str:
    """``git describe --always --dirty`` of the work tree, or ``unknown``."""
    try:
        out = subprocess.run(
            ["git", "-C", str(Path(__file__).resolve().parents[1]), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def write_report(path: Path, text: str) -> None:
    """Write a markdown report (creating its folder), echo it, and say where it went."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"wrote {path}")


def wrong_pairs(
    names: Sequence[str], gold: Sequence[Hashable], pred: Sequence[Hashable]
) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    """False merges and missed pairs as name pairs, with the number of row pairs behind each.

    A *false merge* is two rows in one predicted cluster with different gold labels; a
    *missed pair* two rows of one gold entity in different predicted clusters. Rows are
    gathered into name pairs ``(a, b)`` with ``a <= b`` (``a == b`` for a homonym); each value
    counts row pairs, so the values add up to the pairwise false positives and false
    negatives behind :func:`evaluate`.

    >>> wrong_pairs(["Ann", "Anna", "Bob", "Bob"], [1, 1, 2, 3], ["x", "y", "z", "z"])
    ({('Bob', 'Bob'): 1}, {('Ann', 'Anna'): 1})
    """
    if not len(names) == len(gold) == len(pred):
        raise ValueError(f"{len(names)} names, {len(gold)} gold labels, {len(pred)} predicted")
    cells: dict[tuple[Hashable, Hashable], Counter[str]] = {}
    for name, g, p in zip(names, gold, pred, strict=True):
        cells.setdefault((g, p), Counter())[name] += 1
    by_pred: dict[Hashable, list[Counter[str]]] = {}
    by_gold: dict[Hashable, list[Counter[str]]] = {}
    for (g, p), counter in cells.items():
        by_pred.setdefault(p, []).append(counter)
        by_gold.setdefault(g, []).append(counter)
    return _cross_pairs(by_pred.values()), _cross_pairs(by_gold.values())


def _cross_pairs(groups: Iterable[list[Counter[str]]]) -> dict[tuple[str, str], int]:
    """Name pairs across different cells of each group, weighted by row pairs."""
    out: dict[tuple[str, str], int] = {}
    for cells in groups:
        for i, left in enumerate(cells):
            for right in cells[i + 1 :]:
                for s, cs in left.items():
                    for t, ct in right.items():
                        key = (s, t) if s <= t else (t, s)
                        out[key] = out.get(key, 0) + cs * ct
    return out
