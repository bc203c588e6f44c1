"""Text and HTML renderers behind ``__str__``, ``to_html`` and ``_repr_html_``.

Every name is passed through :func:`html.escape` before it reaches HTML, and with
``redact=True`` every name, token and key is replaced by a placeholder (``name 1``,
``a1``, ...) so a view can be shared without the data.  Styles are inline (notebooks drop
``<style>`` blocks in untrusted output); no IPython import.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .evaluate import EvaluationReport
    from .types import Clustering, Explanation, NameForm

_MAX_CLUSTERS_HTML = 20


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _form_line(form: NameForm) -> str:
    parts = ", ".join(f"{t.key} ({t.role}, {t.skeleton})" for t in form.tokens)
    dropped = "; dropped " + ", ".join(f"{w} ({r})" for w, r in form.dropped) if form.dropped else ""
    return f"{parts}{dropped}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[k]) for r in rows)) if rows else len(h) for k, h in enumerate(header)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*header), "  ".join("-" * w for w in widths)]
    lines += [fmt.format(*r) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def explanation_text(e: Explanation) -> str:
    verdict = "match" if e.is_match else "no match"
    rows = [
        [
            r.kind,
            r.a,
            r.b,
            f"{r.value:.3f}",
            f"{r.weight:.2f}",
            f"{r.contribution:.3f}",
            r.detail,
            ", ".join(r.rules),
        ]
        for r in e.evidence
    ]
    total_w = sum(r.weight for r in e.evidence)
    total_c = sum(r.contribution for r in e.evidence)
    head = [
        f"{e.a.original!r} vs {e.b.original!r}: score {e.score:.3f} "
        f"(threshold {e.threshold:.2f}) -> {verdict}",
        f"  a: {_form_line(e.a)}",
        f"  b: {_form_line(e.b)}",
        f"  method: {e.method}; score = {total_c:.3f} / {total_w:.2f} (sum of value x weight / sum of weight)"
        + (f", capped at {e.cap:.3f}" if e.cap < 1.0 else ""),
        "",
    ]
    table = _table(["evidence", "a", "b", "value", "weight", "value x w", "why", "rules"], rows)
    return "\n".join(head) + table


# --- HTML helpers -------------------------------------------------------------------------------

_FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:13px;line-height:1.4"
_TABLE = "border-collapse:collapse;margin:4px 0 8px 0"
_CELL = "padding:2px 8px;text-align:left;vertical-align:top;border-bottom:1px solid #e3e3e3"
_NUM = (
    "padding:2px 8px;text-align:right;vertical-align:top;border-bottom:1px solid #e3e3e3;"
    "font-variant-numeric:tabular-nums;white-space:nowrap"
)
_HEAD = "padding:2px 8px;text-align:left;border-bottom:2px solid #999;font-weight:600"
_MUTED = "color:#666"
_BLUE, _ORANGE, _GREEN, _GREY, _RED = "#4c78a8", "#f58518", "#54a24b", "#e3e3e3", "#c0392b"
BAR_PX = 160
"""Width in pixels of a full bar (a value of 1.0, or the largest weight)."""


class Masker:
    """Replaces names by placeholders for ``redact=True``; the identity when not redacting.

    Each distinct string gets the next number under its prefix, so equal strings stay equal
    and the output is deterministic for a deterministic rendering order.
    """

    def __init__(self, redact: bool) -> None:
        self.redact = redact
        self._seen: dict[tuple[str, str], str] = {}
        self._next: dict[str, int] = {}

    def __call__(self, text: str, prefix: str = "name ") -> str:
        """The (escaped) text, or its placeholder."""
        if not self.redact:
            return escape(text)
        key = (prefix, text)
        if key not in self._seen:
            n = self._next.get(prefix, 0) + 1
            self._next[prefix] = n
            self._seen[key] = f"{prefix}{n}"
        return escape(self._seen[key])

    def scrub(self, text: str) -> str:
        """Escaped ``text`` with every string masked so far replaced by its placeholder."""
        if not self.redact:
            return escape(text)
        for (_, original), mask in sorted(self._seen.items(), key=lambda kv: (-len(kv[0][1]), kv[0])):
            if original:  # whole words only: an initial "b" must not eat every b of the label
                text = re.sub(rf"(?<!\w){re.escape(original)}(?!\w)", mask, text)
        return escape(text)


def _td(content: str, style: str = _CELL) -> str:
    return f'<td style="{style}">{content}</td>'


def _th(content: str, style: str = _HEAD) -> str:
    return f'<th style="{style}">{content}</th>'


def _bar(fill: float, track: float | None = None, colour: str = _BLUE, title: str = "") -> str:
    """A horizontal bar: ``fill`` (and an optional grey ``track`` behind it), both in [0, 1] of BAR_PX."""
    fill_px = round(BAR_PX * max(0.0, min(1.0, fill)))
    track_px = BAR_PX if track is None else round(BAR_PX * max(0.0, min(1.0, track)))
    tip = f' title="{escape(title)}"' if title else ""
    return (
        f'<div{tip} style="width:{BAR_PX}px;height:12px">'
        f'<div style="width:{track_px}px;height:12px;background:{_GREY}">'
        f'<div style="width:{fill_px}px;height:12px;background:{colour}"></div></div></div>'
    )


def _verdict(is_match: bool) -> str:
    colour = _GREEN if is_match else _RED
    return f'<b style="color:{colour}">{"match" if is_match else "no match"}</b>'


# --- Match and Explanation ----------------------------------------------------------------------


def _tokens_cell(form: NameForm, mask: Masker, prefix: str) -> str:
    parts = []
    for t in form.tokens:
        text = mask(t.text, prefix)
        if mask.redact:
            # Key, folded form and skeleton spell the name too: registered (so that scrub()
            # removes them from the "why" column) but not shown.
            for hidden in (t.key, t.folded, t.skeleton):
                mask(hidden, prefix + "-")
            parts.append(f'{text} <span style="{_MUTED}">{escape(t.role)}</span>')
        else:
            parts.append(
                f'{text} <span style="{_MUTED}">{escape(t.role)} &middot; {escape(t.key)}'
                f" &middot; {escape(t.skeleton)}</span>"
            )
    return "<br>".join(parts) or f'<span style="{_MUTED}">(none)</span>'


def _dropped_cell(form: NameForm, mask: Masker, prefix: str) -> str:
    if not form.dropped:
        return f'<span style="{_MUTED}">&ndash;</span>'
    return ", ".join(f"{mask(w, prefix)} ({escape(r)})" for w, r in form.dropped)


def _rules_cell(rules: tuple[str, ...]) -> str:
    return escape(", ".join(rules)) if rules else f'<span style="{_MUTED}">&ndash;</span>'


def _detail(text: str, mask: Masker) -> str:
    """The ``why`` of an evidence row; when redacting, only the label after ``x ~ y:``."""
    if mask.redact:
        head, sep, tail = text.partition(": ")
        if sep and " ~ " in head:
            text = tail
    return mask.scrub(text)


def explanation_html(e: Explanation, *, redact: bool = False) -> str:
    mask = Masker(redact)
    # Register the original names first so that they are "name 1" and "name 2".
    a_name, b_name = mask(e.a.original), mask(e.b.original)
    forms = (
        '<table style="' + _TABLE + '"><thead><tr>' + _th("") + _th("a") + _th("b") + "</tr></thead><tbody>"
        "<tr>" + _td("name") + _td(f"<b>{a_name}</b>") + _td(f"<b>{b_name}</b>") + "</tr>"
        "<tr>"
        + _td("tokens")
        + _td(_tokens_cell(e.a, mask, "a"))
        + _td(_tokens_cell(e.b, mask, "b"))
        + "</tr>"
        "<tr>"
        + _td("dropped")
        + _td(_dropped_cell(e.a, mask, "a"))
        + _td(_dropped_cell(e.b, mask, "b"))
        + "</tr><tr>"
        + _td("rules")
        + _td(_rules_cell(e.a.rules))
        + _td(_rules_cell(e.b.rules))
        + "</tr>"
        "</tbody></table>"
    )
    # Bars share one scale: the grey track is the row's weight, the blue fill its contribution.
    scale = max((r.weight for r in e.evidence), default=0.0) or 1.0
    rows = []
    for r in e.evidence:
        if r.kind == "cap":
            bar = _bar(r.value, colour=_ORANGE, title=f"score capped at {r.value:.3f}")
        else:
            bar = _bar(r.contribution / scale, r.weight / scale, title=f"{r.value:.3f} x {r.weight:.2f}")
        token_a = mask(r.a, "a") if r.a else ""
        token_b = mask(r.b, "b") if r.b else ""
        rows.append(
            "<tr>"
            + _td(escape(r.kind))
            + _td(token_a)
            + _td(token_b)
            + _td(f"{r.value:.3f}", _NUM)
            + _td(f"{r.weight:.2f}", _NUM)
            + _td(bar)
            + _td(f"{r.contribution:.3f}", _NUM)
            + _td(_detail(r.detail, mask))
            + _td(escape(", ".join(r.rules)))
            + "</tr>"
        )
    total_w = sum(r.weight for r in e.evidence)
    total_c = sum(r.contribution for r in e.evidence)
    capped = f", capped at {e.cap:.3f}" if e.cap < 1.0 else ""
    evidence = (
        f'<table style="{_TABLE}"><thead><tr>'
        + "".join(
            _th(h)
            for h in ("evidence", "a", "b", "value", "weight", "contribution", "value x w", "why", "rules")
        )
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    return (
        f'<div class="namerec-explanation" style="{_FONT}">'
        f'<p style="margin:2px 0"><b>{a_name}</b> vs <b>{b_name}</b>: score <b>{e.score:.3f}</b> '
        f"(threshold {e.threshold:.2f}) &rarr; {_verdict(e.is_match)}</p>"
        + _bar(e.score, colour=_GREEN if e.is_match else _RED, title=f"score {e.score:.3f}")
        + forms
        + evidence
        + f'<p style="margin:2px 0;{_MUTED}">method {escape(e.method)}: score = {total_c:.3f} / {total_w:.2f}'
        f" (sum of value x weight / sum of weight){capped}. Bars: grey = weight, blue = value x weight,"
        " orange = cap.</p></div>"
    )


def clustering_text(c: Clustering, limit: int = 50) -> str:
    lines = [
        f"{_count(len(c.clusters), 'entity', 'entities')} from"
        f" {_count(sum(k.size for k in c.clusters), 'name', 'names')}"
        f" ({sum(r.count for r in c.rejected)} rejected)"
    ]
    for k in c.clusters[:limit]:
        variants = ", ".join(m if n == 1 else f"{m} x{n}" for m, n in zip(k.members, k.counts, strict=True))
        lines.append(f"[{k.id}] {k.canonical}: {variants}")
    if len(c.clusters) > limit:
        lines.append(f"... {len(c.clusters) - limit} more")
    for r in c.rejected:
        lines.append(f"rejected: {r.value!r} ({r.reason}) x{r.count}")
    return "\n".join(lines)


def clustering_html(c: Clustering, *, redact: bool = False, limit: int = 20) -> str:
    mask = Masker(redact)
    largest = max(c.clusters, key=lambda k: (k.size, -k.id), default=None)
    names = sum(k.size for k in c.clusters)
    rejected = sum(r.count for r in c.rejected)
    singletons = sum(1 for k in c.clusters if len(k.members) == 1)
    rows = []
    for k in c.clusters[:limit]:
        canonical = mask(k.canonical)
        variants = [
            mask(m) + (f' <span style="{_MUTED}">&times;{n}</span>' if n > 1 else "")
            for m, n in zip(k.members, k.counts, strict=True)
        ]
        # A one-line preview: as many spellings as fit in about 48 characters.
        shown, used = 0, 0
        for m in k.members:
            if shown and used + len(m) > 48:
                break
            shown, used = shown + 1, used + len(m) + 2
        preview = ", ".join(variants[:shown]) + (
            f", &hellip; +{len(variants) - shown}" if len(variants) > shown else ""
        )
        spellings = _count(len(k.members), "spelling", "spellings")
        cell = (
            f'<details><summary style="cursor:pointer;white-space:nowrap">{spellings}: {preview}</summary>'
            '<div style="padding-left:16px">' + "<br>".join(variants) + "</div></details>"
        )
        bar = _bar(k.size / largest.size if largest else 0.0, title=f"{k.size} names")
        rows.append(
            "<tr>"
            + _td(str(k.id), _NUM)
            + _td(f"<b>{canonical}</b>", _CELL + ";white-space:nowrap")
            + _td(str(k.size), _NUM)
            + _td(bar)
            + _td(cell)
            + "</tr>"
        )
    more = len(c.clusters) - limit
    tail = f'<p style="margin:2px 0;{_MUTED}">&hellip; {more} more</p>' if more > 0 else ""
    if c.rejected:
        items = "<br>".join(
            f"{mask(r.text, 'rejected ')} ({escape(r.reason)})"
            + (f" &times;{r.count}" if r.count > 1 else "")
            for r in c.rejected
        )
        tail += (
            f'<details><summary style="cursor:pointer">{rejected} rejected</summary>'
            f'<div style="padding-left:16px">{items}</div></details>'
        )
    biggest = (
        f"largest <b>{mask(largest.canonical)}</b> ({_count(largest.size, 'name', 'names')})"
        if largest
        else "no entities"
    )
    return (
        f'<div class="namerec-clustering" style="{_FONT}">'
        f'<p style="margin:2px 0"><b>{_count(len(c.clusters), "entity", "entities")}</b> from'
        f" {_count(names, 'name', 'names')} &middot; {_count(singletons, 'singleton', 'singletons')}"
        f" &middot; {biggest} &middot; {rejected} rejected</p>"
        f'<table style="{_TABLE}"><thead><tr>'
        + "".join(_th(h) for h in ("id", "canonical", "names", "", "variants"))
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + tail
        + "</div>"
    )


# --- EvaluationReport ---------------------------------------------------------------------------


def evaluation_series(r: EvaluationReport) -> list[tuple[str, list[float], str, str]]:
    """The curves of an evaluation chart: ``(label, values, colour, line style)``."""
    series = [
        ("precision", [s.precision for s in r.scores], _BLUE, "-"),
        ("recall", [s.recall for s in r.scores], _ORANGE, "-"),
        ("F1", [s.f1 for s in r.scores], _GREEN, "-"),
    ]
    if r.kind == "clusters":
        series = [(f"pairwise {label}", values, colour, "--") for label, values, colour, _ in series]
        series += [
            ("B-cubed precision", [s.b3_precision or 0.0 for s in r.scores], _BLUE, "-"),
            ("B-cubed recall", [s.b3_recall or 0.0 for s in r.scores], _ORANGE, "-"),
            ("B-cubed F1", [s.b3_f1 or 0.0 for s in r.scores], _GREEN, "-"),
        ]
    return series


def _summary(r: EvaluationReport) -> str:
    if r.kind == "pairs":
        return f"{_count(r.size, 'labelled pair', 'labelled pairs')}, {r.positives} labelled as matches"
    return f"{_count(r.size, 'name', 'names')} in {_count(r.entities, 'gold entity', 'gold entities')}"


def _figures(s: object, kind: str) -> list[tuple[str, str]]:
    from .evaluate import ThresholdScores

    assert isinstance(s, ThresholdScores)
    rows = [
        ("pairwise precision", f"{s.precision:.3f}"),
        ("pairwise recall", f"{s.recall:.3f}"),
        ("pairwise F1", f"{s.f1:.3f}"),
    ]
    if kind == "clusters":
        rows += [
            ("B-cubed precision", f"{s.b3_precision or 0.0:.3f}"),
            ("B-cubed recall", f"{s.b3_recall or 0.0:.3f}"),
            ("B-cubed F1", f"{s.b3_f1 or 0.0:.3f}"),
        ]
    return rows


def evaluation_text(r: EvaluationReport) -> str:
    lines = [
        f"namerec on {_summary(r)}: best {r.metric} at threshold {r.threshold:.2f}"
        f" (config threshold {r.config_threshold:.2f}; * = chosen)",
        "",
    ]
    header = ["threshold", "precision", "recall", "F1", "false matches", "misses"]
    if r.kind == "clusters":
        header = [
            "threshold",
            "pw P",
            "pw R",
            "pw F1",
            "B3 P",
            "B3 R",
            "B3 F1",
            "false pairs",
            "missed pairs",
        ]
    rows = []
    shown = r.scores
    if len(shown) > 15:  # every 0.05, and the chosen and config thresholds
        keep = {r.threshold, r.config_threshold}
        shown = tuple(
            s
            for s in r.scores
            if s.threshold in keep or abs(s.threshold * 20 - round(s.threshold * 20)) < 1e-9
        )
    for s in shown:
        mark = " *" if abs(s.threshold - r.threshold) < 1e-9 else ""
        row = [f"{s.threshold:.2f}{mark}", f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}"]
        if r.kind == "clusters":
            row += [f"{s.b3_precision or 0.0:.3f}", f"{s.b3_recall or 0.0:.3f}", f"{s.b3_f1 or 0.0:.3f}"]
        rows.append([*row, str(s.false_matches), str(s.misses)])
    lines.append(_table(header, rows))
    for title, errors in (("worst false matches", r.false_matches), ("worst misses", r.misses)):
        lines.append("")
        lines.append(f"{title} at {r.threshold:.2f}:" + ("" if errors else " none"))
        lines += [f"  {e.score:.3f}  {e.a}  |  {e.b}" for e in errors]
    return "\n".join(lines)


def _svg_chart(r: EvaluationReport, width: int = 540, height: int = 260) -> str:
    """Precision, recall and F1 against the threshold as inline SVG (no plotting library)."""
    left, right, top, bottom = 40, 150, 10, 34
    pw, ph = width - left - right, height - top - bottom
    ts = [s.threshold for s in r.scores]
    lo, hi = min(ts), max(ts)
    if hi - lo < 0.05:
        lo, hi = max(0.0, lo - 0.05), min(1.0, hi + 0.05)
        if hi - lo < 0.05:
            lo, hi = 0.0, 1.0

    def x(t: float) -> float:
        return left + (t - lo) / (hi - lo) * pw

    def y(v: float) -> float:
        return top + (1.0 - v) * ph

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" style="font:11px sans-serif">',
        f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>',
    ]
    for v in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(
            f'<line x1="{left}" x2="{left + pw}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#eee"/>'
            f'<text x="{left - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{v:.2f}</text>'
        )
    step = 0.05 if hi - lo <= 0.25 else 0.1
    ticks = [round(k * step, 2) for k in range(round(lo / step - 0.5), round(hi / step + 0.5) + 1)]
    ticks = [t for t in ticks if lo - 1e-9 <= t <= hi + 1e-9]
    for t in ticks:
        parts.append(
            f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{top + ph}" y2="{top + ph + 4}" stroke="#999"/>'
            f'<text x="{x(t):.1f}" y="{top + ph + 15}" text-anchor="middle">{t:.2f}</text>'
        )
    parts.append(f'<text x="{left + pw / 2:.1f}" y="{height - 4}" text-anchor="middle">threshold</text>')
    for t, colour, dash, label in (
        (r.config_threshold, "#999", "2,3", "config"),
        (r.threshold, "#444", "", "chosen"),
    ):
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{top}" y2="{top + ph}"'
            f' stroke="{colour}"{dash_attr}><title>{label} {t:.2f}</title></line>'
        )
    legend_y = top + 4
    for label, values, colour, style in evaluation_series(r):
        points = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in zip(ts, values, strict=True))
        dash_attr = ' stroke-dasharray="5,3"' if style == "--" else ""
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>'
        )
        parts.append(
            f'<line x1="{left + pw + 10}" x2="{left + pw + 30}" y1="{legend_y + 6}" y2="{legend_y + 6}"'
            f' stroke="{colour}" stroke-width="2"{dash_attr}/>'
            f'<text x="{left + pw + 34}" y="{legend_y + 10}">{escape(label)}</text>'
        )
        legend_y += 16
    parts.append(
        f'<line x1="{left + pw + 10}" x2="{left + pw + 30}" y1="{legend_y + 6}" y2="{legend_y + 6}"'
        f' stroke="#444"/><text x="{left + pw + 34}" y="{legend_y + 10}">chosen {r.threshold:.2f}</text>'
    )
    legend_y += 16
    parts.append(
        f'<line x1="{left + pw + 10}" x2="{left + pw + 30}" y1="{legend_y + 6}" y2="{legend_y + 6}"'
        f' stroke="#999" stroke-dasharray="2,3"/>'
        f'<text x="{left + pw + 34}" y="{legend_y + 10}">config {r.config_threshold:.2f}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _errors_table(title: str, errors: tuple[object, ...], mask: Masker, threshold: float) -> str:
    from .evaluate import PairError

    if not errors:
        return f'<p style="margin:6px 0 2px 0"><b>{escape(title)}</b> at {threshold:.2f}: none</p>'
    rows = []
    for e in errors:
        assert isinstance(e, PairError)
        rows.append(
            "<tr>"
            + _td(f"{e.score:.3f}", _NUM)
            + _td(_bar(e.score, colour=_BLUE))
            + _td(mask(e.a))
            + _td(mask(e.b))
            + "</tr>"
        )
    return (
        f'<p style="margin:6px 0 2px 0"><b>{escape(title)}</b> at {threshold:.2f}</p>'
        f'<table style="{_TABLE}"><thead><tr>'
        + "".join(_th(h) for h in ("score", "", "a", "b"))
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def evaluation_html(r: EvaluationReport, *, redact: bool = False) -> str:
    mask = Masker(redact)
    best = r.best
    figures = "".join(
        "<tr>" + _td(escape(name)) + _td(value, _NUM) + "</tr>" for name, value in _figures(best, r.kind)
    )
    header = ["threshold", "precision", "recall", "F1"]
    if r.kind == "clusters":
        header = ["threshold", "pw P", "pw R", "pw F1", "B3 P", "B3 R", "B3 F1"]
    body = []
    for s in r.scores:
        chosen = abs(s.threshold - r.threshold) < 1e-9
        cells = [f"{s.threshold:.2f}", f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}"]
        if r.kind == "clusters":
            cells += [f"{s.b3_precision or 0.0:.3f}", f"{s.b3_recall or 0.0:.3f}", f"{s.b3_f1 or 0.0:.3f}"]
        style = _NUM + (";font-weight:700" if chosen else "")
        body.append("<tr>" + "".join(_td(c, style) for c in cells) + "</tr>")
    table = (
        '<details><summary style="cursor:pointer">every threshold</summary>'
        f'<table style="{_TABLE}"><thead><tr>'
        + "".join(_th(h) for h in header)
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table></details>"
    )
    return (
        f'<div class="namerec-evaluation" style="{_FONT}">'
        f'<p style="margin:2px 0">namerec on {escape(_summary(r))}: best {escape(r.metric)}'
        f" at threshold <b>{r.threshold:.2f}</b> (config threshold {r.config_threshold:.2f})</p>"
        '<div style="display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start">'
        + _svg_chart(r)
        + f'<table style="{_TABLE}"><thead><tr>'
        + _th(f"at {r.threshold:.2f}")
        + _th("")
        + "</tr></thead><tbody>"
        + figures
        + "</tbody></table></div>"
        + table
        + _errors_table("worst false matches", r.false_matches, mask, r.threshold)
        + _errors_table("worst misses", r.misses, mask, r.threshold)
        + "</div>"
    )
