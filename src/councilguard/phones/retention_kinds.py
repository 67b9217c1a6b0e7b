"""Phones' kind in the council's retention schedule (C19, B 5.1.3; retention.kinds): the monthly
summaries of each person's phone use. Bill lines are raw events of the phone source and follow
its period; findings about phones are monitoring findings."""

from __future__ import annotations

from datetime import date

from councilguard.monitoring.retention_kinds import held_people
from councilguard.phones.models import UsageMonth
from councilguard.retention.kinds import Kind, Tally

SUMMARY_DAYS = 400


def _sweep(council, before: date, apply: bool) -> Tally:
    # A month is past its period once its last day is: every month starting before the month
    # of ``before``.
    first_kept = before.replace(day=1)
    tally = Tally()
    held = held_people(council)
    due = UsageMonth.objects.in_council(council).filter(month__lt=first_kept)
    tally.due = due.count()
    kept = []
    for pk, person_id in due.values_list("pk", "person_id"):
        if person_id in held:
            tally.keep(held[person_id])
            kept.append(pk)
    if apply:
        due.exclude(pk__in=kept).delete()
    return tally


def kinds(council) -> list[Kind]:
    return [
        Kind(
            key="phones.summaries",
            label="Monthly summaries of phone use",
            default_days=SUMMARY_DAYS,
            reason=(
                "A year and a month, so each month can be compared with the same month a year "
                "before and with the months the usual use is worked out from."
            ),
            sweep=_sweep,
        )
    ]
