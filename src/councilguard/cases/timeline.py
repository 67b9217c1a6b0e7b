"""Everything that happened in a case, in order: its steps, the evidence as it was added, the
subjects told and their accounts (C17 item 2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from councilguard.cases.models import Case, Stage


@dataclass(frozen=True)
class Moment:
    at: dt.datetime
    what: str
    who: str
    detail: str


def timeline(case: Case, *, for_subject: bool = False) -> list[Moment]:
    moments = [
        Moment(step.at, Stage(step.stage).label, step.by_label, step.reason)
        for step in case.steps.all()
    ]
    evidence = case.evidence.defer("content")
    if for_subject:
        evidence = evidence.filter(relied_on=True)
    moments += [
        Moment(
            item.added_at,
            f"Evidence added: {item.get_kind_display().lower()}",
            item.added_by_label,
            item.title,
        )
        for item in evidence
    ]
    for subject in case.subjects.select_related("person"):
        if subject.told_at:
            moments.append(
                Moment(
                    subject.told_at,
                    f"{subject.person.full_name} told in writing",
                    subject.told_by_label,
                    subject.get_told_how_display(),
                )
            )
        if subject.account_at and not for_subject:
            moments.append(
                Moment(
                    subject.account_at,
                    f"{subject.person.full_name} gave their account",
                    subject.person.full_name,
                    "",
                )
            )
    return sorted(moments, key=lambda m: m.at)
