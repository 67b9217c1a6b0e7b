"""Every change the device services make writes its own audit entry, in the same transaction,
and only that (issue 12: a missing audit entry must not pass the suite)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from councilguard.audit.actors import Actor
from councilguard.core.roles import Role
from councilguard.devices import services
from councilguard.devices.models import Assignment, DeviceKind, Task
from councilguard.devices.services import DeviceData, LossData
from councilguard.devices.testing import make_device, make_issued_device, make_loss
from councilguard.testing.audit import assert_audited


def clerk(world) -> Actor:
    return Actor.for_user(world.users[Role.CLERK])


def first_task(world) -> Task:
    make_loss(world)
    return Task.objects.filter(council=world.council, done_at__isnull=True).first()


# (what is set up first, the change on it, the events it must write in order)
CASES = {
    "adding a device": (
        lambda w: None,
        lambda w, _: services.create_device(
            w.council, DeviceData(kind=DeviceKind.LAPTOP, serial="AUD-1"), actor=clerk(w)
        ),
        ["device.created"],
    ),
    "changing a device": (
        lambda w: make_device(w),
        lambda w, d: services.update_device(
            d, DeviceData(kind=d.kind, serial=d.serial, notes="Dented lid"), actor=clerk(w)
        ),
        ["device.updated"],
    ),
    "issuing a device": (
        lambda w: make_device(w),
        lambda w, d: services.issue_device(
            d, w.people[Role.STAFF], actor=clerk(w), condition="good"
        ),
        ["device.issued"],
    ),
    "accepting the device terms": (
        lambda w: Assignment.objects.get(device=make_issued_device(w)),
        lambda w, a: services.accept_terms(a, actor=Actor.for_user(w.users[Role.STAFF])),
        ["device.terms_accepted"],
    ),
    "returning a device": (
        lambda w: make_issued_device(w),
        lambda w, d: services.return_device(d, actor=clerk(w), condition="good", status="in_stock"),
        ["device.returned"],
    ),
    "returning a damaged device with a charge": (
        lambda w: make_issued_device(w),
        lambda w, d: services.return_device(
            d,
            actor=clerk(w),
            condition="damaged",
            status="in_repair",
            charge_amount=Decimal("40.00"),
        ),
        ["device.returned", "device.charge_added"],
    ),
    "registering an own device": (
        lambda w: None,
        lambda w, _: services.register_own_device(
            w.people[Role.STAFF],
            kind="phone",
            description="My own phone",
            actor=Actor.for_user(w.users[Role.STAFF]),
        ),
        ["device.own_registered"],
    ),
    "completing a task": (
        first_task,
        lambda w, task: services.complete_task(task, actor=clerk(w)),
        ["device.task_done"],
    ),
    "reporting a loss": (
        lambda w: make_issued_device(w, phone_number="07700 900123"),
        lambda w, d: services.report_loss(
            d, LossData(kind="stolen", what_happened="Taken from the van"), actor=clerk(w)
        ),
        ["incident.opened", "device.loss_reported"],
    ),
    "adding the police number": (
        lambda w: make_loss(w),
        lambda w, loss: services.add_police_reference(loss, "CAD 77", actor=clerk(w)),
        ["device.loss_police_number"],
    ),
    "deciding the reimbursement": (
        lambda w: make_loss(w),
        lambda w, loss: services.decide_reimbursement(
            loss, "waive", note="First loss in ten years", actor=clerk(w)
        ),
        ["device.loss_decided"],
    ),
    "reporting an own device accessed": (
        lambda w: _own(w),
        lambda w, own: services.report_own_device_loss(
            own, LossData(kind="accessed", what_happened="Opened by a visitor"), actor=clerk(w)
        ),
        ["incident.opened", "device.loss_reported"],
    ),
    "keeping an own device's IMEI and SIM": (
        lambda w: _own(w),
        lambda w, own: services.update_own_device_numbers(
            own, imei="352099001761481", sim_number="8944", actor=clerk(w)
        ),
        ["device.own_numbers_changed"],
    ),
    "confirming own-device duties": (
        lambda w: _own(w),
        lambda w, own: services.confirm_duties(own, ["secure_wifi"], actor=clerk(w)),
        ["device.own_duties_confirmed"],
    ),
}


def _own(world):
    return services.register_own_device(
        world.people[Role.STAFF], kind="phone", description="Mine", actor=clerk(world)
    )


@pytest.mark.parametrize("case", list(CASES))
def test_each_change_writes_its_audit_entry(world, case):
    setup, change, events = CASES[case]
    made = setup(world)
    with assert_audited(world.council, *events):
        change(world, made)
