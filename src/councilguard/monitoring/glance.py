"""Monitoring's part of "Compliance at a glance" (C18, C26): the findings raised over the last
12 months, month by month and by source, with how they were reviewed. Counted in one
aggregate query over the findings the member may review."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from councilguard.core.contributions import Bars, GlanceChart, Table
from councilguard.core.models import Membership
from councilguard.core.roles import Action
from councilguard.monitoring.models import FindingStatus, SourceKind
from councilguard.monitoring.services import findings_for

MONTHS = 12


def _months(today: date) -> list[date]:
    """The first day of each of the last 12 months, this one last."""
    year, month = today.year, today.month
    firsts = []
    for _ in range(MONTHS):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def dashboard_charts(membership: Membership, now: datetime) -> list[GlanceChart]:
    if not membership.can(Action.REVIEW_FINDINGS):
        return []
    months = _months(timezone.localdate(now))
    # Month boundaries in UK time; each month is a filtered count rather than a truncation of
    # every row's date (SQLite truncates dates in Python, a row at a time).
    starts = [timezone.make_aware(datetime.combine(m, time.min)) for m in months]
    ends = starts[1:] + [now]
    counts = {
        f"m{n}": Count("pk", filter=Q(found_at__gte=start, found_at__lt=end))
        for n, (start, end) in enumerate(zip(starts, ends, strict=True))
    }
    rows = (
        findings_for(membership)
        .filter(found_at__gte=starts[0], found_at__lt=now)
        .order_by()
        .values("source_kind", "status")
        .annotate(**counts)
    )
    statuses = [value for value, _ in FindingStatus.choices]
    by_month = {m: dict.fromkeys(statuses, 0) for m in months}
    by_source: dict[str, dict[str, int]] = {}
    for row in rows:
        source, status = row["source_kind"], row["status"]
        for n, m in enumerate(months):
            by_month[m][status] += row[f"m{n}"]
            by_source.setdefault(source, dict.fromkeys(statuses, 0))[status] += row[f"m{n}"]
    headers = [label for _, label in FindingStatus.choices] + ["All"]
    numeric = frozenset(range(1, len(headers) + 1))
    url = reverse("monitoring:finding_list", kwargs={"council": membership.council.slug})

    def row(counts: dict[str, int]) -> list[str]:
        return [str(counts[s]) for s in statuses] + [str(sum(counts.values()))]

    month_title = "Findings raised each month, last 12 months"
    charts = [
        GlanceChart(
            ident="glance-findings-months",
            order=10,
            chart=Bars(
                month_title,
                [
                    (
                        f"{m:%b %Y}",
                        sum(c.values()),
                        f"{sum(c.values())} ({c[FindingStatus.OPEN]} to review)",
                    )
                    for m, c in by_month.items()
                ],
            ),
            table=Table(
                month_title,
                ["Month"] + headers,
                [[f"{m:%B %Y}"] + row(c) for m, c in by_month.items()],
                numeric,
            ),
            link_text="All findings",
            link_url=url,
        )
    ]
    if by_source:
        source_title = "Findings by source, last 12 months"
        ordered = [(value, label) for value, label in SourceKind.choices if value in by_source]
        charts.append(
            GlanceChart(
                ident="glance-findings-sources",
                order=11,
                chart=Bars(
                    source_title,
                    [
                        (
                            label,
                            sum(by_source[value].values()),
                            f"{sum(by_source[value].values())} "
                            f"({by_source[value][FindingStatus.OPEN]} to review)",
                        )
                        for value, label in ordered
                    ],
                ),
                table=Table(
                    source_title,
                    ["Source"] + headers,
                    [[label] + row(by_source[value]) for value, label in ordered],
                    numeric,
                ),
            )
        )
    return charts
