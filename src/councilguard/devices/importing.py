"""Import the device register from CSV (C4). A file with any problem is refused whole, with
every problem listed by line; a clean file is applied in one transaction; the same file twice
changes nothing. Rows are matched to devices on their serial number.

Columns (header names, any order, case-insensitive):
  kind*, serial*, make, model, host_name (left as it is when the column is absent), imei,
  sim_number, phone_number, purchased_on (YYYY-MM-DD or DD/MM/YYYY), purchase_cost (e.g.
  249.99), condition, status (in_stock | in_repair | retired; issued, lost and stolen come from
  issuing and loss reports), notes
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.csvkit import ImportReport, Problem, read_records
from councilguard.core.models import Council
from councilguard.devices.models import Device
from councilguard.devices.services import (
    DeviceData,
    DeviceError,
    check_device_data,
    create_device,
    update_device,
)

REQUIRED = ("kind", "serial")
OPTIONAL = (
    "make",
    "model",
    "host_name",
    "imei",
    "sim_number",
    "phone_number",
    "purchased_on",
    "purchase_cost",
    "condition",
    "status",
    "notes",
)
COLUMNS = REQUIRED + OPTIONAL
MAX_BYTES = 5 * 1024 * 1024


class _RowFailed(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def import_devices(council: Council, content: bytes, *, actor: Actor) -> ImportReport:
    """Check the whole file, then apply it in one transaction."""
    report = ImportReport(sha256=hashlib.sha256(content).hexdigest())
    rows = _read(council, content, report)
    if report.problems:
        return report
    try:
        with transaction.atomic():
            for line, data, existing in rows:
                try:
                    if existing is None:
                        create_device(council, data, actor=actor)
                        report.created += 1
                    elif update_device(existing, _keep_status(existing, data), actor=actor):
                        report.updated += 1
                    else:
                        report.unchanged += 1
                except DeviceError as exc:
                    raise _RowFailed(Problem(line, str(exc))) from None
            if report.created or report.updated:
                audit.record(
                    council,
                    Event.DEVICES_IMPORTED,
                    actor=actor,
                    summary=f"{report.created} added, {report.updated} changed, "
                    f"{report.unchanged} unchanged",
                    changes={"sha256": report.sha256, "rows": report.rows},
                )
    except _RowFailed as failure:
        report.created = report.updated = report.unchanged = 0
        report.problems.append(failure.problem)
    return report


def _keep_status(device: Device, data: DeviceData) -> DeviceData:
    # An export lists issued, lost and stolen devices too; importing it back leaves those
    # statuses to the assignments and loss reports that set them.
    if device.status not in ("in_stock", "in_repair", "retired"):
        data.status = device.status
    return data


def _read(council: Council, content: bytes, report: ImportReport):
    records = read_records(content, report, required=REQUIRED, columns=COLUMNS, max_bytes=MAX_BYTES)
    existing = {d.serial: d for d in Device.objects.in_council(council).exclude(serial="")}
    rows = []
    first_line: dict[str, int] = {}
    for line, values in records:
        report.rows += 1
        problems: list[str] = []
        data = _parse(values, problems)
        if data is not None:
            if not data.serial:
                problems.append("serial is empty")
            elif data.serial in first_line:
                problems.append(f"serial {data.serial} is also on line {first_line[data.serial]}")
            else:
                first_line[data.serial] = line
        if problems:
            report.problems.extend(Problem(line, message) for message in problems)
            continue
        device = existing.get(data.serial)
        if device is not None and "host_name" not in values:
            # A file from before host names were kept leaves them as they are.
            data.host_name = device.host_name
        rows.append((line, data, device))
    if report.rows == 0 and not report.problems:
        report.problems.append(Problem(2, "the file has no devices in it"))
    return rows


def _parse(values: dict[str, str], problems: list[str]) -> DeviceData | None:
    def attempt(parse, *args):
        try:
            return parse(*args)
        except ValueError as exc:
            problems.append(str(exc))
            return None

    purchased_on = attempt(_date, values.get("purchased_on", ""))
    cost = attempt(_money, values.get("purchase_cost", ""))
    data = DeviceData(
        kind=values["kind"].lower(),
        serial=values["serial"],
        make=values.get("make", ""),
        model=values.get("model", ""),
        host_name=values.get("host_name", ""),
        imei=values.get("imei", ""),
        sim_number=values.get("sim_number", ""),
        phone_number=values.get("phone_number", ""),
        purchased_on=purchased_on,
        purchase_cost=cost,
        condition=(values.get("condition") or "good").lower(),
        status=(values.get("status") or "in_stock").lower(),
        notes=values.get("notes", ""),
    )
    try:
        check_device_data(data)
    except DeviceError as exc:
        problems.append(str(exc))
    return None if problems else data


def _date(text: str) -> date | None:
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"purchased_on {text!r} is not a date like 2026-04-01 or 01/04/2026")


def _money(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace("£", "").replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"purchase_cost {text!r} is not an amount like 249.99") from None
    if not value.is_finite() or value < 0 or value >= Decimal("1e8"):
        raise ValueError(f"purchase_cost {text!r} is not an amount like 249.99")
    return value.quantize(Decimal("0.01"))
