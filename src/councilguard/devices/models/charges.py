"""Charges to a person (C8): what they owe the council, gathered on one statement for payroll."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from councilguard.core.models import CouncilOwned


class ChargeKind(models.TextChoices):
    # Seed A "Personally Issued ... Devices": repair or replacement beyond fair wear and tear.
    REPAIR = "repair", "Repair beyond fair wear and tear"
    REPLACEMENT = "replacement", "Replacement"
    # Seed A "Lost or Stolen Mobile Phones": the person pays the insurance excess.
    INSURANCE_EXCESS = "insurance_excess", "Insurance excess"
    # Seed A "Personally Issued ...": not returned, or returned in unsatisfactory condition, on
    # leaving: the replacement cost or a proportionate amount, deducted from final monies.
    NON_RETURN = "non_return", "Not returned at leaving"
    POOR_CONDITION = "poor_condition", "Poor condition at leaving"
    # Seed A "Making Personal Calls ...": unreasonable personal calls, texts or data recovered.
    PERSONAL_PHONE_USE = "personal_phone_use", "Personal phone use"
    # Seed A "Making Personal Calls ...": the person pays for apps (and content) bought for
    # personal use on a council device; recorded with its evidence (a receipt, a store line).
    PERSONAL_PURCHASE = "personal_purchase", "Personal app or content purchase"


class Settlement(models.TextChoices):
    """How the charge is recovered. Councillors hold an office and are not employees, so
    nothing is deducted from their pay: they are invoiced (as is anyone not on the payroll)."""

    DEDUCT_FROM_PAY = "deduct_from_pay", "Deducted from pay"
    INVOICE = "invoice", "Invoiced"


class ChargeStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    AGREED = "agreed", "Agreed"
    WAIVED = "waived", "Waived"
    PAID_TO_PAYROLL = "paid_to_payroll", "Sent to payroll"
    INVOICED = "invoiced", "Invoice sent"


class Charge(CouncilOwned):
    """An amount a person owes the council, with where it came from (a loss report, a returned
    device, a phone bill ...). Payroll works from the person's statement of these."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="charges")
    kind = models.CharField(max_length=20, choices=ChargeKind.choices)
    amount = models.DecimalField("Amount (£)", max_digits=10, decimal_places=2)
    description = models.CharField(max_length=300)
    # Where the charge came from, in words another system can quote, e.g. "phone bill 2026-03".
    source_reference = models.CharField(max_length=200)
    device = models.ForeignKey(
        "devices.Device", on_delete=models.PROTECT, null=True, blank=True, related_name="charges"
    )
    loss = models.ForeignKey(
        "devices.LossReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charges",
    )
    status = models.CharField(
        max_length=20, choices=ChargeStatus.choices, default=ChargeStatus.PENDING
    )
    status_note = models.CharField(max_length=300, blank=True)
    # What shows the charge is owed (a store receipt, an order number, a bill line).
    evidence = models.CharField(max_length=500, blank=True)
    settlement = models.CharField(
        max_length=20, choices=Settlement.choices, default=Settlement.DEDUCT_FROM_PAY
    )
    created_at = models.DateTimeField()
    created_by_label = models.CharField(max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["council", "person"], name="charge_council_person")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="charge_amount_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} £{self.amount} ({self.person})"

    @property
    def settled(self) -> bool:
        """Gone to payroll or invoiced: no longer changes."""
        return self.status in (ChargeStatus.PAID_TO_PAYROLL, ChargeStatus.INVOICED)

    @property
    def counts(self) -> bool:
        """Whether the charge is owed (a waived charge is shown but not totalled)."""
        return self.status != ChargeStatus.WAIVED
