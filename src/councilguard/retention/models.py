"""The council's retention schedule and the receipts of its runs (C19, B 5.1.3)."""

from __future__ import annotations

from django.db import models

from councilguard.core.models import CouncilOwned


class RetentionPeriod(CouncilOwned):
    """A period the council set for one kind of data, in place of the kind's default."""

    kind = models.CharField(max_length=60)
    days = models.PositiveIntegerField()
    # Why the council chose this period (the default's reason is the kind's own).
    reason = models.TextField()
    changed_at = models.DateTimeField()
    changed_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["council", "kind"], name="retention_period_once"),
            models.CheckConstraint(condition=models.Q(days__gte=1), name="retention_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.days} days"


class RetentionReceipt(CouncilOwned):
    """One run over every kind: per kind, what was due, deleted, and kept for which hold.

    ``lines`` holds one dict per kind: kind, label, days, before (ISO date), due, deleted and
    kept (a list of {"for": the hold's reason, "count": n}); due = deleted + kept always."""

    run_at = models.DateTimeField()
    run_by_label = models.CharField(max_length=200)
    today = models.DateField()
    lines = models.JSONField(default=list)
    deleted = models.BigIntegerField(default=0)
    kept = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-run_at", "-pk"]

    def __str__(self) -> str:
        return f"Retention run of {self.today}"

    @property
    def due(self) -> int:
        return self.deleted + self.kept
