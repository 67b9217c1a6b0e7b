"""Reading Microsoft and Google exports as they come (formats_and_law 0.2, A3, A7): a byte
order mark or UTF-16 (the admin centre's reports often are), PowerShell 5.1's ``#TYPE`` line,
headers with trailing or double spaces and a column named twice (the Entra portal's), and JSON
from Graph or the Google Reports API.

A CSV header is normalised (case, spaces and punctuation folded) and read by position, each
repeated name numbered (``incoming token type``, ``incoming token type 2``), so one column never
hides another. Every cell is read as text; the format modules decide what each means.
"""

from __future__ import annotations

import codecs
import io
import os
import queue
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from councilguard.core.untrusted import JSONRefused, load_json

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}


class ExportError(ValueError):
    """A file that cannot be read at all; the message is safe to show."""


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without a byte order mark) or UTF-16 (with a mark, or
    without one, told by the zero bytes of ASCII text). Anything else is refused in words."""
    for mark, codec in UTF16_BOMS.items():
        if data.startswith(mark):
            return _decode(data[len(mark) :], codec)
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    head = data[:200]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        codec = "utf-16-le" if head[1] == 0 else "utf-16-be"
        return _decode(data, codec)
    return _decode(data, "utf-8")


def _decode(data: bytes, codec: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        raise ExportError(
            f"the file is not text (byte {error.start + 1} is not {codec.upper()}); "
            "export it again as CSV or JSON"
        ) from None
    if "\x00" in text:
        raise ExportError("the file holds binary data (NUL characters); it is not an export")
    return text


def normalise(header: str) -> str:
    """A header as compared: 'Application ID ', 'Autonomous system  number' and
    'application_id' all read as 'application id'."""
    folded = re.sub(r"[^0-9a-z]+", " ", header.strip().casefold())
    return folded.strip()


def dedupe(headers: list[str]) -> list[str]:
    """Each header normalised, a repeated one numbered with the first number not already a
    name: 'a', 'a', 'a 2' read as 'a', 'a 3', 'a 2'."""
    bases = [normalise(header) or "column" for header in headers]
    taken = set(bases)
    seen: dict[str, int] = {}  # a name met already -> the next number to try for it
    names = []
    for name in bases:
        if name in seen:
            number = seen[name]
            while f"{name} {number}" in taken:
                number += 1
            seen[name] = number + 1
            name = f"{name} {number}"
            taken.add(name)
        else:
            seen[name] = 2
        names.append(name)
    return names


@dataclass
class Table:
    """Rows of an export as text, with the file line each row began on (JSON records, and CSV
    read line by line when the columnar reader cannot be trusted with it)."""

    frame: pl.DataFrame  # one String column per normalised header, plus ``line``
    lines: int  # lines of data (not counting the header and any #TYPE line)
    headers: list[str]

    @property
    def names(self) -> list[str]:
        return [c for c in self.frame.columns if c != "line"]

    def pick(self, synonyms: dict[str, tuple[str, ...]]) -> dict[str, str | None]:
        """For each field, the first of its header names the file has."""
        return _pick(self.names, synonyms)

    def frames(self, columns: list[str], categorical=()):
        yield self.frame.select(*columns, "line").with_columns(
            pl.col(c).cast(pl.Categorical) for c in categorical
        )


def _pick(names: list[str], synonyms: dict[str, tuple[str, ...]]) -> dict[str, str | None]:
    present = set(names)
    return {
        field: next((n for n in options if n in present), None)
        for field, options in synonyms.items()
    }


# A CSV export is read in blocks of whole lines this large: the file's text is never held
# whole, nor any column the format does not use (issue 19: a million rows in under 512 MB).
# Each block's records are written out before the next is read, so the peak follows the
# block: 8 MB peaked 40 to 50 MB below 16 MB, but each block has a cost of its own, and the
# sign-ins (57 columns, twice the bytes a row) took 0.2 to 1.2 CPU s more than before
# (docs/benchmarks.md).
BLOCK = 16 * 2**20


class _Fallback(Exception):
    """The columnar reader cannot be trusted with this file (a cell spanning lines, quoting
    it cannot read, text that is not UTF-8): read it line by line instead."""


class CsvExport:
    """A CSV export read by the columnar reader (Polars), block by block of whole lines, only
    the columns asked for, each row numbered by its line in the file. A block whose rows do
    not match its lines one for one (a quoted line break), or that the reader refuses, sends
    the whole file to the line-by-line reader (``read_csv``), which names every line."""

    def __init__(self, source: bytes | Path):
        self.source = source
        self.lines = 0
        self._codec, self._start = self._encoding()
        first = self._text_blocks()
        head = b""
        skipped = 0
        taken = 0
        for block in first:
            head += block
            taken += len(block)
            # PowerShell 5.1's Export-Csv writes '#TYPE ...' first unless told not to.
            while head.startswith(b"#") and b"\n" in head:
                head = head[head.index(b"\n") + 1 :]
                skipped += 1
            if b"\n" in head and not head.startswith(b"#"):
                break
        self._blocks = first
        newline = head.find(b"\n")
        header_bytes, self._rest = (
            (head, b"") if newline < 0 else (head[:newline], head[newline + 1 :])
        )
        # Where the first line after the header begins in the file (UTF-8 only).
        self._body = self._start + taken - len(self._rest)
        if not header_bytes.strip() and not self._rest.strip():
            raise ExportError(
                "the file is empty: there is no line in it to read; nothing was taken"
            )
        try:
            header_text = header_bytes.decode("utf-8")
        except UnicodeDecodeError:
            raise _Fallback from None
        self.headers = next(_csv_rows(header_text), [])
        self.names = dedupe(self.headers)
        self.header_line = skipped + 1

    def pick(self, synonyms: dict[str, tuple[str, ...]]) -> dict[str, str | None]:
        return _pick(self.names, synonyms)

    def _encoding(self) -> tuple[str, int]:
        head = self._read(0, 200)
        for mark, codec in UTF16_BOMS.items():
            if head.startswith(mark):
                return codec, len(mark)
        if head.startswith(UTF8_BOM):
            return "utf-8", len(UTF8_BOM)
        if len(head) >= 4 and head.count(0) * 3 >= len(head):
            return ("utf-16-le" if head[1] == 0 else "utf-16-be"), 0
        return "utf-8", 0

    def _read(self, offset: int, size: int) -> bytes:
        if isinstance(self.source, bytes | bytearray | memoryview):
            return bytes(self.source[offset : offset + size])
        with open(self.source, "rb") as handle:
            handle.seek(offset)
            return handle.read(size)

    # Each layer below hands its block on with ``yield out.pop()`` rather than ``yield
    # block``: a generator keeps its local names while suspended, so a block named there
    # would stay in memory, once per layer, while the next layer parses it.

    def _raw_blocks(self):
        if isinstance(self.source, bytes | bytearray | memoryview):
            view = memoryview(self.source)
            for offset in range(self._start, len(view), BLOCK):
                yield bytes(view[offset : offset + BLOCK])
            return
        with open(self.source, "rb") as handle:
            handle.seek(self._start)
            while out := [handle.read(BLOCK)]:
                if not out[0]:
                    return
                yield out.pop()

    def _text_blocks(self):
        """The file as UTF-8 blocks (UTF-16 re-encoded), NUL refused."""
        decoder = None if self._codec == "utf-8" else codecs.getincrementaldecoder(self._codec)()
        for raw in self._raw_blocks():
            if decoder is not None:
                try:
                    text = decoder.decode(raw)
                except UnicodeDecodeError:
                    raise _Fallback from None
                if "\x00" in text:
                    raise ExportError(
                        "the file holds binary data (NUL characters); it is not an export"
                    )
                out = [text.encode("utf-8")]
                del text
            else:
                if b"\x00" in raw:
                    raise ExportError(
                        "the file holds binary data (NUL characters); it is not an export"
                    )
                out = [raw]
            del raw
            yield out.pop()
        if decoder is not None:
            try:
                tail = decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                raise _Fallback from None
            if tail:
                yield tail.encode("utf-8")

    def _pieces(self):
        """Whole lines, a block at a time."""
        if isinstance(self.source, Path) and self._codec == "utf-8":
            self._blocks.close()
            self._rest = b""
            yield from self._file_pieces()
            return
        pending, self._rest = self._rest, b""
        for block in self._blocks:
            cut = block.rfind(b"\n")
            if cut < 0:
                pending += block
                continue
            # One copy of the block's whole lines (slicing and then adding the previous
            # block's last part would copy it twice).
            out = [b"".join((pending, memoryview(block)[: cut + 1]))]
            pending = block[cut + 1 :]
            del block
            yield out.pop()
        if pending:
            yield pending

    def _file_pieces(self):
        """Whole lines of a UTF-8 file, a block at a time, each read once straight into the
        bytes handed on: where a block's last line ends is found first by reading back from
        its end, so no block is read, cut and joined to the rest of the one before (which
        copied the file twice over)."""
        with open(self.source, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            start = self._body
            while start < size:
                end = _line_end(handle, start, min(start + BLOCK, size), size)
                handle.seek(start)
                out = [handle.read(end - start)]
                if b"\x00" in out[0]:
                    raise ExportError(
                        "the file holds binary data (NUL characters); it is not an export"
                    )
                start = end
                # Handed on with no reference kept here while the generator waits, so the
                # reader's ``del`` frees the block before the next is read.
                yield out.pop()

    def frames(self, columns: list[str], categorical=()):
        """Each block's rows as a frame of the ``columns`` asked for (as text, or as
        categories for those in ``categorical``) and ``line``."""
        wanted = [self.names.index(c) for c in columns]
        line = self.header_line
        rows = 0
        for piece in self._pieces():
            # bytes.count scans for one byte without building an array (a third of the CPU).
            ends = piece.count(b"\n")
            expected = ends + (0 if piece.endswith(b"\n") else 1)
            try:
                frame = pl.read_csv(
                    piece,
                    has_header=False,
                    columns=wanted,
                    infer_schema=False,
                    truncate_ragged_lines=True,
                    raise_if_empty=False,
                )
            except (pl.exceptions.PolarsError, ValueError):
                raise _Fallback from None
            del piece  # the block's bytes are not needed once parsed
            if frame.height != expected:
                raise _Fallback
            frame = frame.rename(dict(zip(frame.columns, columns, strict=True)))
            if frame.width < len(columns):
                frame = frame.with_columns(
                    pl.lit(None, pl.String).alias(c) for c in columns if c not in frame.columns
                )
            yield frame.select(*columns).with_columns(
                *(pl.col(c).cast(pl.Categorical) for c in categorical),
                pl.int_range(line + 1, line + 1 + frame.height, dtype=pl.Int64).alias("line"),
            )
            line += frame.height
            rows += frame.height
        if not rows:
            raise ExportError("the export has no rows after its header; nothing was taken")
        self.lines = rows


def _line_end(handle, start: int, end: int, size: int) -> int:
    """Just after the last line break in ``start..end`` of the file, or after the first one
    beyond ``end`` when there is none in it (a line longer than a block); the file's size
    at its end."""
    if end >= size:
        return size
    low = end
    while low > start:
        step = max(start, low - 2**16)
        handle.seek(step)
        found = handle.read(low - step).rfind(b"\n")
        if found >= 0:
            return step + found + 1
        low = step
    high = end
    while high < size:
        handle.seek(high)
        window = handle.read(2**16)
        if not window:  # the file is shorter than it was
            break
        found = window.find(b"\n")
        if found >= 0:
            return high + found + 1
        high += len(window)
    return size


def open_csv(source: bytes | Path) -> CsvExport | Table:
    """The columnar reader for a CSV export, or the line-by-line one when it cannot start."""
    try:
        return CsvExport(source)
    except _Fallback:
        return read_csv(decode(whole(source)))


def read_blocks(
    table: CsvExport | Table,
    source: bytes | Path,
    columns: list[str],
    chunk,
    consume,
    categorical=(),
):
    """``consume`` given the blocks of rows, each through ``chunk``, as they are read; the
    number of data lines back. The ``categorical`` columns come as categories, made on the
    reading thread rather than by ``chunk``. When the columnar reader gives up part way,
    ``consume`` is given the whole file again, read line by line, and must start afresh."""
    try:
        # Three stages, each on its own thread and one block ahead of the next: reading and
        # tokenising, the format's checks (``chunk``), and the caller's times and storing.
        # With reading and checks on one thread, storing waited for them (docs/benchmarks.md).
        consume(ahead(chunk(frame) for frame in ahead(table.frames(columns, categorical))))
        return table.lines
    except _Fallback:
        slow = read_csv(decode(whole(source)))
        missing = [c for c in columns if c not in slow.frame.columns]
        if missing:
            raise ExportError("the file's header changed part way; nothing was taken") from None
        consume(chunk(frame) for frame in slow.frames(columns, categorical))
        return slow.lines


def ahead(items):
    """``items`` worked out on a second thread, one ahead of the caller: the next block is
    read, tokenised or checked while the caller works on this one. Both sides spend most
    of their time in Polars, which lets go of the GIL, so they overlap (issue 19).
    An exception on the second thread is raised here, where the item would have come; when
    the caller stops early the second thread stops at its next item."""
    done = object()
    handoff: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def hand(pair) -> bool:
        while not stop.is_set():
            try:
                handoff.put(pair, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work():
        try:
            for item in items:
                if not hand((item, None)):
                    return
                del item
            hand((done, None))
        except BaseException as error:  # noqa: BLE001 (raised again on the caller's side)
            hand((done, error))
        finally:
            # A stage before this one, itself ahead, stops now rather than when collected.
            if hasattr(items, "close"):
                items.close()

    worker = threading.Thread(target=work, name="export-reader", daemon=True)
    worker.start()
    try:
        while True:
            item, error = handoff.get()
            if item is done:
                if error is not None:
                    raise error
                return
            yield item
            del item
    finally:
        stop.set()
        worker.join()


def whole(source: bytes | Path) -> bytes:
    return bytes(source) if not isinstance(source, Path) else source.read_bytes()


def starts_like_json(source: bytes | Path) -> bool:
    """Whether an export is JSON, told from its first characters in any of its encodings."""
    if isinstance(source, Path):
        with open(source, "rb") as handle:
            head = handle.read(256)
    else:
        head = bytes(source[:256])
    codec = "utf-8"
    for mark, name in UTF16_BOMS.items():
        if head.startswith(mark):
            head, codec = head[len(mark) :], name
    if head.startswith(UTF8_BOM):
        head = head[len(UTF8_BOM) :]
    elif codec == "utf-8" and len(head) >= 4 and head.count(0) * 3 >= len(head):
        codec = "utf-16-le" if head[1] == 0 else "utf-16-be"
    return looks_like_json(head.decode(codec, errors="ignore"))


def read_csv(text: str) -> Table:
    """A CSV export read line by line (Python's csv reader), every row numbered by the line
    of the file it began on; used when the columnar reader cannot be trusted with the file."""
    import csv

    header_line, body, _ = _first_record(text)
    if not body.strip():
        raise ExportError("the file is empty: there is no line in it to read; nothing was taken")
    reader = csv.reader(io.StringIO(body))
    try:
        raw_headers = next(reader)
    except (StopIteration, csv.Error):
        raise ExportError("the file has no header line") from None
    names = dedupe(raw_headers)
    columns: list[list[str]] = [[] for _ in names]
    numbers: list[int] = []
    while True:
        start = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            row = []
        numbers.append(header_line + start)
        for i, column in enumerate(columns):
            column.append(row[i] if i < len(row) else None)
    if not numbers:
        raise ExportError("the export has no rows after its header; nothing was taken")
    frame = pl.DataFrame(
        {**dict(zip(names, columns, strict=True)), "line": numbers},
        schema={**{n: pl.String for n in names}, "line": pl.Int64},
    )
    return Table(frame, frame.height, raw_headers)


def _first_record(text: str) -> tuple[int, str, int]:
    """(line number of the header, the rest of the text from it, lines skipped before it).
    PowerShell 5.1's Export-Csv writes '#TYPE ...' first unless told not to."""
    skipped = 0
    while text.startswith("#TYPE") or text.startswith("#"):
        newline = text.find("\n")
        if newline < 0:
            return skipped + 1, "", skipped
        text = text[newline + 1 :]
        skipped += 1
    return skipped + 1, text, skipped


def _csv_rows(text: str):
    import csv

    return csv.reader(io.StringIO(text))


def read_json(text: str) -> list:
    """The records of a JSON export: Graph's ``{"value": [...]}``, Google's
    ``{"items": [...]}``, a bare list, or one record per line (JSON lines)."""
    stripped = text.strip()
    if not stripped:
        raise ExportError("the file is empty: there is no line in it to read; nothing was taken")
    try:
        data = load_json(stripped)
    except JSONRefused as error:
        raise ExportError(str(error)) from None
    except ValueError:
        data = None
    if data is None:
        records = []
        for number, line in enumerate(stripped.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append(load_json(line))
            except (JSONRefused, ValueError):
                raise ExportError(f"line {number} is not JSON; nothing was taken") from None
        return records
    if isinstance(data, dict):
        for key in ("value", "items", "signIns", "messageTraces"):
            if isinstance(data.get(key), list):
                return data[key]
        return [data]
    if isinstance(data, list):
        return data
    raise ExportError("the JSON holds no records (expected a list, 'value' or 'items')")


def looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")
