"""Bill lines in the monitoring event store (DESIGN 7, ``monitoring.eventstore``): Parquet
files under ``events/phone/council=<id>/day=<YYYY-MM-DD>/<batch>.parquet``, staged and
published with the batch's row, read only for committed batches, removed by retention by day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

import polars as pl
import pyarrow as pa

from councilguard.core.models import Council
from councilguard.monitoring import eventstore
from councilguard.monitoring.eventstore import StagedBatch
from councilguard.monitoring.models import SourceKind
from councilguard.phones.canonical import SCHEMA

if TYPE_CHECKING:
    import ibis

KIND = SourceKind.PHONE

# The canonical record as stored: ``at`` is the start in UTC (the store's day partitions and
# retention key), plus the batch, so a finding can name the bill and line it rests on.
STORED = pa.schema(
    [
        ("at", pa.timestamp("us", tz="UTC")),
        ("line", pa.int64()),
        ("line_number", pa.string()),
        ("start_local", pa.timestamp("us")),
        ("called_number", pa.string()),
        ("description", pa.string()),
        ("usage_class", pa.string()),
        ("roaming", pa.bool_()),
        ("direction", pa.string()),
        ("duration_s", pa.int64()),
        ("data_bytes", pa.int64()),
        ("cost_pence", pa.int64()),
        ("in_bundle", pa.bool_()),
        ("roaming_country", pa.string()),
        ("batch", pa.string()),
    ]
)


def stage(council: Council, records: pl.DataFrame) -> StagedBatch:
    """Write a bill's records to a staged batch (published with its row), one file per day in
    the layout StagedBatch.write gives web events (StagedBatch.write takes web events only).

    A two-year bill spans some 700 days: Polars' partitioned sink writes them all from one
    plan, in parallel, naming each file after the batch in its day's folder."""
    staged = StagedBatch(council, KIND)
    if not records.height:
        return staged
    batch = str(staged.batch_id)
    frame = records.lazy().rename({"start_utc": "at"}).with_columns(batch=pl.lit(batch))
    day = pl.col("at").dt.date().dt.strftime(eventstore.DAY_FORMAT).alias("_day")
    staged.dir.mkdir(parents=True, exist_ok=True)

    def file_path(args: pl.FileProviderArgs) -> str:
        return f"day={args.partition_keys['_day'][0]}/{batch}.parquet"

    try:
        frame.select(*STORED.names, day).sink_parquet(
            pl.PartitionBy(
                staged.dir,
                key="_day",
                include_key=False,
                file_path_provider=file_path,
                approximate_bytes_per_file=None,
            ),
            compression="zstd",
            compression_level=1,
            mkdir=True,
        )
    except BaseException:
        staged.discard()  # half a bill's days must not wait for the sweep
        raise
    counts = records.group_by(pl.col("start_utc").dt.date().alias("_day")).len()
    for day_value, rows in counts.iter_rows():
        staged.rows[f"{day_value:{eventstore.DAY_FORMAT}}"] = rows
    return staged


def person_lines(
    council: Council,
    holdings: pl.DataFrame,
    start: date,
    end: date,
    limit: int,
    *,
    leave_out: pl.Expr | None = None,
) -> pl.DataFrame:
    """The committed bill lines of the numbers in ``holdings`` (number, valid_from, valid_to:
    who held what when) made while they were held, with a local start from ``start`` to
    ``end``, oldest first, less the lines ``leave_out`` is true for (protected numbers). Day
    files are by UTC day, so a day either side is read too."""
    files = eventstore.files(council, KIND, start - timedelta(days=1), end + timedelta(days=1))
    if not files or holdings.is_empty():
        return pl.from_arrow(STORED.empty_table())
    frame = pl.scan_parquet(files, hive_partitioning=False)
    if leave_out is not None:
        frame = frame.filter(~leave_out)
    return (
        frame.filter(pl.col("start_local").dt.date().is_between(start, end))
        .join(holdings.lazy(), left_on="line_number", right_on="number", how="inner")
        .filter(
            (pl.col("at") >= pl.col("valid_from"))
            & (pl.col("valid_to").is_null() | (pl.col("at") < pl.col("valid_to")))
        )
        .select(STORED.names)
        .unique(["batch", "line"], keep="first")
        .sort("at", "batch", "line")
        .head(limit)
        .collect()
    )


def lines(
    council: Council, start: date | None = None, end: date | None = None
) -> ibis.Table | pl.DataFrame:
    """The committed bill lines of the council, as an Ibis table on DuckDB: every one, or
    those with a local start from ``start`` to ``end`` (day files are by UTC day, so only the
    files of those days and a day either side are read)."""
    files = [
        str(p)
        for p in eventstore.files(
            council,
            KIND,
            start - timedelta(days=1) if start else None,
            end + timedelta(days=1) if end else None,
        )
    ]
    if not files:
        return pl.DataFrame(schema={**SCHEMA, "batch": pl.String})
    import ibis

    table = ibis.duckdb.connect().read_parquet(files).rename(start_utc="at")
    if start is not None:
        table = table.filter(table.start_local >= datetime.combine(start, time.min))
    if end is not None:
        table = table.filter(
            table.start_local < datetime.combine(end + timedelta(days=1), time.min)
        )
    return table


def lines_of_months(council: Council, months: list[date]) -> ibis.Table | pl.DataFrame:
    """The committed bill lines of the council with a local start in one of ``months`` (their
    first days), as ``lines`` gives them: the day files of each run of consecutive months and
    a day either side."""
    runs: list[tuple[date, date]] = []
    for month in sorted(set(months)):
        last = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        if runs and runs[-1][1] + timedelta(days=1) == month:
            runs[-1] = (runs[-1][0], last)
        else:
            runs.append((month, last))
    files = sorted(
        {
            str(p)
            for start, end in runs
            for p in eventstore.files(
                council, KIND, start - timedelta(days=1), end + timedelta(days=1)
            )
        }
    )
    if not files:
        return pl.DataFrame(schema={**SCHEMA, "batch": pl.String})
    import ibis

    table = ibis.duckdb.connect().read_parquet(files).rename(start_utc="at")
    local = table.start_local
    within = [
        (local >= datetime.combine(start, time.min))
        & (local < datetime.combine(end + timedelta(days=1), time.min))
        for start, end in runs
    ]
    condition = within[0]
    for other in within[1:]:
        condition = condition | other
    return table.filter(condition)


def first_day(council: Council) -> date | None:
    """The first UTC day with a committed bill line (None for none)."""
    ids = eventstore.committed_ids(council, KIND)
    for day, folder in sorted(eventstore.day_dirs(council, KIND).items()):
        if any(p.stem in ids for p in folder.glob("*.parquet")):
            return day
    return None
