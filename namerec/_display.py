"""Text and HTML renderers behind ``__str__`` and ``_repr_html_``; every name is escaped."""
from __future__ import annotations
from typing import Any
def explanation_text(e: Any) -> str: return ""
def explanation_html(e: Any) -> str: return ""
def clustering_text(e: Any) -> str: return ""
def clustering_html(e: Any) -> str: return ""
