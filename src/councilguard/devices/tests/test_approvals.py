"""Approvals (C9): the two-approver software rule, refusals with reasons, a recording that
needs everyone present, CCTV aims from the council's list, and the catalogue that results."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.devices.approvals import (
    ApprovalError,
    InvalidTransition,
    add_cctv_aim,
    decide,
    record_consent,
    record_virus_check,
    request_approval,
    retire_cctv_aim,
    withdraw,
)
from councilguard.devices.models import (
    ApprovalRequest,
    ApprovalStatus,
    CatalogueEntry,
    CctvAim,
    RecordingConsent,
)
from councilguard.devices.testing import make_software_request
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.world import SETUP

SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def _url(world, name, **kwargs):
    return reverse(f"devices:{name}", kwargs={"council": world.council.slug, **kwargs})


def _as(world, role):
    return Actor.for_user(world.users[role])


def test_software_needs_a_clean_virus_check_then_the_it_provider_and_a_senior_manager(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    form = {
        "summary": "Inkscape for the newsletter",
        "reason": "Drawing the allotment map.",
        "software_name": "Inkscape",
        "publisher": "Inkscape Project",
        "version": "1.3.2",
        "source_url": "https://inkscape.org/release/1.3.2/",
    }
    with assert_audited(world.council, Event.APPROVAL_REQUESTED):
        response = client.post(_url(world, "approval_create", kind="software"), form)
    assert response["Location"] == _url(world, "my_approvals")
    item = ApprovalRequest.objects.get()
    assert (item.requester, item.status) == (world.people["staff"], ApprovalStatus.PENDING)

    # No approval before the virus check.
    client.force_login(world.it_provider)
    with assert_not_audited(world.council):
        client.post(_url(world, "approval_decide", pk=item.pk), {"decision": "approve"})
    assert not item.decisions.exists()
    with assert_audited(world.council, Event.APPROVAL_VIRUS_CHECKED):
        client.post(
            _url(world, "approval_virus", pk=item.pk),
            {"sha256": SHA.upper(), "scanner": "Microsoft Defender", "result": "clean"},
        )
    item.refresh_from_db()
    assert (item.file_sha256, item.scan_result) == (SHA, "clean")

    # One of two: still pending, and the IT provider cannot approve a second time.
    with assert_audited(world.council, Event.APPROVAL_DECISION):
        client.post(_url(world, "approval_decide", pk=item.pk), {"decision": "approve"})
    item.refresh_from_db()
    assert item.status == ApprovalStatus.PENDING
    assert b"Your decision" not in client.get(_url(world, "approval_detail", pk=item.pk)).content
    with assert_not_audited(world.council):
        client.post(_url(world, "approval_decide", pk=item.pk), {"decision": "approve"})

    # The senior manager's approval completes it; the requester is told after commit.
    client.force_login(world.manager)
    with (
        django_capture_on_commit_callbacks(execute=True),
        assert_audited(
            world.council, Event.APPROVAL_DECISION, Event.APPROVAL_GRANTED, Event.CATALOGUE_CHANGED
        ),
    ):
        client.post(_url(world, "approval_decide", pk=item.pk), {"decision": "approve"})
    item.refresh_from_db()
    assert item.status == ApprovalStatus.APPROVED
    assert sorted(item.decisions.values_list("capacity", flat=True)) == [
        "it_provider",
        "senior_manager",
    ]
    assert mail.outbox[-1].to == ["staff@ashby.example"]
    assert "approved" in mail.outbox[-1].subject
    entry = CatalogueEntry.objects.get()
    assert (entry.name, entry.publisher, entry.versions, entry.approval) == (
        "Inkscape",
        "Inkscape Project",
        "1.3.2",
        item,
    )
    # Decided is decided.
    with pytest.raises(InvalidTransition):
        decide(item, approve=False, note="late", role="clerk", actor=_as(world, "clerk"))


def test_the_two_software_approvals_must_come_from_two_people(world):
    item = make_software_request(world)
    record_virus_check(
        item, sha256=SHA, scanner="ClamAV", result="clean", role="it_provider", actor=SETUP
    )
    clerk = _as(world, "clerk")
    decide(item, approve=True, note="", role="clerk", actor=clerk)
    # The same person cannot fill the IT provider's place, whatever role they claim.
    with pytest.raises(ApprovalError, match="different person"):
        decide(item, approve=True, note="", role="it_provider", actor=clerk)
    # Nor can the requester approve their own request.
    own = make_software_request(world, role="it_provider")
    with pytest.raises(ApprovalError, match="your own"):
        decide(own, approve=True, note="", role="it_provider", actor=_as(world, "it_provider"))


def test_an_infected_installer_cannot_be_approved_and_a_refusal_needs_a_reason(
    world, django_capture_on_commit_callbacks
):
    item = make_software_request(world)
    record_virus_check(
        item, sha256=SHA, scanner="ClamAV", result="infected", role="it_provider", actor=SETUP
    )
    it = _as(world, "it_provider")
    with pytest.raises(ApprovalError, match="clean virus check"):
        decide(item, approve=True, note="", role="it_provider", actor=it)
    with pytest.raises(ApprovalError, match="reason"):
        decide(item, approve=False, note=" ", role="it_provider", actor=it)
    with (
        django_capture_on_commit_callbacks(execute=True),
        assert_audited(world.council, Event.APPROVAL_DECISION, Event.APPROVAL_REFUSED),
    ):
        decide(
            item,
            approve=False,
            note="The installer carries a trojan.",
            role="it_provider",
            actor=it,
        )
    item.refresh_from_db()
    assert (item.status, item.refusal_reason) == ("refused", "The installer carries a trojan.")
    assert "trojan" in mail.outbox[-1].body
    assert not CatalogueEntry.objects.exists()


def test_a_recording_is_approved_only_when_everyone_present_agrees(client, world):
    present = [world.people["councillor"], world.people["staff"], "Mrs J. Resident"]
    item = request_approval(
        world.people["clerk"],
        "recording",
        summary="Record the grievance hearing",
        reason="An accurate note.",
        details={"meeting": "Staffing committee", "meeting_on": date(2026, 4, 1)},
        attendees=present,
        actor=SETUP,
    )
    assert sorted(item.consents.values_list("name", flat=True)) == [
        "Councillor of Ashby",
        "Mrs J. Resident",
        "Staff member of Ashby",
    ]
    # The councillor answers on their own page; the clerk records the others' answers.
    client.force_login(world.councillor)
    assert b"Do you agree?" in client.get(_url(world, "my_approvals")).content
    mine = item.consents.get(person=world.people["councillor"])
    with assert_audited(world.council, Event.APPROVAL_CONSENT):
        client.post(_url(world, "my_consent"), {"consent": mine.pk, "agreed": "yes"})
    # Someone else's answer is not theirs to give.
    resident = item.consents.get(name="Mrs J. Resident")
    with assert_not_audited(world.council):
        client.post(_url(world, "my_consent"), {"consent": resident.pk, "agreed": "yes"})
    client.force_login(world.clerk)
    client.post(
        _url(world, "approval_consent", pk=item.pk), {"consent": resident.pk, "agreed": "yes"}
    )
    item.refresh_from_db()
    assert item.status == ApprovalStatus.PENDING
    staff = item.consents.get(person=world.people["staff"])
    with assert_audited(world.council, Event.APPROVAL_CONSENT, Event.APPROVAL_GRANTED):
        record_consent(staff, agreed=True, actor=SETUP)
    item.refresh_from_db()
    assert item.status == ApprovalStatus.APPROVED

    # One "no" refuses it, naming who.
    other = request_approval(
        world.people["clerk"],
        "recording",
        summary="Record the briefing",
        reason="Notes.",
        details={"meeting": "Briefing", "meeting_on": date(2026, 4, 2)},
        attendees=present,
        actor=SETUP,
    )
    no = other.consents.get(name="Mrs J. Resident")
    record_consent(no, agreed=False, actor=SETUP)
    other.refresh_from_db()
    assert (other.status, other.refusal_reason) == (
        "refused",
        "Mrs J. Resident did not agree to the recording",
    )
    with pytest.raises(InvalidTransition):
        record_consent(other.consents.get(person=world.people["staff"]), agreed=True, actor=SETUP)
    assert RecordingConsent.objects.filter(request=other, agreed__isnull=True).count() == 2


def test_cctv_footage_is_viewed_only_for_an_aim_on_the_clerks_list(client, world):
    client.force_login(world.clerk)
    with assert_audited(world.council, Event.CCTV_AIM_CHANGED):
        client.post(_url(world, "cctv_aims"), {"text": "Prevention and detection of crime"})
    aim = CctvAim.objects.get()
    with pytest.raises(ApprovalError, match="cctv aim is needed"):
        request_approval(
            world.people["staff"],
            "cctv_viewing",
            summary="Car park footage",
            reason="A car was damaged.",
            details={"footage": "Car park camera, 3 March 14:00-15:00"},
            actor=SETUP,
        )
    item = request_approval(
        world.people["staff"],
        "cctv_viewing",
        summary="Car park footage",
        reason="A car was damaged.",
        details={"cctv_aim": aim, "footage": "Car park camera, 3 March 14:00-15:00"},
        actor=SETUP,
    )
    # Only the clerk decides CCTV viewing.
    with pytest.raises(ApprovalError, match="do not decide"):
        decide(item, approve=True, note="", role="manager", actor=_as(world, "manager"))
    decide(item, approve=True, note="", role="clerk", actor=_as(world, "clerk"))
    item.refresh_from_db()
    assert item.status == "approved" and item.cctv_aim == aim
    # An aim taken off the list can no longer be chosen.
    retire_cctv_aim(aim, actor=SETUP)
    with pytest.raises(ApprovalError, match="legitimate aims"):
        request_approval(
            world.people["staff"],
            "cctv_viewing",
            summary="Again",
            reason="Again.",
            details={"cctv_aim": aim, "footage": "x"},
            actor=SETUP,
        )
    assert add_cctv_aim(world.council, "Prevention and detection of crime", actor=SETUP) == aim


def test_the_requester_withdraws_and_the_clerk_decides_links_and_domains(client, world):
    client.force_login(world.councillor)
    client.post(
        _url(world, "approval_create", kind="domain"),
        {
            "summary": "ashby-fete.org.uk",
            "reason": "For the fete.",
            "name_to_register": "ashby-fete.org.uk",
        },
    )
    item = ApprovalRequest.objects.get(kind="domain")
    with assert_audited(world.council, Event.APPROVAL_WITHDRAWN):
        client.post(_url(world, "approval_withdraw"), {"item": item.pk})
    item.refresh_from_db()
    assert item.status == ApprovalStatus.WITHDRAWN
    with pytest.raises(InvalidTransition):
        withdraw(item, actor=SETUP)
    link = request_approval(
        world.people["councillor"],
        "website_link",
        summary="Link to the bus timetable",
        reason="Residents ask.",
        details={"url": "https://buses.example.org/"},
        actor=SETUP,
    )
    with pytest.raises(ApprovalError, match="do not decide"):
        decide(link, approve=True, note="", role="it_provider", actor=_as(world, "it_provider"))
    decide(link, approve=True, note="", role="clerk", actor=_as(world, "clerk"))
    link.refresh_from_db()
    assert link.status == "approved"
    with pytest.raises(ApprovalError, match="web address"):
        request_approval(
            world.people["councillor"],
            "website_link",
            summary="x",
            reason="x",
            details={"url": "javascript:alert(1)"},
            actor=SETUP,
        )


def test_the_approvals_list_costs_the_same_queries_for_one_request_or_many(client, world):
    client.force_login(world.clerk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(world, "approval_list")).status_code == 200
        return len(captured)

    first = make_software_request(world)
    record_virus_check(
        first, sha256=SHA, scanner="ClamAV", result="clean", role="it_provider", actor=SETUP
    )
    decide(first, approve=True, note="", role="it_provider", actor=_as(world, "it_provider"))
    queries()
    one = queries()
    for _ in range(10):
        make_software_request(world)
    assert queries() == one


def test_every_kind_of_request_has_its_approvers_in_the_roles_module():
    from councilguard.core.roles import APPROVERS
    from councilguard.devices.approvals import KIND_FIELDS
    from councilguard.devices.models import ApprovalKind

    assert set(APPROVERS) == set(ApprovalKind.values) == set(KIND_FIELDS)
    # Software is the only kind with two approvers, and they are different roles.
    assert {k for k, capacities in APPROVERS.items() if len(capacities) > 1} == {"software"}
    assert not APPROVERS["software"]["it_provider"] & APPROVERS["software"]["senior_manager"]


def test_a_new_request_is_mailed_to_those_who_decide_it(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_software_request(world)
    [software] = mail.outbox
    # The IT provider checks and approves; the clerk, the deputy clerk and a manager may approve
    # as senior manager.
    assert sorted(software.to) == [
        "clerk@ashby.example",
        "deputy_clerk@ashby.example",
        "it_provider@ashby.example",
        "manager@ashby.example",
    ]
    assert "waiting for your decision" in software.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_approval(
            world.people["clerk"],
            "recording",
            summary="Record the grievance hearing",
            reason="An accurate note.",
            details={"meeting": "Staffing committee", "meeting_on": date(2026, 4, 1)},
            attendees=[world.people["councillor"], world.people["staff"], "Mrs J. Resident"],
            actor=SETUP,
        )
    [recording] = mail.outbox
    # Those present who have an address here; the resident's answer is recorded by the clerk.
    assert sorted(recording.to) == ["councillor@ashby.example", "staff@ashby.example"]
    assert "everyone's agreement" in recording.body
