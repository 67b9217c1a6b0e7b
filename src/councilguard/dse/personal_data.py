"""The display screen register's personal data about a person: their screen use, workstation
self-assessments and eye tests (health data: the clerk and the data protection lead only)."""

from __future__ import annotations

from councilguard.core.personal_data import Section, Subject
from councilguard.dse.models import EyeTest, ScreenUser, WorkstationAssessment

PURPOSE = (
    "To offer eye tests and check workstations of people who use screens for their work "
    "(B 3.1.1; Health and Safety (Display Screen Equipment) Regulations 1992)."
)
RECIPIENTS = "The clerk and the data protection lead."
RETENTION = "While you use a screen for the council, then six years after you leave (claims)."


def provide(subject: Subject) -> list[Section]:
    if subject.person is None:
        return []
    person = subject.person
    uses = ScreenUser.objects.in_council(subject.council).filter(person=person)
    assessments = WorkstationAssessment.objects.in_council(subject.council).filter(person=person)
    tests = EyeTest.objects.in_council(subject.council).filter(person=person)
    common = {"purpose": PURPOSE, "recipients": RECIPIENTS, "retention": RETENTION}
    return [
        Section(
            key="dse-use",
            title="Your use of display screens",
            columns=["Since", "Until"],
            rows=[(u.since, u.ended_on or "") for u in uses],
            origin="The clerk, or you.",
            **common,
        ),
        Section(
            key="dse-assessments",
            title="Your workstation self-assessments",
            columns=["Date", "Where", "Problems found", "Comments", "What will be done"],
            rows=[
                (a.done_on, a.get_place_display(), "; ".join(a.findings), a.comments, a.actions)
                for a in assessments.order_by("done_on", "pk")
            ],
            origin="You, and the clerk's review.",
            **common,
        ),
        Section(
            key="dse-eye-tests",
            title="Your eye tests",
            columns=[
                "Offered or asked for",
                "Why",
                "Status",
                "Tested on",
                "Tested by",
                "Next test recommended by",
                "Glasses for screen work",
                "Council's contribution (£)",
                "Paid on",
            ],
            rows=[
                (
                    t.opened_on,
                    t.get_reason_display(),
                    t.get_status_display(),
                    t.tested_on or "",
                    t.tested_by,
                    t.next_recommended_on or "",
                    t.glasses_for_screen,
                    f"{t.contribution_pence / 100:.2f}" if t.contribution_pence else "",
                    t.contribution_paid_on or "",
                )
                for t in tests.order_by("opened_on", "pk")
            ],
            origin="The council's offers, and you or your optician.",
            **common,
        ),
    ]
