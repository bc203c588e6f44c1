"""Rich notebook views: to_html / _repr_html_ of Match, Explanation and Clustering, and redact."""

from __future__ import annotations

import re

import pytest

import namerec
from namerec import _display

SECRET = ["Ilham Aliyev", "ALIYEV, Ilham", "Ilham Alijew", "Präsident Ilham Aliyev", "Zakir Hasanov"]


def _px(style: str, prop: str = "width") -> list[int]:
    return [int(v) for v in re.findall(rf"(?<![-\w]){prop}:(\d+)px", style)]


def _visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_match_html_is_the_explanation() -> None:
    """A Match renders the evidence of explain() with the match's own config, escaped."""
    cfg = namerec.Config(threshold=0.5, surname_weight=2.0)
    m = namerec.match("<i>Aliyev</i> Ilham", "Ilham Alijew", config=cfg)
    html = m._repr_html_()
    assert html == namerec.explain("<i>Aliyev</i> Ilham", "Ilham Alijew", config=cfg).to_html()
    assert "&lt;i&gt;Aliyev&lt;/i&gt;" in html and "<i>" not in html
    assert f"{m.score:.3f}" in html and "(threshold 0.50)" in html
    assert m == namerec.Match(m.a, m.b, m.score, m.threshold)  # config is not part of equality


def test_explanation_bars_are_proportional() -> None:
    """Each evidence bar's fill is value x weight and its track the weight, on one scale."""
    e = namerec.explain("Ilham Heydar oglu Aliyev", "Ilham Alijew")
    html = e.to_html()
    rows = html[html.index(">evidence</th>") :].split("<tr>")[1:]
    scale = max(r.weight for r in e.evidence)
    assert len(rows) == len(e.evidence)
    for row, ev in zip(rows, e.evidence, strict=True):
        widths = _px(row)
        assert widths[0] == _display.BAR_PX
        if ev.kind == "cap":
            assert widths[2] == round(_display.BAR_PX * ev.value)
        else:
            assert widths[1] == round(_display.BAR_PX * ev.weight / scale)
            assert widths[2] == round(_display.BAR_PX * ev.contribution / scale)


def test_explanation_html_shows_forms_side_by_side_and_rules() -> None:
    """Both names' tokens (key, role, skeleton), the dropped words and the fired rules appear."""
    e = namerec.explain("Präsident Ilham Aliyev", "Ilham Alijew")
    html = e.to_html()
    for t in (*e.a.tokens, *e.b.tokens):
        assert t.key in html and t.skeleton in html
    assert "präsident" in html
    for rule in e.b.rules:
        assert rule in html


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Präsident Ilham Aliyev", "Ilham Alijew"),
        ("QADHAFI, Muammar", "Moammar al-Gaddafi"),
        ("Xi Jinping", "习近平"),
        ("Ilham Heydar oglu Aliyev", "Ilham Aliyev"),
    ],
)
def test_explanation_redact_hides_every_name_part(a: str, b: str) -> None:
    """With redact=True no original, token text, folded form, key or skeleton is visible."""
    e = namerec.explain(a, b)
    text = _visible_text(e.to_html(redact=True))
    secrets = {a, b} | {w for w, _ in e.a.dropped + e.b.dropped}
    for t in (*e.a.tokens, *e.b.tokens):
        secrets |= {t.text, t.folded, t.key}
    for secret in secrets:
        assert not re.search(rf"(?<![\w]){re.escape(secret)}(?![\w])", text, re.IGNORECASE), secret
    assert "name 1" in text and "name 2" in text
    assert f"{e.score:.3f}" in text  # the numbers stay


def test_clustering_html_summary_and_order() -> None:
    """The summary line counts entities, singletons and the largest; entities come largest first."""
    c = namerec.cluster([*SECRET, "Ilham Aliyev", "Yoav Gallant"])
    html = c.to_html()
    assert "3 entities</b> from 7 names" in html
    assert "2 singletons" in html
    assert "largest <b>Ilham Aliyev</b> (5 names)" in html
    positions = [html.index(f"<b>{k.canonical}</b></td>") for k in c.clusters]
    assert positions == sorted(positions)
    assert html.count("<details>") == len(c.clusters)
    bars = [_px(row)[2] for row in html.split("<tr>")[2:]]
    assert bars == [round(_display.BAR_PX * k.size / c.clusters[0].size) for k in c.clusters]


def test_clustering_redact_hides_names() -> None:
    """With redact=True no member, canonical or rejected value is visible; sizes remain."""
    c = namerec.cluster([*SECRET, "Secretname123", "!!"])
    html = c.to_html(redact=True)
    text = _visible_text(html)
    for name in [*SECRET, "Secretname", "!!"]:
        assert name not in text
    assert "5 names" in text or "4 names" in text
    assert "rejected" in text


def test_redact_scrub_replaces_whole_words_only() -> None:
    """Scrubbing masks a registered token as a word, not every letter it is made of."""
    mask = _display.Masker(True)
    mask("b", "b")
    assert mask.scrub("b ~ b: the names contradict, but b.") == "b1 ~ b1: the names contradict, but b1."


def test_redacted_placeholders_are_stable() -> None:
    """Equal names get equal placeholders: the same input renders the same redacted HTML."""
    c = namerec.cluster(SECRET)
    assert c.to_html(redact=True) == namerec.cluster(list(reversed(SECRET))).to_html(redact=True)
