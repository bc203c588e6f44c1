"""The ``namerec`` command line: ``match``, ``explain``, ``cluster``, ``evaluate``, ``index build``,
``search`` and ``link``.

Exit codes follow grep: 0 match (or success), 1 no match, 2 usage or input error, 130 on Ctrl-C,
143 on SIGTERM.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import re
import signal
import stat
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import resources
from typing import IO, Any

import attrs

from ._io import iter_names, read_names
from .api import _cluster_counts, explain, match
from .config import DEFAULT, Config
from .errors import EmptyNameError, InputError, NamerecError
from .index import Index
from .types import Clustering

_PROGRESS_MIN = 10_000


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="namerec", description="Reconcile transliterated spellings of names.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    m = sub.add_parser("match", help="do two names match? exit 0 yes, 1 no")
    m.add_argument("a")
    m.add_argument("b")
    m.add_argument("--explain", action="store_true", help="print the evidence table")
    m.add_argument("--json", action="store_true", help="print JSON")
    m.add_argument("--threshold", type=float, help=f"match threshold (default {DEFAULT.threshold})")

    e = sub.add_parser("explain", help="why two names do or do not match")
    e.add_argument("a")
    e.add_argument("b")
    e.add_argument("--json", action="store_true", help="print JSON")
    e.add_argument("--threshold", type=float, help=f"match threshold (default {DEFAULT.threshold})")

    c = sub.add_parser("cluster", help="group the names of a file into entities")
    c.add_argument(
        "file", nargs="?", default="-", help="one name per line, or CSV/TSV with --column; - is stdin"
    )
    c.add_argument("--example", action="store_true", help="cluster the bundled example names")
    c.add_argument("--column", help="name column of a CSV/TSV file with a header row")
    c.add_argument("--format", choices=("tsv", "csv", "json", "text"), default="tsv", help="output format")
    c.add_argument("--threshold", type=float, help=f"linking threshold (default {DEFAULT.threshold})")
    c.add_argument("--encoding", default="utf-8", help="input encoding (default utf-8)")
    c.add_argument("-o", "--output", help="write here instead of stdout (atomically: all or nothing)")
    c.add_argument(
        "--safe-csv",
        action="store_true",
        help="csv/tsv output safe to open in a spreadsheet: a ' before cells starting with = + - @ tab CR LF",
    )
    c.add_argument("--workers", type=int, default=1, help="processes to use (0: one per CPU; default 1)")

    v = sub.add_parser(
        "evaluate",
        help="precision/recall/F1 on your gold data across thresholds",
        description="GOLD.tsv: tab-separated with a header row, either a<TAB>b<TAB>label (labelled pairs;"
        " label 1/0, yes/no, true/false or match/distinct) or name<TAB>entity (gold clusters).",
    )
    v.add_argument("gold", metavar="GOLD.tsv", help="labelled pairs or gold clusters; - is stdin")
    v.add_argument("--html", help="also write the report as an HTML page here")
    v.add_argument("--redact", action="store_true", help="mask the names in the HTML report")
    v.add_argument("--thresholds", help="comma-separated thresholds to evaluate (default: a range)")
    v.add_argument("--threshold", type=float, help=f"the config threshold (default {DEFAULT.threshold})")
    v.add_argument("--encoding", default="utf-8", help="input encoding (default utf-8)")
    v.add_argument("--json", action="store_true", help="print JSON")
    _add_index_commands(sub)
    return p


def _run_evaluate(args: argparse.Namespace, out: IO[str]) -> int:
    from .evaluate import evaluate, read_gold

    thresholds = None
    if args.thresholds:
        try:
            thresholds = [float(t) for t in args.thresholds.split(",") if t.strip()]
        except ValueError:
            raise InputError(
                f"--thresholds: expected numbers like 0.7,0.8, got {args.thresholds!r}"
            ) from None
    if args.gold == "-":
        rows = read_gold(sys.stdin.buffer, source="stdin", encoding=args.encoding)
    else:
        try:
            with open(args.gold, "rb") as f:
                rows = read_gold(f, source=args.gold, encoding=args.encoding)
        except OSError as exc:
            raise InputError(f"{args.gold}: {exc.strerror or exc}") from None
    report = evaluate(rows, config=_config(args.threshold), thresholds=thresholds)
    if args.json:
        doc = attrs.asdict(report)
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(str(report) + "\n")
    if args.html:
        page = (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>namerec evaluation</title></head>'
            f"<body>{report.to_html(redact=args.redact)}</body></html>\n"
        )
        tmp = f"{args.html}.tmp{os.getpid()}"
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(page)
            os.replace(tmp, args.html)
        except OSError as exc:
            raise InputError(f"{args.html}: {exc.strerror or exc}") from None
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return 0


def _add_index_commands(sub: Any) -> None:
    ix = sub.add_parser("index", help="build a name index to search and link against")
    ixsub = ix.add_subparsers(dest="index_command", required=True, parser_class=_Parser)
    b = ixsub.add_parser("build", help="index the names of a file")
    b.add_argument("file", help="one name per line, or CSV/TSV with --column; - is stdin")
    b.add_argument("-o", "--output", required=True, help="index file to write")
    b.add_argument("--column", help="name column of a CSV/TSV file with a header row")
    b.add_argument("--id-column", help="id column (default: the row number, from 0)")
    b.add_argument("--threshold", type=float, help=f"match threshold (default {DEFAULT.threshold})")
    b.add_argument("--encoding", default="utf-8", help="input encoding (default utf-8)")
    b.add_argument("--workers", type=int, default=1, help="processes to use (0: one per CPU; default 1)")

    s = sub.add_parser("search", help="the entries of an index nearest to a name; exit 1 if none")
    s.add_argument("index", help="index file written by 'namerec index build'")
    s.add_argument("name")
    s.add_argument("-k", type=int, default=10, help="results to show (default 10)")
    s.add_argument("--threshold", type=float, help="hide results scoring below this")
    s.add_argument("--json", action="store_true", help="print JSON")

    lk = sub.add_parser("link", help="best matches in an index for every name of a file, streamed")
    lk.add_argument("queries", help="one name per line, or CSV/TSV with --column; - is stdin")
    lk.add_argument("index", help="index file written by 'namerec index build'")
    lk.add_argument("--column", help="name column of a CSV/TSV file with a header row")
    lk.add_argument("-k", type=int, default=1, help="matches per name (default 1)")
    lk.add_argument("--threshold", type=float, help="only matches at or above this (default: the index's)")
    lk.add_argument("--format", choices=("tsv", "jsonl"), default="tsv", help="output format")
    lk.add_argument("--encoding", default="utf-8", help="input encoding (default utf-8)")


def _config(threshold: float | None) -> Config:
    if threshold is None:
        return DEFAULT
    try:
        return attrs.evolve(DEFAULT, threshold=threshold)
    except NamerecError as exc:
        raise InputError(f"--threshold: {exc}") from None


class _Tee:
    """A byte stream that copies what is read from it into ``spool``."""

    def __init__(self, stream: IO[bytes], spool: IO[bytes]) -> None:
        self._stream = stream
        self._spool = spool

    def read(self, size: int = -1, /) -> bytes:
        data = self._stream.read(size)
        self._spool.write(data)
        return data


@contextlib.contextmanager
def _counted_input(
    args: argparse.Namespace, *, replay: bool
) -> Iterator[tuple[Counter[str], Callable[[], Iterator[str]]]]:
    """Count the distinct names of the input, streaming; yield the counts and a function that
    reads the names again in input order (usable only with ``replay``).

    A regular file is read twice; standard input, a pipe or a device is copied to a temporary
    file while it is counted, when ``replay`` asks for a second pass.
    """
    column, encoding = (None, "utf-8") if args.example else (args.column, args.encoding)
    source = "example" if args.example else ("stdin" if args.file == "-" else args.file)

    stdin_at = -1  # where a regular file given as standard input starts

    def opener() -> contextlib.AbstractContextManager[IO[bytes]]:
        if args.example:
            return io.BytesIO(resources.files("namerec").joinpath("data/example_names.txt").read_bytes())
        if args.file == "-":
            if sys.stdin is None:
                raise InputError("stdin: closed")
            if stdin_at >= 0:
                sys.stdin.buffer.seek(stdin_at)
            return contextlib.nullcontext(sys.stdin.buffer)
        try:
            return open(args.file, "rb")
        except OSError as exc:
            raise InputError(f"{args.file}: {exc.strerror or exc}") from None

    def regular(f: IO[bytes]) -> bool:
        try:
            return stat.S_ISREG(os.fstat(f.fileno()).st_mode) and f.seekable()
        except (OSError, ValueError):  # no file descriptor (a stream in memory)
            return False

    with contextlib.ExitStack() as stack:
        first = stack.enter_context(opener())
        rereadable = args.example or regular(first)
        if rereadable and args.file == "-":
            stdin_at = first.tell()
        stream: Any = first
        spool: IO[bytes] | None = None
        if replay and not rereadable:
            try:
                spool = stack.enter_context(tempfile.TemporaryFile(prefix="namerec-"))
            except OSError as exc:
                raise InputError(f"temporary copy of {source}: {exc.strerror or exc}") from None
            stream = _Tee(first, spool)
        counts: Counter[str] = Counter()
        try:
            counts.update(iter_names(stream, source=source, column=column, encoding=encoding))
        except OSError as exc:
            raise InputError(f"{source}: {exc.strerror or exc}") from None
        total = sum(counts.values())

        def again() -> Iterator[str]:
            if not replay:
                raise RuntimeError("the input was read without replay")
            with contextlib.ExitStack() as inner:
                if spool is not None:
                    spool.seek(0)
                    second: IO[bytes] = spool
                else:
                    second = inner.enter_context(opener())
                n = 0
                for name in iter_names(second, source=source, column=column, encoding=encoding):
                    n += 1
                    yield name
            if n != total:
                raise InputError(f"{source}: changed while it was read ({total:,} names, then {n:,})")

        yield counts, again


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _safe_cell(cell: str) -> str:
    """A cell a spreadsheet shows as text: a ``'`` before cells that start like a formula
    (OWASP's CSV-injection guidance).

    >>> _safe_cell("=HYPERLINK(1)"), _safe_cell("-Aliyev"), _safe_cell("Aliyev")
    ("'=HYPERLINK(1)", "'-Aliyev", 'Aliyev')
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _write_clustering(
    result: Clustering, rows: Iterable[str], fmt: str, out: IO[str], *, safe_csv: bool = False
) -> None:
    """Write ``result`` in ``fmt``; the csv and tsv formats have one line per name of ``rows``."""
    if fmt == "json":
        doc = {
            "entities": [
                {
                    "id": k.id,
                    "canonical": k.canonical,
                    "members": [{"name": m, "count": n} for m, n in zip(k.members, k.counts, strict=True)],
                }
                for k in result.clusters
            ],
            "rejected": [
                {"value": str(r.value), "reason": r.reason, "count": r.count} for r in result.rejected
            ],
        }
        json.dump(doc, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt == "text":
        out.write(str(result) + "\n")
        return
    cell = _safe_cell if safe_csv else str
    entity = {m: (str(k.id), cell(k.canonical)) for k in result.clusters for m in k.members}
    delimiter = "\t" if fmt == "tsv" else ","
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    # Before Python 3.12 the writer quotes only the characters of its line terminator: a name
    # holding a carriage return would end the line early.  Such rows are quoted whole.
    quoted = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["name", "entity", "canonical"])
    for name in rows:
        row = [cell(name), *entity.get(name, ("", ""))]
        (quoted if any("\r" in c for c in row) else writer).writerow(row)


def _write_atomically(path: str, write: Callable[[IO[str]], None]) -> None:
    """Write a file through a temporary file beside it, renamed over ``path`` when complete:
    an interrupted or failed run leaves the old file (or none), never a partial one.

    A symbolic link is followed (the file it points to is replaced, as ``>`` would write it).
    Devices, pipes, terminals and the ``/dev`` and ``/proc`` names of open files
    (``-o /dev/stdout``) cannot be replaced and are written directly.
    """
    target = os.path.realpath(path)
    try:
        try:
            mode = os.stat(target).st_mode
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = stat.S_IFREG | (0o666 & ~umask)
        fd = _own_descriptor(path)
        if fd is not None:  # /dev/stdout and friends: write through the descriptor, at its offset
            sys.stdout.flush()
            with open(os.dup(fd), "w", encoding="utf-8", errors="backslashreplace", newline="") as f:
                write(f)
            return
        if not stat.S_ISREG(mode) or _names_an_open_file(path):
            with open(path, "a", encoding="utf-8", errors="backslashreplace", newline="") as f:
                write(f)
            return
        fd, tmp = tempfile.mkstemp(
            dir=os.path.dirname(target), prefix=f".{os.path.basename(target)}.", suffix=".tmp"
        )
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    try:
        with open(fd, "w", encoding="utf-8", errors="backslashreplace", newline="") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(mode))
        os.replace(tmp, target)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


_OWN_FD = re.compile(r"/dev/(?:fd/(\d+)|(stdout)|(stderr))|/proc/(?:self|(\d+))/fd/(\d+)")


def _own_descriptor(path: str) -> int | None:
    """The file descriptor that ``path`` names in this process (``/dev/stdout`` is 1), or None."""
    m = _OWN_FD.fullmatch(os.path.abspath(path))
    if m is None:
        return None
    fd, out, err, pid, proc_fd = m.groups()
    if pid is not None and int(pid) != os.getpid():
        return None
    return 1 if out else 2 if err else int(fd if fd is not None else proc_fd)


def _names_an_open_file(path: str) -> bool:
    """Whether ``path`` or a link on the way to its file is under /dev or /proc (/dev/stdout,
    /dev/fd/3, /proc/self/fd/1): the file behind it is some process's open file, not ours."""
    p = os.path.abspath(path)
    for _hop in range(40):
        if p.startswith(("/dev/", "/proc/")):
            return True
        if not os.path.islink(p):
            return False
        p = os.path.normpath(os.path.join(os.path.dirname(p), os.readlink(p)))
    return True


def _stdout_to_devnull() -> None:
    """Point standard output's file descriptor at /dev/null, so the flush at exit stays quiet."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\rlinking names: {done:,}/{total:,}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _read_file(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def _load_index(path: str) -> Index:
    try:
        return Index.load(path)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def _bar(label: str) -> Any:
    """A progress callback drawing ``label: done/total (pct)`` on stderr, or None off a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        pct = 100 * done // total if total else 100
        sys.stderr.write(f"\r{label}: {done:,}/{total:,} ({pct}%)")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _index_build(args: argparse.Namespace) -> int:
    data = _read_file(args.file)
    source = "stdin" if args.file == "-" else args.file
    names = read_names(io.BytesIO(data), source=source, column=args.column, encoding=args.encoding)
    ids: list[Any] | None = None
    if args.id_column is not None:
        if args.column is None:
            raise InputError("--id-column needs --column (a CSV/TSV file with a header row)")
        ids = read_names(io.BytesIO(data), source=source, column=args.id_column, encoding=args.encoding)
    config = _config(args.threshold)
    show = _bar("analysing names") if len(names) >= _PROGRESS_MIN else None
    index = Index.build(names, ids=ids, config=config, workers=args.workers, skip_invalid=True, progress=show)
    skipped = len(names) - len(index)
    if skipped:
        sys.stderr.write(f"namerec: {skipped:,} names without letters left out\n")
    try:
        index.save(args.output)
    except OSError as exc:
        raise InputError(f"{args.output}: {exc.strerror or exc}") from None
    sys.stderr.write(f"indexed {len(index):,} names into {args.output}\n")
    return 0


def _search(args: argparse.Namespace, out: IO[str]) -> int:
    index = _load_index(args.index)
    if args.k < 1:
        raise InputError("-k must be at least 1")
    hits = index.search(args.name, k=args.k, threshold=args.threshold)
    if args.json:
        out.write(json.dumps([h.to_dict() for h in hits], ensure_ascii=False) + "\n")
    else:
        for h in hits:
            out.write(f"{h.score:.3f}\t{h.name}\t{h.id}\n")
    return 0 if hits else 1


def _link(args: argparse.Namespace, out: IO[str]) -> int:
    index = _load_index(args.index)
    if args.k < 1:
        raise InputError("-k must be at least 1")
    threshold = index.config.threshold if args.threshold is None else args.threshold
    data = _read_file(args.queries)
    source = "stdin" if args.queries == "-" else args.queries
    queries = read_names(io.BytesIO(data), source=source, column=args.column, encoding=args.encoding)
    show = _bar("linking") if len(queries) >= _PROGRESS_MIN else None
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    if args.format == "tsv":
        writer.writerow(["query", "rank", "name", "id", "score"])
    for n, query in enumerate(queries, 1):
        try:
            hits = index.search(query, k=args.k, threshold=threshold)
        except EmptyNameError:
            hits = ()
        if args.format == "jsonl":
            doc = {"query": query, "matches": [h.to_dict() for h in hits]}
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        elif not hits:
            writer.writerow([query, 0, "", "", ""])
        else:
            for rank, h in enumerate(hits, 1):
                writer.writerow([query, rank, h.name, h.id, f"{h.score:.4f}"])
        if n % 1000 == 0:
            out.flush()
            if show is not None:
                show(n, len(queries))
    if show is not None:
        show(len(queries), len(queries))
    return 0


def _run(args: argparse.Namespace, out: IO[str]) -> int:
    if args.command == "evaluate":
        return _run_evaluate(args, out)
    if args.command == "index":
        return _index_build(args)
    if args.command == "search":
        return _search(args, out)
    if args.command == "link":
        return _link(args, out)
    if args.command in ("match", "explain"):
        config = _config(args.threshold)
        if args.command == "match" and not args.explain:
            m = match(args.a, args.b, config=config)
            if args.json:
                out.write(json.dumps(m.to_dict(), ensure_ascii=False) + "\n")
            else:
                verdict = "match" if m.is_match else "no match"
                out.write(f"{m.score:.3f}\t{verdict}\n")
            return 0 if m.is_match else 1
        e = explain(args.a, args.b, config=config)
        if args.json:
            out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.write(str(e) + "\n")
        if args.command == "match":
            return 0 if e.is_match else 1
        return 0
    if args.safe_csv and args.format not in ("csv", "tsv"):
        raise InputError("--safe-csv applies to --format csv or tsv")
    with _counted_input(args, replay=args.format in ("csv", "tsv")) as (counts, again):
        show = sys.stderr.isatty() and sum(counts.values()) >= _PROGRESS_MIN
        result = _cluster_counts(
            counts, config=_config(args.threshold), progress=_progress if show else None, workers=args.workers
        )

        def write(f: IO[str]) -> None:
            _write_clustering(result, again(), args.format, f, safe_csv=args.safe_csv)

        if args.output:
            _write_atomically(args.output, write)
        else:
            write(out)
    return 0


class _Terminated(BaseException):
    """Raised on SIGTERM, so that clean-up (the temporary file of ``-o``) runs as on Ctrl-C."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise _Terminated


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 match/success, 1 no match, 2 error, 130 interrupted,
    143 terminated)."""
    if threading.current_thread() is not threading.main_thread():
        return _main(argv)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _main(argv)
    except _Terminated:
        return 128 + signal.SIGTERM
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else 2
    if hasattr(sys.stdout, "reconfigure"):
        # Files and pipes get UTF-8 whatever the locale; a terminal that cannot show a letter
        # gets a replacement mark instead of a crash.
        # A lone surrogate (a command-line argument that was not UTF-8) is written escaped.
        if sys.stdout.isatty():
            sys.stdout.reconfigure(errors="replace")
        else:
            sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
    # With standard output closed (``>&-``) the exit code still answers ``match``.
    out = sys.stdout if sys.stdout is not None else open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    try:
        code = _run(args, out)
        out.flush()  # a full disk or a closed pipe is met here, not in Python's exit handler
        return code
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        return 130
    except BrokenPipeError:
        # Downstream closed (e.g. `| head`): stop quietly and keep Python from complaining at exit.
        _stdout_to_devnull()
        return 0
    except OSError as exc:  # writing standard output failed (a full disk)
        _stdout_to_devnull()
        sys.stderr.write(f"namerec: error: {exc.filename or 'standard output'}: {exc.strerror or exc}\n")
        return 2
    except (NamerecError, TypeError, ValueError) as exc:
        sys.stderr.write(f"namerec: error: {exc}\n")
        return 2
