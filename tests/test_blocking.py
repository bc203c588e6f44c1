"""Blocking: the candidate pairs proposed for scoring must contain (nearly) every true link."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

import namerec
from namerec import Config, NameForm
from namerec._blocking import blocking_keys, candidate_pairs

DEFAULT = Config()
EXAMPLE = Path(__file__).resolve().parent.parent / "namerec" / "data" / "example_names.txt"

# Further spellings of the example entities, written for this test: other romanisations,
# initials, surname-first orders, titles, and a few unrelated names as distractors.
VARIANTS = [
    "Ilham Aliev", "I. Aliyev", "Aliyev Ilham", "Ilkham Aliyev", "Heidar Aliev", "H. Aliyev",
    "Binyamin Netanyahu", "Netanyahu, Benjamin", "Benjamin Netanyahou", "Yoav Gelant", "Joav Galant",
    "Zakir Gasanov", "Zakir Hasanow", "Mikhail Gorbatchov", "M. Gorbachev", "Gorbachev, Mikhail",
    "Muammar Kaddafi", "Muammar el-Gaddafi", "Moamar Gadafi", "Mouammar Kadhafi", "Boris Eltsin",
    "Boris Jelcyn", "Vladimir Poutine", "W. Putin", "Volodymyr Zelenskyy", "Wolodymyr Zelenski",
    "Jewgeni Prigoschin", "Yevgeny Prigozhin", "Евгений Пригожин", "Dr. Vladimir Putin",
]


def _names() -> list[str]:
    example = [line.strip() for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return example + VARIANTS


def _recall(names: list[str], config: Config) -> tuple[float, list[str], int]:
    """Share of brute-force links (score >= threshold) that blocking proposes, and the misses."""
    forms = [namerec.normalize(n) for n in names]
    proposed = set(candidate_pairs(forms, max_bucket=config.max_bucket, window=config.window))
    links = [
        (i, j)
        for i, j in itertools.combinations(range(len(forms)), 2)
        if namerec.score(forms[i], forms[j], config=config) >= config.threshold
    ]
    misses = [
        f"{names[i]!r} ~ {names[j]!r} ({namerec.score(forms[i], forms[j], config=config):.3f})"
        for i, j in links
        if (i, j) not in proposed
    ]
    recall = 1.0 if not links else 1 - len(misses) / len(links)
    return recall, misses, len(links)


def test_blocking_recall_on_realistic_names() -> None:
    """Blocking with the default config proposes at least 95% of the pairs that score above the threshold."""
    names = _names()
    assert len(names) >= 60
    recall, misses, n_links = _recall(names, DEFAULT)
    assert n_links > 50, "the test list should contain many true links"
    assert recall >= 0.95, f"recall {recall:.3f} over {n_links} links; missed:\n" + "\n".join(misses)


def test_blocking_recall_on_shared_data(shared_data: Path) -> None:
    """On a slice of real Latin name variants, blocking proposes at least 95% of the above-threshold pairs."""
    path = shared_data / "wikidata_name_variants_latin.dev.tsv"
    if not path.exists():
        pytest.skip(f"{path.name} not available")
    names: list[str] = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in itertools.islice(reader, 250):
            names.append(row[1])
    names = [n for n in dict.fromkeys(names) if any(c.isalpha() for c in n)]
    recall, misses, n_links = _recall(names, DEFAULT)
    assert n_links > 20
    assert recall >= 0.95, f"recall {recall:.3f} over {n_links} links; missed:\n" + "\n".join(misses[:30])


def _check_pairs(pairs: list[tuple[int, int]], n: int) -> None:
    assert pairs == sorted(pairs)
    assert len(pairs) == len(set(pairs))
    for i, j in pairs:
        assert 0 <= i < j < n


@pytest.mark.parametrize(("max_bucket", "window"), [(3, 1), (3, 2), (2, 5), (1, 1)])
def test_tiny_max_bucket_uses_sorted_neighbourhood(max_bucket: int, window: int) -> None:
    """With a tiny max_bucket the sorted-neighbourhood path runs and returns sorted distinct pairs i < j."""
    forms = [namerec.normalize(n) for n in _names()]
    pairs = candidate_pairs(forms, max_bucket=max_bucket, window=window)
    _check_pairs(pairs, len(forms))
    full = candidate_pairs(forms, max_bucket=DEFAULT.max_bucket, window=DEFAULT.window)
    assert pairs, "sorted neighbourhood proposed nothing"
    assert len(pairs) <= len(full)


def test_default_pairs_are_sorted_and_distinct() -> None:
    """With default settings the pairs are sorted, distinct and have i < j."""
    forms = [namerec.normalize(n) for n in _names()]
    _check_pairs(candidate_pairs(forms, max_bucket=DEFAULT.max_bucket, window=DEFAULT.window), len(forms))


def test_oversized_bucket_still_links_close_neighbours() -> None:
    """A common surname whose bucket exceeds max_bucket still pairs close spellings."""
    given = ["Anar", "Elnur", "Farid", "Kamran", "Murad", "Orkhan", "Rashad", "Samir", "Tural", "Vugar"]
    names = [f"{g} Aliyev" for g in given] + ["Ilham Aliyev", "Ilham Alijew"]
    forms: list[NameForm] = [namerec.normalize(n) for n in names]
    pairs = set(candidate_pairs(forms, max_bucket=3, window=2))
    i, j = names.index("Ilham Aliyev"), names.index("Ilham Alijew")
    assert (min(i, j), max(i, j)) in pairs


def test_empty_and_single_inputs() -> None:
    """No forms or one form give no pairs."""
    assert candidate_pairs([], max_bucket=3, window=2) == []
    assert candidate_pairs([namerec.normalize("Aliyev")], max_bucket=3, window=2) == []


def test_blocking_keys_are_sorted_and_nonempty() -> None:
    """Every name gets at least one blocking key; keys are sorted and distinct."""
    for name in [*_names(), "B.", "X Y", "Ü"]:
        keys = blocking_keys(namerec.normalize(name))
        assert keys and list(keys) == sorted(set(keys)), (name, keys)


def test_identical_keys_are_always_candidates() -> None:
    """Spellings with the same keys (Aliyev / Alijew) are always proposed, even with tiny buckets."""
    names = ["Aliyev", "Alijew", "Алиев", "Əliyev"]
    forms = [namerec.normalize(n) for n in names]
    for max_bucket, window in [(DEFAULT.max_bucket, DEFAULT.window), (3, 3)]:
        pairs = set(candidate_pairs(forms, max_bucket=max_bucket, window=window))
        assert pairs == set(itertools.combinations(range(4), 2))
