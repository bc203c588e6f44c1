"""Scaling machinery: per-name blocking buckets and cluster(workers=N)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import names as name_strategy

import namerec
from namerec import NameForm, _blocking, _parallel
from namerec._blocking import blocking_entries, candidate_pairs

EXAMPLE = Path(__file__).resolve().parent.parent / "namerec" / "data" / "example_names.txt"
NAMES = [line.strip() for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
GIVEN = ["Anar", "Elnur", "Farid", "Kamran", "Murad", "Orkhan", "Rashad", "Samir", "Tural", "Vugar", "Ilham"]
SURNAMES = ["Aliyev", "Alijew", "Hasanov", "Gasanow", "Mammadov", "Mamedov", "Guliyev", "Kuliev", "Ivanov"]


def _reference_pairs(forms: Sequence[NameForm], max_bucket: int, window: int) -> list[tuple[int, int]]:
    """Bucket by bucket, as namerec 0.1 did it: the specification of the per-name version."""
    buckets: dict[str, list[int]] = defaultdict(list)
    orders: dict[tuple[str, int], str] = {}
    for i, form in enumerate(forms):
        for key, order in blocking_entries(form):
            buckets[key].append(i)
            orders[key, i] = order
    seen: set[tuple[int, int]] = set()
    for key, members in buckets.items():
        if len(members) <= max_bucket:
            seen.update(itertools.combinations(members, 2))
        else:
            for ordered in (
                sorted(members, key=lambda i: (orders[key, i], i)),
                sorted(members, key=lambda i: (forms[i].joined, i)),
            ):
                for x, i in enumerate(ordered):
                    for j in ordered[x + 1 : x + 1 + window]:
                        seen.add((min(i, j), max(i, j)))
    return sorted(seen)


@given(
    st.lists(name_strategy(), min_size=0, max_size=25, unique=True),
    st.integers(1, 6),
    st.integers(1, 4),
)
def test_candidate_pairs_match_the_bucket_by_bucket_definition(
    raw: list[str], max_bucket: int, window: int
) -> None:
    """Per-name neighbour lists propose exactly the pairs of the bucket-by-bucket algorithm."""
    forms = []
    for name in raw:
        try:
            forms.append(namerec.normalize(name))
        except namerec.EmptyNameError:
            continue
    assert candidate_pairs(forms, max_bucket=max_bucket, window=window) == _reference_pairs(
        forms, max_bucket, window
    )


def test_reordered_parts_meet_in_a_large_bucket() -> None:
    """In a bucket far over max_bucket, *Lowe Alyssa* and *Alyssa Lowe* are neighbours."""
    names = [f"Alyssa {s}" for s in [*SURNAMES, "Lowe", "Smith", "Jones", "Brown", "Taylor"]]
    names += ["Lowe Alyssa"]
    forms = [namerec.normalize(n) for n in names]
    i, j = names.index("Alyssa Lowe"), names.index("Lowe Alyssa")
    assert (i, j) in candidate_pairs(forms, max_bucket=3, window=1)


def test_candidate_pairs_on_common_surnames_match_the_definition() -> None:
    """Same with real buckets far over max_bucket (every surname shared by many names)."""
    names = [f"{g} {s}" for g in GIVEN for s in SURNAMES] + NAMES
    forms = [namerec.normalize(n) for n in names]
    assert candidate_pairs(forms, max_bucket=5, window=3) == _reference_pairs(forms, 5, 3)


def _names() -> list[str]:
    letters = "bdgklmnprst"
    made = [f"{g} {s}" for g in GIVEN for s in SURNAMES]
    made += [f"{a}{v}{b}ov" for a, v, b in itertools.product(letters[:6], "aeiou", letters[:6])]
    return made + NAMES + ["", "123", "--"]


@pytest.mark.parametrize("workers", [2, 3])
def test_cluster_with_workers_is_identical(workers: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """cluster(names, workers=N) gives exactly the result of workers=1 (processes really start)."""
    names = _names()
    one = namerec.cluster(names)
    monkeypatch.setattr(_blocking, "PARALLEL_MIN", 0)
    several = namerec.cluster(names, workers=workers)
    assert several == one
    assert several.labels == one.labels
    assert several.rejected == one.rejected


def test_cluster_progress_reaches_the_total() -> None:
    """progress is called with (done, total) and ends at (total, total)."""
    calls: list[tuple[int, int]] = []
    namerec.cluster(_names(), progress=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1][0] == calls[-1][1]
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


@pytest.mark.parametrize("workers", [-1, 1.5, True, "2"])
def test_bad_workers(workers: object) -> None:
    """workers must be an int >= 0."""
    with pytest.raises(ValueError, match="workers"):
        namerec.cluster(["Aliyev"], workers=workers)  # type: ignore[arg-type]


def test_workers_zero_means_one_per_cpu() -> None:
    """workers=0 runs (one process per CPU) and gives the same result."""
    assert namerec.cluster(NAMES, workers=0) == namerec.cluster(NAMES)


KANJI_NAMES = ["田中", "Tanaka", "森泉", "Moriizumi", "たなか", "安倍晋三", "Shinzo Abe", "Suzuki"]


def test_parent_of_workers_needs_no_kanji_dictionary() -> None:
    """With workers, the analysis processes hand back the Japanese readings of Han names, so
    the parent (and the scoring processes it starts later) never loads pykakasi (about 100 MB
    each; before, every process did), and the clusters are those of workers=1.  (Buckets of
    more than one name are ordered in the parent, by readings, which asks for them there.)"""
    code = (
        "import sys, namerec\n"
        "from namerec import _blocking\n"
        "_blocking.PARALLEL_MIN, _blocking._ANALYSE_CHUNK = 0, 2\n"
        f"names = {KANJI_NAMES!r}\n"
        "c = namerec.cluster(names, workers=2, config=namerec.Config(max_bucket=1))\n"
        "print('pykakasi' in sys.modules, c.labels)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, labels = out.stdout.split(" ", 1)
    assert loaded == "False"
    one = namerec.cluster(KANJI_NAMES, config=namerec.Config(max_bucket=1))
    assert labels.strip() == str(one.labels)


def _square_sum(offset: int, chunk: Sequence[int]) -> tuple[int, int]:
    """A chunk's result and the process that computed it (module level: workers import it)."""
    if offset < 0 and 7 in chunk:
        raise ValueError("seven")
    time.sleep(0.02)  # long enough for the workers to start and take some chunks
    return offset + sum(x * x for x in chunk), os.getpid()


@pytest.mark.parametrize("workers", [2, 3])
def test_caller_takes_chunks_too(workers: int) -> None:
    """With ``in_caller``, the calling process computes chunks beside the workers it starts;
    every chunk is computed once and the results come in chunk order."""
    chunks = _parallel.chunked(range(40), 1)
    got = list(_parallel.imap_chunks(_square_sum, chunks, workers=workers, state=5, in_caller=True))
    assert [r for r, _ in got] == [5 + x * x for x in range(40)]
    pids = {pid for _, pid in got}
    assert os.getpid() in pids and len(pids) >= 2  # the caller and at least one worker


def test_an_error_in_a_chunk_reaches_the_caller() -> None:
    """A chunk that raises, in the caller or in a worker, raises in the caller."""
    chunks = _parallel.chunked(range(12), 1)
    with pytest.raises(ValueError, match="seven"):
        list(_parallel.imap_chunks(_square_sum, chunks, workers=2, state=-1, in_caller=True))
