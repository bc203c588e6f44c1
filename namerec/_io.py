"""Reading names from files and streams, shared by the CLI commands.

The reader streams: it decodes and splits the input chunk by chunk, so memory stays bounded
whatever the size of the file (a caller that counts names keeps one entry per distinct name).
Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r``; other Unicode line separators (U+2028, NEL)
stay inside a name.  Bad input is an :class:`~namerec.InputError` naming the line: bytes that
are not valid in the encoding, NUL characters (binary data or UTF-16 read as UTF-8), a line
longer than :data:`MAX_LINE` characters (:data:`MAX_ROW` for a CSV/TSV row), a missing column.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from .errors import InputError

MAX_LINE = 131_072
"""Longest line, in characters, of a one-name-per-line input (the csv module's field limit)."""

MAX_ROW = 1 << 23
"""Longest CSV/TSV line, in characters (8 Mi): a row may hold many fields of up to MAX_LINE."""

_CHUNK = 1 << 16
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")
_BREAK = re.compile(r"\r\n|\r|\n")


def _breaks(text: str) -> int:
    """Number of line breaks in ``text`` (``\\r\\n`` counts once)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _decoder(encoding: str) -> codecs.IncrementalDecoder:
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    # base64, zlib, rot13 do not turn bytes into text; idna and punycode encode one domain
    # name and cannot be decoded piece by piece.
    if not getattr(info, "_is_text_encoding", True) or info.name in ("idna", "punycode"):
        raise InputError(f"{encoding!r} is not a text file encoding")
    return info.incrementaldecoder("strict")


def _decode_error(
    exc: UnicodeDecodeError, encoding: str, source: str, line_at: Callable[[str], int]
) -> InputError:
    """The error for undecodable bytes, on the line they are on."""
    try:
        line = line_at(exc.object[: exc.start].decode(encoding, "replace"))
    except (UnicodeError, ValueError, TypeError):  # a codec that cannot even replace
        line = line_at("")
    bad = bytes(exc.object[exc.start : exc.end][:8]) if isinstance(exc.object, bytes) else b""
    hint = "try --encoding"
    if line == 1 and exc.object[:2] in (b"\xff\xfe", b"\xfe\xff"):
        hint = "it starts with a UTF-16 byte order mark: try --encoding utf-16"
    return InputError(f"{source}: line {line}: not valid {encoding} (bytes {bad.hex(' ')}); {hint}")


def _chunks(stream: IO[bytes], encoding: str, source: str) -> Iterator[str]:
    """Decoded text, chunk by chunk, without a leading byte order mark."""
    decoder = _decoder(encoding)
    lines = 0  # line breaks decoded so far, for error messages
    first = True
    cr_last = False

    def line_at(prefix: str) -> int:
        """The line on which the text after ``prefix`` (the next text decoded) stands."""
        return lines + _breaks(prefix) - (prefix[:1] == "\n" and cr_last) + 1

    while True:
        data = stream.read(_CHUNK)
        try:
            text = decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise _decode_error(exc, encoding, source, line_at) from None
        except ValueError as exc:  # a codec that fails without a position (UTF-16 without a BOM)
            msg = f"{source}: line {line_at('')}: not valid {encoding} ({exc}); try --encoding"
            raise InputError(msg) from None
        if first and text:
            text = text.removeprefix("\ufeff")
            first = False
        if "\x00" in text:
            line = line_at(text[: text.index("\x00")])
            raise InputError(
                f"{source}: line {line}: NUL character (a binary file, or UTF-16 read as"
                f" {encoding}? try --encoding utf-16)"
            )
        if text:
            lines = line_at(text) - 1  # a \r\n cut between two chunks is one line break
            cr_last = text[-1] == "\r"
            yield text
        if not data:
            return


def _blocks(chunks: Iterable[str], source: str, limit: int, *, keepends: bool) -> Iterator[list[str]]:
    """Lists of complete lines (with their line breaks when ``keepends``), chunk by chunk; the
    last line may lack a break.  A line longer than ``limit`` characters is an error."""
    pending = ""
    lineno = 1  # of the first line in the next block
    for text in chunks:
        buf = pending + text if pending else text
        # A trailing \r waits for the next chunk, which may start with the \n of a \r\n.
        end = len(buf) - buf.endswith("\r")
        start = max(len(pending) - 1, 0)  # ``pending`` holds no break but a trailing \r
        cut = max(buf.rfind("\n", start, end), buf.rfind("\r", start, end), -1) + 1
        pending = buf[cut:]
        if cut:
            if keepends:
                # Every match ends at a break before ``cut``: the scan stays linear.
                lines = _LINE.findall(buf, 0, cut)
            else:
                block = buf[:cut]
                lines = _BREAK.split(block) if "\r" in block else block.split("\n")
                lines.pop()  # the empty string after the last break
            _check_length(lines, source, limit, lineno)
            yield lines
            lineno += len(lines)
        if len(pending) > limit:
            raise InputError(f"{source}: line {lineno}: longer than {limit:,} characters")
    if pending:
        yield [pending]


def _check_length(lines: list[str], source: str, limit: int, lineno: int) -> None:
    if lines and max(map(len, lines)) > limit:
        k = next(i for i, line in enumerate(lines) if len(line) > limit)
        raise InputError(f"{source}: line {lineno + k}: longer than {limit:,} characters")


def iter_names(
    stream: IO[bytes], *, source: str, column: str | None, encoding: str = "utf-8"
) -> Iterator[str]:
    """Stream the names of a byte stream: one per line, or the ``column`` of a CSV/TSV with a header.

    Blank lines of a one-name-per-line input are skipped and names are stripped; every row of a
    CSV/TSV gives a name (``""`` for an empty or missing cell).  The CSV delimiter is a tab when
    the first line has one, else a comma.  Raises :class:`~namerec.InputError` for an empty
    input and for the bad input listed in the module docstring.

    >>> import io
    >>> data = b"\\xef\\xbb\\xbfAliyev\\r\\n\\r\\n Alijew \\r\\n"
    >>> list(iter_names(io.BytesIO(data), source="x", column=None))
    ['Aliyev', 'Alijew']
    >>> data = b'id,name\\n1,"Gal\\nlant"\\n2\\n'
    >>> list(iter_names(io.BytesIO(data), source="x", column="name"))
    ['Gal\\nlant', '']
    """
    chunks = _chunks(stream, encoding, source)
    if column is None:
        empty = True
        for block in _blocks(chunks, source, MAX_LINE, keepends=False):
            for line in block:
                name = line.strip()
                if name:
                    empty = False
                    yield name
        if empty:
            raise InputError(f"{source}: empty input")
        return
    lines = itertools.chain.from_iterable(_blocks(chunks, source, MAX_ROW, keepends=True))
    skipped = 0  # blank lines before the header
    first = next(lines, None)
    while first is not None and not first.strip():
        skipped += 1
        first = next(lines, None)
    if first is None:
        raise InputError(f"{source}: empty input")
    delimiter = "\t" if "\t" in first else ","
    ended = False  # set when the csv reader asks for a line after the last one

    def feed() -> Iterator[str]:
        nonlocal ended
        yield first
        yield from lines
        ended = True

    reader = csv.reader(feed(), delimiter=delimiter)
    try:
        header = next(reader)
        if column not in header:
            shown = ", ".join(header[:20]) + (f", ... ({len(header)} columns)" if len(header) > 20 else "")
            raise InputError(f"{source}: no column {column!r} (columns: {shown})")
        k = header.index(column)
        start = reader.line_num + 1
        for row in reader:
            if ended:
                # A complete row never needs the end of the input: an opening quote was never
                # closed, and every line after it went into one field.
                raise InputError(
                    f"{source}: line {start + skipped}: a quoted field runs to the end of the input"
                    " (a stray double quote?)"
                )
            if row:
                yield row[k] if k < len(row) else ""
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"{source}: line {reader.line_num + skipped}: {exc}") from None


def read_names(stream: IO[bytes], *, source: str, column: str | None, encoding: str = "utf-8") -> list[str]:
    """Names from a byte stream, as a list: :func:`iter_names` read to the end.

    >>> import io
    >>> read_names(io.BytesIO("Алиев\\nAliyev\\n".encode()), source="x", column=None)
    ['Алиев', 'Aliyev']
    """
    return list(iter_names(stream, source=source, column=column, encoding=encoding))
