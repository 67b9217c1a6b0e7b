"""The append-only, hash-chained audit trail (C28, DESIGN 5)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import models

from councilguard.audit.events import Event
from councilguard.core.models import Council, CouncilQuerySet

GENESIS_HASH = "0" * 64


class AuditEntry(models.Model):
    """One recorded event. Each entry holds its predecessor's hash, so any edit, deletion or
    reordering breaks the chain of its council. Never updated or deleted by the application."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="audit_entries")
    # Position in this council's chain, from 1.
    sequence = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    # Event values, without database choices: apps add events without a migration each time.
    event = models.CharField(max_length=60, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=200)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=60, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["council_id", "sequence"]
        verbose_name_plural = "audit entries"
        constraints = [
            models.UniqueConstraint(
                fields=["council", "sequence"], name="audit_sequence_unique_per_council"
            ),
        ]
        indexes = [models.Index(fields=["council", "-occurred_at"], name="audit_council_recent")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.event} by {self.actor_label}"

    def get_event_display(self) -> str:
        try:
            return Event(self.event).label
        except ValueError:
            return self.event

    def canonical_payload(self) -> dict[str, Any]:
        """Every field the hash covers, in a form that survives a database round trip."""
        return {
            "council": self.council_id,
            "sequence": self.sequence,
            "occurred_at": self.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "event": self.event,
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target_label": self.target_label,
            "summary": self.summary,
            "changes": self.changes,
            "ip_address": self.ip_address,
            "previous_hash": self.previous_hash,
        }

    def compute_hash(self) -> str:
        blob = json.dumps(
            self.canonical_payload(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ChainHead(models.Model):
    """The latest entry of one chain. Locking this row serialises writers of that chain, and
    comparing it with the last entry reveals a deleted tail."""

    council = models.OneToOneField(Council, on_delete=models.PROTECT, related_name="audit_head")
    sequence = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"head {self.sequence} of {self.council}"
