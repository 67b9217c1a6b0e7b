"""Device checks put right and software scans in the retention schedule (C19, B 5.1.3, 5.1.8):
past their period they go, what a held person's device showed while it was theirs stays, a
check still failing and each device's latest scan are never due."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from councilguard.core.roles import Role
from councilguard.devices.models import (
    CatalogueEntry,
    LicenceFinding,
    PostureFinding,
    PostureRecord,
    SoftwareFinding,
    SoftwareScan,
)
from councilguard.devices.services import issue_device
from councilguard.devices.software import import_inventory
from councilguard.devices.testing import make_device
from councilguard.monitoring.testing import make_hold
from councilguard.people.patterns import LONDON
from councilguard.retention import services
from councilguard.testing.world import SETUP

TODAY = dt.date(2026, 6, 1)  # 365 days: data from before 1 June 2025 is past the period
BEFORE = dt.datetime(2025, 6, 1, tzinfo=LONDON)
OFFICE = {"name": "LibreOffice", "version": "24.2", "publisher": "The Document Foundation"}
TORRENT = [OFFICE, {"name": "uTorrent", "version": "3.6", "publisher": "BitTorrent Inc."}]


@pytest.fixture
def laptop(world):
    device = make_device(world)
    issue_device(
        device,
        world.people[Role.STAFF],
        actor=SETUP,
        condition="good",
        now=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    )
    return device


def posture_finding(world, device, *, resolved: dt.datetime | None) -> PostureFinding:
    found = dt.datetime(2025, 1, 5, tzinfo=dt.UTC)
    record = PostureRecord.objects.create(
        council=world.council, device=device, source="mdm", recorded_at=found, encrypted=False
    )
    return PostureFinding.objects.create(
        council=world.council,
        device=device,
        posture=record,
        check_name="encrypted",
        clause="B 2.1.3",
        evidence="The disk is not encrypted.",
        found_at=found,
        resolved_at=resolved,
    )


def line(run, kind):
    return next(item for item in run.lines if item["kind"] == kind)


@pytest.mark.parametrize(
    ("resolved", "goes"),
    [
        (BEFORE - dt.timedelta(seconds=1), True),
        (BEFORE, False),
        (BEFORE + dt.timedelta(days=1), False),
        (None, False),  # still failing
    ],
)
def test_a_check_put_right_goes_the_day_after_its_period(world, data_dir, laptop, resolved, goes):
    finding = posture_finding(world, laptop, resolved=resolved)
    run = services.run(world.council, actor=SETUP, today=TODAY)
    assert PostureFinding.objects.filter(pk=finding.pk).exists() is not goes
    assert line(run, "devices.posture_findings")["deleted"] == (1 if goes else 0)


def test_a_held_persons_checks_are_kept(world, data_dir, laptop):
    posture_finding(world, laptop, resolved=dt.datetime(2025, 2, 1, tzinfo=dt.UTC))
    hold = make_hold(world, Role.STAFF)
    run = services.run(world.council, actor=SETUP, today=TODAY)
    assert line(run, "devices.posture_findings")["kept"] == [{"for": hold.reason, "count": 1}]
    assert PostureFinding.objects.exists()


def scan(world, device, at: dt.datetime, software=()):
    import_inventory(
        world.council, json.dumps(list(software)).encode(), device=device, actor=SETUP, now=at
    )


@pytest.fixture
def scanned(world, data_dir, laptop):
    """uTorrent found in January 2025, gone by February (the finding resolved), then March."""
    CatalogueEntry.objects.create(
        council=world.council, name="LibreOffice", added_at=BEFORE, added_by_label="clerk"
    )
    scan(world, laptop, dt.datetime(2025, 1, 10, tzinfo=dt.UTC), TORRENT)
    scan(world, laptop, dt.datetime(2025, 2, 10, tzinfo=dt.UTC), [OFFICE])
    # (A file the same as the last is no new scan: the update changes it.)
    scan(world, laptop, dt.datetime(2025, 3, 10, tzinfo=dt.UTC), [{**OFFICE, "version": "24.8"}])
    assert SoftwareScan.objects.count() == 3
    assert SoftwareFinding.objects.get().resolved_at is not None
    return world


def test_old_scans_and_resolved_findings_go_but_the_latest_scan_stays(scanned):
    run = services.run(scanned.council, actor=SETUP, today=TODAY)
    scans = line(run, "devices.software_scans")
    assert (scans["due"], scans["deleted"], scans["kept"]) == (3, 3, [])
    assert not SoftwareFinding.objects.exists()
    [left] = SoftwareScan.objects.all()
    assert left.scanned_at == dt.datetime(2025, 3, 10, tzinfo=dt.UTC)


def test_scans_within_their_period_stay(scanned):
    # On 1 February 2026 only data before 1 February 2025 is past: the January scan, which
    # the resolved finding (resolved in February) still cites.
    run = services.run(scanned.council, actor=SETUP, today=dt.date(2026, 2, 1))
    scans = line(run, "devices.software_scans")
    assert (scans["due"], scans["deleted"]) == (1, 0)
    assert scans["kept"] == [{"for": "a software finding still open or held", "count": 1}]
    assert SoftwareScan.objects.count() == 3


def test_a_held_persons_scans_are_kept(scanned):
    hold = make_hold(scanned, Role.STAFF)
    run = services.run(scanned.council, actor=SETUP, today=TODAY)
    scans = line(run, "devices.software_scans")
    assert (scans["due"], scans["deleted"]) == (3, 0)
    assert scans["kept"] == [{"for": hold.reason, "count": 3}]
    assert SoftwareScan.objects.count() == 3


@pytest.mark.parametrize(
    ("resolved", "goes"),
    [
        (BEFORE - dt.timedelta(seconds=1), True),
        (BEFORE, False),
        (BEFORE + dt.timedelta(days=1), False),
        (None, False),  # still more installations than licences
    ],
)
def test_a_licence_finding_put_right_goes_after_its_period(world, data_dir, resolved, goes):
    entry = CatalogueEntry.objects.create(
        council=world.council, name="Microsoft 365", added_at=BEFORE, added_by_label="clerk"
    )
    finding = LicenceFinding.objects.create(
        council=world.council, entry=entry, clause="B 8.1.1", installations=6, licences=5,
        evidence="Installed on 6 devices; the council holds 5 licences.",
        found_at=dt.datetime(2025, 1, 5, tzinfo=dt.UTC), resolved_at=resolved,
    )  # fmt: skip
    make_hold(world, Role.STAFF)  # a hold keeps a person's data, not the catalogue's
    run = services.run(world.council, actor=SETUP, today=TODAY)
    assert LicenceFinding.objects.filter(pk=finding.pk).exists() is not goes
    assert line(run, "devices.software_scans")["deleted"] == (1 if goes else 0)
