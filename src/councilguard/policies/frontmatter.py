"""A council document's front matter (C1): the status table (version, approving body, dates,
minute, officer, committee, review date), the version history, the review record and the
contents list that come before the policy text. They belong in the version's fields and the
policy's history, not among its clauses.

The reader works on the document's lines before its clauses are read: table rows come as cells
separated by tabs (a Word table saved as text, or a .docx table) or by "|" (Markdown). Front
matter is recognised only at the top, under one of its headings ("Policy / File Status",
"Version History", "Review Record", "Contents"); a document without them is read as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
# Headings of the front matter's parts, as councils write them.
SECTIONS = {
    "status": (
        "policy / file status",
        "policy/file status",
        "file status",
        "policy status",
        "document status",
        "document control",
        "document information",
    ),
    "history": ("version history", "document history", "revision history", "amendment history"),
    "reviews": ("review record", "review history", "record of reviews"),
    "contents": ("contents", "table of contents"),
}
# How far down the first of those headings may be (the council's name and the policy's title
# come first).
_LOOK_AHEAD = 8
# The status table's labels, as written, and what each is.
_STATUS_LABELS = {
    "version": "version",
    "version number": "version",
    "date": "document_date",
    "document date": "document_date",
    "approving body": "approving_body",
    "approved by": "approving_body",
    "date of approval": "approved_on",
    "approval date": "approved_on",
    "date approved": "approved_on",
    "responsible officer": "responsible_officer",
    "minute reference": "minute_reference",
    "minute ref": "minute_reference",
    "minute": "minute_reference",
    "oversight committee": "oversight_committee",
    "review date": "review",
    "next review": "review",
    "date of next review": "review",
    "next review date": "review",
}
_PAGE = re.compile(r"^(?P<title>.*?\S)[\s.·…]*\s(?P<page>\d{1,3})$")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}


class FrontMatterError(ValueError):
    """Lines of the front matter that cannot be read; ``lines`` lists each with its number."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("the front matter has lines that cannot be read: " + "; ".join(lines))


@dataclass
class HistoryRow:
    on_date: date
    version: str
    author: str
    comment: str


@dataclass
class ReviewRow:
    on_date: date
    review_type: str
    actions: str
    completed_by: str


@dataclass
class FrontMatter:
    council_name: str = ""
    title: str = ""
    version: str = ""
    document_date: date | None = None
    approving_body: str = ""  # as written: "Full Council", "Staffing Committee"
    approved_on: date | None = None
    minute_reference: str = ""
    responsible_officer: str = ""  # as written: "Town Clerk"
    oversight_committee: str = ""
    review_due: date | None = None
    review_text: str = ""  # the review date as written, when it is not a date
    history: list[HistoryRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)
    contents: list[str] = field(default_factory=list)

    def as_markdown(self) -> list[str]:
        """The front matter as the Markdown a clerk corrects, read back by the same rules."""
        lines = ["## Policy / File Status", ""]
        for label, value in (
            ("Council", self.council_name),
            ("Version", self.version),
            ("Date", _iso(self.document_date)),
            ("Approving Body", self.approving_body),
            ("Date of Approval", _iso(self.approved_on)),
            ("Minute Reference", self.minute_reference),
            ("Responsible Officer", self.responsible_officer),
            ("Oversight Committee", self.oversight_committee),
            ("Review Date", _iso(self.review_due) or self.review_text),
        ):
            if value:
                lines.append(f"| {label} | {_cell(value)} |")
        lines += ["", "## Version History", "", "| Date | Version | Author | Comments |"]
        lines += [
            f"| {_iso(r.on_date)} | {_cell(r.version)} | {_cell(r.author)} | {_cell(r.comment)} |"
            for r in self.history
        ]
        lines += ["", "## Review Record", "", "| Date | Type of review | Actions | Completed by |"]
        lines += [
            f"| {_iso(r.on_date)} | {_cell(r.review_type)} | {_cell(r.actions)} "
            f"| {_cell(r.completed_by)} |"
            for r in self.reviews
        ]
        lines += ["", "## Contents", ""]
        lines += [f"| {_cell(title)} |" for title in self.contents]
        return [*lines, ""]

    def as_dict(self) -> dict:
        return {
            "council_name": self.council_name,
            "version": self.version,
            "document_date": _iso(self.document_date),
            "approving_body": self.approving_body,
            "approved_on": _iso(self.approved_on),
            "minute_reference": self.minute_reference,
            "responsible_officer": self.responsible_officer,
            "oversight_committee": self.oversight_committee,
            "review_due": _iso(self.review_due),
            "review_text": self.review_text,
            "history": [
                {
                    "date": _iso(r.on_date),
                    "version": r.version,
                    "author": r.author,
                    "comment": r.comment,
                }
                for r in self.history
            ],  # fmt: skip
            "reviews": [
                {
                    "date": _iso(r.on_date),
                    "type": r.review_type,
                    "actions": r.actions,
                    "completed_by": r.completed_by,
                }
                for r in self.reviews
            ],  # fmt: skip
            "contents": list(self.contents),
        }


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "/").split())


def _plain(line: str) -> str:
    """A line without Word's bookmarks or Markdown's heading marks."""
    return _BOOKMARK.sub("", line).strip().lstrip("#").strip()


def _section(line: str) -> str | None:
    key = _plain(line).rstrip(":").strip().lower()
    for name, headings in SECTIONS.items():
        if key in headings:
            return name
    return None


def _cells(line: str) -> list[str] | None:
    """A table row's cells, or None when the line is not a row."""
    text = _BOOKMARK.sub("", line).rstrip()
    stripped = text.strip()
    if stripped.startswith("|"):
        inner = stripped.strip("|")
        if re.fullmatch(r"[\s:|-]*", inner):  # Markdown's row under a table's header
            return []
        return [c.strip() for c in inner.split("|")]
    if "\t" in text:
        return [c.strip() for c in text.split("\t")]
    return None


def parse_date(text: str) -> date | None:
    """A date as councils write it: 20-05-2026, 06.03.25, 13/05/26, 2026-05-20, 20 May 2026."""
    text = text.strip().rstrip(".")
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = (int(g) for g in match.groups())
    elif match := re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})", text):
        day, month, year = (int(g) for g in match.groups())
        year += 2000 if year < 100 else 0
    elif match := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+),? (\d{4})", text):
        day, year = int(match[1]), int(match[3])
        month = _MONTHS.get(match[2][:3].lower(), 0)
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def split_front_matter(
    lines: list[tuple[int, str]],
) -> tuple[FrontMatter | None, list[tuple[int, str]]]:
    """The front matter at the top of ``lines`` (each with its line number) and the lines
    after it; ``None`` and every line when the document has none. Raises FrontMatterError
    listing every line that cannot be read."""
    filled = [(n, line) for n, line in lines if _plain(line)]
    first = next(
        (i for i, (_, line) in enumerate(filled[: _LOOK_AHEAD + 1]) if _section(line)), None
    )
    if first is None:
        return None, lines
    front = FrontMatter()
    preamble = [_plain(line) for _, line in filled[:first]]
    if preamble:
        front.title = preamble[-1]
        front.council_name = preamble[0] if len(preamble) > 1 else ""
    problems: list[str] = []
    section = ""
    end = len(filled)
    for index in range(first, len(filled)):
        number, line = filled[index]
        if (name := _section(line)) is not None:
            section = name
            continue
        cells = _cells(line)
        if cells is None and section == "contents" and (entry := _PAGE.match(_plain(line))):
            cells = [entry["title"], entry["page"]]
        if cells is None:
            end = index
            break
        if not any(cells):
            continue
        _read_row(front, section, cells, number, problems)
    if problems:
        raise FrontMatterError(problems)
    rest_from = filled[end][0] if end < len(filled) else None
    rest = [(n, line) for n, line in lines if rest_from is not None and n >= rest_from]
    return front, rest


def _is_header(cells: list[str]) -> bool:
    return cells[0].strip().lower() in ("date", "section")


def _read_row(front: FrontMatter, section: str, cells: list[str], number: int, problems) -> None:
    if section == "status":
        for label, value in zip(cells[0::2], cells[1::2], strict=False):
            _status(front, label, value, number, problems)
    elif section in ("history", "reviews"):
        if _is_header(cells):
            return
        cells = [*cells, "", "", ""][:4]
        on_date = parse_date(cells[0])
        if on_date is None:
            problems.append(f"line {number}: {cells[0]!r} is not a date")
            return
        if section == "history":
            if not cells[1]:
                problems.append(f"line {number}: the version is missing")
                return
            front.history.append(HistoryRow(on_date, cells[1][:20], cells[2][:200], cells[3][:500]))
        else:
            front.reviews.append(ReviewRow(on_date, cells[1][:200], cells[2], cells[3][:200]))
    elif section == "contents":
        if _is_header(cells) and len(cells) > 1 and cells[1].lower() == "title":
            return
        # "Section | Title | Page": the title is the cell that is not a number.
        words = [c for c in cells if c and not re.fullmatch(r"[\d.]+", c)]
        if words:
            front.contents.append(words[0][:300])


def _status(front: FrontMatter, label: str, value: str, number: int, problems) -> None:
    what = _STATUS_LABELS.get(_plain(label).rstrip(":").lower())
    value = " ".join(value.split())
    if what is None or not value:
        if _plain(label).lower() == "council" and value:
            front.council_name = value
        return
    if what in ("document_date", "approved_on"):
        day = parse_date(value)
        if day is None:
            problems.append(f"line {number}: {label.strip()} {value!r} is not a date")
            return
        setattr(front, what, day)
    elif what == "review":
        # "2026, or as a result of changes to legislation": kept as written when not a date.
        day = parse_date(value)
        front.review_due, front.review_text = (day, "") if day else (None, value[:200])
    elif what == "version":
        front.version = value[:20]
    else:
        limit = 50 if what == "minute_reference" else 200
        setattr(front, what, value[:limit])
