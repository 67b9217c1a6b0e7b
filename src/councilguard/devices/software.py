"""Software inventory scans (C10): import what is installed on council devices (osquery JSON
from the ``programs``, ``deb_packages``, ``apps`` and ``usb_devices`` tables and the Windows
Security Center's ``windows_security_center`` and ``windows_security_products``; a Fleet
per-host software export; Intune's discovered-apps export, ``AppInvRawData``; or a plain CSV),
and turn software not in the catalogue, personal software, unapproved removable media and
missing or disabled antivirus into findings that cite their clause, each with a task for the
device's holder, resolved when a later scan no longer shows it. Beside the scans: devices not
scanned within the council's days (``check_scans_due``) and more installations than licences
(``check_licences``), both B 5.1.8 and B 8.1.1.

osquery JSON is what ``osqueryi --json "SELECT ..."`` prints: a list of row objects. Either the
rows carry the device's serial or host name (join ``system_info``: ``SELECT p.*,
s.hardware_serial, s.hostname FROM programs p, system_info s``) or the importer is told the
device. Several tables may come in one object keyed by table name: ``{"programs": [...],
"usb_devices": [...]}``.

CSV columns (any order, case-insensitive): a device serial (serial, device_serial,
hardware_serial, host_serial) or host name (hostname, host_name, computer_name, device_name),
name, and optionally version, publisher (or vendor), source, store. Intune's ``AppInvRawData``
is such a CSV: ApplicationName, ApplicationPublisher, ApplicationVersion and DeviceName (matched
to the register's host name); its other columns (ApplicationKey, DeviceId, OSDescription,
UserId, UserName ...) are not used.
"""

from __future__ import annotations

import csv
import fnmatch
import hashlib
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.csvkit import Problem
from councilguard.core.models import Council
from councilguard.core.untrusted import load_json
from councilguard.devices.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    CatalogueEntry,
    Device,
    DeviceKind,
    DeviceStatus,
    InstalledSoftware,
    InventoryFormat,
    InventoryImport,
    LicenceFinding,
    SoftwareCheck,
    SoftwareFinding,
    SoftwareScan,
    SoftwareVerdict,
    Task,
    UsbDeviceSeen,
)
from councilguard.devices.posture import decode, normalise_header
from councilguard.devices.services import create_task, settings_for

MAX_BYTES = 10 * 1024 * 1024

# A "Personal use of Council systems": personal software and apps are not stored on council
# systems. Consumer software nobody needs for council work: games and their stores, torrent
# clients, consumer streaming. Shell wildcards, matched case-insensitively against the name;
# the catalogue adds the council's own (entries marked personal).
PERSONAL_SOFTWARE = (
    "steam",
    "epic games launcher",
    "origin",
    "ea app",
    "battle.net",
    "gog galaxy",
    "ubisoft connect",
    "minecraft*",
    "roblox*",
    "fortnite*",
    "candy crush*",
    "solitaire collection",
    "utorrent*",
    "µtorrent*",
    "bittorrent*",
    "qbittorrent*",
    "transmission",
    "transmission-*",
    "deluge",
    "vuze*",
    "frostwire*",
    "limewire*",
    "popcorn time*",
    "kodi",
    "netflix",
    "tiktok",
)
# Hubs and keyboards, mice and other input devices are not removable media (USB classes 9, 3).
NOT_MEDIA_CLASSES = {"9", "09", "3", "03"}
CLAUSE_NOT_IN_CATALOGUE = "B 5.1.8"  # checked and scanned for unauthorised programmes
CLAUSE_PERSONAL = 'A "Personal use"'  # personal software or apps are not permitted
CLAUSE_USB = "B 1.1.6"  # personal storage only with the Clerk's prior approval
CLAUSE_ANTIVIRUS = "B 5.1.8"  # periodically checked and scanned for ... viruses
CLAUSE_SCANNED = "B 5.1.8"  # all computers will be periodically checked and scanned
CLAUSE_LICENCES = "B 8.1.1"  # copyright applies to software; copying without permission

SERIAL_KEYS = ("serial", "deviceserial", "hardwareserial", "hostserial", "serialnumber")
# osquery's system_info (hostname, computer_name, local_hostname), the results log's
# hostIdentifier, Fleet's hostname and Intune's DeviceName.
HOST_KEYS = (
    "hostname",
    "computername",
    "localhostname",
    "hostidentifier",
    "devicename",
    "manageddevicename",
)
NAME_KEYS = ("name", "softwarename", "bundlename", "applicationname", "appname")
VERSION_KEYS = (
    "version",
    "bundleshortversion",
    "softwareversion",
    "bundleversion",
    "applicationversion",
    "applicationshortversion",
)
PUBLISHER_KEYS = (
    "publisher",
    "vendor",
    "maintainer",
    "applicationpublisher",
    "bundleidentifier",
)
USB_KEYS = {"vendorid", "modelid"}
SECURITY_TABLES = ("windows_security_center", "windows_security_products")
# Where a row says the software came from: a store column, or the installer that put it there
# (Android's installer package name for Google Play is com.android.vending).
STORE_KEYS = ("store", "appstore", "installsource", "installer", "installerpackagename", "source")
# The recognised stores, as their names reduce to letters and digits.
RECOGNISED_STORES = (
    "microsoftstore",
    "windowsstore",
    "msstore",
    "appstore",
    "googleplay",
    "playstore",
    "comandroidvending",
)
# Devices a software scan can look at (B 5.1.8: "all computers"), while the council has them.
SCANNED_KINDS = (DeviceKind.LAPTOP, DeviceKind.DESKTOP, DeviceKind.PHONE, DeviceKind.TABLET)
SCANNED_STATUSES = (DeviceStatus.ISSUED, DeviceStatus.IN_STOCK)
# Devices whose installations no longer count against the council's licences.
GONE_STATUSES = (DeviceStatus.RETIRED, DeviceStatus.LOST, DeviceStatus.STOLEN)


@dataclass
class Item:
    name: str
    version: str
    publisher: str
    table: str
    from_store: bool = False


@dataclass
class Usb:
    vendor: str
    model: str
    serial: str
    vendor_id: str
    model_id: str


@dataclass
class DeviceInventory:
    device: Device
    software: dict[tuple[str, str], Item] = field(default_factory=dict)
    usb: list[Usb] = field(default_factory=list)
    # Which kinds of rows the file had for the device: a file of usb_devices alone says
    # nothing about installed software, so it resolves no software finding (and vice versa).
    has_software: bool = False
    has_usb: bool = False
    # Rows of the Windows Security Center tables: (table, row).
    security: list[tuple[str, dict[str, str]]] = field(default_factory=list)


@dataclass
class ScanReport:
    sha256: str
    format: str = ""
    records: int = 0
    devices: int = 0
    software: int = 0
    new: int = 0
    findings_opened: int = 0
    findings_resolved: int = 0
    licence_findings: int = 0
    already_imported: bool = False
    scans: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {
            "sha256": self.sha256,
            "format": self.format,
            "records": self.records,
            "devices": self.devices,
            "software": self.software,
            "new": self.new,
            "findings_opened": self.findings_opened,
            "findings_resolved": self.findings_resolved,
            "licence_findings": self.licence_findings,
            "already_imported": self.already_imported,
            "scans": self.scans,
            "problems": [{"line": p.line, "message": p.message} for p in self.problems],
        }


def _pick(row: dict[str, str], keys: tuple[str, ...]) -> str:
    for key in keys:
        if row.get(key):
            return row[key]
    return ""


def _table_of(row: dict[str, str], hint: str = "") -> str:
    if hint:
        return hint
    if row.keys() >= USB_KEYS:
        return "usb_devices"
    if row.keys() >= {"antivirus", "firewall", "autoupdate"}:
        return "windows_security_center"
    if row.keys() >= {"type", "state"} and row.keys() & {"signaturesuptodate", "remediationpath"}:
        return "windows_security_products"
    if "applicationname" in row:
        return "intune"
    if "bundleidentifier" in row or "bundleshortversion" in row:
        return "apps"
    if "maintainer" in row or ("arch" in row and "revision" in row):
        return "deb_packages"
    if "source" in row and row.get("source"):
        return row["source"][:30]
    return "programs"


def _normalise(raw: dict[str, Any]) -> dict[str, str]:
    return {
        normalise_header(str(k)): "" if v is None else str(v).strip()
        for k, v in raw.items()
        if not isinstance(v, dict | list)
    }


def _json_records(text: str) -> list[tuple[int, str, dict[str, str]]]:
    data = load_json(text)
    tables: list[tuple[str, Any]]
    if isinstance(data, list):
        tables = [("", data)]
    elif isinstance(data, dict) and all(isinstance(v, list) for v in data.values()):
        tables = list(data.items())
    else:
        raise ValueError("expected a list of rows, as osqueryi --json prints, or tables by name")
    records = []
    number = 0
    for hint, rows in tables:
        for raw in rows:
            number += 1  # JSON has no lines; records are numbered from 1 as they come
            if not isinstance(raw, dict):
                raise ValueError(f"record {number} is not an object")
            records.append((number, hint, _normalise(raw)))
    return records


def _csv_records(text: str) -> list[tuple[int, str, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    records = []
    for raw in reader:
        if None in raw:
            raise ValueError(f"line {reader.line_num} has more values than columns")
        row = _normalise(raw)
        if any(row.values()):
            records.append((reader.line_num, "", row))
    header = {normalise_header(n) for n in reader.fieldnames or []}
    if "hosts" in header and not header & set(SERIAL_KEYS):
        raise ValueError(
            "this Fleet export counts hosts but does not say which; export software per "
            "host, with the host's hardware serial"
        )
    return records


def import_inventory(
    council: Council,
    content: bytes,
    *,
    actor: Actor,
    device: Device | None = None,
    now: datetime | None = None,
) -> ScanReport:
    """Read the whole file (refused whole, with every problem by line or record), then record
    one scan per device in one transaction. The same file twice changes nothing."""
    now = now or timezone.now()
    report = ScanReport(sha256=hashlib.sha256(content).hexdigest())
    if len(content) > MAX_BYTES:
        report.problems.append(Problem(0, "the file is larger than 10 MB"))
        return report
    if device is not None and device.council_id != council.pk:
        raise ValueError("the device belongs to another council")
    earlier = InventoryImport.objects.filter(council=council, sha256=report.sha256, device=device)
    if earlier.exists():
        report.already_imported = True
        return report
    try:
        text = decode(content)
        stripped = text.lstrip()
        if stripped.startswith(("[", "{")):
            report.format = InventoryFormat.OSQUERY
            records = _json_records(stripped)
        else:
            records = _csv_records(text)
            intune = records and {"applicationname", "devicename"} <= records[0][2].keys()
            report.format = InventoryFormat.INTUNE_APPS if intune else InventoryFormat.CSV
    except (UnicodeDecodeError, ValueError, csv.Error) as exc:
        report.problems.append(Problem(0, f"the file cannot be read: {exc}"))
        return report
    if not records:
        report.problems.append(Problem(0, "the file has nothing in it"))
        return report
    register = list(Device.objects.in_council(council))
    by_serial = {d.serial.upper(): d for d in register if d.serial}
    by_host = {d.host_name.lower(): d for d in register if d.host_name}
    stores_allowed = settings_for(council).store_apps_allowed
    inventories: dict[int, DeviceInventory] = {}
    for number, hint, row in records:
        report.records += 1
        table = _table_of(row, hint)
        # A USB row's own "serial" is the stick's, not the computer's.
        keys = SERIAL_KEYS[1:] if table == "usb_devices" else SERIAL_KEYS
        serial = _pick(row, keys).upper()
        host = " ".join(_pick(row, HOST_KEYS).split())
        target = by_serial.get(serial) if serial else None
        target = target or (by_host.get(host.lower()) if host else None)
        if target is None and not serial and not host:
            target = device
        if target is None:
            report.problems.append(Problem(number, _no_device(serial, host)))
            continue
        inventory = inventories.setdefault(target.pk, DeviceInventory(target))
        if table in SECURITY_TABLES:
            inventory.security.append((table, row))
            continue
        if table == "usb_devices":
            inventory.has_usb = True
            if row.get("class", "") in NOT_MEDIA_CLASSES:
                continue
            inventory.usb.append(
                Usb(
                    vendor=row.get("vendor", "")[:200],
                    model=row.get("model", "")[:200],
                    serial=row.get("serial", "")[:200],
                    vendor_id=row.get("vendorid", "")[:10],
                    model_id=row.get("modelid", "")[:10],
                )
            )
            continue
        name = _pick(row, NAME_KEYS)
        if not name:
            report.problems.append(Problem(number, "no software name"))
            continue
        if table == "apps" and name.lower().endswith(".app"):
            name = name[:-4]  # macOS names apps by their bundle folder, "Steam.app"
        inventory.has_software = True
        version = _pick(row, VERSION_KEYS)[:100]
        from_store = stores_allowed and _from_store(row)
        item = Item(name[:200], version, _pick(row, PUBLISHER_KEYS)[:200], table, from_store)
        inventory.software.setdefault((item.name.lower(), item.version), item)
    if report.problems:
        return report
    try:
        with transaction.atomic():
            _record(council, inventories, report, device=device, actor=actor, now=now)
    except IntegrityError:
        # The same file imported at the same moment by someone else: theirs stands.
        if not earlier.exists():
            raise
        report = ScanReport(sha256=report.sha256, format=report.format, already_imported=True)
    return report


def _no_device(serial: str, host: str) -> str:
    if serial and host:
        return f"no device with serial {serial} or host name {host} in the register"
    if serial:
        return f"no device with serial {serial} in the register"
    if host:
        return f"no device with host name {host} in the register"
    return "no device serial or host name, and no device chosen for the file"


def _from_store(row: dict[str, str]) -> bool:
    """Whether the row says the software came from a recognised store."""
    for key in STORE_KEYS:
        value = normalise_header(row.get(key, ""))
        if value and any(store in value for store in RECOGNISED_STORES):
            return True
    return False


def _record(
    council: Council,
    inventories: dict[int, DeviceInventory],
    report: ScanReport,
    *,
    device: Device | None,
    actor: Actor,
    now: datetime,
) -> None:
    source = InventoryImport.objects.create(
        council=council,
        sha256=report.sha256,
        device=device,
        format=report.format,
        imported_at=now,
        imported_by_label=actor.label[:200],
    )
    catalogue = list(CatalogueEntry.objects.in_council(council))
    allowed_media = _allowed_media(council)
    for inventory in inventories.values():
        scan = _record_scan(source, inventory, catalogue, allowed_media, report, now=now)
        report.scans.append(scan.pk)
    report.devices = len(inventories)
    opened, resolved = check_licences(council, now=now)
    report.licence_findings = opened
    audit.record(
        council,
        Event.SOFTWARE_IMPORTED,
        actor=actor,
        summary=f"{report.devices} device(s), {report.software} program(s), "
        f"{report.new} new, {report.findings_opened} finding(s) opened, "
        f"{report.findings_resolved} resolved",
        changes={
            "sha256": report.sha256,
            "format": report.format,
            "scans": report.scans,
            "licence_findings_opened": opened,
            "licence_findings_resolved": resolved,
        },
    )


def _matches(pattern: str, name: str) -> bool:
    return fnmatch.fnmatchcase(name.lower(), pattern.lower())


def verdict_of(item: Item, catalogue: list[CatalogueEntry]) -> SoftwareVerdict:
    entries = [e for e in catalogue if _matches(e.name, item.name)]
    if any(e.personal for e in entries) or any(_matches(p, item.name) for p in PERSONAL_SOFTWARE):
        return SoftwareVerdict.PERSONAL
    if not entries:
        # ``from_store`` is only ever set where the council allows the recognised stores
        # (A "Making Personal Calls ...": apps from a reputable source); an entry in the
        # catalogue still rules on its versions.
        return SoftwareVerdict.FROM_STORE if item.from_store else SoftwareVerdict.NOT_IN_CATALOGUE
    if not any(e.allows(item.version) for e in entries):
        return SoftwareVerdict.VERSION_NOT_ALLOWED
    return SoftwareVerdict.APPROVED


def _allowed_media(council: Council) -> dict[str, str]:
    """Serial -> why it is allowed: council removable media in the register, and personal
    media the Clerk approved (B 1.1.6)."""
    allowed = {
        d.serial.upper(): f"council removable media {d}"
        for d in Device.objects.in_council(council).filter(kind=DeviceKind.REMOVABLE_MEDIA)
        if d.serial
    }
    for request in ApprovalRequest.objects.in_council(council).filter(
        kind=ApprovalKind.REMOVABLE_MEDIA, status=ApprovalStatus.APPROVED
    ):
        if request.media_serial:
            allowed[request.media_serial.strip().upper()] = f"approved request #{request.pk}"
    return allowed


def _record_scan(
    source: InventoryImport,
    inventory: DeviceInventory,
    catalogue: list[CatalogueEntry],
    allowed_media: dict[str, str],
    report: ScanReport,
    *,
    now: datetime,
) -> SoftwareScan:
    device, council = inventory.device, source.council
    previous = (
        device.software_scans.filter(software_count__gt=0).order_by("-scanned_at", "-pk").first()
        if inventory.has_software
        else None
    )
    before = {(s.name.lower(), s.version) for s in previous.software.all()} if previous else set()
    scan = SoftwareScan.objects.create(
        council=council, source=source, device=device, scanned_at=now
    )
    wanted: dict[tuple[str, str], tuple[str, str]] = {}  # (check, subject) -> (clause, evidence)
    rows = []
    for key, item in sorted(inventory.software.items()):
        verdict = verdict_of(item, catalogue)
        is_new = previous is not None and key not in before
        rows.append(
            InstalledSoftware(
                council=council,
                scan=scan,
                name=item.name,
                version=item.version,
                publisher=item.publisher,
                table=item.table,
                verdict=verdict,
                is_new=is_new,
            )
        )
        label = f"{item.name} {item.version}".strip()
        if verdict == SoftwareVerdict.PERSONAL:
            wanted[(SoftwareCheck.PERSONAL, item.name[:200])] = (
                CLAUSE_PERSONAL,
                f"personal software installed: {label}",
            )
        elif verdict not in (SoftwareVerdict.APPROVED, SoftwareVerdict.FROM_STORE):
            why = (
                "not in the catalogue"
                if verdict == SoftwareVerdict.NOT_IN_CATALOGUE
                else ("version not allowed by the catalogue")
            )
            wanted[(SoftwareCheck.NOT_IN_CATALOGUE, item.name[:200])] = (
                CLAUSE_NOT_IN_CATALOGUE,
                f"{label}: {why}",
            )
    InstalledSoftware.objects.bulk_create(rows)
    media = []
    for usb in inventory.usb:
        allowed_by = allowed_media.get(usb.serial.upper(), "") if usb.serial else ""
        media.append(UsbDeviceSeen(council=council, scan=scan, allowed_by=allowed_by, **vars(usb)))
        if not allowed_by:
            subject = usb.serial or f"{usb.vendor_id}:{usb.model_id}"
            wanted[(SoftwareCheck.UNKNOWN_USB, subject[:200])] = (
                CLAUSE_USB,
                f"USB device {usb.vendor} {usb.model} ({subject}) is neither council media "
                "nor approved",
            )
    UsbDeviceSeen.objects.bulk_create(media)
    if inventory.security:
        problem = antivirus_problem(inventory.security)
        scan.antivirus_ok = problem is None
        if problem:
            wanted[(SoftwareCheck.ANTIVIRUS, "antivirus")] = (CLAUSE_ANTIVIRUS, problem)
    scan.software_count = len(rows)
    scan.new_count = sum(1 for r in rows if r.is_new)
    scan.save(update_fields=["software_count", "new_count", "antivirus_ok"])
    report.software += scan.software_count
    report.new += scan.new_count
    covered = set()
    if inventory.has_software:
        # A software scan is the periodic check B 5.1.8 asks for.
        covered |= {SoftwareCheck.NOT_IN_CATALOGUE, SoftwareCheck.PERSONAL}
        covered.add(SoftwareCheck.NOT_SCANNED)
    if inventory.has_usb:
        covered.add(SoftwareCheck.UNKNOWN_USB)
    if inventory.security:
        covered.add(SoftwareCheck.ANTIVIRUS)
    opened, resolved = _apply_findings(scan, wanted, covered, now=now)
    report.findings_opened += opened
    report.findings_resolved += resolved
    return scan


def _apply_findings(
    scan: SoftwareScan,
    wanted: dict[tuple[str, str], tuple[str, str]],
    covered: set[str],
    *,
    now: datetime,
) -> tuple[int, int]:
    """Open what is new, resolve what the scan no longer shows (of the checks it ``covered``).
    New findings of one scan share one task for the device's holder, done when all its
    findings are resolved."""
    device = scan.device
    open_findings = {
        (f.check_name, f.subject): f
        for f in SoftwareFinding.objects.filter(device=device, resolved_at__isnull=True)
    }
    resolved_tasks = set()
    resolved = 0
    for key, finding in open_findings.items():
        if key[0] in covered and key not in wanted:
            finding.resolved_at, finding.resolved_by_scan = now, scan
            finding.save(update_fields=["resolved_at", "resolved_by_scan"])
            if finding.task_id:
                resolved_tasks.add(finding.task_id)
            resolved += 1
    for task_id in resolved_tasks:
        if not SoftwareFinding.objects.filter(task_id=task_id, resolved_at__isnull=True).exists():
            Task.objects.filter(pk=task_id, done_at__isnull=True).update(done_at=now)
    new = [key for key in wanted if key not in open_findings]
    if not new:
        return 0, resolved
    grace = timedelta(days=settings_for(scan.council).grace_days)
    antivirus = [key for key in new if key[0] == SoftwareCheck.ANTIVIRUS]
    items = [key for key in new if key[0] != SoftwareCheck.ANTIVIRUS]
    groups = []
    if items:
        clauses = sorted({wanted[key][0] for key in items})
        groups.append(
            (
                f"Remove, or ask approval for, {len(items)} item(s) on {device} "
                f"({', '.join(clauses)})",
                items,
            )
        )
    if antivirus:
        groups.append(
            (f"Turn antivirus on and update it on {device} ({CLAUSE_ANTIVIRUS})", antivirus)
        )
    for title, keys in groups:
        task = create_task(
            scan.council,
            title,
            now=now,
            due_at=now + grace,
            person=device.holder,
            device=device,
        )
        SoftwareFinding.objects.bulk_create(
            SoftwareFinding(
                council=scan.council,
                device=device,
                scan=scan,
                check_name=check,
                subject=subject,
                clause=wanted[(check, subject)][0],
                evidence=wanted[(check, subject)][1][:300],
                found_at=now,
                task=task,
            )
            for check, subject in keys
        )
    return len(new), resolved


# --- antivirus (B 5.1.8) ---


def _yes(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes")


def antivirus_problem(rows: list[tuple[str, dict[str, str]]]) -> str | None:
    """What is wrong with a device's antivirus by the Windows Security Center's tables, in
    words for the clerk, or None when it is on and up to date.

    ``windows_security_center``: the ``antivirus`` health is "Good" or it is a finding (Poor,
    Snoozed, Not Monitored, Error). ``windows_security_products``: at least one product of type
    Antivirus is "On" with its definitions up to date. A device with another antivirus lists
    Microsoft Defender as off, which is how Windows makes way for it: that alone is no finding,
    but no antivirus on and up to date is, and so is none at all."""
    problems = []
    for table, row in rows:
        if table == "windows_security_center":
            health = row.get("antivirus", "")
            if health.strip().lower() != "good":
                problems.append(
                    f"Windows Security reports antivirus protection as {health or 'unknown'}"
                )
    products = [row for table, row in rows if table == "windows_security_products"]
    if products:
        antivirus = [r for r in products if r.get("type", "").strip().lower() == "antivirus"]
        working = [
            r
            for r in antivirus
            if r.get("state", "").strip().lower() == "on" and _yes(r.get("signaturesuptodate", ""))
        ]
        if not antivirus:
            problems.append("no antivirus is installed")
        elif not working:
            states = []
            for r in antivirus:
                name = r.get("name") or "An antivirus"
                state = r.get("state", "").strip().lower()
                if state in ("off", ""):
                    states.append(f"{name} is turned off")
                elif state != "on":
                    states.append(f"{name} is {state}")  # snoozed, expired
                else:
                    states.append(f"{name} has out-of-date virus definitions")
            problems.append("; ".join(states))
    if not problems:
        return None
    return "Antivirus is missing or not working: " + "; ".join(dict.fromkeys(problems))


# --- devices not scanned recently (B 5.1.8) ---


def last_scanned(council: Council) -> dict[int, datetime]:
    """Each device's latest software scan (one with software in it), by device id."""
    return dict(
        SoftwareScan.objects.in_council(council)
        .filter(software_count__gt=0)
        .values("device")
        .annotate(last=Max("scanned_at"))
        .values_list("device", "last")
    )


@transaction.atomic
def daily_checks(council: Council, *, actor: Actor, now: datetime | None = None) -> int:
    """The daily job's checks of one council: devices not scanned recently, and licences (a
    device retired since the last import no longer counts), in one transaction with one audit
    entry when anything changed. Return how many findings were opened or resolved."""
    now = now or timezone.now()
    days = settings_for(council).scan_max_age_days
    opened, resolved = check_scans_due(council, now=now)
    licences_opened, licences_resolved = check_licences(council, now=now)
    if opened or resolved or licences_opened or licences_resolved:
        audit.record(
            council,
            Event.SOFTWARE_SCANS_CHECKED,
            actor=actor,
            summary=f"{len(opened)} device(s) not scanned within {days} days, "
            f"{resolved} such finding(s) resolved, {licences_opened} licence finding(s) "
            f"opened, {licences_resolved} resolved",
            changes={
                "days": days,
                "not_scanned": opened,
                "findings_resolved": resolved,
                "licence_findings_opened": licences_opened,
                "licence_findings_resolved": licences_resolved,
            },
        )
    return len(opened) + resolved + licences_opened + licences_resolved


def check_scans_due(council: Council, *, now: datetime) -> tuple[list[str], int]:
    """B 5.1.8: every computer is periodically checked and scanned. A laptop, desktop, phone or
    tablet the council has (issued or in stock) whose latest software scan (or, never scanned,
    its addition to the register) is more than the council's days ago is a finding, with a task
    for the clerk; a scan since, a changed setting or the device leaving use resolves it.
    Exactly the council's days ago is still in time. Called inside ``daily_checks``. Return
    (the devices newly found, how many findings were resolved)."""
    days = settings_for(council).scan_max_age_days
    limit = now - timedelta(days=days)
    last = last_scanned(council)
    in_scope = Device.objects.in_council(council).filter(
        kind__in=SCANNED_KINDS, status__in=SCANNED_STATUSES
    )
    open_findings = {
        f.device_id: f
        for f in SoftwareFinding.objects.in_council(council)
        .filter(check_name=SoftwareCheck.NOT_SCANNED, resolved_at__isnull=True)
        .select_related("task")
    }
    due: dict[int, tuple[Device, datetime | None]] = {}
    for device in in_scope:
        since = last.get(device.pk)
        if (since or device.created_at) < limit:
            due[device.pk] = (device, since)
    opened: list[str] = []
    resolved: list[str] = []
    for device_id, finding in open_findings.items():
        if device_id not in due:
            finding.resolved_at = now
            finding.save(update_fields=["resolved_at"])
            if finding.task and finding.task.done_at is None:
                finding.task.done_at = now
                finding.task.save(update_fields=["done_at"])
            resolved.append(str(finding.device_id))
    for device_id, (device, since) in due.items():
        if device_id in open_findings:
            continue
        when = f"last scanned {since:%-d %B %Y}" if since else "never scanned"
        evidence = (
            f"{device} has not been checked for software and viruses for more than {days} "
            f"days ({when})"
        )
        task = create_task(
            council,
            f"Scan {device} for software and viruses ({CLAUSE_SCANNED})",
            now=now,
            due_at=now + timedelta(days=settings_for(council).grace_days),
            device=device,
        )
        SoftwareFinding.objects.create(
            council=council,
            device=device,
            scan=None,
            check_name=SoftwareCheck.NOT_SCANNED,
            subject="not scanned",
            clause=CLAUSE_SCANNED,
            evidence=evidence[:300],
            found_at=now,
            task=task,
        )
        opened.append(str(device))
    return opened, len(resolved)


# --- licences (B 8.1.1) ---


def installations(council: Council, entries=None) -> dict[int, int]:
    """For each catalogue entry with a licence count (of ``entries``, or all the council's),
    on how many of the council's devices (not retired, lost or stolen) the latest software
    scan shows it installed."""
    if entries is None:
        entries = CatalogueEntry.objects.in_council(council)
    entries = [e for e in entries if e.licences is not None]
    if not entries:
        return {}
    latest = (
        SoftwareScan.objects.filter(device=OuterRef("device"), software_count__gt=0)
        .order_by("-scanned_at", "-pk")
        .values("pk")[:1]
    )
    scans = (
        SoftwareScan.objects.in_council(council)
        .filter(software_count__gt=0)
        .exclude(device__status__in=GONE_STATUSES)
        .filter(pk=Subquery(latest))
    )
    installed = set(
        InstalledSoftware.objects.filter(scan__in=scans)
        .values_list("scan__device_id", "name")
        .distinct()
    )
    return {
        entry.pk: len({device for device, name in installed if _matches(entry.name, name)})
        for entry in entries
    }


def check_licences(council: Council, *, now: datetime | None = None) -> tuple[int, int]:
    """Open a finding (with a task for the clerk) for each catalogue entry installed on more
    devices than the council has licences for; resolve those back within them. Called inside
    the change that may alter the count (an import, a catalogue change), whose audit entry
    records it. Return (opened, resolved)."""
    now = now or timezone.now()
    counts = installations(council)
    entries = {e.pk: e for e in CatalogueEntry.objects.in_council(council)}
    open_findings = {
        f.entry_id: f
        for f in LicenceFinding.objects.in_council(council)
        .filter(resolved_at__isnull=True)
        .select_related("task")
    }
    opened = resolved = 0
    for entry_id, finding in open_findings.items():
        entry = entries.get(entry_id)
        over = entry is not None and entry.licences is not None
        if over and counts.get(entry_id, 0) > entry.licences:
            if (finding.installations, finding.licences) != (counts[entry_id], entry.licences):
                finding.installations, finding.licences = counts[entry_id], entry.licences
                finding.evidence = _licence_words(entry, counts[entry_id])
                finding.save(update_fields=["installations", "licences", "evidence"])
            continue
        finding.resolved_at = now
        finding.save(update_fields=["resolved_at"])
        if finding.task and finding.task.done_at is None:
            finding.task.done_at = now
            finding.task.save(update_fields=["done_at"])
        resolved += 1
    for entry_id, count in counts.items():
        entry = entries[entry_id]
        if count <= entry.licences or entry_id in open_findings:
            continue
        task = create_task(
            council,
            f"Buy licences for {entry.name}, or remove it from {count - entry.licences} "
            f"device(s) ({CLAUSE_LICENCES})",
            now=now,
            due_at=now + timedelta(days=settings_for(council).grace_days),
        )
        LicenceFinding.objects.create(
            council=council,
            entry=entry,
            clause=CLAUSE_LICENCES,
            installations=count,
            licences=entry.licences,
            evidence=_licence_words(entry, count),
            found_at=now,
            task=task,
        )
        opened += 1
    return opened, resolved


def _licence_words(entry: CatalogueEntry, count: int) -> str:
    return (
        f"{entry.name} is installed on {count} devices but the council has "
        f"{entry.licences} licence{'s' if entry.licences != 1 else ''}: copies beyond the "
        "licences are unlicensed (pirated) copies"
    )[:300]
