"""Shortcuts taken for speed or memory give exactly what the plain computation gives."""

from __future__ import annotations

import bisect
import gc
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein
from strategies import names

import namerec
from namerec import _blocking, _clustering, _keys, _scoring, api, index
from namerec.normalize import _split, prepare

EXAMPLE = Path(__file__).resolve().parent.parent / "namerec" / "data" / "example_names.txt"
NAMES = [line.strip() for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
SCORES = st.one_of(st.sampled_from([0.0, 0.5, 0.72, 0.73, 0.74, 1.0]), st.floats(0.0, 1.0))


@given(
    st.lists(st.lists(SCORES, min_size=1, max_size=12), min_size=1, max_size=12).filter(
        lambda rows: len({len(r) for r in rows}) == 1
    ),
    st.sampled_from([0.73, 0.5, 0.0, 1.0]),
)
def test_average_linkage_stops_only_when_the_answer_is_known(rows: list[list[float]], need: float) -> None:
    """_reaches answers what the mean over every pair answers, whenever it stops."""
    sa, sb = list(range(len(rows))), list(range(len(rows[0])))
    values = [rows[x][y] for x in sa for y in sb]
    expected = not sum(values) / len(values) < need
    assert _clustering._reaches(sa, sb, lambda x, y: rows[x][y], need) is expected


def test_bounded_score_memo_gives_the_same_clusters(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pair scores dropped from the clustering memo are recomputed to the same values."""
    data = NAMES + [n.replace("a", "o", 1) for n in NAMES] + [n.upper() for n in NAMES[::3]]
    full = namerec.cluster(data)
    monkeypatch.setattr(api, "_MEMO", 2)
    assert namerec.cluster(data) == full


def test_workers_leave_no_frozen_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    """gc.freeze() taken for forking workers is undone when they are gone."""
    monkeypatch.setattr(_blocking, "PARALLEL_MIN", 0)
    before = gc.get_freeze_count()
    namerec.cluster(NAMES, workers=2)
    assert gc.get_freeze_count() == before


def _skeleton_by_hand(key: str) -> str:
    """The skeleton as namerec 0.1 computed it, position by position."""
    out: list[str] = []
    i = 0
    while i < len(key):
        cls = dict(_keys._SKELETON_MULTI).get(key[i : i + 2])
        if cls is not None:
            i += 2
        else:
            ch = key[i]
            i += 1
            if ch in _keys._VOWELS:
                if not out and i == 1:
                    out.append("A")
                continue
            cls = _keys._SKELETON_ONE.get(ch, ch)
        if not out or out[-1] != cls:
            out.append(cls)
    return "".join(out)


@given(st.text(alphabet="abcdeghijklnorstuyz", max_size=12))
def test_skeleton_matches_the_letter_by_letter_definition(key: str) -> None:
    assert _keys.skeleton(key) == _skeleton_by_hand(key)


@given(st.text(alphabet="abcxyz019 ", max_size=20))
def test_plain_text_splits_as_the_general_loop_does(text: str) -> None:
    """The ASCII shortcut of _split gives what the character loop gives (a trailing comma
    sends the text down the loop and changes nothing else)."""
    assert _split(text) == _split(text + ",")


@given(names())
def test_names_split_the_same_with_a_trailing_comma(name: str) -> None:
    text = prepare(name)
    if "," not in text:
        assert _split(text) == _split(text + ",")


def _token_key_by_hand(folded: str) -> str:
    """token_key as namerec 0.1 computed it: every rule's expression on every pass."""
    key = folded
    for _ in range(_keys._MAX_PASSES):
        before = key
        for rule, rx in _keys.RULES:
            key = rx.sub(rule.replacement, key)
        if key == before:
            break
    return key


@given(st.text(alphabet="acdehijkoqstuwxyz", max_size=12))
def test_rule_shortcut_gives_the_same_keys(folded: str) -> None:
    """A rule skipped for lacking its letters would not have changed the key."""
    assert _keys.token_key.__wrapped__(folded)[0] == _token_key_by_hand(folded)


@given(
    st.dictionaries(st.integers(0, 300), st.sampled_from([0.5, 1.0, 1.5, 2.25]), max_size=80),
    st.integers(1, 70),
)
def test_heaviest_entries_are_those_of_the_plain_sort(weight: dict[int, float], n: int) -> None:
    """The candidates an Index scores: the n heaviest entries, ties broken by entry."""
    plain = sorted(weight) if len(weight) <= n else sorted(weight, key=lambda m: (-weight[m], m))[:n]
    assert index._heaviest(weight, n) == plain


def test_decoded_forms_are_the_analysed_forms(tmp_path: Path) -> None:
    """Forms read back from an index (built, loaded, added) are what normalize gives, and
    searching a built index keeps none of them alive between searches."""
    idx = namerec.Index.build(NAMES[:40])
    idx.add(NAMES[40:60])
    for i, name in enumerate(NAMES[:60]):
        assert idx._form(i) == namerec.normalize(name)
    idx.save(tmp_path / "x.nrx")
    loaded = namerec.Index.load(tmp_path / "x.nrx")
    for i, name in enumerate(NAMES[:60]):
        assert loaded._form(i) == namerec.normalize(name)
    for name in NAMES[:20]:
        assert loaded.search(name) == idx.search(name)
    assert not loaded._cache


def _gendered_by_hand(ka: str, kb: str) -> bool:
    """_gendered without its shortcuts: every feminine pair, both ways round."""
    if ka[:2] != kb[:2] or not -4 <= len(ka) - len(kb) <= 4:
        return False
    return any(
        x.endswith(m) and y.endswith(f) and x[: -len(m)] == y[: -len(f)] and len(y) - len(f) >= 2
        for m, f in _scoring._FEMININE
        for x, y in ((ka, kb), (kb, ka))
    )


@given(st.text(alphabet="aeikostv", max_size=10), st.text(alphabet="aeikostv", max_size=10))
def test_gendered_shortcut_gives_the_plain_answer(ka: str, kb: str) -> None:
    assert _scoring._gendered(ka, kb) == _gendered_by_hand(ka, kb)
    assert _scoring._gendered(ka, ka + "a") == _gendered_by_hand(ka, ka + "a")


@given(st.text(alphabet="adhjsz", max_size=10))
def test_j_written_letter_tests_agree_with_the_pattern(folded: str) -> None:
    assert _scoring._j_written(folded) is (_scoring._J_WRITTEN.search(folded) is not None)


@given(st.text(alphabet="AKLMNPRST", max_size=9), st.text(alphabet="AKLMNPRST", max_size=9))
def test_skeleton_similarity_is_rapidfuzz_normalized_similarity(sa: str, sb: str) -> None:
    """_reading divides the Levenshtein distance itself: the same float as rapidfuzz gives."""
    if sa != sb:
        expected = Levenshtein.normalized_similarity(sa, sb)
        assert 1.0 - Levenshtein.distance(sa, sb) / max(len(sa), len(sb)) == expected


@given(st.lists(names(), min_size=2, max_size=6))
def test_a_shared_memo_gives_the_plain_scores(batch: list[str]) -> None:
    """compare with a memo kept across calls (as Index.search keeps one per query) scores as
    without it, also for Hangul and kana parts, which are compared as written."""
    forms = []
    for name in [*batch, "김명철", "김영철 Kim", "ミナ", "みな Mina"]:
        try:
            forms.append(namerec.normalize(name))
        except namerec.EmptyNameError:
            continue
    config = namerec.Config()
    memo: _scoring.Memo = {}
    for a in forms:
        for b in forms:
            assert _scoring.compare(a, b, config, memo=memo) == _scoring.compare(a, b, config)


SCRIPTS = st.sampled_from(sorted(_scoring._CROSS_RANK))


LETTERS = st.text(alphabet="abcdhjkqsuvxz", max_size=10)


@given(LETTERS, LETTERS, SCRIPTS)
def test_cross_script_readers_read_nothing_within_one_script(key: str, folded: str, script: str) -> None:
    """_similarity skips the one-sided readers between tokens of one script: each gives ""."""
    for read, *_ in (*_scoring._CROSS_READINGS, (_scoring._sin, "")):
        assert read(key, folded, script, script) == ""


@given(LETTERS, LETTERS, SCRIPTS, SCRIPTS)
def test_cross_script_readers_read_only_their_own_script(
    key: str, folded: str, script: str, other: str
) -> None:
    """_similarity calls a one-sided reader only for a side of the script class it names."""
    for read, _, own in _scoring._CROSS_READINGS:
        if script != own:
            assert read(key, folded, script, other) == ""


def test_entries_of_one_name_are_scored_once_with_the_same_results() -> None:
    """Index.search scores a name held by several entries once; every entry keeps its score."""
    data = NAMES[:30] * 3 + [n.upper() for n in NAMES[:10]]
    idx = namerec.Index.build(data, ids=[f"e{i}" for i in range(len(data))])
    idx.add(NAMES[:5], ids=["x0", "x1", "x2", "x3", "x4"])
    config = idx.config
    for query in NAMES[:30:3]:
        form = namerec.normalize(query)
        hits = idx.search(query, k=len(idx), threshold=0.0)
        assert len(hits) > 3
        for h in hits:
            assert h.score == _scoring.compare(form, namerec.normalize(h.name), config)[0]
        expected = sorted(hits, key=lambda h: (-h.score, idx._ids.index(h.id)))
        assert list(hits) == expected


def test_forms_decoded_with_shared_tokens_are_the_plain_forms() -> None:
    """Tokens shared between the candidates of one search decode to what each form holds."""
    extra = ["Ivan Petrov", "Иван Петров", "IVAN PETROV", "김영철 Kim"]
    forms = [namerec.normalize(n) for n in [*NAMES, *extra]]
    shared: dict[tuple[object, ...], namerec.Token] = {}
    for form in forms:
        text = index._form_json(form)
        assert index._form_from_json(form.original, text, shared) == form
        assert index._form_from_json(form.original, text) == form
    assert len(shared) < sum(len(f.tokens) for f in forms)


def test_long_postings_are_read_around_the_query_as_by_joined_key_and_entry() -> None:
    """A long posting is entered where (joined key, entry) order puts the query: bisecting by
    the joined key alone finds the same place."""
    given = ["Anna", "Boris", "Carl", "Dmitri", "Elena", "Fedor", "Galina", "Igor", "Juri", "Kira"]
    data = [f"{g}{'a' * (i % 7)} Ivanov" for i in range(40) for g in given]
    idx = namerec.Index.build(data)
    long_keys = [k for k in range(len(idx._keys)) if idx._post_off[k + 1] - idx._post_off[k] > index._SCAN]
    assert long_keys
    for query in ["Anna Ivanov", "Zoe Ivanov", "Aaron Ivanov", "Kiraaa Ivanov", "Igor Ivanova"]:
        form = namerec.normalize(query)
        for k in long_keys:
            lo, hi = idx._post_off[k], idx._post_off[k + 1]
            rows = [(idx._joined[m], m) for m in idx._post_mem[lo:hi]]
            assert rows == sorted(rows)
            at = lo + bisect.bisect_left(rows, (form.joined, -1))
            expected = list(idx._post_mem[max(lo, at - index._NEIGHBOURS) : min(hi, at + index._NEIGHBOURS)])
            assert idx._members(idx._keys[k], form.joined) == (hi - lo, expected)


def _fired_by_hand(folded: str) -> tuple[str, tuple[str, ...]]:
    """token_key with every rule applied by its regular expression, recording what fired."""
    key = folded
    fired: list[str] = []
    for _ in range(_keys._MAX_PASSES):
        before = key
        for rule, rx in _keys.RULES:
            new = rx.sub(rule.replacement, key)
            if new != key and rule.id not in fired:
                fired.append(rule.id)
            key = new
        if key == before:
            break
    return key, tuple(fired)


@given(st.text(alphabet="abcdehijkoqstuwxyz", max_size=14))
def test_rules_applied_without_regular_expressions_fold_the_same(folded: str) -> None:
    """Plain-letter rules applied by str.replace and the doubled-letter rule with a group
    function give the keys and fired rules of their regular expressions."""
    assert _keys.token_key.__wrapped__(folded) == _fired_by_hand(folded)
    doubled = folded + folded[-1:] * 2
    assert _keys.token_key.__wrapped__(doubled) == _fired_by_hand(doubled)


def test_fast_constructors_make_the_objects_of_the_plain_ones() -> None:
    """types._token and types._name_form (used to decode stored forms) fill every slot as the
    attrs constructors do: equal, same hash, same derived fields (sig, keys, joined)."""
    import inspect

    import attrs

    from namerec.types import NameForm, Token, _name_form, _token

    assert tuple(inspect.signature(_token).parameters) == index._TOKEN_FIELDS
    assert tuple(inspect.signature(_name_form).parameters) == index._FORM_FIELDS
    extra = ["Dr. Jean-Luc d'Artagnan", "김정은", "Ilham Heydar oğlu Aliyev", "J. R. R. Tolkien"]
    for name in [*NAMES, *extra]:
        form = namerec.normalize(name)
        tokens = tuple(_token(*(getattr(t, f) for f in index._TOKEN_FIELDS)) for t in form.tokens)
        fast = _name_form(form.original, tokens, form.dropped)
        assert fast == form and hash(fast) == hash(form) and repr(fast) == repr(form)
        for f in attrs.fields(NameForm):
            assert getattr(fast, f.name) == getattr(form, f.name)
        for a, b in zip(fast.tokens, form.tokens, strict=True):
            assert type(a) is Token and hash(a) == hash(b)
            for f in attrs.fields(Token):
                assert getattr(a, f.name) == getattr(b, f.name)


@pytest.mark.parametrize("text", ["", "[[],[]] x", "[[[],[]]", "[1, 2"])
def test_malformed_stored_forms_raise(text: str) -> None:
    """The direct scanner call reads a stored form whole or falls back to a decode that raises."""
    with pytest.raises(ValueError):
        index._form_from_json("x", text)


def test_built_and_loaded_columns_are_not_walked_by_the_collector(tmp_path: Path) -> None:
    """A built or loaded index holds its entry columns and keys as tuples the garbage
    collector stops tracking; adding to it turns them into lists once, with the same search."""
    first, more = NAMES[:30], NAMES[30:]
    idx = namerec.Index.build(first, ids=[f"e{i}" for i in range(30)])
    idx.save(tmp_path / "x.nrx")
    loaded = namerec.Index.load(tmp_path / "x.nrx")
    gc.collect()
    for x in (idx, loaded):
        for column in (x._names, x._ids, x._payloads, x._joined, x._keys):
            assert type(column) is tuple and not gc.is_tracked(column)
    loaded.add(more[:-2])
    loaded.add(more[-2:], ids=["z0", "z1"])
    assert type(loaded._names) is list and len(loaded) == len(NAMES) and loaded._ids[-1] == "z1"
    ids = [*(f"e{i}" for i in range(30)), *range(len(more) - 2), "z0", "z1"]
    grown = namerec.Index.build(NAMES, ids=ids)
    for n in NAMES:
        assert loaded.search(n) == grown.search(n)


@given(
    st.lists(
        st.tuples(st.floats(0.0, 1.0).map(lambda s: round(s, 12)), st.integers(0, 40), st.integers(0, 40)),
        max_size=60,
    )
)
def test_ranked_edges_sort_as_score_then_pair(edges: list[tuple[float, int, int]]) -> None:
    """One int per edge orders edges as (-score, i, j) did, and gives the pair back."""
    n = 41
    ranked = _clustering.rank_edges(edges, n)
    assert [divmod(k % (n * n), n) for k in ranked] == [
        (i, j) for _s, i, j in sorted(edges, key=lambda e: (-e[0], e[1], e[2]))
    ]


def test_compact_edges_keep_every_score() -> None:
    """Edges in flat arrays give back each pair's score, and None for a pair never added."""
    edges = _clustering.Edges(50)
    pairs = [(i, j) for i in range(0, 49, 3) for j in range(i + 1, 50, 3)]
    added = [(i, j, round(0.5 + (i * 7 + j) % 50 / 100, 12)) for i, j in pairs]
    for i, j, s in added:
        edges.add(i, j, s)
    more = _clustering.Edges(50)
    more.add(49, 49, 1.0)
    edges.extend(more)
    assert len(edges) == len(added) + 1
    assert list(edges) == [(s, i, j) for i, j, s in added] + [(1.0, 49, 49)]
    for i, j, s in added:
        assert edges.score(i, j) == s
    assert edges.score(1, 2) is None and edges.score(0, 0) is None


def test_compact_forms_are_the_forms_normalize_gives() -> None:
    """Forms kept as token ids rebuild each name's form equal to normalize's, derived fields too."""
    data = [*NAMES, "Dr. Ilham Aliyev", "Mr John SMITH Jr.", "Ilham Aliyev"]
    forms, keys, _parts, kept = _blocking.analyse([*data, "???"], workers=1)
    assert list(kept) == list(range(len(data)))
    assert len(forms) == len(data)
    for x, name in enumerate(data):
        want = namerec.normalize(name)
        got = forms[x]
        assert got == want
        assert (got.keys, got.joined) == (want.keys, want.joined)
        assert [t.sig for t in got.tokens] == [t.sig for t in want.tokens]
        assert keys[x] == tuple(k for k, _ in _blocking.blocking_entries(want))
    assert forms[-1] == namerec.normalize(data[-1])
    assert forms[1:3] == [namerec.normalize(n) for n in data[1:3]]
    doctor, plain = forms[len(data) - 3], forms[len(data) - 1]
    assert doctor.dropped and not plain.dropped
    assert all(a is b for a, b in zip(doctor.tokens, plain.tokens, strict=True))  # one object per token
    for outside in (len(data), -len(data) - 1):
        with pytest.raises(IndexError):
            forms[outside]
    with pytest.raises(ValueError, match="seal"):
        forms.append("Ilham", (), ())


@given(names())
def test_blocking_keys_are_the_keys_of_the_blocking_entries(name: str) -> None:
    """blocking_keys skips the order strings of blocking_entries; the keys are the same."""
    try:
        form = namerec.normalize(name)
    except namerec.EmptyNameError:
        return
    assert _blocking.blocking_keys(form) == tuple(key for key, _ in _blocking.blocking_entries(form))
