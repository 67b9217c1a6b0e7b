"""Charges to a person (C8): the one way to add one (the phone-bills app calls ``add_charge``),
the proportionate amount for a device not returned or returned in poor condition, and each
person's statement for payroll."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.devices.models import (
    Charge,
    ChargeKind,
    ChargeStatus,
    Device,
    DeviceKind,
    LossReport,
    Settlement,
)
from councilguard.people.models import Person

__all__ = [
    "ChargeError",
    "ChargeKind",
    "Statement",
    "add_charge",
    "change_charge",
    "present_value",
    "proposed_leaving_charge",
    "statement_for",
]

PENNY = Decimal("0.01")
MAX_AMOUNT = Decimal("100000")

# Useful life in years, for the proportionate amount (seed A "Personally Issued ...": "the cost
# of replacement or a proportionate amount"). Straight-line: a device loses an equal part of
# its purchase cost each year of its life and is worth nothing after it. Phones and tablets
# last about three years, laptops four, desktops and fixed kit five, USB media two.
USEFUL_LIFE_YEARS: dict[str, int] = {
    DeviceKind.PHONE: 3,
    DeviceKind.TABLET: 3,
    DeviceKind.LAPTOP: 4,
    DeviceKind.DESKTOP: 5,
    DeviceKind.REMOVABLE_MEDIA: 2,
    DeviceKind.DASHCAM: 5,
    DeviceKind.TRACKER: 5,
    DeviceKind.CCTV_CAMERA: 5,
}
# A device handed back in poor condition still has some value; half its present value is the
# proposal (the clerk replaces it with the repair quote when there is one).
POOR_CONDITION_SHARE = Decimal("0.5")


class ChargeError(ValueError):
    """A charge the rules do not allow; the message says why."""


def present_value(device: Device, on: date | None = None) -> Decimal:
    """The device's purchase cost less straight-line depreciation to ``on``; 0 if unknown."""
    if device.purchase_cost is None:
        return Decimal("0.00")
    on = on or timezone.localdate()
    if device.purchased_on is None:
        return device.purchase_cost.quantize(PENNY)
    life_days = Decimal(USEFUL_LIFE_YEARS.get(device.kind, 5) * 365)
    age_days = Decimal(max((on - device.purchased_on).days, 0))
    remaining = max(Decimal(0), 1 - age_days / life_days)
    return (device.purchase_cost * remaining).quantize(PENNY, rounding=ROUND_HALF_UP)


def proposed_leaving_charge(device: Device, kind: str, on: date | None = None) -> Decimal:
    """What to propose for a device not returned (its present value) or returned in poor
    condition (a share of it) at leaving."""
    value = present_value(device, on)
    if kind == ChargeKind.POOR_CONDITION:
        return (value * POOR_CONDITION_SHARE).quantize(PENNY, rounding=ROUND_HALF_UP)
    return value


def _check_amount(amount: Decimal) -> Decimal:
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ChargeError("the amount must be a number of pounds, e.g. 25.00")
    if amount < 0:
        raise ChargeError("a charge cannot be negative")
    if amount >= MAX_AMOUNT:
        raise ChargeError("that amount is too large for a charge")
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


@transaction.atomic
def add_charge(
    person: Person,
    *,
    kind: ChargeKind,
    amount: Decimal,
    description: str,
    source_reference: str,
    actor: Actor,
    device: Device | None = None,
    loss: LossReport | None = None,
    evidence: str = "",
) -> Charge:
    """Add a pending charge to ``person``'s statement and record it. A councillor's charge
    (or anyone's not on the payroll) is invoiced, never deducted from pay."""
    if kind not in ChargeKind.values:
        raise ChargeError(f"{kind!r} is not a kind of charge")
    amount = _check_amount(amount)
    description, source_reference = description.strip(), source_reference.strip()
    if not description:
        raise ChargeError("describe the charge")
    if not source_reference:
        raise ChargeError("say where the charge comes from")
    for obj in (device, loss):
        if obj is not None and obj.council_id != person.council_id:
            raise ChargeError("the device or loss belongs to another council")
    evidence = evidence.strip()
    if len(evidence) > 500:
        raise ChargeError("the evidence is longer than 500 characters")
    if kind == ChargeKind.PERSONAL_PURCHASE:
        # Seed A "Making Personal Calls ...": apps for personal use on a council device.
        if device is None:
            raise ChargeError("choose the council device the purchase was made on")
        if not evidence:
            raise ChargeError("give the evidence of the purchase, e.g. the store's receipt")
    charge = Charge.objects.create(
        council=person.council,
        person=person,
        kind=kind,
        amount=amount,
        description=description[:300],
        source_reference=source_reference[:200],
        device=device,
        loss=loss,
        evidence=evidence,
        settlement=settlement_for(person),
        created_at=timezone.now(),
        created_by_label=actor.label[:200],
    )
    audit.record(
        person.council,
        Event.CHARGE_ADDED,
        actor=actor,
        target=charge,
        changes={
            "person": f"{person.full_name} (#{person.pk})",
            "kind": str(kind),
            "amount": str(amount),
            "source": charge.source_reference,
            "device": device.pk if device else None,
            "loss": loss.pk if loss else None,
            "evidence": evidence,
            "settlement": charge.settlement,
        },
    )
    return charge


def _settled_words(charge: Charge) -> str:
    return "gone to payroll" if charge.status == ChargeStatus.PAID_TO_PAYROLL else "been invoiced"


def settlement_for(person: Person) -> str:
    """Only staff are on the payroll; councillors hold an office and are not employees."""
    from councilguard.people.models import PersonKind

    if person.kind == PersonKind.STAFF:
        return Settlement.DEDUCT_FROM_PAY
    return Settlement.INVOICE


@transaction.atomic
def change_charge(
    charge: Charge,
    *,
    actor: Actor,
    status: str | None = None,
    amount: Decimal | None = None,
    note: str = "",
) -> bool:
    """The clerk changes a charge's amount or status (agreed, waived, sent to payroll); a
    waiver needs a reason. Return whether anything changed."""
    charge = Charge.objects.select_for_update().get(pk=charge.pk)
    changes: dict[str, list] = {}
    if amount is not None:
        amount = _check_amount(amount)
        if charge.settled and amount != charge.amount:
            raise ChargeError(f"this charge has {_settled_words(charge)}; add a new charge instead")
        if amount != charge.amount:
            changes["amount"] = [str(charge.amount), str(amount)]
            charge.amount = amount
    if status is not None and status != charge.status:
        if status not in ChargeStatus.values:
            raise ChargeError(f"{status!r} is not a status")
        if charge.settled:
            raise ChargeError(f"this charge has {_settled_words(charge)} and can no longer change")
        if status == ChargeStatus.PAID_TO_PAYROLL and charge.settlement == Settlement.INVOICE:
            raise ChargeError(
                "this charge is invoiced, not deducted from pay: councillors and others not "
                "on the payroll are sent an invoice"
            )
        if status == ChargeStatus.INVOICED and charge.settlement == Settlement.DEDUCT_FROM_PAY:
            raise ChargeError("this charge is deducted from pay: send it to payroll")
        if status == ChargeStatus.WAIVED and not note.strip():
            raise ChargeError("give the reason for waiving the charge")
        changes["status"] = [charge.status, status]
        charge.status = status
    if not changes:
        return False
    if note.strip():
        changes["note"] = [charge.status_note, note.strip()[:300]]
        charge.status_note = note.strip()[:300]
    charge.save(update_fields=["amount", "status", "status_note", "updated_at"])
    audit.record(charge.council, Event.CHARGE_CHANGED, actor=actor, target=charge, changes=changes)
    return True


def charges_for_loss(loss: LossReport, *, actor: Actor) -> list[Charge]:
    """After the clerk decides a loss (seed A): the excess, and with ``claim_cost`` the
    device's present value too. An earlier decision's pending charges are waived first, so a
    changed decision never charges twice. Called inside ``decide_reimbursement``."""
    from councilguard.devices.models import Reimbursement

    for earlier in loss.charges.filter(status=ChargeStatus.PENDING):
        change_charge(
            earlier, actor=actor, status=ChargeStatus.WAIVED, note="the decision was changed"
        )
    made = []
    source = f"Loss report #{loss.pk} ({loss.reported_at:%d %b %Y})"
    charged = loss.reimbursement in (Reimbursement.EXCESS_ONLY, Reimbursement.CLAIM_COST)
    if charged and loss.insurance_excess > 0:
        made.append(
            add_charge(
                loss.person,
                kind=ChargeKind.INSURANCE_EXCESS,
                amount=loss.insurance_excess,
                description=f"Insurance excess for {loss.device}, "
                f"{loss.get_kind_display().lower()}",
                source_reference=source,
                actor=actor,
                device=loss.device,
                loss=loss,
            )
        )
    if loss.reimbursement == Reimbursement.CLAIM_COST:
        value = present_value(loss.device, loss.reported_at.date())
        if value > 0:
            made.append(
                add_charge(
                    loss.person,
                    kind=ChargeKind.REPLACEMENT,
                    amount=value,
                    description=f"Replacement of {loss.device} (present value)",
                    source_reference=source,
                    actor=actor,
                    device=loss.device,
                    loss=loss,
                )
            )
    return made


@dataclass
class Statement:
    person: Person
    charges: list[Charge]

    @property
    def total(self) -> Decimal:
        """What the person owes: every charge not waived."""
        return sum((c.amount for c in self.charges if c.counts), Decimal("0.00"))

    @property
    def invoiced(self) -> bool:
        """Whether this person's charges are invoiced rather than deducted from pay."""
        return settlement_for(self.person) == Settlement.INVOICE

    @property
    def outstanding(self) -> Decimal:
        """What is still to go to payroll or be invoiced (pending or agreed)."""
        return sum(
            (
                c.amount
                for c in self.charges
                if c.status in (ChargeStatus.PENDING, ChargeStatus.AGREED)
            ),
            Decimal("0.00"),
        )


def statement_for(person: Person) -> Statement:
    charges = list(
        Charge.objects.filter(person=person).select_related("device").order_by("created_at", "pk")
    )
    return Statement(person, charges)
