"""Who decides when the clerk asks (B 1.1.6, 2.1.4, 8.2.1): nobody decides their own request, so
the deputy clerk decides the clerk's; with no deputy clerk the chair of the oversight committee
does; a committee member who is not the chair never does; and a clerk whose request nobody can
decide is told so."""

from __future__ import annotations

import pytest
from django.urls import reverse

from councilguard.accounts.services import AccessError, remove_access, set_committee_chair
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.devices.approvals import (
    ApprovalError,
    chair_stands_in,
    decide,
    nobody_can_decide,
    request_approval,
)
from councilguard.devices.models import ApprovalDecision, ApprovalStatus
from councilguard.devices.testing import make_software_request
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP


def _media_request(world, role=Role.CLERK):
    return request_approval(
        world.people[role],
        "removable_media",
        summary="A memory stick for the audit papers",
        reason="The internal auditor asks for the year's papers on a stick.",
        details={"media_description": "Encrypted USB stick", "media_serial": "KS-0041"},
        actor=SETUP,
    )


def _url(world, name, **kwargs):
    return reverse(f"devices:{name}", kwargs={"council": world.council.slug, **kwargs})


def _membership(world, role):
    return Membership.objects.get(council=world.council, user=world.users[role])


def _no_deputy(world):
    remove_access(_membership(world, Role.DEPUTY_CLERK), actor=SETUP)


def _chair(world, role=Role.COMMITTEE):
    return set_committee_chair(_membership(world, role), chair=True, actor=SETUP)


def test_the_deputy_clerk_decides_the_clerks_own_media_request(client, world):
    item = _media_request(world)
    with pytest.raises(ApprovalError, match="your own request"):
        decide(item, approve=True, note="", role="clerk", actor=Actor.for_user(world.clerk))
    client.force_login(world.deputy_clerk)
    page = client.get(_url(world, "approval_detail", pk=item.pk)).content.decode()
    assert "Your decision (as deputy clerk)" in page
    with assert_audited(world.council, Event.APPROVAL_DECISION, Event.APPROVAL_GRANTED):
        client.post(_url(world, "approval_decide", pk=item.pk), {"decision": "approve"})
    item.refresh_from_db()
    assert item.status == ApprovalStatus.APPROVED
    decision = ApprovalDecision.objects.get(request=item)
    assert (decision.capacity, decision.acting_as, decision.decided_by) == (
        "clerk",
        "deputy_clerk",
        world.deputy_clerk,
    )
    entry = AuditEntry.objects.filter(council=world.council, event=Event.APPROVAL_DECISION).last()
    assert entry.changes["acting_as"] == "deputy_clerk"
    page = client.get(_url(world, "approval_detail", pk=item.pk)).content.decode()
    assert "as deputy clerk" in page


def test_while_there_is_a_deputy_the_chair_does_not_stand_in(world):
    _chair(world)
    item = _media_request(world)
    assert chair_stands_in(item) == []
    with pytest.raises(ApprovalError, match="do not decide this kind"):
        decide(item, approve=True, note="", role="committee", actor=Actor.for_user(world.committee))


def test_with_no_deputy_the_committee_chair_decides_the_clerks_own_request(client, world):
    _no_deputy(world)
    _chair(world)
    item = _media_request(world)
    assert chair_stands_in(item) == ["clerk"]
    client.force_login(world.committee)
    # The chair reaches the list and the request, and is asked as committee chair.
    listing = client.get(_url(world, "approval_list")).content.decode()
    assert "A memory stick for the audit papers" in listing
    page = client.get(_url(world, "approval_detail", pk=item.pk)).content.decode()
    assert "Your decision (as committee chair)" in page
    with assert_audited(world.council, Event.APPROVAL_DECISION, Event.APPROVAL_REFUSED):
        client.post(
            _url(world, "approval_decide", pk=item.pk),
            {"decision": "refuse", "note": "Send the papers through the shared drive."},
        )
    item.refresh_from_db()
    assert item.status == ApprovalStatus.REFUSED
    decision = ApprovalDecision.objects.get(request=item)
    assert (decision.capacity, decision.acting_as) == ("clerk", "committee_chair")
    # The clerk still cannot decide their own, even with a chair named.
    again = _media_request(world)
    with pytest.raises(ApprovalError, match="your own request"):
        decide(again, approve=True, note="", role="clerk", actor=Actor.for_user(world.clerk))


def test_a_committee_member_who_is_not_the_chair_cannot_decide(client, world):
    _no_deputy(world)
    item = _media_request(world)
    with pytest.raises(ApprovalError, match="do not decide this kind"):
        decide(item, approve=True, note="", role="committee", actor=Actor.for_user(world.committee))
    client.force_login(world.committee)
    assert client.get(_url(world, "approval_detail", pk=item.pk)).status_code == 403
    response = client.post(_url(world, "approval_decide", pk=item.pk), {"decision": "approve"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == ApprovalStatus.PENDING


def test_the_chair_sees_only_the_clerks_requests_they_may_stand_in_for(client, world):
    _no_deputy(world)
    _chair(world)
    staff_media = _media_request(world, Role.STAFF)
    clerk_software = make_software_request(world, Role.CLERK)
    client.force_login(world.committee)
    for item in (staff_media, clerk_software):
        assert client.get(_url(world, "approval_detail", pk=item.pk)).status_code == 404
        response = client.post(_url(world, "approval_decide", pk=item.pk), {"decision": "approve"})
        assert response.status_code == 404
    # Someone else's request is not the chair's to decide through the service either.
    with pytest.raises(ApprovalError, match="do not decide this kind"):
        decide(
            staff_media,
            approve=True,
            note="",
            role="committee",
            actor=Actor.for_user(world.committee),
        )


def test_a_clerks_request_nobody_can_decide_says_so(client, world):
    _no_deputy(world)
    item = _media_request(world)
    assert nobody_can_decide(item)
    client.force_login(world.clerk)
    mine = client.get(_url(world, "my_approvals")).content.decode()
    assert "Nobody can decide this request yet" in mine
    detail = client.get(_url(world, "approval_detail", pk=item.pk)).content.decode()
    assert "Nobody can decide this request yet" in detail
    # Naming a chair on the Access page ends it.
    with assert_audited(world.council, Event.MEMBERSHIP_CHAIR):
        client.post(
            reverse(
                "accounts:access_chair",
                kwargs={"council": world.council.slug, "pk": _membership(world, "committee").pk},
            ),
            {"chair": "yes"},
        )
    assert not nobody_can_decide(item)
    assert "Nobody can decide" not in client.get(_url(world, "my_approvals")).content.decode()
    # Another member's request is never "stuck" this way.
    assert not nobody_can_decide(_media_request(world, Role.STAFF))


def test_the_clerk_as_chair_does_not_count_for_their_own_request(world):
    _no_deputy(world)
    _chair(world, Role.CLERK)
    item = _media_request(world)
    assert nobody_can_decide(item)
    with pytest.raises(ApprovalError, match="your own request"):
        decide(item, approve=True, note="", role="clerk", actor=Actor.for_user(world.clerk))


def test_a_council_has_one_chair_and_each_change_is_recorded(world):
    _chair(world, Role.COMMITTEE)
    with assert_audited(world.council, Event.MEMBERSHIP_CHAIR, Event.MEMBERSHIP_CHAIR):
        _chair(world, Role.COUNCILLOR)
    chairs = Membership.objects.filter(council=world.council, is_committee_chair=True)
    assert [m.user for m in chairs] == [world.councillor]
    # Naming the same chair again changes nothing.
    before = AuditEntry.objects.filter(council=world.council).count()
    _chair(world, Role.COUNCILLOR)
    assert AuditEntry.objects.filter(council=world.council).count() == before
    with assert_audited(world.council, Event.MEMBERSHIP_CHAIR):
        set_committee_chair(_membership(world, Role.COUNCILLOR), chair=False, actor=SETUP)
    assert not Membership.objects.filter(council=world.council, is_committee_chair=True).exists()


def test_a_disabled_account_cannot_be_named_chair(world):
    user = world.committee
    user.is_active = False
    user.save(update_fields=["is_active"])
    with pytest.raises(AccessError, match="disabled"):
        _chair(world)


def test_the_chair_of_one_council_decides_nothing_in_another(world, other_world):
    _no_deputy(other_world)
    item = _media_request(other_world)
    _chair(world)
    with pytest.raises(ApprovalError, match="do not decide this kind"):
        decide(item, approve=True, note="", role="committee", actor=Actor.for_user(world.committee))


def _script(world, role):
    from rest_framework.test import APIClient

    from councilguard.api.services import issue_token

    _, raw = issue_token(world.council, name=f"{role} script", user=world.users[role], actor=SETUP)
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _api(world, name, **kwargs):
    return reverse(f"api:{name}", kwargs={"council": world.council.slug, **kwargs})


def test_through_the_api_the_chair_sees_and_decides_only_the_clerks_request(world):
    _no_deputy(world)
    _chair(world)
    clerks = _media_request(world)
    staffs = _media_request(world, Role.STAFF)
    chair = _script(world, Role.COMMITTEE)
    listed = chair.get(_api(world, "approval-list")).json()
    assert [item["id"] for item in listed["results"]] == [clerks.pk]
    response = chair.post(
        _api(world, "approval-decide", pk=staffs.pk), {"decision": "approve"}, format="json"
    )
    assert response.status_code == 404
    with assert_audited(world.council, Event.APPROVAL_DECISION, Event.APPROVAL_GRANTED):
        response = chair.post(
            _api(world, "approval-decide", pk=clerks.pk), {"decision": "approve"}, format="json"
        )
    assert response.status_code == 200
    clerks.refresh_from_db()
    assert clerks.status == ApprovalStatus.APPROVED
