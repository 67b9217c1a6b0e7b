"""The event store (DESIGN 7): monitoring events as Parquet files, one directory per source kind,
council and day, under ``settings.DATA_DIR``::

    events/<kind>/council=<id>/day=<YYYY-MM-DD>/<batch id>.parquet

A batch is written under ``staging/<batch id>/`` first and moved into place only when its
IngestBatch row commits; readers take only files whose batch is committed, so a crash at any
point leaves nothing half-visible, and ``sweep`` removes what a crash left behind. Retention
deletes whole day directories.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

from councilguard.core.models import Council
from councilguard.monitoring.models import BatchStatus, IngestBatch

# The columns stored for web and DNS events. Paths and query strings are never stored: the
# rules need only the site (data minimisation, ICO monitoring guidance).
TEXT = pa.dictionary(pa.int32(), pa.string())
SCHEMA = pa.schema(
    [
        ("at", pa.timestamp("ms", tz="UTC")),
        ("line", pa.int64()),
        ("person_id", pa.int32()),
        ("client", TEXT),
        ("user", TEXT),  # "" when the log names no user
        ("host", TEXT),
        ("category", TEXT),
        # The most serious category of a host listed in several (categories.categorise).
        ("alt_category", TEXT),
        ("action", TEXT),
        ("method", TEXT),
        ("status", pa.int32()),
        ("size", pa.int64()),
        ("blocked", pa.bool_()),
        # UK local date, minute of the day and weekday (0 = Monday): working hours are local,
        # and precomputing them keeps the rules free of time zone functions, which the
        # analytics engines do not share.
        ("local_date", pa.date32()),
        ("local_minute", pa.int16()),
        ("weekday", pa.int8()),
    ]
)
MS_PER_DAY = 86_400_000
TEXT_COLUMNS = [f.name for f in SCHEMA if f.type == TEXT]
# How event files are written (measured for speed: docs/benchmarks.md). No Arrow schema in the
# file: readers see plain text columns, whichever engine reads them (the dictionaries are
# Parquet's own encoding). Times and line numbers rise steadily, so they are stored as
# deltas; statistics only where readers filter.
WRITE_OPTIONS = {
    "compression": "lz4",
    "store_schema": False,
    "use_dictionary": TEXT_COLUMNS,
    "column_encoding": {
        "at": "DELTA_BINARY_PACKED",
        "line": "DELTA_BINARY_PACKED",
        "local_minute": "DELTA_BINARY_PACKED",
    },
    "write_statistics": ["at", "person_id", "local_date"],
    "data_page_version": "2.0",
}
DAY_FORMAT = "%Y-%m-%d"


def root() -> Path:
    return Path(settings.DATA_DIR)


def council_dir(council: Council, kind: str) -> Path:
    return root() / "events" / kind / f"council={council.pk}"


class StagedBatch:
    """Parquet writers for one batch, one per day, in the batch's staging directory."""

    def __init__(self, council: Council, kind: str, batch_id: uuid.UUID | None = None):
        self.council = council
        self.kind = kind
        self.batch_id = batch_id or uuid.uuid4()
        self.dir = root() / "staging" / str(self.batch_id)
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.rows: dict[str, int] = {}
        self.has_hosts = False

    def write(self, events: pa.Table) -> None:
        """Appends events (a table with SCHEMA) to their days' files."""
        if not events.num_rows:
            return
        days = events["at"].cast(pa.int64()).to_numpy() // MS_PER_DAY
        first, last = int(days.min()), int(days.max())
        for day in range(first, last + 1):
            part = events if first == last else events.filter(pa.array(days == day))
            if not part.num_rows:
                continue
            name = date.fromordinal(date(1970, 1, 1).toordinal() + day).strftime(DAY_FORMAT)
            writer = self.writers.get(name)
            if writer is None:
                path = self.dir / f"day={name}" / f"{self.batch_id}.parquet"
                path.parent.mkdir(parents=True, exist_ok=True)
                writer = pq.ParquetWriter(path, SCHEMA, **WRITE_OPTIONS)
                self.writers[name] = writer
            writer.write_table(part)
            self.rows[name] = self.rows.get(name, 0) + part.num_rows

    def write_hosts(
        self,
        hosts: dict[str, tuple[str | None, str | None]],
        rated: Iterable[tuple[str, str | None, str | None]] = (),
    ) -> None:
        """The batch's distinct hosts and their categories: the analysis reads these few rows
        instead of scanning every event for them. ``rated`` adds (host, category, alt_category)
        as a vendor's log classified them (a host may carry several)."""
        path = self.dir / "hosts" / f"{self.batch_id}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = [(h, c, a) for h, (c, a) in hosts.items()] + list(rated)
        pq.write_table(
            pa.table(
                {
                    "host": pa.array([h for h, _, _ in rows], pa.string()),
                    "category": pa.array([c or "" for _, c, _ in rows], pa.string()),
                    "alt_category": pa.array([a or "" for _, _, a in rows], pa.string()),
                }
            ),
            path,
        )
        self.has_hosts = True

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()
        self.writers.clear()

    @property
    def days(self) -> list[str]:
        return sorted(self.rows)

    def publish(self) -> None:
        """Moves the staged files into the store (call inside the transaction that commits the
        batch row: until that commits, readers ignore the files)."""
        self.close()
        target = council_dir(self.council, self.kind)
        for day in self.days:
            final = target / f"day={day}"
            final.mkdir(parents=True, exist_ok=True)
            os.replace(
                self.dir / f"day={day}" / f"{self.batch_id}.parquet",
                final / f"{self.batch_id}.parquet",
            )
        if self.has_hosts:
            (target / "hosts").mkdir(parents=True, exist_ok=True)
            os.replace(
                self.dir / "hosts" / f"{self.batch_id}.parquet",
                target / "hosts" / f"{self.batch_id}.parquet",
            )
        self.discard()

    def discard(self) -> None:
        self.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def committed_ids(council: Council, kind: str) -> set[str]:
    return {
        str(public_id)
        for public_id in IngestBatch.objects.filter(
            council=council, source__kind=kind, status=BatchStatus.COMMITTED
        ).values_list("public_id", flat=True)
    }


def day_dirs(council: Council, kind: str) -> dict[date, Path]:
    base = council_dir(council, kind)
    if not base.is_dir():
        return {}
    found = {}
    for entry in base.iterdir():
        if entry.is_dir() and entry.name.startswith("day="):
            try:
                found[datetime.strptime(entry.name[4:], DAY_FORMAT).date()] = entry
            except ValueError:
                continue
    return found


def files(
    council: Council, kind: str, start: date | None = None, end: date | None = None
) -> list[Path]:
    """The committed files of a council's source, for days from ``start`` to ``end``."""
    ids = committed_ids(council, kind)
    chosen = []
    for day, folder in sorted(day_dirs(council, kind).items()):
        if (start and day < start) or (end and day > end):
            continue
        chosen += [p for p in sorted(folder.glob("*.parquet")) if p.stem in ids]
    return chosen


def hosts(council: Council, kind: str) -> list[tuple[str, str, str]] | None:
    """Distinct (host, category, alt_category) of the committed batches ("" for none), from
    their host lists; None when a batch has no list (then the events must be scanned)."""
    ids = committed_ids(council, kind)
    folder = council_dir(council, kind) / "hosts"
    paths = [folder / f"{batch}.parquet" for batch in sorted(ids)]
    if not paths or not all(p.exists() for p in paths):
        return None
    frame = pl.concat([pl.read_parquet(p) for p in paths]).unique()
    return list(frame.iter_rows())


def scan(
    council: Council, kind: str, start: date | None = None, end: date | None = None
) -> pl.LazyFrame:
    paths = files(council, kind, start, end)
    if not paths:
        plain = pa.schema([(f.name, pa.string() if f.type == TEXT else f.type) for f in SCHEMA])
        return pl.LazyFrame(pl.from_arrow(plain.empty_table()))
    return pl.scan_parquet(paths)


def read_events(
    council: Council, kind: str, *, person_id: int, start: date, end: date, limit: int = 1000
) -> list[dict]:
    """One person's events over one period, oldest first: what a reviewer sees behind a finding
    (DESIGN 9), never those to a protected site (C18). Callers check the role, ask the purpose
    and write the audit entry."""
    from councilguard.privacy import protection

    frame = scan(council, kind, start, end).filter(pl.col("person_id") == person_id)
    shielded = protection.web_protected_polars(
        protection.protected_in(council), person_id=person_id
    )
    if shielded is not None:
        frame = frame.filter(~shielded)
    frame = (
        frame.sort("at")
        .head(limit)
        .select(
            "at",
            "host",
            "category",
            "action",
            "status",
            "blocked",
            "method",
            pl.when(pl.col("user") == "")
            .then(pl.col("client"))
            .otherwise(pl.col("user"))
            .alias("identifier"),
        )
        .collect()
    )
    return frame.to_dicts()


def sweep(older_than_seconds: int = 3600) -> int:
    """Removes what a crash left: staging directories and unpublished files older than an hour
    (younger ones may belong to an ingest still running)."""
    removed = 0
    cutoff = time.time() - older_than_seconds
    staging = root() / "staging"
    if staging.is_dir():
        for entry in staging.iterdir():
            if entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
    known = {str(p) for p in IngestBatch.objects.values_list("public_id", flat=True)}
    for path in [
        *(root() / "events").glob("*/council=*/day=*/*.parquet"),
        *(root() / "events").glob("*/council=*/hosts/*.parquet"),
    ]:
        if path.stem not in known and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def remove_days(council: Council, kind: str, days: Iterable[date]) -> None:
    folders = day_dirs(council, kind)
    for day in days:
        if day in folders:
            shutil.rmtree(folders[day], ignore_errors=True)
