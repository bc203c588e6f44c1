"""Shared test configuration: Hypothesis profiles and access to the optional shared data sets.

Profiles (pick one with the ``HYPOTHESIS_PROFILE`` environment variable; the default is ``ci``
when the ``CI`` environment variable is set, ``dev`` otherwise):

* ``dev``: 100 random examples per property, for the edit-test loop.
* ``ci``: 300 examples, derandomised (the same examples on every run), no deadline, and the
  blob to reproduce a failure printed.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

REPO_ROOT = Path(__file__).resolve().parent.parent
TESTS_DIR = Path(__file__).resolve().parent

# ``from strategies import names`` in the test modules, whatever the rootdir/import mode.
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

# No deadlines: these machines are noisy, and speed is measured in benchmarks/, not in tests.
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=300, derandomize=True, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


_CACHE: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """The kanji dictionary cache (``namerec._japanese``) goes to a folder of this test run, not
    to the user's cache folder; subprocesses started by tests inherit it."""
    _CACHE.append(tempfile.mkdtemp(prefix="namerec-test-cache-"))
    os.environ["XDG_CACHE_HOME"] = _CACHE[0]


def pytest_unconfigure(config: pytest.Config) -> None:
    for path in _CACHE:
        shutil.rmtree(path, ignore_errors=True)


def shared_data_dir() -> Path:
    """Path of ``../shared/data`` next to the repository; skip the calling test when absent."""
    path = (REPO_ROOT.parent / "shared" / "data").resolve()
    if not path.is_dir():
        pytest.skip(f"shared data sets not available ({path} does not exist)")
    return path


@pytest.fixture
def shared_data() -> Path:
    """The ``../shared/data`` directory (relative to the repository root), or skip the test."""
    return shared_data_dir()
