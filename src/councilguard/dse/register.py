"""Where each display screen user stands: their last and open eye tests, their assessments and
what falls due when. Read in a fixed number of queries for the whole council, so the register,
the dashboard and the reminders cost the same for two users as for two hundred."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from councilguard.dse.clocks import answer_due, next_assessment_due, next_test_due
from councilguard.dse.models import (
    DseSettings,
    EyeTest,
    EyeTestStatus,
    ScreenUser,
    WorkstationAssessment,
)


@dataclass
class Standing:
    use: ScreenUser
    test_due: date
    assessment_due: date
    last_test: EyeTest | None = None
    open_test: EyeTest | None = None
    last_assessment: WorkstationAssessment | None = None
    unreviewed: list[WorkstationAssessment] = field(default_factory=list)
    contribution_due: list[EyeTest] = field(default_factory=list)
    tests: list[EyeTest] = field(default_factory=list)
    assessments: list[WorkstationAssessment] = field(default_factory=list)
    offer_answer_due: date | None = None

    @property
    def person(self):
        return self.use.person


def standings(
    council, settings: DseSettings | None = None, *, person=None, current_only: bool = True
):
    """Each screen user's standing, current users only unless asked: one query when there is
    nobody (most members, on their dashboard), four at most (three given the settings)."""
    uses = ScreenUser.objects.in_council(council).select_related("person")
    tests = EyeTest.objects.in_council(council)
    assessments = WorkstationAssessment.objects.in_council(council)
    if current_only:
        uses = uses.current()
    if person is not None:
        uses, tests = uses.filter(person=person), tests.filter(person=person)
        assessments = assessments.filter(person=person)
    uses = list(uses.order_by("person__full_name", "pk"))
    if not uses:
        return []
    if settings is None:
        settings = DseSettings.objects.filter(council=council).first() or DseSettings(
            council=council
        )
    tests_of: dict[int, list[EyeTest]] = defaultdict(list)
    for test in tests.order_by("-opened_on", "-pk"):
        tests_of[test.person_id].append(test)
    assessments_of: dict[int, list[WorkstationAssessment]] = defaultdict(list)
    for assessment in assessments.order_by("-done_on", "-pk"):
        assessments_of[assessment.person_id].append(assessment)
    result = []
    for use in uses:
        mine = tests_of[use.person_id]
        taken = [t for t in mine if t.status == EyeTestStatus.TAKEN]
        last_test = max(taken, key=lambda t: (t.tested_on, t.pk), default=None)
        open_test = next((t for t in mine if t.is_open), None)
        done = assessments_of[use.person_id]
        last_assessment = done[0] if done else None
        standing = Standing(
            use=use,
            test_due=next_test_due(
                use.since,
                last_test.tested_on if last_test else None,
                last_test.next_recommended_on if last_test else None,
                settings.eye_test_every_months,
            ),
            assessment_due=next_assessment_due(
                use.since,
                last_assessment.done_on if last_assessment else None,
                settings.assessment_every_months,
            ),
            last_test=last_test,
            open_test=open_test,
            last_assessment=last_assessment,
            unreviewed=[a for a in done if not a.is_reviewed],
            contribution_due=[t for t in taken if t.contribution_due],
            tests=mine,
            assessments=done,
        )
        if open_test is not None and open_test.status == EyeTestStatus.OFFERED:
            standing.offer_answer_due = answer_due(open_test.opened_on, settings.offer_answer_days)
        result.append(standing)
    return result
