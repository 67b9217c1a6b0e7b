"""Social media through the API: accounts and reported posts to read, press enquiries to read
and log, with the pages' roles, council and audit entries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from councilguard.api.services import issue_token
from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.socialmedia import testing as social
from councilguard.socialmedia.models import Enquiry
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP


def _script(world, role: Role) -> APIClient:
    _, raw = issue_token(world.council, name="script", user=world.users[role], actor=SETUP)
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _url(world, name: str) -> str:
    return reverse(f"api:{name}", kwargs={"council": world.council.slug})


def _enquiry(**changes) -> dict:
    came_in = timezone.now() - timedelta(hours=1)
    return {"outlet": "Ashby Gazette", "journalist": "Kim Parry", "contact": "kim@gazette.example",
            "question": "Is the pavilion closed?", "received_at": came_in.isoformat(),
            **changes}  # fmt: skip


def test_a_staff_members_script_logs_an_enquiry_and_it_reaches_the_clerk(
    world, django_capture_on_commit_callbacks
):
    script = _script(world, Role.STAFF)
    url = _url(world, "social-enquiry-list")
    with (
        assert_audited(world.council, Event.SOCIAL_ENQUIRY_RECORDED),
        django_capture_on_commit_callbacks(execute=True),
    ):
        logged = script.post(url, _enquiry(), format="json")
    assert logged.status_code == 201, logged.json()
    enquiry = Enquiry.objects.get(council=world.council)
    # No deadline given: two days after it came in (A "Social Media": the clerk answers).
    assert enquiry.answer_by == timezone.localdate(enquiry.received_at) + timedelta(days=2)
    assert [m.to for m in mail.outbox if "Ashby Gazette" in m.body] == [
        ["clerk@ashby.example", "deputy_clerk@ashby.example"]
    ]
    # Logging one is everyone's; reading the log is the clerk's and the DP lead's.
    assert script.get(_url(world, "social-enquiry-list")).status_code == 403
    listed = _script(world, Role.CLERK).get(_url(world, "social-enquiry-list")).json()
    assert [e["journalist"] for e in listed["results"]] == ["Kim Parry"]


@pytest.mark.parametrize(
    "changes",
    [
        {"received_at": (timezone.now() + timedelta(hours=2)).isoformat()},  # in the future
        {"answer_by": (timezone.localdate() - timedelta(days=3)).isoformat()},  # before it came
        {"received_at": "1969-12-31T23:00:00Z"},
        {"received_at": 1700000000},  # a number is not a date
        {"outlet": "   "},
    ],
)
def test_a_bad_enquiry_is_refused_and_nothing_is_logged(world, changes):
    script = _script(world, Role.CLERK)
    with assert_audited(world.council):
        refused = script.post(_url(world, "social-enquiry-list"), _enquiry(**changes),
                              format="json")  # fmt: skip
    assert refused.status_code == 400
    assert not Enquiry.objects.exists()


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
def test_who_reads_accounts_enquiries_and_reported_posts(world, role, reads):
    script = _script(world, role)
    for name in ("social-account-list", "social-enquiry-list", "social-report-list"):
        assert script.get(_url(world, name)).status_code == reads, name


def test_reported_posts_and_accounts_list_this_councils_only_without_the_screenshot(
    world, other_world
):
    removal = social.make_removal(world)
    account = social.make_account(world)
    social.make_removal(other_world)
    social.make_account(other_world)
    script = _script(world, Role.CLERK)

    reports = script.get(_url(world, "social-report-list")).json()["results"]
    assert [(r["id"], r["status"], r["has_screenshot"]) for r in reports] == [
        (removal.report.pk, "removal", True)
    ]
    assert reports[0]["removal"]["follow_up_on"] == removal.follow_up_on.isoformat()
    assert "screenshot" not in reports[0]
    accounts = script.get(_url(world, "social-account-list")).json()["results"]
    assert [(a["handle"], a["posters"]) for a in accounts] == [
        (account.handle, [world.people[Role.CLERK].full_name])
    ]
    assert (
        script.get(
            reverse("api:social-report-list", kwargs={"council": other_world.council.slug})
        ).status_code
        == 404
    )
