"""Open, update, decide and close security incidents (C16). Pages, the API, the vault, sign-in
monitoring and (later) the device register all come through here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from councilguard.accounts.models import User
from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council, Membership
from councilguard.incidents import notify
from councilguard.incidents.models import (
    BreachDecision,
    FailedSignIn,
    IncidentKind,
    IncidentSettings,
    IncidentSource,
    IncidentStatus,
    SecurityIncident,
    SignInStage,
)
from councilguard.people.models import Person

# Repeated refused attempts by one account on one thing are added to the open incident rather
# than opening a new one each time: every attempt is still audited, the clerk is told once.
ATTEMPT_GROUPING = timedelta(hours=24)


class IncidentError(ValueError):
    """A change to an incident that the rules do not allow; the message says why."""


@dataclass
class IncidentReport:
    """What someone reports, already parsed."""

    kind: str
    title: str
    description: str
    occurred_at: datetime | None = None
    detected_at: datetime | None = None
    affected_data: str = ""
    affected_people: list[Person] = field(default_factory=list)


@transaction.atomic
def open_incident(
    council: Council,
    kind: str,
    *,
    actor: Actor,
    title: str,
    description: str,
    source: str = IncidentSource.REPORT,
    source_ref: str = "",
    subject_user: User | None = None,
    occurred_at: datetime | None = None,
    detected_at: datetime | None = None,
    affected_data: str = "",
    affected_people: Iterable[Person] = (),
) -> SecurityIncident:
    """Open an incident, record it, and tell the clerks once the transaction commits."""
    if kind not in IncidentKind.values:
        raise IncidentError(f"{kind!r} is not a kind of incident")
    if not title.strip() or not description.strip():
        raise IncidentError("an incident needs a title and a description of what happened")
    people = list(affected_people)
    if any(person.council_id != council.pk for person in people):
        raise IncidentError("affected people must be people of this council")
    now = timezone.now()
    if occurred_at is not None and occurred_at > now:
        raise IncidentError("when it happened cannot be in the future")
    if detected_at is not None and detected_at > now:
        raise IncidentError("when it was detected cannot be in the future")
    if kind == IncidentKind.DATA_BREACH and detected_at is None:
        detected_at = now  # the 72 hours run from when the council knew
    incident = SecurityIncident.objects.create(
        council=council,
        kind=kind,
        title=title.strip()[:200],
        description=description.strip(),
        source=source,
        source_ref=source_ref[:100],
        subject_user=subject_user,
        occurred_at=occurred_at,
        detected_at=detected_at if kind == IncidentKind.DATA_BREACH else None,
        reported_at=now,
        reported_by=actor.user,
        reported_by_label=actor.label[:200],
        last_attempt_at=now if subject_user is not None else None,
        affected_data=affected_data.strip(),
    )
    if people:
        incident.affected_people.set(people)
    audit.record(
        council,
        Event.INCIDENT_OPENED,
        actor=actor,
        target=incident,
        changes={
            "kind": kind,
            "title": incident.title,
            "source": source,
            "source_ref": incident.source_ref,
            "detected_at": incident.detected_at,
            "affected_people": sorted(p.full_name for p in people),
        },
    )
    # robust: a mail failure (SMTP down) after the commit is logged by Django, not raised: the
    # incident is recorded, and the request that opened it (a refused attempt) is not a 500.
    transaction.on_commit(lambda: notify.incident_opened(incident.pk), robust=True)
    return incident


@transaction.atomic
def record_refused_attempt(
    council: Council,
    *,
    actor: Actor,
    subject_user: User,
    source: str,
    source_ref: str,
    title: str,
    description: str,
) -> SecurityIncident:
    """B 4.1.5: an attempt to reach a credential one may not is a security incident, opened at
    once. A further attempt by the same account on the same thing while that incident is open
    (within a day) is counted on it instead of opening another."""
    since = timezone.now() - ATTEMPT_GROUPING
    existing = (
        SecurityIncident.objects.select_for_update()
        .in_council(council)
        .open()
        .filter(
            kind=IncidentKind.CREDENTIAL_ATTEMPT,
            subject_user=subject_user,
            source_ref=source_ref,
            last_attempt_at__gte=since,
        )
        .order_by("-last_attempt_at")
        .first()
    )
    if existing is None:
        return open_incident(
            council,
            IncidentKind.CREDENTIAL_ATTEMPT,
            actor=actor,
            title=title,
            description=description,
            source=source,
            source_ref=source_ref,
            subject_user=subject_user,
        )
    existing.attempts += 1
    existing.last_attempt_at = timezone.now()
    existing.save(update_fields=["attempts", "last_attempt_at"])
    audit.record(
        council,
        Event.INCIDENT_UPDATED,
        actor=actor,
        target=existing,
        summary="another refused attempt",
        changes={"attempts": existing.attempts, "what": description[:300]},
    )
    return existing


def record_lost_device(
    council: Council,
    *,
    actor: Actor,
    device_ref: str,
    description: str,
    occurred_at: datetime | None = None,
    stolen: bool = False,
) -> SecurityIncident:
    """Link point for the device register (devices issue, not built yet): a lost or stolen
    device report becomes an incident here. ``device_ref`` is "devices.device:<pk>"."""
    return open_incident(
        council,
        IncidentKind.LOST_DEVICE,
        actor=actor,
        title="Device stolen" if stolen else "Device lost",
        description=description,
        source=IncidentSource.DEVICES,
        source_ref=device_ref,
        occurred_at=occurred_at,
    )


@transaction.atomic
def report_incident(council: Council, report: IncidentReport, *, actor: Actor) -> SecurityIncident:
    """Someone reports an incident from the page or the API."""
    return open_incident(
        council,
        report.kind,
        actor=actor,
        title=report.title,
        description=report.description,
        occurred_at=report.occurred_at,
        detected_at=report.detected_at,
        affected_data=report.affected_data,
        affected_people=report.affected_people,
    )


@transaction.atomic
def update_incident(
    incident: SecurityIncident,
    *,
    actor: Actor,
    actions: str,
    outcome: str,
    affected_data: str,
    affected_people: Iterable[Person],
) -> bool:
    """Record what was done; return whether anything changed."""
    incident = SecurityIncident.objects.select_for_update().get(pk=incident.pk)
    if not incident.is_open:
        raise IncidentError("this incident is closed")
    people = list(affected_people)
    if any(person.council_id != incident.council_id for person in people):
        raise IncidentError("affected people must be people of this council")
    before = _snapshot(incident)
    incident.actions = actions.strip()
    incident.outcome = outcome.strip()
    incident.affected_data = affected_data.strip()
    after = {
        "actions": incident.actions,
        "outcome": incident.outcome,
        "affected_data": incident.affected_data,
        "affected_people": sorted(p.full_name for p in people),
    }
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if not changes:
        return False
    incident.save(update_fields=["actions", "outcome", "affected_data"])
    incident.affected_people.set(people)
    audit.record(
        incident.council, Event.INCIDENT_UPDATED, actor=actor, target=incident, changes=changes
    )
    return True


@transaction.atomic
def record_breach_decision(
    incident: SecurityIncident,
    *,
    actor: Actor,
    decision: str,
    reason: str,
    ico_reference: str = "",
) -> SecurityIncident:
    """Record whether a personal-data breach was reported to the ICO, and why (UK GDPR Art. 33:
    a breach not reported still needs the reasoning documented)."""
    incident = SecurityIncident.objects.select_for_update().get(pk=incident.pk)
    if not incident.is_open:
        raise IncidentError("this incident is closed")
    if not incident.is_breach:
        raise IncidentError("only a personal-data breach has a reporting decision")
    if decision not in BreachDecision.values:
        raise IncidentError(f"{decision!r} is not a decision")
    if not reason.strip():
        raise IncidentError("give the reason for the decision")
    before = incident.breach_decision
    incident.breach_decision = decision
    incident.breach_decision_reason = reason.strip()
    incident.ico_reference = ico_reference.strip()[:100]
    incident.breach_decided_at = timezone.now()
    incident.breach_decided_by = actor.user
    incident.save(
        update_fields=[
            "breach_decision",
            "breach_decision_reason",
            "ico_reference",
            "breach_decided_at",
            "breach_decided_by",
        ]
    )
    audit.record(
        incident.council,
        Event.INCIDENT_BREACH_DECIDED,
        actor=actor,
        target=incident,
        changes={
            "decision": [before, decision],
            "reason": incident.breach_decision_reason,
            "ico_reference": incident.ico_reference,
            "within_72_hours": incident.breach_decided_at <= incident.report_deadline,
        },
    )
    return incident


@transaction.atomic
def close_incident(incident: SecurityIncident, *, actor: Actor, outcome: str) -> SecurityIncident:
    incident = SecurityIncident.objects.select_for_update().get(pk=incident.pk)
    if not incident.is_open:
        raise IncidentError("this incident is already closed")
    if not outcome.strip():
        raise IncidentError("say what the outcome was before closing the incident")
    if incident.is_breach and not incident.breach_decision:
        raise IncidentError("record whether this breach was reported to the ICO before closing it")
    incident.status = IncidentStatus.CLOSED
    incident.outcome = outcome.strip()
    incident.closed_at = timezone.now()
    incident.closed_by = actor.user
    incident.save(update_fields=["status", "outcome", "closed_at", "closed_by"])
    audit.record(
        incident.council,
        Event.INCIDENT_CLOSED,
        actor=actor,
        target=incident,
        changes={"outcome": incident.outcome},
    )
    return incident


def settings_for(council: Council) -> IncidentSettings:
    """The council's settings, or the defaults (unsaved) if it never changed them."""
    found = IncidentSettings.objects.filter(council=council).first()
    return found or IncidentSettings(council=council)


@transaction.atomic
def change_settings(
    council: Council, *, actor: Actor, failed_sign_in_limit: int, failed_sign_in_minutes: int
) -> bool:
    if not 2 <= failed_sign_in_limit <= 100:
        raise IncidentError("the number of failed sign-ins must be between 2 and 100")
    if not 1 <= failed_sign_in_minutes <= 24 * 60:
        raise IncidentError("the period must be between 1 minute and a day")
    current, _ = IncidentSettings.objects.select_for_update().get_or_create(council=council)
    before = (current.failed_sign_in_limit, current.failed_sign_in_minutes)
    after = (failed_sign_in_limit, failed_sign_in_minutes)
    if before == after:
        return False
    current.failed_sign_in_limit, current.failed_sign_in_minutes = after
    current.save(update_fields=["failed_sign_in_limit", "failed_sign_in_minutes"])
    audit.record(
        council,
        Event.INCIDENT_SETTINGS_CHANGED,
        actor=actor,
        target=current,
        changes={
            "failed_sign_in_limit": [before[0], after[0]],
            "failed_sign_in_minutes": [before[1], after[1]],
        },
    )
    return True


@transaction.atomic
def note_failed_sign_in(
    user: User, *, ip_address: str | None = None, stage: str = SignInStage.PASSWORD
) -> list[SecurityIncident]:
    """Count a failed sign-in to ``user``'s account, at the password or, after the right
    password, at the authenticator code; when a council's limit is reached within its period,
    open one incident there (once per period)."""
    now = timezone.now()
    FailedSignIn.objects.create(user=user, at=now, ip_address=_ip(ip_address), stage=stage)
    opened = []
    memberships = Membership.objects.filter(user=user).select_related("council")
    for membership in memberships:
        council = membership.council
        rules = settings_for(council)
        since = now - timedelta(minutes=rules.failed_sign_in_minutes)
        failures = FailedSignIn.objects.filter(user=user, at__gte=since)
        if failures.count() < rules.failed_sign_in_limit:
            continue
        already = SecurityIncident.objects.in_council(council).filter(
            kind=IncidentKind.FAILED_SIGN_INS, subject_user=user, reported_at__gte=since
        )
        if already.exists():
            continue
        addresses = sorted({str(a) for a in failures.values_list("ip_address", flat=True) if a})
        person = Person.objects.in_council(council).filter(user=user).first()
        opened.append(
            open_incident(
                council,
                IncidentKind.FAILED_SIGN_INS,
                actor=Actor.system("sign-in monitor"),
                title=f"Repeated failed sign-ins to {user.email}",
                description=_failed_sign_ins_described(
                    user, failures, rules.failed_sign_in_minutes, addresses
                ),
                source=IncidentSource.SIGN_IN,
                source_ref=f"accounts.user:{user.pk}",
                subject_user=user,
                affected_people=[person] if person else [],
            )
        )
    return opened


def _failed_sign_ins_described(user: User, failures, minutes: int, addresses: list[str]) -> str:
    total = failures.count()
    wrong_codes = failures.filter(stage=SignInStage.SECOND_FACTOR).count()
    said = (
        f"{total} failed sign-ins to the account {user.email} within {minutes} minutes"
        + (f", from {', '.join(addresses)}" if addresses else "")
        + ". Further attempts are refused for a while. "
    )
    if not wrong_codes:
        return said + (
            "Check with the account's owner whether it was them; if not, change the password "
            "and check their second factor."
        )
    which = "all of them" if wrong_codes == total else f"{wrong_codes} of them"
    return said + (
        f"In {which} the password was right but the authenticator code was wrong: someone "
        "else very likely knows the password. Change it now, and check with the account's "
        "owner that their authenticator is still only theirs."
    )


def _snapshot(incident: SecurityIncident) -> dict[str, Any]:
    return {
        "actions": incident.actions,
        "outcome": incident.outcome,
        "affected_data": incident.affected_data,
        "affected_people": sorted(p.full_name for p in incident.affected_people.all()),
    }


def _ip(address: str | None) -> str | None:
    import ipaddress

    if not address:
        return None
    try:
        return str(ipaddress.ip_address(address.split("%", 1)[0]))
    except ValueError:
        return None
