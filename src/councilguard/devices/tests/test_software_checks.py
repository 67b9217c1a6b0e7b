"""Software checks of issue 21 (B 5.1.8, B 8.1.1, A "Personal use"): host names on the register
and scans matched by them, antivirus from osquery's Windows Security Center tables and Intune's
Defender fields, devices not scanned within the council's days, Intune's discovered-apps export,
licence counts, and apps from the recognised stores where the council allows them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from django.urls import reverse

from councilguard.audit.events import Event
from councilguard.devices.approvals import ApprovalError, set_catalogue_entry
from councilguard.devices.models import (
    Device,
    InstalledSoftware,
    InventoryImport,
    LicenceFinding,
    PostureFinding,
    SoftwareFinding,
    SoftwareScan,
    Task,
)
from councilguard.devices.posture import import_mdm_export
from councilguard.devices.services import DeviceData, DeviceError, update_device, update_settings
from councilguard.devices.software import daily_checks, import_inventory
from councilguard.devices.testing import make_device, make_issued_device
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.world import SETUP

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _url(world, name, **kwargs):
    return reverse(f"devices:{name}", kwargs={"council": world.council.slug, **kwargs})


def _open(device, check):
    return SoftwareFinding.objects.filter(device=device, check_name=check, resolved_at=None)


# --- host names ---


def test_the_clerk_gives_a_device_its_host_name_and_sees_it_on_its_page(client, world):
    laptop = make_device(world, kind="laptop", serial="PF3ABC12")
    client.force_login(world.clerk)
    form = {
        "kind": "laptop",
        "make": "Samsung",
        "model": "Galaxy A55",
        "serial": "PF3ABC12",
        "host_name": "  CLERK-LT01 ",
        "condition": "good",
        "status": "in_stock",
    }
    with assert_audited(world.council, Event.DEVICE_UPDATED):
        response = client.post(_url(world, "device_edit", pk=laptop.pk), form)
    assert response.status_code == 302
    laptop.refresh_from_db()
    assert laptop.host_name == "CLERK-LT01"
    page = client.get(_url(world, "device_detail", pk=laptop.pk)).content.decode()
    assert "Host name" in page and "CLERK-LT01" in page
    edit = client.get(_url(world, "device_edit", pk=laptop.pk)).content.decode()
    assert 'value="CLERK-LT01"' in edit


def test_two_devices_cannot_share_a_host_name_whatever_its_case(world):
    make_device(world, kind="laptop", host_name="CLERK-LT01")
    try:
        make_device(world, kind="laptop", host_name="clerk-lt01")
    except DeviceError as exc:
        assert "host name clerk-lt01 is already in the register" in str(exc)
    else:
        raise AssertionError("a second device took the same host name")
    assert Device.objects.filter(host_name__iexact="clerk-lt01").count() == 1


def test_osquery_rows_with_a_host_name_and_no_serial_find_their_device(world):
    laptop = make_issued_device(world, kind="laptop", serial="PF3ABC12", host_name="CLERK-LT01")
    rows = [
        {
            "name": "Zoom Workplace",
            "version": "6.0.2",
            "publisher": "Zoom",
            "hostname": "clerk-lt01",
        },
        {"name": "Notepad++", "version": "8.6", "publisher": "Don Ho", "hostname": "other-pc"},
    ]
    report = import_inventory(world.council, json.dumps(rows).encode(), actor=SETUP, now=NOW)
    # Nothing is half-applied: the unknown host refuses the file, by its record number.
    assert [(p.line, p.message) for p in report.problems] == [
        (2, "no device with host name other-pc in the register")
    ]
    assert not SoftwareScan.objects.exists()
    report = import_inventory(world.council, json.dumps(rows[:1]).encode(), actor=SETUP, now=NOW)
    assert report.ok, report.problems
    assert SoftwareScan.objects.get().device == laptop


def test_a_serial_the_register_lacks_falls_back_to_the_host_name(world):
    laptop = make_issued_device(world, kind="laptop", serial="PF3ABC12", host_name="CLERK-LT01")
    rows = [
        {"name": "Zoom", "version": "6", "hardware_serial": "NEWBOARD1", "hostname": "CLERK-LT01"}
    ]
    report = import_inventory(world.council, json.dumps(rows).encode(), actor=SETUP, now=NOW)
    assert report.ok, report.problems
    assert SoftwareScan.objects.get().device == laptop


# --- antivirus from osquery (B 5.1.8) ---


def _centre(serial, antivirus):
    """A row of osquery's ``windows_security_center`` joined with ``system_info``."""
    return {
        "firewall": "Good",
        "autoupdate": "Good",
        "antivirus": antivirus,
        "antispyware": antivirus,
        "internet_settings": "Good",
        "windows_security_center_service": "Good",
        "user_account_control": "Good",
        "hardware_serial": serial,
    }


def _product(serial, name, state, up_to_date, kind="Antivirus"):
    """A row of osquery's ``windows_security_products``."""
    return {
        "type": kind,
        "name": name,
        "state": state,
        "state_timestamp": "Mon, 02 Mar 2026 08:00:00 GMT",
        "remediation_path": "windowsdefender://",
        "signatures_up_to_date": up_to_date,
        "hardware_serial": serial,
    }


def test_antivirus_reported_poor_by_the_security_centre_is_a_finding_with_its_own_task(world):
    laptop = make_issued_device(world, kind="laptop", serial="PF3ABC12")
    content = json.dumps({"windows_security_center": [_centre("PF3ABC12", "Poor")]}).encode()
    with assert_audited(world.council, Event.SOFTWARE_IMPORTED):
        report = import_inventory(world.council, content, actor=SETUP, now=NOW)
    assert report.ok and report.findings_opened == 1
    finding = _open(laptop, "antivirus").get()
    assert finding.clause == "B 5.1.8"
    assert finding.evidence == (
        "Antivirus is missing or not working: Windows Security reports antivirus protection as Poor"
    )
    assert finding.task.person == world.people["staff"]
    assert finding.task.title.startswith("Turn antivirus on and update it on ")
    assert SoftwareScan.objects.get().antivirus_ok is False


def test_security_products_need_one_antivirus_on_and_up_to_date(world):
    on_and_current = make_issued_device(world, kind="laptop", serial="AV1")
    only_defender_off = make_issued_device(world, kind="laptop", serial="AV2")
    out_of_date = make_issued_device(world, kind="laptop", serial="AV3")
    defender_makes_way = make_issued_device(world, kind="laptop", serial="AV4")
    firewall_only = make_issued_device(world, kind="laptop", serial="AV5")
    rows = [
        _product("AV1", "Windows Defender", "On", "1"),
        _product("AV2", "Windows Defender", "Off", "1"),
        _product("AV3", "Windows Defender", "On", "0"),
        # Another antivirus on: Windows lists Defender as off to make way for it.
        _product("AV4", "Windows Defender", "Off", "1"),
        _product("AV4", "Norton Security", "On", "1"),
        _product("AV5", "Windows Firewall", "On", "1", kind="Firewall"),
    ]
    report = import_inventory(world.council, json.dumps(rows).encode(), actor=SETUP, now=NOW)
    assert report.ok, report.problems
    evidence = {
        f.device.serial: f.evidence
        for f in SoftwareFinding.objects.filter(check_name="antivirus").select_related("device")
    }
    assert evidence == {
        "AV2": "Antivirus is missing or not working: Windows Defender is turned off",
        "AV3": "Antivirus is missing or not working: Windows Defender has out-of-date virus "
        "definitions",
        "AV5": "Antivirus is missing or not working: no antivirus is installed",
    }
    scans = dict(SoftwareScan.objects.values_list("device__serial", "antivirus_ok"))
    assert scans == {"AV1": True, "AV2": False, "AV3": False, "AV4": True, "AV5": False}
    # Security rows alone are no software scan: they leave the software checks alone.
    assert not InstalledSoftware.objects.exists()
    del on_and_current, only_defender_off, out_of_date, defender_makes_way, firewall_only


def test_a_later_scan_with_antivirus_good_resolves_the_finding_and_its_task(world):
    laptop = make_issued_device(world, kind="laptop", serial="PF3ABC12")
    bad = json.dumps([_centre("PF3ABC12", "Snoozed")]).encode()
    import_inventory(world.council, bad, actor=SETUP, now=NOW)
    finding = _open(laptop, "antivirus").get()
    # A software list without security rows says nothing about antivirus.
    programs = json.dumps([{"name": "Zoom", "version": "6", "hardware_serial": "PF3ABC12"}])
    import_inventory(world.council, programs.encode(), actor=SETUP, now=NOW + timedelta(hours=1))
    assert _open(laptop, "antivirus").exists()
    good = json.dumps([_centre("PF3ABC12", "Good")]).encode()
    report = import_inventory(world.council, good, actor=SETUP, now=NOW + timedelta(days=1))
    assert report.findings_resolved == 1
    finding.refresh_from_db()
    assert finding.resolved_at == NOW + timedelta(days=1)
    assert Task.objects.get(pk=finding.task_id).done_at == NOW + timedelta(days=1)


# --- antivirus from Intune (B 5.1.8) ---


def test_intune_defender_fields_turned_off_are_a_finding_matched_by_device_name(world):
    laptop = make_issued_device(world, kind="laptop", serial="PF3ABC12", host_name="CLERK-LT01")
    desk = make_issued_device(world, kind="desktop", serial="7XJ2KQ3", host_name="OFFICE-PC")
    seen = "2026-03-01T17:00:00Z"
    export = (
        "Device name,Malware protection,Real-time protection,Signature update overdue,"
        "Last reported date time,Device state\n"
        f"clerk-lt01,Disabled,Disabled,Yes,{seen},Clean\n"
        f"OFFICE-PC,Enabled,Enabled,No,{seen},Clean\n"
    )
    with assert_audited(world.council, Event.POSTURE_IMPORTED):
        report = import_mdm_export(world.council, export.encode(), actor=SETUP, now=NOW)
    assert report.ok, report.problems
    assert report.unknown_columns == []
    finding = PostureFinding.objects.get(device=laptop, check_name="antivirus")
    assert finding.clause == "B 5.1.8"
    assert finding.evidence == (
        "Antivirus not working: malware protection is turned off, real-time protection is "
        "turned off, virus definitions are out of date"
    )
    assert not PostureFinding.objects.filter(device=desk).exists()


def test_graph_json_with_defender_state_nested_and_a_file_without_encryption_keeps_it(world):
    laptop = make_issued_device(world, kind="laptop", serial="PF3ABC12")
    first = "SerialNumber,EncryptionStatusString,LastContact\nPF3ABC12,Not encrypted,2026-03-01\n"
    import_mdm_export(world.council, first.encode(), actor=SETUP, now=NOW)
    assert PostureFinding.objects.filter(device=laptop, check_name="encrypted").exists()
    graph = {
        "value": [
            {
                "serialNumber": "PF3ABC12",
                "lastSyncDateTime": "2026-03-02T08:00:00Z",
                "windowsProtectionState": {
                    "malwareProtectionEnabled": True,
                    "realTimeProtectionEnabled": False,
                    "signatureUpdateOverdue": False,
                },
            }
        ]
    }
    report = import_mdm_export(world.council, json.dumps(graph).encode(), actor=SETUP, now=NOW)
    assert report.ok, report.problems
    open_checks = set(
        PostureFinding.objects.filter(device=laptop, resolved_at=None).values_list(
            "check_name", flat=True
        )
    )
    # Encryption was not in the second file, so its finding stands.
    assert open_checks == {"encrypted", "antivirus"}
    assert (
        PostureFinding.objects.get(check_name="antivirus").evidence
        == "Antivirus not working: real-time protection is turned off"
    )


# --- not scanned within the council's days (B 5.1.8) ---


def _scan(device, when):
    # Each scan's file differs (the time it ran), as real ones do: the same file is a no-op.
    rows = [{"name": "Zoom", "version": "6", "hardware_serial": device.serial, "at": str(when)}]
    report = import_inventory(
        device.council, json.dumps(rows).encode(), actor=SETUP, now=when, device=None
    )
    assert report.ok, report.problems


def test_a_device_scanned_exactly_the_councils_days_ago_is_in_time_and_a_second_more_is_not(
    world,
):
    at = make_issued_device(world, kind="laptop", serial="AT")
    below = make_issued_device(world, kind="laptop", serial="BELOW")
    above = make_issued_device(world, kind="laptop", serial="ABOVE")
    _scan(at, NOW - timedelta(days=35))
    _scan(below, NOW - timedelta(days=34))
    _scan(above, NOW - timedelta(days=35, seconds=1))
    with assert_audited(world.council, Event.SOFTWARE_SCANS_CHECKED):
        changed = daily_checks(world.council, actor=SETUP, now=NOW)
    assert changed == 1
    finding = SoftwareFinding.objects.get(check_name="not_scanned")
    assert finding.device == above and finding.scan is None
    assert finding.clause == "B 5.1.8"
    assert finding.evidence == (
        f"{above} has not been checked for software and viruses for more than 35 days "
        "(last scanned 26 January 2026)"
    )
    # The clerk's task (no person), due after the grace period.
    assert finding.task.person is None
    assert finding.task.due_at == NOW + timedelta(days=7)
    assert finding.task.title == f"Scan {above} for software and viruses (B 5.1.8)"
    # The same check again changes nothing and writes nothing.
    with assert_not_audited(world.council):
        assert daily_checks(world.council, actor=SETUP, now=NOW) == 0


def test_the_council_sets_the_days_and_a_scan_resolves_the_finding(world):
    laptop = make_issued_device(world, kind="laptop", serial="PF3ABC12")
    _scan(laptop, NOW - timedelta(days=20))
    update_settings(world.council, {"scan_max_age_days": 14}, actor=SETUP)
    daily_checks(world.council, actor=SETUP, now=NOW)
    finding = _open(laptop, "not_scanned").get()
    # A new scan is the check the clause asks for.
    _scan(laptop, NOW + timedelta(hours=1))
    finding.refresh_from_db()
    assert finding.resolved_at == NOW + timedelta(hours=1)
    assert finding.task.done_at == NOW + timedelta(hours=1)
    # Raising the days back resolves a finding the new limit no longer makes.
    update_settings(world.council, {"scan_max_age_days": 14}, actor=SETUP)
    daily_checks(world.council, actor=SETUP, now=NOW + timedelta(days=16))
    assert _open(laptop, "not_scanned").exists()
    update_settings(world.council, {"scan_max_age_days": 60}, actor=SETUP)
    daily_checks(world.council, actor=SETUP, now=NOW + timedelta(days=16))
    assert not _open(laptop, "not_scanned").exists()


def test_a_device_never_scanned_counts_from_its_addition_and_only_computers_in_use_count(world):
    laptop = make_issued_device(world, kind="laptop", serial="NEVER")
    make_device(world, kind="removable_media", serial="USB1")
    make_device(world, kind="laptop", serial="OLD", status="retired")
    Device.objects.update(created_at=NOW - timedelta(days=40))
    daily_checks(world.council, actor=SETUP, now=NOW)
    found = SoftwareFinding.objects.get(check_name="not_scanned")
    assert found.device == laptop
    assert found.evidence.endswith("(never scanned)")
    Device.objects.filter(pk=laptop.pk).update(created_at=NOW - timedelta(days=35))
    SoftwareFinding.objects.all().delete()
    Task.objects.all().delete()
    daily_checks(world.council, actor=SETUP, now=NOW)
    assert not SoftwareFinding.objects.exists()


def test_the_settings_page_explains_the_days_and_the_stores_and_saves_them(client, world):
    client.force_login(world.clerk)
    page = client.get(_url(world, "settings")).content.decode()
    assert "periodically checked and scanned for unauthorised programmes and viruses" in page
    assert "35 days allows a monthly scan" in page
    assert "Microsoft Store, Apple's App Store or Google Play" in page
    form = {
        "max_lock_minutes": 5,
        "stale_after_days": 30,
        "patch_max_age_days": 90,
        "grace_days": 7,
        "insurance_excess": "0",
        "duties_renew_days": 365,
        "scan_max_age_days": 31,
        "store_apps_allowed": "on",
    }
    with assert_audited(world.council, Event.DEVICE_SETTINGS_CHANGED):
        client.post(_url(world, "settings"), form)
    from councilguard.devices.services import settings_for

    saved = settings_for(world.council)
    assert (saved.scan_max_age_days, saved.store_apps_allowed) == (31, True)


# --- Intune's discovered apps (AppInvRawData) ---

APP_INV_HEADER = (
    "ApplicationKey,ApplicationName,ApplicationPublisher,ApplicationShortVersion,"
    "ApplicationVersion,DeviceId,DeviceName,OSDescription,OSVersion,Platform,UserId,"
    "EmailAddress,UserName\n"
)


def _app(name, publisher, version, device_name, key="", platform="Windows"):
    return (
        f"{key or name},{name},{publisher},{version},{version},"
        f"0f6e0a8c-1111-2222-3333-444455556666,{device_name},Windows 11 Pro,10.0.26100,"
        f"{platform},9a7b0000-0000-0000-0000-000000000001,clerk@ashby.example,Clerk\n"
    )


def test_intune_discovered_apps_are_a_scan_matched_by_device_name(world):
    set_catalogue_entry(world.council, name="Mozilla Firefox", actor=SETUP)
    laptop = make_issued_device(world, kind="laptop", serial="PF3ABC12", host_name="CLERK-LT01")
    content = (
        APP_INV_HEADER
        + _app("Mozilla Firefox", "Mozilla", "128.0.3", "CLERK-LT01")
        + _app("Steam", "Valve Corporation", "2.10.91.91", "CLERK-LT01")
        + _app("Spotify", "Spotify AB", "1.2.31", "clerk-lt01")
    ).encode("utf-8-sig")
    with assert_audited(world.council, Event.SOFTWARE_IMPORTED):
        report = import_inventory(world.council, content, actor=SETUP, now=NOW)
    assert report.ok, report.problems
    assert (report.format, report.devices, report.software) == ("intune_apps", 1, 3)
    scan = SoftwareScan.objects.get()
    assert scan.device == laptop
    assert scan.source.get_format_display() == "Intune discovered apps"
    found = dict(_open(laptop, "personal").values_list("subject", "clause"))
    assert found == {"Steam": 'A "Personal use"'}
    assert set(_open(laptop, "not_in_catalogue").values_list("subject", flat=True)) == {"Spotify"}
    publishers = dict(InstalledSoftware.objects.values_list("name", "publisher"))
    assert publishers["Steam"] == "Valve Corporation"

    with assert_not_audited(world.council):
        again = import_inventory(world.council, content, actor=SETUP, now=NOW)
    assert again.already_imported
    assert SoftwareScan.objects.count() == 1


def test_a_bad_intune_export_is_refused_whole_with_its_lines(world):
    make_issued_device(world, kind="laptop", serial="PF3ABC12", host_name="CLERK-LT01")
    content = (
        APP_INV_HEADER
        + _app("Mozilla Firefox", "Mozilla", "128.0.3", "CLERK-LT01")
        + _app("Zoom", "Zoom", "6.0", "RECEPTION-PC")
        + _app("", "Nobody", "1.0", "CLERK-LT01", key="blank")
    ).encode()
    report = import_inventory(world.council, content, actor=SETUP, now=NOW)
    assert [(p.line, p.message) for p in report.problems] == [
        (3, "no device with host name RECEPTION-PC in the register"),
        (4, "no software name"),
    ]
    assert not SoftwareScan.objects.exists()
    assert not InventoryImport.objects.exists()


# --- apps from the recognised stores ---


def _store_rows():
    return (
        b"hostname,name,version,publisher,store\n"
        b"CLERK-LT01,Microsoft To Do,2.114,Microsoft Corporation,Microsoft Store\n"
        b"CLERK-LT01,WhatsApp,2.24,WhatsApp Inc.,Microsoft Store\n"
        b"CLERK-LT01,Netflix,6.99,Netflix Inc.,Microsoft Store\n"
        b"CLERK-LT01,Free Video Converter,5.0,Unknown,downloads\n"
    )


def test_store_apps_need_the_catalogue_unless_the_council_allows_the_stores(world):
    laptop = make_issued_device(world, kind="laptop", serial="PF3ABC12", host_name="CLERK-LT01")
    import_inventory(world.council, _store_rows(), actor=SETUP, now=NOW)
    strict = set(_open(laptop, "not_in_catalogue").values_list("subject", flat=True))
    assert strict == {"Microsoft To Do", "WhatsApp", "Free Video Converter"}

    update_settings(world.council, {"store_apps_allowed": True}, actor=SETUP)
    rows = _store_rows() + b"CLERK-LT01,Slack,4.41,Slack Technologies,Google Play\n"
    report = import_inventory(world.council, rows, actor=SETUP, now=NOW + timedelta(days=1))
    assert report.ok, report.problems
    latest = SoftwareScan.objects.order_by("-scanned_at").first()
    verdicts = dict(latest.software.values_list("name", "verdict"))
    assert verdicts == {
        "Microsoft To Do": "from_store",
        "WhatsApp": "from_store",
        "Slack": "from_store",
        # Personal stays personal wherever it came from (A "Personal use").
        "Netflix": "personal",
        "Free Video Converter": "not_in_catalogue",
    }
    assert set(_open(laptop, "not_in_catalogue").values_list("subject", flat=True)) == {
        "Free Video Converter"
    }


def test_a_catalogue_entry_still_rules_on_versions_of_a_store_app(world):
    laptop = make_issued_device(world, kind="laptop", serial="PF3ABC12", host_name="CLERK-LT01")
    update_settings(world.council, {"store_apps_allowed": True}, actor=SETUP)
    set_catalogue_entry(world.council, name="WhatsApp", versions="3.*", actor=SETUP)
    import_inventory(world.council, _store_rows(), actor=SETUP, now=NOW)
    assert _open(laptop, "not_in_catalogue").filter(subject="WhatsApp").exists()


# --- licences (B 8.1.1) ---


def _installed(world, serials, name="Adobe Acrobat Pro", when=NOW):
    rows = [
        {"name": name, "version": "24.1", "publisher": "Adobe", "hardware_serial": s}
        for s in serials
    ]
    report = import_inventory(world.council, json.dumps(rows).encode(), actor=SETUP, now=when)
    assert report.ok, report.problems
    return report


def test_more_installations_than_licences_is_a_finding_and_at_the_count_it_is_not(world):
    for serial in ("L1", "L2", "L3"):
        make_issued_device(world, kind="laptop", serial=serial)
    set_catalogue_entry(world.council, name="Adobe Acrobat Pro", licences=2, actor=SETUP)
    report = _installed(world, ["L1", "L2"])
    assert report.licence_findings == 0 and not LicenceFinding.objects.exists()

    report = _installed(world, ["L3"], when=NOW + timedelta(hours=1))
    assert report.licence_findings == 1
    finding = LicenceFinding.objects.get()
    assert (finding.installations, finding.licences, finding.clause) == (3, 2, "B 8.1.1")
    assert finding.evidence == (
        "Adobe Acrobat Pro is installed on 3 devices but the council has 2 licences: copies "
        "beyond the licences are unlicensed (pirated) copies"
    )
    assert finding.task.person is None
    assert finding.task.title == (
        "Buy licences for Adobe Acrobat Pro, or remove it from 1 device(s) (B 8.1.1)"
    )

    # A fourth licence bought: the clerk's change resolves it, in its audit entry.
    with assert_audited(world.council, Event.CATALOGUE_CHANGED):
        set_catalogue_entry(world.council, name="Adobe Acrobat Pro", licences=4, actor=SETUP)
    finding.refresh_from_db()
    assert finding.resolved_at is not None and finding.task.done_at is not None
    # Back down to 2, below the 3 installed: found again at once.
    set_catalogue_entry(world.council, name="Adobe Acrobat Pro", licences=2, actor=SETUP)
    assert LicenceFinding.objects.filter(resolved_at=None).count() == 1


def test_retired_devices_and_older_scans_do_not_count_against_the_licences(world):
    make_issued_device(world, kind="laptop", serial="L1")
    spare = make_device(world, kind="laptop", serial="L2")
    set_catalogue_entry(world.council, name="Adobe *", licences=1, actor=SETUP)
    _installed(world, ["L1", "L2"])
    assert LicenceFinding.objects.filter(resolved_at=None).count() == 1
    # The spare laptop retired: the daily check no longer counts it.
    data = DeviceData(kind="laptop", make="Samsung", model="Galaxy A55", serial="L2")
    data.status = "retired"
    update_device(spare, data, actor=SETUP)
    with assert_audited(world.council, Event.SOFTWARE_SCANS_CHECKED):
        daily_checks(world.council, actor=SETUP, now=NOW + timedelta(hours=1))
    assert not LicenceFinding.objects.filter(resolved_at=None).exists()
    # L1's newer scan no longer has it, and L2 back in stock has it: one, within the licence.
    data.status = "in_stock"
    update_device(spare, data, actor=SETUP)
    rows = [{"name": "Zoom", "version": "6", "hardware_serial": "L1"}]
    import_inventory(
        world.council, json.dumps(rows).encode(), actor=SETUP, now=NOW + timedelta(hours=2)
    )
    assert not LicenceFinding.objects.filter(resolved_at=None).exists()


def test_a_licence_count_is_a_whole_number_not_below_nought(world):
    try:
        set_catalogue_entry(world.council, name="Adobe Acrobat Pro", licences=-1, actor=SETUP)
    except ApprovalError as exc:
        assert str(exc) == "the number of licences is a whole number, 0 or more"
    else:
        raise AssertionError("a negative licence count was saved")


def test_the_catalogue_page_shows_licences_installations_and_the_finding(client, world):
    for serial in ("L1", "L2", "L3"):
        make_issued_device(world, kind="laptop", serial=serial)
    set_catalogue_entry(world.council, name="Adobe Acrobat Pro", licences=2, actor=SETUP)
    set_catalogue_entry(world.council, name="Mozilla Firefox", actor=SETUP)
    _installed(world, ["L1", "L2", "L3"])
    client.force_login(world.clerk)
    page = client.get(_url(world, "catalogue")).content.decode()
    assert "2, installed on 3 devices" in page
    assert "Too few licences" in page
    assert "Not counted" in page
    assert "More copies installed than the council has licences for" in page
    form = {"name": "Mozilla Firefox", "publisher": "Mozilla", "versions": "", "licences": "10"}
    with assert_audited(world.council, Event.CATALOGUE_CHANGED):
        client.post(_url(world, "catalogue_add"), form)
    assert "10, installed on 0 devices" in client.get(_url(world, "catalogue")).content.decode()


def test_the_daily_job_checks_every_council_as_the_worker(world):
    from councilguard.audit.actors import Actor
    from councilguard.audit.models import AuditEntry
    from councilguard.core.jobs import all_schedules
    from councilguard.devices.jobs import software_checks

    assert "devices.software" in {schedule.name for schedule in all_schedules()}
    make_issued_device(world, kind="laptop", serial="NEVER")
    Device.objects.update(created_at=datetime.now(UTC) - timedelta(days=36))
    results = software_checks.call()
    assert results[world.council.slug] == 1
    entry = AuditEntry.objects.filter(
        council=world.council, event=Event.SOFTWARE_SCANS_CHECKED
    ).get()
    assert entry.actor_label == Actor.system("worker").label
