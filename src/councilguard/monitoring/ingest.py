"""Ingestion: a log file becomes one batch in the event store, with a receipt (DESIGN 8).

The file is streamed in chunks of whole lines. Each chunk is parsed (parsers.py), each event
attributed to whoever held its user name or address at that moment (identities.py), its host
categorised (categories.py), and written to the batch's staging files (eventstore.py). Only at
the end, in one transaction, is the batch recorded, audited and moved into place; a file whose
SHA-256 is already recorded is a no-op, and an error or Ctrl-C part-way leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
from django.db import IntegrityError, transaction

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council
from councilguard.monitoring import categories, identities
from councilguard.monitoring.eventstore import StagedBatch
from councilguard.monitoring.models import (
    BatchStatus,
    CategoryMeaning,
    IdentityKind,
    IngestBatch,
    MonitoringSource,
    RejectedLine,
    UnattributedIdentifier,
)
from councilguard.monitoring.parsers import FORMATS, LONDON, YearGuess

_LONDON = ZoneInfo(LONDON)

CHUNK_BYTES = 32 * 1024 * 1024
# A receipt lists this many rejected lines and unattributed identifiers; the counts are whole.
KEEP_REJECTS = 500
KEEP_UNATTRIBUTED = 200


class IngestError(ValueError):
    """A file or source that cannot be ingested at all; the message is safe to show."""


@dataclass
class Receipt:
    batch: IngestBatch
    duplicate: bool
    rejects: list[tuple[int, str]] = field(default_factory=list)
    events: int = 0

    def as_dict(self) -> dict:
        batch = self.batch
        return {
            "batch": str(batch.public_id),
            "file": batch.file_name,
            "format": batch.format,
            "sha256": batch.sha256,
            "lines": batch.lines,
            "accepted": batch.accepted,
            "rejected": batch.rejected,
            "unattributed": batch.unattributed,
            "events": self.events,
            "days": batch.days,
            "seconds": round(batch.seconds, 3),
            "duplicate": self.duplicate,
            "rejected_lines": [{"line": n, "reason": r} for n, r in self.rejects[:20]],
        }


def source_for(council: Council, kind: str, fmt: str) -> MonitoringSource:
    """The governed source a file may be ingested into, or a clear refusal (C18)."""
    if fmt not in FORMATS:
        raise IngestError(f"unknown format {fmt!r}; known formats: {', '.join(sorted(FORMATS))}")
    if FORMATS[fmt].kind != kind:
        raise IngestError(f"format {fmt!r} is a {FORMATS[fmt].kind} log, not {kind}")
    source = MonitoringSource.objects.filter(council=council, kind=kind).first()
    if source is None:
        raise IngestError(
            f"{council.slug} has not set up {kind} monitoring: give its purpose, lawful basis, "
            "impact assessment, policy clause, retention and owner first (sources set)"
        )
    missing = source.missing()
    if missing:
        raise IngestError(f"{kind} monitoring of {council.slug} is missing: {', '.join(missing)}")
    return source


def _chunks(path: Path, digest, progress: Callable[[int], None] | None) -> Iterator[bytes]:
    """Whole-line chunks of the file, feeding the digest as they are read."""
    carry = b""
    with path.open("rb") as handle:
        while True:
            block = handle.read(CHUNK_BYTES)
            if not block:
                break
            digest.update(block)
            if progress:
                progress(len(block))
            block = carry + block if carry else block
            cut = block.rfind(b"\n") + 1
            if cut == 0:
                carry = block
                continue
            carry = block[cut:]
            yield block[:cut]
    if carry:
        yield carry


class _Enricher:
    """Attribution and categorisation of parsed events, for one council's ingest."""

    def __init__(self, council: Council, kind: str):
        self.held = identities.periods(
            council, [IdentityKind.PROXY_USER, IdentityKind.IP, IdentityKind.DEVICE]
        )
        meanings = dict(
            CategoryMeaning.objects.filter(council=council).values_list("category", "meaning")
        )
        self.categorise = categories.categoriser(meanings)

    def __call__(self, events: pl.DataFrame) -> pl.DataFrame:
        by_user = identities.attribute(events, self.held, IdentityKind.PROXY_USER, "user")
        by_address = identities.attribute(events, self.held, IdentityKind.IP, "client")
        local = pl.col("at") + pl.duration(minutes=_offsets(events["at"]))
        return pl.concat([events, self.categorise(events["host"])], how="horizontal").with_columns(
            pl.coalesce(by_user, by_address).alias("person_id"),
            pl.coalesce(pl.col("user"), pl.col("client")).alias("identifier"),
            local.dt.date().alias("local_date"),
            (local.dt.hour().cast(pl.Int16) * 60 + local.dt.minute()).alias("local_minute"),
            (local.dt.weekday() - 1).cast(pl.Int8).alias("weekday"),
        )


def _offsets(at: pl.Series) -> pl.Series:
    """UK local time's offset from UTC, in minutes, for each moment. The offset changes only on
    the hour, so it is looked up once per distinct hour rather than per event."""
    hours = at.dt.epoch("s") // 3600
    offsets = {
        hour: int(datetime.fromtimestamp(hour * 3600, _LONDON).utcoffset().total_seconds() // 60)
        for hour in hours.unique().to_list()
    }
    return hours.replace_strict(offsets, return_dtype=pl.Int32)


def ingest_file(
    council: Council,
    kind: str,
    fmt: str,
    path: Path,
    *,
    actor: Actor,
    file_name: str | None = None,
    progress: Callable[[int], None] | None = None,
    reference_date: date | None = None,
) -> Receipt:
    source = source_for(council, kind, fmt)
    parse = FORMATS[fmt].parse
    started = time.perf_counter()
    if reference_date is None:
        # Syslog lines carry no year: take the file's own date (formats_and_law A2.2).
        reference_date = datetime.fromtimestamp(path.stat().st_mtime).date()
    year = YearGuess(reference_date)
    enrich = _Enricher(council, kind)
    digest = hashlib.sha256()
    staged = StagedBatch(council, kind)
    lines = accepted = events_written = 0
    rejects: list[tuple[int, str]] = []
    rejected = 0
    unattributed: list[pl.DataFrame] = []
    first = last = None
    try:
        for chunk in _chunks(path, digest, progress):
            parsed = parse(chunk, lines + 1, year)
            lines += parsed.lines
            rejected += len(parsed.rejects)
            accepted += parsed.lines - len(parsed.rejects)
            if len(rejects) < KEEP_REJECTS:
                rejects += parsed.rejects[: KEEP_REJECTS - len(rejects)]
            if parsed.events.is_empty():
                continue
            events = enrich(parsed.events)
            staged.write(events)
            events_written += events.height
            span = events.select(pl.col("at").min().alias("lo"), pl.col("at").max().alias("hi"))
            lo, hi = span.row(0)
            first = lo if first is None else min(first, lo)
            last = hi if last is None else max(last, hi)
            unattributed.append(
                events.filter(pl.col("person_id").is_null()).group_by("identifier").len()
            )
        staged.close()
        receipt = _commit(
            council,
            source,
            staged,
            actor=actor,
            fmt=fmt,
            name=file_name or path.name,
            sha256=digest.hexdigest(),
            size=path.stat().st_size,
            counts=(lines, accepted, rejected, events_written),
            span=(first, last),
            rejects=rejects,
            unattributed=unattributed,
            started=started,
        )
    except BaseException:
        # Including KeyboardInterrupt: nothing of a batch that did not commit stays behind.
        staged.discard()
        raise
    return receipt


def _commit(
    council,
    source,
    staged,
    *,
    actor,
    fmt,
    name,
    sha256,
    size,
    counts,
    span,
    rejects,
    unattributed,
    started,
) -> Receipt:
    lines, accepted, rejected, events_written = counts
    existing = IngestBatch.objects.filter(council=council, source=source, sha256=sha256).first()
    if existing is not None:
        staged.discard()
        return Receipt(existing, duplicate=True)
    missing = (
        pl.concat(unattributed)
        .group_by("identifier")
        .agg(pl.col("len").sum())
        .sort(["len", "identifier"], descending=[True, False])
        if unattributed
        else pl.DataFrame(schema={"identifier": pl.String, "len": pl.UInt32})
    )
    try:
        with transaction.atomic():
            batch = IngestBatch.objects.create(
                council=council,
                public_id=staged.batch_id,
                source=source,
                format=fmt,
                file_name=name[:255],
                sha256=sha256,
                size_bytes=size,
                status=BatchStatus.COMMITTED,
                lines=lines,
                accepted=accepted,
                rejected=rejected,
                unattributed=int(missing["len"].sum()) if missing.height else 0,
                first_event_at=span[0],
                last_event_at=span[1],
                days=staged.days,
                seconds=0,
                created_by_label=actor.label[:200],
            )
            RejectedLine.objects.bulk_create(
                RejectedLine(batch=batch, line_number=n, reason=r[:200]) for n, r in rejects
            )
            UnattributedIdentifier.objects.bulk_create(
                UnattributedIdentifier(batch=batch, identifier=(i or "")[:200], events=c)
                for i, c in missing.head(KEEP_UNATTRIBUTED).iter_rows()
            )
            batch.seconds = time.perf_counter() - started
            batch.save(update_fields=["seconds"])
            audit.record(
                council,
                Event.EVENTS_INGESTED,
                actor=actor,
                target=batch,
                changes={
                    "file": batch.file_name,
                    "sha256": sha256,
                    "lines": lines,
                    "accepted": accepted,
                    "rejected": rejected,
                    "events": events_written,
                    "unattributed": batch.unattributed,
                    "days": staged.days,
                },
            )
            staged.publish()
    except IntegrityError:
        # The same file committed by another ingest meanwhile.
        staged.discard()
        existing = IngestBatch.objects.get(council=council, source=source, sha256=sha256)
        return Receipt(existing, duplicate=True)
    return Receipt(batch, duplicate=False, rejects=rejects, events=events_written)
