"""Optional dependencies, imported only when a feature needs them."""

from __future__ import annotations

import importlib
from types import ModuleType


def require(module: str, *, feature: str, extra: str) -> ModuleType:
    """Import ``module`` or raise ImportError saying which extra to install.

    >>> require("json", feature="JSON output", extra="json").__name__
    'json'
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"{feature} needs {module}, which is not installed: pip install 'namerec[{extra}]'"
        ) from None
