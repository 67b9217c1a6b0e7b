"""What cases put on the dashboard and in reminders (C17, C27): open cases for those who work
on them, and for a subject told of a case, the chance to give their account. Two queries."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse

from councilguard.cases.access import cases_for
from councilguard.cases.models import CaseSubject, Stage
from councilguard.core.contributions import Urgency, WaitingItem
from councilguard.core.models import Membership


def items(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    slug = membership.council.slug
    found = []
    for case in (
        cases_for(membership)
        .exclude(stage=Stage.CLOSED)
        .only("pk", "reference", "title", "stage", "opened_at")
    ):
        found.append(
            WaitingItem(
                key=f"cases.open:{case.pk}",
                title=f"Case {case.reference} ({case.title}): {Stage(case.stage).label.lower()}",
                url=reverse("cases:case_detail", kwargs={"council": slug, "pk": case.pk}),
                urgency=Urgency.WAITING,
                since=case.opened_at,
            )
        )
    if person is not None:
        waiting = CaseSubject.objects.filter(
            person=person,
            told_at__isnull=False,
            account="",
            case__stage__in=[
                Stage.PRELIMINARY_REVIEW,
                Stage.FORMAL_INVESTIGATION,
                Stage.CONCERN_RAISED,
            ],
        ).select_related("case")
        for subject in waiting:
            found.append(
                WaitingItem(
                    key=f"cases.account:{subject.pk}",
                    title=f"You may give your account in case {subject.case.reference}",
                    url=reverse("cases:my_case", kwargs={"council": slug, "pk": subject.case_id}),
                    urgency=Urgency.WAITING,
                    since=subject.told_at,
                    remind_from=subject.told_at,
                    remind_every=timedelta(days=7),
                )
            )
    return found
