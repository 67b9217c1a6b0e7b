"""Devices for tests and the permission matrix, made through the real services."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.utils import timezone

from councilguard.core.roles import Role
from councilguard.devices.models import Device, DeviceKind, LossReport
from councilguard.devices.services import (
    DeviceData,
    LossData,
    create_device,
    issue_device,
    report_loss,
)
from councilguard.testing.world import SETUP, World

_serials = itertools.count(1)


def make_device(
    world: World,
    *,
    kind: str = DeviceKind.PHONE,
    serial: str | None = None,
    imei: str = "",
    **extra,
) -> Device:
    data = DeviceData(
        kind=kind,
        make="Samsung",
        model="Galaxy A55",
        serial=serial or f"SN{world.council.slug.upper()}{next(_serials):05d}",
        imei=imei,
        **extra,
    )
    return create_device(world.council, data, actor=SETUP)


def make_issued_device(
    world: World, role: Role = Role.STAFF, *, issued_at=None, **kwargs
) -> Device:
    device = make_device(world, **kwargs)
    issue_device(device, world.people[role], actor=SETUP, condition="good", now=issued_at)
    return device


def when_lost(ago: timedelta = timedelta(hours=1)) -> str:
    """A loss's time ``ago`` as the loss form's date and time field sends it (the police clock
    runs from it, A "Lost or Stolen")."""
    return f"{timezone.localtime(timezone.now() - ago):%Y-%m-%dT%H:%M}"


def make_loss(world: World, role: Role = Role.STAFF) -> LossReport:
    device = make_issued_device(
        world, role, sim_number="8944110000000000001", phone_number="07700 900123"
    )
    return report_loss(device, LossData(kind="lost", what_happened="Left on the bus."), actor=SETUP)


def make_software_request(world: World, role: Role = Role.STAFF):
    from councilguard.devices.approvals import request_approval

    return request_approval(
        world.people[role],
        "software",
        summary="Install Inkscape",
        reason="Editing the newsletter's drawings.",
        details={"software_name": "Inkscape", "publisher": "Inkscape Project", "version": "1.3"},
        actor=SETUP,
    )


def make_scan(world: World):
    import json

    from councilguard.devices.models import SoftwareScan
    from councilguard.devices.software import import_inventory

    device = make_issued_device(world, kind=DeviceKind.LAPTOP)
    rows = [{"name": "uTorrent", "version": "3.6", "publisher": "BitTorrent Inc."}]
    import_inventory(world.council, json.dumps(rows).encode(), device=device, actor=SETUP)
    return SoftwareScan.objects.get(device=device)


def make_charge(world: World, role: Role = Role.STAFF):
    from decimal import Decimal

    from councilguard.devices.charges import ChargeKind, add_charge

    return add_charge(
        world.people[role],
        kind=ChargeKind.REPAIR,
        amount=Decimal("40.00"),
        description="Cracked screen",
        source_reference="Repair invoice 17",
        actor=SETUP,
    )


def make_leaver(world: World):
    """A person with a device, a leave date and (so) a checklist."""
    from datetime import date

    from councilguard.devices.models import LeaverChecklist
    from councilguard.people.services import PersonData, create_person, update_person

    person = create_person(
        world.council,
        PersonData(
            full_name="Lee Leaver",
            kind="staff",
            emails=[f"lee.{next(_serials)}@{world.council.slug}.example"],
        ),
        actor=SETUP,
    )
    device = make_device(world)
    issue_device(device, person, actor=SETUP, condition="good")
    data = PersonData(
        full_name=person.full_name,
        kind="staff",
        emails=[person.primary_email],
        leave_date=date(2030, 1, 31),
    )
    update_person(person, data, actor=SETUP)
    return LeaverChecklist.objects.get(person=person)
