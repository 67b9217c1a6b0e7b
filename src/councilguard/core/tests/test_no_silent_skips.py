"""Under CI=true a test that lacks Chromium, Java, PySpark or the shared data fails instead of
skipping (issue 12): the mechanism (testing.needs) run on a tiny test file in its own pytest."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from councilguard.testing import needs

TINY = textwrap.dedent(
    """
    import pytest

    from councilguard.testing.needs import require


    def test_called_without_it():
        require(False, "the frobnicator is not installed")


    @pytest.mark.requires(False, "the shared widgets are not here")
    def test_marked_without_it():
        pass


    @pytest.mark.requires(True, "never said")
    def test_marked_with_it():
        require(True, "never said either")
    """
)


def run_tiny(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess:
    (tmp_path / "test_tiny.py").write_text(TINY)
    # An empty ini file keeps the project's settings (and Django) out of the tiny run.
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    # Only this plugin: the installed ones (Django, Hypothesis, Playwright) would take seconds.
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(needs.__file__).parents[2])]))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "councilguard.testing.needs",
            "-p",
            "no:cacheprovider",
            "-rfs",
            "-q",
            "test_tiny.py",
        ],  # fmt: skip
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_outside_ci_a_missing_need_skips_with_its_reason(tmp_path):
    result = run_tiny(tmp_path, ci=None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 2 skipped" in result.stdout
    assert "the frobnicator is not installed" in result.stdout
    assert "the shared widgets are not here" in result.stdout


def test_under_ci_a_missing_need_fails_and_says_why(tmp_path):
    result = run_tiny(tmp_path, ci="true")
    assert result.returncode == 1, result.stdout + result.stderr
    # The call fails; the marker fails the setup (an error): either way the run fails.
    assert "1 failed, 1 passed, 1 error" in result.stdout
    assert "skipped" not in result.stdout
    assert "the frobnicator is not installed (CI=true: a test may not skip" in result.stdout
    assert "the shared widgets are not here (CI=true: a test may not skip" in result.stdout


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("TRUE", True), ("1", True), ("", False), ("false", False)],
)
def test_what_counts_as_ci(monkeypatch, value, expected):
    monkeypatch.setenv("CI", value)
    assert needs.in_ci() is expected


def test_the_shared_data_is_looked_for_beside_the_project(settings):
    # Tests reach it as ../shared/data from the project root, as test_shared_data does.
    assert Path(settings.PROJECT_DIR).parent / "shared" / "data" == needs.SHARED_DATA


def test_every_skip_for_a_machine_need_goes_through_require():
    """No test skips on its own for Chromium, Java, PySpark or the shared data."""
    root = Path(needs.__file__).parents[1]
    offenders = []
    for path in root.rglob("*.py"):
        if path == Path(needs.__file__) or path == Path(__file__):
            continue
        text = path.read_text()
        for word in ("importorskip(", "skipif(", "pytest.skip("):
            for line in text.splitlines():
                if word in line and any(
                    need in line.lower()
                    for need in ("chromium", "java", "spark", "shared", "browser", "which(")
                ):
                    offenders.append(f"{path.relative_to(root)}: {line.strip()}")
    assert offenders == []
