"""Bill lines in the event store (DESIGN 7): Parquet under the data directory, one file per
batch and day (``phone/<council>/day=YYYY-MM-DD/<batch>.parquet``), read only for committed
batches. Written to a temporary name and renamed, so a crash leaves no half file that counts.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import ibis
import polars as pl
from django.conf import settings

from councilguard.core.models import Council
from councilguard.phones.canonical import SCHEMA

SOURCE_DIR = "phone"


def council_dir(council: Council) -> Path:
    return Path(settings.DATA_DIR) / SOURCE_DIR / council.slug


def write_batch(council: Council, batch_id: uuid.UUID, records: pl.DataFrame) -> list[str]:
    """Write ``records`` as this batch's files; return the days written (UTC, ISO)."""
    root = council_dir(council)
    frame = records.with_columns(batch=pl.lit(str(batch_id)), day=pl.col("start_utc").dt.date())
    days = []
    written: list[tuple[Path, Path]] = []
    try:
        for (day,), part in frame.partition_by("day", as_dict=True, maintain_order=False).items():
            folder = root / f"day={day.isoformat()}"
            folder.mkdir(parents=True, exist_ok=True)
            final = folder / f"{batch_id}.parquet"
            temporary = folder / f".{batch_id}.parquet.tmp"
            part.drop("day").write_parquet(temporary, statistics=True)
            written.append((temporary, final))
            days.append(day.isoformat())
        for temporary, final in written:
            temporary.replace(final)
    except BaseException:
        remove_batch(council, batch_id)
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise
    return sorted(days)


def remove_batch(council: Council, batch_id: uuid.UUID) -> None:
    for path in council_dir(council).glob(f"day=*/{batch_id}.parquet"):
        path.unlink(missing_ok=True)


def remove_all(council: Council) -> None:
    shutil.rmtree(council_dir(council), ignore_errors=True)


def lines(council: Council, batch_ids: list[str]) -> ibis.Table | pl.DataFrame:
    """The bill lines of the given (committed) batches, as an Ibis table on DuckDB."""
    files = sorted(str(p) for p in council_dir(council).glob("day=*/*.parquet"))
    wanted = set(batch_ids)
    files = [f for f in files if Path(f).stem in wanted]
    if not files:
        return pl.DataFrame(schema={**SCHEMA, "batch": pl.String})
    con = ibis.duckdb.connect()
    return con.read_parquet(files, hive_partitioning=False)
