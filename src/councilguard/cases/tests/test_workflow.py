"""A finding becomes a case and goes through every stage to its outcome, through the pages as
the clerk, the investigator and the subject do it, with an audit entry per step; the subject
sees what they should and no more; every look is recorded against them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.cases import services
from councilguard.cases.models import Case, Evidence, Stage
from councilguard.cases.testing import make_case, make_phone_case
from councilguard.core.roles import Role
from councilguard.monitoring.models import LegalHold
from councilguard.monitoring.testing import make_finding, make_hold
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP

pytestmark = pytest.mark.django_db


def _url(world, name, **kwargs):
    return reverse(f"cases:{name}", kwargs={"council": world.council.slug, **kwargs})


def _follow(response) -> str:
    assert response.status_code == 302, response.content.decode()[:800]
    return response["Location"]


def test_a_finding_becomes_a_case_and_goes_through_every_stage(client, world, data_dir):
    staff = world.people[Role.STAFF]
    finding = make_finding(world, staff, status="escalated", clause_reference="B 9.1.1")
    client.force_login(world.clerk)

    # Opened from the finding: the form starts with it ticked.
    page = client.get(_url(world, "case_create") + f"?finding={finding.pk}")
    assert "checked" in page.content.decode()
    with assert_audited(
        world.council, Event.CASE_OPENED, Event.LEGAL_HOLD_PLACED, Event.CASE_EVIDENCE_ADDED
    ):
        response = client.post(
            _url(world, "case_create"),
            {
                "title": "Prohibited sites on the office laptop",
                "kind": "misuse_of_it",
                "origin": "findings",
                "findings": [finding.pk],
                "allegation": "Visits to prohibited sites from a council laptop.",
                "clauses": "A Misuse",
            },
        )
    case = Case.objects.get()
    assert _follow(response) == _url(world, "case_detail", pk=case.pk)
    year = timezone.localdate().year
    assert case.reference == f"C-{year}-001"
    assert case.clauses == ["A Misuse", "B 9.1.1"]
    assert case.stage == Stage.CONCERN_RAISED
    hold = LegalHold.objects.get(person=staff)
    assert hold.released_at is None
    assert case.subjects.get().hold == hold

    with assert_audited(world.council, Event.CASE_STAGE_CHANGED):
        client.post(_url(world, "case_review", pk=case.pk), {"reason": "Looking at the finding."})
    manager_membership = world.manager.memberships.get()
    with assert_audited(world.council, Event.CASE_INVESTIGATOR_APPOINTED):
        _follow(
            client.post(
                _url(world, "case_appoint", pk=case.pk),
                {
                    "investigator": manager_membership.pk,
                    "terms": "Establish who used the laptop and when, within four weeks.",
                    "reason": "There is a case to investigate.",
                },
            )
        )
    # The investigator (the subject's own manager, appointed) now sees the case.
    client.force_login(world.manager)
    with assert_audited(world.council, Event.MONITORING_VIEWED):
        assert client.get(_url(world, "case_detail", pk=case.pk)).status_code == 200
    told_at = timezone.localtime() - dt.timedelta(minutes=5)
    with assert_audited(world.council, Event.CASE_SUBJECT_TOLD):
        _follow(
            client.post(
                _url(world, "case_tell", pk=case.pk),
                {
                    "subject": case.subjects.get().pk,
                    "how": "letter_hand",
                    "told_at": told_at.strftime("%Y-%m-%dT%H:%M"),
                    "notice": "You are told in writing that the council is investigating.",
                },
            )
        )
    with assert_audited(world.council, Event.CASE_EVIDENCE_ADDED):
        _follow(
            client.post(
                _url(world, "evidence_interview", pk=case.pk),
                {
                    "title": "Interview with a witness, 3 March",
                    "notes": "Saw the laptop left signed in at lunchtime on the Monday.",
                    # not relied on: the subject does not see it
                },
            )
        )
    with assert_audited(world.council, Event.CASE_EVIDENCE_ADDED):
        _follow(
            client.post(
                _url(world, "evidence_document", pk=case.pk),
                {
                    "title": "Sign-in log",
                    "upload": SimpleUploadedFile("sign-ins.txt", b"08:57 signed in\n"),
                    "relied_on": "on",
                },
            )
        )

    # The subject: their case, the evidence relied on, never the interview held back.
    client.force_login(world.staff)
    mine = client.get(_url(world, "mine")).content.decode()
    assert case.reference in mine
    own = client.get(_url(world, "my_case", pk=case.pk)).content.decode()
    assert "Sign-in log" in own
    assert "Finding, " in own
    assert "Interview with a witness" not in own
    assert "You are told in writing" in own
    held_back = Evidence.objects.get(kind="interview")
    assert client.get(_url(world, "my_evidence", pk=case.pk, item=held_back.pk)).status_code == 404
    assert client.get(_url(world, "case_detail", pk=case.pk)).status_code == 403
    with assert_audited(world.council, Event.CASE_ACCOUNT_GIVEN):
        _follow(
            client.post(
                _url(world, "my_case", pk=case.pk),
                {"account": "Others use that laptop at lunchtime."},
            )
        )

    client.force_login(world.manager)
    with assert_audited(world.council, Event.CASE_FINDINGS_RECORDED):
        _follow(
            client.post(
                _url(world, "case_findings", pk=case.pk),
                {"findings": "The visits were made while the laptop was left signed in."},
            )
        )
    # The outcome is the clerk's, not the investigator's.
    assert client.get(_url(world, "case_outcome", pk=case.pk)).status_code == 403
    client.force_login(world.clerk)
    with assert_audited(world.council, Event.CASE_OUTCOME_RECORDED):
        _follow(
            client.post(
                _url(world, "case_outcome", pk=case.pk),
                {"outcome": "no_case", "reason": "Others could use the signed-in laptop."},
            )
        )
    with assert_audited(world.council, Event.CASE_CLOSED):
        _follow(client.post(_url(world, "case_close", pk=case.pk), {"reason": "Outcome told."}))
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED
    assert case.outcome == "no_case"
    assert list(case.steps.values_list("stage", flat=True)) == [
        "concern_raised",
        "preliminary_review",
        "formal_investigation",
        "findings",
        "outcome",
        "closed",
    ]
    assert all(step.by_label and step.reason for step in case.steps.all())
    detail = client.get(_url(world, "case_detail", pk=case.pk)).content.decode()
    assert "Timeline" in detail
    assert "gave their account" in detail
    # Closed: the record no longer changes.
    response = client.post(
        _url(world, "evidence_interview", pk=case.pk),
        {"title": "Late notes", "notes": "Something remembered afterwards, too late."},
    )
    assert "is closed: its record no longer changes" in response.content.decode()
    # Every look at the case was recorded against the subject, with its purpose.
    viewed = AuditEntry.objects.filter(
        council=world.council, event=Event.MONITORING_VIEWED, target_id=str(staff.pk)
    )
    assert viewed.filter(summary=f"Working on case {case.reference}: the case record").exists()
    client.force_login(world.staff)
    my_page = client.get(reverse("policies:my_page", kwargs={"council": world.council.slug}))
    assert f"Working on case {case.reference}: the case record" in my_page.content.decode()


def test_nobody_else_sees_a_case_whatever_their_role(client, world):
    case = make_case(world, "formal_investigation")  # investigator: the manager
    url = _url(world, "case_detail", pk=case.pk)
    expected = {
        Role.CLERK: 200,
        Role.DP_LEAD: 200,
        Role.MANAGER: 200,
        Role.STAFF: 403,  # the subject
        Role.IT_PROVIDER: 403,
        Role.COMMITTEE: 403,
        Role.COUNCILLOR: 403,
    }
    for role, status in expected.items():
        client.force_login(world.users[role])
        assert client.get(url).status_code == status, role
    # The list shows the investigator only the cases they were appointed to.
    client.force_login(world.committee)
    assert case.reference not in client.get(_url(world, "case_list")).content.decode()
    client.force_login(world.manager)
    assert case.reference in client.get(_url(world, "case_list")).content.decode()


def test_the_clerk_who_is_the_subject_does_not_see_their_own_case(client, world):
    case = make_case(world, person=world.people[Role.CLERK])
    client.force_login(world.clerk)
    assert client.get(_url(world, "case_detail", pk=case.pk)).status_code == 403
    assert case.reference not in client.get(_url(world, "case_list")).content.decode()
    client.force_login(world.dp_lead)
    assert client.get(_url(world, "case_detail", pk=case.pk)).status_code == 200


def test_the_investigator_is_neither_the_subject_nor_managed_by_them(world):
    # The staff member is managed by the manager: a case about the manager cannot be
    # investigated by the staff member, nor by the manager themselves.
    case = make_case(world, "preliminary_review", person=world.people[Role.MANAGER])
    staff = world.staff.memberships.get()
    manager = world.manager.memberships.get()
    terms = "Establish who used the laptop and when, within four weeks."
    with pytest.raises(services.CaseError, match="cannot be managed by a person the case is about"):
        services.appoint_investigator(case, staff, terms=terms, reason="Needed now", actor=SETUP)
    with pytest.raises(services.CaseError, match="cannot be a person the case is about"):
        services.appoint_investigator(case, manager, terms=terms, reason="Needed now", actor=SETUP)
    clerk = world.clerk.memberships.get()
    services.appoint_investigator(case, clerk, terms=terms, reason="Needed now", actor=SETUP)
    assert Case.objects.get(pk=case.pk).stage == Stage.FORMAL_INVESTIGATION


def test_findings_wait_until_every_subject_is_told_in_writing(world):
    case = make_case(world, "preliminary_review")
    services.appoint_investigator(
        case,
        world.manager.memberships.get(),
        terms="Establish who used the laptop and when, within four weeks.",
        reason="There is a case.",
        actor=SETUP,
    )
    with pytest.raises(services.CaseError, match="before recording findings"):
        services.record_findings(case, findings="x" * 30, actor=SETUP)


def test_only_no_case_to_answer_may_follow_the_preliminary_review(world):
    case = make_case(world, "preliminary_review")
    with pytest.raises(services.CaseError, match="needs a formal investigation first"):
        services.record_outcome(
            case, outcome="hearing", reason="Straight to a hearing", actor=SETUP
        )
    services.record_outcome(case, outcome="no_case", reason="Nothing to investigate", actor=SETUP)


def test_references_count_on_within_the_year(world):
    first = services.open_case(world.council, _new(world), actor=SETUP, at=_at(2026, 1, 5))
    second = services.open_case(world.council, _new(world), actor=SETUP, at=_at(2026, 12, 31))
    third = services.open_case(world.council, _new(world), actor=SETUP, at=_at(2027, 1, 2))
    assert [first.reference, second.reference, third.reference] == [
        "C-2026-001",
        "C-2026-002",
        "C-2027-001",
    ]


def _at(year, month, day):
    return dt.datetime(year, month, day, 12, tzinfo=dt.UTC)


def _new(world):
    return services.NewCase(
        title="A complaint from a resident",
        kind="social_media",
        origin="complaint",
        allegation="A post on a personal account named a resident.",
        clauses=["A Social Media"],
        subjects=[world.people[Role.STAFF]],
    )


def test_an_existing_hold_is_shared_and_the_appeal_period_ends_it(world):
    staff = world.people[Role.STAFF]
    hold = make_hold(world)
    case = make_case(world, "outcome")
    assert case.subjects.get().hold == hold
    assert LegalHold.objects.filter(person=staff).count() == 1
    services.close_case(case, reason="The outcome was told.", actor=SETUP)
    closed = Case.objects.get(pk=case.pk).closed_at
    # Default appeal period: 28 days. At 27 days 23:59 it is held; at 28 days it is released.
    assert services.settings_for(world.council).appeal_days == 28
    just_before = closed + dt.timedelta(days=28) - dt.timedelta(seconds=1)
    assert services.release_expired_holds(world.council, now=just_before, actor=SETUP) == []
    with assert_audited(world.council, Event.LEGAL_HOLD_RELEASED):
        released = services.release_expired_holds(
            world.council, now=closed + dt.timedelta(days=28), actor=SETUP
        )
    assert [h.pk for h in released] == [hold.pk]
    assert LegalHold.objects.get(pk=hold.pk).released_at is not None


def test_a_hold_shared_by_an_open_case_is_kept(world):
    first = make_case(world, "outcome")
    second = make_case(world)  # same subject, still open
    assert first.subjects.get().hold == second.subjects.get().hold
    services.close_case(first, reason="The outcome was told.", actor=SETUP)
    later = timezone.now() + dt.timedelta(days=400)
    assert services.release_expired_holds(world.council, now=later, actor=SETUP) == []


def test_raw_events_are_copied_into_the_case_with_their_fingerprint(world, data_dir):
    case = make_phone_case(world)
    finding = case.findings.get()
    with assert_audited(world.council, Event.MONITORING_VIEWED, Event.CASE_EVIDENCE_ADDED):
        item = services.take_extract(
            case, finding, purpose="To check the calls made that month.", actor=SETUP
        )
    import hashlib

    assert item.kind == "extract"
    assert item.sha256 == hashlib.sha256(bytes(item.content)).hexdigest()
    assert item.purpose == "To check the calls made that month."
    assert item.content_type == "text/csv"
    assert bytes(item.content).count(b"\n") >= 2  # a header and at least one line
    viewed = AuditEntry.objects.filter(event=Event.MONITORING_VIEWED).latest("sequence")
    assert viewed.summary == f"Case {case.reference}: To check the calls made that month."
