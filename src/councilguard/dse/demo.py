"""The demo council's screen users at different points of the cycle (B 3.1.1): a test falling
due soon, an offer nobody has answered for weeks, a test asked for because of eye strain and
glasses paid towards, an accepted offer waiting to be taken, and assessments with findings."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.dse import services
from councilguard.people.models import Person


def load_dse_demo(council: Council, people: dict[str, Person], actor: Actor) -> None:
    today = timezone.localdate()
    clerk = people["clerk@ashcombe.example"]
    deputy = people["deputy@ashcombe.example"]
    operations = people["operations@ashcombe.example"]
    admin = people["admin@ashcombe.example"]

    # The clerk: tested nearly two years ago, so the next test falls due within the month.
    test = services.offer_eye_test(
        clerk, reason="periodic", actor=actor, on=today - timedelta(days=720)
    )
    services.answer_offer(test, accept=True, actor=actor, on=today - timedelta(days=718))
    services.record_test(
        test,
        tested_on=today - timedelta(days=700),
        tested_by="M. Reid, Ashcombe Opticians",
        actor=actor,
    )
    done = services.submit_assessment(
        clerk,
        done_on=today - timedelta(days=200),
        place="office",
        problems=["glare"],
        comments="Afternoon sun on the screen.",
        actor=actor,
    )
    services.review_assessment(done, actions="Blind fitted to the west window.", actor=actor)

    # The deputy: an offer unanswered for 40 days (chased), and an assessment to review.
    services.offer_eye_test(deputy, reason="initial", actor=actor, on=today - timedelta(days=40))
    services.submit_assessment(
        deputy,
        done_on=today - timedelta(days=3),
        place="home",
        problems=["chair", "eyes"],
        comments="Kitchen chair on home-working days.",
        actor=actor,
    )

    # Operations: asked for a test for eye strain, needed glasses for the screen, paid for.
    asked = services.request_eye_test(
        operations, reason="visual_difficulty", actor=actor, on=today - timedelta(days=30)
    )
    services.record_test(
        asked,
        tested_on=today - timedelta(days=21),
        tested_by="A. Shah, High Street Eyecare",
        next_recommended_on=today + timedelta(days=365),
        glasses_for_screen=True,
        actor=actor,
    )
    services.record_contribution(
        asked,
        amount_pence=6000,
        paid_on=today - timedelta(days=7),
        reference="BACS 2291",
        actor=actor,
    )

    # The administrator: accepted an offer last week, not yet taken.
    offered = services.offer_eye_test(
        admin, reason="initial", actor=actor, on=today - timedelta(days=9)
    )
    services.answer_offer(offered, accept=True, actor=actor, on=today - timedelta(days=8))
