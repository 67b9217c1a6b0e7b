"""Every change to private contacts (C18, A "Monitoring of Personal Communications"): asking,
deciding, withdrawing, and the council's list protected for everyone. Each runs in one
transaction with its audit entry. The reason a person gives is never written to the trail:
only they and whoever decides read it."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council, Membership
from councilguard.core.roles import Action
from councilguard.people.models import Person, PersonKind
from councilguard.privacy.models import (
    AlwaysProtected,
    ContactKind,
    Decider,
    Extent,
    ProtectionRequest,
    RequestStatus,
)
from councilguard.privacy.protection import normalise_email, normalise_number, normalise_site

MAX_VALUE = 254


class PrivacyError(Exception):
    """A refusal in words for the person who asked."""


def normalise(kind: str, raw: str) -> str:
    """The stored form of a contact, or a refusal saying what is wrong with it."""
    raw = (raw or "").strip()
    if kind not in ContactKind.values:
        raise PrivacyError("Choose a telephone number, an e-mail address or a website.")
    if not raw:
        raise PrivacyError("Enter the number, address or website.")
    if kind == ContactKind.NUMBER:
        value = normalise_number(raw)
        if not value or not value.lstrip("+").isdigit() or len(value) > 20:
            raise PrivacyError(f"{raw[:40]} is not a telephone number.")
    elif kind == ContactKind.EMAIL:
        value = normalise_email(raw)
        if not value:
            raise PrivacyError(f"{raw[:40]} is not an e-mail address.")
    else:
        value = normalise_site(raw)
        if not value:
            raise PrivacyError(f"{raw[:40]} is not a website (for example, example.org).")
    if len(value) > MAX_VALUE:
        raise PrivacyError(f"That is too long: at most {MAX_VALUE} characters.")
    return value


def _membership(council: Council, user) -> Membership | None:
    if user is None:
        return None
    return Membership.objects.filter(council=council, user=user, user__is_active=True).first()


def decider_for(person: Person) -> tuple[str, object | None]:
    """Who decides a person's request (A "Monitoring of Personal Communications": "discuss
    this with your Manager"): their line manager if they are staff with a line manager who
    holds a manager's role here; the clerk for a manager, a councillor, anyone else, or
    staff without such a manager. Returns (Decider, the manager's user or None)."""
    if person.kind != PersonKind.STAFF:
        return Decider.CLERK, None
    own = _membership(person.council, person.user)
    if own is not None and own.can(Action.DECIDE_TEAM_PROTECTION):
        return Decider.CLERK, None
    manager = person.line_manager
    if manager is None or manager.user_id is None:
        return Decider.CLERK, None
    theirs = _membership(person.council, manager.user)
    if theirs is None or not theirs.can(Action.DECIDE_TEAM_PROTECTION):
        return Decider.CLERK, None
    return Decider.MANAGER, manager.user


def may_decide(membership: Membership, request: ProtectionRequest) -> bool:
    """Whether this member decides this request: never their own."""
    if request.council_id != membership.council_id:
        return False
    if request.person.user_id == membership.user_id:
        return False
    if request.decided_by_role == Decider.MANAGER:
        return membership.can(Action.DECIDE_TEAM_PROTECTION) and (
            request.decider_id == membership.user_id
        )
    return membership.can(Action.DECIDE_PROTECTION)


def to_decide(membership: Membership):
    """The requests waiting for this member's decision."""
    waiting = ProtectionRequest.objects.filter(
        council=membership.council, status=RequestStatus.WAITING
    ).exclude(person__user=membership.user)
    if membership.can(Action.DECIDE_PROTECTION):
        return waiting.filter(decided_by_role=Decider.CLERK)
    if membership.can(Action.DECIDE_TEAM_PROTECTION):
        return waiting.filter(decided_by_role=Decider.MANAGER, decider=membership.user)
    return waiting.none()


def decided_by(membership: Membership):
    """Requests this member may decide or has decided (their list)."""
    rows = ProtectionRequest.objects.filter(council=membership.council).exclude(
        person__user=membership.user
    )
    if membership.can(Action.DECIDE_PROTECTION):
        return rows.filter(decided_by_role=Decider.CLERK)
    if membership.can(Action.DECIDE_TEAM_PROTECTION):
        return rows.filter(decided_by_role=Decider.MANAGER, decider=membership.user)
    return rows.none()


def _words(request: ProtectionRequest) -> dict:
    # What the trail may say: the kind of contact and for how long, never the contact itself
    # nor the reason (only the person and the decider read those).
    changes = {
        "contact": ContactKind(request.kind).label.lower(),
        "extent": Extent(request.extent).label.lower(),
        "decided_by": Decider(request.decided_by_role).label.replace("Your", "the").lower(),
    }
    if request.on_date:
        changes["on_date"] = request.on_date.isoformat()
    return changes


@transaction.atomic
def ask_protection(
    person: Person,
    *,
    kind: str,
    value: str,
    extent: str,
    reason: str,
    on_date: date | None = None,
    actor: Actor,
) -> ProtectionRequest:
    """A person asks that a contact be kept from view, once (one day) or standing."""
    stored = normalise(kind, value)
    if extent not in Extent.values:
        raise PrivacyError("Say whether it is for one day or until you withdraw it.")
    if extent == Extent.ONCE and on_date is None:
        raise PrivacyError("Give the day of the call or contact.")
    if extent == Extent.STANDING:
        on_date = None
    reason = (reason or "").strip()
    if not reason:
        raise PrivacyError("Give a reason: only the person who decides will read it.")
    person = Person.objects.select_for_update(of=("self",)).get(pk=person.pk)
    already = ProtectionRequest.objects.filter(
        person=person,
        kind=kind,
        value=stored,
        status__in=(RequestStatus.WAITING, RequestStatus.GRANTED),
        on_date=on_date,
    )
    if already.exists():
        raise PrivacyError("You have already asked for this; it is listed below.")
    role, decider = decider_for(person)
    request = ProtectionRequest.objects.create(
        council=person.council,
        person=person,
        kind=kind,
        value=stored,
        extent=extent,
        on_date=on_date,
        reason=reason[:4000],
        decided_by_role=role,
        decider=decider,
        requested_at=timezone.now(),
    )
    audit.record(
        person.council,
        Event.PROTECTION_REQUESTED,
        actor=actor,
        target=person,
        changes=_words(request),
    )
    return request


def _locked(request: ProtectionRequest) -> ProtectionRequest:
    return (
        ProtectionRequest.objects.select_for_update(of=("self",))
        .select_related("person", "council")
        .get(pk=request.pk)
    )


@transaction.atomic
def grant_protection(
    request: ProtectionRequest, *, membership: Membership, actor: Actor
) -> ProtectionRequest:
    request = _locked(request)
    if not may_decide(membership, request):
        raise PrivacyError("This request is for someone else to decide.")
    if request.status != RequestStatus.WAITING:
        raise PrivacyError("This request has already been decided.")
    request.status = RequestStatus.GRANTED
    request.decided_at = timezone.now()
    request.decided_by = membership.user
    request.decided_by_label = actor.label[:200]
    request.save(update_fields=["status", "decided_at", "decided_by", "decided_by_label"])
    audit.record(
        request.council,
        Event.PROTECTION_GRANTED,
        actor=actor,
        target=request.person,
        changes=_words(request),
    )
    return request


@transaction.atomic
def refuse_protection(
    request: ProtectionRequest, *, membership: Membership, reason: str, actor: Actor
) -> ProtectionRequest:
    reason = (reason or "").strip()
    if not reason:
        raise PrivacyError("Give the reason for refusing: the person will read it.")
    request = _locked(request)
    if not may_decide(membership, request):
        raise PrivacyError("This request is for someone else to decide.")
    if request.status != RequestStatus.WAITING:
        raise PrivacyError("This request has already been decided.")
    request.status = RequestStatus.REFUSED
    request.decided_at = timezone.now()
    request.decided_by = membership.user
    request.decided_by_label = actor.label[:200]
    request.refusal_reason = reason[:4000]
    request.save(
        update_fields=[
            "status",
            "decided_at",
            "decided_by",
            "decided_by_label",
            "refusal_reason",
        ]
    )
    audit.record(
        request.council,
        Event.PROTECTION_REFUSED,
        actor=actor,
        target=request.person,
        changes=_words(request),
    )
    return request


@transaction.atomic
def withdraw_protection(
    request: ProtectionRequest, *, person: Person, actor: Actor
) -> ProtectionRequest:
    """The person withdraws their request or protection (from then on, the contact is read
    like any other)."""
    request = _locked(request)
    if request.person_id != person.pk:
        raise PrivacyError("Only the person who asked may withdraw it.")
    if request.status not in (RequestStatus.WAITING, RequestStatus.GRANTED):
        raise PrivacyError("This request is no longer in force.")
    request.status = RequestStatus.WITHDRAWN
    request.withdrawn_at = timezone.now()
    request.save(update_fields=["status", "withdrawn_at"])
    audit.record(
        request.council,
        Event.PROTECTION_WITHDRAWN,
        actor=actor,
        target=request.person,
        changes=_words(request),
    )
    return request


# --- the council's list, protected for everyone ---


@transaction.atomic
def add_always_protected(
    council: Council, *, kind: str, value: str, label: str, actor: Actor
) -> AlwaysProtected:
    stored = normalise(kind, value)
    label = (label or "").strip()
    if not label:
        raise PrivacyError("Say whose number or site it is (for example, Samaritans).")
    try:
        with transaction.atomic():
            entry = AlwaysProtected.objects.create(
                council=council, kind=kind, value=stored, label=label[:200]
            )
    except IntegrityError:
        raise PrivacyError(f"{stored} is already protected for everyone.") from None
    audit.record(
        council,
        Event.ALWAYS_PROTECTED_ADDED,
        actor=actor,
        target=entry,
        changes={
            "contact": ContactKind(kind).label.lower(),
            "contact_value": stored,
            "contact_label": entry.label,
        },
    )
    return entry


@transaction.atomic
def remove_always_protected(entry: AlwaysProtected, *, actor: Actor) -> None:
    audit.record(
        entry.council,
        Event.ALWAYS_PROTECTED_REMOVED,
        actor=actor,
        target=entry,
        changes={
            "contact": ContactKind(entry.kind).label.lower(),
            "contact_value": entry.value,
            "contact_label": entry.label,
        },
    )
    entry.delete()


# The numbers every UK council protects unless it decides otherwise (A "Monitoring of
# Personal Communications"; the ICO's monitoring guidance on private communications).
STANDARD_LIST = (
    (ContactKind.NUMBER, "999", "Emergency services (999)"),
    (ContactKind.NUMBER, "112", "Emergency services (112)"),
    (ContactKind.NUMBER, "111", "NHS 111"),
    (ContactKind.NUMBER, "116123", "Samaritans"),
)


def add_standard_list(council: Council, *, actor: Actor) -> int:
    """Adds the standard numbers not yet on the council's list; returns how many were added."""
    added = 0
    have = set(AlwaysProtected.objects.filter(council=council).values_list("kind", "value"))
    for kind, value, label in STANDARD_LIST:
        if (kind, normalise(kind, value)) in have:
            continue
        add_always_protected(council, kind=kind, value=value, label=label, actor=actor)
        added += 1
    return added


# --- findings opened for a work purpose (C18: monitoring for work-related purposes only) ---

WORK_PURPOSES = (
    ("review", "Reviewing the finding"),
    ("explanation", "Considering the person's explanation"),
    ("case", "A disciplinary, grievance or capability matter"),
    ("request", "Answering a request for the person's data"),
    ("other", "Another work purpose"),
)


@transaction.atomic
def record_finding_opened(finding, *, purpose: str, detail: str, actor: Actor) -> str:
    """Record that someone opened a finding about a named person, and why: monitoring data
    viewed, shown on the person's own page. Returns the purpose in words."""
    words = dict(WORK_PURPOSES).get(purpose)
    if words is None:
        raise PrivacyError("Choose the work purpose for opening this finding.")
    detail = (detail or "").strip()
    if purpose == "other" and not detail:
        raise PrivacyError("Say what the work purpose is.")
    said = f"{words}: {detail}" if detail else words
    audit.record(
        finding.council,
        Event.MONITORING_VIEWED,
        actor=actor,
        target=finding.person,
        summary=f"Finding opened. {said}"[:500],
        changes={"finding": finding.pk, "work_purpose": said[:500]},
    )
    return said
