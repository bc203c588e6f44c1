"""Griffe extension for the API reference: fence bare ``>>>`` examples as ``pycon`` code.

namerec's docstrings carry doctests as bare ``>>>`` lines (pytest runs them); Markdown would
read their output (``[('a', 1)]``) as link references.  Outside docs/ so that pytest does not
import it (it needs the ``docs`` extra).
"""

from __future__ import annotations

from typing import Any

import griffe


def fence(text: str) -> str:
    """``text`` with each run of ``>>>`` lines and their output wrapped in a pycon fence."""
    out: list[str] = []
    lines = text.split("\n")
    k = 0
    while k < len(lines):
        line = lines[k]
        if line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            while k < len(lines) and lines[k].strip():
                out.append(lines[k])
                k += 1
            out.append(f"{indent}```")
            continue
        out.append(line)
        k += 1
    return "\n".join(out)


class DoctestFence(griffe.Extension):
    """Rewrites every docstring through :func:`fence` as objects are loaded."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence(obj.docstring.value)
