"""The incident register's part of "Compliance at a glance" (C16, C26): open incidents by how
long they have been open, so one left open for weeks stands out."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse

from councilguard.core.contributions import GlanceChart, age_glance, counts_by_age
from councilguard.core.models import Membership
from councilguard.core.roles import Action
from councilguard.incidents.models import IncidentStatus, SecurityIncident


def dashboard_charts(membership: Membership, now: datetime) -> list[GlanceChart]:
    if not membership.can(Action.VIEW_INCIDENTS):
        return []
    council = membership.council
    still_open = SecurityIncident.objects.in_council(council).filter(status=IncidentStatus.OPEN)
    counts = counts_by_age(still_open, "reported_at", now)
    url = reverse("incidents:incident_list", kwargs={"council": council.slug})
    return [
        age_glance("glance-incidents", 30, "Open incidents by age", counts, ("All incidents", url))
    ]
