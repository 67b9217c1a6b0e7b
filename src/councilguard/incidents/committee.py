"""The incident register's part of the committee pack (C16, C27): incidents opened in the
period by kind, the personal-data breaches and their 72-hour decisions, and those still open."""

from __future__ import annotations

from django.db.models import Count

from councilguard.core.contributions import Bars, Period, Section, Table
from councilguard.core.models import Council
from councilguard.incidents.models import (
    BreachDecision,
    IncidentKind,
    IncidentStatus,
    SecurityIncident,
)


def committee_section(council: Council, period: Period) -> Section:
    incidents = SecurityIncident.objects.in_council(council)
    opened = incidents.filter(reported_at__gte=period.start, reported_at__lt=period.end)
    by_kind = dict(opened.values_list("kind").annotate(n=Count("pk")))
    breaches = list(opened.filter(kind=IncidentKind.DATA_BREACH).order_by("reported_at"))
    still_open = incidents.filter(status=IncidentStatus.OPEN).count()
    rows = []
    for b in breaches:
        if not b.breach_decision:
            decision = "Not yet decided" + (
                " (72 hours run out)" if b.breach_clock() == "overdue" else ""
            )
            in_time = "No" if b.breach_clock() == "overdue" else "Clock running"
        else:
            decision = BreachDecision(b.breach_decision).label
            in_time = "Yes" if b.breach_decided_at <= b.report_deadline else "No"
        rows.append([b.reference, f"{b.detected_at or b.reported_at:%-d %B %Y}", decision, in_time])
    total = sum(by_kind.values())
    return Section(
        title="Security incidents",
        order=30,
        paragraphs=[
            f"{total} incident{'s were' if total != 1 else ' was'} recorded in the period, "
            f"{len(breaches)} of them personal-data breach{'es' if len(breaches) != 1 else ''}. "
            f"{still_open} incident{'s are' if still_open != 1 else ' is'} open when this pack "
            "was printed."
        ],
        tables=[
            Table(
                "Incidents recorded in the period",
                ["Kind", "Incidents"],
                [[IncidentKind(k).label, str(n)] for k, n in sorted(by_kind.items())],
                numeric=frozenset({1}),
            ),
            Table(
                "Personal-data breaches and the 72-hour decision",
                ["Reference", "Detected", "Decision", "Decided within 72 hours"],
                rows,
            ),
        ],
        charts=[
            Bars(
                "Incidents by kind",
                [(IncidentKind(k).label, n, str(n)) for k, n in sorted(by_kind.items())],
            )
        ]
        if by_kind
        else [],
        figures={
            "incidents.recorded": total,
            "incidents.breaches": len(breaches),
            "incidents.open": still_open,
        },
    )
