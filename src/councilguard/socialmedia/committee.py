"""Social media's part of the committee pack (C22, C27; A "Social Media"): posts reported in
the period and how the clerk triaged them, removals asked for and those past their follow-up
day, and press enquiries and whether they were answered in time. In aggregate: no reporter,
poster or journalist is named."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from councilguard.core.contributions import Bars, Period, Section, Table
from councilguard.core.models import Council
from councilguard.core.words import counted
from councilguard.socialmedia.models import (
    Enquiry,
    Platform,
    PostReport,
    RemovalRequest,
    RemovalStatus,
    Triage,
)


def committee_section(council: Council, period: Period) -> Section:
    today = timezone.localdate()
    first, after = period.start.date(), period.end.date()
    reported = dict(
        PostReport.objects.in_council(council)
        .filter(reported_at__gte=period.start, reported_at__lt=period.end)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    overdue = list(
        RemovalRequest.objects.in_council(council)
        .filter(status=RemovalStatus.OPEN, follow_up_on__lt=today)
        .select_related("report")
        .order_by("follow_up_on", "pk")
    )
    closed = dict(
        RemovalRequest.objects.in_council(council)
        .filter(closed_on__gte=first, closed_on__lt=after)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    enquiries = list(
        Enquiry.objects.in_council(council)
        .filter(received_at__gte=period.start, received_at__lt=period.end)
        .values_list("answer_by", "answered_on")
    )
    answered = [(due, on) for due, on in enquiries if on is not None]
    late = sum(1 for due, on in answered if on > due)
    waiting = sum(1 for due, on in enquiries if on is None)
    waiting_late = sum(1 for due, on in enquiries if on is None and due < today)
    reports = sum(reported.values())
    return Section(
        title="Social media",
        order=60,
        paragraphs=[
            f"{counted(reports, 'post was', 'posts were')} reported in the period as possibly "
            f"breaching the policy. When this pack was printed, "
            f"{counted(len(overdue), 'removal request was', 'removal requests were')} past "
            "the day it was to be followed up.",
            f"{counted(len(enquiries), 'press enquiry', 'press enquiries')} came in: "
            f"{len(answered)} answered ({late} after the date asked) and {waiting} not yet "
            f"answered ({waiting_late} past the date asked).",
        ],
        tables=[
            Table(
                "Posts reported in the period, by the clerk's decision",
                ["Decision", "Posts"],
                [[Triage(s).label, str(n)] for s, n in sorted(reported.items())],
                numeric=frozenset({1}),
            ),
            Table(
                "Removal requests past their follow-up day",
                ["Platform", "Asked on", "Follow up by"],
                [
                    [
                        Platform(r.report.platform).label,
                        f"{r.asked_on:%-d %B %Y}",
                        f"{r.follow_up_on:%-d %B %Y}",
                    ]
                    for r in overdue
                ],
            ),  # fmt: skip
            Table(
                "Removal requests closed in the period",
                ["Outcome", "Requests"],
                [[RemovalStatus(s).label, str(n)] for s, n in sorted(closed.items())],
                numeric=frozenset({1}),
            ),
        ],
        charts=[
            Bars(
                "Posts reported, by decision",
                [(Triage(s).label, n, str(n)) for s, n in sorted(reported.items())],
            )
        ]
        if reported
        else [],
        figures={
            "social.reports": reports,
            "social.removals_overdue": len(overdue),
            "social.enquiries": len(enquiries),
            "social.enquiries_answered_late": late,
            "social.enquiries_waiting": waiting,
        },
    )
