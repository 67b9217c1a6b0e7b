"""Software inventory scans (C10): import what is installed on council devices (osquery JSON
from the ``programs``, ``deb_packages``, ``apps`` and ``usb_devices`` tables; a Fleet per-host
software export; or a plain CSV), and turn software not in the catalogue, personal software and
unapproved removable media into findings that cite their clause, each with a task for the
device's holder, resolved when a later scan no longer shows it.

osquery JSON is what ``osqueryi --json "SELECT ..."`` prints: a list of row objects. Either the
rows carry the device's serial (join ``system_info``: ``SELECT p.*, s.hardware_serial FROM
programs p, system_info s``) or the importer is told the device. Several tables may come in one
object keyed by table name: ``{"programs": [...], "usb_devices": [...]}``.

CSV columns (any order, case-insensitive): a device serial (serial, device_serial,
hardware_serial, host_serial), name, and optionally version, publisher (or vendor), source.
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
    InstalledSoftware,
    InventoryFormat,
    InventoryImport,
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

SERIAL_KEYS = ("serial", "deviceserial", "hardwareserial", "hostserial", "serialnumber")
NAME_KEYS = ("name", "softwarename", "bundlename")
VERSION_KEYS = ("version", "bundleshortversion", "softwareversion", "bundleversion")
PUBLISHER_KEYS = ("publisher", "vendor", "maintainer", "bundleidentifier")
USB_KEYS = {"vendorid", "modelid"}


@dataclass
class Item:
    name: str
    version: str
    publisher: str
    table: str


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
            report.format = InventoryFormat.CSV
            records = _csv_records(text)
    except (UnicodeDecodeError, ValueError, csv.Error) as exc:
        report.problems.append(Problem(0, f"the file cannot be read: {exc}"))
        return report
    if not records:
        report.problems.append(Problem(0, "the file has nothing in it"))
        return report
    by_serial = {d.serial.upper(): d for d in Device.objects.in_council(council) if d.serial}
    inventories: dict[int, DeviceInventory] = {}
    for number, hint, row in records:
        report.records += 1
        table = _table_of(row, hint)
        # A USB row's own "serial" is the stick's, not the computer's.
        keys = SERIAL_KEYS[1:] if table == "usb_devices" else SERIAL_KEYS
        serial = _pick(row, keys).upper()
        target = by_serial.get(serial) if serial else device
        if target is None:
            report.problems.append(
                Problem(
                    number,
                    f"no device with serial {serial} in the register"
                    if serial
                    else "no device serial, and no device chosen for the file",
                )
            )
            continue
        inventory = inventories.setdefault(target.pk, DeviceInventory(target))
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
        item = Item(name[:200], version, _pick(row, PUBLISHER_KEYS)[:200], table)
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
    audit.record(
        council,
        Event.SOFTWARE_IMPORTED,
        actor=actor,
        summary=f"{report.devices} device(s), {report.software} program(s), "
        f"{report.new} new, {report.findings_opened} finding(s) opened, "
        f"{report.findings_resolved} resolved",
        changes={"sha256": report.sha256, "format": report.format, "scans": report.scans},
    )


def _matches(pattern: str, name: str) -> bool:
    return fnmatch.fnmatchcase(name.lower(), pattern.lower())


def verdict_of(item: Item, catalogue: list[CatalogueEntry]) -> SoftwareVerdict:
    entries = [e for e in catalogue if _matches(e.name, item.name)]
    if any(e.personal for e in entries) or any(_matches(p, item.name) for p in PERSONAL_SOFTWARE):
        return SoftwareVerdict.PERSONAL
    if not entries:
        return SoftwareVerdict.NOT_IN_CATALOGUE
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
        elif verdict != SoftwareVerdict.APPROVED:
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
    scan.software_count = len(rows)
    scan.new_count = sum(1 for r in rows if r.is_new)
    scan.save(update_fields=["software_count", "new_count"])
    report.software += scan.software_count
    report.new += scan.new_count
    covered = set()
    if inventory.has_software:
        covered |= {SoftwareCheck.NOT_IN_CATALOGUE, SoftwareCheck.PERSONAL}
    if inventory.has_usb:
        covered.add(SoftwareCheck.UNKNOWN_USB)
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
    clauses = sorted({wanted[key][0] for key in new})
    task = create_task(
        scan.council,
        f"Remove, or ask approval for, {len(new)} item(s) on {device} ({', '.join(clauses)})",
        now=now,
        due_at=now + timedelta(days=settings_for(scan.council).grace_days),
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
        for check, subject in new
    )
    return len(new), resolved
