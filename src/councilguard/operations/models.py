"""What operations keep in the relational store: the record of every backup taken."""

from __future__ import annotations

from django.db import models


class BackupRun(models.Model):
    """One backup, taken by the worker's schedule or from the command line. Deployment-wide,
    not a council's: it is kept here rather than in the councils' audit trails (see
    docs/architecture.md "Operations"), and its manifest pins every council's chain head."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "Scheduled"
        COMMAND = "command", "Command line"

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    directory = models.CharField(max_length=1000)
    council_slug = models.SlugField(max_length=60, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    ok = models.BooleanField(default=False)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        state = "ok" if self.ok else "failed"
        return f"backup {self.started_at:%Y-%m-%d %H:%M} to {self.directory}: {state}"
