"""What the display screen register puts on the dashboard and in reminders (B 3.1.1; DSE
Regulations 1992 regs 2 and 5): for the user, offers to answer and tests and assessments falling
due; for the clerk, offers unanswered past the council's days, tests asked for, tests to offer,
assessments to review and contributions to pay. One query for a member who is no screen
user, four at most whatever the council's size."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse

from councilguard.core.contributions import Urgency, WaitingItem, urgency_of
from councilguard.core.models import Membership
from councilguard.core.roles import Action
from councilguard.dse.clocks import start_of
from councilguard.dse.models import EyeTestReason, EyeTestStatus
from councilguard.dse.register import Standing, standings

# A test or an assessment is "due soon", and its user reminded, this long before its date.
DUE_NOTICE = timedelta(days=30)
# An unanswered offer is "due soon" this long before the council's days run out.
ANSWER_NOTICE = timedelta(days=7)


def _url(name: str, council, **kwargs) -> str:
    return reverse(name, kwargs={"council": council.slug, **kwargs})


def waiting_items(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    runs_register = membership.can(Action.MANAGE_DSE)
    if person is None and not runs_register:
        return []
    council = membership.council
    everyone = standings(council, person=None if runs_register else person)
    items: list[WaitingItem] = []
    for standing in everyone:
        if person is not None and standing.use.person_id == person.pk:
            items += _for_the_user(standing, council, now)
        if runs_register:
            items += _for_the_clerk(standing, council, now)
    return items


def _for_the_user(standing: Standing, council, now: datetime) -> list[WaitingItem]:
    items = []
    key = f"dse.user:{standing.use.pk}"
    mine = _url("dse:mine", council)
    test = standing.open_test
    if test is not None and test.status == EyeTestStatus.OFFERED:
        deadline = start_of(standing.offer_answer_due)
        items.append(
            WaitingItem(
                key=f"{key}:answer:{test.pk}",
                title="Say whether you would like the eye test offered on "
                f"{test.opened_on:%-d %B %Y}",
                url=mine,
                deadline=deadline,
                urgency=urgency_of(deadline, now, ANSWER_NOTICE),
                since=start_of(test.opened_on),
                # Issue 20: an offer with no answer for the council's days is chased weekly.
                remind_from=deadline,
                remind_every=timedelta(days=7),
            )
        )
    elif test is not None:
        items.append(
            WaitingItem(
                key=f"{key}:record:{test.pk}",
                title="Record your eye test once you have had it",
                url=mine,
                since=start_of(test.opened_on),
            )
        )
    else:
        deadline = start_of(standing.test_due)
        first = standing.last_test is None
        items.append(
            WaitingItem(
                key=f"{key}:test:{standing.test_due.isoformat()}",
                title=(
                    "Ask for your first eye test as a screen user"
                    if first
                    else f"Your eye test is due again on {standing.test_due:%-d %B %Y}: ask for it"
                ),
                url=mine,
                deadline=deadline,
                urgency=urgency_of(deadline, now, DUE_NOTICE),
                remind_from=deadline - DUE_NOTICE,
                remind_every=timedelta(days=7),
            )
        )
    deadline = start_of(standing.assessment_due)
    items.append(
        WaitingItem(
            key=f"{key}:assessment:{standing.assessment_due.isoformat()}",
            title="Fill in your workstation self-assessment",
            url=_url("dse:mine_assessment", council),
            deadline=deadline,
            urgency=urgency_of(deadline, now, DUE_NOTICE),
            remind_from=deadline - DUE_NOTICE,
            remind_every=timedelta(days=7),
        )
    )
    return items


def _for_the_clerk(standing: Standing, council, now: datetime) -> list[WaitingItem]:
    items = []
    name = standing.person.full_name
    page = _url("dse:person", council, pk=standing.use.person_id)
    key = f"dse.clerk:{standing.use.pk}"
    test = standing.open_test
    if test is not None and test.status == EyeTestStatus.OFFERED:
        deadline = start_of(standing.offer_answer_due)
        if deadline <= now:  # the clerk hears of an offer only once it has gone unanswered
            items.append(
                WaitingItem(
                    key=f"{key}:unanswered:{test.pk}",
                    title=f"{name} has not answered the eye test offered on "
                    f"{test.opened_on:%-d %B %Y}",
                    url=page,
                    deadline=deadline,
                    urgency=Urgency.OVERDUE,
                    since=start_of(test.opened_on),
                    remind_from=deadline,
                    remind_every=timedelta(days=7),
                )
            )
    elif test is not None:
        trouble = test.reason == EyeTestReason.VISUAL_DIFFICULTY
        since = start_of(test.opened_on)
        items.append(
            WaitingItem(
                key=f"{key}:arrange:{test.pk}",
                title=(
                    f"Arrange the eye test {name} asked for: eye trouble from screen work"
                    if trouble
                    else f"Arrange the eye test {name} "
                    + ("asked for" if test.asked_by_person else "accepted")
                ),
                url=page,
                # Reg 5(2): eye trouble put down to screen work is seen to at once.
                urgency=Urgency.SOON if trouble else Urgency.WAITING,
                since=since,
                remind_from=since if trouble else None,
            )
        )
    else:
        deadline = start_of(standing.test_due)
        if deadline - DUE_NOTICE <= now:
            items.append(
                WaitingItem(
                    key=f"{key}:offer:{standing.test_due.isoformat()}",
                    title=f"Offer {name} an eye test (due {standing.test_due:%-d %B %Y})",
                    url=page,
                    deadline=deadline,
                    urgency=urgency_of(deadline, now, DUE_NOTICE),
                    remind_from=deadline,
                    remind_every=timedelta(days=7),
                )
            )
    for assessment in standing.unreviewed:
        items.append(
            WaitingItem(
                key=f"{key}:review:{assessment.pk}",
                title=f"Review {name}'s workstation assessment of {assessment.done_on:%-d %B %Y}",
                url=page,
                since=assessment.submitted_at,
                remind_from=assessment.submitted_at + timedelta(days=7),
                remind_every=timedelta(days=7),
            )
        )
    for paid in standing.contribution_due:
        items.append(
            WaitingItem(
                key=f"{key}:contribution:{paid.pk}",
                title=f"Record the council's contribution to {name}'s glasses for screen work",
                url=page,
                since=start_of(paid.tested_on),
            )
        )
    return items
