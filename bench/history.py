#!/usr/bin/env python3
"""Benchmark of a daily run's cost against the history kept (issue 18). Not a test: it prints
figures for docs/benchmarks.md.

    .venv/bin/python bench/history.py --generator PATH/gen_squid_log.py \
        --lists PATH/categories-other/sinfonietta/social-hosts --lines-per-day 200000 --runs 3

The shared generator writes one working week (Monday to Friday). Shifted back by whole weeks it
gives the earlier weeks of a history; each day is its own file, as a nightly upload would be.
Two event stores are prepared: "this week only" (Monday to Thursday of the newest week) and
"with history" (the eleven weeks before it as well). On a fresh copy of each, the runs time
what a night costs: `councilguard ingest` of Friday's file and then `councilguard analyse`
(incremental, the default), as whole processes, the two stores taking turns so that the
machine's load falls on both alike. The issue's aim: with history, no more than 1.5 times the
cost of this week only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from timing import cpu_seconds, run
from web_ingest import BIN, prepare

DAY = 86_400
WEEK = 7 * DAY


def split_days(log: Path, out: Path, weeks: int) -> dict[tuple[int, int], Path]:
    """The generated week cut into one file per day, copied ``weeks`` times with the times
    moved back a week each copy; keys are (weeks back, day of the week)."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        (back, day): out / f"w{back:02d}-d{day}.log" for back in range(weeks) for day in range(5)
    }
    if all(f.exists() for f in files.values()):
        return files
    handles = {key: path.open("w") for key, path in files.items()}
    with log.open() as lines:
        first = None
        for line in lines:
            stamp, rest = line.split(".", 1)
            seconds = int(stamp)
            if first is None:
                first = seconds - seconds % DAY
            day = min((seconds - first) // DAY, 4)
            for back in range(weeks):
                handles[(back, day)].write(f"{seconds - back * WEEK}.{rest}")
    for handle in handles.values():
        handle.close()
    return files


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generator", type=Path, required=True)
    parser.add_argument("--lists", type=Path, nargs="+", required=True)
    parser.add_argument("--lines-per-day", type=int, default=200_000)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cg-bench-history"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    log = args.work / f"squid-week-{args.lines_per_day}.log"
    if not log.exists():
        lines = str(5 * args.lines_per_day)
        subprocess.run([sys.executable, str(args.generator), str(log), lines, "1"], check=True)
    days = split_days(log, args.work / f"days-{args.lines_per_day}", args.weeks)
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("COUNCILGUARD_")}
    prepare(args.work, log, args.lists, base_env)
    cg = str(BIN / "councilguard")

    def env_for(var: Path) -> dict:
        return {
            **base_env,
            "COUNCILGUARD_VAR_DIR": str(var),
            "COUNCILGUARD_DATA_DIR": str(var / "data"),
        }

    def ingest(env: dict, path: Path) -> None:
        run([cg, "ingest", "--council", "bench", "--source", "squid", str(path)], env)

    stores = {
        "this week only": [(0, d) for d in range(4)],
        "with history": [(b, d) for b in range(args.weeks - 1, 0, -1) for d in range(5)]
        + [(0, d) for d in range(4)],
    }
    for name, keys in stores.items():
        store = args.work / name.replace(" ", "-")
        if (store / "ready").exists():
            continue
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(args.work / "prepared", store)
        env = env_for(store)
        for key in keys:
            ingest(env, days[key])
        run([cg, "analyse", "--council", "bench", "--all"], env)
        (store / "ready").touch()
        print(f"{name}: {len(keys)} days stored")

    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in stores}
    for _ in range(args.runs):
        for name in stores:
            var = args.work / "run"
            shutil.rmtree(var, ignore_errors=True)
            shutil.copytree(args.work / name.replace(" ", "-"), var)
            env = env_for(var)
            wall_in, _, _ = run(
                [cg, "ingest", "--council", "bench", "--source", "squid", str(days[(0, 4)])],
                env,
                say=True,
            )
            cpu_in = cpu_seconds(env)
            wall_an, _, _ = run([cg, "analyse", "--council", "bench"], env, say=True)
            figures[name].append((wall_in + wall_an, cpu_in + cpu_seconds(env)))
    for name, runs in figures.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(
            f"{name}: wall median {statistics.median(walls):.2f} s {[round(w, 2) for w in walls]}, "
            f"CPU median {statistics.median(cpus):.2f} s {[round(c, 2) for c in cpus]}"
        )
    small, big = (figures[n] for n in stores)
    for i, label in ((0, "wall"), (1, "CPU")):
        ratio = statistics.median(r[i] for r in big) / statistics.median(r[i] for r in small)
        print(f"ratio with history / this week only ({label}): {ratio:.2f}")
    shutil.rmtree(args.work / "run", ignore_errors=True)


if __name__ == "__main__":
    main()
