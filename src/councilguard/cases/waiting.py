"""What cases put on the dashboard and in reminders (C17, C27): open cases for those who work
on them, and for a subject told of a case, the chance to give their account. Two queries,
for one member or for one user's memberships of many councils."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.urls import reverse

from councilguard.cases.models import Case, CaseSubject, Stage
from councilguard.core.contributions import Urgency, WaitingItem
from councilguard.core.models import Membership
from councilguard.core.roles import Action


def items(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    return [item for _, item in items_across([(membership, person)], now)]


def items_across(pairs, now: datetime) -> list[tuple[Membership, WaitingItem]]:
    """The items of several memberships of one user, each in another council (the IT
    provider's page), in two queries: each council under its own member's conditions (as
    ``cases_for``: all cases for those who manage them, else those they investigate; never one
    about themselves)."""
    wanted, by_council = None, {}
    for membership, person in pairs:
        by_council[membership.council_id] = membership
        term = Q(council_id=membership.council_id)
        if not membership.can(Action.MANAGE_CASES):
            term &= Q(investigator=membership)
        if person is not None:
            term &= ~Q(subjects__person=person)
        wanted = term if wanted is None else wanted | term
    found = []
    open_cases = (
        Case.objects.filter(wanted).exclude(stage=Stage.CLOSED)
        if wanted is not None
        else Case.objects.none()
    )
    for case in open_cases.only("pk", "council_id", "reference", "title", "stage", "opened_at"):
        membership = by_council[case.council_id]
        slug = membership.council.slug
        found.append((membership, WaitingItem(
            key=f"cases.open:{case.pk}",
            title=f"Case {case.reference} ({case.title}): {Stage(case.stage).label.lower()}",
            url=reverse("cases:case_detail", kwargs={"council": slug, "pk": case.pk}),
            urgency=Urgency.WAITING,
            since=case.opened_at,
        )))  # fmt: skip
    people = [person for _, person in pairs if person is not None]
    if people:
        waiting = CaseSubject.objects.filter(
            person__in=people,
            told_at__isnull=False,
            account="",
            case__stage__in=[
                Stage.PRELIMINARY_REVIEW,
                Stage.FORMAL_INVESTIGATION,
                Stage.CONCERN_RAISED,
            ],
        ).select_related("case")
        for subject in waiting:
            membership = by_council[subject.case.council_id]
            slug = membership.council.slug
            found.append((membership, WaitingItem(
                key=f"cases.account:{subject.pk}",
                title=f"You may give your account in case {subject.case.reference}",
                url=reverse("cases:my_case", kwargs={"council": slug, "pk": subject.case_id}),
                urgency=Urgency.WAITING,
                since=subject.told_at,
                remind_from=subject.told_at,
                remind_every=timedelta(days=7),
            )))  # fmt: skip
    return found
