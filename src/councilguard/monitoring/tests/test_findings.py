"""Reviewing findings proportionately (C18, DESIGN 9): summaries first, managers see their own
team, reviews are guarded and recorded, the person explains, raw events only on purpose."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Role
from councilguard.monitoring import rules
from councilguard.monitoring.models import Finding, FindingStatus
from councilguard.monitoring.services import (
    MonitoringError,
    dismiss_finding,
    escalate_finding,
    explain_finding,
    findings_for,
    note_finding,
    open_raw_events,
)
from councilguard.monitoring.testing import make_finding
from councilguard.policies.services import acknowledge
from councilguard.privacy.testing import open_for_work
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.policies import make_policy


def _url(world, name, **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"council": world.council.slug, **kwargs})


def _as(world, role: Role) -> Actor:
    return Actor.for_user(world.users[role])


def test_the_summaries_count_the_whole_filtered_set_not_the_page(client, world):
    staff, councillor = world.people[Role.STAFF], world.people[Role.COUNCILLOR]
    start = dt.date(2024, 1, 1)
    for week in range(55):  # more than one page of 50
        make_finding(world, staff, start=start + dt.timedelta(days=7 * week))
    make_finding(world, staff, rule_kind=rules.SOCIAL_IN_HOURS, severity="low", status="noted")
    make_finding(world, councillor, rule_kind=rules.SOCIAL_IN_HOURS, status="dismissed")
    client.force_login(world.clerk)
    response = client.get(_url(world, "finding_list"))
    context = response.context
    assert [(s["status"], s["count"]) for s in context["by_status"]] == [
        ("To review", 55),
        ("Noted", 1),
        ("Dismissed", 1),
        ("Escalated", 0),
        ("Withdrawn by a later analysis", 0),
    ]
    assert context["by_rule"] == [
        {"rule_kind": rules.PROHIBITED, "total": 55, "open": 55, "high": 55},
        {"rule_kind": rules.SOCIAL_IN_HOURS, "total": 2, "open": 0, "high": 1},
    ]
    assert context["page_obj"].paginator.count == 57
    assert len(context["rows"]) == 50
    assert "57 findings" in response.content.decode()
    last = client.get(_url(world, "finding_list"), {"page": 2}).context
    assert len(last["rows"]) == 7
    # Filtered: the summaries follow the filter.
    noted = client.get(_url(world, "finding_list"), {"rule_kind": rules.SOCIAL_IN_HOURS}).context
    assert [s["count"] for s in noted["by_status"]] == [0, 1, 1, 0, 0]
    assert noted["page_obj"].paginator.count == 2


def test_the_list_gives_summaries_first_and_filters(client, world):
    staff, councillor = world.people[Role.STAFF], world.people[Role.COUNCILLOR]
    make_finding(world, staff, start=dt.date(2026, 2, 2), summary="Staff visited a gambling site.")
    make_finding(world, councillor, rule_kind=rules.SOCIAL_IN_HOURS, severity="low", status="noted")
    make_finding(world, councillor, rule_kind=rules.SOCIAL_IN_HOURS, start=dt.date(2026, 3, 2))
    client.force_login(world.clerk)
    page = client.get(_url(world, "finding_list")).content.decode()
    assert page.index('id="by-status"') < page.index('id="findings"')
    assert "3 findings" in page and "Social media in working hours" in page
    assert ">2</a>" in page  # two to review

    filtered = client.get(_url(world, "finding_list"), {"rule_kind": rules.SOCIAL_IN_HOURS})
    assert "2 findings" in filtered.content.decode()
    by_status = client.get(_url(world, "finding_list"), {"status": "noted"}).content.decode()
    assert "1 finding<" in by_status
    by_person = client.get(_url(world, "finding_list"), {"person": staff.pk}).content.decode()
    assert "Staff visited a gambling site." in by_person and "1 finding<" in by_person
    period = {"start": "2026-02-01", "end": "2026-02-28"}
    by_period = client.get(_url(world, "finding_list"), period).content.decode()
    assert "Staff visited a gambling site." in by_period and "1 finding<" in by_period


def test_the_list_takes_the_same_queries_however_many_findings(client, world):
    make_policy(world)
    client.force_login(world.clerk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(world, "finding_list")).status_code == 200
        return len(captured)

    make_finding(world)
    queries()
    few = queries()
    for role in (Role.STAFF, Role.COUNCILLOR, Role.COMMITTEE, Role.MANAGER):
        for _ in range(5):
            make_finding(world, world.people[role])
    assert queries() == few


def test_a_manager_sees_only_their_teams_findings(client, world):
    about_staff = make_finding(world, world.people[Role.STAFF], summary="About the team member.")
    about_councillor = make_finding(world, world.people[Role.COUNCILLOR], summary="Not the team.")
    about_manager = make_finding(world, world.people[Role.MANAGER], summary="About the manager.")
    client.force_login(world.manager)
    page = client.get(_url(world, "finding_list")).content.decode()
    assert "About the team member." in page
    assert "Not the team." not in page and "About the manager." not in page
    assert client.get(_url(world, "finding_detail", pk=about_councillor.pk)).status_code == 404
    assert client.get(_url(world, "finding_detail", pk=about_manager.pk)).status_code == 404
    with assert_not_audited(world.council):
        response = client.post(
            _url(world, "finding_review", pk=about_councillor.pk),
            {"decision": "dismissed", "reason": "Not my team but trying anyway."},
        )
    assert response.status_code == 404
    assert client.get(_url(world, "finding_detail", pk=about_staff.pk)).status_code == 200
    # The clerk reviews everyone's, but not their own; the IT provider reviews nobody's.
    clerk_seen = set(findings_for(world.clerk.memberships.get()).values_list("pk", flat=True))
    assert clerk_seen == {about_staff.pk, about_councillor.pk, about_manager.pk}
    client.force_login(world.it_provider)
    assert client.get(_url(world, "finding_list")).status_code == 403


def test_a_review_moves_through_the_allowed_states_and_is_recorded(client, world):
    finding = make_finding(world)
    client.force_login(world.manager)
    open_for_work(client, finding)
    url = _url(world, "finding_review", pk=finding.pk)
    # Dismissing or escalating needs a reason.
    with assert_not_audited(world.council):
        response = client.post(url, {"decision": "dismissed", "reason": " "})
    assert "Say why" in response.content.decode()
    with assert_audited(world.council, Event.FINDING_NOTED):
        response = client.post(url, {"decision": "noted", "reason": ""})
    assert response["Location"] == _url(world, "finding_detail", pk=finding.pk)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.NOTED
    assert finding.reviewed_by_label == world.manager.email
    with assert_audited(world.council, Event.FINDING_ESCALATED):
        client.post(url, {"decision": "escalated", "reason": "Third time this quarter."})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.ESCALATED
    assert "escalated: Third time this quarter." in finding.review_note
    entry = AuditEntry.objects.filter(council=world.council).latest("sequence")
    assert entry.changes["status"] == ["noted", "escalated"]
    assert entry.summary == "Third time this quarter."
    # Escalated is final here.
    with assert_not_audited(world.council):
        response = client.post(url, {"decision": "dismissed", "reason": "Changed my mind."})
    assert "cannot be dismissed now" in response.content.decode()
    assert (
        "Record the review"
        not in client.get(_url(world, "finding_detail", pk=finding.pk)).content.decode()
    )


def test_review_services_guard_their_transitions(world):
    finding = make_finding(world)
    clerk = _as(world, Role.CLERK)
    with pytest.raises(MonitoringError, match="reason"):
        dismiss_finding(finding, reason="", actor=clerk)
    with pytest.raises(MonitoringError, match="reason"):
        escalate_finding(finding, reason="no", actor=clerk)
    with assert_audited(world.council, Event.FINDING_DISMISSED):
        dismiss_finding(finding, reason="A work reason: the clerk asked.", actor=clerk)
    with pytest.raises(MonitoringError, match="dismissed; it cannot be noted"):
        note_finding(finding, actor=clerk)
    # Nobody reviews a finding about themselves.
    own = make_finding(world, world.people[Role.CLERK])
    with pytest.raises(MonitoringError, match="reviewed by someone else"):
        note_finding(own, actor=clerk)


def test_the_person_sees_their_findings_and_explains_them(client, world):
    finding = make_finding(world, summary="Visited a betting site 4 times.")
    other = make_finding(world, world.people[Role.COUNCILLOR], summary="Someone else's.")
    client.force_login(world.staff)
    page = client.get(_url(world, "mine")).content.decode()
    assert "Visited a betting site 4 times." in page and "Someone else's." not in page
    with assert_audited(world.council, Event.FINDING_EXPLAINED):
        response = client.post(
            _url(world, "explain"),
            {"finding": finding.pk, "explanation": "A councillor sent me the link to check."},
        )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.explanation == "A councillor sent me the link to check."
    # Someone else's finding is not a choice.
    with assert_not_audited(world.council):
        client.post(_url(world, "explain"), {"finding": other.pk, "explanation": "Not mine."})
    other.refresh_from_db()
    assert other.explanation == ""
    # The reviewer reads it on the finding.
    client.force_login(world.clerk)
    open_for_work(client, finding)
    detail = client.get(_url(world, "finding_detail", pk=finding.pk)).content.decode()
    assert "A councillor sent me the link to check." in detail
    with pytest.raises(MonitoringError, match="only the person"):
        explain_finding(finding, "I explain for them.", actor=_as(world, Role.CLERK))


def test_the_detail_warns_when_the_person_has_not_acknowledged_the_policy(client, world):
    setup = make_policy(world)
    unaware = make_finding(world, world.people[Role.STAFF])
    aware = make_finding(world, world.people[Role.COUNCILLOR])
    acknowledge(setup.in_force, world.people[Role.COUNCILLOR], actor=_as(world, Role.COUNCILLOR))
    client.force_login(world.clerk)
    open_for_work(client, unaware)
    open_for_work(client, aware)
    page = client.get(_url(world, "finding_detail", pk=unaware.pk)).content.decode()
    assert 'id="not-acknowledged"' in page and "Computers and Phones 1.0" in page
    page = client.get(_url(world, "finding_detail", pk=aware.pk)).content.decode()
    assert 'id="not-acknowledged"' not in page
    listing = client.get(_url(world, "finding_list")).content.decode()
    assert listing.count("Has not acknowledged the policy") == 1


def test_the_detail_gives_the_explanation_clause_period_and_evidence(client, world):
    setup = make_policy(world)
    finding = make_finding(world, clause_reference="B 1.2", start=dt.date(2026, 2, 2), days=7)
    client.force_login(world.dp_lead)
    open_for_work(client, finding)
    page = client.get(_url(world, "finding_detail", pk=finding.pk)).content.decode()
    assert escape(finding.summary) in page
    assert "B 1.2 (v1.0)" in page
    assert (
        reverse(
            "policies:clause_detail", kwargs={"council": world.council.slug, "pk": setup.clause.pk}
        )
        in page
    )
    assert "2 February 2026 to 8 February 2026" in page
    assert "Requests: 12" in page and "Sites: example.test" in page
    assert _url(world, "finding_events", pk=finding.pk) in page
    # Managers are not offered raw events.
    client.force_login(world.manager)
    open_for_work(client, finding)
    page = client.get(_url(world, "finding_detail", pk=finding.pk)).content.decode()
    assert _url(world, "finding_events", pk=finding.pk) not in page
    assert client.get(_url(world, "finding_events", pk=finding.pk)).status_code == 403


def test_raw_events_need_a_purpose_every_time_and_are_never_cached(client, world):
    finding = make_finding(world)
    client.force_login(world.clerk)
    url = _url(world, "finding_events", pk=finding.pk)
    asked = client.get(url)
    assert "Why do you need to see the events?" in asked.content.decode()
    assert 'id="events"' not in asked.content.decode()
    assert "no-store" in asked["Cache-Control"]
    with assert_not_audited(world.council):
        refused = client.post(url, {"purpose": ""})
        assert "Say why you need to see the events" in refused.content.decode()
        refused = client.post(url, {"purpose": "ok"})
        assert "give the purpose in a few words" in refused.content.decode()
    assert 'id="events"' not in refused.content.decode()
    assert "no-store" in refused["Cache-Control"]
    with pytest.raises(MonitoringError, match="purpose"):
        open_raw_events(finding, purpose="   ", actor=_as(world, Role.CLERK))
    # Nobody opens the events behind a finding about themselves.
    own = make_finding(world, world.people[Role.CLERK])
    with assert_not_audited(world.council), pytest.raises(MonitoringError, match="about you"):
        open_raw_events(own, purpose="Curious about my own.", actor=_as(world, Role.CLERK))


def test_findings_of_another_council_stay_there(client, world, other_world):
    theirs = make_finding(other_world)
    client.force_login(world.clerk)
    assert client.get(_url(world, "finding_detail", pk=theirs.pk)).status_code == 404
    client.force_login(world.staff)
    client.post(_url(world, "explain"), {"finding": theirs.pk, "explanation": "Mine?"})
    assert Finding.objects.get(pk=theirs.pk).explanation == ""


def test_the_filtered_list_downloads_as_csv_and_the_download_is_recorded(client, world):
    make_finding(world, world.people[Role.STAFF], summary="=HYPERLINK(1) in a summary")
    make_finding(world, world.people[Role.COUNCILLOR], summary="Not the team's.")
    client.force_login(world.manager)
    with assert_audited(world.council, Event.FINDINGS_EXPORTED):
        response = client.get(_url(world, "finding_export"), {"status": "open"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["ID", "Person", "Source", "Rule"]
    assert len(rows) == 2 and rows[1][1] == "Staff member of Ashby"
    assert rows[1][9] == "'=HYPERLINK(1) in a summary"  # formulas are guarded


def test_the_filters_work_after_the_api_schema_was_built(client, world):
    # Building the schema builds the filter fields of the class; the page's choices are its own.
    client.force_login(world.clerk)
    assert client.get(reverse("api-schema")).status_code == 200
    make_finding(world, world.people[Role.STAFF], rule_kind=rules.SOCIAL_IN_HOURS)
    make_finding(world, world.people[Role.COUNCILLOR])
    page = client.get(_url(world, "finding_list"), {"rule_kind": rules.SOCIAL_IN_HOURS})
    assert "1 finding<" in page.content.decode()
    page = client.get(_url(world, "finding_list"), {"person": world.people[Role.COUNCILLOR].pk})
    assert "1 finding<" in page.content.decode()
