"""Requests waiting for the member's decision, on the dashboard and in reminders (C27)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Min
from django.urls import reverse

from councilguard.core.contributions import WaitingItem
from councilguard.core.models import Membership
from councilguard.core.roles import Action
from councilguard.privacy import services

# A person waiting to know whether a call can be private should not wait long: reminded after
# two days, daily.
REMIND_AFTER = timedelta(days=2)


def waiting_items(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    """One query whatever the number of requests."""
    if not membership.can(Action.VIEW_PROTECTION_REQUESTS):
        return []
    row = services.to_decide(membership).aggregate(count=Count("pk"), oldest=Min("requested_at"))
    if not row["count"]:
        return []
    count = row["count"]
    return [
        WaitingItem(
            key="privacy.decide",
            title=(
                f"Decide {count} request{'s' if count != 1 else ''} for a private call or contact"
            ),
            url=reverse("privacy:request_list", kwargs={"council": membership.council.slug}),
            since=row["oldest"],
            remind_from=row["oldest"] + REMIND_AFTER,
            remind_every=timedelta(days=1),
        )
    ]
