"""Reading Microsoft and Google exports as they come (formats_and_law 0.2, A3, A7): a byte
order mark or UTF-16 (the admin centre's reports often are), PowerShell 5.1's ``#TYPE`` line,
headers with trailing or double spaces and a column named twice (the Entra portal's), and JSON
from Graph or the Google Reports API.

A CSV header is normalised (case, spaces and punctuation folded) and read by position, each
repeated name numbered (``incoming token type``, ``incoming token type 2``), so one column never
hides another. Every cell is read as text; the format modules decide what each means.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import polars as pl

from councilguard.core.untrusted import JSONRefused, load_json, shown

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
    seen: dict[str, int] = {}
    names = []
    for header in headers:
        name = normalise(header) or "column"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} {seen[name]}")
    return names


@dataclass
class Table:
    """Rows of an export as text, with the file line each row began on."""

    frame: pl.DataFrame  # one String column per normalised header, plus ``line``
    lines: int  # lines of data (not counting the header and any #TYPE line)
    headers: list[str]

    def pick(self, synonyms: dict[str, tuple[str, ...]]) -> dict[str, str | None]:
        """For each field, the first of its header names the file has."""
        return {
            field: next((n for n in names if n in self.frame.columns), None)
            for field, names in synonyms.items()
        }


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


def read_csv(text: str) -> Table:
    """A CSV export read by position under its normalised, de-duplicated header. Rows are
    numbered by the file's lines (a cell holding a line break is counted as one line, as the
    exports write none)."""
    header_line, body, _ = _first_record(text)
    if not body.strip():
        raise ExportError("the file is empty: there is no line in it to read; nothing was taken")
    first_end = body.find("\n")
    header_text = body if first_end < 0 else body[:first_end]
    try:
        raw_headers = next(_csv_rows(header_text))
    except StopIteration:
        raise ExportError("the file has no header line") from None
    names = dedupe(raw_headers)
    rest = "" if first_end < 0 else body[first_end + 1 :]
    if not rest.strip():
        raise ExportError("the export has no rows after its header; nothing was taken")
    try:
        frame = pl.read_csv(
            io.StringIO(rest),
            has_header=False,
            new_columns=names,
            infer_schema=False,
            truncate_ragged_lines=True,
            raise_if_empty=False,
        )
    except (pl.exceptions.PolarsError, ValueError) as error:
        raise ExportError(f"not a readable CSV file: {shown(str(error), 200)}") from None
    if frame.width < len(names):
        frame = frame.with_columns(
            pl.lit("", pl.String).alias(n) for n in names if n not in frame.columns
        )
    frame = frame.with_columns(
        pl.int_range(header_line + 1, header_line + 1 + frame.height, dtype=pl.Int64).alias("line")
    )
    return Table(frame, frame.height, raw_headers)


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
