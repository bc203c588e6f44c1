"""Determinism: the same output whatever PYTHONHASHSEED, the input order or the number of threads."""

from __future__ import annotations

import csv
import io
import os
import random
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

import namerec

EXAMPLE = [
    line.strip()
    for line in resources.files("namerec").joinpath("data/example_names.txt").read_text("utf-8").splitlines()
    if line.strip()
]
# Spellings that fill one blocking bucket beyond Config.max_bucket, so the sorted-neighbourhood
# path runs too, plus names that are rejected and names from other scripts.
CROWD = [f"{first} {last}" for first in ("Ali", "Ali", "Aly", "Ally", "Elie", "Eli") for last in
         ("Aliyev", "Aliev", "Alijew", "Aliyeva", "Alyev", "Əliyev", "Алиев", "Aliew")]
ODD = ["123", "--", "\u200b", "Ali\u200dyev", "ALIYEV", "aliyev", "Ali-yev", "习近平", "Xi Jinping",
       "佐々木", "Sasaki", "معمر القذافي", "Gaddafi", "😀 Aliyev", "Aliyev\u202e"]
NAMES = EXAMPLE + CROWD + ODD + EXAMPLE[:10]


def _run(path: Path, seed: str, fmt: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run(
        [sys.executable, "-m", "namerec", "cluster", str(path), "--format", fmt],
        capture_output=True, env=env, timeout=120, check=False,
    )
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
    return proc.stdout.decode("utf-8")


def _partition(tsv: str) -> tuple[dict[str, str], frozenset[frozenset[str]]]:
    """Each name's canonical spelling, and the entities as sets of names (ids aside)."""
    rows = list(csv.reader(io.StringIO(tsv, newline=""), delimiter="\t"))[1:]
    canonical = {name: canon for name, _id, canon in rows}
    groups: dict[str, set[str]] = {}
    for name, entity, _canon in rows:
        groups.setdefault(entity or f"rejected {name}", set()).add(name)
    return canonical, frozenset(frozenset(g) for g in groups.values())


def test_cli_output_is_independent_of_hash_seed_and_order(tmp_path: Path) -> None:
    """json and text output are byte-identical across PYTHONHASHSEED values and shuffled inputs;
    tsv rows follow the input, with the same canonical spelling and grouping for every name."""
    orders = [NAMES, list(reversed(NAMES))]
    for k in range(2):
        shuffled = list(NAMES)
        random.Random(k).shuffle(shuffled)
        orders.append(shuffled)
    paths = []
    for i, order in enumerate(orders):
        path = tmp_path / f"names{i}.txt"
        path.write_text("\n".join(order) + "\n", encoding="utf-8")
        paths.append(path)
    runs = [(p, seed) for p, seed in zip(paths, ["0", "1", "4242", "random"], strict=True)]
    runs.append((paths[0], "123456"))
    for fmt in ("json", "text"):
        outputs = {_run(p, seed, fmt) for p, seed in runs}
        assert len(outputs) == 1, fmt
    tsvs = [_run(p, seed, "tsv") for p, seed in runs]
    first = _partition(tsvs[0])
    for tsv, (path, _seed) in zip(tsvs, runs, strict=True):
        assert [r[0] for r in csv.reader(io.StringIO(tsv, newline=""), delimiter="\t")][1:] == \
            path.read_text(encoding="utf-8").splitlines()
        assert _partition(tsv) == first


def _clear_caches() -> None:
    """Empty every functools cache in namerec, so that the threads race to fill them."""
    for name, module in list(sys.modules.items()):
        if name == "namerec" or name.startswith("namerec."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def test_threads_hammering_the_verbs_agree_with_one_thread() -> None:
    """Eight threads scoring, explaining and clustering at once, on cold caches, get exactly what
    one thread gets."""
    pool = [*NAMES, "", "1" * 5000, "a" * 5000]
    rnd = random.Random(7)
    pairs = [(rnd.choice(pool), rnd.choice(pool)) for _ in range(400)]

    def verdicts() -> list[Any]:
        out: list[Any] = []
        for a, b in pairs:
            try:
                e = namerec.explain(a, b)
                out.append((namerec.score(a, b), e.score, e.evidence, namerec.match(b, a).score))
            except namerec.EmptyNameError as exc:
                out.append(str(exc))
        out.append(namerec.cluster(pool[: len(pool) // 2]))
        return out

    expected = verdicts()
    _clear_caches()
    barrier = threading.Barrier(8)

    def work(_: int) -> list[list[Any]]:
        barrier.wait()
        return [verdicts() for _round in range(2)]

    with ThreadPoolExecutor(max_workers=8) as ex:
        results = list(ex.map(work, range(8)))
    for rounds in results:
        for got in rounds:
            assert got == expected


_EXPLAIN_ALL = """
import json, random, sys
import namerec
sys.path.insert(0, sys.argv[1])
from test_determinism import NAMES
rnd = random.Random(3)
for _ in range(300):
    a, b = rnd.choice(NAMES), rnd.choice(NAMES)
    try:
        print(json.dumps(namerec.explain(a, b).to_dict(), ensure_ascii=True), str(namerec.explain(b, a)))
    except namerec.EmptyNameError as exc:
        print("empty", exc)
print(namerec.cluster(reversed(NAMES)))
"""


def test_explanations_are_independent_of_hash_seed() -> None:
    """Evidence rows, rules and rendered tables of 300 pairs are identical under three hash seeds."""
    tests_dir = str(Path(__file__).resolve().parent)
    outputs = set()
    for seed in ("0", "1", "987654"):
        proc = subprocess.run([sys.executable, "-c", _EXPLAIN_ALL, tests_dir], capture_output=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120, check=False)
        assert proc.returncode == 0, proc.stderr
        outputs.add(proc.stdout)
    assert len(outputs) == 1
