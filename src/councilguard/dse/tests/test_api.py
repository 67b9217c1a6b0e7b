"""The display screen register through the API: the register and the eye tests to read (the
clerk and the data protection lead), a test taken recorded by its person or by the clerk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from councilguard.api.services import issue_token
from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.dse import testing as dse
from councilguard.dse.clocks import add_months
from councilguard.dse.models import EyeTestStatus
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP, add_member_off_the_list


def _script(world, user) -> APIClient:
    _, raw = issue_token(world.council, name="script", user=user, actor=SETUP)
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _url(world, name: str, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs={"council": world.council.slug, **kwargs})


def _taken(on=None) -> dict:
    return {"tested_on": (on or timezone.localdate()).isoformat(), "tested_by": "A. Optician"}


def _due(world, person) -> str:
    users = _script(world, world.clerk).get(_url(world, "dse-user-list")).json()["results"]
    return next(u["eye_test_due"] for u in users if u["person"] == person.pk)


def test_a_test_recorded_through_the_api_moves_the_clock_by_two_years(world):
    # The staff member, on the register for 400 days, offered a test five days ago.
    test = dse.make_offer(world, on=timezone.localdate() - timedelta(days=5))
    person = test.person
    assert _due(world, person) == person.screen_use.since.isoformat()  # never tested: due now

    tested_on = timezone.localdate() - timedelta(days=1)
    script = _script(world, world.users[Role.STAFF])
    with assert_audited(world.council, Event.DSE_EYE_TEST_TAKEN):
        recorded = script.post(
            _url(world, "dse-eye-test-record", pk=test.pk), _taken(tested_on), format="json"
        )
    assert recorded.status_code == 200, recorded.json()
    assert recorded.json()["status"] == EyeTestStatus.TAKEN
    assert _due(world, person) == add_months(tested_on, 24).isoformat()


def test_one_records_only_ones_own_test_and_the_clerk_anyones(world):
    test = dse.make_offer(world)  # the staff member's
    url = _url(world, "dse-eye-test-record", pk=test.pk)
    others = [Role.MANAGER, Role.DP_LEAD, Role.IT_PROVIDER, Role.COUNCILLOR]
    scripts = {role: _script(world, world.users[role]) for role in others}
    off_the_list = _script(world, add_member_off_the_list(world, Role.STAFF))
    clerk = _script(world, world.clerk)
    with assert_audited(world.council):
        for role, script in scripts.items():
            answer = script.post(url, _taken(), format="json")
            assert answer.status_code == 404, role  # another person's test is not theirs to see
        assert off_the_list.post(url, _taken(), format="json").status_code == 403
    with assert_audited(world.council, Event.DSE_EYE_TEST_TAKEN):
        assert clerk.post(url, _taken(), format="json").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        _taken(timezone.localdate() + timedelta(days=1)),  # in the future
        {**_taken(), "tested_by": "  "},
        {**_taken(), "next_recommended_on": timezone.localdate().isoformat()},  # not after it
        {"tested_by": "A. Optician"},
        {**_taken(), "glasses_for_screen": "yes"},  # a yes or no is true or false
    ],
)
def test_a_bad_record_is_refused_and_the_test_stays_open(world, body):
    test = dse.make_offer(world)
    clerk = _script(world, world.clerk)
    with assert_audited(world.council):
        answer = clerk.post(_url(world, "dse-eye-test-record", pk=test.pk), body, format="json")
    assert answer.status_code == 400
    test.refresh_from_db()
    assert test.status == EyeTestStatus.OFFERED


def test_another_councils_test_is_missing_even_for_the_clerk(world, other_world):
    theirs = dse.make_offer(other_world)
    with assert_audited(other_world.council):
        answer = _script(world, world.clerk).post(
            _url(world, "dse-eye-test-record", pk=theirs.pk), _taken(), format="json"
        )
    assert answer.status_code == 404
    tests = _script(world, world.clerk).get(_url(world, "dse-eye-test-list")).json()
    assert tests["count"] == 0


@pytest.mark.parametrize(
    ("role", "reads"),
    [
        (Role.CLERK, 200),
        (Role.DP_LEAD, 200),
        (Role.MANAGER, 403),
        (Role.IT_PROVIDER, 403),
        (Role.COMMITTEE, 403),
        (Role.STAFF, 403),
        (Role.COUNCILLOR, 403),
    ],
)
def test_who_reads_the_register_and_the_tests(world, role, reads):
    script = _script(world, world.users[role])
    for name in ("dse-user-list", "dse-eye-test-list"):
        assert script.get(_url(world, name)).status_code == reads, name
