"""Ingestion: a log file becomes one batch in the event store, with a receipt (DESIGN 8).

The file is streamed in chunks of whole lines. Each chunk is parsed (parsers.py), each event
attributed to whoever held its user name or address at that moment (identities.py), its host
categorised (categories.py), and written to the batch's staging files (eventstore.py). Only at
the end, in one transaction, is the batch recorded, audited and moved into place; a file whose
SHA-256 is already recorded is a no-op, and an error or Ctrl-C part-way leaves nothing behind.
"""

from __future__ import annotations

import codecs
import hashlib
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from queue import Empty, Full, Queue, SimpleQueue
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
from django.conf import settings
from django.db import IntegrityError, transaction

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core import archives
from councilguard.core.models import Council
from councilguard.monitoring import categories, identities, logprofiles
from councilguard.monitoring.eventstore import MS_PER_DAY, SCHEMA, StagedBatch
from councilguard.monitoring.logprofiles import LogProfile
from councilguard.monitoring.models import (
    BatchStatus,
    CategoryMeaning,
    IdentityKind,
    IngestBatch,
    MonitoringSource,
    RejectedLine,
    UnattributedIdentifier,
)
from councilguard.monitoring.parsers import FORMATS, LONDON, Parsed, Reader, YearGuess

_LONDON = ZoneInfo(LONDON)

CHUNK_BYTES = 8 * 1024 * 1024
# Consecutive chunks are enriched and written together until they hold this many events. A chunk
# of long lines (FortiGate's, some 670 bytes) holds a fifth of the events of a chunk of Squid's;
# the cost of enriching and writing a piece is partly per piece (a Parquet row group, the Python
# around numpy), so a piece of 12,000 events cost half as much again per event as one of 60,000.
JOIN_ROWS = 60_000
SWITCH_INTERVAL = 0.0001  # seconds (see _parsed)
# A receipt lists this many rejected lines and unattributed identifiers; the counts are whole.
KEEP_REJECTS = 500
KEEP_UNATTRIBUTED = 200
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class IngestError(ValueError):
    """A file or source that cannot be ingested at all; the message is safe to show."""


# Sources whose files are read whole rather than as line logs (phone bills, through a carrier
# profile) register here under their --source name, from their app's ready():
#   ingest(council, path, *, actor, file_name, options) -> receipt with as_dict(), .duplicate
#   and .problems (a non-empty list means nothing was taken); IngestError for a refusal.
WHOLE_FILE_FORMATS: dict[str, Callable[..., Any]] = {}
# Those of them that the upload page and the API also take, giving this module's Receipt:
# name -> (source kind, label). The e-mail and sign-in exports register here.
EXPORT_FORMATS: dict[str, tuple[str, str]] = {}


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


def _moment(ms: int | None) -> datetime | None:
    return None if ms is None else datetime.fromtimestamp(ms / 1000, UTC)


def source_for(council: Council, kind: str, fmt: str) -> MonitoringSource:
    """The governed source a file may be ingested into, or a clear refusal (C18)."""
    if fmt not in FORMATS:
        raise IngestError(f"unknown format {fmt!r}; known formats: {', '.join(sorted(FORMATS))}")
    if FORMATS[fmt].kind != kind:
        raise IngestError(f"format {fmt!r} is a {FORMATS[fmt].kind} log, not {kind}")
    return _governed(council, kind)


def _governed(council: Council, kind: str) -> MonitoringSource:
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


class _Plain:
    """A log file as it is: what is read is what the digest is fed."""

    def __init__(self, handle):
        self.handle = handle

    def readinto(self, view: memoryview) -> tuple[int, memoryview]:
        got = self.handle.readinto(view)
        return got, view[:got]


class _Gzipped:
    """A gzip'd log (as logrotate leaves them), decompressed as it is read within the limits
    of core.archives; the digest is fed the file as it was sent, compressed."""

    def __init__(self, handle):
        self.stream = archives.GzipStream(handle, archives.Limits.of("log"), "the gzip'd log")

    def readinto(self, view: memoryview) -> tuple[int, memoryview]:
        got = self.stream.readinto(view)
        return got, memoryview(self.stream.taken())


class _Utf16:
    """A log saved as UTF-16 with its byte order mark (as Windows tools save CSV exports),
    read as UTF-8; the digest is fed the file as it was sent. Bytes that do not decode become
    U+FFFD, so their lines are rejected by number."""

    def __init__(self, handle):
        self.handle = handle
        self.decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
        self.pending = b""
        self.done = False

    def readinto(self, view: memoryview) -> tuple[int, memoryview]:
        raw = bytearray()
        while len(self.pending) < len(view) and not self.done:
            block = self.handle.read(len(view))
            if not block:
                self.pending += self.decoder.decode(b"", final=True).encode()
                self.done = True
                break
            raw += block
            self.pending += self.decoder.decode(block).encode()
        got = min(len(view), len(self.pending))
        view[:got] = self.pending[:got]
        self.pending = self.pending[got:]
        return got, memoryview(bytes(raw))


def too_long_line(max_line: int) -> bytes:
    """What a line longer than a chunk is read as: a stand-in one byte too long, so the parser
    rejects it with its line number, as it does a long line inside a chunk (issue 12)."""
    return b"x" * (max_line + 1)


class _Buffers:
    """Chunk buffers used again once the caller is done with a chunk (``give``). A new buffer
    for every chunk cost the zeroing of it twice over (Python's, then the kernel's for the fresh
    pages): about a twentieth of a FortiGate ingest's CPU. A buffer is only handed out again
    after it was given back, so at most as many exist as chunks are in flight (a few)."""

    def __init__(self, size: int):
        self.size = size
        self.free: SimpleQueue = SimpleQueue()
        # A buffer of this size made and freed at once, as the first chunk's buffer used to be:
        # the C library then takes blocks up to this size from its heap, where freed memory is
        # used again, instead of mapping fresh (zeroed) pages for each; the numpy and Arrow
        # arrays of every chunk are such blocks. Without it, kept buffers cost Squid's path
        # three times the page faults (measured: 60,000 to 180,000 for ten million lines).
        freed = bytearray(size)
        del freed

    def take(self, need: int) -> bytearray:
        if need > self.size:  # a line longer than a chunk: a buffer of its own
            return bytearray(need)
        try:
            return self.free.get_nowait()
        except Empty:
            return bytearray(self.size)

    def give(self, buffer) -> None:
        if isinstance(buffer, bytearray) and len(buffer) == self.size:
            self.free.put(buffer)


class _Hashing:
    """The file's digest, fed its chunks in file order by either thread: the caller hashes
    each chunk by the time it takes it (``through``), the parsing thread hashes ahead of it
    when the caller is behind (``step``) instead of waiting. Hashing is a third of a FortiGate
    ingest's CPU; done only by the caller, the caller was the slower thread. A chunk's buffer
    is given back once the chunk is hashed."""

    def __init__(self, digest, buffers: _Buffers):
        self.digest = digest
        self.buffers = buffers
        self.pending: deque = deque()  # (bytes of the file, buffer), in file order
        self.lock = threading.Lock()
        self.added = self.hashed = 0

    def add(self, fresh: memoryview, buffer) -> int:
        """Queues a chunk's bytes (from the parsing thread only); the chunk's number."""
        self.pending.append((fresh, buffer))
        self.added += 1
        return self.added

    def step(self) -> bool:
        """Hashes the next chunk; False when every chunk added is hashed."""
        with self.lock:
            if not self.pending:
                return False
            fresh, buffer = self.pending.popleft()
            self.digest.update(fresh)
            self.hashed += 1
        del fresh
        self.buffers.give(buffer)
        return True

    def through(self, number: int) -> None:
        """Hashes every chunk up to the one of that number (those added before it)."""
        while self.hashed < number and self.step():
            pass


def _chunks(
    path: Path,
    progress: Callable[[int], None] | None,
    max_line: int,
    buffers: _Buffers | None = None,
) -> Iterator[tuple[memoryview, memoryview]]:
    """Whole-line chunks of the file, each with the bytes of the file newly read for it
    (which, taken in order, are the file: what the digest is fed). Each chunk has a buffer of
    its own, so the parser can move on while the caller still hashes the one before; with
    ``buffers``, a chunk's buffer (``chunk.obj``) is used again once the caller gives it back,
    so nothing may keep a view of it after that. A line longer than ``max_line`` that does not
    fit a chunk is never held: it is read past and given to the parser as a stand-in to reject,
    so memory stays within a few chunks whatever the file holds."""
    carry = b""
    size = CHUNK_BYTES
    skipping = False  # inside a line too long to keep
    with path.open("rb", buffering=0) as handle:
        start = _start(handle)
        if start[:2] == archives.GZIP_MAGIC:
            source = _Gzipped(handle)
        elif start[:2] in UTF16_BOMS:
            source = _Utf16(handle)
        else:
            source = _Plain(handle)
        while True:
            need = len(carry) + size
            buffer = buffers.take(need) if buffers else bytearray(need)
            buffer[: len(carry)] = carry
            view = memoryview(buffer)[:need]
            got, fresh = source.readinto(view[len(carry) :])
            if not got:
                if len(fresh):
                    yield view[:0], fresh
                break
            if progress:
                progress(len(fresh))
            end = len(carry) + got
            if skipping:
                newline = buffer.find(b"\n", 0, end)
                if newline < 0:
                    carry = b""
                    yield view[:0], fresh
                    continue
                skipping = False
                carry = bytes(view[newline + 1 : end])
                yield memoryview(too_long_line(max_line) + b"\n"), fresh
                continue
            cut = buffer.rfind(b"\n", 0, end) + 1
            if not cut and end > max_line:
                skipping, carry, size = True, b"", CHUNK_BYTES
                yield view[:0], fresh
                continue
            # A line longer than the chunk (but allowed): read on, twice as far each time.
            size = CHUNK_BYTES if cut else 2 * size
            yield view[:cut], fresh
            carry = bytes(view[cut:end])
    if skipping:
        yield memoryview(too_long_line(max_line)), memoryview(b"")
    elif carry:
        yield memoryview(carry), memoryview(b"")


def _start(handle) -> bytes:
    start = handle.read(2)
    handle.seek(0)
    return start


_switching = {"ingests": 0, "interval": 0.0}
_switching_lock = threading.Lock()


def _quick_switching(on: bool) -> None:
    """A short GIL switch interval while any ingest of this process runs. Each ingest thread
    takes the GIL back several times a chunk, between calls that release it; with Python's
    default 5 ms interval each of those waits could cost up to 5 ms while the other thread runs
    Python code (measured: a third of the time lost). The interval is the process's, so
    ingests running at once (uploads in a web worker) share the change, and the last restores
    what was there before the first."""
    with _switching_lock:
        if on:
            if _switching["ingests"] == 0:
                _switching["interval"] = sys.getswitchinterval()
                sys.setswitchinterval(SWITCH_INTERVAL)
            _switching["ingests"] += 1
        else:
            _switching["ingests"] -= 1
            if _switching["ingests"] == 0:
                sys.setswitchinterval(_switching["interval"])


def _parsed(
    path: Path,
    read: Reader,
    digest,
    progress: Callable[[int], None] | None,
    max_line: int,
) -> Iterator[Parsed]:
    """Each chunk read and parsed in a second thread while the caller hashes, enriches and
    writes the one before (reading, hashing, the scanner and Parquet writing all release the
    GIL, so both cores work). The digest is fed in file order by whichever thread is free
    (``_Hashing``), to even out the threads' work."""
    done = object()
    queue: Queue = Queue(maxsize=2)
    stop = threading.Event()
    # (Readers copy what they keep of a chunk, so its buffer is free once it is hashed.)
    buffers = _Buffers(CHUNK_BYTES + max_line + 1)
    hashing = _Hashing(digest, buffers)

    def produce() -> None:
        try:
            for chunk, fresh in _chunks(path, progress, max_line, buffers):
                if stop.is_set():
                    return
                number = hashing.add(fresh, chunk.obj)
                item = (read(chunk) if len(chunk) else None, number)
                del chunk, fresh
                # With the caller behind, hash for it rather than wait.
                while True:
                    try:
                        queue.put_nowait(item)
                        break
                    except Full:
                        if not hashing.step():
                            queue.put(item)
                            break
            queue.put(done)
        except BaseException as exc:  # handed to the consumer, which raises it
            queue.put(exc)

    worker = threading.Thread(target=produce, name="ingest-parse", daemon=True)
    _quick_switching(True)
    try:
        worker.start()
        while (item := queue.get()) is not done:
            if isinstance(item, archives.ArchiveRefused):
                raise IngestError(str(item)) from None
            if isinstance(item, BaseException):
                raise item
            parsed, number = item
            hashing.through(number)
            if parsed is not None:
                yield parsed
        hashing.through(hashing.added)
    finally:
        _quick_switching(False)
        stop.set()
        while worker.is_alive():
            try:
                queue.get_nowait()
            except Empty:
                worker.join(0.05)


def _in_pieces(chunks: Generator[Parsed, None, None]) -> Iterator[Parsed]:
    """Consecutive parsed chunks joined (``_joined``) until they hold ``JOIN_ROWS`` events, or
    until the next cannot join them (``_joinable``). Closing this closes ``chunks`` at once
    (``_parsed`` then stops its thread)."""
    group: list[Parsed] = []
    rows = 0
    with closing(chunks):
        for parsed in chunks:
            if group and not _joinable(group[-1], parsed):
                yield _joined(group)
                group, rows = [], 0
            group.append(parsed)
            rows += parsed.table.num_rows
            if rows >= JOIN_ROWS:
                yield _joined(group)
                group, rows = [], 0
    if group:
        yield _joined(group)


def _joinable(before: Parsed, after: Parsed) -> bool:
    """Whether ``after`` can be joined to the chunk before it: its text columns' dictionaries
    continue that chunk's, so its dictionaries serve the indices of both."""
    return (
        after.continued
        and before.table.schema == after.table.schema
        and (before.vendor_categories is None) == (after.vendor_categories is None)
    )


def _joined(parts: list[Parsed]) -> Parsed:
    """Consecutive parsed chunks (each joinable to the one before) as one: each text column's
    indices run on, over the last chunk's dictionary (which holds every earlier one's values at
    the same indices)."""
    if len(parts) == 1:
        return parts[0]

    def join(columns: list) -> pa.Array:
        arrays = [a for c in columns for a in (c.chunks if isinstance(c, pa.ChunkedArray) else [c])]
        if not arrays:  # (a column of no rows may come as no chunks at all)
            return pa.array([], columns[-1].type)
        if pa.types.is_dictionary(arrays[-1].type):
            indices = pa.concat_arrays([a.indices for a in arrays])
            return pa.DictionaryArray.from_arrays(indices, arrays[-1].dictionary)
        return pa.concat_arrays(arrays)

    first = parts[0]
    table = pa.Table.from_arrays(
        [join([p.table.column(i) for p in parts]) for i in range(first.table.num_columns)],
        schema=first.table.schema,
    )
    vendor = first.vendor_categories
    if vendor is not None:
        vendor = join([p.vendor_categories for p in parts])
    return Parsed(
        table,
        sum(p.lines for p in parts),
        [r for p in parts for r in p.rejects],
        continued=first.continued,
        vendor_categories=vendor,
    )


def _column(table: pa.Table, name: str) -> pa.DictionaryArray:
    column = table[name]
    return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)


class _PerValue:
    """Facts worked out once per distinct value of a text column (who held a user name, a
    host's categories...). When a chunk's dictionary continues the previous one, only its new
    values are worked out; otherwise the chunk starts afresh."""

    def __init__(self, work: Callable[[list[str]], Any]):
        self.work = work
        self.count = 0
        self.facts: Any = None

    def __call__(self, dictionary: pa.Array, continued: bool) -> Any:
        if not continued or self.facts is None:
            self.count, self.facts = 0, None
        if len(dictionary) > self.count or self.facts is None:
            facts = self.work(dictionary.slice(self.count).to_pylist())
            self.facts = facts if self.facts is None else self.facts.extend(facts)
            self.count = len(dictionary)
        return self.facts


@dataclass
class _Codes:
    """int32 codes per value (-1 for none), growable."""

    codes: tuple[np.ndarray, ...]

    def extend(self, more: _Codes) -> _Codes:
        return _Codes(
            tuple(np.concatenate(pair) for pair in zip(self.codes, more.codes, strict=True))
        )


def _compact(column: pa.DictionaryArray) -> pa.DictionaryArray:
    """The column with only the dictionary values its rows use: a file-wide dictionary
    would otherwise be written whole into every row group."""
    dictionary = column.dictionary
    if len(dictionary) <= 64 or column.null_count:
        return column
    keys = column.indices.to_numpy()
    used = np.zeros(len(dictionary), dtype=bool)
    used[keys] = True
    kept = np.flatnonzero(used)
    if len(kept) == len(dictionary):
        return column
    renumber = np.zeros(len(dictionary), dtype=np.int32)
    renumber[kept] = np.arange(len(kept), dtype=np.int32)
    return pa.DictionaryArray.from_arrays(renumber[keys], dictionary.take(kept))


class _Enricher:
    """Attribution, categories and UK local time for parsed events, for one council's ingest.
    Everything is worked out once per distinct user, address, host or hour, then spread over
    the events with numpy (DESIGN 8: no Python loop per line)."""

    def __init__(self, council: Council, kind: str, vendor: str = ""):
        holders = identities.Holders(
            council, [IdentityKind.PROXY_USER, IdentityKind.IP, IdentityKind.DEVICE]
        )
        meanings = categories.meanings_by_name(
            CategoryMeaning.objects.filter(council=council).values_list("category", "meaning")
        )
        self.categorise = categories.Categoriser(meanings)
        self.category_names: list[str] = []
        self._category_code: dict[str, int] = {}
        self.vendor = vendor
        self.meanings = meanings
        # A vendor's category field, worked out once per distinct field of a chunk (issue 23).
        self.rated = _PerValue(self._rated)
        self.rated_hosts: set[tuple[str, str | None, str | None]] = set()
        # The combined values _note_rated has noted, for the host dictionary of the chunks
        # running on, and the width of the categories they were combined with.
        self._noted: set[int] = set()
        self._noted_width = 0
        self.users = _PerValue(lambda v: holders.held_by(IdentityKind.PROXY_USER, v))
        self.clients = _PerValue(lambda v: holders.held_by(IdentityKind.IP, v))
        self.hosts = _PerValue(self._categories)
        self.named = _PerValue(lambda v: _Codes((np.array([bool(u) for u in v], dtype=bool),)))
        self.unattributed: Counter[str] = Counter()

    def _code(self, category: str | None) -> int:
        if not category:
            return -1
        if category not in self._category_code:
            self._category_code[category] = len(self.category_names)
            self.category_names.append(category)
        return self._category_code[category]

    def _categories(self, hosts: list[str]) -> _Codes:
        category, alternative = self.categorise(hosts)
        return _Codes(
            (
                np.array([self._code(c) for c in category], dtype=np.int32),
                np.array([self._code(a) for a in alternative], dtype=np.int32),
            )
        )

    def _note_rated(self, host, host_keys, category, alternative, continued) -> None:
        """The distinct (host, category, alt_category) the vendor gave, for the batch's host
        list (eventstore.write_hosts), found with numpy over the chunk. Those already noted
        while the host dictionary runs on (``continued``) are not looked at again: a log of
        long lines gives a piece every 60,000 events, each with most of the same hosts."""
        if not len(host_keys):
            return
        width = len(self.category_names) + 1
        combined = (host_keys.astype(np.int64) * width + category + 1) * width + alternative + 1
        space = len(host.dictionary) * width * width
        if space <= 4 * len(combined) + 65_536:  # marks over every possible value: no sort
            marks = np.zeros(space, dtype=bool)
            marks[combined] = True
            distinct = np.flatnonzero(marks)
        else:
            distinct = np.unique(combined)
        if not continued or width != self._noted_width:
            self._noted, self._noted_width = set(), width
        names = [None, *self.category_names]
        for value in distinct.tolist():
            if value in self._noted:
                continue
            self._noted.add(value)
            value, alt = divmod(value, width)
            key, cat = divmod(value, width)
            self.rated_hosts.add((host.dictionary[key].as_py(), names[cat], names[alt]))

    def _rated(self, fields: list[str]) -> _Codes:
        pairs = [
            categories.vendor_choice(self.vendor, f, self.meanings) if f else (None, None)
            for f in fields
        ]
        return _Codes(
            (
                np.array([self._code(c) for c, _ in pairs], dtype=np.int32),
                np.array([self._code(a) for _, a in pairs], dtype=np.int32),
            )
        )

    def _category_column(self, codes: np.ndarray) -> pa.DictionaryArray:
        return pa.DictionaryArray.from_arrays(
            pa.array(codes, pa.int32(), mask=codes < 0),
            pa.array(self.category_names, pa.string()),
        )

    def __call__(self, parsed: Parsed) -> pa.Table:
        table, continued = parsed.table, parsed.continued
        ms = table["ms"].to_numpy()
        user, client, host = (_column(table, name) for name in ("user", "client", "host"))
        user_keys = user.indices.to_numpy(zero_copy_only=False)
        client_keys = client.indices.to_numpy(zero_copy_only=False)
        person = self.users(user.dictionary, continued).attribute(user_keys, ms)
        missing = person == identities.NOBODY
        if missing.any():
            held = self.clients(client.dictionary, continued)
            person[missing] = held.attribute(client_keys[missing], ms[missing])
            self._count_unattributed(person, user, user_keys, client, client_keys, continued)
        host_keys = host.indices.to_numpy(zero_copy_only=False)
        category, alternative = self.hosts(host.dictionary, continued).codes
        category, alternative = category[host_keys], alternative[host_keys]
        if parsed.vendor_categories is not None:
            # The log's own category is used where it gives one; the lists fill in the rest.
            rated = parsed.vendor_categories
            rated_keys = rated.indices.to_numpy(zero_copy_only=False)
            own, own_alt = self.rated(rated.dictionary, False).codes
            own, own_alt = own[rated_keys], own_alt[rated_keys]
            given = own >= 0
            category = np.where(given, own, category)
            alternative = np.where(given, own_alt, alternative)
            self._note_rated(host, host_keys[given], own[given], own_alt[given], continued)
        local_ms = ms + _offsets(ms) * 60_000
        local_day = local_ms // MS_PER_DAY
        columns = {
            "at": table["ms"].cast(pa.timestamp("ms", tz="UTC")),
            "line": table["line"],
            "person_id": pa.array(person, pa.int32(), mask=person == identities.NOBODY),
            "client": _compact(client),
            "user": _compact(user),
            "host": _compact(host),
            "category": self._category_column(category),
            "alt_category": self._category_column(alternative),
            "action": _compact(_column(table, "action")),
            "method": _compact(_column(table, "method")),
            "status": table["status"],
            "size": table["size"],
            "blocked": table["blocked"],
            "local_date": pa.array(local_day.astype(np.int32)).cast(pa.date32()),
            "local_minute": pa.array(((local_ms % MS_PER_DAY) // 60_000).astype(np.int16)),
            # 1 January 1970 was a Thursday; 0 is Monday.
            "weekday": pa.array(((local_day + 3) % 7).astype(np.int8)),
        }
        return pa.Table.from_arrays([columns[f.name] for f in SCHEMA], schema=SCHEMA)

    def _count_unattributed(self, person, user, user_keys, client, client_keys, continued):
        """Counts unattributed events by identifier: the user name, or the address where the
        log has none."""
        nobody = person == identities.NOBODY
        if not nobody.any():
            return
        (named,) = self.named(user.dictionary, continued).codes
        has_name = named[user_keys[nobody]]
        by_user = np.bincount(user_keys[nobody][has_name], minlength=len(user.dictionary))
        by_client = np.bincount(client_keys[nobody][~has_name], minlength=len(client.dictionary))
        for i in np.flatnonzero(by_user):
            self.unattributed[user.dictionary[i].as_py()] += int(by_user[i])
        for i in np.flatnonzero(by_client):
            self.unattributed[client.dictionary[i].as_py()] += int(by_client[i])


def _offsets(ms: np.ndarray) -> np.ndarray:
    """UK local time's offset from UTC in minutes for each moment. The offset changes only on
    the hour, so it is looked up once per hour of the chunk's span."""
    hours = ms // 3_600_000
    first, last = int(hours.min()), int(hours.max())
    if last - first > 24 * 31:
        # A chunk spanning more than a month (odd, but possible): distinct hours only.
        distinct, position = np.unique(hours, return_inverse=True)
        return _offset_of(distinct)[position]
    return _offset_of(np.arange(first, last + 1))[hours - first]


def _offset_of(hours: np.ndarray) -> np.ndarray:
    return np.array(
        [
            datetime.fromtimestamp(int(h) * 3600, _LONDON).utcoffset().total_seconds() // 60
            for h in hours
        ],
        dtype=np.int64,
    )


def _already_ingested(source: MonitoringSource, path: Path) -> IngestBatch | None:
    """The batch this very file became, found before any parsing when a batch of the same
    size exists (then the file is hashed once more, which costs a fraction of an ingest).
    Otherwise the hash taken while ingesting settles it at commit."""
    size = path.stat().st_size
    if not IngestBatch.objects.filter(source=source, size_bytes=size).exists():
        return None
    digest = hashlib.sha256()
    with path.open("rb", buffering=0) as handle:
        while block := handle.read(CHUNK_BYTES):
            digest.update(block)
    return IngestBatch.objects.filter(source=source, sha256=digest.hexdigest()).first()


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
    profile: LogProfile | None = None,
) -> Receipt:
    """One log file into the event store as one batch. ``profile`` reads any other vendor's
    web or DNS log (``fmt`` "web-log" or "dns-log", logprofiles.py)."""
    if profile is not None:
        return _ingest_profiled(council, kind, fmt, path, profile, actor=actor,
                                file_name=file_name, progress=progress)  # fmt: skip
    source = source_for(council, kind, fmt)
    started = time.perf_counter()
    already = _already_ingested(source, path)
    if already is not None:
        return Receipt(already, duplicate=True)
    if reference_date is None:
        # Syslog lines carry no year: take the file's own date (formats_and_law A2.2).
        reference_date = datetime.fromtimestamp(path.stat().st_mtime).date()
    year = YearGuess(reference_date)
    reader = FORMATS[fmt].reader(
        year,
        max_line=settings.INGEST_MAX_LINE_BYTES,
        time_zone=source.log_time_zone or LONDON,
    )
    return _ingest(
        council, source, kind, fmt, path, reader, actor=actor, file_name=file_name,
        progress=progress, vendor=FORMATS[fmt].vendor, label=FORMATS[fmt].label, started=started,
    )  # fmt: skip


def _ingest_profiled(council, kind, fmt, path, profile, *, actor, file_name, progress) -> Receipt:
    if logprofiles.SOURCE_NAMES.get(fmt) != profile.log:
        raise IngestError(
            f"the profile {profile.name} reads a {profile.log} log: use --source {profile.log}-log"
        )
    if profile.source_kind != kind:
        raise IngestError(f"the profile {profile.name} reads a {profile.log} log, not {kind}")
    source = _governed(council, kind)
    started = time.perf_counter()
    already = _already_ingested(source, path)
    if already is not None:
        return Receipt(already, duplicate=True)
    reader = logprofiles.ProfileReader(profile, max_line=settings.INGEST_MAX_LINE_BYTES)
    what = "web" if profile.log == "web" else "DNS"
    try:
        return _ingest(
            council, source, kind, f"{fmt}:{profile.name}"[:30], path, reader, actor=actor,
            file_name=file_name, progress=progress, vendor=logprofiles.VENDOR,
            label=f"{what} log read through the profile {profile.name}", started=started,
        )  # fmt: skip
    except logprofiles.ProfileError as error:
        raise IngestError(f"{error}; nothing was taken") from None


def _ingest(
    council, source, kind, fmt, path, reader, *, actor, file_name, progress, vendor, label,
    started,
) -> Receipt:  # fmt: skip
    enrich = _Enricher(council, kind, vendor)
    digest = hashlib.sha256()
    staged = StagedBatch(council, kind)
    lines = accepted = events_written = 0
    rejects: list[tuple[int, str]] = []
    rejected = 0
    first = last = None
    max_line = settings.INGEST_MAX_LINE_BYTES
    try:
        for parsed in _in_pieces(_parsed(path, reader, digest, progress, max_line)):
            lines += parsed.lines
            rejected += len(parsed.rejects)
            accepted += parsed.lines - len(parsed.rejects)
            if len(rejects) < KEEP_REJECTS:
                rejects += parsed.rejects[: KEEP_REJECTS - len(rejects)]
            if not parsed.table.num_rows:
                continue
            events = enrich(parsed)
            staged.write(events)
            events_written += events.num_rows
            ms = parsed.table["ms"].to_numpy()
            lo, hi = int(ms.min()), int(ms.max())
            first = lo if first is None else min(first, lo)
            last = hi if last is None else max(last, hi)
        if not accepted:
            raise IngestError(_nothing_readable(label, lines, rejects))
        staged.write_hosts(enrich.categorise.seen, enrich.rated_hosts)
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
            unattributed=enrich.unattributed,
            started=started,
        )
    except BaseException:
        # Including KeyboardInterrupt: nothing of a batch that did not commit stays behind.
        staged.discard()
        raise
    return receipt


def _nothing_readable(label: str, lines: int, rejects: list[tuple[int, str]]) -> str:
    """Why a file with no line to take was refused whole (issue 12: an empty, binary or
    wrongly chosen file is not a batch of nothing)."""
    if not lines:
        return "the file is empty: there is no line in it to read; nothing was taken"
    first = f" (line {rejects[0][0]}: {rejects[0][1]})" if rejects else ""
    return (
        f"no line of the file could be read as a {label}: all {lines:,} were rejected{first}. "
        "Is it the right file and the right format? Nothing was taken"
    )


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
    missing = sorted(unattributed.items(), key=lambda item: (-item[1], item[0]))
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
                unattributed=sum(unattributed.values()),
                first_event_at=_moment(span[0]),
                last_event_at=_moment(span[1]),
                days=staged.days,
                seconds=0,
                created_by_label=actor.label[:200],
            )
            RejectedLine.objects.bulk_create(
                RejectedLine(batch=batch, line_number=n, reason=r[:200]) for n, r in rejects
            )
            UnattributedIdentifier.objects.bulk_create(
                UnattributedIdentifier(batch=batch, identifier=(i or "")[:200], events=c)
                for i, c in missing[:KEEP_UNATTRIBUTED]
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


# Apps that read their files whole (e-mail and sign-in exports) stage their own records and
# commit them here, with the same receipt, rejected lines and audit entry as a line log.
commit_batch = _commit
