"""The security incident register (C16): anyone reports, the clerk is told at once, the clerk and
data protection lead record actions, the ICO decision for a personal-data breach within 72
hours, and the outcome; repeated failed sign-ins open an incident by themselves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.incidents.models import (
    BreachDecision,
    FailedSignIn,
    IncidentKind,
    IncidentSource,
    SecurityIncident,
)
from councilguard.incidents.services import (
    IncidentError,
    change_settings,
    close_incident,
    record_lost_device,
)
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.vault import make_incident
from councilguard.testing.world import SETUP


def _url(world, name, **kwargs):
    return reverse(name, kwargs={"council": world.council.slug, **kwargs})


REPORT = {
    "kind": "lost_device",
    "title": "Phone left on the bus",
    "description": "My work phone was left on the number 7 bus this morning.",
}


def test_anyone_reports_an_incident_and_the_clerk_is_told_at_once(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    with (
        assert_audited(world.council, Event.INCIDENT_OPENED),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(_url(world, "incidents:incident_report"), REPORT)
    assert response["Location"] == _url(world, "core:home")
    incident = SecurityIncident.objects.get()
    assert (incident.kind, incident.reported_by) == (IncidentKind.LOST_DEVICE, world.staff)
    assert incident.reported_by_label == world.staff.email
    assert mail.outbox[0].to == ["clerk@ashby.example", "deputy_clerk@ashby.example"]
    assert incident.reference in mail.outbox[0].subject
    # Staff report; they do not read the register.
    assert client.get(_url(world, "incidents:incident_list")).status_code == 403


def test_a_report_without_a_description_is_refused(client, world):
    client.force_login(world.staff)
    with assert_not_audited(world.council):
        response = client.post(
            _url(world, "incidents:incident_report"), {**REPORT, "description": ""}
        )
    assert "Describe what happened" in response.content.decode()


def test_what_people_type_is_escaped_where_it_is_shown(client, world):
    nasty = "<img src=x onerror=alert(1)>"
    client.force_login(world.dp_lead)
    client.post(
        _url(world, "incidents:incident_report"),
        {**REPORT, "title": nasty, "description": nasty, "affected_data": nasty},
    )
    incident = SecurityIncident.objects.get()
    for name, kwargs in (
        ("incidents:incident_detail", {"pk": incident.pk}),
        ("incidents:incident_list", {}),
    ):
        page = client.get(_url(world, name, **kwargs)).content.decode()
        assert nasty not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_personal_data_breach_shows_its_72_hour_clock_and_the_decision(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.dp_lead)
    # Fifty real hours, even across the night the clocks go back.
    detected = timezone.localtime(timezone.now() - timedelta(hours=50))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url(world, "incidents:incident_report"),
            {
                **REPORT,
                "kind": "data_breach",
                "title": "List sent to the wrong address",
                "detected_at": detected.strftime("%Y-%m-%dT%H:%M"),
            },
        )
    incident = SecurityIncident.objects.get()
    assert mail.outbox[0].to == [
        "clerk@ashby.example",
        "deputy_clerk@ashby.example",
        "dp_lead@ashby.example",
    ]
    assert "72 hours" in mail.outbox[0].body
    assert incident.breach_clock() == "running" and incident.hours_left() in (21, 22)
    page = client.get(_url(world, "incidents:incident_detail", pk=incident.pk)).content.decode()
    assert "hours left" in page

    SecurityIncident.objects.filter(pk=incident.pk).update(
        detected_at=timezone.now() - timedelta(hours=80)
    )
    incident.refresh_from_db()
    assert incident.breach_clock() == "overdue"
    listing = client.get(_url(world, "incidents:incident_list")).content.decode()
    assert "passed 72 hours without a decision" in listing

    # Closing needs the decision first.
    with assert_not_audited(world.council):
        response = client.post(
            _url(world, "incidents:incident_close", pk=incident.pk), {"outcome": "Contained"}
        )
    assert "before closing" in response.content.decode()
    with assert_audited(world.council, Event.INCIDENT_BREACH_DECIDED):
        client.post(
            _url(world, "incidents:incident_decide", pk=incident.pk),
            {"decision": "not_reportable", "reason": "One recipient, who deleted it."},
        )
    incident.refresh_from_db()
    assert incident.breach_decision == BreachDecision.NOT_REPORTABLE
    assert incident.breach_decided_by == world.dp_lead
    assert incident.breach_clock() == "decided"
    with assert_audited(world.council, Event.INCIDENT_CLOSED):
        client.post(
            _url(world, "incidents:incident_close", pk=incident.pk), {"outcome": "Contained"}
        )
    incident.refresh_from_db()
    assert not incident.is_open and incident.closed_by == world.dp_lead


def test_the_clerk_records_actions_and_affected_people(client, world):
    incident = make_incident(world, IncidentKind.MALWARE)
    client.force_login(world.clerk)
    with assert_audited(world.council, Event.INCIDENT_UPDATED):
        client.post(
            _url(world, "incidents:incident_update", pk=incident.pk),
            {
                "actions": "Laptop wiped and reinstalled.",
                "affected_people": [world.people[Role.STAFF].pk],
            },
        )
    incident.refresh_from_db()
    assert incident.actions == "Laptop wiped and reinstalled."
    assert list(incident.affected_people.all()) == [world.people[Role.STAFF]]


def test_only_a_breach_has_a_reporting_decision(client, world):
    incident = make_incident(world, IncidentKind.MALWARE)
    client.force_login(world.clerk)
    assert client.get(_url(world, "incidents:incident_decide", pk=incident.pk)).status_code == 404


def test_a_closed_incident_stays_closed(world):
    incident = make_incident(world, IncidentKind.MALWARE)
    close_incident(incident, actor=SETUP, outcome="Done")
    with pytest.raises(IncidentError, match="already closed"):
        close_incident(incident, actor=SETUP, outcome="Again")


def test_another_councils_incidents_are_invisible(client, world, other_world):
    theirs = make_incident(other_world)
    client.force_login(world.clerk)
    for name in ("incident_detail", "incident_update", "incident_decide", "incident_close"):
        assert client.get(_url(world, f"incidents:{name}", pk=theirs.pk)).status_code == 404
    api = APIClient()
    api.force_login(world.clerk)
    url = reverse("api:incident-detail", kwargs={"council": "ashby", "pk": theirs.pk})
    assert api.get(url).status_code == 404
    assert api.get(reverse("api:incident-list", kwargs={"council": "ashby"})).json()["count"] == 0


def test_the_register_through_the_api(world):
    make_incident(world)
    api = APIClient()
    api.force_login(world.councillor)
    with assert_audited(world.council, Event.INCIDENT_OPENED):
        response = api.post(
            reverse("api:incident-list", kwargs={"council": "ashby"}),
            {**REPORT, "kind": "malware"},
            format="json",
        )
    assert response.status_code == 201
    assert response.json()["reported_by_label"] == world.councillor.email
    api.force_login(world.it_provider)
    body = api.get(
        reverse("api:incident-list", kwargs={"council": "ashby"}), {"kind": "data_breach"}
    ).json()
    assert body["count"] == 1
    assert body["results"][0]["breach_clock"] == "running"


def test_a_lost_device_report_from_the_device_register_becomes_an_incident(world):
    with assert_audited(world.council, Event.INCIDENT_OPENED):
        incident = record_lost_device(
            world.council,
            actor=Actor.for_user(world.staff),
            device_ref="devices.device:42",
            description="Tablet stolen from the car.",
            stolen=True,
        )
    assert incident.kind == IncidentKind.LOST_DEVICE
    assert (incident.source, incident.source_ref) == (IncidentSource.DEVICES, "devices.device:42")


def _fail_sign_in(email: str, times: int) -> None:
    client = Client()
    for _ in range(times):
        client.post(reverse("account_login"), {"login": email, "password": "wrong horse battery"})


def test_repeated_failed_sign_ins_open_one_incident_per_period(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _fail_sign_in(world.staff.email, 4)
        assert not SecurityIncident.objects.exists()
        with assert_audited(world.council, Event.INCIDENT_OPENED):
            _fail_sign_in(world.staff.email, 1)
    incident = SecurityIncident.objects.get()
    assert incident.kind == IncidentKind.FAILED_SIGN_INS
    assert incident.subject_user == world.staff
    assert list(incident.affected_people.all()) == [world.people[Role.STAFF]]
    assert "5 failed sign-ins" in incident.description
    assert "wrong horse battery" not in incident.description
    assert mail.outbox[0].to == ["clerk@ashby.example", "deputy_clerk@ashby.example"]
    # The sixth attempt in the same period is refused by sign-in and opens nothing more.
    _fail_sign_in(world.staff.email, 3)
    assert SecurityIncident.objects.count() == 1
    # Sign-ins to an unknown address are not counted against anyone.
    _fail_sign_in("nobody@ashby.example", 5)
    assert FailedSignIn.objects.filter(user__email="nobody@ashby.example").count() == 0


def test_the_council_sets_how_many_failures_in_how_long(client, world):
    client.force_login(world.clerk)
    with assert_audited(world.council, Event.INCIDENT_SETTINGS_CHANGED):
        client.post(
            _url(world, "incidents:incident_settings"),
            {"failed_sign_in_limit": 3, "failed_sign_in_minutes": 10},
        )
    _fail_sign_in(world.councillor.email, 3)
    assert SecurityIncident.objects.get().subject_user == world.councillor
    with pytest.raises(IncidentError):
        change_settings(
            world.council, actor=SETUP, failed_sign_in_limit=1, failed_sign_in_minutes=5
        )


def test_an_account_in_two_councils_opens_an_incident_in_each(world, other_world):
    from councilguard.accounts.services import grant_role

    grant_role(
        other_world.council, email=world.it_provider.email, role=Role.IT_PROVIDER, actor=SETUP
    )
    _fail_sign_in(world.it_provider.email, 5)
    assert {i.council for i in SecurityIncident.objects.all()} == {
        world.council,
        other_world.council,
    }


def test_the_audit_trail_verifies_after_all_of_it(client, world):
    make_incident(world)
    _fail_sign_in(world.staff.email, 5)
    call_command("audit", "verify")


@pytest.mark.parametrize("field", ["occurred_at", "detected_at"])
def test_a_time_in_the_future_is_refused_by_the_page_and_the_api(client, world, field):
    later = timezone.localtime() + timedelta(days=2)
    client.force_login(world.staff)
    with assert_not_audited(world.council):
        response = client.post(
            _url(world, "incidents:incident_report"),
            {**REPORT, "kind": "data_breach", field: later.strftime("%Y-%m-%dT%H:%M")},
        )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    api = APIClient()
    api.force_login(world.staff)
    response = api.post(
        reverse("api:incident-list", kwargs={"council": "ashby"}),
        {**REPORT, "kind": "data_breach", field: later.isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert "cannot be in the future" in str(response.json())
    assert not SecurityIncident.objects.exists()


def test_a_closed_breach_takes_no_new_decision(world):
    from councilguard.incidents.services import record_breach_decision

    incident = make_incident(world)
    record_breach_decision(
        incident, actor=SETUP, decision=BreachDecision.NOT_REPORTABLE, reason="No risk"
    )
    close_incident(incident, actor=SETUP, outcome="Contained")
    with pytest.raises(IncidentError, match="closed"):
        record_breach_decision(
            incident, actor=SETUP, decision=BreachDecision.REPORTED, reason="Changed our mind"
        )
    incident.refresh_from_db()
    assert incident.breach_decision == BreachDecision.NOT_REPORTABLE


def test_a_mail_failure_after_an_incident_is_opened_is_logged_not_raised(
    client, world, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "councilguard.incidents.tests.test_incidents.BrokenMail"
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(world, "incidents:incident_report"), REPORT)
    assert response.status_code == 302
    assert SecurityIncident.objects.exists()
    assert "SMTP is down" in caplog.text


class BrokenMail:
    """A mail backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP is down")
