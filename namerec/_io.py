"""Reading names from files and streams, shared by the CLI commands."""

from __future__ import annotations

import csv
import io
from typing import IO

from .errors import InputError


def _decode(data: bytes, encoding: str, source: str) -> str:
    try:
        text = data.decode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{source}: not valid {encoding} at line {line} (byte {exc.start}); try --encoding"
        ) from None
    return text.removeprefix("\ufeff")


def read_names(stream: IO[bytes], *, source: str, column: str | None, encoding: str = "utf-8") -> list[str]:
    """Names from a byte stream: one per line, or the ``column`` of a CSV/TSV with a header."""
    text = _decode(stream.read(), encoding, source)
    if not text.strip():
        raise InputError(f"{source}: empty input")
    if column is None:
        # Only line feeds end a line: U+2028 or NEL inside a name must not split it.
        lines = (line.rstrip("\r").strip() for line in text.split("\n"))
        return [line for line in lines if line]
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        if column not in header:
            raise InputError(f"{source}: no column {column!r} (columns: {', '.join(header)})")
        k = header.index(column)
        return [row[k] if k < len(row) else "" for row in reader if row]
    except csv.Error as exc:
        raise InputError(f"{source}: line {reader.line_num}: {exc}") from None
