"""Reporting months in UK time."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from django.utils import timezone

from councilguard.core.contributions import Period

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodError(ValueError):
    pass


def parse_month(text: str) -> date:
    """ "2026-03" -> 1 March 2026; a clear error for anything else."""
    match = MONTH.match((text or "").strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise PeriodError(f"{text!r} is not a month written as YYYY-MM, e.g. 2026-03")
    return date(int(match[1]), int(match[2]), 1)


def month_period(first: date) -> Period:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    tz = timezone.get_current_timezone()
    return Period(
        start=datetime.combine(first, time(0), tzinfo=tz),
        end=datetime.combine(following, time(0), tzinfo=tz),
        label=f"{first:%B %Y}",
    )


def last_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
