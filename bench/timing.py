"""Timing a whole process for the benchmark scripts (not a test)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def run(cmd: list[str], env: dict, *, say: bool = False) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (kB) and output of a whole process, measured by GNU time. With
    ``say``, its CPU seconds and the load average are printed as they come: on a shared
    machine they show contention."""
    timing = Path(env["COUNCILGUARD_VAR_DIR"]) / "time.txt"
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-o", str(timing), "-f", "%U %S %M", *cmd],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
    user, system, rss = timing.read_text().split()[-3:]
    if say:
        cpu, load = float(user) + float(system), os.getloadavg()[0]
        print(f"  {Path(cmd[0]).name} {cmd[1]}: {seconds:.2f} s, CPU {cpu:.2f} s, load {load:.2f}")
    return seconds, int(rss), done.stdout


def cpu_seconds(env: dict) -> float:
    """User + system CPU seconds of the process ``run`` timed last with this ``env``."""
    user, system, _ = (Path(env["COUNCILGUARD_VAR_DIR"]) / "time.txt").read_text().split()[-3:]
    return float(user) + float(system)
