"""Private communications (C18, A "Monitoring of Personal Communications").

A person may ask that a telephone number, an e-mail address or a site be kept from view,
once (one day) or standing (until withdrawn). Their line manager decides (the clerk for a
manager, a councillor or anyone without a manager). The reason is seen only by the person and
whoever decides: it is never written to the audit trail. The council also keeps a list of
contacts protected for everyone (999, 111, the Samaritans, its own helplines).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from councilguard.core.models import CouncilOwned


class ContactKind(models.TextChoices):
    NUMBER = "number", "Telephone number"
    EMAIL = "email", "E-mail address"
    SITE = "site", "Website"


class Extent(models.TextChoices):
    ONCE = "once", "One day only"
    STANDING = "standing", "Until withdrawn"


class RequestStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for a decision"
    GRANTED = "granted", "Protected"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Decider(models.TextChoices):
    MANAGER = "manager", "Your line manager"
    CLERK = "clerk", "The clerk"


class ProtectionRequest(CouncilOwned):
    """One person's request that a contact be kept out of what reviewers see."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="protection_requests"
    )
    kind = models.CharField(max_length=10, choices=ContactKind.choices)
    # Normalised: E.164 or short-code digits, a lower-case address, a lower-case host name.
    value = models.CharField(max_length=254)
    extent = models.CharField(max_length=10, choices=Extent.choices)
    # The UK day a one-off protection covers; empty for a standing one.
    on_date = models.DateField(null=True, blank=True)
    # Seen only by the person and the decider (never in the audit trail or a report).
    reason = models.TextField()
    decided_by_role = models.CharField(max_length=10, choices=Decider.choices)
    # The line manager who decides, when a manager does.
    decider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.WAITING
    )
    requested_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by_label = models.CharField(max_length=200, blank=True)
    refusal_reason = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(extent="standing", on_date__isnull=True)
                | Q(extent="once", on_date__isnull=False),
                name="protection_once_has_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person}"


class AlwaysProtected(CouncilOwned):
    """A contact protected for everyone in the council (helplines, emergency numbers)."""

    kind = models.CharField(max_length=10, choices=ContactKind.choices)
    value = models.CharField(max_length=254)
    label = models.CharField(max_length=200)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "label", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "kind", "value"], name="always_protected_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label
