"""The privacy app's personal data about a person: their requests to keep a contact from view,
with the reason they gave and the decision (their own words come back to them whole)."""

from __future__ import annotations

from django.utils import timezone

from councilguard.core.personal_data import Section, Subject
from councilguard.privacy.models import ProtectionRequest


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d %B %Y %H:%M") if moment else ""


def provide(subject: Subject) -> list[Section]:
    if subject.person is None:
        return []
    rows = [
        (
            r.get_kind_display(),
            r.value,
            r.get_extent_display(),
            r.on_date.strftime("%d %B %Y") if r.on_date else "",
            r.reason,
            _when(r.requested_at),
            r.get_status_display(),
            _when(r.decided_at),
            r.refusal_reason,
        )
        for r in ProtectionRequest.objects.filter(
            council=subject.council, person=subject.person
        ).order_by("requested_at", "pk")
    ]
    return [
        Section(
            key="privacy-requests",
            title="Contacts you asked to be kept from view",
            columns=[
                "What",
                "Number, address or site",
                "For how long",
                "Day",
                "Your reason",
                "Asked on",
                "Outcome",
                "Decided on",
                "Reason for refusing",
            ],
            rows=rows,
            purpose="To keep your private calls and contacts out of monitoring (C18).",
            recipients="You and the person who decides: your line manager or the clerk.",
            retention="While you work with the council, then six years after you leave.",
            origin="You, and the decision of your line manager or the clerk.",
        )
    ]
