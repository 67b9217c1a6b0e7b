"""Display screen equipment's part of the committee pack (C23, C27; B 3.1.1): how many people
use screens for their work, where their eye tests and workstation assessments stand when the
pack is printed, and the period's tests. Health data, so only counts: no one is named."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from councilguard.core.contributions import Bars, Period, Section, Table
from councilguard.core.models import Council
from councilguard.core.words import counted
from councilguard.dse.models import EyeTest, EyeTestStatus
from councilguard.dse.register import Standing, standings
from councilguard.dse.services import settings_for

# A date within this many days is "due soon" (the same notice the user is reminded with).
DUE_SOON = timedelta(days=30)

OVERDUE = "Overdue"
DUE_SOON_WORDS = "Due within 30 days"
OFFERED = "Offered, no answer yet"
ACCEPTED = "Accepted, waiting to be taken"
NOT_DUE = "Not yet due"
TEST_STATES = (OVERDUE, DUE_SOON_WORDS, OFFERED, ACCEPTED, NOT_DUE)


def test_state(standing: Standing, today) -> str:
    """Where a user's eye test stands on ``today``: one in hand is counted as that."""
    test = standing.open_test
    if test is not None:
        return OFFERED if test.status == EyeTestStatus.OFFERED else ACCEPTED
    return _by_date(standing.test_due, today)


def _by_date(due, today) -> str:
    if due < today:
        return OVERDUE
    return DUE_SOON_WORDS if due <= today + DUE_SOON else NOT_DUE


def committee_section(council: Council, period: Period) -> Section:
    today = timezone.localdate()
    users = standings(council, settings_for(council))
    tests = [test_state(s, today) for s in users]
    assessments = [_by_date(s.assessment_due, today) for s in users]
    first, after = period.start.date(), period.end.date()
    in_period = EyeTest.objects.in_council(council).aggregate(
        offered=Count("pk", filter=Q(opened_on__gte=first, opened_on__lt=after)),
        taken=Count("pk", filter=Q(tested_on__gte=first, tested_on__lt=after)),
        declined=Count(
            "pk",
            filter=Q(status=EyeTestStatus.DECLINED, answered_on__gte=first, answered_on__lt=after),
        ),
        paid=Count("pk", filter=Q(contribution_paid_on__gte=first, contribution_paid_on__lt=after)),
        paid_pence=Sum(
            "contribution_pence",
            filter=Q(contribution_paid_on__gte=first, contribution_paid_on__lt=after),
        ),
    )
    overdue = tests.count(OVERDUE)
    return Section(
        title="Display screen equipment",
        order=70,
        paragraphs=[
            f"{counted(len(users), 'person uses', 'people use')} display screens as a "
            f"significant part of their work. When this pack was printed, "
            f"{counted(overdue, 'eye test was', 'eye tests were')} overdue and "
            f"{tests.count(DUE_SOON_WORDS)} due within 30 days; "
            f"{assessments.count(OVERDUE)} workstation "
            f"{'assessment was' if assessments.count(OVERDUE) == 1 else 'assessments were'} "
            "overdue.",
        ],
        tables=[
            Table(
                "Screen users' eye tests and workstation assessments",
                ["Where it stands", "Eye tests", "Assessments"],
                [
                    [
                        state,
                        str(tests.count(state)),
                        str(assessments.count(state)) if state not in (OFFERED, ACCEPTED) else "",
                    ]
                    for state in TEST_STATES
                ],
                numeric=frozenset({1, 2}),
            ),  # fmt: skip
            Table(
                "Eye tests in the period",
                ["What happened", "Number"],
                [
                    ["Offered or asked for", str(in_period["offered"])],
                    ["Taken", str(in_period["taken"])],
                    ["Declined", str(in_period["declined"])],
                    [
                        "Contributions to glasses paid",
                        f"{in_period['paid']} (£{(in_period['paid_pence'] or 0) / 100:,.2f})",
                    ],
                ],
                numeric=frozenset({1}),
            ),
        ],
        charts=[
            Bars(
                "Eye tests by where they stand",
                [(s, tests.count(s), str(tests.count(s))) for s in TEST_STATES],
            )  # fmt: skip
        ]
        if users
        else [],
        figures={
            "dse.users": len(users),
            "dse.tests_overdue": overdue,
            "dse.tests_due_soon": tests.count(DUE_SOON_WORDS),
            "dse.assessments_overdue": assessments.count(OVERDUE),
            "dse.tests_taken": in_period["taken"],
        },
    )
