"""The ``namerec`` command line: ``match``, ``explain``, ``cluster``, ``index build``, ``search``
and ``link``.

Exit codes follow grep: 0 match (or success), 1 no match, 2 usage or input error, 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from importlib import resources
from typing import IO, Any

import attrs

from ._io import read_names
from .api import cluster, explain, match
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
    c.add_argument("-o", "--output", help="write here instead of stdout")
    c.add_argument("--workers", type=int, default=1, help="processes to use (0: one per CPU; default 1)")
    _add_index_commands(sub)
    return p


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


def _read_input(args: argparse.Namespace) -> list[str]:
    if args.example:
        data = resources.files("namerec").joinpath("data/example_names.txt").read_bytes()
        return read_names(io.BytesIO(data), source="example", column=None)
    if args.file == "-":
        return read_names(sys.stdin.buffer, source="stdin", column=args.column, encoding=args.encoding)
    try:
        with open(args.file, "rb") as f:
            return read_names(f, source=args.file, column=args.column, encoding=args.encoding)
    except OSError as exc:
        raise InputError(f"{args.file}: {exc.strerror or exc}") from None


def _write_clustering(result: Clustering, names: list[str], fmt: str, out: IO[str]) -> None:
    by_id = {k.id: k for k in result.clusters}
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
    writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writerow(["name", "entity", "canonical"])
    for name, label in zip(names, result.labels, strict=True):
        if label is None:
            writer.writerow([name, "", ""])
        else:
            writer.writerow([name, label, by_id[label].canonical])


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
    names = _read_input(args)
    show = sys.stderr.isatty() and len(names) >= _PROGRESS_MIN
    result = cluster(
        names, config=_config(args.threshold), progress=_progress if show else None, workers=args.workers
    )
    if args.output:
        tmp = f"{args.output}.tmp{os.getpid()}"
        try:
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                _write_clustering(result, names, args.format, f)
            os.replace(tmp, args.output)
        except OSError as exc:
            raise InputError(f"{args.output}: {exc.strerror or exc}") from None
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    else:
        _write_clustering(result, names, args.format, out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 match/success, 1 no match, 2 error, 130 interrupted)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else 2
    if hasattr(sys.stdout, "reconfigure"):
        # Files and pipes get UTF-8 whatever the locale; a terminal that cannot show a letter
        # gets a replacement mark instead of a crash.
        if sys.stdout.isatty():
            sys.stdout.reconfigure(errors="replace")
        else:
            sys.stdout.reconfigure(encoding="utf-8")
    try:
        return _run(args, sys.stdout)
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted\n")
        return 130
    except BrokenPipeError:
        # Downstream closed (e.g. `| head`): stop quietly and keep Python from complaining at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except (NamerecError, TypeError, ValueError) as exc:
        sys.stderr.write(f"namerec: error: {exc}\n")
        return 2
