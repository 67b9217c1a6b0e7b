"""Append to and verify the per-council hash chains (DESIGN 5)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.audit.models import GENESIS_HASH, AuditEntry, ChainHead
from councilguard.core.models import Council


def record(
    council: Council,
    event: Event,
    *,
    actor: Actor,
    target: models.Model | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one event to ``council``'s chain. Call inside the service's own transaction, so
    the change and its audit entry commit or roll back together."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the transaction of the change it records")
    head, _ = ChainHead.objects.get_or_create(council=council)
    head = ChainHead.objects.select_for_update().get(pk=head.pk)
    entry = AuditEntry(
        council=council,
        sequence=head.sequence + 1,
        occurred_at=timezone.now(),
        event=event,
        actor=actor.user,
        actor_label=actor.label,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        summary=summary[:500],
        changes=_json_safe(changes or {}),
        ip_address=actor.ip_address,
        previous_hash=head.entry_hash,
    )
    entry.entry_hash = entry.compute_hash()
    entry.save(force_insert=True)
    head.sequence = entry.sequence
    head.entry_hash = entry.entry_hash
    head.save(update_fields=["sequence", "entry_hash"])
    return entry


@dataclass(frozen=True)
class ChainBreak:
    council: Council
    sequence: int
    entry_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"entry #{self.sequence}" + (f" (id {self.entry_id})" if self.entry_id else "")
        return f"{self.council.slug}: {where}: {self.reason}"


@dataclass(frozen=True)
class ChainReport:
    council: Council
    entries: int
    head_hash: str
    first_break: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify_chain(council: Council) -> ChainReport:
    """Walk ``council``'s chain in order and report the first entry that does not fit."""
    expected_previous = GENESIS_HASH
    count = 0
    for expected_sequence, entry in enumerate(_entries(council), start=1):
        count += 1
        problem = None
        if entry.sequence != expected_sequence:
            problem = (
                f"sequence is {entry.sequence}, expected {expected_sequence} "
                "(an entry was removed or the entries were reordered)"
            )
        elif entry.previous_hash != expected_previous:
            problem = "does not follow the entry before it (reordered or an entry was removed)"
        elif entry.compute_hash() != entry.entry_hash:
            problem = "its contents were changed after it was written"
        if problem:
            brk = ChainBreak(council, expected_sequence, entry.pk, problem)
            return ChainReport(council, count, expected_previous, brk)
        expected_previous = entry.entry_hash
    head = ChainHead.objects.filter(council=council).first()
    if head is not None and (head.sequence, head.entry_hash) != (count, expected_previous):
        brk = ChainBreak(
            council,
            count + 1,
            None,
            f"the chain head records {head.sequence} entries but {count} remain "
            "(entries at the end were removed)",
        )
        return ChainReport(council, count, expected_previous, brk)
    return ChainReport(council, count, expected_previous, None)


def _json_safe(changes: dict[str, Any]) -> dict[str, Any]:
    """Turn dates, decimals and UUIDs into the strings the JSON column will give back, so the
    hash computed now matches the one computed from the stored row."""
    return json.loads(json.dumps(changes, cls=DjangoJSONEncoder))


def _entries(council: Council) -> Iterator[AuditEntry]:
    return AuditEntry.objects.filter(council=council).order_by("sequence", "pk").iterator(2000)
