"""An export becomes one batch in the event store, with the receipt a web log gets (DESIGN 8):
``councilguard ingest --source m365-trace|gmail-log|entra-signin|google-login FILE``, the
upload page and the API all come here (``monitoring.ingest.WHOLE_FILE_FORMATS``).

The export is read in blocks of whole lines, each block's records written to the staged
batch's day files as soon as their times can be read (``records.Assembly``,
``store.DayFiles``); as for a line log, good rows are taken and each bad line is listed by
number on the receipt, the batch commits whole or leaves nothing, and the same file twice is a
no-op.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.mail import attribution, exports, signins, store, traces
from councilguard.mail.models import MailSettings
from councilguard.mail.records import Parsed
from councilguard.monitoring.ingest import IngestError, Receipt, commit_batch
from councilguard.monitoring.models import IngestBatch, MonitoringSource, SourceKind

MAX_BYTES = 512 * 1024 * 1024
DAWN_MS = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ExportFormat:
    name: str
    kind: str
    label: str
    parse: Callable[..., Parsed]
    has_subjects: bool = False


FORMATS = {
    f.name: f
    for f in (
        ExportFormat(
            "m365-trace",
            SourceKind.EMAIL,
            "Microsoft 365 message trace (Get-MessageTrace CSV, admin centre report, Graph JSON)",
            traces.parse_trace,
            has_subjects=True,
        ),
        ExportFormat(
            "gmail-log",
            SourceKind.EMAIL,
            "Google Workspace Gmail log export",
            traces.parse_gmail,
            has_subjects=True,
        ),
        ExportFormat(
            "entra-signin",
            SourceKind.SIGNIN,
            "Entra ID sign-ins (portal CSV, Graph or PowerShell export)",
            signins.parse_entra,
        ),
        ExportFormat(
            "google-login",
            SourceKind.SIGNIN,
            "Google Workspace login audit export",
            signins.parse_google,
        ),
    )
}


@dataclass
class ExportReceipt(Receipt):
    variant: str = ""
    # Rows are taken or rejected one by one, as in a line log: nothing is refused whole here
    # once the file is readable (the command line's whole-file check reads this).
    problems: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {**super().as_dict(), "variant": self.variant}


def governed_source(council: Council, kind: str) -> MonitoringSource:
    """The council's source of this kind, refused until it is fully set up (C18)."""
    label = SourceKind(kind).label.lower()
    source = MonitoringSource.objects.filter(council=council, kind=kind).first()
    if source is None:
        raise IngestError(
            f"{council.slug} has not set up {label} monitoring: give its purpose, lawful basis, "
            "impact assessment, policy clause, retention and owner first"
        )
    missing = source.missing()
    if missing:
        raise IngestError(f"{label} monitoring of {council.slug} is missing: {', '.join(missing)}")
    return source


def ingest_export(
    council: Council, path: Path, *, actor: Actor, file_name: str, fmt: str
) -> ExportReceipt:
    started = time.perf_counter()
    spec = FORMATS[fmt]
    source = governed_source(council, spec.kind)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise IngestError(f"cannot read {path.name}: {error.strerror}") from None
    if size > MAX_BYTES:
        raise IngestError(
            f"the file is larger than {MAX_BYTES // 2**20} MB; export a shorter period"
        )
    # The file is hashed on a second thread while it is parsed (both let go of the GIL),
    # unless a batch of the same size already exists: then a repeat is caught before parsing.
    same_size = IngestBatch.objects.filter(council=council, source=source, size_bytes=size)
    hashing = ThreadPoolExecutor(max_workers=1)
    digest = hashing.submit(_sha256, path)
    taken = Taken(council, spec.kind)
    try:
        if same_size.exists():
            sha = digest.result()
            existing = same_size.filter(sha256=sha).first()
            if existing is not None:
                return ExportReceipt(existing, duplicate=True)
        try:
            if spec.has_subjects:
                keep = MailSettings.objects.filter(council=council, keep_subjects=True).exists()
                parsed = spec.parse(path, keep_subject=keep, sink=taken)
            else:
                parsed = spec.parse(path, sink=taken)
        except exports.ExportError as error:
            raise IngestError(str(error)) from None
        sha = digest.result()
        if not parsed.accepted or not taken.rows:
            first = (
                f" (line {parsed.rejects[0][0]}: {parsed.rejects[0][1]})" if parsed.rejects else ""
            )
            raise IngestError(
                f"no row of the file could be read as a {spec.label}: all {parsed.lines:,} "
                f"were rejected{first}. Is it the right file and the right source? Nothing "
                "was taken"
            )
        receipt = commit_batch(
            council,
            source,
            taken.files.staged,
            actor=actor,
            fmt=fmt,
            name=file_name,
            sha256=sha,
            size=size,
            counts=(parsed.lines, parsed.accepted, len(parsed.rejects), taken.rows),
            span=(taken.first_ms, taken.last_ms),
            rejects=parsed.rejects[:500],
            unattributed=taken.unattributed,
            started=started,
        )
    except BaseException:
        taken.files.staged.discard()
        raise
    finally:
        hashing.shutdown(wait=True, cancel_futures=True)
    return ExportReceipt(
        receipt.batch,
        duplicate=receipt.duplicate,
        rejects=receipt.rejects,
        events=receipt.events,
        variant=parsed.variant,
    )


class Taken:
    """Where an export's records go as they are read, block by block: the staged batch's day
    files, with what the receipt and batch row need counted on the way (rows, first and
    last times, identifiers no one can be found for)."""

    def __init__(self, council: Council, kind: str):
        self.council, self.kind = council, kind
        self.held = attribution.holdings(council)
        self.files = store.DayFiles(council, kind)
        self.clear()

    def take(self, records: pl.DataFrame) -> None:
        self.unattributed += _unattributed(self.kind, records, self.held)
        ms = records.get_column("at").dt.epoch("ms")
        low, high = int(ms.min()), int(ms.max())
        self.first_ms = low if self.first_ms is None else min(self.first_ms, low)
        self.last_ms = high if self.last_ms is None else max(self.last_ms, high)
        self.rows += records.height
        self.files.take(records)

    def clear(self) -> None:
        self.files.clear()
        self.rows = 0
        self.first_ms: int | None = None
        self.last_ms: int | None = None
        self.unattributed: Counter = Counter()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(4 * 2**20):
            digest.update(block)
    return digest.hexdigest()


def _unattributed(kind: str, records: pl.DataFrame, held: pl.DataFrame) -> Counter:
    """Events no one can be found for, by identifier: a sign-in whose account nobody held, a
    message neither sent nor received by a council address anyone held. Worked out per
    distinct address and, for addresses held only for a while, per distinct time."""
    if kind == SourceKind.SIGNIN:
        found = _held(records, "user", held)
        missing = records.filter(~found)["user"]
    else:
        found = _held(records, "sender", held) | _held(records, "recipient", held)
        missing = records.filter(~found)["sender"]
    return Counter(dict(missing.cast(pl.String).value_counts().iter_rows()))


def _held(records: pl.DataFrame, column: str, held: pl.DataFrame) -> pl.Series:
    """Whether each row's address in ``column`` was held by anyone at the row's time."""
    values = records.get_column(column).cast(pl.String)
    always = held.filter(pl.col("valid_from") <= DAWN_MS, pl.col("valid_to").is_null())
    result = values.is_in(always["value"].implode())
    bounded = held.join(always.select("value"), on="value", how="anti")
    if bounded.is_empty():
        return result
    candidates = (
        records.select(pl.col("at"), values.alias("value"))
        .with_row_index("_row")
        .filter(pl.col("value").is_in(bounded["value"].implode()))
    )
    inside = (
        candidates.join(bounded, on="value")
        .filter(
            (pl.col("at") >= pl.col("valid_from"))
            & (pl.col("valid_to").is_null() | (pl.col("at") < pl.col("valid_to")))
        )
        .get_column("_row")
        .unique()
    )
    return result | pl.int_range(records.height, eager=True).is_in(inside.implode())
