"""What the incident register puts on the dashboard and in reminders (C16, C26, C27)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse

from councilguard.core.contributions import Urgency, WaitingItem
from councilguard.core.models import Membership
from councilguard.core.roles import Action
from councilguard.incidents.models import IncidentKind, SecurityIncident


def waiting_items(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    """Personal-data breaches whose 72-hour decision is not yet recorded (UK GDPR Art. 33): for
    those who decide (the clerk and the data protection lead), from the moment the clock starts;
    one query."""
    if not membership.can(Action.MANAGE_INCIDENTS):
        return []
    council = membership.council
    breaches = SecurityIncident.objects.in_council(council).filter(
        kind=IncidentKind.DATA_BREACH, breach_decision=""
    )
    items = []
    for incident in breaches.only("pk", "title", "detected_at", "reported_at", "kind"):
        deadline = incident.report_deadline
        overdue = deadline < now
        started = incident.detected_at or incident.reported_at
        items.append(
            WaitingItem(
                key=f"incidents.breach:{incident.pk}",
                title=(
                    f"Decide whether to report the personal-data breach {incident.reference} "
                    f"({incident.title}) to the ICO"
                    + (": the 72 hours have run out" if overdue else "")
                ),
                url=reverse(
                    "incidents:incident_detail", kwargs={"council": council.slug, "pk": incident.pk}
                ),
                deadline=deadline,
                # The whole 72 hours is short: every running clock is urgent.
                urgency=Urgency.OVERDUE if overdue else Urgency.SOON,
                since=started,
                remind_from=started,
                remind_every=timedelta(days=1),
            )
        )
    return items
