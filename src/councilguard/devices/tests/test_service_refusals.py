"""The device, approval, charge and leaver services refuse on their own, whatever form or
serializer is in front of them (issue 12): each refusal raises with its reason and writes
nothing, not even an audit entry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from councilguard.audit.actors import Actor
from councilguard.core.roles import Role
from councilguard.devices import approvals, charges, leavers, posture, services, software
from councilguard.devices.approvals import ApprovalError, InvalidTransition
from councilguard.devices.charges import ChargeError
from councilguard.devices.leavers import LeaverError
from councilguard.devices.models import Assignment, DeviceKind, Task
from councilguard.devices.services import DeviceData, DeviceError, LossData
from councilguard.devices.testing import (
    make_charge,
    make_device,
    make_issued_device,
    make_leaver,
    make_loss,
    make_software_request,
)
from councilguard.testing.refusals import assert_refused
from councilguard.testing.world import SETUP

SHA = "a" * 64


def as_(world, role: Role) -> Actor:
    return Actor.for_user(world.users[role])


def clerk(world) -> Actor:
    return as_(world, Role.CLERK)


def then(setup, make_call):
    """Build with ``setup(w, o)``, then the call on what it made."""
    return lambda w, o: make_call(w, o, setup(w, o))


def new_device(world, **changes):
    data = DeviceData(kind=DeviceKind.LAPTOP, make="Dell", serial="NEW-1", **changes)
    return lambda: services.create_device(world.council, data, actor=clerk(world))


def decide(request, world, role, *, approve=True, note=""):
    return lambda: approvals.decide(
        request, approve=approve, note=note, role=role.value, actor=as_(world, role)
    )


def clean_check(request):
    return approvals.record_virus_check(
        request, sha256=SHA, scanner="ClamAV", result="clean", role="it_provider", actor=SETUP
    )


def request_of(world, kind="removable_media", **changes):
    values = {
        "summary": "Use a USB stick",
        "reason": "Moving the minutes to the hall's laptop",
        "details": {},
    }
    values.update(changes)
    return lambda: approvals.request_approval(
        world.people[Role.STAFF], kind, actor=as_(world, Role.STAFF), **values
    )


# (call builder, error, words)
CASES = {
    # --- the register ---
    "a device of an unknown kind": (
        lambda w, o: (
            lambda: services.create_device(w.council, DeviceData(kind="toaster"), actor=clerk(w))
        ),
        DeviceError,
        "'toaster' is not one of",
    ),
    "an IMEI of 13 digits": (
        lambda w, o: new_device(w, imei="3500000000000"),
        DeviceError,
        "should have 15 digits",
    ),
    "a negative purchase cost": (
        lambda w, o: new_device(w, purchase_cost=Decimal("-0.01")),
        DeviceError,
        "the purchase cost cannot be negative",
    ),
    "a new device already issued": (
        lambda w, o: new_device(w, status="issued"),
        DeviceError,
        "a new device is in stock, in repair or retired; issue it to a person",
    ),
    "a serial number already in the register": (
        then(
            lambda w, o: make_device(w, serial="DUP-1"),
            lambda w, o, d: (
                lambda: services.create_device(
                    w.council, DeviceData(kind=DeviceKind.PHONE, serial="DUP-1"), actor=clerk(w)
                )
            ),
        ),
        DeviceError,
        "serial number DUP-1 is already in the register",
    ),
    "an issued device set to in stock by hand": (
        then(
            lambda w, o: make_issued_device(w),
            lambda w, o, d: (
                lambda: services.update_device(
                    d, DeviceData(kind=d.kind, serial=d.serial, status="in_stock"), actor=clerk(w)
                )
            ),
        ),
        DeviceError,
        "record the device's return before changing its status",
    ),
    "a device set to lost by hand": (
        then(
            lambda w, o: make_device(w),
            lambda w, o, d: (
                lambda: services.update_device(
                    d, DeviceData(kind=d.kind, serial=d.serial, status="lost"), actor=clerk(w)
                )
            ),
        ),
        DeviceError,
        "issue, return or report a loss to change a device to that status",
    ),
    "issuing to someone of another council": (
        then(
            lambda w, o: make_device(w),
            lambda w, o, d: (
                lambda: services.issue_device(
                    d, o.people[Role.STAFF], actor=clerk(w), condition="good"
                )
            ),
        ),
        DeviceError,
        "the device can only be issued to someone of this council",
    ),
    "issuing a device that is already issued": (
        then(
            lambda w, o: make_issued_device(w),
            lambda w, o, d: (
                lambda: services.issue_device(
                    d, w.people[Role.MANAGER], actor=clerk(w), condition="good"
                )
            ),
        ),
        DeviceError,
        "the device is issued, not in stock",
    ),
    "issuing in an unknown condition": (
        then(
            lambda w, o: make_device(w),
            lambda w, o, d: (
                lambda: services.issue_device(
                    d, w.people[Role.STAFF], actor=clerk(w), condition="shiny"
                )
            ),
        ),
        DeviceError,
        "'shiny' is not a condition",
    ),
    "accepting the terms twice": (
        then(
            lambda w, o: Assignment.objects.get(device=make_issued_device(w)),
            lambda w, o, a: (
                services.accept_terms(a, actor=SETUP),
                lambda: services.accept_terms(a, actor=as_(w, Role.STAFF)),
            )[1],
        ),
        DeviceError,
        "the terms for this device were already accepted",
    ),
    "returning a device nobody holds": (
        then(
            lambda w, o: make_device(w),
            lambda w, o, d: (
                lambda: services.return_device(
                    d, actor=clerk(w), condition="good", status="in_stock"
                )
            ),
        ),
        DeviceError,
        "the device is not issued to anyone",
    ),
    "a returned device sent to 'lost'": (
        then(
            lambda w, o: make_issued_device(w),
            lambda w, o, d: (
                lambda: services.return_device(d, actor=clerk(w), condition="good", status="lost")
            ),
        ),
        DeviceError,
        "a returned device goes to stock, to repair or is retired",
    ),
    "a charge for a device returned in good condition": (
        then(
            lambda w, o: make_issued_device(w),
            lambda w, o, d: (
                lambda: services.return_device(
                    d,
                    actor=clerk(w),
                    condition="good",
                    status="in_stock",
                    charge_amount=Decimal("25.00"),
                )
            ),
        ),
        DeviceError,
        "only a damaged or faulty return is charged for",
    ),
    "an own device of an unknown kind": (
        lambda w, o: (
            lambda: services.register_own_device(
                w.people[Role.STAFF], kind="toaster", description="Mine", actor=as_(w, Role.STAFF)
            )
        ),
        DeviceError,
        "'toaster' is not a kind of device",
    ),
    "an own device without a description": (
        lambda w, o: (
            lambda: services.register_own_device(
                w.people[Role.STAFF], kind="phone", description=" ", actor=as_(w, Role.STAFF)
            )
        ),
        DeviceError,
        "describe the device, e.g. 'my iPhone 13'",
    ),
    "completing a task twice": (
        then(
            lambda w, o: services.complete_task(
                (make_loss(w), Task.objects.filter(council=w.council).first())[1], actor=SETUP
            ),
            lambda w, o, task: lambda: services.complete_task(task, actor=clerk(w)),
        ),
        DeviceError,
        "that task is already done",
    ),
    # --- losses ---
    "a loss without what happened": (
        then(
            lambda w, o: make_issued_device(w),
            lambda w, o, d: (
                lambda: services.report_loss(
                    d, LossData(kind="lost", what_happened="  "), actor=clerk(w)
                )
            ),
        ),
        DeviceError,
        "say what happened",
    ),
    "a loss neither lost nor stolen": (
        then(
            lambda w, o: make_issued_device(w),
            lambda w, o, d: (
                lambda: services.report_loss(
                    d, LossData(kind="mislaid", what_happened="Gone"), actor=clerk(w)
                )
            ),
        ),
        DeviceError,
        "say whether the device was lost, stolen or inappropriately accessed",
    ),
    "a second loss of the same device": (
        then(
            lambda w, o: make_loss(w),
            lambda w, o, loss: (
                lambda: services.report_loss(
                    loss.device, LossData(kind="stolen", what_happened="Again"), actor=clerk(w)
                )
            ),
        ),
        DeviceError,
        "the device is already reported lost",
    ),
    "a loss of a device in stock": (
        then(
            lambda w, o: make_device(w),
            lambda w, o, d: (
                lambda: services.report_loss(
                    d, LossData(kind="lost", what_happened="Gone"), actor=clerk(w)
                )
            ),
        ),
        DeviceError,
        "only a device issued to someone can be reported lost or stolen",
    ),
    "a blank police number": (
        then(
            lambda w, o: make_loss(w),
            lambda w, o, loss: lambda: services.add_police_reference(loss, " ", actor=clerk(w)),
        ),
        DeviceError,
        "enter the police incident number",
    ),
    "a police number of 61 characters": (
        then(
            lambda w, o: make_loss(w),
            lambda w, o, loss: (
                lambda: services.add_police_reference(loss, "9" * 61, actor=clerk(w))
            ),
        ),
        DeviceError,
        "the police incident number is longer than 60 characters",
    ),
    "a second police number": (
        then(
            lambda w, o: services.add_police_reference(make_loss(w), "CAD 1", actor=SETUP),
            lambda w, o, loss: lambda: services.add_police_reference(loss, "CAD 2", actor=clerk(w)),
        ),
        DeviceError,
        "this loss already has a police incident number",
    ),
    "claiming the cost without a reason": (
        then(
            lambda w, o: make_loss(w),
            lambda w, o, loss: (
                lambda: services.decide_reimbursement(loss, "claim_cost", note=" ", actor=clerk(w))
            ),
        ),
        DeviceError,
        "give the reason for claiming the cost or waiving the charges",
    ),
    "a reimbursement decision that is not one": (
        then(
            lambda w, o: make_loss(w),
            lambda w, o, loss: (
                lambda: services.decide_reimbursement(loss, "maybe", note="x", actor=clerk(w))
            ),
        ),
        DeviceError,
        "choose a decision",
    ),
    # --- approvals ---
    "a request of an unknown kind": (
        lambda w, o: request_of(w, kind="pony"),
        ApprovalError,
        "'pony' is not a kind of request",
    ),
    "a request without a summary": (
        lambda w, o: request_of(w, summary=" "),
        ApprovalError,
        "say briefly what the request is for",
    ),
    "a request without a business reason": (
        lambda w, o: request_of(w, reason=" "),
        ApprovalError,
        "give the business reason",
    ),
    "a recording with nobody listed as present": (
        lambda w, o: request_of(
            w,
            kind="recording",
            details={"meeting": "Staffing committee", "meeting_on": date(2026, 5, 1)},
            attendees=[" "],
        ),
        ApprovalError,
        "list everyone who will be present",
    ),
    "a recording listing someone of another council": (
        lambda w, o: request_of(
            w,
            kind="recording",
            details={"meeting": "Staffing committee", "meeting_on": date(2026, 5, 1)},
            attendees=[o.people[Role.STAFF]],
        ),
        ApprovalError,
        "attendees from the list must be of this council",
    ),
    "an approval decided by its requester": (
        then(
            lambda w, o: approvals.request_approval(
                w.people[Role.CLERK],
                "website_link",
                summary="Link the hall",
                reason="Bookings",
                details={"url": "https://hall.example"},
                actor=SETUP,
            ),
            lambda w, o, r: decide(r, w, Role.CLERK),
        ),
        ApprovalError,
        "you cannot decide your own request",
    ),
    "an approval by a role that does not decide it": (
        then(lambda w, o: make_software_request(w), lambda w, o, r: decide(r, w, Role.DP_LEAD)),
        ApprovalError,
        "you do not decide this kind of request",
    ),
    "a refusal without a reason": (
        then(
            lambda w, o: make_software_request(w),
            lambda w, o, r: decide(r, w, Role.CLERK, approve=False, note=" "),
        ),
        ApprovalError,
        "give the reason for refusing",
    ),
    "software approved before a virus check": (
        then(lambda w, o: make_software_request(w), lambda w, o, r: decide(r, w, Role.CLERK)),
        ApprovalError,
        "software is approved only after a clean virus check",
    ),
    "a second decision in the same capacity": (
        then(
            lambda w, o: make_software_request(w),
            lambda w, o, r: (
                clean_check(r),
                decide(r, w, Role.CLERK)(),
                decide(r, w, Role.MANAGER),
            )[2],
        ),
        ApprovalError,
        "a decision in your capacity has already been made",
    ),
    "deciding a withdrawn request": (
        then(
            lambda w, o: approvals.withdraw(make_software_request(w), actor=SETUP),
            lambda w, o, r: decide(r, w, Role.CLERK, approve=False, note="No"),
        ),
        InvalidTransition,
        "withdrawn",
    ),
    "a virus check recorded by staff": (
        then(
            lambda w, o: make_software_request(w),
            lambda w, o, r: (
                lambda: approvals.record_virus_check(
                    r, sha256=SHA, scanner="ClamAV", result="clean", role="staff", actor=clerk(w)
                )
            ),
        ),
        ApprovalError,
        "the IT provider or the clerk records the virus check",
    ),
    "a virus check with a short hash": (
        then(
            lambda w, o: make_software_request(w),
            lambda w, o, r: (
                lambda: approvals.record_virus_check(
                    r, sha256="abc", scanner="ClamAV", result="clean", role="clerk", actor=clerk(w)
                )
            ),
        ),
        ApprovalError,
        "the SHA-256 is 64 hexadecimal characters",
    ),
    "an empty CCTV aim": (
        lambda w, o: lambda: approvals.add_cctv_aim(w.council, " ", actor=clerk(w)),
        ApprovalError,
        "write the aim",
    ),
    "a CCTV aim already on the list": (
        then(
            lambda w, o: approvals.add_cctv_aim(w.council, "Prevent vandalism", actor=SETUP),
            lambda w, o, a: (
                lambda: approvals.add_cctv_aim(w.council, "Prevent vandalism", actor=clerk(w))
            ),
        ),
        ApprovalError,
        "that aim is already on the list",
    ),
    "a software catalogue entry without a name": (
        lambda w, o: (
            lambda: approvals.set_catalogue_entry(
                w.council, name=" ", publisher="X", actor=clerk(w)
            )
        ),
        ApprovalError,
        "name the software",
    ),
    "retiring a CCTV aim twice": (
        then(
            lambda w, o: approvals.retire_cctv_aim(
                approvals.add_cctv_aim(w.council, "Protect the play area", actor=SETUP),
                actor=SETUP,
            ),
            lambda w, o, aim: lambda: approvals.retire_cctv_aim(aim, actor=clerk(w)),
        ),
        ApprovalError,
        "that aim is already off the list",
    ),
    "a posture answer for a retired own device": (
        then(
            lambda w, o: leavers.attest_deletion(
                services.register_own_device(
                    w.people[Role.STAFF], kind="phone", description="My phone", actor=SETUP
                ),
                actor=SETUP,
            ),
            lambda w, o, own: (
                lambda: posture.attest_own_device(
                    own, {"disk_encrypted": True}, actor=as_(w, Role.STAFF)
                )
            ),
        ),
        DeviceError,
        "this device is no longer used for council work",
    ),
    "confirming deletion from an own device twice": (
        then(
            lambda w, o: leavers.attest_deletion(
                services.register_own_device(
                    w.people[Role.STAFF], kind="phone", description="My phone", actor=SETUP
                ),
                actor=SETUP,
            ),
            lambda w, o, own: lambda: leavers.attest_deletion(own, actor=as_(w, Role.STAFF)),
        ),
        LeaverError,
        "deletion from this device was already confirmed",
    ),
    "a software inventory for another council's device": (
        then(
            lambda w, o: make_device(o, kind=DeviceKind.LAPTOP),
            lambda w, o, theirs: (
                lambda: software.import_inventory(w.council, b"[]", device=theirs, actor=clerk(w))
            ),
        ),
        ValueError,
        "the device belongs to another council",
    ),
    # --- charges ---
    "a negative charge": (
        lambda w, o: (
            lambda: charges.add_charge(
                w.people[Role.STAFF],
                kind="repair",
                amount=Decimal("-1"),
                description="Screen",
                source_reference="Invoice 1",
                actor=clerk(w),
            )
        ),
        ChargeError,
        "a charge cannot be negative",
    ),
    "a charge without its source": (
        lambda w, o: (
            lambda: charges.add_charge(
                w.people[Role.STAFF],
                kind="repair",
                amount=Decimal("10"),
                description="Screen",
                source_reference=" ",
                actor=clerk(w),
            )
        ),
        ChargeError,
        "say where the charge comes from",
    ),
    "a charge for another council's device": (
        then(
            lambda w, o: make_device(o),
            lambda w, o, theirs: (
                lambda: charges.add_charge(
                    w.people[Role.STAFF],
                    kind="repair",
                    amount=Decimal("10"),
                    description="Screen",
                    source_reference="Invoice 1",
                    actor=clerk(w),
                    device=theirs,
                )
            ),
        ),
        ChargeError,
        "the device or loss belongs to another council",
    ),
    "waiving a charge without a reason": (
        then(
            lambda w, o: make_charge(w),
            lambda w, o, c: lambda: charges.change_charge(c, actor=clerk(w), status="waived"),
        ),
        ChargeError,
        "give the reason for waiving the charge",
    ),
    "changing a charge sent to payroll": (
        then(
            lambda w, o: (
                lambda c: (charges.change_charge(c, actor=SETUP, status="paid_to_payroll"), c)[1]
            )(make_charge(w)),
            lambda w, o, c: (
                lambda: charges.change_charge(c, actor=clerk(w), status="waived", note="Kind")
            ),
        ),
        ChargeError,
        "this charge has gone to payroll and can no longer change",
    ),
    "a personal purchase without its evidence": (
        then(
            lambda w, o: make_issued_device(w),
            lambda w, o, device: (
                lambda: charges.add_charge(
                    w.people[Role.STAFF],
                    kind="personal_purchase",
                    amount=Decimal("2.99"),
                    description="Game",
                    source_reference="Store",
                    actor=clerk(w),
                    device=device,
                )
            ),
        ),  # fmt: skip
        ChargeError,
        "give the evidence of the purchase",
    ),
    "invoicing a charge that is deducted from pay": (
        then(
            lambda w, o: make_charge(w),
            lambda w, o, c: lambda: charges.change_charge(c, actor=clerk(w), status="invoiced"),
        ),
        ChargeError,
        "this charge is deducted from pay",
    ),
    # --- own devices ---
    "an own device's loss in the future": (
        then(
            lambda w, o: services.register_own_device(
                w.people[Role.STAFF], kind="phone", description="Mine", actor=SETUP
            ),
            lambda w, o, own: (
                lambda: services.report_own_device_loss(
                    own,
                    LossData(kind="lost", what_happened="Gone", occurred_at=_in_an_hour()),
                    actor=clerk(w),
                )
            ),
        ),
        DeviceError,
        "cannot be in the future",
    ),
    "own-device duties with none ticked": (
        then(
            lambda w, o: services.register_own_device(
                w.people[Role.STAFF], kind="phone", description="Mine", actor=SETUP
            ),
            lambda w, o, own: lambda: services.confirm_duties(own, [], actor=clerk(w)),
        ),
        DeviceError,
        "tick the duties you keep",
    ),
    "an own device's IMEI too short": (
        then(
            lambda w, o: services.register_own_device(
                w.people[Role.STAFF], kind="phone", description="Mine", actor=SETUP
            ),
            lambda w, o, own: (
                lambda: services.update_own_device_numbers(
                    own, imei="12345", sim_number="", actor=clerk(w)
                )
            ),
        ),
        DeviceError,
        "should have 15 digits",
    ),
    # --- leavers ---
    "restoring a leaver without a reason": (
        then(
            lambda w, o: make_leaver(w),
            lambda w, o, checklist: (
                lambda: leavers.restore_leaver(checklist, actor=clerk(w), reason=" ")
            ),
        ),
        LeaverError,
        "say why they are not leaving",
    ),
    "ticking a leaver's item without saying how": (
        then(
            lambda w, o: make_leaver(w).items.filter(done_at__isnull=True).first(),
            lambda w, o, item: lambda: leavers.tick_item(item, actor=clerk(w), note=" "),
        ),
        LeaverError,
        "say how it was done",
    ),
    "disabling the account of a leaver without one": (
        then(
            lambda w, o: make_leaver(w),
            lambda w, o, checklist: lambda: leavers.disable_account(checklist, actor=clerk(w)),
        ),
        LeaverError,
        "has no account",
    ),
    "a leaver without a leaving date": (
        lambda w, o: lambda: leavers.start_leaving(w.people[Role.STAFF], actor=clerk(w)),
        LeaverError,
        "set the date the person leaves",
    ),
}


def _in_an_hour():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() + timedelta(hours=1)


@pytest.mark.parametrize("case", list(CASES))
def test_the_service_refuses_and_writes_nothing(world, other_world, case):
    build, error, words = CASES[case]
    call = build(world, other_world)
    assert_refused(call, error, words)
