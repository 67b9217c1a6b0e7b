"""When things fall due (B 3.1.1, DSE Regulations 1992 regs 2 and 5), worked out from dates
alone so that the pages, the reminders and the tests agree."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

from django.utils import timezone


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it has no such day
    (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day``, UK time."""
    return timezone.make_aware(datetime.combine(day, time.min))


def next_test_due(since: date, last_test_on: date | None, recommended: date | None, months: int):
    """The date the next eye test falls due: the optometrist's own recommendation when they gave
    one (reg 5(1): the interval is their clinical judgement), otherwise the council's interval
    after the last test; with no test yet, from the day the person became a user (reg 5(1)(a):
    as soon as practicable)."""
    if last_test_on is None:
        return since
    return recommended or add_months(last_test_on, months)


def next_assessment_due(since: date, last_done_on: date | None, months: int) -> date:
    """A workstation is assessed when someone becomes a user, then every ``months``."""
    return since if last_done_on is None else add_months(last_done_on, months)


def answer_due(offered_on: date, days: int) -> date:
    """An offer nobody answered is chased from this day on: ``days`` after it was made."""
    return offered_on + timedelta(days=days)
