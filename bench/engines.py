#!/usr/bin/env python3
"""Benchmark of the analysis engines and of incremental runs (issue 18). Not a test: it prints
figures for docs/benchmarks.md. Kept short on purpose (the machine is shared):

    .venv/bin/python bench/engines.py --generator PATH/gen_squid_log.py \
        --lists PATH/categories-other/sinfonietta/social-hosts --lines 250000 --runs 3

It generates one working week with the shared generator, prepares a council as
bench/web_ingest.py does, ingests the week, then times whole processes: `analyse --all` on
DuckDB, `analyse --all --engine spark` (local mode, two cores) over the same event store, and
`analyse` with nothing new (the incremental run reads no files). Spark's runs come after
DuckDB's, so their "unchanged" count shows the two engines made identical findings.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from timing import run
from web_ingest import BIN, prepare


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generator", type=Path, required=True)
    parser.add_argument("--lists", type=Path, nargs="+", required=True)
    parser.add_argument("--lines", type=int, default=250_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cg-bench-engines"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    log = args.work / f"squid-{args.lines}.log"
    if not log.exists():
        subprocess.run(
            [sys.executable, str(args.generator), str(log), str(args.lines), "1"], check=True
        )
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNCILGUARD_")}
    prepare(args.work, log, args.lists, env)
    var = args.work / "run"
    shutil.rmtree(var, ignore_errors=True)
    shutil.copytree(args.work / "prepared", var)
    env = {**env, "COUNCILGUARD_VAR_DIR": str(var), "COUNCILGUARD_DATA_DIR": str(var / "data")}
    cg = str(BIN / "councilguard")
    run([cg, "ingest", "--council", "bench", "--source", "squid", str(log)], env, say=True)
    cases = {
        "analyse --all (DuckDB)": ["--all"],
        "analyse --all --engine spark": ["--all", "--engine", "spark"],
        "analyse, nothing new": [],
    }
    for name, extra in cases.items():
        times = []
        for _ in range(args.runs):
            seconds, rss, out = run(
                [cg, "analyse", "--council", "bench", "--json", *extra], env, say=True
            )
            times.append(seconds)
        print(f"{name}: median {statistics.median(times):.2f} s {times}; last {json.loads(out)}")
    shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
