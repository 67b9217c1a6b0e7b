#!/usr/bin/env python3
"""Benchmark of the subject access bundle (issue 16: a person with a year of web and DNS events,
about two million of theirs among other people's in 250 daily files; the bundle builds in under
30 s and under 512 MB). Not a test: it prints figures for docs/benchmarks.md.

    .venv/bin/python bench/rights_bundle.py --runs 3 --work /tmp/cg-rights-bench

It prepares once (in --work): a council of ten people with identities, governed proxy and DNS
sources, and 250 daily Parquet files of each kind written in the event store's own layout and
options (eventstore.SCHEMA, WRITE_OPTIONS), each day 4,000 web and 4,000 DNS events of the
subject and as many of the nine others. Each run is one whole process (timed by GNU time, peak
resident memory included) that builds the bundle through the disclosure engine exactly as the
release does: every app's provider, redaction, one CSV per source, the covering letter PDF, the
manifest, the ZIP and the Disclosure record.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

from timing import run

ROOT = Path(__file__).resolve().parent.parent
DAYS = 250
PER_DAY = 4_000  # the subject's events per day and kind: 250 x 4,000 x 2 = 2,000,000
OTHERS = 9

PREPARE = r"""
import random, uuid
from datetime import UTC, date, datetime, timedelta
import numpy as np, pyarrow as pa, pyarrow.parquet as pq
from django.db import transaction
from councilguard.audit.actors import Actor
from councilguard.core.services import create_council
from councilguard.accounts.services import grant_role
from councilguard.core.roles import Role
from councilguard.monitoring import eventstore
from councilguard.monitoring.models import BatchStatus, IngestBatch, MonitoringSource
from councilguard.monitoring.services import add_identity
from councilguard.people.services import PersonData, create_person
from councilguard.rights.services import NewRequest, check_identity, record_request

actor = Actor.system("bench")
council = create_council("Bench Town Council", slug="bench", actor=actor)
clerk = grant_role(council, email="clerk@bench.example", role=Role.CLERK, actor=actor).user
people = []
for i in range(1 + OTHERS):
    p = create_person(council, PersonData(full_name=f"Person Number{i}", kind="staff",
                      emails=[f"p{i}@bench.example"]), actor=actor)
    add_identity(council, "ip", f"10.1.0.{i + 10}", p,
                 valid_from=datetime(2025, 1, 1, tzinfo=UTC), actor=actor)
    add_identity(council, "proxy_user", f"user{i}", p,
                 valid_from=datetime(2025, 1, 1, tzinfo=UTC), actor=actor)
    people.append(p)
request = record_request(council, NewRequest("access", "email", date.today(), person=people[0]),
                         actor=actor)
check_identity(request, checked_on=date.today(), method="Known", actor=actor)
rng = np.random.default_rng(16)
hosts = np.array([f"site{n}.example" for n in range(5000)])
cats = np.array(["news", "shopping", "social", "business", "gambling"])
for kind in ("proxy", "dns"):
    source = MonitoringSource.objects.create(council=council, kind=kind, purpose="Safety",
        lawful_basis="Legitimate interests", dpia_reference="D", dpia_date=date(2025, 1, 1),
        clause_reference="9.1", retention_days=400, owner=clerk)
    batch = IngestBatch.objects.create(council=council, source=source, format="bench",
        file_name="bench", sha256=uuid.uuid4().hex * 2, status=BatchStatus.COMMITTED,
        created_by_label="bench")
    n = PER_DAY * (1 + OTHERS)
    for d in range(DAYS):
        day = date(2025, 1, 6) + timedelta(days=d + d // 5 * 2)  # working days
        start = int(datetime(day.year, day.month, day.day, 8, tzinfo=UTC).timestamp() * 1000)
        at = np.sort(rng.integers(start, start + 9 * 3600 * 1000, n))
        who = rng.integers(1, 1 + OTHERS, n)  # the nine others, and the subject's share:
        who[:PER_DAY] = 0
        rng.shuffle(who)
        pid = np.array([people[w].pk for w in who], dtype=np.int32)
        text = lambda values: pa.array(values).dictionary_encode()
        table = pa.table({
            "at": pa.array(at, pa.timestamp("ms", tz="UTC")),
            "line": pa.array(np.arange(n), pa.int64()),
            "person_id": pa.array(pid, pa.int32()),
            "client": text([f"10.1.0.{w + 10}" for w in who]),
            "user": text([f"user{w}" if kind == "proxy" else "" for w in who]),
            "host": text(hosts[rng.integers(0, len(hosts), n)]),
            "category": text(cats[rng.integers(0, len(cats), n)]),
            "alt_category": text([""] * n),
            "action": text(["TCP_MISS"] * n),
            "method": text(["GET" if kind == "proxy" else "A"] * n),
            "status": pa.array(np.full(n, 200), pa.int32()),
            "size": pa.array(rng.integers(200, 90000, n), pa.int64()),
            "blocked": pa.array(np.zeros(n, bool)),
            "local_date": pa.array([day] * n, pa.date32()),
            "local_minute": pa.array(((at - start) // 60000 + 480).astype(np.int16)),
            "weekday": pa.array(np.full(n, day.weekday(), np.int8)),
        }).cast(eventstore.SCHEMA)
        folder = eventstore.council_dir(council, kind) / f"day={day:%Y-%m-%d}"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, folder / f"{batch.public_id}.parquet", **eventstore.WRITE_OPTIONS)
print(request.pk)
"""

BUILD = r"""
import time
from councilguard.audit.actors import Actor
from councilguard.rights.access import prepare_bundle
from councilguard.rights.models import RightsRequest
request = RightsRequest.objects.get()
started = time.perf_counter()
built = prepare_bundle(request, actor=Actor.system("bench"))
seconds = time.perf_counter() - started
rows = {i.key: i.rows for i in built.items if i.key.startswith("events-")}
print(f"{seconds:.2f} {built.disclosure.size_bytes} {rows['events-proxy']} {rows['events-dns']}")
"""


def env_for(var: Path) -> dict:
    return {
        **os.environ,
        "COUNCILGUARD_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'bench.sqlite3'}",
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "councilguard.settings",
    }


def shell(code: str) -> list[str]:
    return [sys.executable, "-m", "councilguard.cli", "shell", "-c", code]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cg-rights-bench"))
    args = parser.parse_args()
    prepared = args.work / "prepared"
    env = env_for(prepared)
    if not (prepared / "ready").exists():
        shutil.rmtree(prepared, ignore_errors=True)
        prepared.mkdir(parents=True)
        run([sys.executable, "-m", "councilguard.cli", "migrate", "-v", "0"], env)
        code = PREPARE.replace("OTHERS", str(OTHERS)).replace("PER_DAY", str(PER_DAY))
        code = code.replace("DAYS", str(DAYS))
        seconds, _, _ = run(shell(code), env)
        print(f"prepared in {seconds:.0f} s")
        (prepared / "ready").touch()
    results = []
    for n in range(args.runs):
        var = args.work / f"run{n}"
        shutil.rmtree(var, ignore_errors=True)
        shutil.copytree(prepared, var)
        wall, rss, out = run(shell(BUILD), env_for(var), say=True)
        build, size, proxy, dns = out.split()[-4:]
        results.append((float(build), wall, rss))
        print(
            f"run {n + 1}: bundle {float(build):.2f} s (process {wall:.2f} s), peak "
            f"{rss / 1024:.0f} MB, zip {int(size) / 1e6:.0f} MB, events {proxy} web {dns} DNS"
        )
        shutil.rmtree(var, ignore_errors=True)
    print(
        f"median bundle {statistics.median(r[0] for r in results):.2f} s, process "
        f"{statistics.median(r[1] for r in results):.2f} s, peak "
        f"{max(r[2] for r in results) / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
