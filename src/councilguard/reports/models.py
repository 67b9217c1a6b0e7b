"""Committee packs as printed (C27, DESIGN 14)."""

from __future__ import annotations

from django.db import models

from councilguard.core.models import CouncilOwned


class CommitteePack(CouncilOwned):
    """One committee pack as printed: the PDF itself and the audit chain head it carries, so
    the committee reads exactly what was minuted, and a later pack shows what came after."""

    month = models.DateField(help_text="The first day of the month the pack covers.")
    made_at = models.DateTimeField()
    made_by_label = models.CharField(max_length=200)
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    chain_sequence = models.PositiveBigIntegerField()
    chain_hash = models.CharField(max_length=64)
    chain_intact = models.BooleanField()

    class Meta:
        ordering = ["-month", "-made_at"]

    def __str__(self) -> str:
        return f"Committee pack for {self.month:%B %Y}"
