"""The documentation (mkdocs.yml, docs/) builds with warnings as errors."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MISSING = [
    m for m in ("mkdocs", "mkdocstrings_handlers.python") if importlib.util.find_spec(m.split(".")[0]) is None
]


@pytest.mark.skipif(bool(MISSING), reason="docs extra not installed: pip install '.[docs]'")
@pytest.mark.skipif(not (ROOT / "mkdocs.yml").exists(), reason="no mkdocs.yml in this source tree")
def test_docs_build_strict(tmp_path: Path) -> None:
    """`mkdocs build --strict` succeeds: no broken links, nav entries or docstring references."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "reference" / "index.html").exists()
