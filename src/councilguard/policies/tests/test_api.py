"""Policies and acknowledgements over the API, end to end, as scripts with council tokens: the
version in force, one's own acknowledgement, and who has and has not acknowledged."""

from __future__ import annotations

from django.urls import reverse
from rest_framework.test import APIClient

from councilguard.api.services import issue_token
from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.policies.models import Acknowledgement
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.policies import make_policy
from councilguard.testing.world import SETUP, add_member_off_the_list


def _script(world, role: Role) -> APIClient:
    _, raw = issue_token(world.council, name=f"{role} script", user=world.users[role], actor=SETUP)
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _url(world, name: str, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs={"council": world.council.slug, **kwargs})


def test_everyone_reads_each_policy_and_the_version_in_force(world):
    setup = make_policy(world)
    response = _script(world, Role.COUNCILLOR).get(_url(world, "policy-list"))
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": setup.policy.pk,
            "title": "Computers and Phones",
            "code": "B",
            "oversight_committee": "",
            "review_due": "2030-01-01",
            "in_force": {
                "id": setup.in_force.pk,
                "label": "1.0",
                "approved_by": "Full Council on 10 January 2026 (minute C.1)",
                "approved_on": "2026-01-10",
                "published_at": response.json()[0]["in_force"]["published_at"],
                "material_change": True,
            },
        }
    ]
    assert response.json()[0]["in_force"]["published_at"]  # set when it was published


def test_a_person_acknowledges_the_version_in_force_and_the_clerk_sees_who_has_not(world):
    setup = make_policy(world)
    staff, clerk = _script(world, Role.STAFF), _script(world, Role.CLERK)
    before = staff.get(_url(world, "policy-mine")).json()
    assert before == [
        {
            "policy": setup.policy.pk,
            "policy_title": "Computers and Phones",
            "version": setup.in_force.pk,
            "label": "1.0",
            "acknowledged_at": None,
            "method": None,
        }
    ]
    url = _url(world, "policy-version-acknowledge", pk=setup.in_force.pk)
    with assert_audited(world.council, Event.POLICY_ACKNOWLEDGED):
        done = staff.post(url, {"confirm": True}, format="json")
    assert done.status_code == 201, done.content
    assert done.json()["person"] == world.people[Role.STAFF].pk
    assert done.json()["method"] == "signed_in"
    after = staff.get(_url(world, "policy-mine")).json()
    assert after[0]["acknowledged_at"] == done.json()["acknowledged_at"]
    assert after[0]["method"] == "signed_in"

    with assert_not_audited(world.council):
        twice = staff.post(url, {"confirm": True}, format="json")
    assert twice.status_code == 400
    assert twice.json() == {
        "non_field_errors": [f"{world.people[Role.STAFF]} has already acknowledged version 1.0"]
    }

    who = clerk.get(_url(world, "policy-version-acknowledgements", pk=setup.in_force.pk)).json()
    staff_pk = world.people[Role.STAFF].pk
    assert [a["person"] for a in who["acknowledged"]] == [staff_pk]
    outstanding = {p["id"] for p in who["outstanding"]}
    assert staff_pk not in outstanding
    assert outstanding == {p.pk for r, p in world.people.items() if r != Role.STAFF}
    assert who["in_scope"] == len(world.people)


def test_only_the_version_in_force_is_acknowledged_and_only_when_confirmed(world):
    setup = make_policy(world)
    staff = _script(world, Role.STAFF)
    with assert_not_audited(world.council):
        unconfirmed = staff.post(
            _url(world, "policy-version-acknowledge", pk=setup.in_force.pk),
            {"confirm": False},
            format="json",
        )
        as_text = staff.post(
            _url(world, "policy-version-acknowledge", pk=setup.in_force.pk),
            {"confirm": "yes"},
            format="json",
        )
        draft = staff.post(
            _url(world, "policy-version-acknowledge", pk=setup.draft.pk),
            {"confirm": True},
            format="json",
        )
    assert unconfirmed.status_code == 400
    assert unconfirmed.json() == {"confirm": ["Confirm you have read it (true)."]}
    assert as_text.status_code == 400
    assert as_text.json() == {"confirm": ["Expected true or false."]}
    assert draft.status_code == 404
    assert not Acknowledgement.objects.filter(council=world.council).exists()


def test_the_clerk_records_a_paper_copy_for_someone_of_this_council_only(world, other_world):
    setup = make_policy(world)
    clerk = _script(world, Role.CLERK)
    url = _url(world, "policy-version-paper-acknowledgement", pk=setup.in_force.pk)
    with assert_not_audited(world.council):
        foreign = clerk.post(url, {"person": other_world.people[Role.STAFF].pk}, format="json")
    assert foreign.status_code == 400
    assert foreign.json() == {"person": ["No such person in this council."]}
    with assert_audited(world.council, Event.POLICY_ACKNOWLEDGED):
        paper = clerk.post(url, {"person": world.people[Role.COUNCILLOR].pk}, format="json")
    assert paper.status_code == 201
    assert paper.json()["method"] == "paper"
    assert paper.json()["person"] == world.people[Role.COUNCILLOR].pk


def test_who_has_acknowledged_is_not_for_everyone(world):
    setup = make_policy(world)
    url = _url(world, "policy-version-acknowledgements", pk=setup.in_force.pk)
    assert _script(world, Role.STAFF).get(url).status_code == 403
    assert _script(world, Role.COMMITTEE).get(url).status_code == 200


def test_a_member_off_the_people_list_has_nothing_to_acknowledge(world):
    setup = make_policy(world)
    user = add_member_off_the_list(world, Role.CLERK)
    _, raw = issue_token(world.council, name="off", user=user, actor=SETUP)
    script = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert script.get(_url(world, "policy-mine")).status_code == 403
    with assert_not_audited(world.council):
        response = script.post(
            _url(world, "policy-version-acknowledge", pk=setup.in_force.pk),
            {"confirm": True},
            format="json",
        )
    assert response.status_code == 403


def test_an_unknown_field_or_parameter_is_refused(world):
    setup = make_policy(world)
    staff = _script(world, Role.STAFF)
    with assert_not_audited(world.council):
        extra = staff.post(
            _url(world, "policy-version-acknowledge", pk=setup.in_force.pk),
            {"confirm": True, "person": world.people[Role.CLERK].pk},
            format="json",
        )
    assert extra.status_code == 400
    assert extra.json() == {"person": ["Not a field of this request."]}
    listed = staff.get(_url(world, "policy-list"), {"status": "draft"})
    assert listed.status_code == 400
    assert listed.json() == {"status": ["Not a parameter of this request."]}
