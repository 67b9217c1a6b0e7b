"""Logs uploaded through the page and the API become batches with receipts (the engine's
ingest_file); the raw events behind a finding are shown only on purpose, only for that person
and period, and the look is recorded where the person sees it."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from councilguard.api.services import issue_token
from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Role
from councilguard.monitoring.models import IngestBatch
from councilguard.monitoring.services import add_identity
from councilguard.monitoring.testing import make_finding, make_identity, make_source
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.world import SETUP


def _url(world, name, **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"council": world.council.slug, **kwargs})


def _line(at: dt.datetime, user: str, url: str, client: str = "10.20.0.31") -> str:
    return f"{at.timestamp():.3f}    120 {client} TCP_MISS/200 1520 GET {url} {user} HIER_DIRECT/203.0.113.5 text/html"


MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _log() -> bytes:
    lines = [
        _line(MONDAY, "stully", "http://quick-odds.example/promo"),
        _line(MONDAY + dt.timedelta(minutes=3), "stully", "http://quick-odds.example/spin"),
        _line(MONDAY + dt.timedelta(hours=1), "tbright", "http://social.example/feed", "10.20.0.9"),
        _line(MONDAY + dt.timedelta(days=18), "stully", "http://later-site.example/"),
        "this is not a squid line",
        _line(MONDAY + dt.timedelta(hours=2), "ghost", "http://nobody.example/", "10.20.0.77"),
    ]
    return ("\n".join(lines) + "\n").encode()


def _world_with_identities(world):
    make_source(world, "proxy")
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    add_identity(
        world.council,
        "proxy_user",
        "stully",
        world.people[Role.STAFF],
        valid_from=start,
        actor=SETUP,
    )
    add_identity(
        world.council,
        "proxy_user",
        "tbright",
        world.people[Role.COUNCILLOR],
        valid_from=start,
        actor=SETUP,
    )


def test_a_log_uploaded_on_the_page_becomes_a_batch_with_its_receipt(client, world):
    _world_with_identities(world)
    client.force_login(world.it_provider)
    upload = SimpleUploadedFile("access.log", _log())
    with assert_audited(world.council, Event.EVENTS_INGESTED):
        response = client.post(
            _url(world, "upload"), {"kind": "proxy", "format": "squid", "file": upload}
        )
    batch = IngestBatch.objects.get(council=world.council)
    assert response["Location"] == _url(world, "batch_detail", pk=batch.pk)
    assert (batch.lines, batch.accepted, batch.rejected) == (6, 5, 1)
    assert batch.file_name == "access.log"
    page = client.get(response["Location"]).content.decode()
    assert "6: 5 accepted, 1 rejected, 1 with no known holder" in page
    assert ">5</td>" in page  # the rejected line's number
    assert "ghost" in page
    # The same file again changes nothing.
    with assert_not_audited(world.council):
        again = client.post(
            _url(world, "upload"),
            {"kind": "proxy", "format": "squid", "file": SimpleUploadedFile("copy.log", _log())},
            follow=True,
        )
    assert "taken in before" in again.content.decode()
    assert IngestBatch.objects.filter(council=world.council).count() == 1


def test_an_upload_for_a_source_not_set_up_is_refused_with_what_is_missing(client, world):
    client.force_login(world.clerk)
    with assert_not_audited(world.council):
        response = client.post(
            _url(world, "upload"),
            {"kind": "dns", "format": "dnsmasq", "file": SimpleUploadedFile("q.log", b"x\n")},
        )
    assert "has not set up dns monitoring" in response.content.decode()
    response = client.post(
        _url(world, "upload"),
        {"kind": "proxy", "format": "dnsmasq", "file": SimpleUploadedFile("q.log", b"x\n")},
    )
    # The format is chosen from a list; one of another source is refused beside the field.
    assert (
        "dnsmasq / Pi-hole log-queries is a format for DNS queries: choose one for web proxy"
        in response.content.decode()
    )
    assert not IngestBatch.objects.filter(council=world.council).exists()


def test_the_it_providers_script_uploads_through_the_api(world):
    _world_with_identities(world)
    _, raw = issue_token(world.council, name="logs", user=world.it_provider, actor=SETUP)
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = reverse("api:monitoring-batch-ingest", kwargs={"council": world.council.slug})
    first = api.post(
        url, {"kind": "proxy", "format": "squid", "file": SimpleUploadedFile("a.log", _log())}
    )
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["lines"], body["rejected"], body["duplicate"]) == (6, 1, False)
    assert body["rejected_lines"][0]["line"] == 5
    again = api.post(
        url, {"kind": "proxy", "format": "squid", "file": SimpleUploadedFile("b.log", _log())}
    )
    assert again.status_code == 200 and again.json()["duplicate"] is True
    refused = api.post(
        url, {"kind": "dns", "format": "bind", "file": SimpleUploadedFile("c.log", b"x")}
    )
    assert refused.status_code == 400 and "has not set up dns" in refused.json()["file"][0]


def test_raw_events_show_only_the_findings_person_and_period_and_are_recorded(client, world):
    _world_with_identities(world)
    client.force_login(world.clerk)
    client.post(
        _url(world, "upload"),
        {"kind": "proxy", "format": "squid", "file": SimpleUploadedFile("access.log", _log())},
    )
    finding = make_finding(world, world.people[Role.STAFF], start=dt.date(2026, 3, 2), days=7)
    url = _url(world, "finding_events", pk=finding.pk)
    purpose = "Checking Sam's explanation of the 2 March visits"
    with assert_audited(world.council, Event.MONITORING_VIEWED):
        response = client.post(url, {"purpose": purpose})
    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert page.count("quick-odds.example") == 2
    assert "social.example" not in page  # another person
    assert "later-site.example" not in page  # outside the period
    assert "2 events" in page
    entry = AuditEntry.objects.filter(council=world.council).latest("sequence")
    assert entry.target_type == "people.person"
    assert entry.target_id == str(world.people[Role.STAFF].pk)
    assert entry.summary == purpose
    assert entry.changes["finding"] == finding.pk
    assert entry.changes["period"] == ["2026-03-02", "2026-03-08"]
    # The person sees who looked and why on their own page.
    client.force_login(world.staff)
    my_page = client.get(reverse("policies:my_page", kwargs={"council": world.council.slug}))
    assert f"{world.clerk.email}, for this reason: {purpose}" in my_page.content.decode().replace(
        "&#x27;", "'"
    )


def test_identities_made_on_the_page_attribute_events(client, world):
    make_source(world, "proxy")
    make_identity(world, Role.STAFF, value="10.20.0.31")
    client.force_login(world.clerk)
    client.post(
        _url(world, "upload"),
        {"kind": "proxy", "format": "squid", "file": SimpleUploadedFile("access.log", _log())},
    )
    batch = IngestBatch.objects.get(council=world.council)
    # Attributed by address now; only the two events from addresses nobody holds are not.
    assert batch.unattributed == 2


def test_events_deleted_by_retention_are_said_to_be_gone_before_a_purpose_is_asked(client, world):
    """Issue 17: the page once asked for a purpose, recorded the look, then showed no events."""
    from django.utils import timezone

    from councilguard.monitoring.models import MonitoringSource
    from councilguard.monitoring.retention import purge_source

    _world_with_identities(world)
    client.force_login(world.clerk)
    client.post(
        _url(world, "upload"),
        {"kind": "proxy", "format": "squid", "file": SimpleUploadedFile("access.log", _log())},
    )
    staff = world.people[Role.STAFF]
    purged = make_finding(world, staff, start=dt.date(2026, 3, 2), days=7)
    kept = make_finding(world, staff, start=dt.date(2026, 3, 16), days=7)
    source = MonitoringSource.objects.get(council=world.council, kind="proxy")
    MonitoringSource.objects.filter(pk=source.pk).update(retention_days=30)
    source.refresh_from_db()
    # Thirty days kept on 15 April: the days before 16 March go, the 20 March day stays.
    assert purge_source(source, today=dt.date(2026, 4, 15)) is not None

    url = _url(world, "finding_events", pk=purged.pk)
    page = client.get(url).content.decode()
    assert "These events are no longer kept" in page
    deleted = timezone.localdate()
    assert f"deleted on {deleted.day} {deleted:%B %Y}, when the 30 days this source" in page
    assert 'name="purpose"' not in page
    assert "place a legal hold" in page
    with assert_not_audited(world.council):
        response = client.post(url, {"purpose": "Checking the explanation given."})
    assert "These events are no longer kept" in response.content.decode()
    assert 'id="events"' not in response.content.decode()

    # A period with a day still held asks for the purpose, as before.
    assert (
        'name="purpose"' in client.get(_url(world, "finding_events", pk=kept.pk)).content.decode()
    )


def test_no_events_for_the_person_says_why_and_where_to_look(client, world):
    _world_with_identities(world)
    client.force_login(world.clerk)
    client.post(
        _url(world, "upload"),
        {"kind": "proxy", "format": "squid", "file": SimpleUploadedFile("access.log", _log())},
    )
    # The data protection lead held no identifier in March: none of the lines are theirs.
    finding = make_finding(world, world.people[Role.DP_LEAD], start=dt.date(2026, 3, 2))
    with assert_audited(world.council, Event.MONITORING_VIEWED):
        response = client.post(
            _url(world, "finding_events", pk=finding.pk), {"purpose": "Checking the summary."}
        )
    page = response.content.decode().replace("&#x27;", "'")
    name = world.people[Role.DP_LEAD].full_name
    assert f"None of {name}'s events in this period are held" in page
    assert _url(world, "identity_list") in page
