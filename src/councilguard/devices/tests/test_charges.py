"""Charges (C8): added from losses, damaged returns and other apps; one statement per person
for payroll, as a page and an audited CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from councilguard.audit.events import Event
from councilguard.devices.charges import (
    ChargeError,
    ChargeKind,
    add_charge,
    change_charge,
    present_value,
    proposed_leaving_charge,
)
from councilguard.devices.models import Charge, ChargeStatus
from councilguard.devices.services import decide_reimbursement, update_settings
from councilguard.devices.testing import make_charge, make_device, make_issued_device, make_loss
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.world import SETUP


def _url(world, name, **kwargs):
    return reverse(f"devices:{name}", kwargs={"council": world.council.slug, **kwargs})


def test_another_app_adds_a_personal_phone_use_charge_through_the_one_service(world):
    assert ChargeKind.PERSONAL_PHONE_USE == "personal_phone_use"
    staff = world.people["staff"]
    with assert_audited(world.council, Event.CHARGE_ADDED):
        charge = add_charge(
            staff,
            kind=ChargeKind.PERSONAL_PHONE_USE,
            amount=Decimal("12.345"),
            description="Personal calls over the allowance, March",
            source_reference="Phone bill 2026-03",
            actor=SETUP,
        )
    assert (charge.amount, charge.status, charge.created_by_label) == (
        Decimal("12.35"),
        ChargeStatus.PENDING,
        "the test set-up",
    )
    with assert_not_audited(world.council), pytest.raises(ChargeError, match="negative"):
        add_charge(
            staff,
            kind=ChargeKind.REPAIR,
            amount=Decimal("-1"),
            description="x",
            source_reference="x",
            actor=SETUP,
        )
    with pytest.raises(ChargeError, match="where the charge comes from"):
        add_charge(
            staff,
            kind=ChargeKind.REPAIR,
            amount=Decimal(1),
            description="x",
            source_reference=" ",
            actor=SETUP,
        )


def test_another_councils_device_cannot_be_charged_for(world, other_world):
    with pytest.raises(ChargeError, match="another council"):
        add_charge(
            world.people["staff"],
            kind=ChargeKind.REPAIR,
            amount=Decimal(5),
            description="x",
            source_reference="x",
            actor=SETUP,
            device=make_device(other_world),
        )


def test_the_proportionate_amount_is_straight_line_over_the_kinds_life(world):
    today = timezone.localdate()
    phone = make_device(
        world, purchase_cost=Decimal("600.00"), purchased_on=today - timedelta(days=365 + 182)
    )
    # A phone lasts three years: half-way through, half its cost; nothing after.
    assert present_value(phone, today) == Decimal("300.27")  # 600 × 548/1095
    assert proposed_leaving_charge(phone, ChargeKind.POOR_CONDITION, today) == Decimal("150.14")
    assert present_value(phone, today + timedelta(days=3 * 365)) == 0
    unknown = make_device(world)
    assert present_value(unknown) == 0


def test_a_damaged_return_is_charged_and_shows_on_the_statement_for_payroll(client, world):
    phone = make_issued_device(
        world, purchase_cost=Decimal("400.00"), purchased_on=date(2026, 1, 1)
    )
    client.force_login(world.clerk)
    assert b"Proposed:" in client.get(_url(world, "device_return", pk=phone.pk)).content
    # A charge for a return in fair condition is refused, and nothing is recorded.
    with assert_not_audited(world.council):
        client.post(
            _url(world, "device_return", pk=phone.pk),
            {"condition": "fair", "status": "in_stock", "charge_amount": "20"},
        )
    with assert_audited(world.council, Event.DEVICE_RETURNED, Event.CHARGE_ADDED):
        client.post(
            _url(world, "device_return", pk=phone.pk),
            {"condition": "damaged", "status": "in_repair", "charge_amount": "85.50"},
        )
    staff = world.people["staff"]
    repair = Charge.objects.get()
    assert (repair.person, repair.kind, repair.amount, repair.device) == (
        staff,
        ChargeKind.REPAIR,
        Decimal("85.50"),
        phone,
    )
    add_charge(
        staff,
        kind=ChargeKind.PERSONAL_PHONE_USE,
        amount=Decimal("10.00"),
        description='=HYPERLINK("http://x")',
        source_reference="Phone bill 2026-03",
        actor=SETUP,
    )
    waived = make_charge(world)
    change_charge(waived, status=ChargeStatus.WAIVED, note="Goodwill", actor=SETUP)

    page = client.get(_url(world, "statement", pk=staff.pk)).content.decode()
    assert 'id="statement-total">£95.50<' in page
    with assert_audited(world.council, Event.CHARGES_EXPORTED):
        response = client.get(_url(world, "statement_export", pk=staff.pk))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["Amount GBP"] for r in rows] == ["85.50", "10.00", "40.00"]
    assert rows[1]["Description"].startswith("'=")  # formula guarded
    assert rows[2]["Status"] == "Waived"

    # The member of staff sees their own statement, and only theirs.
    make_charge(world, role="councillor")
    client.force_login(world.staff)
    mine = client.get(_url(world, "my_statement")).content.decode()
    assert "£85.50" in mine and "Cracked screen" in mine and "Councillor" not in mine
    assert 'id="statement-total">£95.50<' in mine


def test_the_clerk_changes_amounts_and_status_and_payroll_is_final(client, world):
    charge = make_charge(world)
    client.force_login(world.clerk)
    with assert_not_audited(world.council):
        client.post(
            _url(world, "charge_change", pk=charge.pk), {"amount": "40.00", "status": "waived"}
        )
    with assert_audited(world.council, Event.CHARGE_CHANGED):
        client.post(
            _url(world, "charge_change", pk=charge.pk), {"amount": "30.00", "status": "agreed"}
        )
    charge.refresh_from_db()
    assert (charge.amount, charge.status) == (Decimal("30.00"), "agreed")
    change_charge(charge, status=ChargeStatus.PAID_TO_PAYROLL, actor=SETUP)
    with pytest.raises(ChargeError, match="payroll"):
        change_charge(charge, amount=Decimal("1"), actor=SETUP)
    with pytest.raises(ChargeError, match="payroll"):
        change_charge(charge, status=ChargeStatus.WAIVED, note="x", actor=SETUP)


def test_a_loss_decision_charges_the_excess_and_the_cost_once_whatever_the_changes(world):
    update_settings(world.council, {"insurance_excess": Decimal("50")}, actor=SETUP)
    loss = make_loss(world)
    loss.device.purchase_cost = Decimal("300.00")
    loss.device.save(update_fields=["purchase_cost"])
    with assert_audited(
        world.council, Event.DEVICE_LOSS_DECIDED, Event.CHARGE_ADDED, Event.CHARGE_ADDED
    ):
        decide_reimbursement(loss, "claim_cost", note="Third loss this year.", actor=SETUP)
    kinds = dict(loss.charges.values_list("kind", "amount"))
    assert kinds == {"insurance_excess": Decimal("50.00"), "replacement": Decimal("300.00")}
    decide_reimbursement(loss, "waive", note="Stolen in a burglary.", actor=SETUP)
    assert set(loss.charges.values_list("status", flat=True)) == {"waived"}
    decide_reimbursement(loss, "excess_only", note="", actor=SETUP)
    owed = loss.charges.exclude(status="waived")
    assert list(owed.values_list("kind", "amount")) == [("insurance_excess", Decimal("50.00"))]


def test_the_charges_list_costs_the_same_queries_for_one_charge_or_many(client, world):
    client.force_login(world.clerk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(world, "charge_list")).status_code == 200
        return len(captured)

    make_charge(world)
    queries()
    one = queries()
    for role in ("councillor", "manager", "it_provider", "dp_lead"):
        make_charge(world, role=role)
        add_charge(
            world.people[role],
            kind=ChargeKind.REPAIR,
            amount=Decimal(1),
            description="x",
            source_reference="x",
            actor=SETUP,
            device=make_device(world),
        )
    assert queries() == one
