"""The `councilguard` command in a process of its own, on a database of its own under ``var``,
as a newcomer or a script runs it: shared by the command-line tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def command_runner(var: Path):
    """A function running ``councilguard ARGS`` against ``var``; it asserts success unless
    ``ok=False``, and carries ``var`` and ``env`` for tests that look at what it wrote."""
    env = {
        **os.environ,
        "COUNCILGUARD_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'cli.sqlite3'}",
    }

    def run(*args: str, ok: bool = True, timeout: int = 120) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "-m", "councilguard.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=timeout,
        )
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    run.var = var
    run.env = env
    return run
