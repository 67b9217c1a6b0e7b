"""The display screen services refuse on their own, whatever form is in front of them (issue
12): each refusal raises with the clerk's words and writes nothing, not even an audit entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from councilguard.core.roles import Role
from councilguard.dse import services
from councilguard.dse.services import DseError
from councilguard.dse.testing import make_assessment, make_offer, make_screen_user, make_taken_test
from councilguard.testing.refusals import assert_refused
from councilguard.testing.world import SETUP


def _today():
    return timezone.localdate()


def _record(test, **changes):
    values = {"tested_on": _today(), "tested_by": "A. Optician"}
    return lambda: services.record_test(test, actor=SETUP, **{**values, **changes})


def _pay(test, **changes):
    values = {"amount_pence": 5000, "paid_on": _today()}
    return lambda: services.record_contribution(test, actor=SETUP, **{**values, **changes})


def _glasses(w):
    return make_taken_test(w, glasses_for_screen=True)


def _settings(w, **changes):
    values = {
        "eye_test_every_months": 24,
        "offer_answer_days": 30,
        "assessment_every_months": 24,
        "glasses_contribution_limit_pence": 7500,
    }
    return lambda: services.change_settings(w.council, actor=SETUP, **{**values, **changes})


def _then(made, call):
    """The call to refuse, on what was made beforehand (outside the refusal's snapshot)."""
    return lambda: call(made)


def _tomorrow():
    return _today() + timedelta(days=1)


CASES = {
    "someone already on the register": (
        lambda w: _then(
            make_screen_user(w), lambda p: services.add_screen_user(p, _today(), actor=SETUP)
        ),
        "Staff member of Ashby is already on the register",
    ),
    "someone who has left": (
        lambda w: _then(_left(w), lambda p: services.add_screen_user(p, _today(), actor=SETUP)),
        "Staff member of Ashby has left the council",
    ),
    "use ending before it began": (
        lambda w: _then(
            make_screen_user(w),
            lambda p: services.end_screen_use(p, _today() - timedelta(days=401), actor=SETUP),
        ),
        "screen use cannot end before it began",
    ),
    "an offer to someone who is not a screen user": (
        lambda w: _then(
            w.people[Role.STAFF],
            lambda p: services.offer_eye_test(p, reason="periodic", actor=SETUP),
        ),
        "Staff member of Ashby is not on the register of display screen users",
    ),
    "a second offer while one is open": (
        lambda w: _then(
            make_offer(w).person,
            lambda p: services.offer_eye_test(p, reason="periodic", actor=SETUP),
        ),
        "Staff member of Ashby already has an eye test offered or waiting to be taken",
    ),
    "an offer dated tomorrow": (
        lambda w: _then(
            make_screen_user(w),
            lambda p: services.offer_eye_test(p, reason="periodic", actor=SETUP, on=_tomorrow()),
        ),
        "the offer is dated in the future",
    ),
    "a reason not on the list": (
        lambda w: _then(
            make_screen_user(w),
            lambda p: services.request_eye_test(p, reason="bored", actor=SETUP),
        ),
        "say why you are asking for a test",
    ),
    "an offer answered twice": (
        lambda w: _then(
            services.answer_offer(make_offer(w), accept=True, actor=SETUP),
            lambda t: services.answer_offer(t, accept=False, actor=SETUP),
        ),
        "this offer has already been answered",
    ),
    "an assessment dated tomorrow": (
        lambda w: _then(
            make_screen_user(w),
            lambda p: services.submit_assessment(
                p, done_on=_tomorrow(), place="office", problems=[], actor=SETUP
            ),
        ),
        "the assessment date is in the future",
    ),
    "a problem not on the checklist": (
        lambda w: _then(
            make_screen_user(w),
            lambda p: services.submit_assessment(
                p, done_on=_today(), place="office", problems=["mood"], actor=SETUP
            ),
        ),
        "one of the ticked problems is not on the checklist",
    ),
    "a review of findings with no actions": (
        lambda w: _then(
            make_assessment(w),
            lambda a: services.review_assessment(a, actions=" ", actor=SETUP),
        ),
        "say what will be done about the problems found",
    ),
    "a test dated tomorrow": (
        lambda w: _record(make_offer(w), tested_on=_today() + timedelta(days=1)),
        "the test date is in the future",
    ),
    "a test before it was offered": (
        lambda w: _record(make_offer(w), tested_on=_today() - timedelta(days=1)),
        "the test date is before the test was offered",
    ),
    "a test with nobody who did it": (
        lambda w: _record(make_offer(w), tested_by="  "),
        "name the optician or doctor who did the test",
    ),
    "a next test on the day of this one": (
        lambda w: _record(make_offer(w), next_recommended_on=_today()),
        "the next test the optician recommends must be after this one",
    ),
    "a test recorded twice": (
        lambda w: _record(make_taken_test(w)),
        "this test has already been recorded or was declined",
    ),
    "a contribution where no glasses were needed": (
        lambda w: _pay(make_taken_test(w)),
        "a contribution is paid only where the test found glasses for screen work",
    ),
    "a contribution a penny over the limit": (
        lambda w: _pay(_glasses(w), amount_pence=7501),
        "the amount is more than the council's limit of £75.00",
    ),
    "a contribution of nothing": (
        lambda w: _pay(_glasses(w), amount_pence=0),
        "the amount must be more than nothing",
    ),
    "a payment dated tomorrow": (
        lambda w: _pay(_glasses(w), paid_on=_today() + timedelta(days=1)),
        "the payment date is in the future",
    ),
    "tests every 5 months": (
        lambda w: _settings(w, eye_test_every_months=5),
        "the months between eye tests must be between 6 and 60",
    ),
    "offers chased after 6 days": (
        lambda w: _settings(w, offer_answer_days=6),
        "the days before an unanswered offer is chased must be between 7 and 90",
    ),
}


def _left(w):
    from councilguard.people.models import Person

    Person.objects.filter(pk=w.people[Role.STAFF].pk).update(
        leave_date=_today() - timedelta(days=1)
    )
    w.people[Role.STAFF].refresh_from_db()
    return w.people[Role.STAFF]


@pytest.mark.parametrize("case", list(CASES))
def test_the_service_refuses_and_writes_nothing(world, case):
    build, words = CASES[case]
    assert_refused(build(world), DseError, words)


def test_limits_at_their_edges_are_accepted(world):
    # The settings' own edges: 6 and 60 months, 7 and 90 days, the contribution at its limit.
    assert services.change_settings(
        world.council,
        actor=SETUP,
        eye_test_every_months=6,
        offer_answer_days=7,
        assessment_every_months=60,
        glasses_contribution_limit_pence=7500,
    )
    assert services.change_settings(
        world.council,
        actor=SETUP,
        eye_test_every_months=60,
        offer_answer_days=90,
        assessment_every_months=6,
        glasses_contribution_limit_pence=7500,
    )
    test = services.record_contribution(
        make_taken_test(world, glasses_for_screen=True),
        amount_pence=7500,
        paid_on=_today(),
        actor=SETUP,
    )
    assert test.contribution_pence == 7500
