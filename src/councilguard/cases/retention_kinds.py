"""Cases' kind in the council's retention schedule (C19, B 5.1.3; retention.kinds): closed
cases with their frozen evidence, steps and export records. A case whose subject is still held
(its appeal period, or another case) is kept."""

from __future__ import annotations

from datetime import date, datetime, time

from councilguard.cases.models import Case, CaseSubject, Stage
from councilguard.people.patterns import LONDON
from councilguard.retention.kinds import Kind, Tally

CLOSED_CASE_DAYS = 6 * 365


def _sweep(council, before: date, apply: bool, held: dict[int, str]) -> Tally:
    start = datetime.combine(before, time(), tzinfo=LONDON)
    due = Case.objects.in_council(council).filter(stage=Stage.CLOSED, closed_at__lt=start)
    tally = Tally(due=due.count())
    kept: dict[int, str] = {}
    for case_id, person_id in CaseSubject.objects.filter(case__in=due).values_list(
        "case_id", "person_id"
    ):
        if person_id in held:
            kept.setdefault(case_id, held[person_id])
    for reason in kept.values():
        tally.keep(reason)
    if apply:
        for case in due.exclude(pk__in=kept):
            case.delete()
    return tally


def kinds(council) -> list[Kind]:
    return [
        Kind(
            key="cases.closed",
            label="Closed cases with their evidence",
            default_days=CLOSED_CASE_DAYS,
            reason=(
                "Six years after closing, the time within which most claims about the outcome "
                "can be brought; an open case is never deleted."
            ),
            sweep=_sweep,
        )
    ]
