"""Messages and sign-ins in the monitoring event store (DESIGN 7): Parquet per UTC day under
``events/email/...`` and ``events/signin/...``, staged with the batch and published only when
its row commits (``monitoring.eventstore.StagedBatch``), removed day by day by retention."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from councilguard.core.models import Council
from councilguard.monitoring import eventstore
from councilguard.monitoring.eventstore import StagedBatch


class DayFiles:
    """A staged batch written block by block as an export is read (a sink of
    ``records.Assembly``): each block's records are appended to their UTC days' files, so
    the file's records are never held together (issue 19: a million rows under 512 MB).
    Each block's part of a day is sorted by time; readers sort what they show."""

    def __init__(self, council: Council, kind: str):
        self.council, self.kind = council, kind
        self.staged = StagedBatch(council, kind)

    def take(self, records: pl.DataFrame) -> None:
        staged = self.staged
        batch = str(staged.batch_id)
        # The UTC day of each record as a date (a number), not as text: a million rows are
        # compared with a number per day rather than formatted and compared as strings.
        days = records.get_column("at").dt.date()
        for day in days.unique().sort().to_list():
            name = f"{day:{eventstore.DAY_FORMAT}}"
            part = records.filter(days == day).with_columns(
                batch=pl.lit(batch, pl.String).cast(pl.Categorical)
            )
            # The repeated text goes to Parquet as the dictionaries it already is (readers
            # see text: no Arrow schema is stored), rather than text hashed again.
            table = part.sort("at").to_arrow()
            del part
            writer = staged.writers.get(name)
            if writer is None:
                path = staged.dir / f"day={name}" / f"{batch}.parquet"
                path.parent.mkdir(parents=True, exist_ok=True)
                writer = pq.ParquetWriter(path, table.schema, **_write_options(table.schema))
                staged.writers[name] = writer
            writer.write_table(table.cast(writer.schema))
            staged.rows[name] = staged.rows.get(name, 0) + table.num_rows

    def clear(self) -> None:
        """Forgets everything written (the file is being read again from the start)."""
        self.staged.discard()
        self.staged = StagedBatch(self.council, self.kind)


def _write_options(schema: pa.Schema) -> dict:
    """Dictionary encoding for the repeated text only, and statistics only for the time
    that readers filter on: each costs time on every block for columns of unique values
    (message ids, line numbers), which Polars's writer skipped on its own (measured:
    docs/benchmarks.md)."""
    return {
        "compression": "zstd",
        "compression_level": 1,
        "store_schema": False,
        "use_dictionary": [f.name for f in schema if pa.types.is_dictionary(f.type)],
        "write_statistics": ["at"],
    }


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
