"""Messages and sign-ins in the monitoring event store (DESIGN 7): Parquet per UTC day under
``events/email/...`` and ``events/signin/...``, staged with the batch and published only when
its row commits (``monitoring.eventstore.StagedBatch``), removed day by day by retention."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from councilguard.core.models import Council
from councilguard.mail.records import as_text
from councilguard.monitoring import eventstore
from councilguard.monitoring.eventstore import StagedBatch


def stage(council: Council, kind: str, records: pl.DataFrame) -> StagedBatch:
    """Write a parsed export's records (with their batch) to a staged batch, one file a day."""
    staged = StagedBatch(council, kind)
    batch = str(staged.batch_id)
    # The UTC day of each record as a date (a number), not as text: a million rows are
    # compared with a number per day rather than formatted and compared as strings.
    days = records.get_column("at").dt.date()
    try:
        for day in days.unique().sort().to_list():
            # One day at a time, its text columns back as text: the whole file is never
            # held twice (issue 19: a million rows under 512 MB).
            part = as_text(records.filter(days == day)).with_columns(batch=pl.lit(batch))
            path = staged.dir / f"day={day:{eventstore.DAY_FORMAT}}" / f"{batch}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            part.sort("at").write_parquet(path, compression="zstd", compression_level=1)
            staged.rows[f"{day:{eventstore.DAY_FORMAT}}"] = part.height
    except BaseException:
        staged.discard()
        raise
    return staged


def scan(
    council: Council, kind: str, start: date | None = None, end: date | None = None
) -> pl.LazyFrame | None:
    """Every committed record of a council's source, from ``start`` to ``end`` (UTC days,
    with a day either side so UK local days are whole), or None when there is none."""
    lo = start - timedelta(days=1) if start else None
    hi = end + timedelta(days=1) if end else None
    files = eventstore.files(council, kind, lo, hi)
    if not files:
        return None
    return pl.scan_parquet(files)
