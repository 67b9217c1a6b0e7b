"""A record of every bundle of personal data that left, or was prepared to leave, the council
(DESIGN 18): what was in it, its hashes, and the audit-chain head it was built at."""

from __future__ import annotations

import uuid

from django.db import models

from councilguard.core.models import CouncilOwned
from councilguard.people.models import Person


class Disclosure(CouncilOwned):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # What it is for, in words: "Subject access request R-0003".
    purpose = models.CharField(max_length=300)
    subject = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="disclosures"
    )
    subject_label = models.CharField(max_length=200)
    built_at = models.DateTimeField()
    built_by_label = models.CharField(max_length=200)
    # {"files": [{"name", "title", "rows", "sha256"}], "withheld": [...], "redacted": {...}}
    manifest = models.JSONField(default=dict)
    chain_sequence = models.PositiveBigIntegerField()
    chain_head = models.CharField(max_length=64)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveBigIntegerField()
    file_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["-built_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.built_at:%Y-%m-%d %H:%M})"
