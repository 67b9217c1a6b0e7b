"""Devices for tests and the permission matrix, made through the real services."""

from __future__ import annotations

import itertools

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


def make_issued_device(world: World, role: Role = Role.STAFF, **kwargs) -> Device:
    device = make_device(world, **kwargs)
    issue_device(device, world.people[role], actor=SETUP, condition="good")
    return device


def make_loss(world: World, role: Role = Role.STAFF) -> LossReport:
    device = make_issued_device(
        world, role, sim_number="8944110000000000001", phone_number="07700 900123"
    )
    return report_loss(device, LossData(kind="lost", what_happened="Left on the bus."), actor=SETUP)
