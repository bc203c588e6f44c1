"""The ``namerec`` command line: ``match``, ``explain``, ``cluster`` and ``evaluate``.

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
from .errors import InputError, NamerecError
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
    sys.stderr.write(f"\rscoring candidate pairs: {done:,}/{total:,}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _run(args: argparse.Namespace, out: IO[str]) -> int:
    if args.command == "evaluate":
        return _run_evaluate(args, out)
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
    result = cluster(names, config=_config(args.threshold), progress=_progress if show else None)
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
    except (NamerecError, TypeError) as exc:
        sys.stderr.write(f"namerec: error: {exc}\n")
        return 2
