"""Import people from CSV (C3). A file with any problem is refused whole, with every problem
listed by line; a clean file is applied in one transaction; the same file twice changes nothing.

Columns (header names, any order, case-insensitive):
  full_name*, role* (councillor | staff | other), email* (several separated by ';'),
  job_title, line_manager_email, peer_group, start_date, leave_date (YYYY-MM-DD or DD/MM/YYYY),
  display_screen (yes | no), working_pattern (e.g. "Mon-Fri 09:00-17:00")
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.csvkit import ImportReport, Problem, read_records
from councilguard.core.models import Council
from councilguard.people.models import Person, PersonEmail, PersonKind
from councilguard.people.services import (
    PersonData,
    PersonError,
    create_person,
    normalise_pattern,
    parse_emails,
    update_person,
)

REQUIRED = ("full_name", "role", "email")
OPTIONAL = (
    "job_title",
    "line_manager_email",
    "peer_group",
    "start_date",
    "leave_date",
    "display_screen",
    "working_pattern",
)
MAX_BYTES = 5 * 1024 * 1024


@dataclass
class _Row:
    line: int
    data: PersonData
    manager_email: str
    existing: Person | None


def import_people(
    council: Council, content: bytes, *, actor: Actor, dry_run: bool = False
) -> ImportReport:
    """Check the whole file, then apply it in one transaction (unless ``dry_run``)."""
    report = ImportReport(sha256=hashlib.sha256(content).hexdigest(), dry_run=dry_run)
    rows = _read(council, content, report)
    if report.problems:
        return report
    ordered = _managers_first(rows, report)
    if report.problems:
        return report
    try:
        with transaction.atomic():
            _apply(council, ordered, actor, report)
            if dry_run:
                transaction.set_rollback(True)
    except _RowFailed as failure:
        report.created = report.updated = report.unchanged = 0
        report.problems.append(failure.problem)
    return report


class _RowFailed(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _apply(council: Council, rows: list[_Row], actor: Actor, report: ImportReport) -> None:
    by_email: dict[str, Person] = {}
    for row in rows:
        if row.manager_email:
            row.data.line_manager = by_email.get(row.manager_email) or _person_with(
                council, row.manager_email
            )
        try:
            if row.existing is None:
                person = create_person(council, row.data, actor=actor)
                report.created += 1
            else:
                person = row.existing
                changed = update_person(person, row.data, actor=actor)
                report.updated += changed
                report.unchanged += not changed
        except PersonError as exc:
            raise _RowFailed(Problem(row.line, str(exc))) from None
        for address in row.data.emails:
            by_email[address] = person
    if report.created or report.updated:
        audit.record(
            council,
            Event.PEOPLE_IMPORTED,
            actor=actor,
            summary=f"{report.created} added, {report.updated} changed, "
            f"{report.unchanged} unchanged",
            changes={"sha256": report.sha256, "rows": report.rows},
        )


def _read(council: Council, content: bytes, report: ImportReport) -> list[_Row]:
    raw_rows = read_records(
        content, report, required=REQUIRED, columns=REQUIRED + OPTIONAL, max_bytes=MAX_BYTES
    )
    rows: list[_Row] = []
    first_line_of: dict[str, int] = {}
    file_emails: set[str] = set()
    for _, values in raw_rows:
        with contextlib.suppress(PersonError):  # reported with its line below
            file_emails.update(parse_emails(values["email"]))
    seen_people: dict[int, int] = {}
    for line, values in raw_rows:
        report.rows += 1
        row = _parse_row(council, line, values, report, first_line_of, file_emails)
        if row is None:
            continue
        if row.existing is not None:
            if row.existing.pk in seen_people:
                report.problems.append(
                    Problem(line, f"{row.existing} is also on line {seen_people[row.existing.pk]}")
                )
                continue
            seen_people[row.existing.pk] = line
        rows.append(row)
    if report.rows == 0 and not report.problems:
        report.problems.append(Problem(2, "the file has no people in it"))
    return rows


def _parse_row(council, line, values, report, first_line_of, file_emails) -> _Row | None:
    problems: list[str] = []

    def attempt(parse, *args):
        try:
            return parse(*args)
        except (PersonError, ValueError) as exc:
            problems.append(str(exc))
            return None

    if not values["full_name"]:
        problems.append("full_name is empty")
    kind = values["role"].lower()
    if kind not in PersonKind.values:
        problems.append(
            f"unknown role {values['role']!r}: use one of {', '.join(PersonKind.values)}"
        )
    emails = attempt(parse_emails, values["email"]) or []
    for address in emails:
        if address in first_line_of:
            problems.append(f"{address} is also on line {first_line_of[address]}")
        first_line_of.setdefault(address, line)
    start = attempt(_parse_date, "start_date", values.get("start_date", ""))
    leave = attempt(_parse_date, "leave_date", values.get("leave_date", ""))
    dse = attempt(_parse_bool, "display_screen", values.get("display_screen", ""))
    pattern = attempt(normalise_pattern, values.get("working_pattern", ""))
    manager_email = values.get("line_manager_email", "").lower()
    if (
        manager_email
        and manager_email not in file_emails
        and not _person_with(council, manager_email)
    ):
        problems.append(f"line manager {manager_email} is not in this file or this council")
    existing = _existing(council, emails, problems)
    if problems:
        report.problems.extend(Problem(line, message) for message in problems)
        return None
    data = PersonData(
        full_name=values["full_name"],
        kind=kind,
        emails=emails,
        job_title=values.get("job_title", ""),
        peer_group=values.get("peer_group", ""),
        start_date=start,
        leave_date=leave,
        uses_display_screen=bool(dse),
        working_pattern=pattern or "",
    )
    return _Row(line, data, manager_email, existing)


def _existing(council: Council, emails: list[str], problems: list[str]) -> Person | None:
    matches = {
        e.person
        for e in PersonEmail.objects.in_council(council)
        .filter(address__in=emails)
        .select_related("person")
    }
    if len(matches) > 1:
        names = " and ".join(sorted(p.full_name for p in matches))
        problems.append(f"the addresses belong to different people ({names})")
        return None
    return matches.pop() if matches else None


def _person_with(council: Council, address: str) -> Person | None:
    found = PersonEmail.objects.in_council(council).filter(address=address).first()
    return found.person if found else None


def _managers_first(rows: list[_Row], report: ImportReport) -> list[_Row]:
    """Order rows so that a line manager in the file is created before their reports."""
    row_of = {address: row for row in rows for address in row.data.emails}
    ordered: list[_Row] = []
    placed: set[int] = set()
    pending = list(rows)
    while pending:
        still = []
        for row in pending:
            manager_row = row_of.get(row.manager_email)
            if manager_row is None or manager_row.line in placed or manager_row is row:
                ordered.append(row)
                placed.add(row.line)
            else:
                still.append(row)
        if len(still) == len(pending):
            for row in still:
                report.problems.append(Problem(row.line, "line managers form a loop"))
            return []
        pending = still
    return ordered


def _parse_date(column: str, text: str) -> date | None:
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{column} {text!r} is not a date like 2026-04-01 or 01/04/2026")


def _parse_bool(column: str, text: str) -> bool:
    value = text.strip().lower()
    if value in {"", "no", "n", "false", "0"}:
        return False
    if value in {"yes", "y", "true", "1"}:
        return True
    raise ValueError(f"{column} {text!r} should be yes or no")
