"""A person's page links to their devices, charges and leaving checklist (people imports no
domain app: core.contributions.person_links collects this through DevicesConfig)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from councilguard.core.contributions import PersonLink
from councilguard.core.roles import Action
from councilguard.devices.models import Assignment, Charge, ChargeStatus, LeaverChecklist


def links(membership, person) -> list[PersonLink]:
    slug = membership.council.slug
    found: list[PersonLink] = []
    if membership.can(Action.VIEW_DEVICES):
        held = Assignment.objects.filter(person=person, returned_at__isnull=True).count()
        url = reverse("devices:device_list", kwargs={"council": slug})
        found.append(
            PersonLink(
                "Council devices they hold",
                f"{url}?{urlencode({'q': person.full_name})}",
                f"{held} held" if held else "none",
            )
        )
    if membership.can(Action.VIEW_CHARGES):
        pending = Charge.objects.filter(person=person, status=ChargeStatus.PENDING).count()
        found.append(
            PersonLink(
                "Charges statement",
                reverse("devices:statement", kwargs={"council": slug, "pk": person.pk}),
                f"{pending} pending" if pending else "",
            )
        )
    if membership.can(Action.VIEW_LEAVERS):
        # The open checklist before any withdrawn one (withdrawn ones sort last).
        checklist = LeaverChecklist.objects.filter(person=person).first()
        if checklist is not None:
            found.append(
                PersonLink(
                    "Leaving checklist",
                    reverse("devices:leaver_detail", kwargs={"council": slug, "pk": checklist.pk}),
                )
            )
    return found
