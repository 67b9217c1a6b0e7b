"""The rights app's own personal data about a person: the requests they made."""

from __future__ import annotations

from councilguard.core.personal_data import Identifier, Section, Subject
from councilguard.rights.models import RightsRequest


def provide(subject: Subject) -> list[Section]:
    if subject.person is None:
        return []
    requests = RightsRequest.objects.in_council(subject.council).filter(person=subject.person)
    return [
        Section(
            key="rights-requests",
            title="Your requests about your data",
            columns=["Reference", "Request", "Received", "How", "What you asked", "Status",
                     "Outcome"],
            rows=[
                (r.reference, r.get_kind_display(), r.received_on, r.get_channel_display(),
                 r.details, r.get_status_display(), r.outcome)
                for r in requests
            ],
            purpose="To answer your requests about your personal data within the time the law "
            "allows (UK GDPR Art 12 and 15 to 21).",
            recipients="The clerk and the data protection lead.",
            retention="Six years after the request is closed.",
            origin="You.",
        )
    ]  # fmt: skip


def identifiers(council) -> list[Identifier]:
    # Someone outside the council is named only by the name they gave.
    return [
        Identifier(name, None, None)
        for name in RightsRequest.objects.in_council(council)
        .filter(person__isnull=True)
        .values_list("requester_name", flat=True)
    ]
