"""The cases app's personal data (core.personal_data): the cases about a person, as they may
see them (told in writing, the evidence relied on, their account)."""

from __future__ import annotations

from councilguard.cases.models import CaseSubject
from councilguard.core.personal_data import Section, Subject


def provide(subject: Subject) -> list[Section]:
    if subject.person_id is None:
        return []
    rows = []
    for entry in (
        CaseSubject.objects.filter(case__council=subject.council, person_id=subject.person_id)
        .select_related("case")
        .order_by("case__opened_at")
    ):
        case = entry.case
        rows.append(
            (
                case.reference,
                case.get_kind_display(),
                case.opened_at,
                case.allegation,
                ", ".join(case.clauses),
                case.get_stage_display(),
                case.get_outcome_display() if case.outcome else "",
                entry.told_at,
                entry.account,
            )
        )
    return [
        Section(
            key="cases",
            title="Misuse cases about you",
            columns=[
                "Reference",
                "Kind",
                "Opened",
                "What is alleged",
                "Clauses",
                "Stage",
                "Outcome",
                "Told in writing",
                "Your account",
            ],
            rows=rows,
            purpose="To investigate a concern about the use of the council's IT, devices or "
            "social media fairly before any decision (B 5.1.7).",
            recipients="The clerk, the data protection lead, the investigator appointed; an "
            "outside legal adviser where the council needs advice.",
            retention="As the council's retention schedule sets for closed cases.",
            origin="Monitoring findings, colleagues' reports or complaints, and the investigation.",
        )
    ]
