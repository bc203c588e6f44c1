"""Griffe extension for the API reference: fence bare ``>>>`` examples as ``pycon`` code.

namerec's docstrings carry doctests as bare ``>>>`` lines (pytest runs them); Markdown would
read their output (``[('a', 1)]``) as link references.  Sphinx roles (``:func:`x```) and
``.. versionadded::`` lines become plain Markdown.  Outside docs/ so that pytest does not
import it (it needs the ``docs`` extra).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:func|class|meth|attr|mod|exc|data):`~?([^`]+)`")
_VERSION = re.compile(r"^(\s*)\.\. version(added|changed):: *(\S+)", re.MULTILINE)


def markdown(text: str) -> str:
    """Sphinx roles and version notes of a docstring as Markdown."""
    text = _ROLE.sub(r"`\1`", text)
    return _VERSION.sub(
        lambda m: f"{m[1]}*{'New' if m[2] == 'added' else 'Changed'} in version {m[3]}.*", text
    )


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
        if obj.docstring is not None:
            obj.docstring.value = fence(markdown(obj.docstring.value))
