"""A member may hold a role with no entry on the people list (an outside engineer, a clerk who has
not added themselves). Such a member has nothing of their own here: every "my ..." action
refuses them, and nothing they send ever matches a row whose person is empty, in their council
or another."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from councilguard.accounts.services import grant_role
from councilguard.core.roles import Role
from councilguard.devices.approvals import request_approval
from councilguard.devices.models import OwnDevice, RecordingConsent, Task
from councilguard.devices.services import register_own_device
from councilguard.devices.testing import make_issued_device, make_software_request
from councilguard.people.access import NotOnPeopleList, own_person, person_of
from councilguard.testing.audit import assert_not_audited
from councilguard.testing.world import SETUP, add_member_off_the_list


def _url(world, name, **kwargs):
    return reverse(f"devices:{name}", kwargs={"council": world.council.slug, **kwargs})


def _off_the_list(world, role=Role.COUNCILLOR):
    """A member of ``world`` holding ``role`` with no entry on its people list."""
    user = add_member_off_the_list(world, role)
    assert person_of(user.memberships.get()) is None
    return user


def _recording_with_an_outsider(world):
    """A recording request whose attendees include someone not on the people list."""
    return request_approval(
        world.people[Role.CLERK],
        "recording",
        summary="Record the hearing",
        reason="An accurate note.",
        details={"meeting": "Staffing committee", "meeting_on": date(2026, 4, 1)},
        attendees=[world.people[Role.STAFF], "Mrs J. Resident"],
        actor=SETUP,
    )


def _refused(response):
    assert response.status_code == 403
    assert b"not on this council&#x27;s list of people" in response.content


def test_a_member_off_the_list_cannot_answer_another_councils_outside_attendee(
    client, world, other_world
):
    elsewhere = _recording_with_an_outsider(other_world)
    outsider = elsewhere.consents.get(person__isnull=True)
    client.force_login(_off_the_list(world))
    with assert_not_audited(other_world.council), assert_not_audited(world.council):
        response = client.post(_url(world, "my_consent"), {"consent": outsider.pk, "agreed": "yes"})
    _refused(response)
    outsider.refresh_from_db()
    assert outsider.agreed is None


def test_a_member_off_the_list_cannot_answer_for_an_outside_attendee_of_their_own_council(
    client, world
):
    outsider = _recording_with_an_outsider(world).consents.get(person__isnull=True)
    client.force_login(_off_the_list(world))
    _refused(client.post(_url(world, "my_consent"), {"consent": outsider.pk, "agreed": "no"}))
    assert RecordingConsent.objects.get(pk=outsider.pk).agreed is None


def test_a_member_off_the_list_cannot_mark_the_clerks_tasks_done(client, world):
    # A task without a person is the clerk's (Task's docstring).
    task = Task.objects.create(
        council=world.council,
        title="Chase the insurer",
        created_at=timezone.now(),
        due_at=timezone.now() + timedelta(days=3),
    )
    client.force_login(_off_the_list(world, Role.STAFF))
    with assert_not_audited(world.council):
        _refused(client.post(_url(world, "task_done"), {"item": task.pk}))
    task.refresh_from_db()
    assert task.done_at is None


def test_the_it_provider_off_the_list_still_marks_any_task_of_the_council_done(client, world):
    """Those who run the register close tasks for anyone; that needs no person of their own."""
    task = Task.objects.create(
        council=world.council,
        title="Chase the insurer",
        created_at=timezone.now(),
        due_at=timezone.now() + timedelta(days=3),
    )
    client.force_login(_off_the_list(world, Role.IT_PROVIDER))
    response = client.post(_url(world, "task_done"), {"item": task.pk})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("accept_terms", "post"),
        ("approval_withdraw", "post"),
        ("loss_police", "post"),
        ("own_device_create", "get"),
        ("own_device_attest", "get"),
        ("own_data_deleted", "post"),
    ],
)
def test_every_action_on_ones_own_things_refuses_a_member_off_the_list(client, world, name, method):
    client.force_login(_off_the_list(world, Role.STAFF))
    _refused(getattr(client, method)(_url(world, name)))


def test_asking_for_approval_refuses_a_member_off_the_list(client, world):
    client.force_login(_off_the_list(world, Role.STAFF))
    _refused(client.get(_url(world, "approval_create", kind="software")))


def test_a_member_off_the_list_is_offered_no_device_to_report_lost(client, world):
    make_issued_device(world)
    client.force_login(_off_the_list(world, Role.STAFF))
    _refused(client.get(_url(world, "loss_report")))


def test_a_member_off_the_list_sees_their_own_pages_empty_and_told_why(client, world):
    make_software_request(world)
    register_own_device(world.people[Role.STAFF], kind="phone", description="Pixel", actor=SETUP)
    _recording_with_an_outsider(world)
    client.force_login(_off_the_list(world, Role.STAFF))
    for name in ("mine", "my_approvals", "my_statement"):
        response = client.get(_url(world, name))
        assert response.status_code == 200
        assert b"Mrs J. Resident" not in response.content
        assert b"Pixel" not in response.content
        assert b"Inkscape" not in response.content
    assert OwnDevice.objects.count() == 1


def test_the_lookup_of_me_is_scoped_to_the_council_and_refuses_without_a_person(world, other_world):
    # The staff member of Ashby also holds a role in Burton, where they are not on the list.
    membership = grant_role(
        other_world.council, email=world.staff.email, role=Role.COUNCILLOR, actor=SETUP
    )
    assert person_of(world.staff.memberships.get(council=world.council)) == world.people["staff"]
    assert person_of(membership) is None
    with pytest.raises(NotOnPeopleList):
        own_person(membership)
