"""Software inventory scans (C10): osquery, Fleet and plain CSV in; findings that cite their
clauses out, resolved by a later scan; removable media checked against approvals."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.devices.approvals import decide, request_approval, set_catalogue_entry
from councilguard.devices.models import (
    InstalledSoftware,
    SoftwareFinding,
    SoftwareScan,
    SoftwareVerdict,
    Task,
)
from councilguard.devices.software import import_inventory
from councilguard.devices.testing import make_device, make_issued_device
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.world import SETUP

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _url(world, name, **kwargs):
    return reverse(f"devices:{name}", kwargs={"council": world.council.slug, **kwargs})


def _program(name, version, publisher, serial, **extra):
    """A row of osquery's ``programs`` table (Windows) joined with ``system_info``, as
    ``osqueryi --json`` prints it: every value a string, empty columns as ""."""
    return {
        "name": name,
        "version": version,
        "install_location": f"C:\\Program Files\\{name}\\",
        "install_source": "",
        "language": "1033",
        "publisher": publisher,
        "uninstall_string": f'"C:\\Program Files\\{name}\\uninstall.exe"',
        "install_date": "20260114",
        "identifying_number": "{1A2B3C4D-0000-0000-0000-000000000000}",
        "hardware_serial": serial,
        **extra,
    }


def _usb(vendor, model, serial, vendor_id, model_id, usb_class="0"):
    """A row of osquery's ``usb_devices`` table."""
    return {
        "usb_address": "3",
        "usb_port": "1",
        "vendor": vendor,
        "vendor_id": vendor_id,
        "version": "0100",
        "model": model,
        "model_id": model_id,
        "serial": serial,
        "class": usb_class,
        "subclass": "0",
        "protocol": "0",
        "removable": "1",
    }


def _catalogue(world):
    set_catalogue_entry(world.council, name="Mozilla Firefox", versions="128.*", actor=SETUP)
    set_catalogue_entry(world.council, name="Microsoft Visual C++ *", actor=SETUP)
    set_catalogue_entry(world.council, name="Candy Saga", personal=True, actor=SETUP)


def test_an_osquery_inventory_gives_the_expected_findings_and_the_same_file_is_a_no_op(world):
    _catalogue(world)
    laptop = make_issued_device(world, kind="laptop", serial="PF3ABC12")
    programs = [
        _program("Mozilla Firefox", "128.0.3", "Mozilla", "PF3ABC12"),
        _program(
            "Microsoft Visual C++ 2015-2022 Redistributable (x64)", "14.38", "Microsoft", "PF3ABC12"
        ),
        _program("Zoom Workplace", "6.0.2", "Zoom Video Communications, Inc.", "PF3ABC12"),
        _program("uTorrent", "3.6.0", "BitTorrent Inc.", "PF3ABC12"),
        _program("Candy Saga", "1.2", "King", "PF3ABC12"),
    ]
    content = json.dumps(programs, indent=2).encode()
    with assert_audited(world.council, Event.SOFTWARE_IMPORTED):
        report = import_inventory(world.council, content, actor=SETUP, now=NOW)
    assert report.ok, report.problems
    assert (report.devices, report.software, report.findings_opened) == (1, 5, 3)
    found = {
        f.subject: (f.check_name, f.clause)
        for f in SoftwareFinding.objects.filter(device=laptop, resolved_at__isnull=True)
    }
    assert found == {
        "Zoom Workplace": ("not_in_catalogue", "B 5.1.8"),
        "uTorrent": ("personal", 'A "Personal use"'),
        "Candy Saga": ("personal", 'A "Personal use"'),
    }
    verdicts = dict(InstalledSoftware.objects.values_list("name", "verdict"))
    assert verdicts["Mozilla Firefox"] == SoftwareVerdict.APPROVED
    assert verdicts["Microsoft Visual C++ 2015-2022 Redistributable (x64)"] == "approved"
    # One task for the holder, due after the grace period, naming the clauses.
    task = Task.objects.get(device=laptop)
    assert task.person == world.people["staff"]
    assert task.due_at == NOW + timedelta(days=7)
    assert "B 5.1.8" in task.title and "Personal use" in task.title

    with assert_not_audited(world.council):
        again = import_inventory(world.council, content, actor=SETUP, now=NOW)
    assert again.ok and again.already_imported
    assert SoftwareScan.objects.count() == 1


def test_a_later_scan_resolves_what_is_gone_and_highlights_what_is_new(client, world):
    _catalogue(world)
    laptop = make_issued_device(world, kind="laptop", serial="PF3ABC12")
    first = [
        _program("Mozilla Firefox", "128.0.3", "Mozilla", "PF3ABC12"),
        _program("uTorrent", "3.6.0", "BitTorrent Inc.", "PF3ABC12"),
    ]
    import_inventory(world.council, json.dumps(first).encode(), actor=SETUP, now=NOW)
    task = Task.objects.get(device=laptop)
    # The old version is not allowed; uTorrent is gone; a new program arrived.
    later = [
        _program("Mozilla Firefox", "115.9", "Mozilla", "PF3ABC12"),
        _program("Notepad++", "8.6", "Notepad++ Team", "PF3ABC12"),
    ]
    report = import_inventory(
        world.council, json.dumps(later).encode(), actor=SETUP, now=NOW + timedelta(days=1)
    )
    assert (report.new, report.findings_opened, report.findings_resolved) == (2, 2, 1)
    gone = SoftwareFinding.objects.get(subject="uTorrent")
    assert gone.resolved_at == NOW + timedelta(days=1)
    task.refresh_from_db()
    assert task.done_at is not None
    evidence = SoftwareFinding.objects.get(subject="Mozilla Firefox").evidence
    assert evidence == "Mozilla Firefox 115.9: version not allowed by the catalogue"

    client.force_login(world.it_provider)
    scan = SoftwareScan.objects.order_by("-scanned_at").first()
    page = client.get(_url(world, "scan_detail", pk=scan.pk)).content.decode()
    new_rows = [line for line in page.splitlines() if "cg-new" in line]
    assert len(new_rows) == 2 and any("Notepad++" in row for row in new_rows)
    assert "uTorrent" in page  # resolved by this scan, shown as such


def test_usb_media_must_be_council_media_or_approved_by_the_clerk(world):
    staff_laptop = make_issued_device(world, kind="laptop", serial="PF3ABC12")
    make_device(world, kind="removable_media", serial="KIK-00431")
    stick = request_approval(
        world.people["staff"],
        "removable_media",
        summary="My USB stick",
        reason="Photos of the allotments for the newsletter.",
        details={"media_description": "SanDisk Cruzer", "media_serial": "4C530001230"},
        actor=SETUP,
    )
    decide(stick, approve=True, note="", role="clerk", actor=Actor.for_user(world.clerk))
    usb = [
        _usb("Kingston", "IronKey D300", "KIK-00431", "0951", "1665"),
        _usb("SanDisk", "Cruzer Blade", "4C530001230", "0781", "5567"),
        _usb("Generic", "Mass Storage", "AA00000000012", "058f", "6387"),
        _usb("Logitech", "USB Receiver", "", "046d", "c52b", usb_class="3"),
        _usb("Linux Foundation", "3.0 root hub", "", "1d6b", "0003", usb_class="9"),
    ]
    report = import_inventory(
        world.council, json.dumps(usb).encode(), device=staff_laptop, actor=SETUP, now=NOW
    )
    assert report.ok, report.problems
    finding = SoftwareFinding.objects.get()
    assert (finding.check_name, finding.subject, finding.clause) == (
        "unknown_usb",
        "AA00000000012",
        "B 1.1.6",
    )
    scan = SoftwareScan.objects.get()
    allowed = dict(scan.usb_devices.values_list("serial", "allowed_by"))
    assert allowed["KIK-00431"].startswith("council removable media")
    assert allowed["4C530001230"] == f"approved request #{stick.pk}"
    # A programs-only file later says nothing about USB: the finding stays open.
    programs = [_program("Mozilla Firefox", "128.0", "Mozilla", "PF3ABC12")]
    import_inventory(world.council, json.dumps(programs).encode(), actor=SETUP, now=NOW)
    finding.refresh_from_db()
    assert finding.resolved_at is None


def test_deb_packages_and_macos_apps_are_read_by_their_columns(world):
    make_issued_device(world, kind="laptop", serial="LNX1")
    make_issued_device(world, kind="laptop", serial="MAC1")
    deb = {
        "name": "qbittorrent",
        "version": "4.6.2-1",
        "source": "",
        "size": "30112",
        "arch": "amd64",
        "revision": "1",
        "status": "install ok installed",
        "maintainer": "Debian BitTorrent Maintainers",
        "section": "net",
        "priority": "optional",
        "hardware_serial": "LNX1",
    }
    app = {
        "name": "Steam.app",
        "path": "/Applications/Steam.app",
        "bundle_executable": "steam_osx",
        "bundle_identifier": "com.valvesoftware.steam",
        "bundle_name": "Steam",
        "bundle_short_version": "1.0.0.79",
        "bundle_version": "1.0.0.79",
        "bundle_package_type": "APPL",
        "hardware_serial": "MAC1",
    }
    report = import_inventory(world.council, json.dumps([deb, app]).encode(), actor=SETUP)
    assert report.ok, report.problems
    rows = {s.table: (s.name, s.version, s.publisher) for s in InstalledSoftware.objects.all()}
    assert rows["deb_packages"] == ("qbittorrent", "4.6.2-1", "Debian BitTorrent Maintainers")
    assert rows["apps"] == ("Steam", "1.0.0.79", "com.valvesoftware.steam")
    assert set(SoftwareFinding.objects.values_list("check_name", flat=True)) == {"personal"}


def test_fleet_and_plain_csv_import_but_a_hosts_count_export_is_refused(world):
    make_issued_device(world, kind="laptop", serial="PF3ABC12")
    fleet = (
        "name,version,source,vulnerabilities,hardware_serial\n"
        "Google Chrome,124.0.6367.61,programs,CVE-2024-4671,PF3ABC12\n"
    )
    assert import_inventory(world.council, fleet.encode(), actor=SETUP).findings_opened == 1
    plain = "device serial,name,version,publisher\npf3abc12,7-Zip,23.01,Igor Pavlov\n"
    assert import_inventory(world.council, plain.encode(), actor=SETUP).software == 1
    counted = "name,version,source,hosts\nGoogle Chrome,124.0,programs,14\n"
    with assert_not_audited(world.council):
        report = import_inventory(world.council, counted.encode(), actor=SETUP)
    assert "does not say which" in report.problems[0].message


def test_a_file_with_any_problem_is_refused_whole_with_each_record_named(world):
    make_issued_device(world, kind="laptop", serial="PF3ABC12")
    rows = [
        _program("Mozilla Firefox", "128.0", "Mozilla", "PF3ABC12"),
        _program("Zoom", "6.0", "Zoom", "NOSUCHSERIAL"),
        _program("", "1.0", "Nobody", "PF3ABC12"),
    ]
    with assert_not_audited(world.council):
        report = import_inventory(world.council, json.dumps(rows).encode(), actor=SETUP)
    assert [(p.line, p.message) for p in report.problems] == [
        (2, "no device with serial NOSUCHSERIAL in the register"),
        (3, "no software name"),
    ]
    assert not SoftwareScan.objects.exists()
    assert import_inventory(world.council, b"{not json", actor=SETUP).problems[0].line == 0


def test_the_import_page_and_the_api_take_an_inventory(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    laptop = make_issued_device(world, kind="laptop")
    client.force_login(world.it_provider)
    rows = [_program("uTorrent", "3.6", "BitTorrent Inc.", "")]
    upload = SimpleUploadedFile("programs.json", json.dumps(rows).encode())
    with assert_audited(world.council, Event.SOFTWARE_IMPORTED):
        response = client.post(_url(world, "scan_import"), {"file": upload, "device": laptop.pk})
    scan = SoftwareScan.objects.get()
    assert response["Location"] == _url(world, "scan_detail", pk=scan.pk)

    api = APIClient()
    api.force_authenticate(world.clerk)
    rows = [_program("Notepad++", "8.6", "Notepad++ Team", laptop.serial)]
    upload = SimpleUploadedFile("programs.json", json.dumps(rows).encode())
    response = api.post(
        f"/api/councils/{world.council.slug}/devices/software-import/",
        {"file": upload},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["new"], body["findings_opened"], body["findings_resolved"]) == (1, 1, 1)


def test_the_scan_list_costs_the_same_queries_for_one_scan_or_many(client, world):
    client.force_login(world.clerk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(world, "scan_list")).status_code == 200
        return len(captured)

    laptop = make_issued_device(world, kind="laptop")
    rows = [_program("uTorrent", "3.6", "BitTorrent Inc.", laptop.serial)]
    import_inventory(world.council, json.dumps(rows).encode(), actor=SETUP)
    queries()
    one = queries()
    for n in range(8):
        device = make_issued_device(world, kind="laptop")
        rows = [_program(f"Tool {n}", "1.0", "Acme", device.serial)]
        import_inventory(world.council, json.dumps(rows).encode(), actor=SETUP)
    assert queries() == one


def test_the_same_osquery_output_from_two_identical_laptops_is_two_scans(world):
    first = make_issued_device(world, kind="laptop")
    second = make_issued_device(world, kind="laptop")
    content = json.dumps([_program("uTorrent", "3.6", "BitTorrent Inc.", "")]).encode()
    assert import_inventory(world.council, content, device=first, actor=SETUP).devices == 1
    assert import_inventory(world.council, content, device=second, actor=SETUP).devices == 1
    assert import_inventory(world.council, content, device=second, actor=SETUP).already_imported
    assert SoftwareFinding.objects.filter(subject="uTorrent").count() == 2
