"""Retention (C19): each night, a source's events older than its retention period are deleted
by whole days, except the events of people under legal hold, and each purge leaves a receipt.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.db import transaction
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.monitoring import eventstore
from councilguard.monitoring.models import LegalHold, MonitoringSource, PurgeReceipt
from councilguard.people.patterns import LONDON


def _rows(path) -> int:
    return pq.ParquetFile(path).metadata.num_rows


def _keep_only(path, held: list[int]) -> tuple[int, int]:
    """Rewrites one file with only the held people's events; (removed, kept)."""
    table = pq.read_table(path, schema=eventstore.SCHEMA)
    kept = table.filter(pc.is_in(table["person_id"], pa.array(held, pa.int32())))
    if not kept.num_rows:
        path.unlink()
        return table.num_rows, 0
    partial = path.with_suffix(".partial")
    pq.write_table(kept, partial, compression="zstd", store_schema=False)
    os.replace(partial, path)
    return table.num_rows - kept.num_rows, kept.num_rows


def purge_source(source: MonitoringSource, *, today: date | None = None) -> PurgeReceipt | None:
    """Deletes the source's days before its retention period; None if there was nothing."""
    if not source.retention_days:
        return None
    today = today or timezone.now().astimezone(LONDON).date()
    before = today - timedelta(days=source.retention_days)
    days = sorted(d for d in eventstore.day_dirs(source.council, source.kind) if d < before)
    if not days:
        return None
    held = list(
        LegalHold.objects.filter(council=source.council, released_at__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    removed = kept = 0
    emptied = []
    folders = eventstore.day_dirs(source.council, source.kind)
    for day in days:
        files = sorted(folders[day].glob("*.parquet"))
        if held:
            for path in files:
                gone, stayed = _keep_only(path, held)
                removed, kept = removed + gone, kept + stayed
            if not any(folders[day].glob("*.parquet")):
                emptied.append(day)
        else:
            removed += sum(_rows(p) for p in files)
            emptied.append(day)
    eventstore.remove_days(source.council, source.kind, emptied)
    with transaction.atomic():
        receipt = PurgeReceipt.objects.create(
            council=source.council,
            source=source,
            before_day=before,
            days=[d.isoformat() for d in days],
            events_removed=removed,
            events_kept=kept,
            run_at=timezone.now(),
        )
        audit.record(
            source.council,
            Event.EVENTS_PURGED,
            actor=Actor.system("worker"),
            target=receipt,
            changes={
                "source": source.kind,
                "before": before.isoformat(),
                "days": receipt.days,
                "removed": removed,
                "kept_for_legal_hold": kept,
            },
        )
    return receipt


def purge_all(today: date | None = None) -> list[PurgeReceipt]:
    receipts = []
    for source in MonitoringSource.objects.select_related("council"):
        receipt = purge_source(source, today=today)
        if receipt:
            receipts.append(receipt)
    eventstore.sweep()
    return receipts
