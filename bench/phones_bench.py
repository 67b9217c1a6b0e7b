#!/usr/bin/env python3
"""Benchmark of phone-bill import and analysis (issue 6: one million bill lines, 200 lines of
service over 24 months, whole process under 10 s), and the analysis's precision and recall per
anomaly kind against the generator's truth. Not a test: it prints figures for
docs/benchmarks.md.

    .venv/bin/python bench/phones_bench.py --runs 3 --work /tmp/cg-phones-bench

It generates the bills once (src/councilguard/phones/generator.py, seed 6: bills.csv in the
built-in ``canonical`` layout, holders.csv, directory.csv, truth.json in --work), prepares a
council (people with peer groups and working patterns, their numbers as ``phone`` identities,
the business directory, a governed phone-bill source), then for each run copies the prepared
database and times the whole process ``councilguard ingest --source phone-bill`` (read and
check every line, attribute, write the event store, analyse, record findings). Peak memory is
the maximum resident set size (GNU time). Quality is scored on the findings the same analysis
gives in process (quality.score), and checked against the count the command recorded.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from timing import run

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


SOURCE_SNIPPET = """
from datetime import date
from councilguard.accounts.models import User
from councilguard.core.models import Council
from councilguard.monitoring.models import MonitoringSource
council = Council.objects.get(slug="bench")
MonitoringSource.objects.create(
    council=council, kind="phone", purpose="Check council mobile use and costs monthly",
    lawful_basis="Legitimate interests", dpia_reference="DPIA-6", dpia_date=date(2026, 1, 1),
    clause_reference="A Monitoring of Mobile Phone Usage", retention_days=800,
    owner=User.objects.get(email="clerk@bench.example"))
from councilguard.audit.actors import Actor
from councilguard.phones.services import add_business_number
import csv
for row in csv.DictReader(open({directory!r})):
    add_business_number(council, row["number"], row["label"], actor=Actor.system("bench"))
"""


def prepare(work: Path, env: dict) -> None:
    base = work / "prepared"
    if (base / "ready").exists():
        return
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    env = {**env, "COUNCILGUARD_VAR_DIR": str(base), "COUNCILGUARD_DATA_DIR": str(base / "data")}
    cg = str(BIN / "councilguard")
    subprocess.run([cg, "migrate", "-v", "0"], env=env, check=True)
    subprocess.run([cg, "createcachetable"], env=env, check=True)
    subprocess.run(
        [cg, "council", "create", "Bench Town Council", "--slug", "bench", "--clerk",
         "clerk@bench.example"],
        env=env, check=True,
    )  # fmt: skip
    holders = list(csv.DictReader((work / "holders.csv").read_text().splitlines()))
    people, ids = base / "people.csv", base / "identities.csv"
    with people.open("w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["full_name", "role", "email", "working_pattern", "peer_group"])
        for h in holders:
            email = f"{h['key'].lower()}@bench.example"
            w.writerow([h["name"], "staff", email, h["working_pattern"], h["peer_group"]])
    with ids.open("w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["kind", "value", "person_email", "valid_from", "valid_to"])
        for h in holders:
            w.writerow(["phone", h["number"], f"{h['key'].lower()}@bench.example",
                        h["holds_from"], h["holds_to"]])  # fmt: skip
    subprocess.run([cg, "people", "import", "--council", "bench", str(people)], env=env, check=True)
    subprocess.run(
        [cg, "identities", "import", "--council", "bench", str(ids)], env=env, check=True
    )
    snippet = SOURCE_SNIPPET.format(directory=str(work / "directory.csv"))
    subprocess.run([cg, "shell", "-c", snippet], env=env, check=True)
    (base / "ready").touch()


def quality(work: Path) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilguard.settings")
    from councilguard.phones.analysis import analyse
    from councilguard.phones.canonical import read_bill
    from councilguard.phones.generator import GeneratedBills, Holder
    from councilguard.phones.profiles import CANONICAL
    from councilguard.phones.quality import context_for, score

    holders = [
        Holder(**{**h, "holds_from": _date(h["holds_from"]), "holds_to": _date(h["holds_to"])})
        for h in csv.DictReader((work / "holders.csv").read_text().splitlines())
    ]
    truth = json.loads((work / "truth.json").read_text())
    rows = csv.DictReader((work / "directory.csv").read_text().splitlines())
    directory = [(r["number"], r["label"]) for r in rows]
    records = read_bill(work / "bills.csv", CANONICAL).records
    bills = GeneratedBills(records, holders, directory, truth["anomalies"], [],
                           truth["normal_people"])  # fmt: skip
    result = analyse(records, context_for(bills))
    return {"findings": len(result.findings), **score(result.findings, bills.truth,
                                                      bills.normal_people)}  # fmt: skip


def _date(text: str):
    from datetime import date

    return date.fromisoformat(text) if text else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lines", type=int, default=200, help="lines of service")
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--per-line-month", type=int, default=208)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cg-phones-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if not (args.work / "truth.json").exists():
        subprocess.run(
            [sys.executable, "-m", "councilguard.phones.generator", str(args.work),
             "--lines", str(args.lines), "--months", str(args.months),
             "--per-line-month", str(args.per_line_month), "--seed", str(args.seed)],
            check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNCILGUARD_")}
    prepare(args.work, env)
    bills = args.work / "bills.csv"
    subprocess.run(["cat", str(bills)], stdout=subprocess.DEVNULL, check=True)  # page cache
    runs, receipt, steps = [], {}, []
    for n in range(args.runs):
        var = args.work / f"run{n}"
        shutil.rmtree(var, ignore_errors=True)
        shutil.copytree(args.work / "prepared", var)
        renv = {**env, "COUNCILGUARD_VAR_DIR": str(var), "COUNCILGUARD_DATA_DIR": str(var / "data")}
        seconds, rss, out = run(
            [str(BIN / "councilguard"), "ingest", "--council", "bench", "--source", "phone-bill",
             "--json", str(bills)],
            renv,
        )  # fmt: skip
        receipt = json.loads(out)
        runs.append((seconds, rss))
        steps.append(receipt["timings"])
        shutil.rmtree(var, ignore_errors=True)
    secs = statistics.median(s for s, _ in runs)
    rss = statistics.median(m for _, m in runs) / 1024
    print(f"bill lines: {receipt['lines']:,}; accepted {receipt['accepted']:,}; rejected "
          f"{receipt['rejected']:,}; held by no one {receipt['unattributed']:,}; findings "
          f"raised {receipt['findings_raised']}")  # fmt: skip
    print(f"whole process (councilguard ingest --source phone-bill): median {secs:.2f} s, "
          f"{receipt['lines'] / secs / 1e3:.0f} k lines/s, peak {rss:.0f} MB; runs: "
          f"{', '.join(f'{s:.2f}' for s, _ in runs)}")  # fmt: skip
    parts = {k: statistics.median(step[k] for step in steps) for k in steps[0]}
    rest = secs - sum(parts.values())
    print("  of which (medians): " + ", ".join(f"{k} {v:.2f} s" for k, v in parts.items())
          + f", start-up and the rest {rest:.2f} s")  # fmt: skip
    with open("/proc/loadavg") as handle:
        print(f"load average after the runs: {handle.read().split()[:3]}")
    figures = quality(args.work)
    print(f"in-process analysis: {figures.pop('findings')} findings; on normal people: "
          f"{figures.pop('on_normal_people')}")  # fmt: skip
    for kind, f in figures.items():
        print(f"  {kind:14} precision {f['precision']:.2f} ({f['right']}/{f['findings']})  "
              f"recall {f['recall']:.2f} ({f['found']}/{f['expected']})")  # fmt: skip


if __name__ == "__main__":
    main()
