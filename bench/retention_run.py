#!/usr/bin/env python3
"""Benchmark of a retention run over every kind (issue 15 item 6, C19). Not a test: it prints
figures for docs/benchmarks.md.

    .venv/bin/python bench/retention_run.py --runs 3 --work /tmp/cg-retention-bench

It prepares once (in --work): a council of twenty people, one of them under legal hold, a proxy
source keeping 90 days, DAYS daily Parquet files of PER_DAY events in the event store's own
layout (eventstore.SCHEMA, WRITE_OPTIONS), a finding per person per week over those days and a
month of phone use per person per month. Each run copies it and times one whole process,
`councilguard retention run --council bench --json`: every kind counted, the held person's
events rewritten into their files, the rest deleted, one receipt.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path

from rights_bundle import env_for, shell
from timing import run

DAYS = 365
PER_DAY = 10_000
PEOPLE = 20

PREPARE = r"""
import uuid
from datetime import UTC, date, datetime, timedelta
import numpy as np, pyarrow as pa, pyarrow.parquet as pq
from councilguard.audit.actors import Actor
from councilguard.core.services import create_council
from councilguard.accounts.services import grant_role
from councilguard.core.roles import Role
from councilguard.monitoring import eventstore
from councilguard.monitoring.models import BatchStatus, Finding, IngestBatch, MonitoringSource
from councilguard.monitoring.services import place_hold
from councilguard.people.services import PersonData, create_person
from councilguard.phones.models import UsageMonth

actor = Actor.system("bench")
council = create_council("Bench Town Council", slug="bench", actor=actor)
clerk = grant_role(council, email="clerk@bench.example", role=Role.CLERK, actor=actor).user
people = [create_person(council, PersonData(full_name=f"Person Number{i}", kind="staff",
          emails=[f"p{i}@bench.example"]), actor=actor) for i in range(PEOPLE)]
place_hold(people[0], reason="Case C-2026-001: bench", actor=actor)
source = MonitoringSource.objects.create(council=council, kind="proxy", purpose="Safety",
    lawful_basis="Legitimate interests", dpia_reference="D", dpia_date=date(2025, 1, 1),
    clause_reference="9.1", retention_days=90, owner=clerk)
batch = IngestBatch.objects.create(council=council, source=source, format="bench",
    file_name="bench", sha256=uuid.uuid4().hex * 2, status=BatchStatus.COMMITTED,
    created_by_label="bench")
rng = np.random.default_rng(15)
first = date.today() - timedelta(days=DAYS)
text = lambda values: pa.array(values).dictionary_encode()
for d in range(DAYS):
    day = first + timedelta(days=d)
    start = int(datetime(day.year, day.month, day.day, 8, tzinfo=UTC).timestamp() * 1000)
    at = np.sort(rng.integers(start, start + 9 * 3600 * 1000, PER_DAY))
    who = rng.integers(0, PEOPLE, PER_DAY)
    table = pa.table({
        "at": pa.array(at, pa.timestamp("ms", tz="UTC")),
        "line": pa.array(np.arange(PER_DAY), pa.int64()),
        "person_id": pa.array(np.array([people[w].pk for w in who], np.int32)),
        "client": text([f"10.1.0.{w + 10}" for w in who]),
        "user": text([f"user{w}" for w in who]),
        "host": text([f"site{n}.example" for n in rng.integers(0, 5000, PER_DAY)]),
        "category": text(["news"] * PER_DAY),
        "alt_category": text([""] * PER_DAY),
        "action": text(["TCP_MISS"] * PER_DAY),
        "method": text(["GET"] * PER_DAY),
        "status": pa.array(np.full(PER_DAY, 200), pa.int32()),
        "size": pa.array(rng.integers(200, 90000, PER_DAY), pa.int64()),
        "blocked": pa.array(np.zeros(PER_DAY, bool)),
        "local_date": pa.array([day] * PER_DAY, pa.date32()),
        "local_minute": pa.array(((at - start) // 60000 + 480).astype(np.int16)),
        "weekday": pa.array(np.full(PER_DAY, day.weekday(), np.int8)),
    }).cast(eventstore.SCHEMA)
    folder = eventstore.council_dir(council, "proxy") / f"day={day:%Y-%m-%d}"
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, folder / f"{batch.public_id}.parquet", **eventstore.WRITE_OPTIONS)
now = datetime.now(UTC)
findings, months = [], []
for p in people:
    for w in range(0, DAYS - 7, 7):
        s = first + timedelta(days=w)
        findings.append(Finding(council=council, person=p, source_kind="proxy",
            rule_kind="personal_in_hours", clause_reference="B 5.1.7", period_start=s,
            period_end=s + timedelta(days=6), severity="low", summary="bench", evidence={},
            found_at=now, updated_at=now))
    for m in range(DAYS // 30):
        month = (first + timedelta(days=31 * m)).replace(day=1)
        months.append(UsageMonth(council=council, person=p, month=month, calls=1, minutes=1,
            texts=1, data_bytes=1, cost_pence=1, personal_cost_pence=0, calls_out_of_hours=0))
Finding.objects.bulk_create(findings, ignore_conflicts=True)
UsageMonth.objects.bulk_create(months, ignore_conflicts=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, required=True, help="a scratch folder")
    args = parser.parse_args()
    prepared = args.work / "prepared"
    env = env_for(prepared)
    if not (prepared / "ready").exists():
        shutil.rmtree(prepared, ignore_errors=True)
        prepared.mkdir(parents=True)
        run([sys.executable, "-m", "councilguard.cli", "migrate", "-v", "0"], env)
        code = PREPARE.replace("PER_DAY", str(PER_DAY)).replace("PEOPLE", str(PEOPLE))
        seconds, _, _ = run(shell(code.replace("DAYS", str(DAYS))), env)
        print(f"prepared in {seconds:.0f} s")
        (prepared / "ready").touch()
    results = []
    command = [sys.executable, "-m", "councilguard.cli", "retention", "run", "--council", "bench"]
    for n in range(args.runs):
        var = args.work / f"run{n}"
        shutil.rmtree(var, ignore_errors=True)
        shutil.copytree(prepared, var)
        wall, rss, out = run([*command, "--json"], env_for(var), say=True)
        done = json.loads(out)
        results.append((wall, rss))
        print(
            f"run {n + 1}: {wall:.2f} s, peak {rss / 1024:.0f} MB, deleted {done['deleted']}, "
            f"kept {done['kept']}"
        )
        shutil.rmtree(var, ignore_errors=True)
    print(
        f"median {statistics.median(r[0] for r in results):.2f} s, peak "
        f"{max(r[1] for r in results) / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
