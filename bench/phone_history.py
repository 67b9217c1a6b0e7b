#!/usr/bin/env python3
"""Cost of a new month's phone bill against the history kept (issue 18): "a new month's bill
for 200 lines with 24 months stored is analysed in under 2 s". Not a test: it prints figures
for docs/benchmarks.md.

    .venv/bin/python bench/phone_history.py --runs 3 --work /tmp/cg-phone-history

It generates 25 months of bills for 200 lines of service (src/councilguard/phones/generator.py,
seed 6), splits them by month, prepares a council as bench/phones_bench.py does (people, their
numbers as ``phone`` identities, the business directory, a governed phone-bill source), then
makes two stores: months 1 to 24 imported (one bill), and month 24 alone. For each store and
run it copies the store and times the whole process ``councilguard phones import`` of month
25 (read and check, attribute, write the event store, analyse the months it touched with their
baselines, record findings): wall seconds and CPU seconds (user + system, GNU time), medians.
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

from phones_bench import BIN, ROOT, prepare
from timing import cpu_seconds, run


def timed(cmd: list[str], env: dict) -> tuple[float, float, str]:
    """Wall and CPU seconds and output of a whole process (timing.run, GNU time)."""
    wall, _, out = run(cmd, env)
    return wall, cpu_seconds(env), out


def split(work: Path, months: int) -> None:
    """bills.csv into history-24.csv (months 1 to 24), month-24.csv and month-25.csv."""
    if (work / "month-25.csv").exists():
        return
    import polars as pl

    bills = pl.read_csv(work / "bills.csv", infer_schema=False)
    order = sorted(bills["start_local"].str.slice(0, 7).unique())
    assert len(order) == months, order
    month = pl.col("start_local").str.slice(0, 7)
    bills.filter(month.is_in(order[:-1])).write_csv(work / "history-24.csv")
    bills.filter(month == order[-2]).write_csv(work / "month-24.csv")
    bills.filter(month == order[-1]).write_csv(work / "month-25.csv")


def store(work: Path, name: str, bill: Path, env: dict) -> Path:
    base = work / name
    if (base / "ready").exists():
        return base
    shutil.rmtree(base, ignore_errors=True)
    shutil.copytree(work / "prepared", base)
    senv = {**env, "COUNCILGUARD_VAR_DIR": str(base), "COUNCILGUARD_DATA_DIR": str(base / "data")}
    wall, cpu, _ = timed(
        [str(BIN / "councilguard"), "phones", "import", "--council", "bench", str(bill)], senv
    )
    print(f"  stored {bill.name}: {wall:.1f} s, CPU {cpu:.1f} s")
    (base / "ready").touch()
    return base


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lines", type=int, default=200, help="lines of service")
    parser.add_argument("--per-line-month", type=int, default=208)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cg-phone-history"))
    args = parser.parse_args()
    months = 25
    args.work.mkdir(parents=True, exist_ok=True)
    if not (args.work / "truth.json").exists():
        subprocess.run(
            [sys.executable, "-m", "councilguard.phones.generator", str(args.work),
             "--lines", str(args.lines), "--months", str(months),
             "--per-line-month", str(args.per_line_month), "--seed", str(args.seed)],
            check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )  # fmt: skip
    split(args.work, months)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNCILGUARD_")}
    prepare(args.work, env)
    stores = {
        "24 months stored": store(args.work, "stored-24", args.work / "history-24.csv", env),
        "1 month stored": store(args.work, "stored-1", args.work / "month-24.csv", env),
    }
    new = args.work / "month-25.csv"
    results = {}
    for label, base in stores.items():
        runs = []
        for n in range(args.runs):
            var = args.work / f"run-{base.name}-{n}"
            shutil.rmtree(var, ignore_errors=True)
            shutil.copytree(base, var)
            renv = {
                **env,
                "COUNCILGUARD_VAR_DIR": str(var),
                "COUNCILGUARD_DATA_DIR": str(var / "data"),
            }
            wall, cpu, out = timed(
                [str(BIN / "councilguard"), "phones", "import", "--council", "bench", "--json",
                 str(new)],
                renv,
            )  # fmt: skip
            receipt = json.loads(out)
            steps = receipt["timings"]
            runs.append((wall, cpu, steps["analyse"], steps["analyse_cpu"]))
            print(f"  {label}, run {n + 1}: {wall:.2f} s, CPU {cpu:.2f} s; analysis step "
                  f"{steps['analyse']:.2f} s, CPU {steps['analyse_cpu']:.2f} s; load "
                  f"{os.getloadavg()[0]:.1f}")  # fmt: skip
            shutil.rmtree(var, ignore_errors=True)
        results[label] = tuple(statistics.median(r[i] for r in runs) for i in range(4))
    print(f"month 25: {receipt['lines']:,} bill lines, "
          f"{receipt['findings_raised']} findings raised")  # fmt: skip
    for label, (wall, cpu, step, step_cpu) in results.items():
        print(f"{label}: median whole process {wall:.2f} s, CPU {cpu:.2f} s; analysis step "
              f"{step:.2f} s, CPU {step_cpu:.2f} s")  # fmt: skip
    (w24, c24, s24, p24), (w1, c1, s1, p1) = (
        results["24 months stored"],
        results["1 month stored"],
    )
    print(f"ratio 24 months / 1 month: wall {w24 / w1:.2f}, CPU {c24 / c1:.2f}, "
          f"analysis step {s24 / s1:.2f}, its CPU {p24 / p1:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
