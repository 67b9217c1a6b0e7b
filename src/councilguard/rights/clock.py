"""The subject access clock, counted as the ICO counts it (UK GDPR Art 12(3), Art 12A).

The day of receipt is day 1 and the deadline is the corresponding calendar date in the next
month; when that month has no such date, its last day; when the deadline falls on a weekend or
a bank holiday, the next working day. An extension adds two further months (three in all).
The clock stops while the council waits for clarification or proof of identity (Art 12A,
inserted by the Data (Use and Access) Act 2025); the one-month count then runs again from the
day the reply arrives, the ICO's reading and the safest one for the council.

Pure functions of dates: no database, no clock of the machine.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from councilguard.core import calendar as calendar_days
from councilguard.core.calendar import DEFAULT_REGION, SUBDIVISIONS, Region

# The council says whose bank holidays it keeps (core.calendar, shared with the monitoring
# rules' working hours).
REGIONS = {key: (code, Region(key).label) for key, code in SUBDIVISIONS.items()}
ONE_MONTH = 1
EXTENDED_MONTHS = 3  # one month plus a further two (Art 12(3))


def add_months(day: date, months: int) -> date:
    """The corresponding date ``months`` later; the last day of that month when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_working_day(day: date, region: str = DEFAULT_REGION) -> bool:
    return calendar_days.is_working_day(day, region)


def next_working_day(day: date, region: str = DEFAULT_REGION) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, region):
        day += timedelta(days=1)
    return day


def due_date(received: date, *, extended: bool = False, region: str = DEFAULT_REGION) -> date:
    """When a request received (or restarted) on ``received`` must be answered."""
    if region not in REGIONS:
        raise ValueError(f"unknown bank holiday region {region!r}")
    months = EXTENDED_MONTHS if extended else ONE_MONTH
    return next_working_day(add_months(received, months), region)


@dataclass(frozen=True)
class Pause:
    """The council asked for clarification or identity on ``started``; the reply came on
    ``ended`` (None while still waiting)."""

    started: date
    ended: date | None = None


@dataclass(frozen=True)
class Clock:
    """Where a request stands: the date the count runs from, its deadline, whether it is
    stopped."""

    runs_from: date
    due: date | None  # None while stopped
    paused: bool

    def days_left(self, today: date) -> int | None:
        return None if self.due is None else (self.due - today).days


def clock(
    received: date,
    pauses: Iterable[Pause] = (),
    *,
    extended: bool = False,
    region: str = DEFAULT_REGION,
) -> Clock:
    """The clock of a request given its pauses. A pause that has ended restarts the count from
    the day of the reply (which becomes day 1, as the day of receipt was); an open pause stops
    the clock with no deadline until the reply comes."""
    runs_from = received
    for pause in sorted(pauses, key=lambda p: p.started):
        if pause.started < received:
            raise ValueError("a pause cannot start before the request was received")
        if pause.ended is None:
            return Clock(runs_from=runs_from, due=None, paused=True)
        if pause.ended < pause.started:
            raise ValueError("a reply cannot come before the question was asked")
        runs_from = max(runs_from, pause.ended)
    return Clock(
        runs_from=runs_from,
        due=due_date(runs_from, extended=extended, region=region),
        paused=False,
    )


def extension_notice_deadline(runs_from: date, region: str = DEFAULT_REGION) -> date:
    """The requester must be told of an extension within the first month (Art 12(3)): by the
    date the unextended deadline falls."""
    return due_date(runs_from, region=region)
