"""The index commands of the CLI: ``index build``, ``search``, ``link``, and ``cluster --workers``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from namerec import Index
from namerec.cli import main

Capsys = pytest.CaptureFixture[str]


def run(argv: list[str], capsys: Capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def built(tmp_path: Path, capsys: Capsys) -> Path:
    src = tmp_path / "ref.csv"
    src.write_text(
        "name,id\nIlham Aliyev,A1\nMikhail Gorbachev,G7\nYoav Gallant,Y2\n123,X\n", encoding="utf-8"
    )
    out = tmp_path / "ref.nrx"
    code, _, err = run(
        ["index", "build", str(src), "-o", str(out), "--column", "name", "--id-column", "id"], capsys
    )
    assert code == 0, err
    assert "1 names without letters left out" in err and "indexed 3 names" in err
    return out


def test_index_build_keeps_ids_from_the_id_column(built: Path) -> None:
    """Ids come from --id-column; a row without letters is left out and reported."""
    idx = Index.load(built)
    assert len(idx) == 3
    assert idx.search("Gorbatschow", k=1)[0].id == "G7"


def test_search_prints_score_name_id_and_exits_1_without_results(built: Path, capsys: Capsys) -> None:
    """search prints TSV rows (score, name, id) or JSON; exit 1 when nothing passes --threshold."""
    code, out, _ = run(["search", str(built), "Michail Gorbatschow"], capsys)
    assert code == 0
    score, name, id_ = out.splitlines()[0].split("\t")
    assert (name, id_) == ("Mikhail Gorbachev", "G7") and float(score) >= 0.8
    code, out, _ = run(["search", str(built), "Ilkham Aliev", "--json", "-k", "1"], capsys)
    assert code == 0 and json.loads(out)[0]["id"] == "A1"
    code, out, _ = run(["search", str(built), "Zzyzx Qwerty", "--threshold", "0.99"], capsys)
    assert (code, out) == (1, "")


def test_link_streams_best_matches(built: Path, tmp_path: Path, capsys: Capsys) -> None:
    """link writes one TSV row per query (rank 0 when nothing matches) or one JSON line per query."""
    queries = tmp_path / "q.txt"
    queries.write_text("Ilkham Aliev\nBoris Jelzin\nJoav Galant\n---\n", encoding="utf-8")
    code, out, _ = run(["link", str(queries), str(built)], capsys)
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[0] == ["query", "rank", "name", "id", "score"]
    assert [r[:4] for r in rows[1:]] == [
        ["Ilkham Aliev", "1", "Ilham Aliyev", "A1"],
        ["Boris Jelzin", "0", "", ""],
        ["Joav Galant", "1", "Yoav Gallant", "Y2"],
        ["---", "0", "", ""],
    ]
    code, out, _ = run(["link", str(queries), str(built), "--format", "jsonl"], capsys)
    docs = [json.loads(line) for line in out.splitlines()]
    assert [d["query"] for d in docs] == ["Ilkham Aliev", "Boris Jelzin", "Joav Galant", "---"]
    assert docs[0]["matches"][0]["id"] == "A1" and docs[1]["matches"] == []


def test_bad_index_files_are_clear_errors(built: Path, tmp_path: Path, capsys: Capsys) -> None:
    """A missing, foreign or damaged index file gives exit 2 and one line on stderr."""
    damaged = tmp_path / "damaged.nrx"
    damaged.write_bytes(built.read_bytes()[:-10])
    for path, needle in [
        (tmp_path / "missing.nrx", "No such file"),
        (tmp_path / "ref.csv", "not a namerec index"),
        (damaged, "truncated"),
    ]:
        code, out, err = run(["search", str(path), "Aliyev"], capsys)
        assert code == 2 and out == "", err
        assert err.startswith("namerec: error:") and needle in err and "Traceback" not in err
    code, _, err = run(["search", str(built), "Aliyev", "-k", "0"], capsys)
    assert code == 2 and "-k" in err


def test_index_build_id_column_needs_column(tmp_path: Path, capsys: Capsys) -> None:
    """--id-column without --column is a usage error."""
    src = tmp_path / "n.txt"
    src.write_text("Aliyev\n", encoding="utf-8")
    code, _, err = run(
        ["index", "build", str(src), "-o", str(tmp_path / "x.nrx"), "--id-column", "id"], capsys
    )
    assert code == 2 and "--id-column needs --column" in err


def test_cluster_workers_gives_the_same_output(tmp_path: Path, capsys: Capsys) -> None:
    """cluster --workers 2 prints exactly what --workers 1 prints."""
    code1, one, _ = run(["cluster", "--example", "--workers", "1"], capsys)
    code2, two, _ = run(["cluster", "--example", "--workers", "2"], capsys)
    assert code1 == code2 == 0 and one == two
    code, _, err = run(["cluster", "--example", "--workers", "-1"], capsys)
    assert code == 2 and "workers" in err
