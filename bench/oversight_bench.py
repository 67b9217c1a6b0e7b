#!/usr/bin/env python3
"""Benchmark of the oversight pages (issue 14): a council with 200 people and two years of
findings (20,000), timed as whole requests through Django's test client (middleware, session,
templates), median of --runs; and the committee pack's printing. Not a test: it prints figures
for docs/benchmarks.md.

    .venv/bin/python bench/oversight_bench.py --work /tmp/cg-oversight-bench --runs 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python \
        bench/oversight_bench.py --work /tmp/cg-oversight-bench-pg

The council is built once per database (people, accounts of each role, findings spread over 24
months in every state and source, losses, approvals, incidents); findings are inserted in bulk
as the analysis writes them, without an audit entry each, since only reading is timed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PEOPLE = 200
FINDINGS = 20_000
SLUG = "bench"
REPORT = "reports/monitoring/"
FINDINGS_PAGE = "monitoring/findings/"


def setup_django(work: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("COUNCILGUARD_VAR_DIR", str(work))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilguard.settings")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build() -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db import transaction
    from django.utils import timezone

    from councilguard.accounts.services import grant_role
    from councilguard.audit.actors import Actor
    from councilguard.core.models import Council
    from councilguard.core.roles import PRIVILEGED_ROLES, Role
    from councilguard.core.services import create_council
    from councilguard.monitoring.models import Finding
    from councilguard.people.models import Person
    from councilguard.people.services import PersonData, create_person

    if Council.objects.filter(slug=SLUG).exists():
        return
    actor = Actor.system("bench")
    rng = random.Random(14)  # noqa: S311 (a repeatable spread of states, not a secret)
    started = time.perf_counter()
    with transaction.atomic():
        council = create_council("Benchmark Town Council", slug=SLUG, actor=actor)
        managers = []
        for i in range(PEOPLE):
            role = [Role.CLERK, Role.DP_LEAD, Role.COMMITTEE][i] if i < 3 else None
            manager = managers[i % len(managers)] if managers and i >= 10 else None
            person = create_person(
                council,
                PersonData(
                    full_name=f"Person {i:03d}",
                    kind="councillor" if i % 10 == 9 else "staff",
                    emails=[f"p{i}@bench.example"],
                    line_manager=manager,
                    working_pattern="Mon-Fri 09:00-17:00",
                ),
                actor=actor,
            )
            if 3 <= i < 10:
                managers.append(person)
                role = Role.MANAGER if i == 3 else None
            if i == 10:
                role = Role.STAFF
            if role is not None:
                membership = grant_role(
                    council, email=f"p{i}@bench.example", role=role, actor=actor
                )
                if role in PRIVILEGED_ROLES:  # signed in with a second factor set up
                    TOTP.activate(membership.user, generate_totp_secret())
        people = list(Person.objects.filter(council=council).values_list("pk", flat=True))
        now = timezone.now()
        kinds = [
            ("proxy", "web.prohibited"),
            ("proxy", "web.social_working_hours"),
            ("dns", "dns.prohibited"),
            ("phone", "phone_premium_rate"),
        ]
        states = ["open"] * 2 + ["noted"] * 4 + ["dismissed"] * 3 + ["escalated"]
        rows = []
        # Each person one finding a week for 100 weeks (two years), ending this week.
        first_monday = now.date() - timedelta(days=now.weekday() + 7 * (FINDINGS // PEOPLE))
        for n in range(FINDINGS):
            week = n // PEOPLE
            source, rule = kinds[week % len(kinds)]
            start = first_monday + timedelta(days=7 * week)
            found = datetime.combine(start + timedelta(days=7), datetime.min.time(), now.tzinfo)
            found += timedelta(hours=rng.randrange(24))
            status = rng.choice(states)
            rows.append(
                Finding(
                    council=council,
                    person_id=people[n % len(people)],
                    source_kind=source,
                    rule_kind=rule,
                    clause_reference="B 9.1.1",
                    period_start=start,
                    period_end=start + timedelta(days=6),
                    severity="high" if n % 5 == 0 else "medium",
                    summary=f"Person visited 3 sites in the category 'adult' ({n} requests).",
                    evidence={"requests": n % 97},
                    status=status,
                    reviewed_at=None if status == "open" else found + timedelta(hours=30),
                    reviewed_by_label="" if status == "open" else "p0@bench.example",
                    review_note="" if status in ("open", "noted") else "Reason given.",
                    found_at=found,
                    updated_at=found,
                )
            )
        Finding.objects.bulk_create(rows, batch_size=2000)
    print(
        f"built {PEOPLE} people and {FINDINGS:,} findings in {time.perf_counter() - started:.1f} s"
    )


def timed(label: str, call, runs: int) -> tuple[str, float, list[float]]:
    call()  # warm: templates compiled, connections open
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return label, statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True, help="a folder for the database")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django(args.work)
    build()

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from councilguard.accounts.models import User
    from councilguard.audit.actors import Actor
    from councilguard.core.models import Council
    from councilguard.reports.services import make_committee_pack

    settings.ALLOWED_HOSTS = ["*"]
    council = Council.objects.get(slug=SLUG)
    month = f"{timezone.localdate():%Y-%m}"
    clients = {}
    for email in ("p0", "p1", "p2", "p3", "p10"):
        client = Client()
        client.force_login(User.objects.get(email=f"{email}@bench.example"))
        clients[email] = client

    def get(who: str, path: str, **params):
        def call():
            response = clients[who].get(f"/c/{SLUG}/{path}", params)
            assert response.status_code == 200, (path, response.status_code)
            return response

        return call

    results = [
        timed("dashboard, clerk", get("p0", ""), args.runs),
        timed("dashboard, manager", get("p3", ""), args.runs),
        timed("dashboard, staff", get("p10", ""), args.runs),
        timed(
            "monthly monitoring report, clerk",
            get("p0", "reports/monitoring/", month=month),
            args.runs,
        ),
        timed(
            "monthly monitoring report, committee",
            get("p2", "reports/monitoring/", month=month),
            args.runs,
        ),
        timed("findings list, clerk", get("p0", "monitoring/findings/"), args.runs),
        timed(
            "findings list, open only", get("p0", "monitoring/findings/", status="open"), args.runs
        ),
        timed("people list, clerk", get("p0", "people/"), args.runs),
        timed("audit trail, clerk", get("p0", "audit/"), args.runs),
        timed(
            "committee pack (PDF)",
            lambda: make_committee_pack(
                council, timezone.localdate().replace(day=1), actor=Actor.system("bench")
            ),
            max(1, args.runs // 2),
        ),
    ]
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"\n{engine}, {PEOPLE} people, {FINDINGS:,} findings, median of {args.runs}\n")
    print("| page | median | runs |\n| --- | --- | --- |")
    for label, median, times in results:
        runs = ", ".join(f"{t * 1000:.0f}" for t in times)
        print(f"| {label} | **{median * 1000:.0f} ms** | {runs} |")


if __name__ == "__main__":
    main()
