"""Render the notebook views of namerec to PNG with headless Chromium, for docs/img/.

Usage: python docs/screenshots.py [--chromium /usr/bin/chromium]

Writes docs/img/{explanation,clustering,evaluation}.png (and the HTML pages beside them in a
temporary folder).  Uses only bundled data: namerec/data/example_names.txt and example_gold.tsv.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from importlib import resources
from pathlib import Path

import namerec
from namerec.evaluate import read_gold

IMG = Path(__file__).resolve().parent / "img"
PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'>"
    "<style>body{{margin:12px;background:#fff}}</style></head><body>{body}</body></html>"
)


def views() -> dict[str, tuple[str, tuple[int, int]]]:
    """Name -> (HTML body, window size) of each view to capture."""
    data = resources.files("namerec") / "data"
    names = data.joinpath("example_names.txt").read_text(encoding="utf-8").split("\n")
    clustering = namerec.cluster([n for n in names if n.strip()])
    with data.joinpath("example_gold.tsv").open("rb") as f:
        report = namerec.evaluate(read_gold(f, source="example_gold.tsv"))
    explanation = namerec.explain("QADHAFI, Muammar", "Moammar al-Gaddafi")
    # Open the first entity's spellings so the picture shows the expanded state too.
    clustering_html = clustering.to_html(limit=8).replace("<details>", "<details open>", 1)
    return {
        "explanation": (explanation.to_html(), (1100, 420)),
        "clustering": (clustering_html, (1000, 520)),
        "evaluation": (report.to_html(), (900, 640)),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    IMG.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (body, (width, height)) in views().items():
            page = Path(tmp) / f"{name}.html"
            page.write_text(PAGE.format(body=body), encoding="utf-8")
            out = IMG / f"{name}.png"
            subprocess.run(
                [
                    args.chromium,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--hide-scrollbars",
                    f"--user-data-dir={Path(tmp) / 'profile'}",
                    f"--screenshot={out}",
                    f"--window-size={width},{height}",
                    page.as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
