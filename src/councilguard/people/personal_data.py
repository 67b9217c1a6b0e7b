"""The people app's personal data about a person: their record, and who they are known as."""

from __future__ import annotations

from councilguard.core.personal_data import Identifier, Section, Subject
from councilguard.people.models import Person, PersonEmail

EMPLOYMENT = (
    "While you work with or for the council, then six years after you leave (claims, audit)."
)


def provide(subject: Subject) -> list[Section]:
    if subject.person is None:
        return []
    person = (
        Person.objects.select_related("line_manager", "peer_group")
        .prefetch_related("emails")
        .get(pk=subject.person.pk)
    )
    rows = [
        ("Name", person.full_name),
        ("Kind", person.get_kind_display()),
        ("Job title", person.job_title),
        ("E-mail addresses", ", ".join(e.address for e in person.emails.all())),
        ("Line manager", person.line_manager.full_name if person.line_manager else ""),
        ("Compared with (peer group)", str(person.peer_group or "")),
        ("Started", person.start_date),
        ("Leaves or left", person.leave_date),
        ("Uses display screen equipment", person.uses_display_screen),
        ("Working pattern", person.working_pattern),
        ("Record created", person.created_at),
        ("Record last changed", person.updated_at),
    ]
    return [
        Section(
            key="person-record",
            title="Your record on the council's list of people",
            columns=["What", "Held"],
            rows=rows,
            purpose="To know who the council's policy covers and apply it to you: your role, "
            "working hours and line manager (policy scope).",
            recipients="The clerk, the data protection lead, the IT provider; your line manager "
            "sees their team.",
            retention=EMPLOYMENT,
            origin="The clerk, from your appointment or election, and you.",
        )
    ]


def identifiers(council) -> list[Identifier]:
    found = [
        Identifier(p.full_name, p.pk, p.user_id)
        for p in Person.objects.in_council(council).only("full_name", "user_id")
    ]
    found += [
        Identifier(e.address, e.person_id, None)
        for e in PersonEmail.objects.in_council(council).only("address", "person_id")
    ]
    return found
