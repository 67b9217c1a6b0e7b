"""Every change to the rights register, each with its audit entry in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council
from councilguard.people.models import Person
from councilguard.rights.clock import extension_notice_deadline
from councilguard.rights.models import (
    Channel,
    PauseReason,
    Region,
    RequestKind,
    RequestPause,
    RequestStatus,
    RightsRequest,
    RightsSettings,
    region_of,
)


class RightsError(ValueError):
    """A change the rules refuse; the message is shown to the user as it is."""


@dataclass(frozen=True)
class NewRequest:
    kind: str
    channel: str
    received_on: date
    person: Person | None = None
    requester_name: str = ""
    requester_contact: str = ""
    details: str = ""


def _locked(request: RightsRequest) -> RightsRequest:
    locked = RightsRequest.objects.select_for_update().get(pk=request.pk)
    if not locked.is_open:
        raise RightsError(f"{locked.reference} is closed")
    return locked


@transaction.atomic
def record_request(
    council: Council, new: NewRequest, *, actor: Actor, today: date | None = None
) -> RightsRequest:
    """Record a request as it came in. A person of the council is linked (current or former);
    anyone else is named as they gave their name."""
    today = today or date.today()
    if new.kind not in RequestKind.values:
        raise RightsError("choose what kind of request it is")
    if new.channel not in Channel.values:
        raise RightsError("choose how the request came in")
    if new.received_on > today:
        raise RightsError("a request cannot be received in the future")
    if new.person is not None and new.person.council_id != council.pk:
        raise RightsError("the requester must be a person of this council")
    name = (new.requester_name or (new.person.full_name if new.person else "")).strip()
    if not name:
        raise RightsError("give the requester's name")
    request = RightsRequest.objects.create(
        council=council,
        kind=new.kind,
        person=new.person,
        requester_name=name,
        requester_contact=new.requester_contact.strip()
        or (new.person.primary_email if new.person else ""),
        details=new.details.strip(),
        channel=new.channel,
        received_on=new.received_on,
        recorded_by=actor.user,
    )
    due = request.clock().due
    audit.record(
        council,
        Event.RIGHTS_REQUEST_RECORDED,
        actor=actor,
        target=request,
        summary=f"{request.reference}: {request.get_kind_display()}, due {due:%d %B %Y}",
        changes={
            "request": request.reference,
            "kind": request.kind,
            "channel": request.channel,
            "received": request.received_on.isoformat(),
            "due": due.isoformat(),
        },
    )
    return request


def make_own_request(
    person: Person, *, kind: str, details: str, actor: Actor, today: date | None = None
) -> RightsRequest:
    """A person asks from their own page: received today, identity already shown by signing
    in (with the council's sign-in rules)."""
    today = today or date.today()
    with transaction.atomic():
        request = record_request(
            person.council,
            NewRequest(kind=kind, channel=Channel.OWN_PAGE, received_on=today, person=person,
                       details=details),
            actor=actor,
            today=today,
        )  # fmt: skip
        check_identity(request, checked_on=today, method="Signed in to their own account",
                       actor=actor)  # fmt: skip
    return request


@transaction.atomic
def check_identity(request: RightsRequest, *, checked_on: date, method: str, actor: Actor) -> None:
    request = _locked(request)
    if not method.strip():
        raise RightsError("say how the requester's identity was checked")
    if checked_on < request.received_on:
        raise RightsError("identity cannot be checked before the request was received")
    request.identity_checked_on = checked_on
    request.identity_method = method.strip()
    request.save(update_fields=["identity_checked_on", "identity_method"])
    audit.record(
        request.council,
        Event.RIGHTS_IDENTITY_CHECKED,
        actor=actor,
        target=request,
        summary=f"{request.reference}: {request.identity_method}",
        changes={"checked_on": checked_on.isoformat(), "method": request.identity_method},
    )


@transaction.atomic
def pause_clock(
    request: RightsRequest, *, reason: str, asked: str, started_on: date, actor: Actor
) -> RequestPause:
    """Stop the clock while the council waits for proof of identity or clarification
    (Art 12A)."""
    request = _locked(request)
    if reason not in PauseReason.values:
        raise RightsError("say what the council is waiting for")
    if request.pauses.filter(ended_on__isnull=True).exists():
        raise RightsError("the clock is already stopped")
    if started_on < request.received_on:
        raise RightsError("the clock cannot stop before the request was received")
    last = request.pauses.order_by("-ended_on").values_list("ended_on", flat=True).first()
    if last and started_on < last:
        raise RightsError("the clock cannot stop before the last reply came")
    pause = RequestPause.objects.create(
        council=request.council,
        request=request,
        reason=reason,
        asked=asked.strip(),
        started_on=started_on,
    )
    audit.record(
        request.council,
        Event.RIGHTS_CLOCK_PAUSED,
        actor=actor,
        target=request,
        summary=f"{request.reference}: {pause.get_reason_display().lower()}",
        changes={"reason": reason, "from": started_on.isoformat()},
    )
    return pause


@transaction.atomic
def resume_clock(request: RightsRequest, *, reply_on: date, actor: Actor) -> date:
    """The reply came: the one-month count starts again from that day. Returns the new due date."""
    request = _locked(request)
    pause = request.pauses.filter(ended_on__isnull=True).first()
    if pause is None:
        raise RightsError("the clock is not stopped")
    if reply_on < pause.started_on:
        raise RightsError("the reply cannot come before the question was asked")
    pause.ended_on = reply_on
    pause.save(update_fields=["ended_on"])
    due = request.clock().due
    audit.record(
        request.council,
        Event.RIGHTS_CLOCK_RESUMED,
        actor=actor,
        target=request,
        summary=f"{request.reference}: reply on {reply_on:%d %B %Y}, now due {due:%d %B %Y}",
        changes={"reply": reply_on.isoformat(), "due": due.isoformat()},
    )
    return due


@transaction.atomic
def extend(request: RightsRequest, *, reason: str, told_on: date, actor: Actor) -> date:
    """Two further months for a complex or numerous request (Art 12(3)); the requester must
    have been told, with the reasons, within the first month."""
    request = _locked(request)
    if request.extended:
        raise RightsError("this request has already been extended")
    if not reason.strip():
        raise RightsError("give the reason for the extension")
    current = request.clock()
    if current.paused:
        raise RightsError("restart the clock before extending it")
    latest = extension_notice_deadline(current.runs_from, region_of(request.council))
    if told_on > latest:
        raise RightsError(
            f"the requester had to be told by {latest:%d %B %Y} (within the first month); "
            "the request can no longer be extended"
        )
    if told_on < request.received_on:
        raise RightsError("the requester cannot be told before the request was received")
    request.extended = True
    request.extension_reason = reason.strip()
    request.extension_told_on = told_on
    request.save(update_fields=["extended", "extension_reason", "extension_told_on"])
    due = request.clock().due
    audit.record(
        request.council,
        Event.RIGHTS_EXTENDED,
        actor=actor,
        target=request,
        summary=f"{request.reference}: now due {due:%d %B %Y}",
        changes={"reason": request.extension_reason, "told_on": told_on.isoformat(),
                 "due": due.isoformat()},
    )  # fmt: skip
    return due


@transaction.atomic
def close_request(
    request: RightsRequest, *, status: str, outcome: str, actor: Actor, today: date | None = None
) -> None:
    request = _locked(request)
    if status not in (RequestStatus.COMPLETED, RequestStatus.REFUSED, RequestStatus.WITHDRAWN):
        raise RightsError("choose how the request ends")
    if not outcome.strip():
        raise RightsError("say what was done, or why it was refused")
    request.status = status
    request.outcome = outcome.strip()
    request.closed_on = today or date.today()
    request.save(update_fields=["status", "outcome", "closed_on"])
    audit.record(
        request.council,
        Event.RIGHTS_REQUEST_CLOSED,
        actor=actor,
        target=request,
        summary=f"{request.reference}: {request.get_status_display().lower()}",
        changes={"status": status, "outcome": request.outcome},
    )


@transaction.atomic
def change_settings(council: Council, *, region: str, actor: Actor) -> bool:
    if region not in Region.values:
        raise RightsError("choose the council's part of the UK")
    current, _ = RightsSettings.objects.get_or_create(council=council)
    if current.region == region:
        return False
    before = current.region
    current.region = region
    current.save(update_fields=["region"])
    audit.record(
        council,
        Event.RIGHTS_SETTINGS_CHANGED,
        actor=actor,
        target=current,
        changes={"region": [before, region]},
    )
    return True
