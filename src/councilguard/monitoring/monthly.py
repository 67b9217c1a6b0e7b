"""The monthly monitoring report (C27, B 9.1, A "Monitoring"): per source, what came in, what
the rules found, how findings were reviewed and how long that took, who opened raw events and
why, what retention deleted, and the legal holds. Names appear only when the reader's role may
see them; the committee's version (``committee_section``) is in aggregate."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

from django.db.models import Count, Q, Sum

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.contributions import Bars, Period, Section, Table
from councilguard.core.models import Council
from councilguard.monitoring.models import (
    BatchStatus,
    Finding,
    FindingStatus,
    IngestBatch,
    LegalHold,
    MonitoringSource,
    PurgeReceipt,
    SourceKind,
)
from councilguard.monitoring.templatetags.monitoring import rule_label

REVIEWED = (FindingStatus.NOTED, FindingStatus.DISMISSED, FindingStatus.ESCALATED)


@dataclass
class SourceRow:
    kind: str
    label: str
    set_up: bool
    batches: int = 0
    events: int = 0
    rejected: int = 0
    raised: int = 0
    reviewed: int = 0
    open_at_end: int = 0


@dataclass
class RawView:
    at: datetime
    by: str
    person: str
    source: str
    purpose: str


@dataclass
class MonthlyReport:
    council: Council
    period: Period
    names: bool
    sources: list[SourceRow]
    # (source label, rule in words, findings raised)
    rules: list[tuple[str, str, int]]
    # outcome in words -> findings reviewed in the month with it
    outcomes: dict[str, int]
    # review times in hours of the findings reviewed in the month
    review_hours: list[float]
    views: list[RawView]
    purges: list[PurgeReceipt]
    holds: list[LegalHold] = field(default_factory=list)
    holds_in_force: int = 0

    @property
    def events(self) -> int:
        return sum(s.events for s in self.sources)

    @property
    def raised(self) -> int:
        return sum(n for *_, n in self.rules)

    @property
    def reviewed(self) -> int:
        return sum(self.outcomes.values())

    @property
    def median_review_hours(self) -> float | None:
        return round(median(self.review_hours), 1) if self.review_hours else None

    @property
    def events_removed(self) -> int:
        return sum(p.events_removed for p in self.purges)


def monthly_report(council: Council, period: Period, *, names: bool) -> MonthlyReport:
    """Eight queries whatever the number of events and findings."""
    in_period = Q(found_at__gte=period.start, found_at__lt=period.end)
    reviewed_in = Q(reviewed_at__gte=period.start, reviewed_at__lt=period.end)
    set_up = {s.kind for s in MonitoringSource.objects.in_council(council)}
    rows = {kind: SourceRow(kind, label, kind in set_up) for kind, label in SourceKind.choices}
    batches = (
        IngestBatch.objects.in_council(council)
        .filter(
            status=BatchStatus.COMMITTED,
            created_at__gte=period.start,
            created_at__lt=period.end,
        )
        .values("source__kind")
        .annotate(n=Count("pk"), events=Sum("accepted"), rejected=Sum("rejected"))
    )
    for b in batches:
        row = rows[b["source__kind"]]
        row.batches, row.events, row.rejected = b["n"], b["events"] or 0, b["rejected"] or 0
    findings = Finding.objects.in_council(council)
    rules = []
    for r in (
        findings.filter(in_period)
        .values("source_kind", "rule_kind")
        .annotate(n=Count("pk"))
        .order_by("source_kind", "-n", "rule_kind")
    ):
        rows[r["source_kind"]].raised += r["n"]
        rules.append((rows[r["source_kind"]].label, rule_label(r["rule_kind"]), r["n"]))
    outcomes = {label: 0 for value, label in FindingStatus.choices if value in REVIEWED}
    hours = []
    for f in findings.filter(reviewed_in, status__in=REVIEWED).values(
        "status", "source_kind", "found_at", "reviewed_at"
    ):
        outcomes[FindingStatus(f["status"]).label] += 1
        rows[f["source_kind"]].reviewed += 1
        hours.append((f["reviewed_at"] - f["found_at"]).total_seconds() / 3600)
    for r in (
        findings.filter(found_at__lt=period.end)
        .filter(Q(status=FindingStatus.OPEN) | Q(reviewed_at__gte=period.end))
        .exclude(status=FindingStatus.WITHDRAWN)
        .values("source_kind")
        .annotate(n=Count("pk"))
    ):
        rows[r["source_kind"]].open_at_end = r["n"]
    views = [
        RawView(
            at=e.occurred_at,
            by=e.actor_label if names else "",
            person=e.target_label if names else "",
            source=rows.get((e.changes or {}).get("source", ""), SourceRow("", "", False)).label,
            purpose=e.summary if names else "",
        )
        for e in AuditEntry.objects.in_council(council)
        .filter(
            event=Event.MONITORING_VIEWED,
            occurred_at__gte=period.start,
            occurred_at__lt=period.end,
        )
        .order_by("occurred_at")
    ]
    purges = list(
        PurgeReceipt.objects.in_council(council)
        .filter(run_at__gte=period.start, run_at__lt=period.end)
        .select_related("source")
        .order_by("run_at")
    )
    holds = (
        LegalHold.objects.in_council(council)
        .filter(placed_at__lt=period.end)
        .filter(Q(released_at__isnull=True) | Q(released_at__gte=period.start))
        .select_related("person")
    )
    holds = list(holds)
    report = MonthlyReport(
        council=council,
        period=period,
        names=names,
        sources=[r for r in rows.values() if r.set_up or r.batches or r.raised or r.reviewed],
        rules=rules,
        outcomes=outcomes,
        review_hours=hours,
        views=views,
        purges=purges,
        holds=holds if names else [],
        holds_in_force=sum(
            1 for h in holds if h.released_at is None or h.released_at >= period.end
        ),
    )
    return report


def committee_section(council: Council, period: Period) -> Section:
    """The monitoring report in aggregate for the oversight committee: no one's name, no
    purpose typed (purposes may name people)."""
    report = monthly_report(council, period, names=False)
    median_hours = report.median_review_hours
    paragraphs = [
        f"{report.events:,} events were taken in from {len(report.sources)} monitoring "
        f"source{'s' if len(report.sources) != 1 else ''}; the rules raised "
        f"{report.raised} finding{'s' if report.raised != 1 else ''} and "
        f"{report.reviewed} {'were' if report.reviewed != 1 else 'was'} reviewed"
        + (f", in a median of {median_hours:g} hours." if median_hours is not None else "."),
        f"Raw events were opened {len(report.views)} time{'s' if len(report.views) != 1 else ''}, "
        "each with a purpose recorded; retention deleted "
        f"{report.events_removed:,} events; {report.holds_in_force} legal "
        f"hold{'s were' if report.holds_in_force != 1 else ' was'} in force at the month's end.",
    ]
    sources = Table(
        "Monitoring sources",
        ["Source", "Events taken in", "Findings raised", "Reviewed", "Open at month end"],
        [
            [s.label, f"{s.events:,}", str(s.raised), str(s.reviewed), str(s.open_at_end)]
            for s in report.sources
        ],
        numeric=frozenset({1, 2, 3, 4}),
    )
    rules = Table(
        "Findings raised by rule",
        ["Source", "Rule", "Findings"],
        [[source, rule, str(n)] for source, rule, n in report.rules],
        numeric=frozenset({2}),
    )
    outcomes = Bars(
        "How findings were reviewed",
        [(label, n, str(n)) for label, n in report.outcomes.items()],
    )
    return Section(
        title="Monitoring",
        order=40,
        paragraphs=paragraphs,
        tables=[sources, rules] if report.rules else [sources],
        charts=[outcomes],
        figures={
            "monitoring.events": report.events,
            "monitoring.raised": report.raised,
            "monitoring.reviewed": report.reviewed,
            "monitoring.raw_views": len(report.views),
            "monitoring.events_removed": report.events_removed,
            "monitoring.holds_in_force": report.holds_in_force,
        },
    )
