"""Append to and verify the per-council hash chains (DESIGN 5)."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterator, Sequence
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
    return record_many(council, [Pending(event, actor, target, summary, changes)])[0]


@dataclass(frozen=True)
class Pending:
    """An event for ``record_many``: the arguments of ``record``."""

    event: Event
    actor: Actor
    target: models.Model | None = None
    summary: str = ""
    changes: dict[str, Any] | None = None


def record_many(council: Council, pending: Sequence[Pending]) -> list[AuditEntry]:
    """Append events to ``council``'s chain in order, locking its head once and inserting them
    together: for a service that records many changes at once (an analysis raising hundreds of
    findings). Inside the service's own transaction, as ``record``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the transaction of the change it records")
    if not pending:
        return []
    head, _ = ChainHead.objects.get_or_create(council=council)
    head = ChainHead.objects.select_for_update().get(pk=head.pk)
    now = timezone.now()
    entries = []
    for item in pending:
        actor, target = item.actor, item.target
        entry = AuditEntry(
            council=council,
            sequence=head.sequence + 1,
            occurred_at=now,
            event=item.event,
            actor=actor.user,
            actor_label=_text(actor.label)[:200],
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_label=_text(str(target))[:300] if target is not None else "",
            summary=_text(item.summary)[:500],
            changes=_json_safe(item.changes or {}),
            ip_address=_ip(actor.ip_address),
            previous_hash=head.entry_hash,
        )
        entry.entry_hash = entry.compute_hash()
        head.sequence, head.entry_hash = entry.sequence, entry.entry_hash
        entries.append(entry)
    if len(entries) == 1:
        entries[0].save(force_insert=True)
    else:
        AuditEntry.objects.bulk_create(entries)
    head.save(update_fields=["sequence", "entry_hash"])
    return entries


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
    """Walk ``council``'s chain in order and report the first entry that does not fit.

    The head is read first and the walk stops at its sequence, so entries written while the
    check runs are left for the next check rather than mistaken for tampering."""
    head = ChainHead.objects.filter(council=council).first()
    last = head.sequence if head is not None else 0
    expected_previous = GENESIS_HASH
    count = 0
    for expected_sequence, entry in enumerate(_entries(council, up_to=last), start=1):
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
    # Every council's chain starts with the entry of its creation (core.services.create_council),
    # so a chain with no head, or a head over no entries, has been emptied or was never kept.
    if head is None:
        if AuditEntry.objects.filter(council=council).exists():
            reason = "the chain head is missing"
        else:
            reason = (
                "the trail has no entries and no chain head "
                "(it should start with the council's creation)"
            )
        return ChainReport(council, count, expected_previous, ChainBreak(council, 1, None, reason))
    if head.sequence == 0:
        stored = AuditEntry.objects.filter(council=council).count()
        reason = (
            f"the chain head records no entries but {stored} are stored (the head was reset)"
            if stored
            else "the trail has no entries (it should start with the council's creation)"
        )
        return ChainReport(council, count, expected_previous, ChainBreak(council, 1, None, reason))
    if head.sequence != count:
        brk = ChainBreak(
            council,
            count + 1,
            None,
            f"the chain head records {head.sequence} entries but {count} remain "
            "(entries at the end were removed)",
        )
        return ChainReport(council, count, expected_previous, brk)
    if head.entry_hash != expected_previous:
        brk = ChainBreak(
            council,
            count,
            None,
            "the chain head's fingerprint does not match the last entry "
            "(the head, or the last entry and its fingerprint, were changed)",
        )
        return ChainReport(council, count, expected_previous, brk)
    return ChainReport(council, count, expected_previous, None)


def _json_safe(value: Any) -> Any:
    """Keep only values every database's JSON column gives back unchanged (strings, whole
    numbers, booleans, null, lists, objects), so the hash computed now matches the one computed
    from the stored row. Anything else (floats, which jsonb may rewrite; dates; decimals) is
    stored as its text."""
    if isinstance(value, dict):
        return {_text(str(key)): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [_json_safe(item) for item in items]
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, float):
        return repr(value)
    try:  # dates, times, decimals, UUIDs: as Django writes them to JSON
        encoded = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    except TypeError:
        encoded = str(value)
    return _text(str(encoded))


def _text(value: str) -> str:
    # PostgreSQL refuses NUL in text and jsonb.
    return value.replace("\x00", "\ufffd")


def _ip(address: str | None) -> str | None:
    """The address as the database will store it (IPv6 compressed, no zone), or None."""
    if not address:
        return None
    try:
        return str(ipaddress.ip_address(address.split("%", 1)[0]))
    except ValueError:
        return None


def _entries(council: Council, *, up_to: int) -> Iterator[AuditEntry]:
    entries = AuditEntry.objects.filter(council=council, sequence__lte=up_to)
    return entries.order_by("sequence", "pk").iterator(2000)
