"""Accuracy regression guard: namerec's F1 on small fixed dev samples against committed results.

Usage: python benchmarks/guard.py           # check; exit 1 when a dataset's F1 dropped
       python benchmarks/guard.py --write   # rewrite results/guard.json after an intended change

Each dataset of ``_data.DATASETS`` is loaded and sampled as ``accuracy.py --quick`` does
(``GUARD_ENTITIES`` entities, fewer for the large ``countries`` entities), clustered with
``namerec.cluster`` at default settings and scored. The check fails when pairwise or B-cubed F1
is more than ``TOLERANCE`` below ``results/guard.json``, or when a sample no longer has the
committed number of rows (the data or the sampling changed). ``tests/test_accuracy_guard.py``
runs the same check in CI (skipped without ``../shared/data``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from _data import DATA_DIR, DATASETS, evaluate, load_dataset, singleton_none

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # import namerec from the work tree, uninstalled
import namerec  # noqa: E402

GUARD_FILE = Path(__file__).resolve().parent / "results" / "guard.json"
GUARD_ENTITIES = 300
# countries has ~240 rows per entity: 10 entities keep its clustering near 2 s.
ENTITIES_OVERRIDE = {"countries": 10}
TOLERANCE = 0.01
METRICS = ("pw_f1", "b3_f1")
WRITE_COMMAND = "python benchmarks/guard.py --write"

Result = dict[str, Any]  # {"entities": int, "rows": int, "pw_f1": float, "b3_f1": float}


def guard_entities(key: str) -> int:
    """Entities sampled from dataset ``key`` for the guard."""
    return ENTITIES_OVERRIDE.get(key, GUARD_ENTITIES)


def measure(data_dir: Path = DATA_DIR, keys: Sequence[str] | None = None) -> dict[str, Result]:
    """Rows and namerec's pairwise and B-cubed F1 on each guard sample (rounded to 6 places)."""
    out: dict[str, Result] = {}
    for key in DATASETS if keys is None else keys:
        entities = guard_entities(key)
        rows = load_dataset(DATASETS[key], data_dir, entities)
        labels = singleton_none(namerec.cluster([r.name for r in rows]).labels)
        scores = evaluate([r.cluster_id for r in rows], labels)
        out[key] = {
            "entities": entities,
            "rows": len(rows),
            "pw_f1": round(scores.pw_f1, 6),
            "b3_f1": round(scores.b3_f1, 6),
        }
    return out


def check(
    current: Mapping[str, Result], committed: Mapping[str, Result], tolerance: float = TOLERANCE
) -> list[str]:
    """One line per problem: an F1 more than ``tolerance`` below the committed value, a
    changed sample, or a dataset present on one side only. Empty when all is well.

    >>> old = {"latin": {"entities": 300, "rows": 10, "pw_f1": 0.70, "b3_f1": 0.90}}
    >>> check({"latin": {**old["latin"], "pw_f1": 0.695}}, old)
    []
    >>> check({"latin": {**old["latin"], "b3_f1": 0.88}}, old)
    ['latin: b3_f1 0.8800 < committed 0.9000 - 0.01']
    """
    problems: list[str] = []
    for key in sorted(set(committed) | set(current)):
        if key not in current:
            problems.append(f"{key}: in the guard file but not measured")
            continue
        if key not in committed:
            problems.append(f"{key}: measured but not in the guard file")
            continue
        now, then = current[key], committed[key]
        if (now["entities"], now["rows"]) != (then["entities"], then["rows"]):
            problems.append(
                f"{key}: sample changed ({now['entities']} entities, {now['rows']} rows;"
                f" committed {then['entities']} entities, {then['rows']} rows)"
            )
            continue
        for metric in METRICS:
            if now[metric] < then[metric] - tolerance - 1e-9:
                problems.append(
                    f"{key}: {metric} {now[metric]:.4f} < committed {then[metric]:.4f} - {tolerance:g}"
                )
    return problems


def failure_message(problems: Sequence[str], path: Path = GUARD_FILE) -> str:
    """The problems and how to accept an intended change."""
    return "\n".join(
        [
            f"accuracy guard failed against {path.name}:",
            *(f"  {p}" for p in problems),
            f"If this change is intended, rewrite the committed results with `{WRITE_COMMAND}`",
            f"and commit {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}.",
        ]
    )


def load(path: Path = GUARD_FILE) -> dict[str, Result]:
    """The committed results (the ``datasets`` object of the guard file)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    results: dict[str, Result] = data["datasets"]
    return results


def write(results: Mapping[str, Result], path: Path = GUARD_FILE) -> None:
    """Write the guard file: sorted, stable (no dates), so an unchanged result leaves no diff."""
    data = {
        "about": "namerec F1 on fixed dev samples; checked by tests/test_accuracy_guard.py",
        "rewrite_with": WRITE_COMMAND,
        "tolerance": TOLERANCE,
        "datasets": {k: results[k] for k in sorted(results)},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--write", action="store_true", help="rewrite the guard file with the current results")
    ap.add_argument("--data", type=Path, default=DATA_DIR, help="folder of the dev TSVs")
    ap.add_argument("--file", type=Path, default=GUARD_FILE, help="guard file (default results/guard.json)")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        ap.error(f"no data folder {args.data}")
    t0 = time.perf_counter()
    current = measure(args.data)
    for key, r in current.items():
        print(f"{key:<12} {r['rows']:>6} rows  pw F1 {r['pw_f1']:.4f}  B3 F1 {r['b3_f1']:.4f}")
    print(f"measured in {time.perf_counter() - t0:.1f}s")
    if args.write:
        write(current, args.file)
        print(f"wrote {args.file}")
        return 0
    problems = check(current, load(args.file))
    if problems:
        print(failure_message(problems, args.file), file=sys.stderr)
        return 1
    print(f"ok: no F1 more than {TOLERANCE} below {args.file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
