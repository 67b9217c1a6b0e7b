"""Approvals, CCTV viewing requests, charges and leavers' checklists over the API, end to end,
as scripts with council tokens: the same services, refusals and audit entries as the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from councilguard.api.services import issue_token
from councilguard.audit.events import Event
from councilguard.cctv.testing import make_aim, make_camera
from councilguard.core.roles import Role
from councilguard.devices.models import ApprovalRequest, Charge
from councilguard.devices.testing import make_device, make_leaver
from councilguard.people.access import NOT_ON_THE_LIST
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.world import SETUP, add_member_off_the_list


def _script(world, role: Role) -> APIClient:
    """A script holding a council token that acts as the world's member of ``role``."""
    _, raw = issue_token(world.council, name=f"{role} script", user=world.users[role], actor=SETUP)
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _url(world, name: str, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs={"council": world.council.slug, **kwargs})


MEDIA = {
    "kind": "removable_media",
    "summary": "Copy the minutes to the printer's",
    "reason": "The printer takes sticks only.",
    "media_description": "USB stick 3",
    "media_serial": "SN-0042",
}


# --- approvals --------------------------------------------------------------------------------


def test_a_media_request_is_asked_for_and_approved_by_the_clerk(world):
    staff, clerk = _script(world, Role.STAFF), _script(world, Role.CLERK)
    with assert_audited(world.council, Event.APPROVAL_REQUESTED):
        asked = staff.post(_url(world, "approval-list"), MEDIA, format="json")
    assert asked.status_code == 201, asked.content
    body = asked.json()
    assert body["kind"] == "removable_media"
    assert body["status"] == "pending"
    assert body["requester"] == world.people[Role.STAFF].pk
    assert body["media_description"] == "USB stick 3"
    assert body["media_serial"] == "SN-0042"
    assert body["decisions"] == []

    mine = staff.get(_url(world, "approval-mine")).json()
    assert [r["id"] for r in mine["results"]] == [body["id"]]

    decide = _url(world, "approval-decide", pk=body["id"])
    with assert_audited(world.council, Event.APPROVAL_DECISION, Event.APPROVAL_GRANTED):
        decided = clerk.post(decide, {"decision": "approve"}, format="json")
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "approved"
    assert [(d["capacity"], d["approved"]) for d in decided.json()["decisions"]] == [
        ("clerk", True)
    ]
    assert ApprovalRequest.objects.get(pk=body["id"]).status == "approved"


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"kind": "website_link", "url": "https://county.example.org/"}, "url"),
        ({"kind": "domain", "name_to_register": "ashby-events.org.uk"}, "name_to_register"),
    ],
)
def test_a_link_or_domain_request_is_refused_with_its_reason(world, details, field):
    staff, clerk = _script(world, Role.STAFF), _script(world, Role.CLERK)
    asked = staff.post(
        _url(world, "approval-list"),
        {"summary": "For the events page", "reason": "Residents ask for it.", **details},
        format="json",
    )
    assert asked.status_code == 201, asked.content
    assert asked.json()[field] == details[field]
    decide = _url(world, "approval-decide", pk=asked.json()["id"])

    with assert_not_audited(world.council):
        bare = clerk.post(decide, {"decision": "refuse"}, format="json")
    assert bare.status_code == 400
    assert bare.json() == {"non_field_errors": ["give the reason for refusing"]}

    with assert_audited(world.council, Event.APPROVAL_DECISION, Event.APPROVAL_REFUSED):
        refused = clerk.post(decide, {"decision": "refuse", "note": "Not ours."}, format="json")
    assert refused.status_code == 200
    assert refused.json()["status"] == "refused"
    assert refused.json()["refusal_reason"] == "Not ours."

    with assert_not_audited(world.council):
        again = clerk.post(decide, {"decision": "approve"}, format="json")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["the request is refused, no longer pending"]}


def test_who_decides_is_the_services_answer_and_anyone_else_meets_a_403(world):
    """The gate lets the deciding roles through; devices.approvals refuses who is not an
    approver of the kind, and anyone deciding their own request."""
    asked = _script(world, Role.STAFF).post(_url(world, "approval-list"), MEDIA, format="json")
    decide = _url(world, "approval-decide", pk=asked.json()["id"])
    for role in (Role.MANAGER, Role.IT_PROVIDER):
        script = _script(world, role)
        with assert_not_audited(world.council):
            response = script.post(decide, {"decision": "approve"}, format="json")
        assert response.status_code == 403
        assert response.json() == {"detail": "You do not decide this kind of request."}
    for role in (Role.STAFF, Role.COUNCILLOR, Role.DP_LEAD, Role.COMMITTEE):  # not at the gate
        response = _script(world, role).post(decide, {"decision": "approve"}, format="json")
        assert response.status_code == 403

    clerk = _script(world, Role.CLERK)
    own = clerk.post(_url(world, "approval-list"), MEDIA, format="json")
    with assert_not_audited(world.council):
        response = clerk.post(
            _url(world, "approval-decide", pk=own.json()["id"]), {"decision": "approve"},
            format="json",
        )  # fmt: skip
    assert response.status_code == 403
    assert response.json() == {"detail": "You cannot decide your own request."}


def test_software_is_virus_checked_then_approved_in_both_capacities(world):
    staff = _script(world, Role.STAFF)
    provider, clerk = _script(world, Role.IT_PROVIDER), _script(world, Role.CLERK)
    asked = staff.post(
        _url(world, "approval-list"),
        {
            "kind": "software",
            "summary": "Install Inkscape",
            "reason": "Drawings for the newsletter.",
            "software_name": "Inkscape",
            "version": "1.3",
            "source_url": "https://inkscape.org/",
        },
        format="json",
    )
    assert asked.status_code == 201, asked.content
    pk = asked.json()["id"]
    check = {"sha256": "AB" * 32, "scanner": "ClamAV", "result": "clean"}

    with assert_not_audited(world.council):
        early = provider.post(
            _url(world, "approval-decide", pk=pk), {"decision": "approve"}, format="json"
        )
    assert early.status_code == 400
    assert early.json() == {
        "non_field_errors": ["software is approved only after a clean virus check"]
    }
    manager = _script(world, Role.MANAGER)
    with assert_not_audited(world.council):
        manager = manager.post(_url(world, "approval-virus-check", pk=pk), check, format="json")
    assert manager.status_code == 403
    assert manager.json() == {"detail": "The IT provider or the clerk records the virus check."}

    with assert_audited(world.council, Event.APPROVAL_VIRUS_CHECKED):
        checked = provider.post(_url(world, "approval-virus-check", pk=pk), check, format="json")
    assert checked.status_code == 200, checked.content
    assert checked.json()["file_sha256"] == "ab" * 32
    assert checked.json()["scan_result"] == "clean"

    with assert_audited(world.council, Event.APPROVAL_DECISION):
        one = provider.post(
            _url(world, "approval-decide", pk=pk), {"decision": "approve"}, format="json"
        )
    assert one.json()["status"] == "pending"
    with assert_audited(
        world.council, Event.APPROVAL_DECISION, Event.APPROVAL_GRANTED, Event.CATALOGUE_CHANGED
    ):
        both = clerk.post(
            _url(world, "approval-decide", pk=pk), {"decision": "approve"}, format="json"
        )
    assert both.json()["status"] == "approved"
    assert sorted(d["capacity"] for d in both.json()["decisions"]) == [
        "it_provider",
        "senior_manager",
    ]


def test_a_requester_withdraws_only_their_own_pending_request(world):
    staff = _script(world, Role.STAFF)
    pk = staff.post(_url(world, "approval-list"), MEDIA, format="json").json()["id"]
    councillor = _script(world, Role.COUNCILLOR)
    with assert_not_audited(world.council):
        other = councillor.post(_url(world, "approval-withdraw", pk=pk), format="json")
    assert other.status_code == 404
    with assert_audited(world.council, Event.APPROVAL_WITHDRAWN):
        done = staff.post(_url(world, "approval-withdraw", pk=pk), format="json")
    assert done.status_code == 200
    assert done.json()["status"] == "withdrawn"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({**MEDIA, "colour": "blue"}, {"colour": ["Not a field of this request."]}),
        ({**MEDIA, "status": "approved"}, {"status": ["Not a field of this request."]}),
        (
            {**MEDIA, "url": "https://county.example.org/"},
            {"url": ["Not asked for in a request of this kind."]},
        ),
        ({**MEDIA, "media_description": ""}, {"non_field_errors": [
            "media description is needed for this kind of request"]}),
        ({**MEDIA, "kind": "recording"}, {"kind": ['"recording" is not a valid choice.']}),
        ({**MEDIA, "summary": 12}, {"summary": ["Expected text."]}),
    ],
)  # fmt: skip
def test_a_request_with_what_the_kind_does_not_take_is_refused_whole(world, body, expected):
    staff = _script(world, Role.STAFF)
    with assert_not_audited(world.council):
        response = staff.post(_url(world, "approval-list"), body, format="json")
    assert response.status_code == 400
    assert response.json() == expected
    assert not ApprovalRequest.objects.filter(council=world.council).exists()


def test_an_unknown_query_parameter_is_refused(world):
    clerk = _script(world, Role.CLERK)
    response = clerk.get(_url(world, "approval-list"), {"state": "pending"})
    assert response.status_code == 400
    assert response.json() == {"state": ["Not a parameter of this request."]}
    assert clerk.get(_url(world, "approval-list"), {"status": "pending"}).status_code == 200
    assert clerk.get(_url(world, "approval-list"), {"status": "maybe"}).status_code == 400


def test_a_member_off_the_people_list_is_told_why_they_cannot_ask(world):
    user = add_member_off_the_list(world, Role.STAFF)
    _, raw = issue_token(world.council, name="off", user=user, actor=SETUP)
    script = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    with assert_not_audited(world.council):
        response = script.post(_url(world, "approval-list"), MEDIA, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": NOT_ON_THE_LIST}
    assert script.get(_url(world, "approval-mine")).status_code == 403
    assert script.get(_url(world, "statement-mine")).status_code == 403


# --- CCTV viewing requests, decided as approvals -------------------------------------------


def test_a_cctv_viewing_is_asked_for_and_decided_through_the_approvals(world):
    camera, aim = make_camera(world), make_aim(world)
    now = timezone.now()
    manager, clerk = _script(world, Role.MANAGER), _script(world, Role.CLERK)
    with assert_audited(world.council, Event.APPROVAL_REQUESTED, Event.CCTV_VIEWING_REQUESTED):
        asked = manager.post(
            _url(world, "cctv-viewing-request-list"),
            {
                "camera": camera.pk,
                "aim": aim.pk,
                "period_start": (now - timedelta(hours=10)).isoformat(),
                "period_end": (now - timedelta(hours=2)).isoformat(),
                "reason": "The pavilion door was forced.",
            },
            format="json",
        )
    assert asked.status_code == 201, asked.content
    viewing = asked.json()
    assert viewing["camera"] == camera.pk
    assert viewing["aim"] == aim.pk
    assert viewing["status"] == "pending"
    approval = viewing["approval"]
    assert (
        _script(world, Role.CLERK).get(_url(world, "approval-detail", pk=approval)).json()["kind"]
        == "cctv_viewing"
    )

    refused = manager.post(
        _url(world, "approval-decide", pk=approval), {"decision": "approve"}, format="json"
    )
    assert refused.status_code == 403
    with assert_audited(world.council, Event.APPROVAL_DECISION, Event.APPROVAL_GRANTED):
        decided = clerk.post(
            _url(world, "approval-decide", pk=approval), {"decision": "approve"}, format="json"
        )
    assert decided.status_code == 200
    again = manager.get(_url(world, "cctv-viewing-request-detail", pk=viewing["id"]))
    assert again.json()["status"] == "approved"


def test_a_viewing_of_the_future_or_another_councils_camera_is_refused(world, other_world):
    now = timezone.now()
    manager = _script(world, Role.MANAGER)
    base = {
        "camera": make_camera(world).pk,
        "aim": make_aim(world).pk,
        "period_start": (now - timedelta(hours=1)).isoformat(),
        "period_end": (now + timedelta(hours=1)).isoformat(),
        "reason": "Checking.",
    }
    url = _url(world, "cctv-viewing-request-list")
    with assert_not_audited(world.council):
        future = manager.post(url, base, format="json")
        foreign = manager.post(url, {**base, "camera": make_camera(other_world).pk}, format="json")
    assert future.status_code == 400
    assert future.json() == {"non_field_errors": ["the period cannot end in the future"]}
    assert foreign.status_code == 400
    assert foreign.json() == {"camera": ["No such camera in this council."]}


# --- charges and statements -------------------------------------------------------------------


def _charge(world, person, amount, **extra) -> dict:
    return {
        "person": person.pk,
        "kind": "repair",
        "amount": amount,
        "description": "Cracked screen",
        "source_reference": "Repair invoice 4411",
        **extra,
    }


def test_a_charge_added_is_on_the_persons_statement_deducted_from_pay(world):
    clerk, staff = _script(world, Role.CLERK), _script(world, Role.STAFF)
    person = world.people[Role.STAFF]
    with assert_audited(world.council, Event.CHARGE_ADDED):
        added = clerk.post(
            _url(world, "charge-list"), _charge(world, person, "12.50"), format="json"
        )
    assert added.status_code == 201, added.content
    assert added.json()["amount"] == "12.50"
    assert added.json()["status"] == "pending"
    assert added.json()["settlement"] == "deduct_from_pay"
    clerk.post(_url(world, "charge-list"), _charge(world, person, "0.75"), format="json")

    statement = clerk.get(_url(world, "statement-detail", pk=person.pk))
    assert statement.status_code == 200
    body = statement.json()
    assert body["person"] == person.pk
    assert body["invoiced"] is False
    assert body["total"] == "13.25"
    assert body["outstanding"] == "13.25"
    assert [c["amount"] for c in body["charges"]] == ["12.50", "0.75"]
    assert staff.get(_url(world, "statement-mine")).json() == body
    listed = clerk.get(_url(world, "charge-list")).json()
    assert listed["count"] == 2


def test_a_councillors_charge_is_invoiced_and_the_statement_says_so(world):
    clerk = _script(world, Role.CLERK)
    councillor = world.people[Role.COUNCILLOR]
    purchase = _charge(
        world,
        councillor,
        "4.99",
        kind="personal_purchase",
        device=make_device(world).pk,
        evidence="App Store receipt 20 May, £4.99",
    )
    added = clerk.post(_url(world, "charge-list"), purchase, format="json")
    assert added.status_code == 201, added.content
    assert added.json()["settlement"] == "invoice"
    statement = _script(world, Role.COUNCILLOR).get(_url(world, "statement-mine")).json()
    assert statement["invoiced"] is True
    assert statement["total"] == "4.99"


@pytest.mark.parametrize(
    ("amount", "ok"),
    [
        ("99999.98", True),  # below the largest
        ("99999.99", True),  # the largest
        ("100000.00", False),  # above (devices.charges.MAX_AMOUNT)
        ("0", True),
        ("0.5", True),
        ("12.505", False),
        ("-1.00", False),
        ("1e3", False),
        ("NaN", False),
        (" 12.50", False),
        ("", False),
    ],
)
def test_an_amount_is_pounds_and_pence_as_text(world, amount, ok):
    clerk = _script(world, Role.CLERK)
    body = _charge(world, world.people[Role.STAFF], amount)
    response = clerk.post(_url(world, "charge-list"), body, format="json")
    assert (response.status_code == 201) is ok, response.content
    if not ok:
        assert list(response.json()) == ["amount"]
        assert not Charge.objects.filter(council=world.council).exists()


@pytest.mark.parametrize("amount", [12.5, 12, 0.1])
def test_an_amount_sent_as_a_json_number_is_refused_with_the_reason(world, amount):
    clerk = _script(world, Role.CLERK)
    with assert_not_audited(world.council):
        response = clerk.post(
            _url(world, "charge-list"),
            _charge(world, world.people[Role.STAFF], amount),
            format="json",
        )
    assert response.status_code == 400
    assert response.json() == {
        "amount": ['Give the amount in pounds as text, e.g. "12.50", not as a number.']
    }


def test_a_charge_for_someone_of_another_council_is_refused(world, other_world):
    clerk = _script(world, Role.CLERK)
    body = _charge(world, other_world.people[Role.STAFF], "10.00")
    with assert_not_audited(world.council), assert_not_audited(other_world.council):
        response = clerk.post(_url(world, "charge-list"), body, format="json")
    assert response.status_code == 400
    assert response.json() == {"person": ["No such person in this council."]}
    statement = clerk.get(_url(world, "statement-detail", pk=other_world.people[Role.STAFF].pk))
    assert statement.status_code == 404


# --- leavers' checklists ----------------------------------------------------------------------


def test_a_leavers_items_are_ticked_by_hand_until_the_checklist_is_complete(world):
    checklist = make_leaver(world)
    clerk = _script(world, Role.CLERK)
    read = _script(world, Role.IT_PROVIDER).get(_url(world, "leaver-detail", pk=checklist.pk))
    assert read.status_code == 200
    items = read.json()["items"]
    assert [i["kind"] for i in items] == [
        "return_device",
        "withdraw_email",
        "other_accounts",
        "revoke_vault",
        "final_statement",
    ]
    assert all(i["done_at"] is None for i in items)
    assert read.json()["completed_at"] is None

    tick = _url(world, "leaver-tick", pk=checklist.pk)
    for n, item in enumerate(items):
        last = n == len(items) - 1
        events = [Event.LEAVER_ITEM_DONE] + ([Event.LEAVER_COMPLETED] if last else [])
        with assert_audited(world.council, *events):
            done = clerk.post(tick, {"item": item["id"], "note": "Done by hand."}, format="json")
        assert done.status_code == 200, done.content
        ticked = next(i for i in done.json()["items"] if i["id"] == item["id"])
        assert ticked["note"] == "Done by hand."
        assert ticked["done_at"] is not None
    assert done.json()["completed_at"] is not None

    with assert_not_audited(world.council):
        twice = clerk.post(tick, {"item": items[0]["id"], "note": "Again."}, format="json")
    assert twice.status_code == 400
    assert twice.json() == {"non_field_errors": ["that item is already done"]}


def test_a_tick_needs_its_note_and_an_item_of_this_checklist(world):
    first, second = make_leaver(world), make_leaver(world)
    clerk = _script(world, Role.CLERK)
    tick = _url(world, "leaver-tick", pk=first.pk)
    other_item = second.items.first().pk
    with assert_not_audited(world.council):
        elsewhere = clerk.post(tick, {"item": other_item, "note": "Done."}, format="json")
        bare = clerk.post(tick, {"item": first.items.first().pk, "note": " "}, format="json")
        extra = clerk.post(
            tick, {"item": first.items.first().pk, "note": "Done.", "done": True}, format="json"
        )
    assert elsewhere.status_code == 400
    assert elsewhere.json() == {"item": ["No such item on this checklist."]}
    assert bare.status_code == 400
    assert list(bare.json()) == ["note"]
    assert extra.status_code == 400
    assert extra.json() == {"done": ["Not a field of this request."]}
