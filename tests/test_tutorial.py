"""The tutorial notebook (docs/tutorial.ipynb) runs end to end and shows the rich views."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "docs" / "tutorial.ipynb"
NEEDS = ("nbclient", "nbformat", "ipykernel", "pandas")
MISSING = [m for m in NEEDS if importlib.util.find_spec(m) is None]


@pytest.mark.skipif(bool(MISSING), reason=f"notebook deps not installed: {', '.join(MISSING)}")
@pytest.mark.skipif(not NOTEBOOK.exists(), reason="docs/ not in this source tree")
def test_tutorial_notebook_executes() -> None:
    """Every cell runs without error from a fresh kernel; the outputs hold the HTML views."""
    sys.path.insert(0, str(ROOT / "docs"))
    try:
        from run_tutorial import execute
    finally:
        sys.path.remove(str(ROOT / "docs"))
    nb = execute(NOTEBOOK)
    html = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", out
            html.append(out.get("data", {}).get("text/html", ""))
    joined = "\n".join(html)
    for view in ("namerec-clustering", "namerec-explanation", "namerec-evaluation", "<svg"):
        assert view in joined, view
    assert "missing value" in joined  # the rejected rows of the messy Series
