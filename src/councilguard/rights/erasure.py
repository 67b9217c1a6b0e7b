"""Rectification and erasure on request (UK GDPR Art 16, 17), through the services, each with
its audit entry. Erasure is decided kind by kind of data by the data protection lead; what the
law or the council's duties keep is refused with the reason; the audit trail keeps the fact of
the erasure and its counts, never the data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core import personal_data
from councilguard.people.services import PersonData, PersonError, snapshot, update_person
from councilguard.rights.access import subject_of
from councilguard.rights.models import (
    ErasureDecision,
    ErasureOutcome,
    RequestKind,
    RightsRequest,
)
from councilguard.rights.services import RightsError, _locked


@dataclass(frozen=True)
class Kind:
    """One kind of data held on the requester, as the erasure page offers it."""

    app_label: str
    key: str
    title: str
    rows: int
    erasable: bool
    kept_because: str


def kinds(request: RightsRequest) -> list[Kind]:
    subject = subject_of(request)
    found = []
    for config, section in personal_data.gather(subject):
        can_erase = section.erasable and personal_data.eraser(config) is not None
        found.append(
            Kind(config.label, section.key, section.title, section.count, can_erase,
                 section.kept_because)
        )  # fmt: skip
    return found


def decide_erasure(
    request: RightsRequest, *, source_key: str, erase: bool, reason: str, actor: Actor
) -> ErasureDecision:
    """Erase one kind of data, or keep it with the reason. Erasing what the council must keep
    (pay, the audit trail, a legal hold) is refused whatever is asked."""
    request = RightsRequest.objects.select_related("person__user", "council").get(pk=request.pk)
    if request.kind != RequestKind.ERASURE:
        raise RightsError("only an erasure request erases data")
    if request.identity_checked_on is None:
        raise RightsError("check the requester's identity before erasing anything")
    if not reason.strip():
        raise RightsError("give the reason for the decision")
    kind = next((k for k in kinds(request) if k.key == source_key), None)
    if kind is None:
        raise RightsError("that kind of data is not held on the requester")
    if erase and kind.kept_because:
        raise RightsError(f"{kind.title} must be kept: {kind.kept_because}")
    if erase and not kind.erasable:
        raise RightsError(f"{kind.title} cannot be erased from here; keep it with the reason")
    receipt: dict = {}
    outcome = ErasureOutcome.REFUSED
    if erase:
        config = next(c for c, _ in personal_data.providers() if c.label == kind.app_label)
        try:
            receipt = personal_data.eraser(config)(subject_of(request), source_key)
        except personal_data.ErasureRefused as refused:  # the app keeps them (a legal hold)
            raise RightsError(str(refused)) from None
        outcome = ErasureOutcome.ERASED
    with transaction.atomic():
        locked = _locked(request)
        decision = ErasureDecision.objects.create(
            council=locked.council, request=locked, source_key=source_key,
            source_title=kind.title, outcome=outcome, reason=reason.strip(), receipt=receipt,
            decided_by_label=actor.label,
        )  # fmt: skip
        audit.record(
            locked.council,
            Event.RIGHTS_DATA_ERASED if erase else Event.RIGHTS_ERASURE_DECIDED,
            actor=actor,
            target=locked,
            summary=f"{locked.reference}: {kind.title}: {decision.get_outcome_display().lower()}",
            changes={"source": source_key, "outcome": outcome, "reason": decision.reason,
                     **receipt},
        )  # fmt: skip
    return decision


RECTIFIABLE = {"full_name": "Name", "job_title": "Job title", "working_pattern": "Working pattern"}


@transaction.atomic
def rectify(request: RightsRequest, *, changes: dict[str, str], actor: Actor) -> list[str]:
    """Correct the requester's record through the people services (which write the change's
    own audit entry); record on the request which fields were corrected."""
    request = _locked(request)
    if request.kind != RequestKind.RECTIFICATION:
        raise RightsError("only a rectification request corrects data")
    if request.person is None:
        raise RightsError("the requester has no record on the council's list of people")
    wanted = {k: v.strip() for k, v in changes.items() if k in RECTIFIABLE and v.strip()}
    person = request.person
    current = snapshot(person)
    data = PersonData(
        full_name=current["full_name"], kind=current["kind"], emails=current["emails"],
        job_title=current["job_title"], line_manager=person.line_manager,
        peer_group=current["peer_group"], start_date=person.start_date,
        leave_date=person.leave_date, uses_display_screen=person.uses_display_screen,
        working_pattern=person.working_pattern,
    )  # fmt: skip
    for field, value in wanted.items():
        setattr(data, field, value)
    fields = [RECTIFIABLE[f] for f, v in wanted.items() if getattr(person, f) != v]
    if not fields:
        raise RightsError("nothing to correct: the record already says that")
    try:
        update_person(person, data, actor=actor)
    except PersonError as error:  # the people rules refuse it (a pattern it cannot read)
        raise RightsError(str(error)) from None
    audit.record(request.council, Event.RIGHTS_RECTIFIED, actor=actor, target=request,
                 summary=f"{request.reference}: {', '.join(fields)} corrected",
                 changes={"fields": fields})  # fmt: skip
    return fields
