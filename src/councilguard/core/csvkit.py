"""What every CSV import and export shares: problems by line, the import report, and guarding
cells a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from councilguard.core.words import words

MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportReport:
    """What an import did, or (with problems) why it did nothing."""

    sha256: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {
            "sha256": self.sha256,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "dry_run": self.dry_run,
            "problems": [{"line": p.line, "message": p.message} for p in self.problems],
        }


# Spreadsheets run a cell that starts with one of these as a formula; exports guard such cells
# with a leading apostrophe, which the importers remove again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def unguard_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def column_key(heading: str) -> str:
    """The column a heading names: "Line manager email" and "line_manager_email" are the same
    column, so a file exported with headings in words (core.exports) imports back unchanged."""
    return re.sub(r"[\s-]+", "_", heading.strip().lower())


def column_heading(key: str) -> str:
    """A column's heading in words, which ``column_key`` reads back: "sim_number" is "SIM
    number", "cost_gbp" is "Cost GBP"."""
    return words(key)


def read_records(
    content: bytes,
    report: ImportReport,
    *,
    required: Sequence[str],
    columns: Sequence[str],
    max_bytes: int = MAX_BYTES,
) -> list[tuple[int, dict[str, str]]]:
    """(line, values) of each non-blank row of an uploaded CSV, header names in lower case and
    cells trimmed and unguarded. What makes the file unreadable goes into ``report`` by line
    (size, encoding, missing or unknown columns, a row with more values than columns, broken
    quoting); the rows read before broken quoting are still returned, so their own problems
    can be listed too."""
    if len(content) > max_bytes:
        report.problems.append(Problem(0, f"the file is larger than {max_bytes // 2**20} MB"))
        return []
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.problems.append(Problem(0, f"the file is not UTF-8 text (byte {exc.start})"))
        return []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [column_key(name or "") for name in reader.fieldnames or []]
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in columns]
    if missing:
        named = ", ".join(column_heading(c) for c in missing)
        report.problems.append(Problem(1, f"missing column(s): {named}"))
    if unknown:
        report.problems.append(
            Problem(
                1,
                f"unknown column(s): {', '.join(unknown)}; expected "
                + ", ".join(column_heading(c) for c in columns),
            )
        )
    if missing or unknown:
        return []
    reader.fieldnames = header
    records = []
    try:
        for record in reader:
            if None in record:
                report.problems.append(Problem(reader.line_num, "more values than columns"))
                continue
            values = {k: unguard_cell((v or "").strip()) for k, v in record.items()}
            if any(values.values()):
                records.append((reader.line_num, values))
    except csv.Error as exc:
        report.problems.append(Problem(reader.line_num + 1, f"unreadable CSV: {exc}"))
    return records
