"""What a test needs from the machine (Chromium, Java, PySpark, the shared data), and what
happens when it is missing: on a developer's machine the test is skipped with the reason; in
CI (``CI=true``) it fails, so that a suite that quietly stopped running its browser or engine
tests cannot pass (issue 12).

Use ``require(condition, reason)`` inside a test or fixture, or the marker
``@pytest.mark.requires(condition, reason)`` on a test or module; never a bare
``pytest.skip``/``skipif``/``importorskip`` for one of these needs. Loaded as a plugin by the
root conftest.py.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

# The repository's data that nobody here wrote (real Squid and DNS lines, category lists) sit
# next to the project, not in it: ../shared from the project root.
SHARED = Path(__file__).resolve().parents[3].parent / "shared"
SHARED_DATA = SHARED / "data"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def require(condition: object, reason: str) -> None:
    """Skip the test for want of ``reason`` (fail instead under CI=true) unless ``condition``."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a test may not skip for want of it)", pytrace=False)
    pytest.skip(reason)


def has_java() -> bool:
    return shutil.which("java") is not None


def has_module(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def require_pyspark() -> None:
    """PySpark and the Java runtime it drives (the engines' parity tests, C31)."""
    require(has_java(), "PySpark needs a Java runtime")
    require(has_module("pyspark"), "PySpark is not installed (make test installs the spark extra)")


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers",
        "requires(condition, reason): skip without it, or fail under CI=true",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item) -> None:
    for mark in item.iter_markers(name="requires"):
        condition, reason = mark.args
        require(condition, reason)
