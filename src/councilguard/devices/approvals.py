"""Approvals (C9): one request-and-decide workflow for everything the policy makes subject to
someone's approval, with the evidence each kind needs; approved software joins the council's
catalogue. Who decides which kind is in core.roles.APPROVERS."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council, Membership
from councilguard.core.roles import (
    APPROVERS,
    CLERKS,
    VIRUS_CHECKERS,
    Action,
    Role,
    approval_capacities,
    role_can,
)
from councilguard.devices import notify
from councilguard.devices.models import (
    ApprovalDecision,
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    CatalogueEntry,
    CctvAim,
    RecordingConsent,
    ScanResult,
)
from councilguard.people.models import Person


class ApprovalError(ValueError):
    """A request or decision the rules do not allow; the message says why."""


class NotYoursToDecide(ApprovalError):
    """The person acting may not take this step on this request (their own request, a kind
    they do not decide, the virus check they do not record): a refusal of who, not of what
    was sent, which the API answers with a 403."""


class InvalidTransition(ApprovalError):
    def __init__(self, status: str) -> None:
        super().__init__(f"the request is {status}, no longer pending")


# The fields each kind asks for, and those it cannot do without.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    ApprovalKind.SOFTWARE: ("software_name", "publisher", "version", "source_url"),
    ApprovalKind.REMOVABLE_MEDIA: ("media_description", "media_serial"),
    ApprovalKind.RECORDING: ("meeting", "meeting_on"),
    ApprovalKind.WEBSITE_LINK: ("url",),
    ApprovalKind.DOMAIN: ("name_to_register",),
    ApprovalKind.CCTV_VIEWING: ("cctv_aim", "footage"),
    # The activity, date and account are kept by socialmedia.PhotoPermission beside it.
    ApprovalKind.PHOTO_POSTING: (),
}
# Kinds asked for on their own app's form, which keeps what the request is about beside it
# (the camera and period: cctv.ViewingRequest; the activity and account:
# socialmedia.PhotoPermission). The generic form would make a request without it, so it does
# not offer them; those apps call request_approval themselves.
OWN_FORM_KINDS = frozenset({ApprovalKind.CCTV_VIEWING, ApprovalKind.PHOTO_POSTING})
GENERIC_KINDS = [(k, label) for k, label in ApprovalKind.choices if k not in OWN_FORM_KINDS]
REQUIRED: dict[str, tuple[str, ...]] = {
    ApprovalKind.SOFTWARE: ("software_name",),
    ApprovalKind.REMOVABLE_MEDIA: ("media_description",),
    ApprovalKind.RECORDING: ("meeting", "meeting_on"),
    ApprovalKind.WEBSITE_LINK: ("url",),
    ApprovalKind.DOMAIN: ("name_to_register",),
    ApprovalKind.CCTV_VIEWING: ("cctv_aim", "footage"),
    ApprovalKind.PHOTO_POSTING: (),
}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _label(name: str) -> str:
    return ApprovalRequest._meta.get_field(name).verbose_name


def _live_aim(value: object, council: Council) -> bool:
    """Whether ``value`` is on the council's list now (read again: it may have been retired
    since the form was shown)."""
    return (
        isinstance(value, CctvAim)
        and CctvAim.objects.filter(pk=value.pk, council=council, retired_at__isnull=True).exists()
    )


def _clean_details(council: Council, kind: str, details: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in KIND_FIELDS[kind]:
        value = details.get(name)
        if isinstance(value, str):
            value = value.strip()
            limit = ApprovalRequest._meta.get_field(name).max_length
            if limit and len(value) > limit:
                raise ApprovalError(f"{_label(name)} is longer than {limit} characters")
        if name in REQUIRED[kind] and value in (None, ""):
            raise ApprovalError(f"{_label(name)} is needed for this kind of request")
        if name in ("url", "source_url") and value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                raise ApprovalError(f"{value!r} is not a web address") from None
        if name == "cctv_aim" and value is not None and not _live_aim(value, council):
            raise ApprovalError("choose one of the council's legitimate aims for CCTV")
        if name == "meeting_on" and value is not None and not isinstance(value, date):
            raise ApprovalError("the meeting date is not a date")
        values[name] = value if value is not None else ("" if name != "meeting_on" else None)
    if kind == ApprovalKind.CCTV_VIEWING and values.get("cctv_aim") is None:
        raise ApprovalError("choose one of the council's legitimate aims for CCTV")
    return values


@transaction.atomic
def request_approval(
    person: Person,
    kind: str,
    *,
    summary: str,
    reason: str,
    details: dict[str, Any],
    actor: Actor,
    attendees: list[Person | str] = (),
    now: datetime | None = None,
) -> ApprovalRequest:
    """Anyone asks; the request waits for the approvers of its kind (or, for a recording, the
    answer of everyone present)."""
    now = now or timezone.now()
    if kind not in ApprovalKind.values:
        raise ApprovalError(f"{kind!r} is not a kind of request")
    if not summary.strip():
        raise ApprovalError("say briefly what the request is for")
    if not reason.strip():
        raise ApprovalError("give the business reason")
    values = _clean_details(person.council, kind, details)
    names: dict[str, Person | None] = {}
    if kind == ApprovalKind.RECORDING:
        for attendee in attendees:
            if isinstance(attendee, Person):
                if attendee.council_id != person.council_id:
                    raise ApprovalError("attendees from the list must be of this council")
                names.setdefault(attendee.full_name, attendee)
            elif attendee.strip():
                names.setdefault(attendee.strip()[:200], None)
        if not names:
            raise ApprovalError("list everyone who will be present")
    request = ApprovalRequest.objects.create(
        council=person.council,
        kind=kind,
        requester=person,
        requested_at=now,
        requested_by_label=actor.label[:200],
        summary=summary.strip()[:200],
        reason=reason.strip(),
        **values,
    )
    for name, attendee in names.items():
        RecordingConsent.objects.create(
            council=person.council, request=request, person=attendee, name=name
        )
    changes = {k: str(v) for k, v in values.items() if v not in ("", None)}
    if names:
        changes["present"] = sorted(names)
    audit.record(
        person.council,
        Event.APPROVAL_REQUESTED,
        actor=actor,
        target=request,
        changes={
            "kind": kind,
            "requester": person.full_name,
            "summary": request.summary,
            **changes,
        },
    )
    transaction.on_commit(lambda: notify.approval_requested(request.pk), robust=True)
    return request


def _locked(request: ApprovalRequest) -> ApprovalRequest:
    request = ApprovalRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ApprovalStatus.PENDING:
        raise InvalidTransition(request.get_status_display().lower())
    return request


@transaction.atomic
def record_virus_check(
    request: ApprovalRequest,
    *,
    sha256: str,
    scanner: str,
    result: str,
    role: str,
    actor: Actor,
    now: datetime | None = None,
) -> ApprovalRequest:
    """The evidence a software request needs before anyone approves it (A "Use of Email":
    approval only after virus checking): the installer's hash, the scanner and its result."""
    request = _locked(request)
    if request.kind != ApprovalKind.SOFTWARE:
        raise ApprovalError("only software requests need a virus check")
    if role not in VIRUS_CHECKERS:
        raise NotYoursToDecide("the IT provider or the clerk records the virus check")
    sha256 = sha256.strip().lower()
    if not _SHA256.match(sha256):
        raise ApprovalError("the SHA-256 is 64 hexadecimal characters")
    if not scanner.strip():
        raise ApprovalError("name the virus scanner")
    if result not in ScanResult.values:
        raise ApprovalError("give the scanner's result")
    request.file_sha256, request.scanner, request.scan_result = (
        sha256,
        scanner.strip()[:100],
        result,
    )
    request.scanned_at, request.scanned_by_label = now or timezone.now(), actor.label[:200]
    request.save(
        update_fields=["file_sha256", "scanner", "scan_result", "scanned_at", "scanned_by_label"]
    )
    audit.record(
        request.council,
        Event.APPROVAL_VIRUS_CHECKED,
        actor=actor,
        target=request,
        changes={"sha256": sha256, "scanner": request.scanner, "result": result},
    )
    return request


# --- who decides (core.roles.APPROVERS), and the committee chair standing in ---


def chair_may_stand_in(kind: str) -> bool:
    """Whether a committee chair could ever stand in for a request of ``kind``."""
    return bool(_clerk_only(kind))


def _clerk_only(kind: str) -> list[str]:
    """The capacities of ``kind`` only a clerk or deputy clerk holds."""
    return [c for c, roles in APPROVERS.get(kind, {}).items() if roles and roles <= CLERKS]


def _is_clerks_request(request: ApprovalRequest) -> bool:
    user_id = request.requester.user_id
    return (
        user_id is not None
        and Membership.objects.active()
        .filter(council_id=request.council_id, user_id=user_id, role=Role.CLERK)
        .exists()
    )


def _has_deputy(council_id: int) -> bool:
    return (
        Membership.objects.active().filter(council_id=council_id, role=Role.DEPUTY_CLERK).exists()
    )


def chair_stands_in(request: ApprovalRequest) -> list[str]:
    """B 1.1.6, 2.1.4, 8.2.1: nobody decides their own request, so a clerk's own request in a
    capacity only the clerk holds goes to the deputy clerk; when the council has no active
    deputy clerk, the chair of the oversight committee decides it instead. The capacities the
    chair stands in for (none for any other request)."""
    capacities = _clerk_only(request.kind)
    if not capacities or not _is_clerks_request(request) or _has_deputy(request.council_id):
        return []
    return capacities


def deciding_capacities(
    request: ApprovalRequest, *, role: str, committee_chair: bool = False
) -> list[tuple[str, str]]:
    """The capacities a member holding ``role`` (and the chair's flag) may still decide
    ``request`` in, each with on whose behalf they act: the capacity itself, "deputy_clerk" for
    the deputy or "committee_chair" for the chair standing in (core.words reads them)."""
    decided = {d.capacity for d in request.decisions.all()}
    acting = Role.DEPUTY_CLERK.value if role == Role.DEPUTY_CLERK else None
    mine = [(c, acting or c) for c in approval_capacities(role, request.kind)]
    if committee_chair and not mine:
        mine = [(c, "committee_chair") for c in chair_stands_in(request)]
    return [(c, acting_as) for c, acting_as in mine if c not in decided]


def membership_capacities(
    request: ApprovalRequest, membership: Membership
) -> list[tuple[str, str]]:
    """What the pages ask: the capacities ``membership`` may decide ``request`` in now (none
    for their own request)."""
    if not membership.can(Action.DECIDE_APPROVALS):
        return []
    if request.requester.user_id == membership.user_id:
        return []
    return deciding_capacities(
        request, role=membership.role, committee_chair=membership.is_committee_chair
    )


def stuck_kinds(membership: Membership) -> list[str]:
    """The kinds of request ``membership`` (a clerk) would ask for that nobody could decide
    now: the council has no active deputy clerk and no committee chair other than them. Said on
    the request pages so a clerk's request is not silently stuck. Empty for everyone else."""
    if membership.role != Role.CLERK:
        return []
    others = (
        Membership.objects.active()
        .filter(council_id=membership.council_id)
        .filter(Q(role=Role.DEPUTY_CLERK) | Q(is_committee_chair=True))
        .exclude(user_id=membership.user_id)
    )
    if others.exists():
        return []
    return [k for k in ApprovalKind.values if _clerk_only(k)]


def nobody_can_decide(request: ApprovalRequest) -> bool:
    """A clerk's own pending request that no one may decide (see stuck_kinds)."""
    if request.status != ApprovalStatus.PENDING or request.requester.user_id is None:
        return False
    clerk = Membership.objects.filter(
        council_id=request.council_id, user_id=request.requester.user_id
    ).first()
    return clerk is not None and request.kind in stuck_kinds(clerk)


def visible_requests(queryset, membership: Membership):
    """The requests ``membership`` sees on the approvals pages: all of them for the roles that
    decide (core.roles VIEW_APPROVALS); a committee chair holding no such role sees the
    clerks' requests of the kinds only a clerk decides, the ones they may stand in for."""
    if role_can(membership.role, Action.VIEW_APPROVALS):
        return queryset
    kinds = [k for k in ApprovalKind.values if _clerk_only(k)]
    clerks = Membership.objects.filter(council_id=membership.council_id, role=Role.CLERK)
    return queryset.filter(
        kind__in=kinds, requester__user__isnull=False,
        requester__user_id__in=clerks.values("user_id"),
    )  # fmt: skip


@transaction.atomic
def decide(
    request: ApprovalRequest,
    *,
    approve: bool,
    note: str,
    role: str,
    actor: Actor,
    now: datetime | None = None,
) -> ApprovalRequest:
    """One approver's decision. A refusal (with its reason) refuses the request; it is approved
    once every capacity of its kind has approved, each by a different person."""
    now = now or timezone.now()
    request = _locked(request)
    user = actor.user
    if user is None:
        raise ApprovalError("decisions are made by a person signed in")
    if request.requester.user_id == user.pk:
        raise NotYoursToDecide("you cannot decide your own request")
    chair = Membership.objects.filter(
        council_id=request.council_id, user=user, is_committee_chair=True
    ).exists()
    capacities = deciding_capacities(request, role=role, committee_chair=chair)
    if not capacities:
        if approval_capacities(role, request.kind) or (chair and chair_stands_in(request)):
            raise ApprovalError("a decision in your capacity has already been made")
        raise NotYoursToDecide("you do not decide this kind of request")
    capacity, acting_as = capacities[0]
    if request.decisions.filter(decided_by=user).exists():
        raise NotYoursToDecide("this request needs a different person for each approval")
    if not approve and not note.strip():
        raise ApprovalError("give the reason for refusing")
    clean = request.scan_result == ScanResult.CLEAN and request.file_sha256
    if approve and request.kind == ApprovalKind.SOFTWARE and not clean:
        raise ApprovalError("software is approved only after a clean virus check")
    try:
        with transaction.atomic():
            decision = ApprovalDecision.objects.create(
                council=request.council,
                request=request,
                capacity=capacity,
                acting_as=acting_as,
                approved=approve,
                note=note.strip(),
                decided_by=user,
                decided_by_label=actor.label[:200],
                decided_at=now,
            )
    except IntegrityError:
        raise NotYoursToDecide("this request needs a different person for each approval") from None
    audit.record(
        request.council,
        Event.APPROVAL_DECISION,
        actor=actor,
        target=request,
        changes={
            "capacity": decision.capacity,
            "acting_as": acting_as,
            "approved": approve,
            "note": decision.note,
        },
    )
    if not approve:
        _finish(request, ApprovalStatus.REFUSED, actor=actor, now=now, reason=note.strip())
    elif set(APPROVERS[request.kind]) <= set(request.decisions.values_list("capacity", flat=True)):
        _finish(request, ApprovalStatus.APPROVED, actor=actor, now=now)
    return request


def _finish(
    request: ApprovalRequest, status: str, *, actor: Actor, now: datetime, reason: str = ""
) -> None:
    request.status, request.decided_at, request.refusal_reason = status, now, reason
    request.save(update_fields=["status", "decided_at", "refusal_reason"])
    event = Event.APPROVAL_GRANTED if status == ApprovalStatus.APPROVED else Event.APPROVAL_REFUSED
    changes: dict[str, Any] = {"status": [ApprovalStatus.PENDING, status]}
    if reason:
        changes["reason"] = reason
    audit.record(request.council, event, actor=actor, target=request, changes=changes)
    if status == ApprovalStatus.APPROVED and request.kind == ApprovalKind.SOFTWARE:
        _catalogue_approved(request, actor=actor, now=now)
    # robust: the decision stands even if the mail cannot go (it is on the person's page too).
    transaction.on_commit(lambda: notify.approval_decided(request.pk), robust=True)


@transaction.atomic
def record_consent(
    consent: RecordingConsent, *, agreed: bool, actor: Actor, now: datetime | None = None
) -> RecordingConsent:
    """One person present answers (B 2.1.4): the recording is approved only when everyone
    agreed, and refused as soon as anyone does not."""
    now = now or timezone.now()
    request = _locked(consent.request)
    consent = RecordingConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.agreed is not None:
        raise ApprovalError(f"{consent.name} has already answered")
    consent.agreed, consent.answered_at = agreed, now
    consent.recorded_by_label = actor.label[:200]
    consent.save(update_fields=["agreed", "answered_at", "recorded_by_label"])
    audit.record(
        request.council,
        Event.APPROVAL_CONSENT,
        actor=actor,
        target=request,
        changes={"present": consent.name, "agreed": agreed},
    )
    if not agreed:
        _finish(
            request,
            ApprovalStatus.REFUSED,
            actor=actor,
            now=now,
            reason=f"{consent.name} did not agree to the recording",
        )
    elif not request.consents.exclude(agreed=True).exists():
        _finish(request, ApprovalStatus.APPROVED, actor=actor, now=now)
    return consent


@transaction.atomic
def withdraw(request: ApprovalRequest, *, actor: Actor) -> ApprovalRequest:
    """The requester no longer needs it."""
    request = _locked(request)
    request.status, request.decided_at = ApprovalStatus.WITHDRAWN, timezone.now()
    request.save(update_fields=["status", "decided_at"])
    audit.record(
        request.council,
        Event.APPROVAL_WITHDRAWN,
        actor=actor,
        target=request,
        changes={"status": [ApprovalStatus.PENDING, ApprovalStatus.WITHDRAWN]},
    )
    return request


# --- the CCTV aims and the catalogue ---


@transaction.atomic
def add_cctv_aim(council: Council, text: str, *, actor: Actor) -> CctvAim:
    text = " ".join(text.split())
    if not text:
        raise ApprovalError("write the aim")
    if len(text) > 200:
        raise ApprovalError("an aim is at most 200 characters")
    aim, created = CctvAim.objects.get_or_create(council=council, text=text)
    if not created and aim.retired_at is None:
        raise ApprovalError("that aim is already on the list")
    aim.retired_at = None
    aim.save(update_fields=["retired_at"])
    audit.record(council, Event.CCTV_AIM_CHANGED, actor=actor, target=aim, changes={"added": text})
    return aim


@transaction.atomic
def retire_cctv_aim(aim: CctvAim, *, actor: Actor) -> CctvAim:
    aim = CctvAim.objects.select_for_update().get(pk=aim.pk)
    if aim.retired_at is not None:
        raise ApprovalError("that aim is already off the list")
    aim.retired_at = timezone.now()
    aim.save(update_fields=["retired_at"])
    audit.record(
        aim.council, Event.CCTV_AIM_CHANGED, actor=actor, target=aim, changes={"removed": aim.text}
    )
    return aim


@transaction.atomic
def set_catalogue_entry(
    council: Council,
    *,
    name: str,
    publisher: str = "",
    versions: str = "",
    personal: bool = False,
    licences: int | None = None,
    actor: Actor,
    approval: ApprovalRequest | None = None,
) -> CatalogueEntry:
    """Add or change the catalogue's entry for ``name`` (wildcards allowed), with how many
    licences the council holds (None: not counted). A licence count is checked against the
    latest scans at once (B 8.1.1)."""
    from councilguard.devices.software import check_licences

    name = " ".join(name.split())
    if not name:
        raise ApprovalError("name the software")
    if licences is not None and (not isinstance(licences, int) or licences < 0):
        raise ApprovalError("the number of licences is a whole number, 0 or more")
    if len(name) > 200 or len(publisher) > 200 or len(versions) > 300:
        raise ApprovalError("a name or publisher is at most 200 characters, versions 300")
    versions = ", ".join(v.strip() for v in versions.split(",") if v.strip())
    entry = (
        CatalogueEntry.objects.select_for_update()
        .filter(council=council, name__iexact=name)
        .first()
    )
    before = None
    if entry is None:
        entry = CatalogueEntry(
            council=council, name=name, added_at=timezone.now(), added_by_label=actor.label[:200]
        )
    else:
        before = {
            "publisher": entry.publisher,
            "versions": entry.versions,
            "personal": entry.personal,
            "licences": entry.licences,
        }
    entry.publisher, entry.versions, entry.personal = publisher.strip(), versions, personal
    entry.licences = licences
    entry.approval = approval or entry.approval
    after = {
        "publisher": entry.publisher,
        "versions": entry.versions,
        "personal": personal,
        "licences": licences,
    }
    if before == after:
        return entry
    entry.save()
    changes = (
        {"added": name, **after}
        if before is None
        else {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    )
    if approval is not None:
        changes["approval"] = approval.pk
    if licences != (before["licences"] if before else None):
        opened, resolved = check_licences(council)
        if opened or resolved:
            changes["licence_findings_opened"] = opened
            changes["licence_findings_resolved"] = resolved
    audit.record(council, Event.CATALOGUE_CHANGED, actor=actor, target=entry, changes=changes)
    return entry


def _catalogue_approved(request: ApprovalRequest, *, actor: Actor, now: datetime) -> None:
    """Approved software becomes part of the catalogue, at the version approved (added to the
    versions already allowed, unless any version is)."""
    existing = CatalogueEntry.objects.filter(
        council=request.council, name__iexact=request.software_name
    ).first()
    versions = request.version
    if existing is not None:
        if not existing.versions:
            versions = ""
        elif request.version:
            versions = f"{existing.versions}, {request.version}"
        else:
            versions = existing.versions
    set_catalogue_entry(
        request.council,
        name=request.software_name,
        publisher=request.publisher or (existing.publisher if existing else ""),
        versions=versions,
        licences=existing.licences if existing else None,
        actor=actor,
        approval=request,
    )
