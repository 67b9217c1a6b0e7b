"""A person's page links to the monitoring findings about them (core.contributions)."""

from __future__ import annotations

from django.urls import reverse

from councilguard.core.contributions import PersonLink
from councilguard.core.roles import Action
from councilguard.monitoring.models import Finding, FindingStatus


def links(membership, person) -> list[PersonLink]:
    if not membership.can(Action.REVIEW_FINDINGS):
        return []
    waiting = Finding.objects.filter(person=person, status=FindingStatus.OPEN).count()
    url = reverse("monitoring:finding_list", kwargs={"council": membership.council.slug})
    return [
        PersonLink(
            "Monitoring findings about them",
            f"{url}?person={person.pk}&status=",
            f"{waiting} to review" if waiting else "none to review",
        )
    ]
