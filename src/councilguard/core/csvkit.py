"""What every CSV import and export shares: problems by line, the import report, and guarding
cells a spreadsheet would run as formulas."""

from __future__ import annotations

from dataclasses import dataclass, field


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
