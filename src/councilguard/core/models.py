"""Councils, the memberships that give users a role in one, and the base for council-owned rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from councilguard.core.roles import CLERKS_OFFICE, Action, Role, role_can

if TYPE_CHECKING:
    from councilguard.accounts.models import User


class Council(models.Model):
    """A town or parish council: the unit of tenancy. Every council-owned row points at one."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(user__is_active=True)

    def clerks_office(self, council) -> MembershipQuerySet:
        """The council's active clerk and deputy clerks, who are told what the clerk must know."""
        return self.active().filter(council=council, role__in=CLERKS_OFFICE)

    def emails(self) -> list[str]:
        return sorted(set(self.values_list("user__email", flat=True)))


class Membership(models.Model):
    """A user's role in one council. A user may hold roles in several councils (C30)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    # The chair of the oversight committee (B 1.1.6, 2.1.4, 8.2.1): decides a clerk's own
    # requests when the council has no deputy clerk. Named by the clerk on the Access page.
    is_committee_chair = models.BooleanField("Committee chair", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["council__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "council"], name="membership_one_role_per_council"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.council})"

    def can(self, action: Action) -> bool:
        return role_can(self.role, action, committee_chair=self.is_committee_chair)


class CouncilQuerySet(models.QuerySet):
    """Tenancy in one place: every council-owned queryset narrows through these two methods."""

    def in_council(self, council: Council) -> CouncilQuerySet:
        return self.filter(council=council)

    def visible_to(self, user: User) -> CouncilQuerySet:
        """Rows of the councils in which ``user`` holds any role."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(council__memberships__user=user)


class CouncilOwned(models.Model):
    """Abstract base for every row that belongs to one council."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")

    objects = CouncilQuerySet.as_manager()

    class Meta:
        abstract = True


class ScheduleRun(models.Model):
    """When a named schedule last fired (core.jobs.SCHEDULES); the worker claims it by a
    conditional update."""

    name = models.CharField(max_length=100, unique=True)
    last_fired_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_fired_at:%Y-%m-%d %H:%M}"


class WorkerHeartbeat(models.Model):
    """The last time each worker process went round its loop: /healthz reports a deployment
    whose newest beat is old as having no worker (then no reminder, check or backup runs)."""

    worker_id = models.CharField(max_length=200, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class AuditCheck(models.Model):
    """One run of the nightly audit verification over every council (deployment-wide): /healthz
    reports the deployment unhealthy while the latest run found a broken chain."""

    checked_at = models.DateTimeField()
    councils = models.PositiveIntegerField()
    broken = models.PositiveIntegerField()

    class Meta:
        get_latest_by = "checked_at"

    def __str__(self) -> str:
        return f"audit check at {self.checked_at:%Y-%m-%d %H:%M}: {self.broken} broken"

    @property
    def ok(self) -> bool:
        return self.broken == 0
