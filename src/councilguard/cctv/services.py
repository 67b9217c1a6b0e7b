"""Every change to the CCTV register, each with its audit entry in the same transaction
(A "CCTV": footage is viewed only in so far as it meets one of the legitimate aims)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.cctv.models import (
    MAX_RETENTION_DAYS,
    Camera,
    Disclosure,
    FootageRequest,
    Outcome,
    Recipient,
    Viewing,
    ViewingRequest,
)
from councilguard.core.models import Council
from councilguard.devices import approvals
from councilguard.devices.models import ApprovalKind, ApprovalStatus, CctvAim, Device, DeviceKind
from councilguard.people.models import Person
from councilguard.rights.models import RequestKind
from councilguard.rights.services import NewRequest, RightsError, record_request


class CctvError(ValueError):
    """A change the rules refuse; the message is shown to the user as it is."""


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d %b %Y %H:%M")


def _period(start: datetime, end: datetime) -> str:
    return f"{_when(start)} to {_when(end)}"


# --- the camera register ---


@dataclass
class CameraData:
    name: str
    site: str
    location: str
    coverage: str
    retention_days: int
    aims: list[CctvAim] = field(default_factory=list)
    records_sound: bool = False
    signage: bool = False
    impact_assessment: str = ""
    device: Device | None = None


def _check_camera(council: Council, data: CameraData, camera: Camera | None) -> None:
    for label, value, limit in (
        ("name", data.name, 100),
        ("site", data.site, 200),
        ("place on the site", data.location, 200),
        ("impact assessment reference", data.impact_assessment, 100),
    ):
        if len(value.strip()) > limit:
            raise CctvError(f"the {label} is at most {limit} characters")
    for label, value in (("camera", data.name), ("site", data.site), ("place", data.location)):
        if not value.strip():
            raise CctvError(f"name the {label}")
    if not data.coverage.strip():
        raise CctvError("say what the camera covers")
    if not 1 <= data.retention_days <= MAX_RETENTION_DAYS:
        raise CctvError(f"footage is kept for 1 to {MAX_RETENTION_DAYS} days")
    if not data.aims:
        raise CctvError("choose at least one of the council's legitimate aims")
    live = set(
        CctvAim.objects.filter(council=council, retired_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    if any(aim.pk not in live for aim in data.aims):
        raise CctvError("choose aims from the council's list of legitimate aims")
    if data.device is not None:
        if data.device.council_id != council.pk or data.device.kind != DeviceKind.CCTV_CAMERA:
            raise CctvError("the device must be a CCTV camera on this council's device register")
        other = Camera.objects.filter(device=data.device).exclude(pk=getattr(camera, "pk", None))
        if other.exists():
            raise CctvError("that device is already another camera on the register")
    same_name = Camera.objects.filter(council=council, name__iexact=data.name.strip())
    if same_name.exclude(pk=getattr(camera, "pk", None)).exists():
        raise CctvError("another camera has that name")


def _values(data: CameraData) -> dict:
    return {
        "name": data.name.strip(),
        "site": data.site.strip(),
        "location": data.location.strip(),
        "coverage": data.coverage.strip(),
        "retention_days": data.retention_days,
        "records_sound": data.records_sound,
        "signage": data.signage,
        "impact_assessment": data.impact_assessment.strip(),
        "device": data.device,
    }


def _described(values: dict, aims: list[CctvAim]) -> dict:
    out = {k: (str(v) if k == "device" and v is not None else v) for k, v in values.items()}
    out["aims"] = sorted(a.text for a in aims)
    return out


@transaction.atomic
def add_camera(council: Council, data: CameraData, *, actor: Actor) -> Camera:
    _check_camera(council, data, None)
    values = _values(data)
    camera = Camera.objects.create(council=council, added_at=timezone.now(), **values)
    camera.aims.set(data.aims)
    audit.record(council, Event.CCTV_CAMERA_ADDED, actor=actor, target=camera,
                 changes=_described(values, data.aims))  # fmt: skip
    return camera


@transaction.atomic
def update_camera(camera: Camera, data: CameraData, *, actor: Actor) -> Camera:
    camera = Camera.objects.select_for_update(of=("self",)).get(pk=camera.pk)
    _check_camera(camera.council, data, camera)
    before = _described({k: getattr(camera, k) for k in _values(data)}, list(camera.aims.all()))
    values = _values(data)
    after = _described(values, data.aims)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if not changes:
        return camera
    for key, value in values.items():
        setattr(camera, key, value)
    camera.save()
    camera.aims.set(data.aims)
    audit.record(camera.council, Event.CCTV_CAMERA_UPDATED, actor=actor, target=camera,
                 changes=changes)  # fmt: skip
    return camera


@transaction.atomic
def record_retention_check(
    camera: Camera, *, recorder_days: int, checked_on: date, actor: Actor, today: date | None = None
) -> Camera:
    """What the recorder was found to keep; longer than the register allows is a finding on
    the retention check page until the recorder is set right and checked again."""
    today = today or timezone.localdate()
    if checked_on > today:
        raise CctvError("a check cannot be in the future")
    if not 0 <= recorder_days <= 10 * MAX_RETENTION_DAYS:
        raise CctvError("give the number of days of footage the recorder keeps")
    camera = Camera.objects.select_for_update(of=("self",)).get(pk=camera.pk)
    camera.recorder_retention_days = recorder_days
    camera.retention_checked_on = checked_on
    camera.retention_checked_by_label = actor.label[:200]
    camera.save(update_fields=["recorder_retention_days", "retention_checked_on",
                               "retention_checked_by_label"])  # fmt: skip
    audit.record(
        camera.council,
        Event.CCTV_RETENTION_CHECKED,
        actor=actor,
        target=camera,
        changes={
            "recorder_keeps_days": recorder_days,
            "retention_days": camera.retention_days,
            "checked": checked_on.isoformat(),
            "too_long": camera.keeps_too_long,
        },
    )
    return camera


# --- viewings ---


def _check_period(camera: Camera, start: datetime, end: datetime, now: datetime) -> None:
    if start >= end:
        raise CctvError("the end of the period must be after its start")
    if end > now:
        raise CctvError("the period cannot end in the future")


@transaction.atomic
def request_viewing(
    person: Person,
    camera: Camera,
    *,
    aim: CctvAim | None,
    period_start: datetime,
    period_end: datetime,
    reason: str,
    actor: Actor,
    now: datetime | None = None,
) -> ViewingRequest:
    """Ask to view one camera's footage for one period and one legitimate aim; the clerk decides
    it like every approval (devices.approvals)."""
    now = now or timezone.now()
    if camera.council_id != person.council_id:
        raise CctvError("choose a camera of this council")
    if camera.retired_on is not None:
        raise CctvError("that camera is no longer on the register")
    _check_period(camera, period_start, period_end, now)
    if aim is None or not camera.aims.filter(pk=aim.pk, retired_at__isnull=True).exists():
        raise CctvError("choose one of the legitimate aims this camera serves")
    period = _period(period_start, period_end)
    try:
        approval = approvals.request_approval(
            person,
            ApprovalKind.CCTV_VIEWING,
            summary=f"View {camera.name}"[:200],
            reason=reason,
            details={"cctv_aim": aim, "footage": f"{camera.name}, {period}"[:200]},
            actor=actor,
            now=now,
        )
    except approvals.ApprovalError as exc:
        raise CctvError(str(exc)) from None
    viewing = ViewingRequest.objects.create(
        council=person.council, approval=approval, camera=camera,
        period_start=period_start, period_end=period_end,
    )  # fmt: skip
    audit.record(
        person.council,
        Event.CCTV_VIEWING_REQUESTED,
        actor=actor,
        target=viewing,
        changes={"camera": camera.name, "period": [period_start, period_end], "aim": aim.text},
    )
    return viewing


@transaction.atomic
def log_viewing(
    request: ViewingRequest,
    viewer: Person,
    *,
    viewed_at: datetime,
    footage: str,
    seen: str,
    outcome: str,
    actor: Actor,
    now: datetime | None = None,
) -> Viewing:
    """Each actual viewing, only under an approved request and not before the approval."""
    now = now or timezone.now()
    request = (
        ViewingRequest.objects.select_for_update(of=("self",))
        .select_related("approval", "camera")
        .get(pk=request.pk)
    )
    approval = request.approval
    if viewer.council_id != request.council_id:
        raise CctvError("the viewer must be a person of this council")
    if approval.status != ApprovalStatus.APPROVED:
        raise CctvError(f"the request is {approval.get_status_display().lower()}, not approved: "
                        "footage may be viewed only once it is approved")  # fmt: skip
    # The page records a viewing to the minute: one in the minute of the approval is after it.
    if viewed_at < approval.decided_at.replace(second=0, microsecond=0):
        raise CctvError(
            f"the viewing cannot be before the approval on {_when(approval.decided_at)}"
        )
    if viewed_at > now:
        raise CctvError("a viewing cannot be in the future")
    footage, seen = footage.strip(), " ".join(seen.split())
    if not footage:
        raise CctvError("say which footage was viewed")
    if len(footage) > 200:
        raise CctvError("which footage is at most 200 characters")
    if not seen:
        raise CctvError("say in a sentence what was seen")
    if len(seen) > 300:
        raise CctvError("what was seen is one sentence, at most 300 characters")
    if outcome not in Outcome.values:
        raise CctvError("choose the outcome")
    viewing = Viewing.objects.create(
        council=request.council, request=request, viewer=viewer, viewed_at=viewed_at,
        footage=footage, seen=seen, outcome=outcome, recorded_by_label=actor.label[:200],
    )  # fmt: skip
    audit.record(
        request.council,
        Event.CCTV_FOOTAGE_VIEWED,
        actor=actor,
        target=viewing,
        changes={
            "camera": request.camera.name,
            "viewer": viewer.full_name,
            "viewed": viewed_at,
            "footage": footage,
            "seen": seen,
            "outcome": outcome,
        },
    )
    return viewing


# --- disclosures ---


@dataclass
class DisclosureData:
    recipient: str
    recipient_name: str
    footage: str
    reason: str
    disclosed_on: date
    their_reference: str = ""
    viewing: Viewing | None = None
    rights_request: object | None = None


def _next_reference(council: Council, year: int) -> str:
    prefix = f"CCTV-{year}-"
    last = Disclosure.objects.filter(council=council, reference__startswith=prefix).aggregate(
        last=Max("reference")
    )["last"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:03d}"


@transaction.atomic
def record_disclosure(
    camera: Camera, data: DisclosureData, *, actor: Actor, today: date | None = None
) -> Disclosure:
    """Footage handed over (to the police, an insurer, a person exercising their rights), given
    the next reference of the year."""
    today = today or timezone.localdate()
    if data.recipient not in Recipient.values:
        raise CctvError("choose who the footage was handed to")
    if not data.recipient_name.strip():
        raise CctvError("name who received the footage")
    if not data.footage.strip():
        raise CctvError("say which footage was handed over")
    if not data.reason.strip():
        raise CctvError("give the reason for handing it over")
    if data.disclosed_on > today:
        raise CctvError("a disclosure cannot be in the future")
    for label, value, limit in (("who received it", data.recipient_name, 200),
                                ("which footage", data.footage, 200),
                                ("their reference", data.their_reference, 100)):  # fmt: skip
        if len(value.strip()) > limit:
            raise CctvError(f"{label} is at most {limit} characters")
    if data.viewing is not None and data.viewing.request.camera_id != camera.pk:
        raise CctvError("the viewing must be of this camera")
    rights_request = data.rights_request
    if rights_request is not None and rights_request.council_id != camera.council_id:
        raise CctvError("the data request must be of this council")
    disclosure = Disclosure.objects.create(
        council=camera.council,
        reference=_next_reference(camera.council, data.disclosed_on.year),
        camera=camera,
        viewing=data.viewing,
        rights_request=rights_request,
        recipient=data.recipient,
        recipient_name=data.recipient_name.strip(),
        their_reference=data.their_reference.strip(),
        footage=data.footage.strip(),
        reason=data.reason.strip(),
        disclosed_on=data.disclosed_on,
        recorded_by_label=actor.label[:200],
    )
    audit.record(
        camera.council,
        Event.CCTV_FOOTAGE_DISCLOSED,
        actor=actor,
        target=disclosure,
        summary=f"{disclosure.reference}: {camera.name} to {disclosure.recipient_name}",
        changes={
            "reference": disclosure.reference,
            "camera": camera.name,
            "recipient": disclosure.recipient,
            "handed_to": disclosure.recipient_name,
            "their_reference": disclosure.their_reference,
            "footage": disclosure.footage,
            "disclosed": data.disclosed_on.isoformat(),
        },
    )
    return disclosure


# --- a person's own footage: a subject access request (rights) ---


@dataclass
class OwnFootageData:
    received_on: date
    channel: str
    period_start: datetime
    period_end: datetime
    requester_name: str = ""
    requester_contact: str = ""
    person: Person | None = None
    description: str = ""


@transaction.atomic
def request_own_footage(
    camera: Camera, data: OwnFootageData, *, actor: Actor, now: datetime | None = None
) -> FootageRequest:
    """A member of the public (or a person of the council) asks for footage of themselves: it is
    a subject access request, so it goes on the rights register with its one-month clock."""
    now = now or timezone.now()
    _check_period(camera, data.period_start, data.period_end, now)
    if len(data.description.strip()) > 300:
        raise CctvError("how to recognise them is at most 300 characters")
    period = _period(data.period_start, data.period_end)
    details = f"Footage of themselves from {camera.name} ({camera.site}), {period}."
    if data.description.strip():
        details += f" How to recognise them: {data.description.strip()}"
    try:
        rights_request = record_request(
            camera.council,
            NewRequest(kind=RequestKind.ACCESS, channel=data.channel, received_on=data.received_on,
                       person=data.person, requester_name=data.requester_name,
                       requester_contact=data.requester_contact, details=details),
            actor=actor,
            today=timezone.localdate(now),
        )  # fmt: skip
    except RightsError as exc:
        raise CctvError(str(exc)) from None
    footage = FootageRequest.objects.create(
        council=camera.council, rights_request=rights_request, camera=camera,
        period_start=data.period_start, period_end=data.period_end,
        description=data.description.strip(),
    )  # fmt: skip
    # Footage is overwritten after the camera's retention: say so while there is still time.
    overwritten_on = timezone.localdate(data.period_end + timedelta(days=camera.retention_days))
    audit.record(
        camera.council,
        Event.CCTV_OWN_FOOTAGE_REQUESTED,
        actor=actor,
        target=footage,
        changes={
            "request": rights_request.reference,
            "camera": camera.name,
            "period": [data.period_start, data.period_end],
            "overwritten": overwritten_on.isoformat(),
        },
    )
    return footage
