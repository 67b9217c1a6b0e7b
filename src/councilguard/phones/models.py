"""Phone bill monitoring (C13): carrier profiles, the business directory, the numbers people say
are their own, the council's thresholds, and personal use agreed for recovery (C8).

Bill lines themselves are monitoring events in the event store (DESIGN 7); findings are the
monitoring app's ``Finding`` rows with ``source_kind`` "phone".
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from councilguard.core.models import CouncilOwned


class CarrierProfile(CouncilOwned):
    """A council's mapping of one carrier's bill layout onto the canonical record
    (``profiles.Profile`` as JSON, docs/phone-profiles.md)."""

    name = models.CharField(max_length=60)
    definition = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="carrier_profile_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class BusinessKind(models.TextChoices):
    OWN = "own", "The council's own number"
    SUPPLIER = "supplier", "Supplier or contractor"
    COUNCIL = "council", "Another council or public body"
    OTHER = "other", "Other business contact"


class BusinessNumber(CouncilOwned):
    """A number calls to which are council business (the business directory)."""

    number = models.CharField(max_length=30, help_text="E.164, e.g. +441632960001")
    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=BusinessKind.choices, default=BusinessKind.OTHER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["label", "number"]
        constraints = [
            models.UniqueConstraint(fields=["council", "number"], name="business_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.number})"


class PersonalNumber(CouncilOwned):
    """A number a person has said is one of their own personal contacts (family, doctor...)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="personal_numbers"
    )
    number = models.CharField(max_length=30)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person__full_name", "number"]
        constraints = [
            models.UniqueConstraint(fields=["person", "number"], name="personal_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.person})"


class PhoneSettings(CouncilOwned):
    """The council's thresholds for high and clearly personal phone use (one row per council);
    the defaults are ``analysis.Thresholds``."""

    history_months = models.PositiveSmallIntegerField(default=6)
    min_history = models.PositiveSmallIntegerField(default=3)
    ratio = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("3.5"))
    # A month is also high when it is this many times the person's usual variation above
    # their median (the median absolute deviation of their months, or of all their use over
    # the last year if that is wider, never less than the share of the median below): a
    # steady user's rise is found below the ratio, a volatile user's ordinary swing is not.
    spread_multiple = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("5.5"))
    spread_floor_percent = models.PositiveSmallIntegerField(default=14)
    peer_ratio = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("4.5"))
    min_peers = models.PositiveSmallIntegerField(default=4)
    # How far above its baseline a month must be to be high at all, per measure.
    floor_calls = models.PositiveIntegerField(default=30)
    floor_minutes = models.PositiveIntegerField(default=90)
    floor_texts = models.PositiveIntegerField(default=40)
    floor_data_mb = models.PositiveIntegerField(default=512)
    floor_cost_pence = models.PositiveIntegerField(default=500)
    international_min_minutes = models.PositiveSmallIntegerField(default=5)
    long_call_minutes = models.PositiveSmallIntegerField(default=20)
    long_calls_out_of_hours = models.PositiveSmallIntegerField(default=2)
    # Tariff insight: each line's monthly data allowance (0 = unknown).
    bundle_data_gb = models.PositiveIntegerField(default=10)
    # The clauses the findings cite (seed A sections, by reference).
    usage_clause = models.CharField(max_length=40, default="A Monitoring of Mobile Phone Usage")
    personal_clause = models.CharField(max_length=40, default="A Making Personal Calls")

    class Meta:
        verbose_name_plural = "phone settings"
        constraints = [
            models.UniqueConstraint(fields=["council"], name="phone_settings_one_per_council")
        ]

    def __str__(self) -> str:
        return f"Phone settings of {self.council}"


class PersonalUseItem(CouncilOwned):
    """Personal use a reviewer agreed with the person is to be recovered (seed A "Making
    Personal Calls"): an amount and the bill lines behind it, sent to the charges statement
    (C8) when that exists; never deducted by the system itself."""

    finding = models.OneToOneField(
        "monitoring.Finding", on_delete=models.PROTECT, related_name="personal_use_item"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="personal_use_items"
    )
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    description = models.CharField(max_length=300)
    bill_reference = models.CharField(max_length=300)
    agreed_at = models.DateTimeField()
    agreed_by_label = models.CharField(max_length=200)
    # The row on the charges statement (devices.charges), once it exists there.
    charge_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-agreed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="personal_use_item_positive")
        ]

    def __str__(self) -> str:
        return f"£{self.amount} personal use by {self.person}"


class UsageMonth(CouncilOwned):
    """One person's phone use in one month, as the last analysis summed it: the monthly report
    reads these (DESIGN 7: summaries live in the relational store, events in the event store)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    calls = models.PositiveIntegerField()
    minutes = models.FloatField()
    texts = models.PositiveIntegerField()
    data_bytes = models.BigIntegerField()
    cost_pence = models.BigIntegerField()
    personal_cost_pence = models.BigIntegerField()
    calls_out_of_hours = models.PositiveIntegerField()
    own_median_data = models.FloatField(null=True)
    own_median_cost = models.FloatField(null=True)
    # What the month is judged on as a baseline of later months (issue 18; phones.judged):
    # calls, minutes and texts less clear personal use (``data_bytes`` and ``cost_pence``
    # are judged as they are), and a digest of everything that decides which lines are whose
    # and which are personal use. Empty when cleared (retention, erasure) or never written:
    # then the month's bill lines are read instead.
    judged_calls = models.PositiveIntegerField(null=True)
    judged_minutes = models.FloatField(null=True)
    judged_texts = models.PositiveIntegerField(null=True)
    judged_basis = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["month", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "person", "month"], name="usage_month_one_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.month:%Y-%m}"
