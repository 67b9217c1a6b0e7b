"""The incidents app's personal data: incidents that name the person, and failed sign-ins."""

from __future__ import annotations

from django.db.models import Q

from councilguard.core.personal_data import Section, Subject
from councilguard.incidents.models import FailedSignIn, SecurityIncident

PURPOSE = (
    "To handle security incidents and personal-data breaches, and report them to the ICO when "
    "the law requires (UK GDPR Art 33, 34)."
)


def provide(subject: Subject) -> list[Section]:
    names = Q(pk__in=[])
    if subject.person_id is not None:
        names |= Q(affected_people=subject.person_id)
    if subject.user_id is not None:
        names |= Q(subject_user_id=subject.user_id) | Q(reported_by_id=subject.user_id)
    incidents = (
        SecurityIncident.objects.in_council(subject.council).filter(names).distinct()
    ).order_by("reported_at")
    sections = [
        Section(
            key="incidents",
            title="Security incidents that name you",
            columns=[
                "Reference",
                "Kind",
                "Reported",
                "Title",
                "What happened",
                "Data affected",
                "Actions",
                "Outcome",
                "Status",
            ],
            rows=[
                (
                    i.reference,
                    i.get_kind_display(),
                    i.reported_at,
                    i.title,
                    i.description,
                    i.affected_data,
                    i.actions,
                    i.outcome,
                    i.get_status_display(),
                )
                for i in incidents
            ],
            purpose=PURPOSE,
            recipients="The clerk, the data protection lead, the IT provider; the ICO and the "
            "police where an incident requires it.",
            retention="Six years after the incident is closed.",
            origin="Whoever reported the incident, and the council's systems.",
        )
    ]
    if subject.user_id is not None:
        failed = FailedSignIn.objects.filter(user_id=subject.user_id)
        sections.append(
            Section(
                key="failed-sign-ins",
                title="Failed attempts to sign in to your account",
                columns=["When", "From address"],
                rows=[(f.at, f.ip_address) for f in failed.order_by("at")],
                purpose="To notice someone trying to guess a password (B 4.1.1).",
                recipients="The clerk and the IT provider.",
                retention="As long as needed to notice repeated attempts, and with any incident "
                "they open.",
                origin="The council's sign-in page.",
            )
        )
    return sections
