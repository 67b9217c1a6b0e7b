"""Opening a finding about a named person asks for the work purpose once per finding per
session; the look is recorded as monitoring data viewed and shown on the person's own page
(C18: monitoring for work-related purposes only)."""

from __future__ import annotations

from django.urls import reverse

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Role
from councilguard.monitoring.testing import make_finding
from councilguard.privacy.testing import open_for_work
from councilguard.testing.audit import assert_audited, assert_not_audited

SUMMARY = "Visited a betting site 12 times on 3 days."


def _url(world, name, **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"council": world.council.slug, **kwargs})


def test_a_finding_is_not_shown_without_a_work_purpose(client, world):
    finding = make_finding(world, summary=SUMMARY)
    client.force_login(world.manager)
    detail = _url(world, "finding_detail", pk=finding.pk)
    with assert_not_audited(world.council):
        page = client.get(detail).content.decode()
    assert "Why are you opening this finding?" in page
    assert SUMMARY not in page
    # Nor through the review page.
    assert SUMMARY not in client.get(_url(world, "finding_review", pk=finding.pk)).content.decode()
    # No purpose chosen, or "another" purpose without saying which: refused in words.
    purpose = _url(world, "finding_purpose", pk=finding.pk)
    with assert_not_audited(world.council):
        refused = client.post(purpose, {"purpose": ""}).content.decode()
    assert "Choose the work purpose for opening this finding." in refused
    with assert_not_audited(world.council):
        refused = client.post(purpose, {"purpose": "other", "detail": " "}).content.decode()
    assert "Say what the work purpose is." in refused
    assert SUMMARY not in refused


def test_with_a_purpose_the_look_is_recorded_once_a_session_and_the_person_sees_it(client, world):
    finding = make_finding(world, summary=SUMMARY)
    client.force_login(world.manager)
    detail = _url(world, "finding_detail", pk=finding.pk)
    with assert_audited(world.council, Event.MONITORING_VIEWED):
        response = client.post(
            _url(world, "finding_purpose", pk=finding.pk),
            {"purpose": "explanation", "detail": "Supervision on Tuesday"},
        )
    assert response["Location"] == detail
    entry = AuditEntry.objects.filter(event=Event.MONITORING_VIEWED).latest("sequence")
    assert entry.target_id == str(world.people[Role.STAFF].pk)
    assert entry.summary == (
        "Finding opened. Considering the person's explanation: Supervision on Tuesday"
    )
    # Once per finding per session: opening it again records nothing more.
    with assert_not_audited(world.council):
        assert SUMMARY in client.get(detail).content.decode()
        assert SUMMARY in client.get(detail).content.decode()
    # Another finding asks again.
    other = make_finding(world, summary="Another week.")
    assert (
        "Why are you opening"
        in client.get(_url(world, "finding_detail", pk=other.pk)).content.decode()
    )
    # A new session asks again.
    client.logout()
    client.force_login(world.manager)
    assert SUMMARY not in client.get(detail).content.decode()
    open_for_work(client, finding, "case", "Grievance 2026/03")

    # The person sees who looked, when and why, on their own page.
    client.force_login(world.staff)
    own = client.get(
        reverse("policies:my_page", kwargs={"council": world.council.slug})
    ).content.decode()
    assert (
        "for this reason: Finding opened. Considering the person&#x27;s explanation: "
        "Supervision on Tuesday"
    ) in own
    assert (
        "Finding opened. A disciplinary, grievance or capability matter: Grievance 2026/03" in own
    )


def test_the_list_of_the_teams_findings_needs_no_purpose(client, world):
    make_finding(world, summary=SUMMARY)
    client.force_login(world.manager)
    with assert_not_audited(world.council):
        page = client.get(_url(world, "finding_list")).content.decode()
    assert "Staff member of Ashby" in page


def test_the_monthly_report_names_who_looked_at_what(client, world):
    finding = make_finding(world, summary=SUMMARY)
    client.force_login(world.clerk)
    open_for_work(client, finding, "review")
    month = AuditEntry.objects.filter(event=Event.MONITORING_VIEWED).get().occurred_at
    page = client.get(
        reverse("reports:monitoring", kwargs={"council": world.council.slug}),
        {"month": f"{month:%Y-%m}"},
    ).content.decode()
    assert "Finding opened. Reviewing the finding" in page
    assert world.clerk.email in page


def test_through_the_api_a_finding_opens_only_for_a_purpose_each_time(world):
    from rest_framework.test import APIClient

    from councilguard.api.services import issue_token
    from councilguard.testing.world import SETUP

    finding = make_finding(world, summary=SUMMARY)
    _, raw = issue_token(world.council, name="review script", user=world.clerk, actor=SETUP)
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = reverse(
        "api:monitoring-finding-detail", kwargs={"council": world.council.slug, "pk": finding.pk}
    )
    for query, problem in (
        ({}, "Choose the work purpose for opening this finding."),
        ({"purpose": "curiosity"}, "Choose the work purpose for opening this finding."),
        ({"purpose": "other", "detail": " "}, "Say what the work purpose is."),
    ):
        with assert_not_audited(world.council):
            refused = api.get(url, query)
        assert refused.status_code == 400
        assert refused.json() == {"purpose": [problem]}
        assert SUMMARY not in refused.content.decode()
    with assert_not_audited(world.council):
        misspelt = api.get(url, {"purpose": "review", "purpse": "review"})
    assert (misspelt.status_code, misspelt.json()) == (
        400,
        {"purpse": ["Not a parameter of this request."]},
    )
    # With a purpose: shown and recorded, every time (a script has no session to remember it).
    for _ in range(2):
        with assert_audited(world.council, Event.MONITORING_VIEWED):
            opened = api.get(url, {"purpose": "other", "detail": "Audit of the filter"})
        assert opened.status_code == 200
        assert opened.json()["summary"] == SUMMARY
    looks = AuditEntry.objects.filter(council=world.council, event=Event.MONITORING_VIEWED)
    assert [e.changes["work_purpose"] for e in looks] == [
        "Another work purpose: Audit of the filter"
    ] * 2
    assert {e.target_id for e in looks} == {str(finding.person_id)}
