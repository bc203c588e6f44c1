"""Text and HTML renderers behind ``__str__`` and ``_repr_html_``.

Every name is passed through :func:`html.escape` before it reaches HTML.  No IPython import.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
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


def explanation_html(e: Explanation) -> str:
    verdict = "match" if e.is_match else "no match"
    body = []
    for r in e.evidence:
        width = round(100 * r.value)
        body.append(
            "<tr>"
            f"<td>{escape(r.kind)}</td><td>{escape(r.a)}</td><td>{escape(r.b)}</td>"
            f"<td style='text-align:right'>{r.value:.3f}</td>"
            f"<td style='text-align:right'>{r.weight:.2f}</td>"
            f"<td><div style='background:#4c78a8;height:0.8em;width:{width}px'></div></td>"
            f"<td>{escape(r.detail)}</td><td>{escape(', '.join(r.rules))}</td>"
            "</tr>"
        )
    return (
        "<div class='namerec-explanation'>"
        f"<p><b>{escape(e.a.original)}</b> vs <b>{escape(e.b.original)}</b>: "
        f"score {e.score:.3f} (threshold {e.threshold:.2f}) &rarr; {verdict}; method {escape(e.method)}</p>"
        f"<p>a: {escape(_form_line(e.a))}<br>b: {escape(_form_line(e.b))}</p>"
        "<table><thead><tr><th>evidence</th><th>a</th><th>b</th><th>value</th><th>weight</th>"
        "<th></th><th>why</th><th>rules</th></tr></thead><tbody>" + "".join(body) + "</tbody></table></div>"
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


def clustering_html(c: Clustering) -> str:
    rows = []
    for k in c.clusters[:_MAX_CLUSTERS_HTML]:
        variants = ", ".join(
            escape(m) if n == 1 else f"{escape(m)} &times;{n}"
            for m, n in zip(k.members, k.counts, strict=True)
        )
        rows.append(
            f"<tr><td>{k.id}</td><td><b>{escape(k.canonical)}</b></td><td>{k.size}</td>"
            f"<td>{variants}</td></tr>"
        )
    more = len(c.clusters) - _MAX_CLUSTERS_HTML
    tail = f"<p>&hellip; {more} more</p>" if more > 0 else ""
    rejected = sum(r.count for r in c.rejected)
    return (
        "<div class='namerec-clustering'>"
        f"<p>{_count(len(c.clusters), 'entity', 'entities')},"
        f" {_count(sum(1 for k in c.clusters if len(k.members) == 1), 'singleton', 'singletons')},"
        f" {rejected} rejected</p>"
        "<table><thead><tr><th>id</th><th>canonical</th><th>names</th><th>variants</th></tr></thead>"
        "<tbody>" + "".join(rows) + "</tbody></table>" + tail + "</div>"
    )
