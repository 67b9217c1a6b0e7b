"""The CCTV register through the API, as the clerk's script or a manager's: the same roles,
council and audit entries as the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from councilguard.api.services import issue_token
from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.cctv import testing as cctv
from councilguard.cctv.models import Camera
from councilguard.core.roles import Role
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP


def _script(world, role: Role) -> APIClient:
    token, raw = issue_token(world.council, name=f"{role} script", user=world.users[role],
                             actor=SETUP)  # fmt: skip
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _url(world, name: str, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs={"council": world.council.slug, **kwargs})


def _camera(world, **changes) -> dict:
    return {
        "name": "Car park", "site": "Town hall", "location": "Lamp post by the entrance",
        "coverage": "The car park.", "records_sound": False, "signage": True,
        "aims": [cctv.make_aim(world).pk], "retention_days": 14, **changes,
    }  # fmt: skip


def test_the_clerks_script_adds_a_camera_changes_it_and_each_change_is_in_the_trail(world):
    script, body = _script(world, Role.CLERK), _camera(world)
    with assert_audited(world.council, Event.CCTV_CAMERA_ADDED):
        added = script.post(_url(world, "cctv-camera-list"), body, format="json")
    assert added.status_code == 201, added.json()
    body = added.json()
    assert (body["name"], body["retention_days"], body["keeps_too_long"]) == ("Car park", 14, False)

    with assert_audited(world.council, Event.CCTV_CAMERA_UPDATED):
        changed = script.patch(
            _url(world, "cctv-camera-detail", pk=body["id"]), {"retention_days": 30}, format="json"
        )
    assert changed.status_code == 200, changed.json()
    camera = Camera.objects.get(pk=body["id"])
    assert (camera.retention_days, camera.name, camera.aims.count()) == (30, "Car park", 1)
    entry = AuditEntry.objects.filter(council=world.council).latest("sequence")
    assert entry.changes["retention_days"] == [14, 30]
    assert "'clerk script'" in entry.actor_label  # the token that acted is named

    listed = script.get(_url(world, "cctv-camera-list")).json()
    assert [c["name"] for c in listed["results"]] == ["Car park"]


def test_an_aim_not_on_the_councils_list_is_refused_and_nothing_changes(world, other_world):
    script = _script(world, Role.CLERK)
    body = _camera(world, aims=[cctv.make_aim(other_world).pk])
    with assert_audited(world.council):
        refused = script.post(_url(world, "cctv-camera-list"), body, format="json")
    assert refused.status_code == 400
    assert "aims" in refused.json()
    assert not Camera.objects.in_council(world.council).exists()


def test_another_councils_camera_is_missing_through_ones_own_council(world, other_world):
    theirs = cctv.make_camera(other_world)
    script = _script(world, Role.CLERK)
    url = _url(world, "cctv-camera-detail", pk=theirs.pk)
    assert script.get(url).status_code == 404
    with assert_audited(other_world.council):
        assert script.patch(url, {"retention_days": 5}, format="json").status_code == 404
    theirs.refresh_from_db()
    assert theirs.retention_days == 31


@pytest.mark.parametrize(
    ("role", "reads", "adds"),
    [
        (Role.CLERK, 200, 201),
        (Role.DP_LEAD, 200, 403),
        (Role.MANAGER, 200, 403),
        (Role.IT_PROVIDER, 403, 403),
        (Role.COMMITTEE, 403, 403),
        (Role.STAFF, 403, 403),
        (Role.COUNCILLOR, 403, 403),
    ],
)
def test_who_reads_the_register_and_its_logs_and_who_adds_a_camera(world, role, reads, adds):
    script = _script(world, role)
    for name in ("cctv-camera-list", "cctv-viewing-list", "cctv-disclosure-list"):
        assert script.get(_url(world, name)).status_code == reads, name
    added = script.post(_url(world, "cctv-camera-list"), _camera(world), format="json")
    assert added.status_code == adds
    assert Camera.objects.in_council(world.council).exists() == (adds == 201)


def test_the_viewing_and_disclosure_logs_list_this_councils_only(world, other_world):
    viewing = cctv.make_viewing(world)
    disclosure = cctv.make_disclosure(world)
    cctv.make_viewing(other_world)
    cctv.make_disclosure(other_world)
    script = _script(world, Role.DP_LEAD)

    viewings = script.get(_url(world, "cctv-viewing-list")).json()["results"]
    assert [(v["id"], v["viewer"], v["outcome"], v["aim"]) for v in viewings] == [
        (viewing.pk, world.people[Role.MANAGER].full_name, "evidence", cctv.AIM)
    ]
    disclosures = script.get(_url(world, "cctv-disclosure-list")).json()["results"]
    assert [(d["reference"], d["recipient"]) for d in disclosures] == [
        (disclosure.reference, "police")
    ]
