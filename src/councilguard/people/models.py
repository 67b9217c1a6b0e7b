"""The people a council's policy covers (C3, B "Scope"): councillors, staff and other users."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from councilguard.core.models import CouncilOwned, CouncilQuerySet, Membership
from councilguard.core.roles import SEES_EVERYONE, Role
from councilguard.people.patterns import Span, is_working_at, parse_pattern


class PersonKind(models.TextChoices):
    # Councillors hold an office; they are not employees, so employment rules (payroll
    # deductions, eye tests for employees, disciplinary procedure) do not apply to them.
    COUNCILLOR = "councillor", "Councillor"
    STAFF = "staff", "Staff member"
    OTHER = "other", "Other authorised user"


class PeerGroup(CouncilOwned):
    """Similar users compared with one another, e.g. "grounds staff" (A "Monitoring of Mobile
    Phone Usage")."""

    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="peer_group_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(CouncilQuerySet):
    def for_membership(self, membership: Membership) -> PersonQuerySet:
        """The people this role may see: everyone for the clerk, IT provider and data protection
        lead; a manager's own team and themselves (DESIGN 9); otherwise only oneself."""
        people = self.in_council(membership.council)
        if membership.role in SEES_EVERYONE:
            return people
        own = Q(user=membership.user)
        if membership.role == Role.MANAGER:
            return people.filter(own | Q(line_manager__user=membership.user))
        return people.filter(own)

    def current(self, on: date | None = None) -> PersonQuerySet:
        on = on or date.today()
        return self.filter(Q(leave_date__isnull=True) | Q(leave_date__gte=on))


class Person(CouncilOwned):
    """Someone the policy covers. May have a user account (``user``) to sign in with."""

    full_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PersonKind.choices)
    job_title = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    line_manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    peer_group = models.ForeignKey(
        PeerGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    start_date = models.DateField(null=True, blank=True)
    leave_date = models.DateField(null=True, blank=True)
    uses_display_screen = models.BooleanField(
        default=False, help_text="Uses display screen equipment (B 3.1.1: eye tests offered)."
    )
    # Canonical text of the weekly pattern (see patterns.py); empty means no set hours.
    working_pattern = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["council", "user"],
                condition=Q(user__isnull=False),
                name="person_one_per_user_per_council",
            ),
            models.CheckConstraint(
                condition=Q(leave_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(leave_date__gte=models.F("start_date")),
                name="person_leaves_after_starting",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_employee(self) -> bool:
        return self.kind == PersonKind.STAFF

    @property
    def primary_email(self) -> str:
        emails = list(self.emails.all())
        primary = next((e for e in emails if e.is_primary), emails[0] if emails else None)
        return primary.address if primary else ""

    @property
    def spans(self) -> list[Span]:
        return parse_pattern(self.working_pattern)

    def is_working_at(self, moment: datetime) -> bool:
        return is_working_at(self.spans, moment)

    def has_left(self, on: date | None = None) -> bool:
        return self.leave_date is not None and self.leave_date < (on or date.today())


class PersonEmail(CouncilOwned):
    """A council e-mail address a person uses; anyone with one is in scope (B "Monitoring")."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emails")
    address = models.EmailField()
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "address"]
        constraints = [
            models.UniqueConstraint(fields=["council", "address"], name="person_email_unique")
        ]

    def __str__(self) -> str:
        return self.address
