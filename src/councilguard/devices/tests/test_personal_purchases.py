"""Personal app and content purchases on a council device (A "Making Personal Calls ..."):
charged with their evidence; a councillor's charge is invoiced, never deducted from pay, and the
statement says which."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.devices.charges import ChargeError, add_charge, change_charge
from councilguard.devices.models import Charge, ChargeKind
from councilguard.devices.testing import make_issued_device
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP

EVIDENCE = "App Store receipt MK2231, 3 March 2026, £4.99"


def _url(world, name, **kwargs):
    return reverse(f"devices:{name}", kwargs={"council": world.council.slug, **kwargs})


def _purchase(world, role, **changes) -> dict:
    return {
        "person": world.people[role].pk,
        "kind": "personal_purchase",
        "amount": "4.99",
        "description": "Puzzle game bought for personal use",
        "source_reference": "App Store statement, March",
        "device": make_issued_device(world, role).pk,
        "evidence": EVIDENCE,
        **changes,
    }


def test_a_councillors_purchase_is_invoiced_and_the_statement_says_so(client, world):
    councillor = world.people[Role.COUNCILLOR]
    client.force_login(world.clerk)
    form = _purchase(world, Role.COUNCILLOR)
    with assert_audited(world.council, Event.CHARGE_ADDED):
        response = client.post(_url(world, "charge_add"), form)
    assert response["Location"] == _url(world, "statement", pk=councillor.pk)
    charge = Charge.objects.get()
    assert (charge.kind, charge.amount, charge.evidence, charge.settlement) == (
        "personal_purchase",
        Decimal("4.99"),
        EVIDENCE,
        "invoice",
    )
    page = client.get(_url(world, "statement", pk=councillor.pk)).content.decode()
    assert "Councillors hold an office and are not employees" in page
    assert "Still to invoice" in page and "Still to go to payroll" not in page
    assert EVIDENCE in page and "Invoice, not deducted from pay" in page
    assert "Sent to payroll" not in page  # not a choice for an invoiced charge
    # Sending it to payroll is refused, with nothing written; invoicing it settles it.
    with assert_audited(world.council):
        client.post(
            _url(world, "charge_change", pk=charge.pk),
            {"amount": "4.99", "status": "paid_to_payroll"},
        )
    with assert_audited(world.council, Event.CHARGE_CHANGED):
        client.post(
            _url(world, "charge_change", pk=charge.pk), {"amount": "4.99", "status": "invoiced"}
        )
    charge.refresh_from_db()
    assert charge.status == "invoiced"
    with pytest.raises(ChargeError, match="been invoiced; add a new charge"):
        change_charge(charge, actor=SETUP, amount=Decimal("1.00"))
    # The payroll export says how each charge is recovered.
    csv = client.get(_url(world, "statement_export", pk=councillor.pk)).content.decode()
    assert "Recovered by" in csv or "Settlement" in csv
    assert "Invoiced" in csv and EVIDENCE in csv


def test_a_staff_members_purchase_is_deducted_from_pay(client, world):
    staff = world.people[Role.STAFF]
    client.force_login(world.clerk)
    client.post(_url(world, "charge_add"), _purchase(world, Role.STAFF))
    charge = Charge.objects.get()
    assert charge.settlement == "deduct_from_pay"
    page = client.get(_url(world, "statement", pk=staff.pk)).content.decode()
    assert "Deducted from pay, through payroll." in page and "Still to go to payroll" in page
    with pytest.raises(ChargeError, match="deducted from pay"):
        change_charge(charge, actor=SETUP, status="invoiced")
    # The person sees the same on their own statement.
    client.force_login(world.staff)
    assert EVIDENCE in client.get(_url(world, "my_statement")).content.decode()


def test_a_purchase_needs_its_evidence_and_its_council_device(client, world):
    client.force_login(world.clerk)
    no_evidence = _purchase(world, Role.STAFF, evidence="")
    with assert_audited(world.council):
        page = client.post(_url(world, "charge_add"), no_evidence)
    assert "give the evidence of the purchase" in page.content.decode()
    no_device = _purchase(world, Role.STAFF, device="")
    with assert_audited(world.council):
        page = client.post(_url(world, "charge_add"), no_device)
    assert "choose the council device the purchase was made on" in page.content.decode()
    assert not Charge.objects.exists()
    # Other charges need no evidence, as before.
    add_charge(
        world.people[Role.STAFF],
        kind=ChargeKind.REPAIR,
        amount=Decimal("40.00"),
        description="Cracked screen",
        source_reference="Repair invoice 17",
        actor=SETUP,
    )
