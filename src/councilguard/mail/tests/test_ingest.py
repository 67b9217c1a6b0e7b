"""Exports become batches with receipts through the service, the command line, the upload
page and the API; bad lines are listed by number, nothing is half-written, the same file twice
is a no-op, and events are attributed to whoever held the address."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from councilguard.api.services import issue_token
from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.mail import testing as t
from councilguard.mail.ingest import ingest_export
from councilguard.mail.store import scan
from councilguard.monitoring.identities import import_identities
from councilguard.monitoring.ingest import IngestError
from councilguard.monitoring.models import IngestBatch, RejectedLine
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.world import SETUP


def _trace(world) -> str:
    clerk = world.people[Role.CLERK].primary_email
    return t.ps_trace(
        ("13/10/2025 09:14:03", clerk, "resident@mail.example", "Delivered"),
        ("13/10/2025 09:20:41", clerk, "personal@mail.example", "Delivered"),
        ("not a time", clerk, "x@mail.example", "Delivered"),
        ("14/10/2025 10:02:07", "unknown@phish.example", "nobody@elsewhere.example", "Failed"),
    )


def _write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-16"))
    return path


def test_a_trace_becomes_a_batch_with_its_receipt_and_a_repeat_is_a_no_op(world, tmp_path):
    t.make_mail_sources(world)
    path = _write(tmp_path, "trace.csv", _trace(world))
    with assert_audited(world.council, Event.EVENTS_INGESTED):
        receipt = ingest_export(world.council, path, actor=SETUP, file_name="trace.csv",
                                fmt="m365-trace")  # fmt: skip
    data = receipt.as_dict()
    assert (data["lines"], data["accepted"], data["rejected"], data["events"]) == (4, 3, 1, 3)
    assert data["unattributed"] == 1  # the phishing message: no council address in it
    assert data["days"] == ["2025-10-13", "2025-10-14"]
    assert data["variant"] == "Get-MessageTrace export"
    assert data["rejected_lines"] == [
        {"line": 5, "reason": "the time is not a date and time the export writes"}
    ]
    batch = IngestBatch.objects.get(council=world.council)
    assert list(batch.rejections.values_list("line_number", "reason")) == [
        (5, "the time is not a date and time the export writes")
    ]
    assert list(batch.unattributed_ids.values_list("identifier", "events")) == [
        ("unknown@phish.example", 1)
    ]
    stored = scan(world.council, "email").collect().sort("at")
    assert stored["recipient"].to_list() == [
        "resident@mail.example", "personal@mail.example", "nobody@elsewhere.example"
    ]  # fmt: skip
    assert stored["subject"].null_count() == 3  # subjects are not kept unless switched on
    with assert_not_audited(world.council):
        again = ingest_export(world.council, path, actor=SETUP, file_name="again.csv",
                              fmt="m365-trace")  # fmt: skip
    assert again.duplicate and again.batch == batch
    assert IngestBatch.objects.filter(council=world.council).count() == 1


def test_a_trace_read_in_many_blocks_is_one_batch_with_every_row_and_bad_line(
    world, tmp_path, monkeypatch
):
    t.make_mail_sources(world)
    clerk = world.people[Role.CLERK].primary_email
    rows = [
        (f"{13 + n // 100}/10/2025 09:{n % 60:02d}:00", clerk, f"r{n}@mail.example", "Delivered")
        for n in range(300)
    ]
    rows[20] = ("not a time", *rows[20][1:])
    rows[250] = (rows[250][0], "", *rows[250][2:])
    path = _write(tmp_path, "trace.csv", t.ps_trace(*rows))
    monkeypatch.setattr("councilguard.mail.exports.BLOCK", 1000)  # a few rows a block
    receipt = ingest_export(world.council, path, actor=SETUP, file_name="trace.csv",
                            fmt="m365-trace")  # fmt: skip
    data = receipt.as_dict()
    assert (data["lines"], data["accepted"], data["rejected"], data["events"]) == (
        300, 298, 2, 298,
    )  # fmt: skip
    assert data["days"] == ["2025-10-13", "2025-10-14", "2025-10-15"]
    # Line 1 is #TYPE, line 2 the header: the 21st message is on line 23, the 251st on 253.
    assert data["rejected_lines"] == [
        {"line": 23, "reason": "the time is not a date and time the export writes"},
        {"line": 253, "reason": "no sender"},
    ]
    stored = scan(world.council, "email").collect().sort("line")
    assert stored["line"].to_list() == [n + 3 for n in range(300) if n not in (20, 250)]
    assert stored["recipient"].n_unique() == 298
    assert stored["batch"].unique().to_list() == [str(receipt.batch.public_id)]


def test_a_line_break_in_a_late_block_reads_the_file_again_and_keeps_nothing_twice(
    world, tmp_path, monkeypatch, settings
):
    t.make_mail_sources(world)
    clerk = world.people[Role.CLERK].primary_email
    rows = [(f"13/10/2025 09:{n % 60:02d}:00", clerk, f"r{n}@mail.example", "Delivered")
            for n in range(260)]  # fmt: skip
    text = t.ps_trace(*rows)
    # The last message's subject spans two lines: only the line-by-line reader can read it,
    # after the columnar reader has handed on the blocks before it (their times settled by
    # the first 200, day first).
    last = text.rindex("Allotment waiting list")
    text = text[:last] + "Allotment\r\nwaiting list" + text[last + len("Allotment waiting list") :]
    path = _write(tmp_path, "trace.csv", text)
    monkeypatch.setattr("councilguard.mail.exports.BLOCK", 1000)
    receipt = ingest_export(world.council, path, actor=SETUP, file_name="trace.csv",
                            fmt="m365-trace")  # fmt: skip
    assert (receipt.as_dict()["accepted"], receipt.as_dict()["events"]) == (260, 260)
    stored = scan(world.council, "email").collect()
    assert stored.height == 260
    assert stored["line"].max() == 262
    staging = Path(settings.DATA_DIR) / "staging"
    assert not staging.exists() or not any(staging.iterdir())


def test_a_sign_in_log_is_attributed_by_email_identities_over_time(world, tmp_path):
    t.make_mail_sources(world)
    staff, manager = world.people[Role.STAFF], world.people[Role.MANAGER]
    # The shared office address passed from the staff member to the manager on 14 October.
    report = import_identities(
        world.council,
        (
            "kind,value,person_email,valid_from,valid_to\n"
            f"email,office@ashby-tc.gov.uk,{staff.primary_email},2025-01-01,2025-10-14 01:00\n"
            f"email,office@ashby-tc.gov.uk,{manager.primary_email},2025-10-14 01:00,\n"
        ).encode(),
        actor=SETUP,
    )
    assert report.ok, report.problems
    path = _write(
        tmp_path,
        "InteractiveSignIns_2025-10-13.csv",
        t.entra_portal(
            t.entra_signin("2025-10-13T09:00:00Z", "office@ashby-tc.gov.uk"),
            t.entra_signin("2025-10-14T09:00:00Z", "office@ashby-tc.gov.uk"),
            t.entra_signin("2025-10-14T09:00:00Z", "ghost@ashby-tc.gov.uk"),
        ),
    )
    receipt = ingest_export(world.council, path, actor=SETUP, file_name=path.name,
                            fmt="entra-signin")  # fmt: skip
    assert (receipt.batch.accepted, receipt.batch.unattributed) == (3, 1)
    from councilguard.mail import attribution

    stored = scan(world.council, "signin").collect().sort("at", "user")
    held = attribution.attribute(stored, "user", attribution.holdings(world.council), "person")
    assert held["person"].to_list() == [staff.pk, None, manager.pk]


def test_a_file_with_no_good_row_or_a_source_not_set_up_is_refused_and_nothing_written(
    world, tmp_path, settings
):
    path = _write(tmp_path, "trace.csv", _trace(world))
    with assert_not_audited(world.council), pytest.raises(IngestError, match="has not set up"):
        ingest_export(world.council, path, actor=SETUP, file_name="t.csv", fmt="m365-trace")
    t.make_mail_sources(world)
    bad = _write(tmp_path, "bad.csv", t.ps_trace(("never", "a@x.example", "b@y.example", "Sent")))
    with assert_not_audited(world.council), pytest.raises(IngestError, match="line 3: the time"):
        ingest_export(world.council, bad, actor=SETUP, file_name="bad.csv", fmt="m365-trace")
    assert not IngestBatch.objects.exists()
    assert not RejectedLine.objects.exists()
    assert scan(world.council, "email") is None
    assert (
        not list((settings.DATA_DIR / "staging").glob("*/*"))
        if (settings.DATA_DIR / "staging").exists()
        else True
    )


def test_the_command_line_prints_the_receipt_as_json_or_in_words(world, tmp_path):
    t.make_mail_sources(world)
    path = _write(tmp_path, "signins.json", json.dumps(
        {"value": [{"createdDateTime": "2025-10-13T07:58:01Z",
                    "userPrincipalName": world.people[Role.STAFF].primary_email,
                    "status": {"errorCode": 0}, "authenticationRequirement":
                    "singleFactorAuthentication", "clientAppUsed": "IMAP4"}]}).encode())  # fmt: skip
    out = io.StringIO()
    call_command("ingest", "--council", world.council.slug, "--source", "entra-signin",
                 str(path), "--json", stdout=out)  # fmt: skip
    receipt = json.loads(out.getvalue())
    assert (receipt["lines"], receipt["accepted"], receipt["duplicate"]) == (1, 1, False)
    assert receipt["variant"] == "Microsoft Graph sign-ins (JSON)"
    out = io.StringIO()
    call_command("ingest", "--council", world.council.slug, "--source", "entra-signin",
                 str(path), stdout=out)  # fmt: skip
    assert "already ingested" in out.getvalue() and "nothing done" in out.getvalue()
    empty = _write(tmp_path, "empty.csv", b"")
    with pytest.raises(CommandError, match="the file is empty"):
        call_command("ingest", "--council", world.council.slug, "--source", "google-login",
                     str(empty))  # fmt: skip


def test_the_upload_page_and_the_api_take_exports(client, world):
    t.make_mail_sources(world)
    client.force_login(world.it_provider)
    url = reverse("monitoring:upload", kwargs={"council": world.council.slug})
    trace = _trace(world).encode("utf-16")
    response = client.post(
        url, {"kind": "email", "format": "m365-trace", "file": SimpleUploadedFile("t.csv", trace)}
    )
    batch = IngestBatch.objects.get(council=world.council)
    assert response.status_code == 302
    assert (batch.format, batch.lines, batch.accepted, batch.rejected) == ("m365-trace", 4, 3, 1)
    page = client.get(response["Location"]).content.decode()
    assert ">5</td>" in page  # the rejected line
    wrong = client.post(
        url, {"kind": "signin", "format": "m365-trace", "file": SimpleUploadedFile("t.csv", trace)}
    )
    assert "is a format for e-mail: choose one for sign-ins" in wrong.content.decode()

    _, raw = issue_token(world.council, name="logs", user=world.it_provider, actor=SETUP)
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    api_url = reverse("api:monitoring-batch-ingest", kwargs={"council": world.council.slug})
    login = t.csv_text(
        t.GOOGLE_LOGIN_HEADER,
        [{"Event": "Successful login", "User": world.people[Role.STAFF].primary_email,
          "Date": "Oct 13, 2025, 8:58:01 AM", "Login challenge method": "Password"}],
    ).encode()  # fmt: skip
    first = api.post(api_url, {"kind": "signin", "format": "google-login",
                               "file": SimpleUploadedFile("login.csv", login)})  # fmt: skip
    assert first.status_code == 201, first.content
    assert (first.json()["accepted"], first.json()["duplicate"]) == (1, False)
    second = api.post(api_url, {"kind": "signin", "format": "google-login",
                                "file": SimpleUploadedFile("again.csv", login)})  # fmt: skip
    assert second.status_code == 200 and second.json()["duplicate"] is True
    assert sorted(
        IngestBatch.objects.filter(council=world.council).values_list("format", flat=True)
    ) == ["google-login", "m365-trace"]
