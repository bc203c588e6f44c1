"""The README's example output is what the bundled example really prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from namerec.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


def _block_after(marker: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("```", text.index(marker)) + 3
    start = text.index("\n", start) + 1
    return text[start : text.index("```", start)]


def test_readme_example_output_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    """`namerec cluster --example --format text` prints exactly the block the README shows."""
    assert main(["cluster", "--example", "--format", "text"]) == 0
    assert capsys.readouterr().out == _block_after("The example run above prints:")
