"""Working patterns (C3): the hours a person normally works, per weekday, in Europe/London.

Written as text so a clerk can type or import it: ``Mon-Fri 09:00-17:00`` or
``Mon,Wed 09:00-13:00; Thu 13:30-17:30``. Several spans may share a day (split shifts).
Later rules use it to tell working hours from personal time (B 9.1.2, A "Personal use").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_INDEX = {name.lower(): i for i, name in enumerate(DAYS)}
_PART = re.compile(
    r"^\s*(?P<days>[A-Za-z,\s-]+?)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$"
)


class PatternError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Span:
    weekday: int  # 0 = Monday
    starts: time
    ends: time


def parse_pattern(text: str) -> list[Span]:
    """Parse a pattern; an empty text means no set hours (e.g. a councillor)."""
    spans: set[Span] = set()
    for part in filter(None, (p.strip() for p in text.split(";"))):
        match = _PART.match(part)
        if not match:
            raise PatternError(f"{part!r} is not like 'Mon-Fri 09:00-17:00'")
        starts, ends = _parse_time(match["start"]), _parse_time(match["end"])
        if ends <= starts:
            raise PatternError(f"{part!r}: the end must be after the start")
        for day in _parse_days(match["days"]):
            spans.add(Span(day, starts, ends))
    result = sorted(spans)
    for before, after in zip(result, result[1:], strict=False):
        if before.weekday == after.weekday and after.starts < before.ends:
            raise PatternError(f"{DAYS[before.weekday]} has overlapping hours")
    return result


def format_pattern(spans: list[Span]) -> str:
    """Write spans back as text, grouping runs of days that share the same hours."""
    by_hours: dict[tuple[time, time], list[int]] = {}
    for span in sorted(spans):
        by_hours.setdefault((span.starts, span.ends), []).append(span.weekday)
    parts = []
    for (starts, ends), days in sorted(by_hours.items(), key=lambda item: (item[1][0], item[0])):
        parts.append(f"{_format_days(days)} {starts:%H:%M}-{ends:%H:%M}")
    return "; ".join(parts)


def is_working_at(spans: list[Span], moment: datetime) -> bool:
    """Whether ``moment`` (an aware datetime) falls inside the pattern, in UK local time."""
    local = moment.astimezone(LONDON)
    now = local.time()
    return any(s.weekday == local.weekday() and s.starts <= now < s.ends for s in spans)


def _parse_time(text: str) -> time:
    hours, minutes = (int(x) for x in text.split(":"))
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise PatternError(f"{text!r} is not a time of day")
    return time(hours, minutes)


def _parse_days(text: str) -> list[int]:
    days: list[int] = []
    for chunk in filter(None, (c.strip() for c in text.split(","))):
        if "-" in chunk:
            first, last = (_day(x) for x in chunk.split("-", 1))
            if last < first:
                raise PatternError(f"{chunk!r}: a day range runs from Monday towards Sunday")
            days.extend(range(first, last + 1))
        else:
            days.append(_day(chunk))
    return days


def _day(text: str) -> int:
    key = text.strip().lower()[:3]
    if key not in _DAY_INDEX:
        raise PatternError(f"{text.strip()!r} is not a day (use Mon, Tue, ... Sun)")
    return _DAY_INDEX[key]


def _format_days(days: list[int]) -> str:
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        DAYS[r[0]]
        if len(r) == 1
        else f"{DAYS[r[0]]}-{DAYS[r[-1]]}"
        if len(r) > 2
        else f"{DAYS[r[0]]},{DAYS[r[1]]}"
        for r in runs
    )
