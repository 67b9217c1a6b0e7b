"""Monitoring rows for tests and the permission matrix.

Sources go through the real service. Findings, batches and purge receipts are written by the
engine (analysis, ingest, retention); these factories stand in for it with rows shaped the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

from django.utils import timezone

from councilguard.core.roles import Role
from councilguard.monitoring import rules
from councilguard.monitoring.models import (
    BatchStatus,
    CategoryMeaning,
    DomainRule,
    Finding,
    Identity,
    IngestBatch,
    LegalHold,
    MonitoringSource,
    PurgeReceipt,
    RejectedLine,
    UnattributedIdentifier,
)
from councilguard.monitoring.services import (
    add_domain_rule,
    add_identity,
    place_hold,
    set_category_meaning,
    set_source,
)
from councilguard.people.models import Person
from councilguard.testing.world import SETUP, World

_days = itertools.count(1)


def source_values(world: World, **overrides) -> dict:
    values = {
        "purpose": "To keep the council's network safe and find prohibited sites.",
        "lawful_basis": "Legitimate interests (UK GDPR Art 6(1)(f))",
        "dpia_reference": "DPIA-2026-01",
        "dpia_date": dt.date(2026, 1, 5),
        "clause_reference": "9.1.2",
        "retention_days": 90,
        "owner": world.users[Role.DP_LEAD].email,
    }
    values.update(overrides)
    return values


def make_source(world: World, kind: str = "proxy", **overrides) -> MonitoringSource:
    source, _ = set_source(world.council, kind, source_values(world, **overrides), actor=SETUP)
    return source


def make_finding(
    world: World,
    person: Person | None = None,
    *,
    rule_kind: str = rules.PROHIBITED,
    source_kind: str = "proxy",
    status: str = "open",
    severity: str = "high",
    start: dt.date | None = None,
    days: int = 7,
    summary: str = "",
    clause_reference: str = "B 9.1.1",
) -> Finding:
    """A finding like the analysis writes; each call gets a period of its own."""
    person = person or world.people[Role.STAFF]
    start = start or dt.date(2024, 1, 1) + dt.timedelta(days=next(_days) * 10)
    now = timezone.now()
    return Finding.objects.create(
        council=world.council,
        person=person,
        source_kind=source_kind,
        rule_kind=rule_kind,
        clause_reference=clause_reference,
        period_start=start,
        period_end=start + dt.timedelta(days=days - 1),
        severity=severity,
        summary=summary
        or f"{person.full_name} visited 3 sites in the category 'adult' (12 requests).",
        evidence={"requests": 12, "sites": ["example.test"], "category": "adult"},
        status=status,
        found_at=now,
        updated_at=now,
    )


def make_batch(world: World, kind: str = "proxy", *, rejected: int = 2) -> IngestBatch:
    source = MonitoringSource.objects.filter(council=world.council, kind=kind).first()
    source = source or make_source(world, kind)
    n = next(_days)
    batch = IngestBatch.objects.create(
        council=world.council,
        source=source,
        format="squid",
        file_name=f"access-{n}.log",
        sha256=hashlib.sha256(f"{world.council.slug}{n}".encode()).hexdigest(),
        size_bytes=2048,
        status=BatchStatus.COMMITTED,
        lines=100,
        accepted=100 - rejected - 3,
        rejected=rejected,
        unattributed=3,
        days=["2026-02-02"],
        seconds=0.4,
        created_by_label="it_provider@example",
    )
    for line in range(rejected):
        RejectedLine.objects.create(batch=batch, line_number=10 + line, reason="bad timestamp")
    UnattributedIdentifier.objects.create(batch=batch, identifier="10.0.0.99", events=3)
    return batch


def make_purge(world: World, kind: str = "proxy") -> PurgeReceipt:
    source = MonitoringSource.objects.filter(council=world.council, kind=kind).first()
    source = source or make_source(world, kind)
    return PurgeReceipt.objects.create(
        council=world.council,
        source=source,
        before_day=dt.date(2026, 1, 1),
        days=["2025-12-30", "2025-12-31"],
        events_removed=1200,
        events_kept=40,
        run_at=timezone.now(),
    )


def make_category_meaning(world: World, category: str = "gambling") -> CategoryMeaning:
    return set_category_meaning(world.council, category, "prohibited", actor=SETUP)


def make_domain_rule(world: World, domain: str = "council-partner.example") -> DomainRule:
    return add_domain_rule(world.council, domain, "business", actor=SETUP)


def make_identity(world: World, role: Role = Role.STAFF, value: str = "") -> Identity:
    return add_identity(
        world.council,
        "ip",
        value or f"10.0.0.{10 + list(Role).index(role)}",
        world.people[role],
        valid_from=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        actor=SETUP,
    )


def make_hold(world: World, role: Role = Role.STAFF) -> LegalHold:
    return place_hold(world.people[role], reason="Investigation 2026/01", actor=SETUP)


_log_profiles = itertools.count(1)


def make_log_profile(world: World):
    """One web log profile of the council's own, saved through the service."""
    from councilguard.monitoring.log_profile_services import save_profile
    from councilguard.monitoring.logprofiles import LogProfile

    profile = LogProfile(
        name=f"office-filter-{next(_log_profiles)}",
        log="web",
        fields={"time": "When", "client": "Address", "host": "Site", "action": "Result"},
        time_format="%Y-%m-%d %H:%M:%S",
        time_zone="Europe/London",
    )
    return save_profile(world.council, profile, actor=SETUP)
