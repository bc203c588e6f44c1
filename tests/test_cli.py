"""The command line, driven in-process through ``namerec.cli.main(argv)``."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import namerec
from namerec import Config
from namerec.cli import main

Capsys = pytest.CaptureFixture[str]


def run(argv: list[str], capsys: Capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean_error(code: int, out: str, err: str, *needles: str) -> None:
    """Exit 2, one line on stderr starting with ``namerec``, no traceback."""
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and "Traceback" not in out
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("namerec"), err
    for needle in needles:
        assert needle in lines[0], (needle, err)


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- match / explain ----------------------------------------------------------------------------


def test_match_exit_zero_on_match(capsys: Capsys) -> None:
    """``namerec match`` exits 0 and says ``match`` for two spellings of one name."""
    code, out, _ = run(["match", "Aliyev", "Alijew"], capsys)
    assert code == 0
    score, verdict = out.strip().split("\t")
    assert 0.0 <= float(score) <= 1.0
    assert verdict == "match"


def test_match_exit_one_on_no_match(capsys: Capsys) -> None:
    """``namerec match`` exits 1 and says ``no match`` for different names."""
    code, out, _ = run(["match", "Smith", "Jones"], capsys)
    assert code == 1
    assert out.strip().endswith("no match")


def test_match_json(capsys: Capsys) -> None:
    """``--json`` prints one JSON object with the names, score, threshold and verdict."""
    code, out, _ = run(["match", "Gorbachev", "Горбачёв", "--json"], capsys)
    doc = json.loads(out)
    assert code == 0
    assert doc["a"] == "Gorbachev" and doc["b"] == "Горбачёв"
    assert doc["is_match"] is True
    assert 0.0 <= doc["score"] <= 1.0 and doc["threshold"] == Config().threshold


def test_match_threshold(capsys: Capsys) -> None:
    """``--threshold`` moves the verdict and the exit code, not the score."""
    _, loose_out, _ = run(["match", "Hasanov", "Hasanli", "--json", "--threshold", "0.1"], capsys)
    code_strict, strict_out, _ = run(["match", "Hasanov", "Hasanli", "--json", "--threshold", "1.0"], capsys)
    loose, strict = json.loads(loose_out), json.loads(strict_out)
    assert loose["is_match"] is True and loose["threshold"] == 0.1
    assert strict["is_match"] is False and code_strict == 1
    assert loose["score"] == strict["score"]
    assert run(["match", "Hasanov", "Hasanli", "--threshold", "0.1"], capsys)[0] == 0


def test_match_explain_flag(capsys: Capsys) -> None:
    """``match --explain`` prints the evidence table and keeps the match exit code."""
    code, out, _ = run(["match", "Smith", "Jones", "--explain"], capsys)
    assert code == 1
    assert "evidence" in out and "'Smith'" in out and "'Jones'" in out


def test_explain_text(capsys: Capsys) -> None:
    """``namerec explain`` exits 0 and prints both names, the score and the evidence table."""
    code, out, _ = run(["explain", "Yoav Gallant", "Joaw Gollant"], capsys)
    assert code == 0
    assert "Yoav Gallant" in out and "Joaw Gollant" in out
    assert "evidence" in out and "score" in out


def test_explain_exit_zero_even_without_match(capsys: Capsys) -> None:
    """``namerec explain`` exits 0 for non-matching names too: it explains, it does not judge."""
    code, out, _ = run(["explain", "Smith", "Jones"], capsys)
    assert code == 0
    assert "no match" in out


def test_explain_json(capsys: Capsys) -> None:
    """``explain --json`` prints the keys and the evidence rows as JSON."""
    code, out, _ = run(["explain", "QADHAFI, Muammar", "Muammar al-Qadhafi", "--json"], capsys)
    doc = json.loads(out)
    assert code == 0
    assert doc["a"] == "QADHAFI, Muammar"
    assert doc["a_keys"] == doc["b_keys"]
    assert doc["evidence"]
    assert {"kind", "a", "b", "value", "weight", "detail", "rules"} <= set(doc["evidence"][0])


@pytest.mark.parametrize(
    "argv",
    [[], ["match"], ["match", "Aliyev"], ["frobnicate"], ["match", "a", "b", "--threshold", "abc"],
     ["cluster", "--format", "xml", "-"], ["explain", "a", "b", "--bogus"]],
)
def test_usage_errors_exit_two(argv: list[str], capsys: Capsys) -> None:
    """Bad command lines exit 2 with a one-line usage error."""
    code, out, err = run(argv, capsys)
    assert code == 2
    assert "error" in err and "Traceback" not in err
    assert out == ""


@pytest.mark.parametrize("threshold", ["1.5", "-0.1", "nan"])
def test_out_of_range_threshold_exits_two(threshold: str, capsys: Capsys) -> None:
    """A threshold outside [0, 1] (or NaN) is reported in one line with exit 2."""
    code, out, err = run(["match", "Aliyev", "Alijew", "--threshold", threshold], capsys)
    assert_clean_error(code, out, err)


@pytest.mark.parametrize("name", ["", "123", "...", "42 17"])
def test_match_name_without_letters_exits_two(name: str, capsys: Capsys) -> None:
    """A name without letters is an input error (exit 2) with a one-line message, not a traceback."""
    for argv in (["match", "Aliyev", name], ["match", name, "Aliyev"], ["explain", "Aliyev", name]):
        code, out, err = run(argv, capsys)
        assert_clean_error(code, out, err, "no letters")


def test_help_exits_zero(capsys: Capsys) -> None:
    """``--help`` prints usage and exits 0."""
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    assert "usage" in out


# --- cluster: inputs ----------------------------------------------------------------------------

NAMES = ["Ilham Aliyev", "Ilham Alijew", "Ильхам Алиев", "Heydar Aliyev", "Gorbachev", "Gorbatschow"]


def _tsv_rows(out: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(out), delimiter="\t"))


def test_cluster_lines_file(tmp_path: Path, capsys: Capsys) -> None:
    """A file with one name per line gives a TSV with one row per input line, in input order."""
    path = write(tmp_path, "names.txt", "\n".join(NAMES) + "\n")
    code, out, _ = run(["cluster", str(path)], capsys)
    rows = _tsv_rows(out)
    assert code == 0
    assert rows[0] == ["name", "entity", "canonical"]
    assert [r[0] for r in rows[1:]] == NAMES
    entity = {r[0]: r[1] for r in rows[1:]}
    assert entity["Ilham Aliyev"] == entity["Ilham Alijew"] == entity["Ильхам Алиев"]
    assert entity["Heydar Aliyev"] != entity["Ilham Aliyev"]
    assert entity["Gorbachev"] == entity["Gorbatschow"]


def test_cluster_skips_blank_lines_and_strips(tmp_path: Path, capsys: Capsys) -> None:
    """Blank lines are skipped and surrounding spaces stripped in one-name-per-line input."""
    path = write(tmp_path, "names.txt", "\n  Aliyev  \n\n\t\nAlijew\n\n")
    code, out, _ = run(["cluster", str(path)], capsys)
    assert code == 0
    assert [r[0] for r in _tsv_rows(out)[1:]] == ["Aliyev", "Alijew"]


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("people.csv", 'id,name,country\n1,"Aliyev, Ilham",AZ\n2,Ilham Alijew,DE\n3,Heydar Aliyev,AZ\n'),
        ("people.tsv", "id\tname\tcountry\n1\tAliyev, Ilham\tAZ\n2\tIlham Alijew\tDE\n"
                       "3\tHeydar Aliyev\tAZ\n"),
    ],
)
def test_cluster_column(filename: str, content: str, tmp_path: Path, capsys: Capsys) -> None:
    """``--column`` reads the named column of a CSV or TSV file with a header row."""
    path = write(tmp_path, filename, content)
    code, out, _ = run(["cluster", str(path), "--column", "name"], capsys)
    rows = _tsv_rows(out)
    assert code == 0
    assert [r[0] for r in rows[1:]] == ["Aliyev, Ilham", "Ilham Alijew", "Heydar Aliyev"]


def test_cluster_column_short_rows(tmp_path: Path, capsys: Capsys) -> None:
    """Rows missing the name column count as empty names, rejected but still listed."""
    path = write(tmp_path, "p.csv", "id,name\n1,Aliyev\n2\n3,Alijew\n")
    code, out, _ = run(["cluster", str(path), "--column", "name"], capsys)
    rows = _tsv_rows(out)
    assert code == 0
    assert rows[1:] == [["Aliyev", rows[1][1], rows[1][2]], ["", "", ""], ["Alijew", rows[1][1], rows[1][2]]]


@pytest.mark.parametrize("fmt", ["tsv", "csv", "json", "text"])
def test_cluster_formats(fmt: str, tmp_path: Path, capsys: Capsys) -> None:
    """Every output format carries all names and parses as what it claims to be."""
    path = write(tmp_path, "names.txt", "\n".join([*NAMES, "Ilham Aliyev", "123"]) + "\n")
    code, out, _ = run(["cluster", str(path), "--format", fmt], capsys)
    assert code == 0
    if fmt == "json":
        doc = json.loads(out)
        members = [m["name"] for e in doc["entities"] for m in e["members"]]
        assert sorted(members) == sorted(set(NAMES))
        assert sum(m["count"] for e in doc["entities"] for m in e["members"]) == len(NAMES) + 1
        assert doc["rejected"] == [{"value": "123", "reason": "no letters", "count": 1}]
        for e in doc["entities"]:
            assert e["canonical"] in [m["name"] for m in e["members"]]
    elif fmt in ("tsv", "csv"):
        rows = list(csv.reader(io.StringIO(out), delimiter="\t" if fmt == "tsv" else ","))
        assert rows[0] == ["name", "entity", "canonical"]
        assert [r[0] for r in rows[1:]] == [*NAMES, "Ilham Aliyev", "123"]
        assert rows[-1] == ["123", "", ""]
        for _name, entity, canonical in rows[1:-1]:
            assert entity.isdigit() and canonical
    else:
        for name in NAMES:
            assert name in out
        assert "rejected" in out


def test_cluster_output_file(tmp_path: Path, capsys: Capsys) -> None:
    """``-o`` writes the result to the file (UTF-8) and nothing to stdout; no temporary file is left."""
    path = write(tmp_path, "names.txt", "\n".join(NAMES) + "\n")
    target = tmp_path / "out.json"
    code, out, _ = run(["cluster", str(path), "--format", "json", "-o", str(target)], capsys)
    assert code == 0 and out == ""
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert sorted(m["name"] for e in doc["entities"] for m in e["members"]) == sorted(NAMES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["names.txt", "out.json"]


def test_cluster_output_overwrites(tmp_path: Path, capsys: Capsys) -> None:
    """``-o`` replaces an existing output file."""
    path = write(tmp_path, "names.txt", "Aliyev\n")
    target = write(tmp_path, "out.tsv", "old content that is longer than the new one\n" * 10)
    assert run(["cluster", str(path), "-o", str(target)], capsys)[0] == 0
    assert target.read_text(encoding="utf-8").splitlines()[0] == "name\tentity\tcanonical"
    assert "old content" not in target.read_text(encoding="utf-8")


def test_cluster_output_to_missing_directory(tmp_path: Path, capsys: Capsys) -> None:
    """An output path in a missing directory is a one-line error with exit 2."""
    path = write(tmp_path, "names.txt", "Aliyev\n")
    code, out, err = run(["cluster", str(path), "-o", str(tmp_path / "nope" / "out.tsv")], capsys)
    assert_clean_error(code, out, err, "out.tsv")


def test_cluster_threshold(tmp_path: Path, capsys: Capsys) -> None:
    """``cluster --threshold 1.0`` links only pairs that score 1.0 (identical keys)."""
    path = write(tmp_path, "names.txt", "Gorbachev\nGorbatschow\nAliyev\nAlijew\nHasanov\nHasanli\n")
    code, out, _ = run(["cluster", str(path), "--threshold", "1.0", "--format", "json"], capsys)
    assert code == 0
    groups = sorted(sorted(m["name"] for m in e["members"]) for e in json.loads(out)["entities"])
    assert ["Alijew", "Aliyev"] in groups
    assert ["Hasanli"] in groups and ["Hasanov"] in groups
    if namerec.score("Gorbachev", "Gorbatschow") < 1.0:
        assert ["Gorbachev"] in groups and ["Gorbatschow"] in groups


def test_cluster_example(capsys: Capsys) -> None:
    """``cluster --example`` clusters the bundled names and exits 0."""
    code, out, _ = run(["cluster", "--example", "--format", "text"], capsys)
    assert code == 0
    assert "Ilham" in out and "entities" in out


# --- cluster: encodings and line endings --------------------------------------------------------


def test_utf8_bom_and_crlf(tmp_path: Path, capsys: Capsys) -> None:
    """A UTF-8 byte-order mark and CRLF line endings are not part of the names."""
    path = write(tmp_path, "names.txt", b"\xef\xbb\xbfAliyev\r\nAlijew\r\n" + "Алиев\r\n".encode())
    code, out, _ = run(["cluster", str(path)], capsys)
    rows = _tsv_rows(out)
    assert code == 0
    assert [r[0] for r in rows[1:]] == ["Aliyev", "Alijew", "Алиев"]
    assert len({r[1] for r in rows[1:]}) == 1


def test_utf8_bom_and_crlf_with_column(tmp_path: Path, capsys: Capsys) -> None:
    """A BOM before the header and CRLF rows do not break ``--column`` lookup."""
    path = write(tmp_path, "p.csv", "\ufeffname,id\r\nAliyev,1\r\nAlijew,2\r\n".encode())
    code, out, err = run(["cluster", str(path), "--column", "name"], capsys)
    assert code == 0, err
    assert [r[0] for r in _tsv_rows(out)[1:]] == ["Aliyev", "Alijew"]


def test_encoding_option(tmp_path: Path, capsys: Capsys) -> None:
    """``--encoding`` decodes legacy files (Latin-1 here)."""
    path = write(tmp_path, "names.txt", "Müller\nMuller\n".encode("latin-1"))
    code, out, _ = run(["cluster", str(path), "--encoding", "latin-1"], capsys)
    assert code == 0
    assert [r[0] for r in _tsv_rows(out)[1:]] == ["Müller", "Muller"]


# --- cluster: bad input -------------------------------------------------------------------------


def test_not_utf8_reports_line(tmp_path: Path, capsys: Capsys) -> None:
    """Bytes that are not UTF-8 give exit 2 and one error line naming the line number."""
    path = write(tmp_path, "names.txt", b"Aliyev\nAlijew\nM\xfcller\nPutin\n")
    code, out, err = run(["cluster", str(path)], capsys)
    assert_clean_error(code, out, err, "line 3")
    assert out == ""


def test_unknown_encoding(tmp_path: Path, capsys: Capsys) -> None:
    """An unknown ``--encoding`` is a one-line error with exit 2."""
    path = write(tmp_path, "names.txt", "Aliyev\n")
    code, out, err = run(["cluster", str(path), "--encoding", "no-such-codec"], capsys)
    assert_clean_error(code, out, err, "no-such-codec")


def test_missing_column(tmp_path: Path, capsys: Capsys) -> None:
    """A ``--column`` absent from the header is exit 2 and the error lists the columns."""
    path = write(tmp_path, "p.csv", "id,fullname\n1,Aliyev\n")
    code, out, err = run(["cluster", str(path), "--column", "name"], capsys)
    assert_clean_error(code, out, err, "'name'", "fullname")


@pytest.mark.parametrize("content", [b"", b"\n\n", b"   \n\t\n", b"\xef\xbb\xbf"])
def test_empty_file(content: bytes, tmp_path: Path, capsys: Capsys) -> None:
    """An empty or blank file is exit 2 with a one-line error."""
    path = write(tmp_path, "names.txt", content)
    code, out, err = run(["cluster", str(path)], capsys)
    assert_clean_error(code, out, err, "empty")


def test_missing_file(tmp_path: Path, capsys: Capsys) -> None:
    """A file that does not exist is exit 2 with a one-line error naming it."""
    path = tmp_path / "nope.txt"
    code, out, err = run(["cluster", str(path)], capsys)
    assert_clean_error(code, out, err, "nope.txt")


def test_unreadable_path(tmp_path: Path, capsys: Capsys) -> None:
    """A path that cannot be read as a file (a directory) is exit 2 with a one-line error."""
    code, out, err = run(["cluster", str(tmp_path)], capsys)
    assert_clean_error(code, out, err, str(tmp_path))


def test_huge_csv_field(tmp_path: Path, capsys: Capsys) -> None:
    """A CSV field longer than the csv module's field limit is an input error (exit 2), not a traceback."""
    path = write(tmp_path, "p.csv", "name\n" + "A" * 200_000 + "\nAliyev\n")
    try:
        code, out, err = run(["cluster", str(path), "--column", "name"], capsys)
    except Exception as exc:
        pytest.fail(f"main() raised {type(exc).__name__}: {exc}")
    assert code in (0, 2), err
    if code == 2:
        assert_clean_error(code, out, err)


# --- cluster: stdin -----------------------------------------------------------------------------


class FakeStdin:
    """Stand-in for ``sys.stdin`` with a binary ``buffer``, as the CLI reads bytes."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_cluster_stdin(monkeypatch: pytest.MonkeyPatch, capsys: Capsys) -> None:
    """With no file (or ``-``) names are read from standard input."""
    for argv in (["cluster"], ["cluster", "-"]):
        monkeypatch.setattr("sys.stdin", FakeStdin(b"Aliyev\nAlijew\nSmith\n"))
        code, out, _ = run(argv, capsys)
        rows = _tsv_rows(out)
        assert code == 0
        assert [r[0] for r in rows[1:]] == ["Aliyev", "Alijew", "Smith"]
        assert rows[1][1] == rows[2][1] != rows[3][1]


def test_cluster_stdin_csv_column(monkeypatch: pytest.MonkeyPatch, capsys: Capsys) -> None:
    """``--column`` works on standard input too."""
    monkeypatch.setattr("sys.stdin", FakeStdin(b"name\tx\nAliyev\t1\nAlijew\t2\n"))
    code, out, _ = run(["cluster", "--column", "name", "--format", "json"], capsys)
    assert code == 0
    assert len(json.loads(out)["entities"]) == 1


def test_cluster_stdin_bad_bytes(monkeypatch: pytest.MonkeyPatch, capsys: Capsys) -> None:
    """Invalid UTF-8 on standard input is exit 2, the message naming stdin and the line."""
    monkeypatch.setattr("sys.stdin", FakeStdin(b"Aliyev\n\xff\n"))
    code, out, err = run(["cluster"], capsys)
    assert_clean_error(code, out, err, "stdin", "line 2")


def test_cluster_stdin_empty(monkeypatch: pytest.MonkeyPatch, capsys: Capsys) -> None:
    """Empty standard input is exit 2 with a one-line error."""
    monkeypatch.setattr("sys.stdin", FakeStdin(b""))
    code, out, err = run(["cluster"], capsys)
    assert_clean_error(code, out, err, "empty")


# --- process level ------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_non_utf8_stdout_gives_no_traceback(encoding: str, tmp_path: Path) -> None:
    """With a stdout that cannot encode the names (Windows code page, C locale) the CLI does not crash."""
    path = write(tmp_path, "names.txt", "Ilham Aliyev\nİlham Əliyev\nИльхам Алиев\n")
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    proc = subprocess.run(
        [sys.executable, "-m", "namerec", "cluster", str(path)],
        capture_output=True, env=env, timeout=60, check=False,
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert proc.returncode in (0, 2), stderr


def test_module_entry_point() -> None:
    """``python -m namerec match`` runs as a program and returns the match exit code."""
    ok = subprocess.run([sys.executable, "-m", "namerec", "match", "Aliyev", "Alijew"],
                        capture_output=True, timeout=60, check=False)
    no = subprocess.run([sys.executable, "-m", "namerec", "match", "Smith", "Jones"],
                        capture_output=True, timeout=60, check=False)
    assert (ok.returncode, no.returncode) == (0, 1)
    assert b"Traceback" not in ok.stderr + no.stderr
