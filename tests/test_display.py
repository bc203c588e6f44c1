"""Text and HTML renderings of explanations and clusterings: complete, and escaped in HTML."""

from __future__ import annotations

import re

import pytest

import namerec
from namerec import _display

HOSTILE = "<script>alert(1)</script> Aliyev"
QUOTES = "Ilham \"Aliyev' onmouseover='alert(1)"
AMP = "Aliyev & <b>Sons</b>"


def _tags(html: str) -> set[str]:
    return {m.lower() for m in re.findall(r"</?\s*([a-zA-Z]+)", html)}


# --- Explanation --------------------------------------------------------------------------------


def test_explanation_str_contains_evidence_table() -> None:
    """str(explain(...)) shows the verdict line, both forms and one table row per evidence row."""
    e = namerec.explain("Ilham Heydar oglu Aliyev", "Ilham Alijew")
    text = str(e)
    lines = text.splitlines()
    assert "'Ilham Heydar oglu Aliyev'" in lines[0] and "'Ilham Alijew'" in lines[0]
    assert f"{e.score:.3f}" in lines[0]
    assert ("no match" in lines[0]) == (not e.is_match)
    header = next(i for i, line in enumerate(lines) if line.startswith("evidence"))
    for column in ("value", "weight", "why", "rules"):
        assert column in lines[header]
    assert set(lines[header + 1].replace(" ", "")) == {"-"}
    rows = lines[header + 2 :]
    assert len(rows) == len(e.evidence)
    for row, ev in zip(rows, e.evidence, strict=False):
        assert row.startswith(ev.kind)
        assert ev.detail in row
        assert f"{ev.value:.3f}" in row
    assert "oglu (patronymic marker)" in text


def test_explanation_str_shows_dropped_words_and_rules() -> None:
    """The text rendering names the dropped title and the folding rules that fired."""
    e = namerec.explain("Präsident Ilham Aliyev", "Ilham Alijew")
    text = str(e)
    assert "präsident (title)" in text
    assert e.b.rules, "premise: folding rules fire on Alijew"
    rules_column = {rule for row in e.evidence for rule in row.rules}
    assert set(e.b.rules) <= rules_column
    for rule in rules_column:
        assert rule in text


def test_explanation_html_escapes_names() -> None:
    """_repr_html_ of an explanation escapes markup in the names: no injected tags survive."""
    for a, b in [(HOSTILE, "Aliyev"), (AMP, "Aliyev"), (QUOTES, "Ilham Aliyev"), ("Aliyev", HOSTILE)]:
        html = namerec.explain(a, b)._repr_html_()
        assert "<script" not in html.lower()
        assert "<b>Sons" not in html
        assert "onmouseover='" not in html and 'onmouseover="' not in html
        assert _tags(html) <= {"div", "p", "b", "br", "span", "table", "thead", "tbody", "tr", "th", "td"}
    html = namerec.explain(HOSTILE, "Aliyev")._repr_html_()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Aliyev" in html
    assert "Aliyev &amp; &lt;b&gt;Sons&lt;/b&gt;" in namerec.explain(AMP, "Aliyev")._repr_html_()


def test_explanation_html_has_one_row_per_evidence() -> None:
    """The HTML table has a row for every evidence row."""
    e = namerec.explain("Yoav Gallant", "Joaw Gollant")
    html = e._repr_html_()
    evidence = html[html.index('<th style="' + _display._HEAD + '">evidence</th>') :]
    assert evidence.count("<tr>") == len(e.evidence)  # the header row's <tr> comes before
    assert f"{e.score:.3f}" in html


def test_to_dict_is_plain_data() -> None:
    """Explanation.to_dict and Match.to_dict hold plain JSON types and the original names."""
    import json

    e = namerec.explain(HOSTILE, "Aliyev")
    doc = json.loads(json.dumps(e.to_dict()))
    assert doc["a"] == HOSTILE and len(doc["evidence"]) == len(e.evidence)
    m = json.loads(json.dumps(namerec.match(HOSTILE, "Aliyev").to_dict()))
    assert m["a"] == HOSTILE and m["is_match"] == namerec.match(HOSTILE, "Aliyev").is_match


def test_nameform_str() -> None:
    """str(NameForm) shows the original and each key with its role initial."""
    text = str(namerec.normalize("QADHAFI, Muammar"))
    assert text.startswith("'QADHAFI, Muammar' -> ")
    assert "[g]" in text and "[s]" in text


# --- Clustering ---------------------------------------------------------------------------------


def _clustering() -> namerec.Clustering:
    return namerec.cluster([HOSTILE, "<script>alert(1)</script> Alijew", AMP, AMP, QUOTES, None, "<>", 3])


def test_clustering_str_lists_entities_and_rejects() -> None:
    """str(Clustering) gives a summary line, one line per entity with counts, and the rejects."""
    c = _clustering()
    text = str(c)
    lines = text.splitlines()
    assert lines[0].startswith(f"{len(c.clusters)} entities from {sum(k.size for k in c.clusters)} names")
    for k in c.clusters:
        assert any(line.startswith(f"[{k.id}] {k.canonical}:") for line in lines)
    assert f"{AMP} x2" in text
    assert text.count("rejected:") == len(c.rejected)


def test_clustering_str_truncates_long_output() -> None:
    """Beyond 50 entities the text rendering says how many more there are."""
    words = [f"{a}{b}{c}" for a in "bdfgkl" for b in "aeiou" for c in "mnprst"][:80]
    c = namerec.cluster(words, config=namerec.Config(threshold=1.0, cohesion=1.0))
    assert len(c) > 50
    assert f"... {len(c) - 50} more" in str(c)


def test_clustering_html_escapes_names() -> None:
    """Clustering._repr_html_ escapes canonical and member names: no injected tags survive."""
    html = _clustering()._repr_html_()
    assert "<script" not in html.lower()
    assert "<b>Sons" not in html
    assert "onmouseover='" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert re.search(r"&amp; &lt;b&gt;Sons&lt;/b&gt; <span[^>]*>&times;2</span>", html)
    allowed = {"div", "p", "b", "br", "span", "details", "summary"}
    allowed |= {"table", "thead", "tbody", "tr", "th", "td"}
    assert _tags(html) <= allowed


def test_clustering_html_truncates() -> None:
    """Beyond 20 entities the HTML rendering says how many more there are."""
    words = [f"{a}{b}{c}" for a in "bdfgkl" for b in "aeiou" for c in "mnprst"][:40]
    c = namerec.cluster(words, config=namerec.Config(threshold=1.0, cohesion=1.0))
    html = c._repr_html_()
    assert html.count("<tr>") == 21  # header + 20 entities
    assert f"{len(c) - 20} more" in html


@pytest.mark.parametrize("obj", [namerec.cluster([]), namerec.cluster([None, ""])])
def test_empty_clustering_renders(obj: namerec.Clustering) -> None:
    """An empty clustering renders as text and HTML without error."""
    assert str(obj).startswith("0 entities")
    assert obj._repr_html_().startswith("<div")
