"""namerec.Index: search, add, assign, and the save/load file format; namerec.link."""

from __future__ import annotations

import hashlib
import itertools
import json
import struct
from pathlib import Path

import attrs
import pytest

import namerec
from namerec import Config, Index, IndexFormatError
from namerec.index import FORMAT_VERSION, MAGIC

EXAMPLE = Path(__file__).resolve().parent.parent / "namerec" / "data" / "example_names.txt"
NAMES = [line.strip() for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def index() -> Index:
    payloads = [{"row": i} for i in range(len(NAMES))]
    return Index.build(NAMES, ids=[f"n{i}" for i in range(len(NAMES))], payloads=payloads)


def _same(a: Index, b: Index, queries: list[str]) -> None:
    assert len(a) == len(b)
    for q in queries:
        assert a.search(q, k=5) == b.search(q, k=5), q


def test_search_finds_spelling_variants(index: Index) -> None:
    """A transliterated spelling finds its entry first, with id, payload and a score above the threshold."""
    hits = index.search("Michail Gorbatschow", k=3)
    assert hits[0].name in NAMES
    assert "gorba" in hits[0].name.casefold() or "горба" in hits[0].name.casefold()
    assert hits[0].score >= index.config.threshold
    assert hits[0].payload == {"row": NAMES.index(hits[0].name)}
    assert hits[0].id == f"n{NAMES.index(hits[0].name)}"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_search_threshold_and_k(index: Index) -> None:
    """``threshold`` drops weak results; ``k`` bounds the count; bad ``k`` is an error."""
    assert len(index.search("Gorbachev", k=2)) <= 2
    assert all(h.score >= 0.95 for h in index.search("Gorbachev", k=10, threshold=0.95))
    assert index.search("Zzyzx Qwerty", k=5, threshold=0.99) == ()
    with pytest.raises(ValueError):
        index.search("Gorbachev", k=0)
    with pytest.raises(namerec.EmptyNameError):
        index.search("123")


def test_search_scores_agree_with_score(index: Index) -> None:
    """A result's score is exactly ``namerec.score(query, name)``."""
    for hit in index.search("Ilham Alijew", k=5):
        assert hit.score == namerec.score("Ilham Alijew", hit.name)


def test_search_finds_brute_force_best_on_example() -> None:
    """On the example list, the first result scores as high as the best entry found by brute force."""
    idx = Index.build(NAMES)
    for q in NAMES[::3]:
        best = max(namerec.score(q, n) for n in NAMES)
        assert idx.search(q, k=1)[0].score == best, q


def test_long_postings_are_read_around_the_query() -> None:
    """A key shared by many more names than are scanned still finds the query's nearest spellings."""
    syllables = ("".join(p) for p in itertools.product("bdgklmnprst", "aeiou", "bdklmr"))
    names = [f"Mohammed {s}" for s in syllables]
    names += ["Muhammad Zaydan"]
    idx = Index.build(names)
    assert len(names) > 300
    assert idx.search("Mohammed Zaidan", k=1)[0].name == "Muhammad Zaydan"


def test_closest_spelling_is_scored_when_key_weights_tie(monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries that share as rare keys as each other are scored closest spelling first (in either
    order of the parts), not in entry order: with room to score two, the variant listed last is
    still found."""
    monkeypatch.setattr(namerec.index, "_SCORED", 2)
    names = ["Alain Dupont", "Bruno Dupont", "Claude Dupont", "Denis Dupont", "Emile Dupont", "Zavier Dupond"]
    idx = Index.build(names)
    assert idx.search("Xavier Dupont", k=1)[0].name == "Zavier Dupond"
    assert idx.search("Dupont Xavier", k=1)[0].name == "Zavier Dupond"


def test_save_load_round_trip(index: Index, tmp_path: Path) -> None:
    """A saved index loads with the same entries, config and answers."""
    path = tmp_path / "names.nrx"
    index.save(path)
    loaded = Index.load(path)
    assert loaded.config == index.config
    _same(index, loaded, ["Gorbatschow", "Alijew", "Netanjahu", "Kaddafi"])
    assert not list(tmp_path.glob("*.tmp")), "no temporary file is left behind"
    assert path.stat().st_mode & 0o777 == 0o644, "readable like any file, not private like a temp file"


def test_round_trip_keeps_config_ids_and_added_entries(tmp_path: Path) -> None:
    """Config, int and str ids, payloads and entries added after building survive a round trip."""
    config = Config(threshold=0.85)
    idx = Index.build(["Aliyev", "Gorbachev"], ids=[7, "g"], config=config)
    idx.add(["Netanyahu"], payloads=[["x", 1.5, None]])
    assert idx.search("Netanjahu", k=1)[0].id == 8
    idx.save(tmp_path / "i.nrx")
    loaded = Index.load(tmp_path / "i.nrx")
    assert loaded.config.threshold == 0.85
    assert [h.id for h in loaded.search("Alijew", k=1)] == [7]
    assert loaded.search("Netanjahu", k=1)[0].payload == ["x", 1.5, None]
    loaded.add(["Putin"])
    assert loaded.search("Poutine", k=1)[0].id == 9
    loaded.save(tmp_path / "again.nrx")
    again = Index.load(tmp_path / "again.nrx")
    _same(loaded, again, ["Poutine", "Netanjahu", "Alijew", "Gorbatschow"])


def test_assign_attaches_or_starts_entities_deterministically() -> None:
    """``assign`` puts a spelling under its entity's id and an unknown name under a new id; the
    same input always gives the same ids, and a new entity can be joined within the same call."""

    def run() -> tuple[namerec.Assignment, ...]:
        idx = Index.build(["Ilham Aliyev", "Mikhail Gorbachev"], ids=[10, 11])
        return idx.assign(["Ilkham Aliev", "Boris Yeltsin", "Boris Jelzin", "Michail Gorbatschow"])

    first = run()
    assert [a.id for a in first] == [10, 12, 12, 11]
    assert [a.is_new for a in first] == [False, True, False, False]
    assert first[2].matched == "Boris Yeltsin"
    assert run() == first


def test_build_rejects_bad_input() -> None:
    """Names without letters, non-string names, bad ids and non-JSON payloads are clear errors."""
    with pytest.raises(namerec.EmptyNameError):
        Index.build(["Aliyev", "123"])
    assert len(Index.build(["Aliyev", "123"], skip_invalid=True)) == 1
    with pytest.raises(TypeError):
        Index.build(["Aliyev", None])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        Index.build(["Aliyev"], ids=[1.5])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        Index.build(["Aliyev"], payloads=[object()])
    with pytest.raises(ValueError):
        Index.build(["Aliyev", "Putin"], ids=[1])


def test_build_in_several_processes_is_identical(tmp_path: Path) -> None:
    """``workers=2`` builds byte for byte the same file as ``workers=1``."""
    names = NAMES * 150  # enough for more than one chunk of work
    Index.build(names, workers=1).save(tmp_path / "one.nrx")
    Index.build(names, workers=2).save(tmp_path / "two.nrx")
    assert (tmp_path / "one.nrx").read_bytes() == (tmp_path / "two.nrx").read_bytes()


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "bad.nrx"
    path.write_bytes(data)
    return path


def _resign(body: bytes) -> bytes:
    return body + hashlib.sha256(body).digest()


@pytest.fixture
def saved(index: Index, tmp_path: Path) -> bytes:
    index.save(tmp_path / "good.nrx")
    return (tmp_path / "good.nrx").read_bytes()


@pytest.mark.parametrize("cut", [0, 5, 27, 100, -1, -40])
def test_truncated_file_is_a_clear_error(saved: bytes, tmp_path: Path, cut: int) -> None:
    """A file cut short at any point raises IndexFormatError, not a crash or a partial index."""
    with pytest.raises(IndexFormatError, match=r"truncated|not a namerec index"):
        Index.load(_write(tmp_path, saved[:cut]))


@pytest.mark.parametrize("where", [30, 500, -100, -1])
def test_tampered_file_is_a_clear_error(saved: bytes, tmp_path: Path, where: int) -> None:
    """One flipped byte anywhere fails the checksum."""
    data = bytearray(saved)
    data[where] ^= 0x01
    with pytest.raises(IndexFormatError, match="checksum"):
        Index.load(_write(tmp_path, bytes(data)))


def test_foreign_and_wrong_version_files(saved: bytes, tmp_path: Path) -> None:
    """A pickle, a text file and another format version are refused with what is wrong."""
    import pickle

    with pytest.raises(IndexFormatError, match="not a namerec index"):
        Index.load(_write(tmp_path, pickle.dumps({"a": 1}) * 20))
    with pytest.raises(IndexFormatError, match="not a namerec index"):
        Index.load(_write(tmp_path, b"Ilham Aliyev\n" * 10))
    other = struct.pack("<8sI", MAGIC, FORMAT_VERSION + 1) + saved[12:]
    with pytest.raises(IndexFormatError, match="version"):
        Index.load(_write(tmp_path, other))
    with pytest.raises(IndexFormatError, match="unexpected bytes"):
        Index.load(_write(tmp_path, saved + b"x"))


def test_a_resigned_but_inconsistent_file_is_refused(saved: bytes, tmp_path: Path) -> None:
    """Checksum is not the only guard: sections that disagree, or a header that is not JSON,
    raise IndexFormatError even when the checksum has been recomputed."""
    magic, version, hlen, _total = struct.unpack_from("<8sIQQ", saved)
    header = json.loads(saved[28 : 28 + hlen])
    body = saved[28 + hlen : -32]
    header["count"] += 1
    new_header = json.dumps(header).encode()
    prefix = struct.pack("<8sIQQ", magic, version, len(new_header), 28 + len(new_header) + len(body) + 32)
    with pytest.raises(IndexFormatError, match="inconsistent"):
        Index.load(_write(tmp_path, _resign(prefix + new_header + body)))
    junk = b"{not json"
    prefix = struct.pack("<8sIQQ", magic, version, len(junk), 28 + len(junk) + len(body) + 32)
    with pytest.raises(IndexFormatError, match="malformed"):
        Index.load(_write(tmp_path, _resign(prefix + junk + body)))
    for bad in (b"[" * 100_000, b'{"sections": 5}', b"[]", json.dumps({**header, "count": "x"}).encode()):
        prefix = struct.pack("<8sIQQ", magic, version, len(bad), 28 + len(bad) + len(body) + 32)
        with pytest.raises(IndexFormatError, match=r"malformed|inconsistent"):
            Index.load(_write(tmp_path, _resign(prefix + bad + body)))
    header = json.loads(saved[28 : 28 + hlen])
    header["analysis"] = "0" * 64
    new_header = json.dumps(header).encode()
    prefix = struct.pack("<8sIQQ", magic, version, len(new_header), 28 + len(new_header) + len(body) + 32)
    with pytest.raises(IndexFormatError, match="rebuild"):
        Index.load(_write(tmp_path, _resign(prefix + new_header + body)))


def test_save_is_atomic(index: Index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save that fails midway leaves the previous file intact and no temporary file."""
    path = tmp_path / "i.nrx"
    index.save(path)
    before = path.read_bytes()
    import os

    def boom(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        Index.build(["Putin"]).save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["i.nrx"]


def test_search_result_views() -> None:
    """A result prints as one line and escapes HTML in its notebook view."""
    hit = namerec.SearchResult("<b>Aliyev</b>", "x&y", 0.91234, None)
    assert str(hit) == "0.912  <b>Aliyev</b>  (id 'x&y')"
    assert "<b>Aliyev</b>" not in hit._repr_html_()
    assert "&lt;b&gt;Aliyev&lt;/b&gt;" in hit._repr_html_()
    assert hit.to_dict() == {"name": "<b>Aliyev</b>", "id": "x&y", "score": 0.91234, "payload": None}
    assert attrs.has(type(hit))


def test_link_dataframe() -> None:
    """``link`` gives one row per query and match, keeps queries without a match, accepts a Series."""
    pd = pytest.importorskip("pandas")
    queries = pd.Series(["Gorbatschow", "Zzyzx", None, "Alijew"], index=[10, 11, 12, 13])
    df = namerec.link(queries, ["Gorbachev", "Aliyev", "Aliev"], k=2, threshold=0.8)
    assert list(df.columns) == ["query_index", "query", "rank", "name", "id", "score"]
    assert df["query_index"].tolist() == [10, 11, 12, 13, 13]
    assert df["rank"].tolist() == [1, 0, 0, 1, 2]
    assert df["name"].iloc[0] == "Gorbachev"
    assert df["name"].iloc[1:3].isna().all() and df["score"].iloc[1:3].isna().all()
    assert set(df["name"].tolist()[3:]) == {"Aliyev", "Aliev"}
    idx = Index.build(["Gorbachev", "Aliyev", "Aliev"])
    same = namerec.link(queries, idx, k=2, threshold=0.8)
    assert same.equals(df)


def test_link_without_pandas_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, ``link`` raises ImportError naming the extra to install."""
    import builtins

    real = builtins.__import__

    def fake(name: str, *args: object, **kwargs: object) -> object:
        if name == "pandas":
            raise ImportError("no pandas")
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", fake)
    monkeypatch.delitem(__import__("sys").modules, "pandas", raising=False)
    with pytest.raises(ImportError, match=r"namerec\[pandas\]"):
        namerec.link(["a"], ["b"])


def test_build_reports_progress() -> None:
    """``progress`` is called with (done, total) over the distinct names and ends at the total."""
    calls: list[tuple[int, int]] = []
    Index.build([*NAMES, *NAMES], progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (len(set(NAMES)), len(set(NAMES)))


def test_assign_leaves_a_lone_part_tied_between_people_alone() -> None:
    """*Dixon* matches *Alexander Dixon* and *Bianca Dixon* equally: it could be either, so it
    starts its own entity, as cluster() leaves it alone (before, it joined the first entry).
    Tied with two spellings of one man, it joins him."""
    index = Index.build(["Alexander Dixon", "Bianca Dixon"], ids=["a", "b"])
    lone, full = index.assign(["Dixon", "Alexandre Dixon"])
    assert lone.is_new and lone.id not in ("a", "b")
    assert (full.id, full.matched) == ("a", "Alexander Dixon")
    same = Index.build(["Alexander Dixon", "Alexandre Dixon"], ids=["a", "a"])
    assert same.assign(["Dixon"])[0].id == "a"
