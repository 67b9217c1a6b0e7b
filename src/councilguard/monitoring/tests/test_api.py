"""Findings and batches through the API: the same scope and rules as the pages."""

from __future__ import annotations

from django.urls import reverse
from rest_framework.test import APIClient

from councilguard.api.services import issue_token
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.monitoring import rules
from councilguard.monitoring.models import FindingStatus
from councilguard.monitoring.testing import make_batch, make_finding
from councilguard.policies.services import acknowledge
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.policies import make_policy
from councilguard.testing.world import SETUP


def _api(world, name, **kwargs):
    return reverse(f"api:monitoring-{name}", kwargs={"council": world.council.slug, **kwargs})


def _client(world, role: Role) -> APIClient:
    _, raw = issue_token(world.council, name=role.value, user=world.users[role], actor=SETUP)
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_manager_lists_only_their_teams_findings_with_filters(world):
    setup = make_policy(world)
    team = make_finding(world, world.people[Role.STAFF], rule_kind=rules.SOCIAL_IN_HOURS)
    make_finding(world, world.people[Role.STAFF], status="dismissed")
    make_finding(world, world.people[Role.COUNCILLOR])
    acknowledge(setup.in_force, world.people[Role.STAFF], actor=Actor.for_user(world.staff))
    client = _client(world, Role.MANAGER)
    body = client.get(_api(world, "finding-list")).json()
    assert body["count"] == 2
    assert {row["person"] for row in body["results"]} == {world.people[Role.STAFF].pk}
    assert all(row["person_has_acknowledged"] for row in body["results"])
    only = client.get(_api(world, "finding-list"), {"rule_kind": rules.SOCIAL_IN_HOURS}).json()
    assert [row["id"] for row in only["results"]] == [team.pk]
    open_ones = client.get(_api(world, "finding-list"), {"status": "open"}).json()
    assert open_ones["count"] == 1

    clerk = _client(world, Role.CLERK).get(_api(world, "finding-list")).json()
    assert clerk["count"] == 3
    unaware = [r for r in clerk["results"] if r["person"] == world.people[Role.COUNCILLOR].pk]
    assert unaware[0]["person_has_acknowledged"] is False
    assert _client(world, Role.IT_PROVIDER).get(_api(world, "finding-list")).status_code == 403


def test_a_finding_is_reviewed_through_the_api_and_recorded(world):
    finding = make_finding(world)
    client = _client(world, Role.DP_LEAD)
    url = _api(world, "finding-review", pk=finding.pk)
    with assert_not_audited(world.council):
        refused = client.post(url, {"decision": "dismissed"}, format="json")
    assert refused.status_code == 400 and refused.json() == {"reason": ["Say why"]}
    with assert_audited(world.council, Event.FINDING_DISMISSED):
        done = client.post(
            url, {"decision": "dismissed", "reason": "Work research for a grant."}, format="json"
        )
    assert done.status_code == 200 and done.json()["status"] == FindingStatus.DISMISSED
    assert done.json()["reviewed_by_label"].startswith(world.dp_lead.email + " via API token")
    with assert_not_audited(world.council):
        again = client.post(
            url, {"decision": "escalated", "reason": "On reflection."}, format="json"
        )
    assert again.status_code == 400
    assert "cannot be escalated now" in again.json()["decision"][0]
    # One finding is read by its id for a work purpose (C18); the list's filters are not its
    # parameters, so "status=open" cannot hide the escalated finding: it is refused by name.
    one = _api(world, "finding-detail", pk=finding.pk)
    refused = client.get(one, {"purpose": "review", "status": "open"})
    assert (refused.status_code, list(refused.json())) == (400, ["status"])
    detail = client.get(one, {"purpose": "review"}).json()
    assert detail["summary"] == finding.summary and detail["evidence"]["requests"] == 12


def test_batches_and_their_receipts_are_read_through_the_api(world):
    batch = make_batch(world, rejected=1)
    client = _client(world, Role.IT_PROVIDER)
    listing = client.get(_api(world, "batch-list")).json()
    assert listing["results"][0]["public_id"] == str(batch.public_id)
    assert listing["results"][0]["kind"] == "proxy"
    detail = client.get(_api(world, "batch-detail", pk=batch.pk)).json()
    assert detail["rejections"] == [{"line_number": 10, "reason": "bad timestamp"}]
    assert detail["unattributed_identifiers"] == [{"identifier": "10.0.0.99", "events": 3}]
    assert _client(world, Role.MANAGER).get(_api(world, "batch-list")).status_code == 403
