"""JSON logs (COUNCILGUARD_LOG_FORMAT=json): one line per request and per job, each with a
request id, and nothing personal or secret in any line while the heaviest flows run."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from councilguard.core.jobs import verify_audit_trails
from councilguard.core.roles import Role
from councilguard.monitoring.testing import make_source
from councilguard.monitoring.tests.engine import squid_line
from councilguard.operations.logs import JsonFormatter
from councilguard.testing.vault import SECRETS, make_entry
from councilguard.testing.world import PASSWORD
from councilguard.totp import current_code

VISITOR_IP = "198.51.100.23"
NEWCOMER = ("Imogen Quarrie", "imogen.quarrie@example.org")


@pytest.fixture
def json_lines(settings):
    """Everything logged while the test runs, as the JSON formatter writes it."""
    settings.LOG_JSON = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)  # the most a deployment could switch on
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _url(world, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"council": world.council.slug, **kwargs})


def test_the_heaviest_flows_log_one_line_each_and_nothing_personal(world, json_lines):
    entry = make_entry(world)
    make_source(world, "proxy")
    client = Client(REMOTE_ADDR=VISITOR_IP, HTTP_USER_AGENT="Firefox/140 test-agent")

    # Sign in with a password and an authenticator code.
    response = client.post(
        reverse("account_login"), {"login": world.clerk.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    code = current_code(world.totp_secrets[Role.CLERK], valid_for=5)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    # A search, with a name in its query string.
    people = _url(world, "people:person_list")
    assert client.get(people, {"q": world.people[Role.CLERK].full_name}).status_code == 200
    # A vault reveal.
    reveal = client.post(_url(world, "vault:entry_reveal", pk=entry.pk), {"reason": "router reset"})
    assert reveal.status_code == 200 and SECRETS[0] in reveal.content.decode()
    # A people import.
    csv = f"full_name,role,email\n{NEWCOMER[0]},staff,{NEWCOMER[1]}\n".encode()
    imported = client.post(
        _url(world, "people:person_import"),
        {"file": SimpleUploadedFile("people.csv", csv, content_type="text/csv")},
    )
    assert imported.status_code in (200, 302)
    # A log uploaded and ingested.
    log = squid_line("2026-03-02 10:00:00", "10.77.0.5", "http://shop.example/cart?u=x", "qpriv")
    upload = client.post(
        _url(world, "monitoring:upload"),
        {"kind": "proxy", "format": "squid", "file": SimpleUploadedFile("a.log", log.encode())},
    )
    assert upload.status_code == 302
    # A job.
    verify_audit_trails.enqueue()

    lines = json_lines()
    requests = [line for line in lines if line.get("event") == "request"]
    assert [r["route"] for r in requests] == [
        "/accounts/login/",
        "/accounts/2fa/authenticate/",
        "/c/<slug:council>/people/",
        "/c/<slug:council>/vault/<int:pk>/reveal/",
        "/c/<slug:council>/people/import/",
        "/c/<slug:council>/monitoring/upload/",
    ]
    assert [r["status"] for r in requests] == [302, 302, 200, 200, imported.status_code, 302]
    assert all(re.fullmatch(r"[0-9a-f]{32}", r["request_id"]) for r in requests)
    assert len({r["request_id"] for r in requests}) == len(requests)
    jobs = [line for line in lines if line.get("event") == "job"]
    assert [(j["task"], j["status"]) for j in jobs] == [
        ("councilguard.core.jobs.verify_audit_trails", "successful")
    ]
    assert jobs[0]["request_id"] not in {r["request_id"] for r in requests}

    text = "\n".join(json.dumps(line) for line in lines)
    personal = [
        world.clerk.email,
        world.clerk.email.split("@")[0],
        world.people[Role.CLERK].full_name,
        NEWCOMER[0],
        NEWCOMER[1],
        VISITOR_IP,
        "10.77.0.5",
        "qpriv",
        "test-agent",
    ]
    secrets = [
        PASSWORD,
        code,
        SECRETS[0],
        world.totp_secrets[Role.CLERK],
        client.cookies["sessionid"].value,
        client.cookies["csrftoken"].value,
        "router reset",  # a reveal's reason is for the audit trail, not the logs
        "?q=",
        "u=x",
    ]
    found = [value for value in personal + secrets if value.lower() in text.lower()]
    assert not found, found


def test_a_request_id_from_the_proxy_is_kept_and_a_malformed_one_replaced(client, json_lines, db):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-7f3a9c21")
    assert response["X-Request-ID"] == "proxy-7f3a9c21"
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alice@example.org")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    ids = [line["request_id"] for line in json_lines() if line.get("event") == "request"]
    assert ids == ["proxy-7f3a9c21", response["X-Request-ID"]]


def test_with_json_logs_off_no_request_lines_are_written(client, json_lines, settings, db):
    settings.LOG_JSON = False
    response = client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert [line for line in json_lines() if line.get("event") == "request"] == []
