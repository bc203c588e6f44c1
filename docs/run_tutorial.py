"""Execute docs/tutorial.ipynb in place, so the committed outputs match the code.

Usage: python docs/run_tutorial.py   (needs the test extra: nbclient, nbformat, ipykernel, pandas)
The test suite executes the notebook too (tests/test_tutorial.py) but does not write it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

NOTEBOOK = Path(__file__).resolve().parent / "tutorial.ipynb"


def execute(path: Path = NOTEBOOK) -> Any:
    """The notebook at ``path``, executed from a fresh kernel in its folder."""
    import nbclient  # imported here: pytest collects docs/ for doctests without the test extra
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:  # no timing metadata, so a re-run only changes what the code changed
        cell.metadata.pop("execution", None)
    nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    return nb


if __name__ == "__main__":
    import nbformat

    nbformat.write(execute(), NOTEBOOK)
    print(f"wrote {NOTEBOOK}")
