"""The figures a month is judged on, kept with its monthly summary (issue 18).

A month is judged against the person's earlier months (their median and usual variation) and
the same month a year before. An analysis of new months takes those earlier months from the
monthly summaries (``UsageMonth``: calls, minutes and texts less clear personal use, data and
cost) rather than their bill lines, when the summaries of a month are whole and current:

* every summary of the month has judged figures, written by an analysis under the same basis
  (``basis``: a digest of who held which number when, working patterns, the bank holidays'
  region, the business directory, protected numbers and the length of a long call: all that
  decides whose a line is and whether it is clear personal use);
* the month still has bill lines stored.

Any other month with bill lines is read from its lines, as before. Retention and erasure clear
the figures (``clear``) of the months and people whose lines they remove.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

import polars as pl

from councilguard.monitoring import eventstore
from councilguard.monitoring.models import SourceKind
from councilguard.phones.models import UsageMonth

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from councilguard.core.models import Council
    from councilguard.phones.analysis import Context

# Raise when the analysis changes how a month's judged figures are summed from its lines.
VERSION = 1

# The judged figures, as analysis._monthly names them, and their summary fields.
FIELDS = {
    "calls": "judged_calls",
    "minutes": "judged_minutes",
    "texts": "judged_texts",
    "data": "data_bytes",
    "cost": "cost_pence",
}
SCHEMA = {
    "person": pl.String,
    "month": pl.Date,
    "calls": pl.Int64,
    "minutes": pl.Float64,
    "texts": pl.Int64,
    "data": pl.Int64,
    "cost": pl.Int64,
}


def basis(context: Context) -> str:
    """A digest of everything beyond a month's own lines that its judged figures depend on."""
    protected = context.protected
    parts = {
        "version": VERSION,
        "holders": sorted([str(v) for v in row] for row in context.holders.iter_rows()),
        "spans": sorted(list(row) for row in context.spans.iter_rows()),
        "region": context.region,
        "business": sorted(context.business_numbers),
        "protected": sorted(protected.numbers),
        "protected_personal": sorted(
            [str(p.person_id), p.value, str(p.on_date)] for p in protected.of_kind("number")
        ),
        "long_call_minutes": float(context.thresholds.long_call_minutes),
    }
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def months_with_lines(council: Council) -> set[date]:
    """The local months the stored bill lines can fall in: day files are by UTC day, and a UK
    day can start in the previous UTC day, so each day counts for its own month and the
    next day's."""
    found = set()
    for day in eventstore.day_dirs(council, SourceKind.PHONE):
        found.add(day.replace(day=1))
        found.add((day + timedelta(days=1)).replace(day=1))
    return found


def stored(council: Council, months: list[date], key: str) -> tuple[pl.DataFrame, set[date]]:
    """The judged figures of those of ``months`` whose summaries are whole and current under
    ``key`` (``basis``), as rows of person, month and the five measures, and those months."""
    rows = UsageMonth.objects.filter(council=council, month__in=months).values_list(
        "person_id", "month", "judged_basis", *FIELDS.values()
    )
    by_month: dict[date, list[tuple]] = defaultdict(list)
    spoilt: set[date] = set()
    for person_id, month, basis_of, *figures in rows:
        if basis_of != key or any(v is None for v in figures):
            spoilt.add(month)
        else:
            by_month[month].append((str(person_id), month, *figures))
    usable = set(by_month) - spoilt
    return (
        pl.DataFrame(
            [row for month in sorted(usable) for row in by_month[month]],
            schema=SCHEMA,
            orient="row",
        ),
        usable,
    )


def clear(summaries: QuerySet) -> int:
    """Clear the judged figures of these summaries: their months are then read from their
    lines again until an analysis writes them anew."""
    return summaries.update(
        judged_calls=None, judged_minutes=None, judged_texts=None, judged_basis=""
    )


def clear_months(council: Council, days: set[date]) -> int:
    """Clear the judged figures of every month whose lines may be among those of these UTC
    days (retention removed some)."""
    months = {d.replace(day=1) for d in days} | {
        (d + timedelta(days=1)).replace(day=1) for d in days
    }
    if not months:
        return 0
    return clear(UsageMonth.objects.filter(council=council, month__in=sorted(months)))
