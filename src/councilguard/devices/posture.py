"""Security posture (C5): the checks that cite their clauses, own-device attestation, and the
import of an MDM export (Intune CSV in any of its export shapes, or Graph-style JSON)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council
from councilguard.core.untrusted import load_json
from councilguard.devices.models import (
    HANDHELD_KINDS,
    PORTABLE_KINDS,
    Device,
    DeviceSettings,
    OwnDevice,
    PostureFinding,
    PostureRecord,
    PostureSource,
)
from councilguard.devices.services import DeviceError, create_task, normalise_imei, settings_for

POSTURE_FIELDS = (
    "encrypted",
    "passcode",
    "lock_after_minutes",
    "wipe_after_failures",
    "remote_wipe",
    "os",
    "os_version",
    "patch_date",
    "work_profile",
    "security_intact",
    "mdm_verdict",
    "malware_protection",
    "realtime_protection",
    "signatures_current",
    "last_check_in",
)


@dataclass(frozen=True)
class Failure:
    check: str
    clause: str
    evidence: str
    task: str


Check = Callable[[PostureRecord, str, bool, DeviceSettings, datetime], Failure | None]


def _encrypted(p, kind, own, s, now):
    # B 2.1.3: portable devices are encrypted in case they are lost or stolen.
    if p.encrypted is False and (own or kind in PORTABLE_KINDS):
        return Failure("encrypted", "B 2.1.3", "not encrypted", "Turn on device encryption")


def _passcode(p, kind, own, s, now):
    # B 2.1.3 (council phones and tablets) and B 2.2.4 (own devices): PIN, password or biometric.
    if p.passcode is False:
        clause = "B 2.2.4" if own else "B 2.1.3"
        return Failure("passcode", clause, "no PIN, password or biometric lock", "Set a PIN")


def _lock(p, kind, own, s, now):
    # B 2.2.4 and B 1.1.2: locks itself after no more than the council's minutes.
    if p.lock_after_minutes is not None and p.lock_after_minutes > s.max_lock_minutes:
        return Failure(
            "lock_after",
            "B 2.2.4",
            f"locks after {p.lock_after_minutes} minutes (at most {s.max_lock_minutes})",
            f"Make the screen lock after {s.max_lock_minutes} minutes or less",
        )


def _wipe_after_failures(p, kind, own, s, now):
    # B 2.1.3 and B 2.2.4: phones and tablets erase themselves after repeated failed attempts.
    if p.wipe_after_failures is False and kind in HANDHELD_KINDS:
        clause = "B 2.2.4" if own else "B 2.1.3"
        return Failure(
            "wipe_after_failures",
            clause,
            "does not erase after failed attempts",
            "Turn on erase after failed unlock attempts",
        )


def _remote_wipe(p, kind, own, s, now):
    # B 2.2.4: the wipe function is activated where the device has one.
    if p.remote_wipe is False and kind in HANDHELD_KINDS:
        return Failure("remote_wipe", "B 2.2.4", "remote wipe not available", "Turn on remote wipe")


def _intact(p, kind, own, s, now):
    # B 2.1.3: security set on a device must not be disabled or removed.
    if p.security_intact is False:
        return Failure(
            "security_intact", "B 2.1.3", "jailbroken or rooted", "Restore the device's security"
        )


def _patched(p, kind, own, s, now):
    # B 2.2.1: devices are kept up to date so that vulnerabilities are patched.
    if p.patch_date and p.patch_date < (now - timedelta(days=s.patch_max_age_days)).date():
        return Failure(
            "patched",
            "B 2.2.1",
            f"last security patch {p.patch_date:%d %b %Y}",
            "Install the latest updates",
        )


def _work_profile(p, kind, own, s, now):
    # B 2.2.3: where the device offers a work profile, council work uses it.
    if own and p.work_profile is False:
        return Failure(
            "work_profile",
            "B 2.2.3",
            "work profile not used",
            "Use the work profile for council work",
        )


def _mdm_verdict(p, kind, own, s, now):
    if p.mdm_verdict == "noncompliant":
        return Failure(
            "mdm_verdict",
            "B 2.1.3",
            "the MDM reports the device as not compliant",
            "Fix what the device management app reports",
        )


def _antivirus(p, kind, own, s, now):
    # B 5.1.8: computers are checked and scanned for viruses, which needs antivirus on and
    # up to date (Intune's Defender fields).
    problems = []
    if p.malware_protection is False:
        problems.append("malware protection is turned off")
    if p.realtime_protection is False:
        problems.append("real-time protection is turned off")
    if p.signatures_current is False:
        problems.append("virus definitions are out of date")
    if problems:
        return Failure(
            "antivirus",
            "B 5.1.8",
            "Antivirus not working: " + ", ".join(problems),
            "Turn antivirus on and update it",
        )


def _checked_in(p, kind, own, s, now):
    # A4: a device that stopped checking in keeps its last verdict, so after this many days
    # nothing about it is verified and it is not compliant, whatever the verdict says.
    if p.source == PostureSource.MDM and (
        p.last_check_in is None or p.last_check_in < now - timedelta(days=s.stale_after_days)
    ):
        seen = f"{p.last_check_in:%d %b %Y}" if p.last_check_in else "never"
        return Failure(
            "checked_in",
            "B 2.1.3",
            f"last checked in {seen} (stale after {s.stale_after_days} days)",
            "Switch the device on and connect it so it checks in",
        )


CHECKS: tuple[Check, ...] = (
    _encrypted,
    _passcode,
    _lock,
    _wipe_after_failures,
    _remote_wipe,
    _intact,
    _patched,
    _work_profile,
    _mdm_verdict,
    _antivirus,
    _checked_in,
)


def evaluate(
    posture: PostureRecord, *, kind: str, own: bool, settings: DeviceSettings, now: datetime
) -> list[Failure]:
    return [f for check in CHECKS if (f := check(posture, kind, own, settings, now))]


def latest_posture(device: Device | OwnDevice) -> PostureRecord | None:
    return device.postures.order_by("-recorded_at", "-pk").first()


def _apply_findings(
    posture: PostureRecord, target: Device | OwnDevice, *, now: datetime
) -> tuple[int, int]:
    """Open a finding (and a task for the person) for each new failure; resolve findings whose
    check now passes, with their tasks. Return (opened, resolved)."""
    own = isinstance(target, OwnDevice)
    council_settings = settings_for(posture.council)
    failures = {
        f.check: f
        for f in evaluate(posture, kind=target.kind, own=own, settings=council_settings, now=now)
    }
    key = {"own_device": target} if own else {"device": target}
    open_findings = {
        f.check_name: f
        for f in PostureFinding.objects.filter(**key, resolved_at__isnull=True).select_related(
            "task"
        )
    }
    resolved = 0
    for check, finding in open_findings.items():
        if check not in failures:
            finding.resolved_at = now
            finding.save(update_fields=["resolved_at"])
            if finding.task and finding.task.done_at is None:
                finding.task.done_at = now
                finding.task.save(update_fields=["done_at"])
            resolved += 1
    person = target.person if own else target.holder
    opened = 0
    for check, failure in failures.items():
        if check in open_findings:
            continue
        task = create_task(
            posture.council,
            f"{failure.task} on {target} ({failure.clause})",
            now=now,
            due_at=now + timedelta(days=council_settings.grace_days),
            person=person,
            **key,
        )
        PostureFinding.objects.create(
            council=posture.council,
            posture=posture,
            check_name=check,
            clause=failure.clause,
            evidence=failure.evidence,
            found_at=now,
            task=task,
            **key,
        )
        opened += 1
    return opened, resolved


# --- own-device attestation ---


@transaction.atomic
def attest_own_device(
    own: OwnDevice, answers: dict[str, Any], *, actor: Actor, now: datetime | None = None
) -> PostureRecord:
    """The person answers the posture checks for their own device (C5, C6)."""
    now = now or timezone.now()
    own = OwnDevice.objects.select_for_update().get(pk=own.pk)
    if own.retired_at is not None:
        raise DeviceError("this device is no longer used for council work")
    values = {k: v for k, v in answers.items() if k in POSTURE_FIELDS}
    posture = PostureRecord.objects.create(
        council=own.council,
        own_device=own,
        source=PostureSource.ATTESTATION,
        recorded_at=now,
        last_check_in=now,
        **{k: v for k, v in values.items() if k != "last_check_in"},
    )
    opened, resolved = _apply_findings(posture, own, now=now)
    audit.record(
        own.council,
        Event.POSTURE_ATTESTED,
        actor=actor,
        target=own,
        changes={**_plain(posture), "findings_opened": opened, "findings_resolved": resolved},
    )
    return posture


def _plain(posture: PostureRecord) -> dict[str, Any]:
    return {name: getattr(posture, name) for name in POSTURE_FIELDS}


# --- MDM import ---

# Normalised header (lower case, letters and digits only) -> canonical field. Intune names the
# same thing differently in each export path (A4): Graph managedDevice, the IntuneDevices and
# IntuneDeviceComplianceOrg tables, and the admin centre's "All devices" CSV.
SYNONYMS: dict[str, str] = {
    "serialnumber": "serial",
    "serial": "serial",
    "imei": "imei",
    "devicename": "device_name",
    "manageddevicename": "device_name",
    "compliancestate": "verdict",
    "compliantstate": "verdict",
    "compliance": "verdict",
    "operatingsystem": "os",
    "os": "os",
    "osversion": "os_version",
    "lastsyncdatetime": "last_check_in",
    "lastcontact": "last_check_in",
    "lastcheckin": "last_check_in",
    "isencrypted": "encrypted",
    "encrypted": "encrypted",
    "encryptionstatusstring": "encrypted",
    "jailbroken": "jailbroken",
    "securitypatchlevel": "patch_date",
    "androidpatchlevel": "patch_date",
    "phonenumber": "phone_number",
    # Defender's state (Graph windowsProtectionState, the admin centre's antivirus report).
    "malwareprotectionenabled": "malware_protection",
    "malwareprotection": "malware_protection",
    "antivirusenabled": "malware_protection",
    "defenderenabled": "malware_protection",
    "realtimeprotectionenabled": "realtime_protection",
    "realtimeprotection": "realtime_protection",
    "rtpenabled": "realtime_protection",
    "signatureupdateoverdue": "signatures_overdue",
    "signatureupdateisoverdue": "signatures_overdue",
    "lastreporteddatetime": "last_check_in",
    "lastreported": "last_check_in",
}
# Intune columns we know and deliberately do not use (ownership, users, storage ...): listed in
# the report as recognised, so only genuinely unknown columns are flagged.
KNOWN_UNUSED = frozenset(
    re.sub(r"[^a-z0-9]", "", name.lower())
    for name in [
        "id",
        "userId",
        "managedDeviceOwnerType",
        "enrolledDateTime",
        "managementAgent",
        "easActivated",
        "easDeviceId",
        "easActivationDateTime",
        "azureADRegistered",
        "deviceEnrollmentType",
        "emailAddress",
        "azureADDeviceId",
        "deviceRegistrationState",
        "deviceCategoryDisplayName",
        "isSupervised",
        "exchangeLastSuccessfulSyncDateTime",
        "exchangeAccessState",
        "model",
        "manufacturer",
        "userPrincipalName",
        "userDisplayName",
        "totalStorageSpaceInBytes",
        "freeStorageSpaceInBytes",
        "wiFiMacAddress",
        "DeviceId",
        "CreatedDate",
        "DeviceState",
        "EasID",
        "GraphDeviceIsManaged",
        "InGracePeriodUntil",
        "IntuneAccountId",
        "JoinType",
        "ManagedBy",
        "MEID",
        "Ownership",
        "PrimaryUser",
        "ReferenceId",
        "SkuFamily",
        "StorageFree",
        "StorageTotal",
        "CategoryName",
        "DeviceHealthThreatLevel",
        "DeviceType",
        "ManagementAgents",
        "OSDescription",
        "OwnerType",
        "RetireAfterDatetime",
        "UPN",
        "UserEmail",
        "UserID",
        "UserName",
        "Supervised",
        "deviceState",
        "networkInspectionSystemEnabled",
        "quickScanOverdue",
        "fullScanOverdue",
        "rebootRequired",
        "fullScanRequired",
        "engineVersion",
        "signatureVersion",
        "antiMalwareVersion",
        "lastQuickScanDateTime",
        "lastFullScanDateTime",
        "lastQuickScanSignatureVersion",
        "lastFullScanSignatureVersion",
        "productStatus",
        "isVirtualMachine",
        "tamperProtectionEnabled",
    ]
) | {"primaryuserupn", "primaryuseremailaddress", "primaryuserdisplayname", "deviceid"}
MAX_BYTES = 5 * 1024 * 1024


def normalise_header(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").strip().lower())


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class MdmReport:
    sha256: str
    rows: int = 0
    matched: int = 0
    recorded: int = 0
    unchanged: int = 0
    findings_opened: int = 0
    findings_resolved: int = 0
    recognised: dict[str, str] = field(default_factory=dict)
    unknown_columns: list[str] = field(default_factory=list)
    unmatched: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {
            "sha256": self.sha256,
            "rows": self.rows,
            "matched": self.matched,
            "recorded": self.recorded,
            "unchanged": self.unchanged,
            "findings_opened": self.findings_opened,
            "findings_resolved": self.findings_resolved,
            "recognised": self.recognised,
            "unknown_columns": self.unknown_columns,
            "unmatched": [{"line": p.line, "message": p.message} for p in self.unmatched],
            "problems": [{"line": p.line, "message": p.message} for p in self.problems],
        }


def decode(content: bytes) -> str:
    """Text of an export however it was saved: UTF-8 with or without BOM, or UTF-16 (Excel's
    "Unicode text" and PowerShell's default)."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    if len(content) > 1 and b"\x00" in content[:200]:  # UTF-16 without a BOM
        return content.decode("utf-16-le" if content[1] == 0 else "utf-16-be")
    return content.decode("utf-8")


def _records(text: str, report: MdmReport) -> list[tuple[int, dict[str, str]]]:
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        data = load_json(stripped)
        items = data.get("value", []) if isinstance(data, dict) else data
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ValueError('the JSON is neither a list of devices nor Graph\'s {"value": [...]}')
        # JSON has no lines; number devices from 1 as they come. Graph nests Defender's
        # state (``$expand=windowsProtectionState``): its fields are read as the device's.
        return [(n, _flat(item)) for n, item in enumerate(items, start=1)]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = []
    for record in reader:
        if None in record:
            report.problems.append(Problem(reader.line_num, "more values than columns"))
            continue
        if any((v or "").strip() for v in record.values()):
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in record.items()}))
    return rows


def _flat(item: dict[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in item.items():
        if isinstance(value, dict):
            for inner, v in value.items():
                if not isinstance(v, dict | list):
                    values.setdefault(inner, "" if v is None else str(v))
        elif not isinstance(value, list):
            values[key] = "" if value is None else str(value)
    return values


_TRUE = {"true", "yes", "y", "1", "encrypted", "on", "enabled"}
_FALSE = {"false", "no", "n", "0", "notencrypted", "off", "disabled", "unencrypted"}


def _bool(value: str) -> bool | None:
    key = normalise_header(value)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return None  # "Unknown", empty, anything else: not reported


def _moment(value: str) -> datetime | None:
    if not value:
        return None
    moment = parse_datetime(value.replace(" UTC", "Z").replace("Z", "+00:00"))
    if moment is None:
        for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
            try:
                moment = datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
    if moment is None:
        raise ValueError(f"{value!r} is not a date and time")
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def _day(value: str) -> date | None:
    if not value:
        return None
    day = parse_date(value[:10])
    if day is None:
        raise ValueError(f"{value!r} is not a date")
    return day


def _parse_row(values: dict[str, str]) -> dict[str, Any]:
    verdict = normalise_header(values.get("verdict", ""))
    jailbroken = _bool(values.get("jailbroken", ""))
    overdue = _bool(values.get("signatures_overdue", ""))
    return {
        "encrypted": _bool(values.get("encrypted", "")),
        "security_intact": None if jailbroken is None else not jailbroken,
        "os": values.get("os", "")[:60],
        "os_version": values.get("os_version", "")[:60],
        "patch_date": _day(values.get("patch_date", "")),
        "mdm_verdict": verdict[:30],
        "malware_protection": _bool(values.get("malware_protection", "")),
        "realtime_protection": _bool(values.get("realtime_protection", "")),
        "signatures_current": None if overdue is None else not overdue,
        "last_check_in": _moment(values.get("last_check_in", "")),
    }


# The posture fields each recognised column gives.
_FIELDS_OF: dict[str, tuple[str, ...]] = {
    "encrypted": ("encrypted",),
    "jailbroken": ("security_intact",),
    "os": ("os",),
    "os_version": ("os_version",),
    "patch_date": ("patch_date",),
    "verdict": ("mdm_verdict",),
    "malware_protection": ("malware_protection",),
    "realtime_protection": ("realtime_protection",),
    "signatures_overdue": ("signatures_current",),
    "last_check_in": ("last_check_in",),
}


def import_mdm_export(
    council: Council, content: bytes, *, actor: Actor, now: datetime | None = None
) -> MdmReport:
    """Read the whole export first (refused whole, with every problem, if any row cannot be
    read), then record one posture per matched device in one transaction. A row already
    recorded (same values, same check-in) is left alone, so a repeated file changes nothing."""
    now = now or timezone.now()
    report = MdmReport(sha256=hashlib.sha256(content).hexdigest())
    if len(content) > MAX_BYTES:
        report.problems.append(Problem(0, "the file is larger than 5 MB"))
        return report
    try:
        rows = _records(decode(content), report)
    except (UnicodeDecodeError, ValueError, csv.Error) as exc:
        report.problems.append(Problem(0, f"the file cannot be read: {exc}"))
        return report
    headers = list(dict.fromkeys(name for _, values in rows for name in values))
    columns: dict[str, str] = {}
    for name in headers:
        key = normalise_header(name)
        if key in SYNONYMS:
            columns[name] = SYNONYMS[key]
            report.recognised[name.strip()] = SYNONYMS[key]
        elif key in KNOWN_UNUSED:
            report.recognised[name.strip()] = "(not used)"
        else:
            report.unknown_columns.append(name.strip())
    if not {"serial", "imei", "device_name"} & set(columns.values()):
        report.problems.append(
            Problem(1, "no serial number, IMEI or device name column to match devices by")
        )
        return report
    devices = list(Device.objects.in_council(council))
    by_serial = {d.serial.upper(): d for d in devices if d.serial}
    by_imei = {d.imei: d for d in devices if d.imei}
    by_host = {d.host_name.lower(): d for d in devices if d.host_name}
    parsed: list[tuple[int, Device, dict[str, Any]]] = []
    seen: dict[int, int] = {}
    for line, raw in rows:
        report.rows += 1
        values = {columns[k]: v for k, v in raw.items() if k in columns}
        try:
            posture = _parse_row(values)
        except ValueError as exc:
            report.problems.append(Problem(line, str(exc)))
            continue
        serial = values.get("serial", "").strip().upper()
        imei = normalise_imei(values.get("imei", ""))
        host = " ".join(values.get("device_name", "").split())
        device = by_serial.get(serial) if serial else None
        device = device or (by_imei.get(imei) if imei else None)
        # The device name Intune shows is the register's host name (Defender's report has no
        # serial number).
        device = device or (by_host.get(host.lower()) if host else None)
        if device is None:
            name = host or serial or imei or "a device"
            report.unmatched.append(
                Problem(line, f"{name}: no device with that serial, IMEI or host name")
            )
            continue
        if device.pk in seen:
            report.problems.append(Problem(line, f"{device} is also on line {seen[device.pk]}"))
            continue
        seen[device.pk] = line
        parsed.append((line, device, posture))
    if report.problems:
        return report
    # Posture fields this file has no column for keep what an earlier export said: a report
    # of Defender's state alone says nothing about encryption.
    given = {field for name in set(columns.values()) for field in _FIELDS_OF.get(name, ())}
    with transaction.atomic():
        for _, device, values in parsed:
            report.matched += 1
            latest = latest_posture(device)
            if latest and latest.source == PostureSource.MDM:
                earlier = _plain(latest)
                values = {k: (v if k in given else earlier[k]) for k, v in values.items()}
            if (
                latest
                and latest.source == PostureSource.MDM
                and _plain(latest) == {**_plain(latest), **values}
            ):
                report.unchanged += 1
                # The same row again still says how long ago the device checked in: a device
                # that has stopped checking in goes stale however often it is re-exported (A4).
                opened, resolved = _apply_findings(latest, device, now=now)
                report.findings_opened += opened
                report.findings_resolved += resolved
                continue
            posture = PostureRecord.objects.create(
                council=council,
                device=device,
                source=PostureSource.MDM,
                recorded_at=now,
                sha256=report.sha256,
                **values,
            )
            opened, resolved = _apply_findings(posture, device, now=now)
            report.recorded += 1
            report.findings_opened += opened
            report.findings_resolved += resolved
        if report.recorded or report.findings_opened or report.findings_resolved:
            audit.record(
                council,
                Event.POSTURE_IMPORTED,
                actor=actor,
                summary=f"{report.recorded} device(s) recorded, {report.unchanged} unchanged, "
                f"{report.findings_opened} finding(s) opened, "
                f"{report.findings_resolved} resolved",
                changes={
                    "sha256": report.sha256,
                    "rows": report.rows,
                    "unknown_columns": report.unknown_columns,
                },
            )
    return report
