"""Errors namerec raises on purpose; each also subclasses the builtin a caller would catch."""

from __future__ import annotations


class NamerecError(Exception):
    """Base class for every error namerec raises on purpose."""


class ConfigError(NamerecError, ValueError):
    """A :class:`~namerec.Config` field failed validation."""


class EmptyNameError(NamerecError, ValueError):
    """A name has no letters left after normalisation (``""``, ``"123"``, ``"--"``)."""

    def __init__(self, name: str) -> None:
        # The message shows a long name cut short (the whole one stays in ``.name``).
        shown = repr(name) if len(name) <= 80 else f"{name[:60]!r}... ({len(name):,} characters)"
        super().__init__(f"{shown} has no letters left after normalisation")
        self.name = name


class InputError(NamerecError, ValueError):
    """An input file or stream cannot be read as names (bad encoding, missing column, ...)."""


class IndexFormatError(NamerecError, ValueError):
    """A file is not a namerec index this version can read: foreign, truncated, tampered with,
    written by another format version, or by a namerec whose name analysis differs."""
