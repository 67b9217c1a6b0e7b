"""What monitoring puts on the dashboard and in reminders (C11-C13, C26, C27): findings to
review, per source, and findings about oneself that one may explain."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Min
from django.urls import reverse

from councilguard.core.contributions import WaitingItem
from councilguard.core.models import Membership
from councilguard.core.roles import Action
from councilguard.monitoring.models import FindingStatus, SourceKind
from councilguard.monitoring.services import findings_for, own_findings

# Findings have no statutory clock; a reviewer is reminded of open ones after a week, weekly.
REVIEW_REMINDER_AFTER = timedelta(days=7)


def waiting_items(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    """Two queries whatever the number of findings: counts per source, and one's own."""
    council = membership.council
    items = []
    if membership.can(Action.REVIEW_FINDINGS):
        open_ones = (
            findings_for(membership)
            .filter(status=FindingStatus.OPEN)
            .values("source_kind")
            .annotate(count=Count("pk"), oldest=Min("found_at"))
            .order_by("source_kind")
        )
        base = reverse("monitoring:finding_list", kwargs={"council": council.slug})
        for row in open_ones:
            kind = row["source_kind"]
            label = _source_label(kind)
            count = row["count"]
            items.append(
                WaitingItem(
                    key=f"monitoring.review:{kind}",
                    title=f"Review {count} {label} finding{'s' if count != 1 else ''}",
                    url=f"{base}?{urlencode({'status': 'open', 'source_kind': kind})}",
                    since=row["oldest"],
                    remind_from=row["oldest"] + REVIEW_REMINDER_AFTER,
                    remind_every=REVIEW_REMINDER_AFTER,
                )
            )
    if person is not None:
        # Everyone may explain a finding about them before it is reviewed (their right to be
        # heard); an open one without an explanation is asked of them.
        mine = (
            own_findings(council, membership.user)
            .filter(status=FindingStatus.OPEN, explanation="")
            .aggregate(count=Count("pk"), oldest=Min("found_at"))
        )
        if mine["count"]:
            count = mine["count"]
            items.append(
                WaitingItem(
                    key="monitoring.explain",
                    title=(
                        f"{count} finding{'s' if count != 1 else ''} about you "
                        f"{'are' if count != 1 else 'is'} open: read "
                        f"{'them' if count != 1 else 'it'} and give your explanation if you wish"
                    ),
                    url=reverse("monitoring:mine", kwargs={"council": council.slug}),
                    since=mine["oldest"],
                )
            )
    return items


# A source's findings in a sentence ("Review 3 web findings").
SOURCE_WORDS = {
    SourceKind.PROXY: "web",
    SourceKind.DNS: "DNS",
    SourceKind.EMAIL: "e-mail",
    SourceKind.PHONE: "phone",
    SourceKind.SIGNIN: "sign-in",
    SourceKind.SOFTWARE: "software",
}


def _source_label(kind: str) -> str:
    return SOURCE_WORDS.get(kind, "monitoring")
