"""The CLI and its reader on bad files: encodings, NUL bytes, ragged and broken CSV, huge lines,
closed pipes, Ctrl-C, interrupted output, and spreadsheet formulas in names."""

from __future__ import annotations

import csv
import io
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import namerec
from namerec import _io, cli
from namerec.cli import main

Capsys = pytest.CaptureFixture[str]


def run(argv: list[str], capsys: Capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def clean_error(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err, (needle, err)


def names_of(out: str, delimiter: str = "\t") -> list[str]:
    return [r[0] for r in list(csv.reader(io.StringIO(out, newline=""), delimiter=delimiter))[1:]]


def write(tmp_path: Path, data: bytes, name: str = "in.txt") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


class Trickle(io.RawIOBase):
    """A byte stream that returns at most ``size`` bytes per read, like a slow pipe."""

    def __init__(self, data: bytes, size: int) -> None:
        self._data = data
        self._pos = 0
        self._size = size

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        n = min(len(buf), self._size, len(self._data) - self._pos)
        buf[:n] = self._data[self._pos : self._pos + n]
        self._pos += n
        return n


def read(data: bytes, column: str | None = None, encoding: str = "utf-8", chunk: int | None = None) -> Any:
    stream: Any = io.BytesIO(data) if chunk is None else Trickle(data, chunk)
    try:
        return _io.read_names(stream, source="in", column=column, encoding=encoding)
    except namerec.InputError as exc:
        return exc


# --- the reader as a property --------------------------------------------------------------------

PIECES = st.sampled_from(
    ["Aliyev", "Алиев", "name", "id", ",", "\t", '"', '""', "\n", "\r", "\r\n", " ", "\ufeff",
     "\u2028", "\x85", "é", "\x00", "\xff", "\xef\xbb\xbf"]
)


@settings(max_examples=200)
@given(
    st.lists(PIECES, max_size=30).map("".join),
    st.sampled_from([None, "name"]),
    st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252", "utf-7"]),
    st.integers(1, 7),
)
def test_reader_any_bytes(text: str, column: str | None, encoding: str, chunk: int) -> None:
    """On any bytes the reader returns strings or raises InputError, and the result does not
    depend on how the stream is cut into reads."""
    data = text.encode("utf-8", "surrogatepass").replace(b"\xc3\xbf", b"\xff")  # a raw 0xff byte too
    whole = read(data, column, encoding)
    trickled = read(data, column, encoding, chunk)
    if isinstance(whole, Exception) or isinstance(trickled, Exception):
        assert isinstance(whole, namerec.InputError) and isinstance(trickled, namerec.InputError)
        return
    assert whole == trickled
    assert all(isinstance(x, str) for x in whole)
    if column is None:
        assert all(x and x == x.strip() and "\n" not in x and "\r" not in x for x in whole)


# --- encodings, BOM, line ends, NUL --------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfAliyev\r\nAlijew\r\n",  # UTF-8 BOM, CRLF
        b"Aliyev\rAlijew\r",  # classic Mac line ends
        b"Aliyev\nAlijew",  # no final line end
        b"\n\n  Aliyev \t\n\r\n\xef\xbb\xbf\nAlijew\n\n",  # blank lines, a BOM-only line is not a name
    ],
)
def test_line_ends_and_bom(data: bytes) -> None:
    """UTF-8 BOM, CRLF, lone CR and a missing final line end all give the same names."""
    got = read(data)
    assert [x.replace("\ufeff", "") for x in got if x.replace("\ufeff", "")] == ["Aliyev", "Alijew"]
    assert got[0] == "Aliyev"


def test_unicode_line_separators_stay_in_the_name() -> None:
    """U+2028 and NEL are not line ends (str.splitlines would split there)."""
    assert read("Ali\u2028yev\nAli\x85jew\n".encode()) == ["Ali\u2028yev", "Ali\x85jew"]


@pytest.mark.parametrize("bad", [b"\xff", b"\x00", b"A\x00", b"A\xff"])
def test_crlf_split_between_reads(bad: bytes) -> None:
    """A CRLF cut between two reads is one line end, not two: errors on the next lines, also
    right after the cut, name the right line."""
    for data, line in ((b"Aliyev\r\n" * 3 + bad + b"\n", 4), (b"Aliyev\r\n" + bad, 2)):
        for chunk in range(1, 9):
            err = read(data, chunk=chunk)
            assert isinstance(err, namerec.InputError) and f"line {line}:" in str(err), (chunk, err)


def test_invalid_utf8_far_into_a_file_names_its_line(tmp_path: Path, capsys: Capsys) -> None:
    """A bad byte after several 64 KiB chunks is reported on its own line, with a hint."""
    data = b"Ilham Aliyev\n" * 20_000 + b"Ali\xe9yev\n"
    code, _, err = run(["cluster", write(tmp_path, data)], capsys)
    clean_error(code, err, "line 20001", "not valid utf-8", "e9", "--encoding")
    argv = ["cluster", write(tmp_path, data), "--encoding", "latin-1", "--format", "json"]
    code, out, _ = run(argv, capsys)
    assert code == 0 and "Aliéyev" in out


def test_utf16_files(tmp_path: Path, capsys: Capsys) -> None:
    """UTF-16 with a BOM reads with --encoding utf-16; read as UTF-8 the error says so; without
    a BOM --encoding utf-16 is a clear error (it was a traceback, found by tools/fuzz.py),
    utf-16-le reads it."""
    text = "Aliyev\r\nАлиев\r\n"
    path = write(tmp_path, text.encode("utf-16"))
    code, out, _ = run(["cluster", path, "--encoding", "utf-16"], capsys)
    assert code == 0 and names_of(out) == ["Aliyev", "Алиев"]
    code, _, err = run(["cluster", path], capsys)
    clean_error(code, err, "line 1", "byte order mark", "utf-16")
    path = write(tmp_path, text.encode("utf-16-le"), "nobom.txt")
    code, _, err = run(["cluster", path, "--encoding", "utf-16"], capsys)
    clean_error(code, err, "BOM")
    code, _, err = run(["cluster", path], capsys)
    clean_error(code, err, "NUL", "line 1", "utf-16")
    code, out, _ = run(["cluster", path, "--encoding", "utf-16-le"], capsys)
    assert code == 0 and names_of(out) == ["Aliyev", "Алиев"]


def test_nul_bytes_are_an_error_with_the_line(tmp_path: Path, capsys: Capsys) -> None:
    """A NUL byte is an input error naming its line, in both input modes."""
    code, _, err = run(["cluster", write(tmp_path, b"Aliyev\nAlijew\nAli\x00yev\n")], capsys)
    clean_error(code, err, "line 3", "NUL")
    code, _, err = run(["cluster", write(tmp_path, b"name\nAliyev\nA\x00\n"), "--column", "name"], capsys)
    clean_error(code, err, "line 3", "NUL")


@pytest.mark.parametrize(("encoding", "needle"), [("base64", "not a text file encoding"),
                                                  ("rot13", "not a text file encoding"),
                                                  ("punycode", "not a text file encoding"),
                                                  ("idna", "not a text file encoding"),
                                                  ("no-such-codec", "unknown encoding")])
def test_encodings_that_cannot_read_files(encoding: str, needle: str, tmp_path: Path, capsys: Capsys) -> None:
    """Codecs that do not decode files piece by piece are refused with one line (tools/fuzz.py
    found idna and punycode giving results that depend on how the input is read)."""
    code, _, err = run(["cluster", write(tmp_path, b"Aliyev\n"), "--encoding", encoding], capsys)
    clean_error(code, err, needle)


@pytest.mark.parametrize("data", [b"", b"\n\n", b" \t \r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n  \n"])
@pytest.mark.parametrize("column", [None, "name"])
def test_empty_inputs(data: bytes, column: str | None) -> None:
    """Empty, blank and BOM-only inputs are 'empty input' errors."""
    err = read(data, column)
    assert isinstance(err, namerec.InputError) and "empty input" in str(err)


# --- CSV -----------------------------------------------------------------------------------------


def test_ragged_rows(tmp_path: Path, capsys: Capsys) -> None:
    """Short rows give an empty name (rejected, still listed); long rows are read."""
    data = b"id,name,x\n1,Aliyev\n2\n3,Alijew,AZ,extra,more\n4,Aliev,,\n"
    code, out, _ = run(["cluster", write(tmp_path, data, "p.csv"), "--column", "name"], capsys)
    rows = list(csv.reader(io.StringIO(out, newline=""), delimiter="\t"))[1:]
    assert code == 0
    assert [r[0] for r in rows] == ["Aliyev", "", "Alijew", "Aliev"]
    assert rows[1] == ["", "", ""] and rows[0][1] == rows[2][1] == rows[3][1] != ""


def test_quoted_fields_with_newlines(tmp_path: Path, capsys: Capsys) -> None:
    """A quoted name may hold line ends and delimiters; later errors still give the right line."""
    data = b'name,x\n"Gal\r\nlant",1\n"Aliyev, Ilham",2\n"a\nb\nc",3\nAli\xffyev,4\n'
    code, _, err = run(["cluster", write(tmp_path, data, "p.csv"), "--column", "name"], capsys)
    clean_error(code, err, "line 8")  # a CRLF inside a field is one line end
    good = data.replace(b"\xff", b"")
    assert read(good, "name") == ["Gal\r\nlant", "Aliyev, Ilham", "a\nb\nc", "Aliyev"]
    code, out, _ = run(["cluster", write(tmp_path, good, "p.csv"), "--column", "name"], capsys)
    assert code == 0 and names_of(out)[0] == "Gal\r\nlant"


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_carriage_return_in_a_name_stays_in_its_cell(fmt: str, tmp_path: Path, capsys: Capsys) -> None:
    """A name holding a lone CR (from a quoted CSV field) is quoted in csv/tsv output; it used to
    be written bare, which ends the row early for any CSV reader."""
    data = b'name\n"Gal\rlant"\nGallant\n"Gal\r\nlant"\n"\rGalant"\n'
    argv = ["cluster", write(tmp_path, data, "p.csv"), "--column", "name", "--format", fmt]
    code, out, _ = run(argv, capsys)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out, newline=""), delimiter="," if fmt == "csv" else "\t"))
    assert [r[0] for r in rows[1:]] == ["Gal\rlant", "Gallant", "Gal\r\nlant", "\rGalant"]
    assert all(len(r) == 3 for r in rows)


def test_unclosed_quote_is_an_error(tmp_path: Path, capsys: Capsys) -> None:
    """A stray opening quote would swallow every later row into one name: it is an error that
    names the line where the field starts (the csv module accepts it silently)."""
    data = b'id,name\n1,Aliyev\n2,"Alijew\n3,Aliev\n4,Smith\n'
    code, _, err = run(["cluster", write(tmp_path, data, "p.csv"), "--column", "name"], capsys)
    clean_error(code, err, "line 3", "quoted field")
    # A quote inside or after a field is kept as text, as the csv module does.
    assert read(b'id,name\n1,Ali"yev\n2,"Aliyev" Jr\n', "name") == ['Ali"yev', "Aliyev Jr"]


def test_missing_column_lists_a_bounded_header(tmp_path: Path, capsys: Capsys) -> None:
    """A missing column names the columns there are, at most 20 of them."""
    header = ",".join(f"c{i}" for i in range(5000)).encode()
    code, _, err = run(["cluster", write(tmp_path, header + b"\n1\n", "p.csv"), "--column", "name"], capsys)
    clean_error(code, err, "no column 'name'", "c0, c1", "5000 columns")
    assert len(err) < 400


def test_blank_lines_before_the_header(tmp_path: Path, capsys: Capsys) -> None:
    """Blank lines before the header row are skipped, and error lines still count them."""
    assert read(b"\n\r\nname\nAliyev\n", "name") == ["Aliyev"]
    err = read(b"\n\nname\nAliyev\n\xff\n", "name")
    assert isinstance(err, namerec.InputError) and "line 5" in str(err)


# --- size limits ---------------------------------------------------------------------------------


def test_overlong_line_is_an_error_without_reading_it_all() -> None:
    """A line over MAX_LINE characters (a binary or a one-line file) is an error naming the line."""
    err = read(b"Aliyev\n" + b"a" * (_io.MAX_LINE + 1) + b"\nAlijew\n")
    assert isinstance(err, namerec.InputError) and "line 2" in str(err) and "longer than" in str(err)
    assert read(b"a" * _io.MAX_LINE) == ["a" * _io.MAX_LINE]

    class Endless(io.RawIOBase):
        """A stream without a line end that never stops."""

        def readable(self) -> bool:
            return True

        def readinto(self, buf: Any) -> int:
            buf[:] = b"x" * len(buf)
            return len(buf)

    with pytest.raises(namerec.InputError, match="line 1"):
        _io.read_names(Endless(), source="in", column=None)  # type: ignore[arg-type]
    with pytest.raises(namerec.InputError, match="line 1"):
        _io.read_names(Endless(), source="in", column="name")  # type: ignore[arg-type]


def test_wide_csv_rows_are_read() -> None:
    """A CSV row may be longer than MAX_LINE as long as each field is shorter."""
    row = ",".join(["x" * 1000] * 200)
    assert read(f"name,{row}\nAliyev,{row}\n".encode(), "name") == ["Aliyev"]


# --- standard input, replay, pipes, signals ------------------------------------------------------


def _cli(*args: str, **kwargs: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "namerec", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs,
    )


def test_stdin_pipe_is_replayed_for_tsv(tmp_path: Path) -> None:
    """Names piped in are counted, then written row by row in input order (copied to a
    temporary file between the passes); the same holds for a file given as stdin."""
    names = ["Aliyev", "Alijew", "Smith", "Aliyev", "123"] * 3000
    data = "\n".join(names).encode()
    proc = _cli("cluster", stdin=subprocess.PIPE)
    out, err = proc.communicate(data, timeout=120)
    assert proc.returncode == 0, err
    assert names_of(out.decode()) == names
    path = write(tmp_path, b"skipped\n" + data)
    with open(path, "rb", buffering=0) as f:
        f.readline()  # the CLI starts where standard input stands
        proc = _cli("cluster", stdin=f)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert names_of(out.decode()) == names


def test_closed_pipe_exits_quietly(tmp_path: Path) -> None:
    """`namerec cluster big | head -1`: the reader goes away, namerec exits 0 without a traceback."""
    path = write(tmp_path, "\n".join(f"Name{i % 300} Aliyev" for i in range(60_000)).encode())
    proc = _cli("cluster", path)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"name\t")
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0, err
    assert b"Traceback" not in err and err == b""


def test_ctrl_c_exits_130_without_traceback(tmp_path: Path) -> None:
    """SIGINT while reading exits 130 with 'interrupted' and no traceback; the output file
    given with -o is not created."""
    target = tmp_path / "out.tsv"
    # A shell's background job inherits SIGINT ignored (and Python then installs no handler):
    # the child gets the default disposition, as under a terminal.
    proc = _cli(
        "cluster", "-o", str(target), stdin=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    assert proc.stdin is not None and proc.stderr is not None
    # The pipe holds 64 KiB: once 2 MiB are written, namerec is inside its reading loop.
    proc.stdin.write(b"Ilham Aliyev\n" * 160_000)
    proc.stdin.flush()
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    code = proc.returncode
    assert code == 130, err
    assert b"interrupted" in err and b"Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# --- atomic output -------------------------------------------------------------------------------


def test_interrupted_output_leaves_the_old_file(tmp_path: Path, capsys: Capsys,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C half-way through writing -o FILE keeps the old FILE whole and leaves no temporary
    file behind."""
    src = write(tmp_path, b"Aliyev\nAlijew\n")
    target = tmp_path / "out.tsv"
    target.write_text("old\n", encoding="utf-8")
    real = cli._write_clustering

    def half(result: Any, rows: Any, fmt: str, out: Any, **kw: Any) -> None:
        out.write("name\tentity\tcanonical\nAliyev\t0\t")
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_write_clustering", half)
    code, _, err = run(["cluster", src, "-o", str(target)], capsys)
    assert code == 130 and "interrupted" in err
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt", "out.tsv"]
    monkeypatch.setattr(cli, "_write_clustering", real)
    assert run(["cluster", src, "-o", str(target)], capsys)[0] == 0
    assert target.read_text(encoding="utf-8").startswith("name\tentity")


_HALF_WRITE_THEN_SIGTERM = """
import os, signal, sys, time
from namerec import cli

def half(result, rows, fmt, out, **kw):
    out.write("name\\tentity\\tcanonical\\nAliyev\\t0\\t")
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)  # the handler raises before this ends

cli._write_clustering = half
sys.exit(cli.main(["cluster", sys.argv[1], "-o", sys.argv[2]]))
"""


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    """SIGTERM half-way through writing -o FILE exits 143, keeps the old FILE and removes the
    temporary file (Python's default SIGTERM handling left it behind)."""
    src = write(tmp_path, b"Aliyev\nAlijew\n")
    target = tmp_path / "out.tsv"
    target.write_text("old\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _HALF_WRITE_THEN_SIGTERM, src, str(target)],
                          capture_output=True, timeout=60, check=False)
    assert proc.returncode == 143, proc.stderr
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt", "out.tsv"]


def test_main_restores_the_sigterm_handler(tmp_path: Path, capsys: Capsys) -> None:
    """main() called in-process puts the caller's SIGTERM handler back."""
    before = signal.getsignal(signal.SIGTERM)
    assert run(["cluster", write(tmp_path, b"Aliyev\n")], capsys)[0] == 0
    assert signal.getsignal(signal.SIGTERM) == before


def test_sigterm_while_reading(tmp_path: Path) -> None:
    """SIGTERM while reading exits 143 quietly and creates no output file."""
    target = tmp_path / "out.tsv"
    proc = _cli("cluster", "-o", str(target), stdin=subprocess.PIPE)
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.write(b"Ilham Aliyev\n" * 160_000)
    proc.stdin.flush()
    proc.send_signal(signal.SIGTERM)
    err = proc.stderr.read()
    code = proc.wait(timeout=60)
    proc.stdin.close()
    assert code == 143 and err == b"", err
    assert list(tmp_path.iterdir()) == []


def test_output_file_mode(tmp_path: Path, capsys: Capsys) -> None:
    """A new output file gets the usual mode (0666 less the umask), an existing one keeps its own
    (the temporary file is created 0600)."""
    src = write(tmp_path, b"Aliyev\n")
    target = tmp_path / "out.tsv"
    umask = os.umask(0o022)
    try:
        assert run(["cluster", src, "-o", str(target)], capsys)[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o640)
        assert run(["cluster", src, "-o", str(target)], capsys)[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(umask)


def test_output_over_its_own_input(tmp_path: Path, capsys: Capsys) -> None:
    """-o may name the input file: it is read whole before it is replaced."""
    src = write(tmp_path, b"Aliyev\nAlijew\nSmith\n")
    assert run(["cluster", src, "-o", src], capsys)[0] == 0
    assert names_of(Path(src).read_text(encoding="utf-8")) == ["Aliyev", "Alijew", "Smith"]


# --- spreadsheet-safe CSV ------------------------------------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://x\",\"Aliyev\")", "+Aliyev", "-Aliyev", "@SUM(A1)", "\tAliyev", "\rAliyev"]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_safe_csv(fmt: str, tmp_path: Path, capsys: Capsys) -> None:
    """--safe-csv puts a ' before every cell that starts with = + - @ tab or CR (names and
    canonical spellings); without it the names are written as they are."""
    buf = io.StringIO()
    rows = [["name"], *([f] for f in FORMULAS), ["Aliyev"]]
    csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    path = write(tmp_path, buf.getvalue().encode(), "p.csv")
    delim = "," if fmt == "csv" else "\t"
    code, out, _ = run(["cluster", path, "--column", "name", "--format", fmt, "--safe-csv"], capsys)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out, newline=""), delimiter=delim))[1:]
    assert [r[0] for r in rows] == ["'" + f for f in FORMULAS] + ["Aliyev"]
    for _name, _entity, canonical in rows:
        assert not canonical or canonical[0] not in "=+-@\t\r"
    code, out, _ = run(["cluster", path, "--column", "name", "--format", fmt], capsys)
    assert names_of(out, delim) == [*FORMULAS, "Aliyev"]


def test_safe_csv_needs_a_csv_format(tmp_path: Path, capsys: Capsys) -> None:
    """--safe-csv with json or text output is a usage error, not silently ignored."""
    code, _, err = run(["cluster", write(tmp_path, b"Aliyev\n"), "--format", "json", "--safe-csv"], capsys)
    clean_error(code, err, "--safe-csv")



# --- odd outputs and closed standard streams -----------------------------------------------------


def test_output_to_a_fifo_is_written_not_replaced(tmp_path: Path, capsys: Capsys) -> None:
    """-o on a named pipe writes into the pipe; it used to rename a regular file over it (and on
    /dev/null, as root, would have replaced the device)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert run(["cluster", write(tmp_path, b"Aliyev\nAlijew\n"), "-o", str(fifo)], capsys)[0] == 0
    reader.join(timeout=30)
    assert got and got[0].decode().splitlines()[1:] == ["Aliyev\t0\tAliyev", "Alijew\t0\tAliyev"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_output_to_dev_stdout(tmp_path: Path) -> None:
    """-o /dev/stdout writes to standard output through its descriptor (no temporary file is
    made in /dev or /proc, no earlier output is overwritten)."""
    src = write(tmp_path, b"Aliyev\nAlijew\n")
    proc = subprocess.run([sys.executable, "-m", "namerec", "cluster", src, "-o", "/dev/stdout"],
                          capture_output=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().splitlines() == ["name\tentity\tcanonical", "Aliyev\t0\tAliyev",
                                                 "Alijew\t0\tAliyev"]


def test_output_through_a_symlink(tmp_path: Path, capsys: Capsys) -> None:
    """-o on a symbolic link replaces the file it points to and keeps the link."""
    real = tmp_path / "real.tsv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.tsv"
    link.symlink_to(real)
    assert run(["cluster", write(tmp_path, b"Aliyev\n"), "-o", str(link)], capsys)[0] == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("name\t")


def test_output_to_a_directory(tmp_path: Path, capsys: Capsys) -> None:
    """-o naming a directory is a one-line error and leaves nothing behind."""
    code, _, err = run(["cluster", write(tmp_path, b"Aliyev\n"), "-o", str(tmp_path)], capsys)
    clean_error(code, err, str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]


def _close(fd: int) -> Any:
    return lambda: os.close(fd)


def test_closed_standard_streams(tmp_path: Path) -> None:
    """With standard input closed, `cluster` says so (exit 2); with standard output closed,
    `match` still answers with its exit code; neither prints a traceback (both used to)."""
    proc = subprocess.run([sys.executable, "-m", "namerec", "cluster"], capture_output=True,
                          preexec_fn=_close(0), timeout=60, check=False)
    assert proc.returncode == 2 and b"stdin: closed" in proc.stderr and b"Traceback" not in proc.stderr
    for pair, code in ((["Aliyev", "Alijew"], 0), (["Smith", "Jones"], 1)):
        proc = subprocess.run([sys.executable, "-m", "namerec", "match", *pair], stderr=subprocess.PIPE,
                              preexec_fn=_close(1), timeout=60, check=False)
        assert proc.returncode == code and proc.stderr == b"", proc.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_disk_on_standard_output(tmp_path: Path) -> None:
    """Writing to a full device is a one-line error with exit 2, not a traceback (it was)."""
    src = write(tmp_path, b"Aliyev\n")
    for argv in (["cluster", src], ["match", "Aliyev", "Alijew"]):
        with open("/dev/full", "w") as full:
            proc = subprocess.run([sys.executable, "-m", "namerec", *argv], stdout=full,
                                  stderr=subprocess.PIPE, timeout=60, check=False)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.decode().strip() == "namerec: error: standard output: No space left on device"
