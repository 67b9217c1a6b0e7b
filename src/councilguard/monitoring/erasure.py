"""Erasing a person's raw monitoring events from the event store on request (UK GDPR Art 17,
C20): each day file holding their rows is rewritten without them (to a partial file, then
moved into place, so a reader sees the old file or the new, never half of one); a file left
empty is removed. Refused while a legal hold is on the person."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from councilguard.core.personal_data import ErasureRefused, Subject
from councilguard.monitoring import eventstore
from councilguard.monitoring.models import LegalHold

KEYS = {"events-proxy": "proxy", "events-dns": "dns"}


def under_hold(subject: Subject) -> bool:
    return LegalHold.objects.filter(
        council=subject.council, person_id=subject.person_id, released_at__isnull=True
    ).exists()


def _without(path: Path, person_id: int) -> int:
    """Rewrite one file without the person's rows; the number removed."""
    if not _holds(path, person_id):
        return 0
    table = pq.read_table(path, schema=eventstore.SCHEMA)
    keep = pc.not_equal(table["person_id"], pa.scalar(person_id, pa.int32()))
    kept = table.filter(pc.fill_null(keep, True))
    removed = table.num_rows - kept.num_rows
    if not kept.num_rows:
        path.unlink()
        return removed
    partial = path.with_suffix(".partial")
    pq.write_table(kept, partial, **eventstore.WRITE_OPTIONS)
    os.replace(partial, path)
    return removed


def _holds(path: Path, person_id: int) -> bool:
    """Whether a file may hold the person's rows, from its statistics when it has them."""
    meta = pq.ParquetFile(path).metadata
    column = meta.schema.names.index("person_id")
    for group in range(meta.num_row_groups):
        stats = meta.row_group(group).column(column).statistics
        if stats is None or not stats.has_min_max or stats.min <= person_id <= stats.max:
            return True
    return False


def erase(subject: Subject, key: str) -> dict:
    """Remove the subject's events of one kind from every stored file; the receipt."""
    if key not in KEYS:
        raise ErasureRefused("this kind of data is not erased here")
    if under_hold(subject):
        raise ErasureRefused("a legal hold keeps these events while a claim or case needs them")
    files = removed = 0
    for path in eventstore.files(subject.council, KEYS[key]):
        gone = _without(path, subject.person_id)
        if gone:
            files, removed = files + 1, removed + gone
    return {"source": KEYS[key], "files_rewritten": files, "events_removed": removed}
