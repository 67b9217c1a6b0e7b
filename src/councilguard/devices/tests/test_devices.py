"""The device register, own devices, posture imports, losses and escalation, end to end."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from councilguard.audit.events import Event
from councilguard.devices.importing import import_devices
from councilguard.devices.models import (
    Device,
    DeviceStatus,
    LossReport,
    OwnDevice,
    PostureFinding,
    Task,
    TermsAcceptance,
)
from councilguard.devices.posture import attest_own_device, import_mdm_export
from councilguard.devices.services import (
    DeviceError,
    escalate_overdue_tasks,
    issue_device,
    update_settings,
)
from councilguard.devices.testing import make_device, make_issued_device
from councilguard.incidents.models import IncidentKind, SecurityIncident
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.world import SETUP

NOW = datetime(2025, 10, 9, 12, 0, tzinfo=UTC)


def _local_minute(moment: datetime) -> str:
    """A time as a datetime-local field sends it: local, to the minute."""
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M}"


def _url(world, name, **kwargs):
    return reverse(f"devices:{name}", kwargs={"council": world.council.slug, **kwargs})


def test_the_clerk_registers_issues_and_takes_back_a_phone(client, world):
    client.force_login(world.clerk)
    form = {
        "kind": "phone",
        "make": "Apple",
        "model": "iPhone 15",
        "serial": "f2lxq0abcd",
        "imei": "35 209900 176148 1",
        "condition": "new",
        "status": "in_stock",
    }
    with assert_audited(world.council, Event.DEVICE_CREATED):
        response = client.post(_url(world, "device_create"), form)
    phone = Device.objects.get(serial="F2LXQ0ABCD")
    assert phone.imei == "352099001761481"
    assert response["Location"] == _url(world, "device_detail", pk=phone.pk)

    staff = world.people["staff"]
    with assert_audited(world.council, Event.DEVICE_ISSUED):
        client.post(
            _url(world, "device_issue", pk=phone.pk), {"person": staff.pk, "condition": "new"}
        )
    phone.refresh_from_db()
    assert phone.status == DeviceStatus.ISSUED and phone.holder == staff
    assignment = phone.assignments.get()
    assert assignment.terms_accepted_at is None

    # The member of staff accepts the terms on their own page.
    client.force_login(world.staff)
    assert b"I accept the device terms" in client.get(_url(world, "mine")).content
    with assert_audited(world.council, Event.DEVICE_TERMS_ACCEPTED):
        client.post(_url(world, "accept_terms"), {"item": assignment.pk})
    assignment.refresh_from_db()
    assert assignment.terms_accepted_how == TermsAcceptance.IN_APP
    # Someone else's assignment is not a choice for a councillor.
    client.force_login(world.councillor)
    with assert_not_audited(world.council):
        client.post(_url(world, "accept_terms"), {"item": assignment.pk})

    client.force_login(world.clerk)
    with assert_audited(world.council, Event.DEVICE_RETURNED):
        client.post(
            _url(world, "device_return", pk=phone.pk),
            {"condition": "damaged", "status": "in_repair"},
        )
    phone.refresh_from_db()
    assignment.refresh_from_db()
    assert (phone.status, phone.condition) == (DeviceStatus.IN_REPAIR, "damaged")
    assert (assignment.issued_condition, assignment.returned_condition) == ("new", "damaged")
    page = client.get(_url(world, "device_detail", pk=phone.pk))
    assert b"Accepted by the person" in page.content


def test_the_clerk_can_record_acceptance_on_paper_and_a_device_cannot_be_issued_twice(world):
    device = make_device(world)
    from councilguard.devices.services import issue_device

    assignment = issue_device(
        device, world.people["staff"], actor=SETUP, condition="good", terms_recorded_by_clerk=True
    )
    assert assignment.terms_accepted_how == TermsAcceptance.BY_CLERK
    try:
        issue_device(device, world.people["manager"], actor=SETUP, condition="good")
    except DeviceError as exc:
        assert "not in stock" in str(exc)
    else:
        raise AssertionError("an issued device was issued again")


GOOD_CSV = (
    "kind,serial,make,model,imei,purchased_on,purchase_cost,condition,status\n"
    "laptop,PF3ABC12,Lenovo,ThinkPad E14,,2024-04-01,749.00,good,in_stock\n"
    "phone,R58N123456,Samsung,Galaxy A35,352099001761481,01/05/2024,£249.99,new,in_stock\n"
    "cctv_camera,CAM-0001,Hikvision,DS-2CD,,,,good,in_stock\n"
)


def test_a_device_csv_imports_once_and_a_repeat_changes_nothing(world):
    with assert_audited(
        world.council,
        Event.DEVICE_CREATED,
        Event.DEVICE_CREATED,
        Event.DEVICE_CREATED,
        Event.DEVICES_IMPORTED,
    ):
        report = import_devices(world.council, GOOD_CSV.encode(), actor=SETUP)
    assert report.ok, report.problems
    assert report.created == 3
    with assert_not_audited(world.council):
        again = import_devices(world.council, GOOD_CSV.encode(), actor=SETUP)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    changed = GOOD_CSV.replace("ThinkPad E14", "ThinkPad E16")
    with assert_audited(world.council, Event.DEVICE_UPDATED, Event.DEVICES_IMPORTED):
        assert import_devices(world.council, changed.encode(), actor=SETUP).updated == 1


def test_a_bad_device_csv_is_refused_whole_with_every_problem_by_line(world):
    bad = "kind,serial,purchase_cost\nphone,OK123,10\ntoaster,X1,\nphone,,12\nlaptop,OK123,lots\n"
    with assert_not_audited(world.council):
        report = import_devices(world.council, bad.encode(), actor=SETUP)
    assert not report.ok
    lines = {(p.line, p.message.split()[0]) for p in report.problems}
    assert {line for line, _ in lines} == {3, 4, 5}
    assert not Device.objects.in_council(world.council).exists()


def test_the_list_exports_in_the_import_layout_and_costs_the_same_queries(client, world):
    client.force_login(world.clerk)
    import_devices(world.council, GOOD_CSV.encode(), actor=SETUP)
    with assert_audited(world.council, Event.DEVICES_EXPORTED):
        response = client.get(_url(world, "device_export"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3
    assert import_devices(world.council, response.content, actor=SETUP).unchanged == 3

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(world, "device_list")).status_code == 200
        return len(captured)

    queries()
    few = queries()
    for _ in range(20):
        make_issued_device(world)
    assert queries() == few


def _intune_csv(world) -> str:
    """The A4 fixture shape (IntuneDevices names), with a compliant-but-stale row, a
    non-compliant jailbroken row, a device not in the register and a column nobody knows."""
    return (
        "DeviceName,ManagedBy,Ownership,CompliantState,OS,OSVersion,LastContact,UPN,"
        " Serial Number ,EncryptionStatusString,JailBroken,IMEI,FavouriteColour\n"
        "CLERK-LT01,Intune,Corporate,Compliant,Windows,10.0.26100.2314,2025-10-08T17:03:11Z,"
        "clerk@x,PF3ABC12,Encrypted,Unknown,,blue\n"
        "Staff iPhone,Intune,Corporate,Noncompliant,iOS,16.7.10,2025-10-01T08:00:00Z,staff@x,"
        ",Not encrypted,True,352099001761481,red\n"
        "RFO-Android,Intune,Corporate,Compliant,Android,13,2025-07-01T08:00:00Z,rfo@x,"
        "R58N999999,Encrypted,False,,green\n"
        "Stranger,Intune,Personal,Compliant,Android,14,2025-10-08T08:00:00Z,x@x,ZZZ,,,,\n"
    )


def test_an_intune_export_in_utf16_gives_findings_with_clauses_and_tasks(world):
    make_issued_device(world, kind="laptop", serial="PF3ABC12")
    phone = make_issued_device(world, serial="F2LXQ0ABCD", imei="352099001761481")
    stale = make_issued_device(world, serial="R58N999999")
    content = _intune_csv(world).encode("utf-16")  # with its BOM, as Excel saves it
    assert content.startswith(b"\xff\xfe")
    with assert_audited(world.council, Event.POSTURE_IMPORTED):
        report = import_mdm_export(world.council, content, actor=SETUP, now=NOW)
    assert report.ok, report.problems
    assert report.recognised["Serial Number"] == "serial"
    assert report.recognised["LastContact"] == "last_check_in"
    assert report.unknown_columns == ["FavouriteColour"]
    assert [p.line for p in report.unmatched] == [5]
    assert report.recorded == 3

    found = {(f.device_id, f.check_name): f for f in PostureFinding.objects.all()}
    # Matched on IMEI: not encrypted, jailbroken, and the MDM says so too.
    assert found[(phone.pk, "encrypted")].clause == "B 2.1.3"
    assert found[(phone.pk, "security_intact")].evidence == "jailbroken or rooted"
    assert (phone.pk, "mdm_verdict") in found
    # "Compliant", but not seen for over 30 days: not compliant whatever the verdict.
    assert [key[1] for key in found if key[0] == stale.pk] == ["checked_in"]
    task = found[(stale.pk, "checked_in")].task
    assert task.person == world.people["staff"]
    assert task.due_at == NOW + timedelta(days=7)
    assert "B 2.1.3" in task.title

    # The same file again changes nothing.
    with assert_not_audited(world.council):
        again = import_mdm_export(world.council, content, actor=SETUP, now=NOW)
    assert (again.recorded, again.unchanged) == (0, 3)
    assert PostureFinding.objects.count() == len(found)


def test_the_same_row_a_month_later_finds_the_device_has_stopped_checking_in(world):
    device = make_issued_device(world, serial="F2LXQ0ABCD")
    row = {
        "value": [
            {
                "serialNumber": "F2LXQ0ABCD",
                "isEncrypted": True,
                "complianceState": "compliant",
                "lastSyncDateTime": "2025-10-08T10:00:00Z",
            }
        ]
    }
    content = json.dumps(row).encode()
    import_mdm_export(world.council, content, actor=SETUP, now=NOW)
    assert not PostureFinding.objects.filter(device=device).exists()
    later = NOW + timedelta(days=40)
    with assert_audited(world.council, Event.POSTURE_IMPORTED):
        report = import_mdm_export(world.council, content, actor=SETUP, now=later)
    assert (report.recorded, report.unchanged, report.findings_opened) == (0, 1, 1)
    finding = PostureFinding.objects.get(device=device)
    assert finding.check_name == "checked_in" and finding.resolved_at is None


def test_graph_json_resolves_findings_that_now_pass(world):
    phone = make_issued_device(world, serial="F2LXQ0ABCD")
    first = {
        "value": [
            {
                "serialNumber": "F2LXQ0ABCD",
                "isEncrypted": False,
                "complianceState": "noncompliant",
                "lastSyncDateTime": "2025-10-08T10:00:00Z",
            }
        ]
    }
    import_mdm_export(world.council, json.dumps(first).encode(), actor=SETUP, now=NOW)
    assert PostureFinding.objects.filter(device=phone, resolved_at__isnull=True).count() == 2
    fixed = {"value": [{**first["value"][0], "isEncrypted": True, "complianceState": "compliant"}]}
    report = import_mdm_export(world.council, json.dumps(fixed).encode(), actor=SETUP, now=NOW)
    assert report.findings_resolved == 2
    assert not PostureFinding.objects.filter(device=phone, resolved_at__isnull=True).exists()
    assert not Task.objects.filter(device=phone, done_at__isnull=True).exists()


def test_an_unreadable_row_refuses_the_whole_export(world):
    make_device(world, serial="PF3ABC12")
    content = b"SerialNumber,LastContact\nPF3ABC12,yesterday-ish\n"
    with assert_not_audited(world.council):
        report = import_mdm_export(world.council, content, actor=SETUP, now=NOW)
    assert [p.line for p in report.problems] == [2]


def test_a_councillor_registers_and_attests_their_own_phone(client, world):
    client.force_login(world.councillor)
    with assert_audited(world.council, Event.OWN_DEVICE_REGISTERED):
        response = client.post(
            _url(world, "own_device_create"),
            {"kind": "phone", "description": "My Pixel 8", "accept": "on"},
        )
    own = OwnDevice.objects.get()
    assert own.person == world.people["councillor"] and own.rules_accepted_at
    assert response["Location"].endswith(f"?own_device={own.pk}")
    answers = {
        "own_device": own.pk,
        "encrypted": "yes",
        "passcode": "yes",
        "lock_after_minutes": 10,
        "wipe_after_failures": "no",
        "remote_wipe": "",
        "work_profile": "yes",
        "security_intact": "yes",
    }
    with assert_audited(world.council, Event.POSTURE_ATTESTED):
        client.post(_url(world, "own_device_attest"), answers)
    findings = {f.check_name: f.clause for f in own.findings.all()}
    assert findings == {"lock_after": "B 2.2.4", "wipe_after_failures": "B 2.2.4"}
    assert Task.objects.filter(person=world.people["councillor"], done_at__isnull=True).count() == 2
    # Without accepting the rules there is no registration.
    with assert_not_audited(world.council):
        client.post(_url(world, "own_device_create"), {"kind": "phone", "description": "Other"})
    # The clerk sees everyone's own devices.
    client.force_login(world.clerk)
    assert b"My Pixel 8" in client.get(_url(world, "own_device_list")).content
    # A stricter council setting applies to the next answers.
    update_settings(world.council, {"max_lock_minutes": 15}, actor=SETUP)
    attest_own_device(own, {"lock_after_minutes": 10, "wipe_after_failures": True}, actor=SETUP)
    assert not own.findings.filter(resolved_at__isnull=True).exists()


def test_a_lost_phone_starts_the_police_clock_tasks_an_incident_and_tells_the_clerk(
    client, world, django_capture_on_commit_callbacks
):
    from councilguard.devices.services import LossData, report_loss

    update_settings(world.council, {"insurance_excess": 50}, actor=SETUP)
    phone = make_device(
        world, sim_number="8944110000000000001", imei="352099001761481", phone_number="07700 900123"
    )
    issue_device(
        phone, world.people["staff"], actor=SETUP, condition="good",
        now=timezone.now() - timedelta(days=30),
    )  # fmt: skip
    client.force_login(world.staff)
    form = {
        "device": phone.pk,
        "kind": "stolen",
        "what_happened": "Taken from my bag.",
        "where": "Market Square",
        "occurred_at": _local_minute(timezone.now() - timedelta(hours=2)),
    }
    with (
        django_capture_on_commit_callbacks(execute=True),
        assert_audited(world.council, Event.INCIDENT_OPENED, Event.DEVICE_LOSS_REPORTED),
    ):
        response = client.post(_url(world, "loss_report"), form)
    assert response.status_code == 302
    loss = LossReport.objects.get()
    phone.refresh_from_db()
    assert phone.status == DeviceStatus.STOLEN
    # The clock runs from the loss, two hours before the report (A "Lost or Stolen").
    assert loss.police_due_at == loss.occurred_at + timedelta(hours=24)
    assert not loss.reported_late
    assert loss.insurance_excess == 50 and loss.earlier_losses == 0
    assert loss.incident.kind == IncidentKind.LOST_DEVICE
    assert SecurityIncident.objects.get().source_ref == f"devices.device:{phone.pk}"
    titles = sorted(Task.objects.filter(device=phone).values_list("title", flat=True))
    assert titles[0].startswith("Cancel the number") and titles[1].startswith("Request a remote")
    device_mail = [m for m in mail.outbox if m.subject.startswith(f"councilguard: {phone}")]
    assert device_mail and device_mail[0].to == [
        "clerk@ashby.example",
        "deputy_clerk@ashby.example",
    ]
    assert "352099001761481" in device_mail[0].body and "8944110000000000001" in device_mail[0].body

    # The clock: not overdue at 23 hours, overdue at 25, and shown in red to the clerk.
    assert not loss.police_overdue(loss.occurred_at + timedelta(hours=23))
    assert loss.police_overdue(loss.occurred_at + timedelta(hours=25))
    LossReport.objects.filter(pk=loss.pk).update(reported_at=NOW, police_due_at=NOW)
    client.force_login(world.clerk)
    page = client.get(_url(world, "loss_detail", pk=loss.pk)).content.decode()
    assert "govuk-tag--red" in page and "352099001761481" in page

    # The police number, later, from the person's own page; then the clerk's decision.
    client.force_login(world.staff)
    with assert_audited(world.council, Event.DEVICE_LOSS_POLICE_NUMBER):
        client.post(_url(world, "loss_police"), {"loss": loss.pk, "police_reference": "CR/123/25"})
    loss.refresh_from_db()
    assert loss.police_reference == "CR/123/25" and not loss.police_overdue()
    client.force_login(world.clerk)
    with assert_audited(world.council, Event.DEVICE_LOSS_DECIDED, Event.CHARGE_ADDED):
        client.post(_url(world, "loss_decide", pk=loss.pk), {"decision": "excess_only"})
    # The excess goes on the person's statement (C8).
    charge = loss.charges.get()
    assert (charge.kind, charge.amount, charge.person) == ("insurance_excess", 50, loss.person)

    # A second loss by the same person shows the earlier one.
    second = make_issued_device(world)
    again = report_loss(second, LossData(kind="lost", what_happened="Dropped."), actor=SETUP)
    assert again.earlier_losses == 1


def test_someone_can_only_report_their_own_device(client, world):
    phone = make_issued_device(world)
    client.force_login(world.councillor)
    with assert_not_audited(world.council):
        response = client.post(
            _url(world, "loss_report"), {"device": phone.pk, "kind": "lost", "what_happened": "?"}
        )
    assert response.status_code == 200


def test_overdue_tasks_are_escalated_to_the_clerk_once(world, django_capture_on_commit_callbacks):
    make_issued_device(world, serial="R58N999999")
    import_mdm_export(
        world.council,
        b"SerialNumber,LastContact\nR58N999999,2025-06-01T00:00:00Z\n",
        actor=SETUP,
        now=NOW,
    )
    task = Task.objects.get()
    assert escalate_overdue_tasks(now=NOW + timedelta(days=6)) == 0
    with (
        django_capture_on_commit_callbacks(execute=True),
        assert_audited(world.council, Event.DEVICE_TASKS_ESCALATED),
    ):
        assert escalate_overdue_tasks(now=NOW + timedelta(days=8)) == 1
    task.refresh_from_db()
    assert task.escalated_at == NOW + timedelta(days=8)
    assert mail.outbox[-1].to == ["clerk@ashby.example", "deputy_clerk@ashby.example"]
    assert task.title in mail.outbox[-1].body
    assert escalate_overdue_tasks(now=NOW + timedelta(days=9)) == 0


def test_the_api_lists_devices_and_imports_an_mdm_export(world, other_world):
    from rest_framework.test import APIClient

    make_issued_device(world, serial="PF3ABC12")
    make_device(other_world, serial="BURTON1")
    client = APIClient()
    client.force_authenticate(world.it_provider)
    base = f"/api/councils/{world.council.slug}/devices/"
    listed = client.get(base).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [d["serial"] for d in rows] == ["PF3ABC12"]
    assert rows[0]["holder"] == world.people["staff"].pk
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "x.csv",
        b"SerialNumber,EncryptionStatusString,LastContact\n"
        b"PF3ABC12,Not encrypted,2099-01-01T00:00:00Z\n",
    )
    response = client.post(f"{base}mdm-import/", {"file": upload}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["findings_opened"] == 1
