#!/usr/bin/env python3
"""Many councils in one deployment (issue 22): does a council's cost grow with the number of
councils? Builds one measured council, times its pages, an ingest and an analysis, then adds
councils up to --councils (default 300: a few with 200 people, most with 5 to 20, as parish
councils are, each with a month of findings, a pending approval and a committed upload) and
times the same again. Also the IT provider's page, for a provider serving the measured council
alone and one serving 40 councils. Not a test: it prints figures for docs/benchmarks.md.

    .venv/bin/python bench/many_councils.py --work /tmp/cg-many
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python \
        bench/many_councils.py --work /tmp/cg-many-pg

Each figure is the median of --runs whole requests through Django's test client (middleware,
session, templates) and the number of SQL queries of one request. The other councils' rows are
inserted in bulk (people, findings, batches) after their accounts and sources are made through
the services; only the measured council's event store is filled, since each council's events
live in their own folders (council=<id>) that no other council's ingest or analysis reads.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

MEASURED = "measured"
PROVIDER_ONE = "provider-one@fixit.example"
PROVIDER_MANY = "provider-many@fixit.example"
PROVIDER_COUNCILS = 40
LOG_LINES = 50_000


def setup_django(work: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("COUNCILGUARD_VAR_DIR", str(work))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilguard.settings")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _source_values(dp_lead_email: str) -> dict:
    return {
        "purpose": "To keep the council's network safe.",
        "lawful_basis": "Legitimate interests (UK GDPR Art 6(1)(f))",
        "dpia_reference": "DPIA-1",
        "dpia_date": date(2026, 1, 5),
        "clause_reference": "9.1.2",
        "retention_days": 90,
        "owner": dp_lead_email,
    }


def make_council(slug: str, people: int, rng: random.Random, *, month_start: date) -> None:
    """A council built through the services (council, roles, a proxy source, a route), then
    its people and a month of findings in bulk."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db import transaction

    from councilguard.accounts.services import grant_role
    from councilguard.audit.actors import Actor
    from councilguard.core.roles import Role
    from councilguard.core.services import create_council
    from councilguard.monitoring.models import Finding
    from councilguard.monitoring.services import set_source
    from councilguard.people.models import Person
    from councilguard.provider.services import add_route

    actor = Actor.system("bench")
    with transaction.atomic():
        council = create_council(f"{slug.title()} Parish Council", slug=slug, actor=actor)
        for role in (Role.CLERK, Role.DP_LEAD, Role.MANAGER):
            m = grant_role(council, email=f"{role.value}@{slug}.example", role=role, actor=actor)
            if role != Role.MANAGER:
                TOTP.activate(m.user, generate_totp_secret())
        source, _ = set_source(council, "proxy", _source_values(f"dp_lead@{slug}.example"),
                               actor=actor)  # fmt: skip
        add_route(source, "file_name", f"{slug}-*.log", actor=actor)
        Person.objects.bulk_create(
            Person(council=council, full_name=f"Person {i:03d} of {slug}", kind="staff")
            for i in range(people)
        )
        ids = list(Person.objects.filter(council=council).values_list("pk", flat=True))
        found = datetime.combine(month_start, datetime.min.time(), UTC)
        rows = []
        for week in range(4):  # a month: one finding a week for a quarter of the people
            for pk in ids[: max(1, len(ids) // 4)]:
                start = month_start + timedelta(days=7 * week)
                at = found + timedelta(days=7 * week + 7, hours=rng.randrange(24))
                status = rng.choice(["open", "noted", "dismissed"])
                rows.append(
                    Finding(
                        council=council, person_id=pk, source_kind="proxy",
                        rule_kind="web.prohibited", clause_reference="B 9.1.1",
                        period_start=start, period_end=start + timedelta(days=6),
                        severity="medium", summary="Visited 3 sites in the category 'adult'.",
                        evidence={"requests": 3}, status=status, found_at=at, updated_at=at,
                    )
                )  # fmt: skip
        Finding.objects.bulk_create(rows, batch_size=2000)


def squid_log(path: Path, lines: int, seed: int) -> None:
    """A month of a small council's proxy log (Squid native), different for each seed."""
    rng = random.Random(seed)  # noqa: S311 (repeatable test data)
    start = datetime(2026, 2, 2, 8, tzinfo=UTC).timestamp()
    hosts = ["example.org", "news.example.com", "bet.example.net", "gov.example.uk"]
    with path.open("w") as out:
        for n in range(lines):
            at = start + n * (28 * 86400 / lines)
            out.write(
                f"{at:.3f} {rng.randrange(50, 900)} 10.0.0.{rng.randrange(2, 40)} TCP_MISS/200 "
                f"{rng.randrange(300, 90000)} GET http://{rng.choice(hosts)}/{seed}/{n} - "
                "HIER_DIRECT/1.2.3.4 text/html\n"
            )


def measure(runs: int, work: Path, label: str) -> dict[str, tuple[float, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from councilguard.accounts.models import User
    from councilguard.audit.actors import Actor
    from councilguard.core.models import Council
    from councilguard.monitoring.analysis import analyse
    from councilguard.monitoring.ingest import ingest_file

    def client(email):
        c = Client()
        c.force_login(User.objects.get(email=email))
        return c

    clerk = client(f"clerk@{MEASURED}.example")
    pages = {
        "dashboard, clerk": (clerk, f"/c/{MEASURED}/"),
        "findings list, clerk": (clerk, f"/c/{MEASURED}/monitoring/findings/"),
        "provider page, 1 council": (client(PROVIDER_ONE), "/provider/"),
    }
    if User.objects.filter(email=PROVIDER_MANY).exists():
        pages[f"provider page, {PROVIDER_COUNCILS} councils"] = (
            client(PROVIDER_MANY),
            "/provider/",
        )
    figures = {}
    for name, (c, url) in pages.items():
        c.get(url)
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = c.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, (name, response.status_code)
        figures[name] = (statistics.median(times), len(queries))
    council = Council.objects.get(slug=MEASURED)
    # Warm: the first ingest and analysis of a process pay for importing Polars and DuckDB.
    warm = work / f"{MEASURED}-{label}-warm.log"
    squid_log(warm, 1_000, seed=hash(label) % 1000 + 1000)
    ingest_file(council, "proxy", "squid", warm, actor=Actor.system("bench"))
    analyse(council, date(2026, 2, 1), date(2026, 2, 8), actor=Actor.system("bench"))
    log = work / f"{MEASURED}-{label}.log"
    squid_log(log, LOG_LINES, seed=hash(label) % 1000)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        ingest_file(council, "proxy", "squid", log, actor=Actor.system("bench"))
        figures[f"ingest, {LOG_LINES:,} lines"] = (time.perf_counter() - started, len(queries))
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        analyse(council, date(2026, 2, 1), date(2026, 3, 1), actor=Actor.system("bench"))
        figures["analysis, one month"] = (time.perf_counter() - started, len(queries))
    return figures


def database_bytes() -> int:
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return Path(connection.settings_dict["NAME"]).stat().st_size
    with connection.cursor() as cursor:
        cursor.execute("select pg_database_size(current_database())")
        return cursor.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True, help="a folder for the database")
    parser.add_argument("--councils", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django(args.work)

    from django.conf import settings

    from councilguard.accounts.services import grant_role
    from councilguard.audit.actors import Actor
    from councilguard.core.models import Council
    from councilguard.core.roles import Role

    settings.ALLOWED_HOSTS = ["*"]
    if Council.objects.exists():
        sys.exit(f"{args.work} already holds councils: give an empty --work folder")
    rng = random.Random(22)  # noqa: S311
    month = date(2026, 2, 2)
    actor = Actor.system("bench")
    make_council(MEASURED, 20, rng, month_start=month)
    _provider(PROVIDER_ONE, [MEASURED], actor, grant_role, Role)
    one = measure(args.runs, args.work, "one")
    size_one = database_bytes()

    started = time.perf_counter()
    slugs = []
    for n in range(args.councils - 1):
        people = 200 if n < 3 else rng.randint(5, 20)
        slug = f"parish-{n:03d}"
        make_council(slug, people, rng, month_start=month)
        slugs.append(slug)
    built = time.perf_counter() - started
    _provider(PROVIDER_MANY, slugs[: PROVIDER_COUNCILS - 1] + [MEASURED], actor, grant_role, Role)
    many = measure(args.runs, args.work, "many")
    size_many = database_bytes()

    from django.db import connection

    print(f"engine: {connection.vendor}; built {args.councils - 1} more councils in {built:.0f} s")
    print(f"{'':38} {'1 council':>18} {f'{args.councils} councils':>18} {'ratio':>6}")
    for name in many:
        a = one.get(name)
        b = many[name]
        if a is None:
            print(f"{name:38} {'':>18} {b[0] * 1000:>9.0f} ms {b[1]:>3} q")
            continue
        print(
            f"{name:38} {a[0] * 1000:>9.0f} ms {a[1]:>3} q {b[0] * 1000:>9.0f} ms {b[1]:>3} q "
            f"{b[0] / a[0]:>6.2f}"
        )
    per_council = (size_many - size_one) / (args.councils - 1)
    print(f"database: {size_one / 1e6:.1f} MB with 1 council, {size_many / 1e6:.1f} MB with "
          f"{args.councils}: {per_council / 1e3:.0f} kB per added council")  # fmt: skip


def _provider(email, slugs, actor, grant_role, Role):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from councilguard.core.models import Council

    membership = None
    for council in Council.objects.filter(slug__in=slugs):
        membership = grant_role(council, email=email, role=Role.IT_PROVIDER, actor=actor)
    TOTP.activate(membership.user, generate_totp_secret())


if __name__ == "__main__":
    main()
