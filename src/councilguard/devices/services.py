"""Change the device register, own devices, tasks and losses (C4, C6, C7). Pages, the API, the
importers, the demo and the worker all come through here; posture lives in posture.py."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council, Membership
from councilguard.devices import charges, notify
from councilguard.devices.models import (
    HANDHELD_KINDS,
    POLICE_KINDS,
    Assignment,
    Condition,
    Device,
    DeviceKind,
    DeviceSettings,
    DeviceStatus,
    DutyConfirmation,
    LossKind,
    LossReport,
    OwnDevice,
    OwnDeviceDuty,
    Reimbursement,
    Task,
    TermsAcceptance,
)
from councilguard.incidents.models import IncidentKind, IncidentSource
from councilguard.incidents.services import open_incident, record_lost_device
from councilguard.people.models import Person


class DeviceError(ValueError):
    """A change to a device that the rules do not allow; the message says why."""


def settings_for(council: Council) -> DeviceSettings:
    return DeviceSettings.objects.get_or_create(council=council)[0]


@transaction.atomic
def update_settings(council: Council, values: dict[str, Any], *, actor: Actor) -> bool:
    current = settings_for(council)
    current = DeviceSettings.objects.select_for_update().get(pk=current.pk)
    changes = {}
    for name, value in values.items():
        if getattr(current, name) != value:
            changes[name] = [getattr(current, name), value]
            setattr(current, name, value)
    if not changes:
        return False
    current.save()
    audit.record(
        council, Event.DEVICE_SETTINGS_CHANGED, actor=actor, target=current, changes=changes
    )
    return True


# --- the register (C4) ---


@dataclass
class DeviceData:
    """Everything the clerk sets on a device, already parsed."""

    kind: str
    make: str = ""
    model: str = ""
    serial: str = ""
    host_name: str = ""
    imei: str = ""
    sim_number: str = ""
    phone_number: str = ""
    purchased_on: date | None = None
    purchase_cost: Decimal | None = None
    condition: str = Condition.GOOD
    status: str = DeviceStatus.IN_STOCK
    notes: str = ""


_LIMITS = {
    "make": 100,
    "model": 100,
    "serial": 100,
    "host_name": 100,
    "imei": 20,
    "sim_number": 30,
}
# Issued, lost and stolen follow from issuing, returning and reporting; set by hand they would
# leave the assignments and loss reports saying otherwise.
SETTABLE_STATUSES = (DeviceStatus.IN_STOCK, DeviceStatus.IN_REPAIR, DeviceStatus.RETIRED)


def normalise_imei(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def check_device_data(data: DeviceData) -> None:
    data.serial = data.serial.strip().upper()
    # Intune names phones as their owners do ("Priya's iPhone"), so any text, spaces tidied.
    data.host_name = " ".join(data.host_name.split())
    data.imei = normalise_imei(data.imei)
    for name in ("make", "model", "sim_number", "phone_number", "notes"):
        setattr(data, name, getattr(data, name).strip())
    if data.kind not in DeviceKind.values:
        raise DeviceError(f"{data.kind!r} is not one of: {', '.join(DeviceKind.values)}")
    if data.condition not in Condition.values:
        raise DeviceError(f"{data.condition!r} is not one of: {', '.join(Condition.values)}")
    if data.status not in DeviceStatus.values:
        raise DeviceError(f"{data.status!r} is not one of: {', '.join(DeviceStatus.values)}")
    for name, limit in _LIMITS.items():
        if len(getattr(data, name)) > limit:
            raise DeviceError(f"{name.replace('_', ' ')} is longer than {limit} characters")
    if data.imei and len(data.imei) not in (14, 15):
        raise DeviceError(f"IMEI {data.imei!r} should have 15 digits")
    if data.purchase_cost is not None and data.purchase_cost < 0:
        raise DeviceError("the purchase cost cannot be negative")


def snapshot(device: Device) -> dict[str, Any]:
    values = asdict(_data_of(device))
    values["purchased_on"] = device.purchased_on.isoformat() if device.purchased_on else ""
    values["purchase_cost"] = str(device.purchase_cost) if device.purchase_cost is not None else ""
    return values


def _data_of(device: Device) -> DeviceData:
    return DeviceData(**{f: getattr(device, f) for f in DeviceData.__dataclass_fields__})


def _save(device: Device) -> None:
    try:
        with transaction.atomic():
            device.save()
    except IntegrityError:
        raise DeviceError(
            f"serial number {device.serial} or host name {device.host_name} is already in the "
            "register"
        ) from None


def _refuse_taken_serial(council: Council, data: DeviceData, device: Device | None) -> None:
    """Serials and host names are how imports and scans find a device: one device each."""
    others = Device.objects.in_council(council)
    if device is not None:
        others = others.exclude(pk=device.pk)
    if data.serial and others.filter(serial=data.serial).exists():
        raise DeviceError(f"serial number {data.serial} is already in the register")
    if data.host_name and others.filter(host_name__iexact=data.host_name).exists():
        raise DeviceError(f"host name {data.host_name} is already in the register")


@transaction.atomic
def create_device(council: Council, data: DeviceData, *, actor: Actor) -> Device:
    check_device_data(data)
    if data.status not in SETTABLE_STATUSES:
        raise DeviceError("a new device is in stock, in repair or retired; issue it to a person")
    _refuse_taken_serial(council, data, None)
    device = Device(council=council, **asdict(data))
    _save(device)
    given = {k: v for k, v in snapshot(device).items() if v not in ("", None)}
    audit.record(council, Event.DEVICE_CREATED, actor=actor, target=device, changes=given)
    return device


@transaction.atomic
def update_device(device: Device, data: DeviceData, *, actor: Actor) -> bool:
    """Apply ``data``; return whether anything changed."""
    device = Device.objects.select_for_update().get(pk=device.pk)
    check_device_data(data)
    if data.status != device.status and data.status not in SETTABLE_STATUSES:
        raise DeviceError("issue, return or report a loss to change a device to that status")
    if data.status != device.status and device.status == DeviceStatus.ISSUED:
        raise DeviceError("record the device's return before changing its status")
    _refuse_taken_serial(device.council, data, device)
    before = snapshot(device)
    for name, value in asdict(data).items():
        setattr(device, name, value)
    after = snapshot(device)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if not changes:
        return False
    _save(device)
    audit.record(device.council, Event.DEVICE_UPDATED, actor=actor, target=device, changes=changes)
    return True


@transaction.atomic
def issue_device(
    device: Device,
    person: Person,
    *,
    actor: Actor,
    condition: str,
    terms_recorded_by_clerk: bool = False,
    now: datetime | None = None,
) -> Assignment:
    """Issue an in-stock device to a person. The person accepts the device terms in the app,
    unless the clerk records that they accepted them on paper."""
    now = now or timezone.now()
    device = Device.objects.select_for_update().get(pk=device.pk)
    if person.council_id != device.council_id:
        raise DeviceError("the device can only be issued to someone of this council")
    if person.has_left(timezone.localdate(now)):
        raise DeviceError(f"{person} has left the council")
    if device.status != DeviceStatus.IN_STOCK:
        raise DeviceError(f"the device is {device.get_status_display().lower()}, not in stock")
    if condition not in Condition.values:
        raise DeviceError(f"{condition!r} is not a condition")
    assignment = Assignment.objects.create(
        council=device.council,
        device=device,
        person=person,
        issued_at=now,
        issued_condition=condition,
        terms_accepted_at=now if terms_recorded_by_clerk else None,
        terms_accepted_how=TermsAcceptance.BY_CLERK if terms_recorded_by_clerk else "",
    )
    device.status, device.condition = DeviceStatus.ISSUED, condition
    device.save(update_fields=["status", "condition", "updated_at"])
    audit.record(
        device.council,
        Event.DEVICE_ISSUED,
        actor=actor,
        target=device,
        changes={
            "person": f"{person.full_name} (#{person.pk})",
            "condition": condition,
            "terms": assignment.terms_accepted_how or "awaiting the person's acceptance",
        },
    )
    return assignment


@transaction.atomic
def accept_terms(
    assignment: Assignment, *, actor: Actor, by_clerk: bool = False, now: datetime | None = None
) -> Assignment:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.terms_accepted_at is not None:
        raise DeviceError("the terms for this device were already accepted")
    if assignment.returned_at is not None:
        raise DeviceError("the device was returned")
    assignment.terms_accepted_at = now or timezone.now()
    assignment.terms_accepted_how = TermsAcceptance.BY_CLERK if by_clerk else TermsAcceptance.IN_APP
    assignment.save(update_fields=["terms_accepted_at", "terms_accepted_how"])
    audit.record(
        assignment.council,
        Event.DEVICE_TERMS_ACCEPTED,
        actor=actor,
        target=assignment.device,
        changes={"person": assignment.person.full_name, "how": assignment.terms_accepted_how},
    )
    return assignment


@transaction.atomic
def return_device(
    device: Device,
    *,
    actor: Actor,
    condition: str,
    status: str = DeviceStatus.IN_STOCK,
    charge_amount: Decimal | None = None,
    now: datetime | None = None,
) -> Assignment:
    """Record the return of an issued (or found again, lost) device and its condition; a
    damaged or faulty return may charge the person for the repair (seed A: beyond fair wear
    and tear), and ticks the leaver's checklist if they are leaving."""
    device = Device.objects.select_for_update().get(pk=device.pk)
    assignment = (
        Assignment.objects.select_for_update()
        .filter(device=device, returned_at__isnull=True)
        .first()
    )
    if assignment is None:
        raise DeviceError("the device is not issued to anyone")
    if condition not in Condition.values:
        raise DeviceError(f"{condition!r} is not a condition")
    if status not in SETTABLE_STATUSES:
        raise DeviceError("a returned device goes to stock, to repair or is retired")
    assignment.returned_at = now or timezone.now()
    assignment.returned_condition = condition
    assignment.save(update_fields=["returned_at", "returned_condition"])
    device.status, device.condition = status, condition
    device.save(update_fields=["status", "condition", "updated_at"])
    audit.record(
        device.council,
        Event.DEVICE_RETURNED,
        actor=actor,
        target=device,
        changes={
            "person": f"{assignment.person.full_name} (#{assignment.person.pk})",
            "issued_condition": assignment.issued_condition,
            "returned_condition": condition,
            "status": status,
        },
    )
    if charge_amount:
        if condition not in (Condition.DAMAGED, Condition.FAULTY):
            raise DeviceError("only a damaged or faulty return is charged for")
        charges.add_charge(
            assignment.person,
            kind=charges.ChargeKind.REPAIR,
            amount=charge_amount,
            description=f"Repair of {device}, returned {condition}",
            source_reference=f"Return of {device} on {assignment.returned_at:%d %b %Y}",
            actor=actor,
            device=device,
        )
    from councilguard.devices import leavers  # leavers builds on this module

    leavers.sync_person(assignment.person, actor=actor)
    return assignment


# --- own devices (C6) ---


# A newly registered own device has this long to have its duties confirmed.
FIRST_DUTIES = timedelta(days=7)


def _own_numbers(imei: str, sim_number: str) -> tuple[str, str]:
    imei, sim_number = normalise_imei(imei), sim_number.strip()
    if imei and len(imei) not in (14, 15):
        raise DeviceError(f"IMEI {imei} should have 15 digits")
    if len(sim_number) > 30:
        raise DeviceError("the SIM number is longer than 30 characters")
    return imei, sim_number


@transaction.atomic
def register_own_device(
    person: Person,
    *,
    kind: str,
    description: str,
    actor: Actor,
    imei: str = "",
    sim_number: str = "",
    now: datetime | None = None,
) -> OwnDevice:
    """A person registers a device of their own for council work and accepts the own-device
    rules (B 2.2) in the same step: there is no registration without acceptance. Its IMEI and
    SIM number may be kept on file for blocking it if lost (B 2.2.4)."""
    if kind not in DeviceKind.values:
        raise DeviceError(f"{kind!r} is not a kind of device")
    if not description.strip():
        raise DeviceError("describe the device, e.g. 'my iPhone 13'")
    imei, sim_number = _own_numbers(imei, sim_number)
    own = OwnDevice.objects.create(
        council=person.council,
        person=person,
        kind=kind,
        description=description.strip()[:200],
        imei=imei,
        sim_number=sim_number,
        rules_accepted_at=now or timezone.now(),
    )
    audit.record(
        person.council,
        Event.OWN_DEVICE_REGISTERED,
        actor=actor,
        target=own,
        changes={"person": person.full_name, "kind": kind, "rules_accepted": True},
    )
    return own


@transaction.atomic
def update_own_device_numbers(own: OwnDevice, *, imei: str, sim_number: str, actor: Actor) -> bool:
    """Keep the own device's IMEI and SIM number on file (B 2.2.4); return whether they
    changed. The numbers themselves are not written to the audit trail, only that they
    changed."""
    own = OwnDevice.objects.select_for_update().get(pk=own.pk)
    imei, sim_number = _own_numbers(imei, sim_number)
    changed = [
        name
        for name, value in (("IMEI", imei), ("SIM number", sim_number))
        if getattr(own, "imei" if name == "IMEI" else "sim_number") != value
    ]
    if not changed:
        return False
    own.imei, own.sim_number = imei, sim_number
    own.save(update_fields=["imei", "sim_number"])
    audit.record(
        own.council,
        Event.OWN_DEVICE_NUMBERS_CHANGED,
        actor=actor,
        target=own,
        changes={"device": own.description, "changed": changed},
    )
    return True


@transaction.atomic
def confirm_duties(
    own: OwnDevice, duties: list[str], *, actor: Actor, now: datetime | None = None
) -> list[DutyConfirmation]:
    """The person confirms, dated, the own-device duties they keep (B 2.2.4 to 2.2.9); each is
    confirmed again when the council's renewal period has run (``duties_due``)."""
    now = now or timezone.now()
    own = OwnDevice.objects.select_for_update().get(pk=own.pk)
    if own.retired_at is not None:
        raise DeviceError(f"{own.description} is no longer used for council work")
    unknown = [d for d in duties if d not in OwnDeviceDuty.values]
    if unknown or not duties:
        raise DeviceError("tick the duties you keep")
    made = [
        DutyConfirmation.objects.create(
            council=own.council, own_device=own, duty=duty, confirmed_at=now
        )
        for duty in dict.fromkeys(duties)
    ]
    if set(duties) == set(OwnDeviceDuty.values):
        own.duties_confirmed_at = now
        own.save(update_fields=["duties_confirmed_at"])
    audit.record(
        own.council,
        Event.OWN_DEVICE_DUTIES_CONFIRMED,
        actor=actor,
        target=own,
        changes={
            "device": own.description,
            "confirmed": [OwnDeviceDuty(d.duty).label for d in made],
            "not_confirmed": [
                label for value, label in OwnDeviceDuty.choices if value not in duties
            ],
        },
    )
    return made


@dataclass
class DutyStanding:
    """Where an own device stands on its duties: when each was last confirmed, and when they
    are due again (now, if one was never confirmed)."""

    own_device: OwnDevice
    last: dict[str, datetime]
    due_at: datetime

    @property
    def missing(self) -> list[str]:
        return [label for value, label in OwnDeviceDuty.choices if value not in self.last]


def duties_due(own_devices: list[OwnDevice], *, now: datetime) -> list[DutyStanding]:
    """The standing of each own device, in one query for all of them (plus the settings)."""
    from django.db.models import Max

    if not own_devices:
        return []
    renew = timedelta(days=settings_for(own_devices[0].council).duties_renew_days)
    latest = (
        DutyConfirmation.objects.filter(own_device__in=own_devices)
        .values("own_device_id", "duty")
        .annotate(last=Max("confirmed_at"))
    )
    last: dict[int, dict[str, datetime]] = {}
    for row in latest:
        last.setdefault(row["own_device_id"], {})[row["duty"]] = row["last"]
    return [
        DutyStanding(own, last.get(own.pk, {}), duties_due_at(own, renew)) for own in own_devices
    ]


def duties_due_at(own: OwnDevice, renew: timedelta) -> datetime:
    """The renewal period after all duties were last confirmed together; never confirmed
    together, a week after registering (the page asks at once)."""
    if own.duties_confirmed_at is not None:
        return own.duties_confirmed_at + renew
    return own.rules_accepted_at + FIRST_DUTIES


# --- tasks ---


def create_task(
    council: Council,
    title: str,
    *,
    now: datetime,
    due_at: datetime,
    person: Person | None = None,
    device: Device | None = None,
    own_device: OwnDevice | None = None,
) -> Task:
    """A task made as part of a larger change, whose service records the audit entry."""
    return Task.objects.create(
        council=council,
        person=person,
        title=title[:200],
        device=device,
        own_device=own_device,
        created_at=now,
        due_at=due_at,
    )


@transaction.atomic
def complete_task(task: Task, *, actor: Actor, now: datetime | None = None) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.done_at is not None:
        raise DeviceError("that task is already done")
    task.done_at = now or timezone.now()
    task.save(update_fields=["done_at"])
    audit.record(task.council, Event.DEVICE_TASK_DONE, actor=actor, target=task)
    return task


def escalate_overdue_tasks(now: datetime | None = None) -> int:
    """Tell each council's clerks of device tasks past their date, once per task; return how
    many were escalated. Each council in its own transaction, e-mailed after it commits."""
    now = now or timezone.now()
    count = 0
    overdue = Task.objects.filter(done_at__isnull=True, escalated_at__isnull=True, due_at__lt=now)
    for council_id in overdue.values_list("council_id", flat=True).distinct():
        count += _escalate(Council.objects.get(pk=council_id), now)
    return count


@transaction.atomic
def _escalate(council: Council, now: datetime) -> int:
    tasks = list(
        Task.objects.select_for_update(of=("self",))  # PostgreSQL: not the nullable person
        .in_council(council)
        .filter(done_at__isnull=True, escalated_at__isnull=True, due_at__lt=now)
        .select_related("person")
    )
    if not tasks:
        return 0
    Task.objects.filter(pk__in=[t.pk for t in tasks]).update(escalated_at=now)
    lines = [f"{t.person or 'Clerk'}: {t.title} (due {t.due_at:%d %b %Y %H:%M})" for t in tasks]
    audit.record(
        council,
        Event.DEVICE_TASKS_ESCALATED,
        actor=Actor.system("worker"),
        summary=f"{len(tasks)} overdue device task(s) escalated to the clerk",
        changes={"tasks": [t.pk for t in tasks]},
    )
    transaction.on_commit(lambda: _mail_clerks(council, "overdue device tasks", lines))
    return len(tasks)


def _mail_clerks(council: Council, subject: str, lines: list[str]) -> None:
    recipients = Membership.objects.clerks_office(council).emails()
    if recipients:
        send_mail(
            f"councilguard: {subject} in {council}",
            "These device tasks are past their date:\n\n" + "\n".join(lines) + "\n",
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )


# --- losses (C7) ---


@dataclass
class LossData:
    kind: str
    what_happened: str
    # When it was lost or last seen: the police clock runs from then (A "Lost or Stolen").
    occurred_at: datetime | None = None
    where: str = ""
    police_reference: str = ""


def check_loss_time(device: Device, occurred_at: datetime | None, now: datetime) -> None:
    """A loss cannot be in the future, nor before the device was issued to its holder."""
    if occurred_at is None:
        return
    if occurred_at > now:
        raise DeviceError("the time it was lost or last seen cannot be in the future")
    issued = (
        Assignment.objects.filter(device=device, returned_at__isnull=True)
        .values_list("issued_at", flat=True)
        .first()
    )
    if issued is not None and occurred_at < issued:
        local = timezone.localtime(issued)
        raise DeviceError(
            f"the time it was lost or last seen is before the device was issued "
            f"({local:%-d %B %Y %H:%M})"
        )


@transaction.atomic
def report_loss(
    device: Device, data: LossData, *, actor: Actor, now: datetime | None = None
) -> LossReport:
    """Record a lost or stolen device in one step: its status, the 24-hour police clock, the
    clerk's tasks to stop the number and wipe it, the excess to charge, and a security incident;
    the clerk is e-mailed once it commits (seed A; B 2.2.4)."""
    now = now or timezone.now()
    device = Device.objects.select_for_update().get(pk=device.pk)
    _check_loss_data(data)
    if device.status in (DeviceStatus.LOST, DeviceStatus.STOLEN):
        raise DeviceError(f"the device is already reported {device.status}")
    person = device.holder
    if person is None:
        raise DeviceError("only a device issued to someone can be reported lost or stolen")
    check_loss_time(device, data.occurred_at, now)
    incident = _loss_incident(device, person, data, actor=actor, ref=f"devices.device:{device.pk}")
    loss = _create_loss(
        data,
        device=device,
        person=person,
        incident=incident,
        excess=settings_for(device.council).insurance_excess,
        actor=actor,
        now=now,
    )
    due = now + timedelta(days=1)
    if data.kind in POLICE_KINDS:
        device.status = data.kind
        device.save(update_fields=["status", "updated_at"])
        if device.phone_number or device.sim_number or device.kind == DeviceKind.PHONE:
            create_task(
                device.council,
                f"Cancel the number of {device}",
                now=now,
                due_at=due,
                device=device,
            )
    create_task(
        device.council, f"Request a remote wipe of {device}", now=now, due_at=due, device=device
    )
    _record_loss(loss, data, actor=actor)
    return loss


@transaction.atomic
def report_own_device_loss(
    own: OwnDevice, data: LossData, *, actor: Actor, now: datetime | None = None
) -> LossReport:
    """An own device used for council work lost, stolen or inappropriately accessed (B 2.2.4):
    the same security incident, police clock and remote-wipe task as a council device; the
    wipe is of the work profile or the council's data, since the device is the person's. No
    insurance excess: it is not the council's property."""
    now = now or timezone.now()
    own = OwnDevice.objects.select_for_update().select_related("person").get(pk=own.pk)
    _check_loss_data(data)
    if own.retired_at is not None:
        raise DeviceError(f"{own.description} is no longer used for council work")
    if data.occurred_at is not None and data.occurred_at > now:
        raise DeviceError("the time it was lost or last seen cannot be in the future")
    person = own.person
    incident = _loss_incident(
        own, person, data, actor=actor, ref=f"devices.owndevice:{own.pk}", own=True
    )
    loss = _create_loss(
        data, own_device=own, person=person, incident=incident, excess=0, actor=actor, now=now
    )
    due = now + timedelta(days=1)
    create_task(
        own.council,
        f"Wipe the work profile or council data from {own.description} ({person}) remotely",
        now=now,
        due_at=due,
        own_device=own,
    )
    if data.kind in POLICE_KINDS and own.kind in HANDHELD_KINDS:
        # B 2.2.4: the person's own provider blocks the phone, given its IMEI and SIM number.
        create_task(
            own.council,
            f"Ask your provider to block {own.description} (IMEI "
            f"{own.imei or 'not on file'}, SIM {own.sim_number or 'not on file'})",
            now=now,
            due_at=due,
            person=person,
            own_device=own,
        )
    _record_loss(loss, data, actor=actor)
    return loss


def _check_loss_data(data: LossData) -> None:
    if data.kind not in LossKind.values:
        raise DeviceError("say whether the device was lost, stolen or inappropriately accessed")
    if not data.what_happened.strip():
        raise DeviceError("say what happened")


def _loss_incident(subject, person: Person, data: LossData, *, actor, ref: str, own=False):
    where = f" at {data.where.strip()}" if data.where.strip() else ""
    whose = f"{person}'s own device" if own else f"issued to {person}"
    kind = LossKind(data.kind).label.lower()
    description = f"{subject} ({whose}), {kind}{where}: {data.what_happened.strip()}"
    if data.kind == LossKind.ACCESSED:
        # Someone got at council data: a possible personal-data breach, with its 72 hours.
        return open_incident(
            subject.council,
            IncidentKind.DATA_BREACH,
            actor=actor,
            title="Device inappropriately accessed",
            description=description,
            source=IncidentSource.DEVICES,
            source_ref=ref,
            occurred_at=data.occurred_at,
        )
    return record_lost_device(
        subject.council,
        actor=actor,
        device_ref=ref,
        description=description,
        occurred_at=data.occurred_at,
        stolen=data.kind == LossKind.STOLEN,
    )


def _create_loss(data: LossData, *, person, incident, excess, actor, now, **subject):
    police_reference = data.police_reference.strip()[:60]
    police = data.kind in POLICE_KINDS
    return LossReport.objects.create(
        council=person.council,
        person=person,
        kind=data.kind,
        what_happened=data.what_happened.strip(),
        occurred_at=data.occurred_at,
        where=data.where.strip()[:200],
        reported_at=now,
        reported_by_label=actor.label[:200],
        # A "Lost or Stolen": within 24 hours of the loss, not of the report; a late report
        # starts with the clock already run out. No police clock for a device accessed.
        police_due_at=LossReport.police_due(data.occurred_at or now) if police else None,
        police_reference=police_reference,
        police_reference_at=now if police_reference else None,
        insurance_excess=excess,
        # Repeated loss is a ground for claiming the cost (seed A), so the clerk sees the count.
        earlier_losses=LossReport.objects.filter(person=person).count(),
        incident=incident,
        **subject,
    )


def _record_loss(loss: LossReport, data: LossData, *, actor: Actor) -> None:
    audit.record(
        loss.council,
        Event.DEVICE_LOSS_REPORTED,
        actor=actor,
        target=loss,
        changes={
            "device": str(loss.subject),
            "own_device": loss.own_device_id is not None,
            "person": loss.person.full_name,
            "kind": data.kind,
            "lost_or_last_seen": data.occurred_at.isoformat() if data.occurred_at else "",
            "police_due": loss.police_due_at.isoformat() if loss.police_due_at else "",
            "reported_late": loss.reported_late,
            "police_reference": loss.police_reference,
            "insurance_excess": str(loss.insurance_excess),
            "earlier_losses": loss.earlier_losses,
            "incident": loss.incident_id,
        },
    )
    transaction.on_commit(lambda: notify.loss_reported(loss.pk))


@transaction.atomic
def add_police_reference(
    loss: LossReport, reference: str, *, actor: Actor, now: datetime | None = None
) -> LossReport:
    loss = LossReport.objects.select_for_update().get(pk=loss.pk)
    if loss.police_due_at is None:
        raise DeviceError("no police report is asked for when a device was accessed")
    reference = reference.strip()
    if not reference:
        raise DeviceError("enter the police incident number")
    if len(reference) > 60:
        raise DeviceError("the police incident number is longer than 60 characters")
    if loss.police_reference:
        raise DeviceError("this loss already has a police incident number")
    loss.police_reference, loss.police_reference_at = reference, now or timezone.now()
    loss.save(update_fields=["police_reference", "police_reference_at"])
    audit.record(
        loss.council,
        Event.DEVICE_LOSS_POLICE_NUMBER,
        actor=actor,
        target=loss,
        changes={
            "police_reference": reference,
            "late": loss.police_reference_at > loss.police_due_at,
        },
    )
    return loss


@transaction.atomic
def decide_reimbursement(
    loss: LossReport, decision: str, *, note: str, actor: Actor, now: datetime | None = None
) -> LossReport:
    """The clerk decides what the person pays (seed A: at the council's discretion)."""
    loss = LossReport.objects.select_for_update().get(pk=loss.pk)
    if loss.device_id is None:
        raise DeviceError("an own device is the person's: there is nothing to reimburse")
    if decision not in Reimbursement.values:
        raise DeviceError("choose a decision")
    if decision != Reimbursement.EXCESS_ONLY and not note.strip():
        raise DeviceError("give the reason for claiming the cost or waiving the charges")
    before = [loss.reimbursement, loss.reimbursement_note]
    loss.reimbursement, loss.reimbursement_note = decision, note.strip()
    loss.decided_at, loss.decided_by_label = now or timezone.now(), actor.label[:200]
    loss.save(
        update_fields=["reimbursement", "reimbursement_note", "decided_at", "decided_by_label"]
    )
    audit.record(
        loss.council,
        Event.DEVICE_LOSS_DECIDED,
        actor=actor,
        target=loss,
        changes={"decision": [before[0], decision], "note": [before[1], loss.reimbursement_note]},
    )
    charges.charges_for_loss(loss, actor=actor)
    return loss
