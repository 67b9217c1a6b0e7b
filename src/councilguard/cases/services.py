"""Every change to a case, in one transaction with its audit entry (C17, B 5.1.2, 5.1.7).

The stages follow the ACAS code of practice on disciplinary procedures: a concern is raised,
reviewed, investigated by someone appointed with terms of reference, the investigation's
findings are recorded, then an outcome, then the case is closed. Each step records who, when
and why. Nothing here takes a disciplinary step.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.cases.models import (
    Case,
    CaseKind,
    CaseSettings,
    CaseStep,
    CaseSubject,
    Evidence,
    EvidenceKind,
    NoticeMethod,
    Origin,
    Outcome,
    Stage,
)
from councilguard.cases.uploads import UploadRefused, check_upload
from councilguard.core.models import Council, Membership
from councilguard.monitoring.models import Finding, LegalHold
from councilguard.people.models import Person

MIN_REASON = 5
MAX_CLAUSE = 40


class CaseError(ValueError):
    """A change the process does not allow; the message is a sentence safe to show."""


def _text(value: str, what: str, *, minimum: int = MIN_REASON) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise CaseError(f"Give the {what} in a few words.")
    return value


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).get(pk=case.pk)


def _step(case: Case, stage: str, reason: str, actor: Actor, at: dt.datetime) -> CaseStep:
    return CaseStep.objects.create(
        case=case, stage=stage, at=at, by_label=actor.label[:200], reason=reason
    )


def _refuse_closed(case: Case) -> None:
    if case.stage == Stage.CLOSED:
        raise CaseError(f"{case.reference} is closed: its record no longer changes.")


def settings_for(council: Council) -> CaseSettings:
    found = CaseSettings.objects.filter(council=council).first()
    return found or CaseSettings(council=council)


@transaction.atomic
def update_settings(council: Council, *, appeal_days: int, actor: Actor) -> CaseSettings:
    if appeal_days < 0 or appeal_days > 365:
        raise CaseError("The appeal period is between 0 and 365 days.")
    current = settings_for(council)
    before = current.appeal_days if current.pk else None
    current.appeal_days = appeal_days
    current.save()
    audit.record(
        council,
        Event.CASE_SETTINGS_CHANGED,
        actor=actor,
        target=current,
        changes={"appeal_days": [before, appeal_days]},
    )
    return current


# --- opening a case --------------------------------------------------------------------------


@dataclass
class NewCase:
    title: str
    kind: str
    origin: str
    allegation: str
    clauses: list[str] = field(default_factory=list)
    subjects: list[Person] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    period_start: dt.date | None = None
    period_end: dt.date | None = None


def parse_clauses(text: str) -> list[str]:
    """ "B 5.1.7; A Social Media" -> ["B 5.1.7", "A Social Media"] (commas or semicolons or
    lines)."""
    parts = [
        p.strip() for chunk in (text or "").splitlines() for p in chunk.replace(";", ",").split(",")
    ]
    return list(dict.fromkeys(p for p in parts if p))


def _next_reference(council: Council, year: int) -> str:
    prefix = f"C-{year}-"
    taken = Case.objects.filter(council=council, reference__startswith=prefix).values_list(
        "reference", flat=True
    )
    highest = max(
        (int(r.removeprefix(prefix)) for r in taken if r.removeprefix(prefix).isdigit()), default=0
    )
    return f"{prefix}{highest + 1:03d}"


@transaction.atomic
def open_case(
    council: Council, new: NewCase, *, actor: Actor, at: dt.datetime | None = None
) -> Case:
    """Open a case from findings of any source, or from scratch (a report, a complaint), and
    hold its subjects' monitoring data while it is open (C19)."""
    at = at or timezone.now()
    title = _text(new.title, "case's title")[:200]
    allegation = _text(new.allegation, "allegation")
    if new.kind not in CaseKind.values:
        raise CaseError("Choose the kind of case.")
    if new.origin not in Origin.values:
        raise CaseError("Say where the concern came from.")
    clauses = [c[:MAX_CLAUSE] for c in new.clauses]
    findings = list(new.findings)
    for finding in findings:
        if finding.council_id != council.pk:
            raise CaseError("A finding of another council cannot be part of this case.")
    subjects = list(dict.fromkeys([*new.subjects, *(f.person for f in findings)]))
    if not subjects:
        raise CaseError("Name the person the case is about.")
    for person in subjects:
        if person.council_id != council.pk:
            raise CaseError("Everyone the case is about must be on this council's people list.")
    for finding in findings:
        if finding.clause_reference and finding.clause_reference not in clauses:
            clauses.append(finding.clause_reference[:MAX_CLAUSE])
    if not clauses:
        raise CaseError("Name the clause or clauses the allegation concerns.")
    start = new.period_start or min((f.period_start for f in findings), default=None)
    end = new.period_end or max((f.period_end for f in findings), default=None)
    if start and end and end < start:
        raise CaseError("The period the case concerns must end after it starts.")
    # One case at a time takes a reference: lock the council's row while numbering.
    Council.objects.select_for_update().filter(pk=council.pk).first()
    case = Case.objects.create(
        council=council,
        reference=_next_reference(council, timezone.localtime(at).year),
        title=title,
        kind=new.kind,
        origin=new.origin if not findings else Origin.FINDINGS,
        allegation=allegation,
        clauses=clauses,
        period_start=start,
        period_end=end,
        opened_at=at,
        opened_by_label=actor.label[:200],
    )
    _step(case, Stage.CONCERN_RAISED, allegation, actor, at)
    audit.record(
        council,
        Event.CASE_OPENED,
        actor=actor,
        target=case,
        summary=f"{case.reference}: {title}",
        changes={
            "reference": case.reference,
            "kind": CaseKind(case.kind).label,
            "subjects": [p.full_name for p in subjects],
            "clauses": clauses,
            "findings_linked": len(findings),
        },
    )
    for person in subjects:
        _add_subject(case, person, actor=actor)
    for finding in findings:
        _link_finding(case, finding, actor=actor, at=at)
    return case


def _add_subject(case: Case, person: Person, *, actor: Actor) -> CaseSubject:
    """The subject's monitoring data is held while the case needs it: an open hold on them is
    shared, otherwise one is placed naming the case (C19)."""
    from councilguard.monitoring.services import place_hold

    hold = LegalHold.objects.filter(person=person, released_at__isnull=True).first()
    if hold is None:
        hold = place_hold(person, reason=f"Case {case.reference}: {case.title}"[:300], actor=actor)
    return CaseSubject.objects.create(case=case, person=person, hold=hold)


# --- evidence --------------------------------------------------------------------------------


def _evidence(
    case: Case, *, kind: str, title: str, data: bytes, actor: Actor, at=None, **rest
) -> Evidence:
    """Freeze one item: its bytes and their SHA-256 go into the case. The same bytes twice are
    one item (a no-op)."""
    digest = hashlib.sha256(data).hexdigest()
    found = Evidence.objects.filter(case=case, sha256=digest).first()
    if found is not None:
        return found
    item = Evidence.objects.create(
        case=case,
        kind=kind,
        title=title[:200],
        content=data,
        size_bytes=len(data),
        sha256=digest,
        added_at=at or timezone.now(),
        added_by_label=actor.label[:200],
        **rest,
    )
    audit.record(
        case.council,
        Event.CASE_EVIDENCE_ADDED,
        actor=actor,
        target=case,
        summary=f"{case.reference}: {item.title}",
        changes={
            "evidence_kind": EvidenceKind(kind).label,
            "title": item.title,
            "sha256": digest,
            "size_bytes": len(data),
            "relied_on": item.relied_on,
        },
    )
    return item


def finding_text(finding: Finding) -> str:
    """What a linked finding freezes: its sentence, clause, period, review and explanation."""
    lines = [
        f"Finding: {finding.summary}",
        f"Clause: {finding.clause_reference}",
        f"Period: {finding.period_start.isoformat()} to {finding.period_end.isoformat()}",
        f"Source: {finding.get_source_kind_display()}",
        f"Review: {finding.get_status_display()}"
        + (f" ({finding.review_note})" if finding.review_note else ""),
    ]
    if finding.explanation:
        lines.append(f"Explanation given: {finding.explanation}")
    return "\n".join(lines) + "\n"


def _link_finding(case: Case, finding: Finding, *, actor: Actor, at=None) -> Evidence:
    case.findings.add(finding)
    return _evidence(
        case,
        kind=EvidenceKind.FINDING,
        title=f"Finding, {finding.period_start:%-d %b %Y} to {finding.period_end:%-d %b %Y}",
        data=finding_text(finding).encode(),
        actor=actor,
        at=at,
        finding=finding,
        content_type="text/plain",
    )


@transaction.atomic
def link_finding(case: Case, finding: Finding, *, actor: Actor) -> Evidence:
    case = _lock(case)
    _refuse_closed(case)
    if finding.council_id != case.council_id:
        raise CaseError("A finding of another council cannot be part of this case.")
    if not case.subjects.filter(person_id=finding.person_id).exists():
        raise CaseError("That finding is about someone this case is not about.")
    return _link_finding(case, finding, actor=actor)


def events_csv(events: list[dict]) -> bytes:
    """Raw events as CSV, columns in the order the store gives them."""
    out = io.StringIO()
    columns = list(events[0].keys()) if events else ["at"]
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in events:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue().encode()


def _cell(value) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    return "" if value is None else str(value)


@transaction.atomic
def take_extract(case: Case, finding: Finding, *, purpose: str, actor: Actor) -> Evidence:
    """Copy the raw events behind a finding of the case out of the event store into the case,
    with the purpose stated; monitoring records the look against the person (B 5.1.2)."""
    from councilguard.monitoring.services import MonitoringError, open_raw_events

    case = _lock(case)
    _refuse_closed(case)
    purpose = _text(purpose, "purpose of the extract")
    if not case.findings.filter(pk=finding.pk).exists():
        raise CaseError("Link the finding to the case before taking its events.")
    try:
        raw = open_raw_events(
            finding, purpose=f"Case {case.reference}: {purpose}"[:300], actor=actor
        )
    except MonitoringError as exc:
        raise CaseError(str(exc)[:1].upper() + str(exc)[1:] + ".") from exc
    if not raw.events:
        raise CaseError("No raw events are kept for that finding's period any more.")
    return _evidence(
        case,
        kind=EvidenceKind.EXTRACT,
        title=f"Raw events behind the finding of {finding.period_start:%-d %b %Y}",
        data=events_csv(raw.events),
        actor=actor,
        purpose=purpose,
        finding=finding,
        file_name=f"events-{finding.source_kind}-{finding.period_start.isoformat()}.csv",
        content_type="text/csv",
    )


@transaction.atomic
def add_document(
    case: Case, *, title: str, file_name: str, data: bytes, relied_on: bool, actor: Actor
) -> Evidence:
    case = _lock(case)
    _refuse_closed(case)
    try:
        checked = check_upload(file_name, data)
    except UploadRefused as exc:
        raise CaseError(str(exc)) from exc
    return _evidence(
        case,
        kind=EvidenceKind.DOCUMENT,
        title=(title or "").strip() or checked.file_name,
        data=checked.data,
        actor=actor,
        file_name=checked.file_name,
        content_type=checked.content_type,
        relied_on=relied_on,
    )


@transaction.atomic
def add_interview(case: Case, *, title: str, notes: str, relied_on: bool, actor: Actor) -> Evidence:
    case = _lock(case)
    _refuse_closed(case)
    title = _text(title, "interview (who and when)")
    notes = _text(notes, "interview notes", minimum=20)
    return _evidence(
        case,
        kind=EvidenceKind.INTERVIEW,
        title=title,
        data=notes.encode(),
        actor=actor,
        content_type="text/plain",
        relied_on=relied_on,
    )


# --- the subject -----------------------------------------------------------------------------


@transaction.atomic
def tell_subject(
    subject: CaseSubject, *, how: str, told_at: dt.datetime, notice: str, actor: Actor
) -> CaseSubject:
    """Record that the subject was told in writing, when and how, and what they were told
    (ACAS: the employee is told of the case in writing)."""
    case = _lock(subject.case)
    _refuse_closed(case)
    subject = CaseSubject.objects.select_for_update().get(pk=subject.pk)
    if how not in NoticeMethod.values:
        raise CaseError("Say how the letter or e-mail was given.")
    if told_at > timezone.now():
        raise CaseError("The date they were told cannot be in the future.")
    if told_at < case.opened_at - dt.timedelta(days=1):
        raise CaseError("They cannot have been told before the case was opened.")
    notice = _text(notice, "words of the letter or e-mail", minimum=20)
    subject.told_at, subject.told_how, subject.notice = told_at, how, notice
    subject.told_by_label = actor.label[:200]
    subject.save(update_fields=["told_at", "told_how", "notice", "told_by_label"])
    audit.record(
        case.council,
        Event.CASE_SUBJECT_TOLD,
        actor=actor,
        target=case,
        summary=f"{case.reference}: {subject.person.full_name} told in writing",
        changes={
            "person": subject.person_id,
            "told_how": NoticeMethod(how).label,
            "told_at": told_at,
        },
    )
    return subject


@transaction.atomic
def give_account(subject: CaseSubject, text: str, *, actor: Actor) -> CaseSubject:
    """The subject's own account, once told of the case; a later account replaces it and
    the audit trail keeps each."""
    case = _lock(subject.case)
    _refuse_closed(case)
    subject = CaseSubject.objects.select_for_update().select_related("person").get(pk=subject.pk)
    if actor.user is None or subject.person.user_id != actor.user.pk:
        raise CaseError("Only the person the case is about adds their account.")
    if subject.told_at is None:
        raise CaseError("You can add your account once you have been told of the case in writing.")
    if case.stage in (Stage.OUTCOME,):
        raise CaseError("The outcome is recorded: ask the clerk how to appeal.")
    text = _text(text, "account", minimum=10)
    subject.account, subject.account_at = text, timezone.now()
    subject.save(update_fields=["account", "account_at"])
    audit.record(
        case.council,
        Event.CASE_ACCOUNT_GIVEN,
        actor=actor,
        target=case,
        summary=f"{case.reference}: account given",
        changes={"person": subject.person_id, "characters": len(text)},
    )
    return subject


# --- stages ----------------------------------------------------------------------------------


@transaction.atomic
def start_review(case: Case, *, reason: str, actor: Actor) -> Case:
    case = _lock(case)
    if case.stage != Stage.CONCERN_RAISED:
        raise CaseError(f"{case.reference} is past its preliminary review already.")
    return _move(case, Stage.PRELIMINARY_REVIEW, _text(reason, "reason"), actor)


def _move(
    case: Case, to: str, reason: str, actor: Actor, *, event=Event.CASE_STAGE_CHANGED, **extra
) -> Case:
    at = timezone.now()
    before = case.stage
    case.stage = to
    case.save(update_fields=["stage", *extra.pop("_fields", [])])
    _step(case, to, reason, actor, at)
    audit.record(
        case.council,
        event,
        actor=actor,
        target=case,
        summary=f"{case.reference}: {Stage(to).label}",
        changes={"stage": [Stage(before).label, Stage(to).label], "reason": reason, **extra},
    )
    return case


def _line_managers(person: Person | None) -> set[int]:
    """The person's line managers up the chain (a loop in the data stops the walk)."""
    seen: set[int] = set()
    while person is not None and person.line_manager_id and person.line_manager_id not in seen:
        seen.add(person.line_manager_id)
        person = Person.objects.filter(pk=person.line_manager_id).first()
    return seen


@transaction.atomic
def appoint_investigator(
    case: Case, investigator: Membership, *, terms: str, reason: str, actor: Actor
) -> Case:
    """Start the formal investigation (ACAS): someone who is neither the subject nor managed
    by the subject, with terms of reference."""
    from councilguard.people.access import person_of

    case = _lock(case)
    if case.stage != Stage.PRELIMINARY_REVIEW:
        raise CaseError("An investigator is appointed after the preliminary review.")
    if investigator.council_id != case.council_id or not investigator.user.is_active:
        raise CaseError("The investigator must be a member of this council.")
    subject_ids = set(case.subjects.values_list("person_id", flat=True))
    person = person_of(investigator)
    if person is not None and person.pk in subject_ids:
        raise CaseError("The investigator cannot be a person the case is about.")
    if person is not None and _line_managers(person) & subject_ids:
        raise CaseError("The investigator cannot be managed by a person the case is about.")
    terms = _text(terms, "terms of reference", minimum=20)
    reason = _text(reason, "reason")
    case.investigator = investigator
    case.terms_of_reference = terms
    return _move(
        case,
        Stage.FORMAL_INVESTIGATION,
        reason,
        actor,
        event=Event.CASE_INVESTIGATOR_APPOINTED,
        investigator=investigator.user.email,
        terms_of_reference=terms,
        _fields=["investigator", "terms_of_reference"],
    )


@transaction.atomic
def record_findings(case: Case, *, findings: str, actor: Actor) -> Case:
    """The investigation's findings, once every subject has been told in writing and had the
    chance to give their account."""
    case = _lock(case)
    if case.stage != Stage.FORMAL_INVESTIGATION:
        raise CaseError("Findings are recorded at the end of the formal investigation.")
    untold = [
        s.person.full_name for s in case.subjects.select_related("person") if s.told_at is None
    ]
    if untold:
        raise CaseError(
            f"Tell {', '.join(untold)} of the case in writing before recording findings."
        )
    findings = _text(findings, "findings of the investigation", minimum=20)
    case.investigation_findings = findings
    return _move(
        case,
        Stage.FINDINGS,
        findings,
        actor,
        event=Event.CASE_FINDINGS_RECORDED,
        _fields=["investigation_findings"],
    )


@transaction.atomic
def record_outcome(case: Case, *, outcome: str, reason: str, actor: Actor) -> Case:
    """No case to answer, informal action, a disciplinary hearing or elsewhere: after the
    investigation's findings, or after the preliminary review when there is nothing to
    investigate."""
    case = _lock(case)
    if case.stage not in (Stage.PRELIMINARY_REVIEW, Stage.FINDINGS):
        raise CaseError(
            "The outcome follows the preliminary review or the investigation's findings."
        )
    if outcome not in Outcome.values:
        raise CaseError("Choose the outcome.")
    if case.stage == Stage.PRELIMINARY_REVIEW and outcome != Outcome.NO_CASE:
        raise CaseError(
            "Only “no case to answer” may follow the preliminary review; anything else needs a "
            "formal investigation first."
        )
    reason = _text(reason, "reason for the outcome")
    case.outcome, case.outcome_reason = outcome, reason
    return _move(
        case,
        Stage.OUTCOME,
        reason,
        actor,
        event=Event.CASE_OUTCOME_RECORDED,
        outcome=Outcome(outcome).label,
        _fields=["outcome", "outcome_reason"],
    )


@transaction.atomic
def close_case(case: Case, *, reason: str, actor: Actor) -> Case:
    """Close the case; its holds stay for the council's appeal period (release_expired_holds)."""
    case = _lock(case)
    if case.stage != Stage.OUTCOME:
        raise CaseError("A case is closed once its outcome is recorded.")
    case.closed_at = timezone.now()
    return _move(
        case,
        Stage.CLOSED,
        _text(reason, "reason"),
        actor,
        event=Event.CASE_CLOSED,
        _fields=["closed_at"],
    )


# --- holds -----------------------------------------------------------------------------------


def hold_needed_until(subject: CaseSubject, appeal_days: int) -> dt.datetime | None:
    """None while the case is open; afterwards the end of the appeal period."""
    if subject.case.closed_at is None:
        return None
    return subject.case.closed_at + dt.timedelta(days=appeal_days)


@transaction.atomic
def release_expired_holds(
    council: Council, *, now: dt.datetime | None = None, actor: Actor
) -> list[LegalHold]:
    """Release each hold whose every case closed more than the appeal period ago."""
    from councilguard.monitoring.services import release_hold

    now = now or timezone.now()
    days = settings_for(council).appeal_days
    released = []
    holds = (
        LegalHold.objects.in_council(council)
        .filter(released_at__isnull=True, case_subjects__isnull=False)
        .distinct()
    )
    for hold in holds:
        cases = Case.objects.filter(subjects__hold=hold).distinct()
        if any(c.closed_at is None or c.closed_at + dt.timedelta(days=days) > now for c in cases):
            continue
        references = ", ".join(sorted(c.reference for c in cases))
        released.append(
            release_hold(
                hold,
                reason=f"The appeal period of {days} days after {references} closed has ended",
                actor=actor,
            )
        )
    return released


# --- views of a case -------------------------------------------------------------------------


@transaction.atomic
def record_viewed(case: Case, *, what: str, actor: Actor) -> None:
    """Every look at a case or its evidence is monitoring data viewed, with its purpose, on
    each subject's own page (B 5.1.2)."""
    for subject in case.subjects.all():
        audit.record(
            case.council,
            Event.MONITORING_VIEWED,
            actor=actor,
            target=subject.person,
            summary=f"Working on case {case.reference}: {what}"[:300],
            changes={"case": case.reference},
        )


def last_opened(council: Council):
    return Case.objects.in_council(council).aggregate(Max("opened_at"))["opened_at__max"]
