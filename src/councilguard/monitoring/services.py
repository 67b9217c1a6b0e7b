"""Change what people govern and review in monitoring (C18, C19, DESIGN 9): sources and their
legal footing, category meanings and the council's own site lists, thresholds, the review of
findings and the person's own explanation, raw-event views, legal holds and identities.

Ingestion, analysis and retention are the engine's (ingest.py, analysis, retention); pages,
the API, the ``sources`` command and the demo all come through here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.apps import apps as django_apps
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify

from councilguard.accounts.models import User
from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.calendar import Region
from councilguard.core.limits import apply_within_limits
from councilguard.core.models import Council, Membership
from councilguard.monitoring.identities import normalise_value
from councilguard.monitoring.models import (
    CategoryMeaning,
    DomainRule,
    Finding,
    FindingStatus,
    Identity,
    IdentityKind,
    LegalHold,
    Meaning,
    MonitoringSettings,
    MonitoringSource,
    PurgeReceipt,
    SourceKind,
)
from councilguard.people.models import Person
from councilguard.policies.models import Clause, Policy, PolicyVersion, VersionStatus

# A purpose or reason must say something: "x" or "ok" is not a purpose (ICO: document why).
MIN_REASON = 5
REASON_MAX = 300


class MonitoringError(ValueError):
    """A change the rules do not allow; the message says why and is safe to show."""


def _reason(text: str, what: str) -> str:
    text = (text or "").strip()
    if len(text) < MIN_REASON:
        raise MonitoringError(f"give the {what} in a few words")
    if len(text) > REASON_MAX:
        raise MonitoringError(f"keep the {what} to {REASON_MAX} characters")
    return text


# --- sources (C18) ---------------------------------------------------------------------------


def source_for(council: Council, kind: str) -> MonitoringSource:
    """The council's source of this kind, or an unsaved one with nothing set."""
    if kind not in SourceKind.values:
        raise MonitoringError(f"{kind!r} is not one of: {', '.join(SourceKind.values)}")
    found = MonitoringSource.objects.in_council(council).filter(kind=kind).first()
    return found or MonitoringSource(council=council, kind=kind)


def all_sources(council: Council) -> list[MonitoringSource]:
    """Every kind, configured or not, in the order of SourceKind."""
    saved = {
        s.kind: s for s in MonitoringSource.objects.in_council(council).select_related("owner")
    }
    return [saved.get(k) or MonitoringSource(council=council, kind=k) for k in SourceKind.values]


_CLAUSE_RE = re.compile(r"^\s*(?:(?P<code>[A-Za-z][\w-]{0,9})\s+)?(?P<ref>[\w.\-]+)\s*$")


def _in_force(council: Council) -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.in_council(council).filter(status=VersionStatus.PUBLISHED)


def resolve_clause(council: Council, reference: str) -> Clause | None:
    """The clause of a policy in force that ``reference`` names: "B 9.1.2" (policy code and
    clause), "9.1.2" (any policy in force), or a policy code and the heading of a section
    without a number ("A Personal use of Council systems": its reference is the heading's
    slug, as the policy importer makes it)."""
    code_and_heading = re.match(r"^\s*([A-Za-z][\w-]{0,9})\s+(\D.*\s.*)$", reference or "")
    if code_and_heading:
        reference = f"{code_and_heading[1]} {slugify(code_and_heading[2])[:40]}"
    match = _CLAUSE_RE.match(reference or "")
    if not match:
        return None
    versions = _in_force(council)
    code, ref = match["code"], match["ref"]
    clauses = Clause.objects.filter(version__in=versions, reference=ref)
    if code:
        clauses = clauses.filter(version__policy__code__iexact=code)
    return clauses.select_related("version__policy").first()


def check_clause_reference(council: Council, reference: str) -> str:
    """Refuse a reference that names no clause of the policy in force, once one is in force:
    people are told of monitoring by that clause (ICO monitoring guidance: transparency)."""
    reference = " ".join((reference or "").split())
    match = _CLAUSE_RE.match(reference)
    if not match:
        raise MonitoringError(f"{reference!r} is not a clause reference such as 'B 9.1.2'")
    versions = _in_force(council)
    if match["code"]:
        policy = Policy.objects.in_council(council).filter(code__iexact=match["code"]).first()
        if policy is None and versions.exists():
            codes = ", ".join(sorted(versions.values_list("policy__code", flat=True)))
            raise MonitoringError(f"no policy has the code {match['code']!r} (policies: {codes})")
        if policy is not None:
            versions = versions.filter(policy=policy)
    if not versions.exists():
        return reference  # nothing in force yet to check against
    if resolve_clause(council, reference) is None:
        names = ", ".join(str(v) for v in versions.select_related("policy"))
        raise MonitoringError(f"clause {reference} is not in the policy in force ({names})")
    return reference


def _owner(council: Council, owner: User | str | None) -> User | None:
    if owner in (None, ""):
        return None
    email = owner.email if isinstance(owner, User) else str(owner).strip()
    membership = (
        Membership.objects.filter(council=council, user__email__iexact=email, user__is_active=True)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise MonitoringError(f"{email} has no role in {council.name}; the owner must have one")
    return membership.user


SOURCE_FIELDS = (
    "purpose",
    "lawful_basis",
    "dpia_reference",
    "dpia_date",
    "clause_reference",
    "retention_days",
    "owner",
    "log_time_zone",
)


def _shown(name: str, value: Any) -> Any:
    if value is None:
        return ""
    if name == "owner":
        return value.email
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _time_zone(value: str | None) -> str:
    """A device's time zone by its IANA name, e.g. 'Europe/London' (the default) or 'UTC'."""
    value = (value or "").strip() or "Europe/London"
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise MonitoringError(
            f"{value!r} is not a time zone: give its name, such as 'Europe/London' or 'UTC'"
        ) from None
    return value


@transaction.atomic
def set_source(
    council: Council, kind: str, values: dict[str, Any], *, actor: Actor
) -> tuple[MonitoringSource, bool]:
    """Set a source's purpose, lawful basis, impact assessment, clause, retention and owner
    (ICO monitoring guidance; B "Monitoring of IT Use"). Only the given fields change; return
    the source and whether anything changed."""
    source = source_for(council, kind)
    if source.pk:
        source = MonitoringSource.objects.select_for_update().get(pk=source.pk)
    unknown = set(values) - set(SOURCE_FIELDS)
    if unknown:
        raise MonitoringError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        if name == "owner":
            value = _owner(council, value)
        elif name == "clause_reference" and value:
            value = check_clause_reference(council, value)
        elif name == "retention_days" and value not in (None, ""):
            value = int(value)
            if not 1 <= value <= 3660:
                raise MonitoringError("the retention period is between 1 and 3660 days")
        elif name == "dpia_date" and value:
            if isinstance(value, str):
                try:
                    value = dt.date.fromisoformat(value)
                except ValueError:
                    raise MonitoringError(f"{value!r} is not a date (YYYY-MM-DD)") from None
            if value > timezone.localdate():
                raise MonitoringError("the impact assessment date cannot be in the future")
        elif name == "log_time_zone":
            value = _time_zone(value)
        elif name in ("purpose", "lawful_basis", "dpia_reference") and value is None:
            value = ""
        if value == "" and name in ("retention_days", "dpia_date"):
            value = None
        clean[name] = value
    limits = {"lawful_basis": 200, "dpia_reference": 100}
    for name, limit in limits.items():
        if len(clean.get(name) or "") > limit:
            raise MonitoringError(f"the {name.replace('_', ' ')} is longer than {limit} characters")
    changes = {}
    for name, value in clean.items():
        before = getattr(source, name)
        if before != value:
            changes[name] = [_shown(name, before), _shown(name, value)]
            setattr(source, name, value)
    if not changes:
        return source, False
    source.save()
    missing = source.missing()
    audit.record(
        council,
        Event.MONITORING_SOURCE_SET,
        actor=actor,
        target=source,
        summary=f"still missing: {', '.join(missing)}" if missing else "complete",
        changes=changes,
    )
    return source, True


# --- category meanings and the council's own lists ----------------------------------------


def _meaning(meaning: str) -> str:
    if meaning not in Meaning.values:
        raise MonitoringError(f"{meaning!r} is not one of: {', '.join(Meaning.values)}")
    return meaning


@transaction.atomic
def set_category_meaning(
    council: Council, category: str, meaning: str, *, actor: Actor
) -> CategoryMeaning:
    """Say what a category means under the council's policy: a category of the shared lists
    ('gambling'), or of a firewall's or DNS filter's own rating named as its log writes it
    ('Social Networking', issue 23). Names compare without case, so one meaning covers a
    list's 'gambling' and a vendor's 'Gambling'."""
    category = " ".join((category or "").split())
    if re.fullmatch(r"[a-z0-9][a-z0-9_.\-]{0,79}", category.lower()):
        category = category.lower()
    elif not re.fullmatch(r"[A-Za-z0-9][\w &/'().+\-]{0,79}", category):
        raise MonitoringError(
            "a category is a list name such as 'gambling', or a firewall's or filter's "
            "category as its log writes it, such as 'Social Networking'"
        )
    meaning = _meaning(meaning)
    row = CategoryMeaning.objects.select_for_update().filter(
        council=council, category__iexact=category
    )
    current = row.first()
    if current is not None and current.meaning == meaning:
        return current
    before = current.meaning if current else ""
    if current is None:
        current = CategoryMeaning.objects.create(
            council=council, category=category, meaning=meaning
        )
    else:
        current.meaning = meaning
        current.save(update_fields=["meaning"])
    audit.record(
        council,
        Event.CATEGORY_MEANING_SET,
        actor=actor,
        target=current,
        changes={"category": category, "meaning": [before, meaning]},
    )
    return current


@transaction.atomic
def remove_category_meaning(meaning: CategoryMeaning, *, actor: Actor) -> None:
    audit.record(
        meaning.council,
        Event.CATEGORY_MEANING_REMOVED,
        actor=actor,
        target=meaning,
        changes={"category": meaning.category, "meaning": [meaning.meaning, ""]},
    )
    CategoryMeaning.objects.filter(pk=meaning.pk).delete()


_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def normalise_domain(text: str) -> str:
    """``https://www.Example.org/x`` -> ``www.example.org``; refuse what is not a domain."""
    text = (text or "").strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text).split("/")[0].split(":")[0].strip(".")
    if text.startswith("*."):
        text = text[2:]
    if not _DOMAIN_RE.match(text):
        raise MonitoringError(f"{text!r} is not a domain such as 'example.org'")
    return text


@transaction.atomic
def add_domain_rule(
    council: Council, domain: str, meaning: str, *, note: str = "", actor: Actor
) -> DomainRule:
    """Add the council's own entry for a domain and its subdomains; it overrides the lists."""
    domain = normalise_domain(domain)
    meaning = _meaning(meaning)
    note = (note or "").strip()[:200]
    try:
        with transaction.atomic():
            rule = DomainRule.objects.create(
                council=council, domain=domain, meaning=meaning, note=note
            )
    except IntegrityError:
        raise MonitoringError(
            f"{domain} is already on the council's list; remove it first"
        ) from None
    audit.record(
        council,
        Event.DOMAIN_RULE_ADDED,
        actor=actor,
        target=rule,
        changes={"domain": domain, "meaning": meaning, "note": note},
    )
    return rule


@transaction.atomic
def remove_domain_rule(rule: DomainRule, *, actor: Actor) -> None:
    audit.record(
        rule.council,
        Event.DOMAIN_RULE_REMOVED,
        actor=actor,
        target=rule,
        changes={"domain": rule.domain, "meaning": rule.meaning},
    )
    DomainRule.objects.filter(pk=rule.pk).delete()


# --- thresholds ------------------------------------------------------------------------------


def settings_for(council: Council) -> MonitoringSettings:
    return MonitoringSettings.objects.get_or_create(council=council)[0]


SETTINGS_LIMITS = {
    "personal_minutes_in_hours": (0, 24 * 60),
    "personal_minutes_per_day": (0, 24 * 60),
    "personal_days_over": (1, 7),
    "social_share_percent": (0, 100),
    "personal_share_percent": (0, 100),
    "prohibited_min_requests": (1, 100000),
    "prohibited_share_percent": (0, 100),
    "visit_gap_minutes": (1, 240),
    "single_request_minutes": (0, 60),
}


@transaction.atomic
def update_settings(council: Council, values: dict[str, Any], *, actor: Actor) -> bool:
    """Change the personal-use thresholds; return whether anything changed."""
    current = MonitoringSettings.objects.select_for_update().get(pk=settings_for(council).pk)
    values = dict(values)
    region = values.pop("bank_holiday_region", current.bank_holiday_region)
    if region not in Region.values:
        raise MonitoringError("Choose England and Wales, Scotland or Northern Ireland.")
    changed = apply_within_limits(current, values, SETTINGS_LIMITS, MonitoringError)
    if region != current.bank_holiday_region:
        changed["bank_holiday_region"] = (current.bank_holiday_region, region)
        current.bank_holiday_region = region
    # Shares are decimals, kept as text in the entry; the rest whole numbers.
    changes = {
        name: [str(before), str(after)] if "percent" in name else [before, after]
        for name, (before, after) in changed.items()
    }
    if not changes:
        return False
    current.save()
    audit.record(
        council, Event.MONITORING_SETTINGS_CHANGED, actor=actor, target=current, changes=changes
    )
    return True


# --- findings: who sees which, and their review (DESIGN 9) ---------------------------------


def findings_for(membership: Membership) -> QuerySet[Finding]:
    """The findings this member may review: everyone's for the clerk and the data protection
    lead, their own team's for a manager. Nobody reviews findings about themselves: they see
    those on their own page, like everyone else."""
    people = Person.objects.for_membership(membership).exclude(user=membership.user)
    return Finding.objects.in_council(membership.council).filter(person__in=people)


def own_findings(council: Council, user: User) -> QuerySet[Finding]:
    return Finding.objects.in_council(council).filter(person__user=user)


def unacknowledged(council: Council, person_ids: Iterable[int]) -> dict[int, list[PolicyVersion]]:
    """For each of these people who has not acknowledged a version in force: those versions
    (C2: monitoring someone who was not told is itself a gap). One query per policy in force,
    however many people."""
    from councilguard.policies.services import outstanding_people

    ids = set(person_ids)
    result: dict[int, list[PolicyVersion]] = {}
    if not ids:
        return result
    for version in _in_force(council).select_related("policy"):
        for pk in outstanding_people(version).filter(pk__in=ids).values_list("pk", flat=True):
            result.setdefault(pk, []).append(version)
    return result


# Which decisions may follow which status: noted findings may still be dismissed or escalated;
# dismissed and escalated are final here (an escalated finding becomes part of a case, C17).
TRANSITIONS = {
    FindingStatus.NOTED: {FindingStatus.OPEN},
    FindingStatus.DISMISSED: {FindingStatus.OPEN, FindingStatus.NOTED},
    FindingStatus.ESCALATED: {FindingStatus.OPEN, FindingStatus.NOTED},
}
_EVENTS = {
    FindingStatus.NOTED: Event.FINDING_NOTED,
    FindingStatus.DISMISSED: Event.FINDING_DISMISSED,
    FindingStatus.ESCALATED: Event.FINDING_ESCALATED,
}


def _review(finding: Finding, to: str, text: str, *, actor: Actor) -> Finding:
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.status not in TRANSITIONS[to]:
        raise MonitoringError(
            f"this finding is {finding.get_status_display().lower()}; it cannot be "
            f"{FindingStatus(to).label.lower()} now"
        )
    if actor.user is not None and finding.person.user_id == actor.user.pk:
        raise MonitoringError("findings about yourself are reviewed by someone else")
    now = timezone.now()
    before = finding.status
    line = f"{now:%Y-%m-%d %H:%M} {actor.label}, {FindingStatus(to).label.lower()}"
    line += f": {text}" if text else ""
    finding.review_note = "\n".join(filter(None, [finding.review_note, line]))
    finding.status = to
    finding.reviewed_at = now
    finding.reviewed_by_label = actor.label[:200]
    finding.updated_at = now
    finding.save(
        update_fields=["status", "review_note", "reviewed_at", "reviewed_by_label", "updated_at"]
    )
    audit.record(
        finding.council,
        _EVENTS[to],
        actor=actor,
        target=finding,
        summary=text,
        changes={"status": [before, to], "person": finding.person_id},
    )
    return finding


@transaction.atomic
def note_finding(finding: Finding, *, note: str = "", actor: Actor) -> Finding:
    """Record that the finding was read and needs nothing further for now."""
    note = (note or "").strip()
    if len(note) > REASON_MAX:
        raise MonitoringError(f"keep the note to {REASON_MAX} characters")
    return _review(finding, FindingStatus.NOTED, note, actor=actor)


@transaction.atomic
def dismiss_finding(finding: Finding, *, reason: str, actor: Actor) -> Finding:
    """Dismiss a finding, saying why (e.g. a work reason the person gave)."""
    return _review(finding, FindingStatus.DISMISSED, _reason(reason, "reason"), actor=actor)


@transaction.atomic
def escalate_finding(finding: Finding, *, reason: str, actor: Actor) -> Finding:
    """Escalate a finding for investigation (C17), saying why."""
    return _review(finding, FindingStatus.ESCALATED, _reason(reason, "reason"), actor=actor)


EXPLANATION_MAX = 2000


@transaction.atomic
def explain_finding(finding: Finding, text: str, *, actor: Actor) -> Finding:
    """The person's own explanation of a finding about them (their right to be heard)."""
    finding = Finding.objects.select_for_update().select_related("person").get(pk=finding.pk)
    if actor.user is None or finding.person.user_id != actor.user.pk:
        raise MonitoringError("only the person a finding is about can explain it")
    text = (text or "").strip()
    if not text:
        raise MonitoringError("write your explanation")
    if len(text) > EXPLANATION_MAX:
        raise MonitoringError(f"keep the explanation to {EXPLANATION_MAX} characters")
    before = finding.explanation
    if before == text:
        return finding
    finding.explanation = text
    finding.updated_at = timezone.now()
    finding.save(update_fields=["explanation", "updated_at"])
    audit.record(
        finding.council,
        Event.FINDING_EXPLAINED,
        actor=actor,
        target=finding,
        changes={"explanation": [before, text]},
    )
    return finding


# --- raw events, on purpose only (DESIGN 9, C18) -------------------------------------------


RAW_EVENTS_LIMIT = 1000


# Sources whose stored events carry the person they were attributed to at ingest.
RAW_EVENT_KINDS = frozenset({SourceKind.PROXY, SourceKind.DNS})


def source_hook(kind: str, name: str) -> Any:
    """What the app that owns a source kind adds to the monitoring pages, declared on its
    AppConfig as ``monitoring_hooks = {kind: {name: value}}`` (dotted paths are imported when
    used, so no start-up pays for them). Phones declares:

    - ``raw_events``: reader(finding, limit) -> rows, oldest first, of that person and period
      only (bill lines are attributed when analysed, so phones reads the lines of the numbers
      the person held then);
    - ``raw_events_table``: the template of those rows;
    - ``finding_panel``: panel(request, finding) -> {"template": ..., **its context}, shown on
      the finding's page (the bill lines and the personal use to recover);
    - ``rule_label``: label(rule kind) -> words or None, for its rules (``hooked_rule_label``).
    """
    for config in django_apps.get_app_configs():
        value = getattr(config, "monitoring_hooks", {}).get(kind, {}).get(name)
        if value is not None:
            return import_string(value) if name in _CALLABLE_HOOKS else value
    return None


_CALLABLE_HOOKS = {"raw_events", "finding_panel", "rule_label"}


def hooked_rule_label(rule_kind: str) -> str | None:
    """A rule kind in words from the app whose source it belongs to, if one says."""
    for config in django_apps.get_app_configs():
        for kind in getattr(config, "monitoring_hooks", {}):
            label = source_hook(kind, "rule_label")
            if label is not None and (words := label(rule_kind)):
                return words
    return None


def has_raw_events(kind: str) -> bool:
    """Whether the events behind a finding of this source can be opened."""
    return kind in RAW_EVENT_KINDS or source_hook(kind, "raw_events") is not None


@dataclass(frozen=True)
class EventsGone:
    """The events behind a finding that the retention run has deleted (C19)."""

    deleted_on: dt.date
    retention_days: int | None


def raw_events_gone(finding: Finding) -> EventsGone | None:
    """Whether every day of the finding's period has been deleted by the retention run, said
    before a purpose is asked (issue 17): nobody records a look at nothing. None when any of
    it may still be held (a day kept for a legal hold keeps its folder) or the source keeps its
    own records (phone bills, mail logs)."""
    if source_hook(finding.source_kind, "raw_events") is not None:
        return None
    from councilguard.monitoring.eventstore import day_dirs

    start, end = finding.period_start, finding.period_end
    if any(start <= day <= end for day in day_dirs(finding.council, finding.source_kind)):
        return None
    receipts = PurgeReceipt.objects.filter(
        council=finding.council, source__kind=finding.source_kind, before_day__gt=start
    ).select_related("source")
    for receipt in receipts.order_by("run_at"):
        if any(start.isoformat() <= day <= end.isoformat() for day in receipt.days):
            when = timezone.localtime(receipt.run_at).date()
            return EventsGone(deleted_on=when, retention_days=receipt.source.retention_days)
    return None


@dataclass(frozen=True)
class RawEvents:
    finding: Finding
    purpose: str
    events: list[dict]
    limit: int

    @property
    def truncated(self) -> bool:
        return len(self.events) >= self.limit


@transaction.atomic
def open_raw_events(
    finding: Finding, *, purpose: str, actor: Actor, limit: int = RAW_EVENTS_LIMIT
) -> RawEvents:
    """Read the raw events behind one finding: that person, that period, that source only.
    The look is recorded first, with who, which finding and the purpose given; the person sees
    it on their own page (B 5.1.2)."""
    purpose = _reason(purpose, "purpose")
    finding = Finding.objects.select_related("person", "council").get(pk=finding.pk)
    if actor.user is not None and finding.person.user_id == actor.user.pk:
        raise MonitoringError("someone else opens the events behind a finding about you")
    if not has_raw_events(finding.source_kind):
        raise MonitoringError("no raw events are kept behind this kind of finding")
    gone = raw_events_gone(finding)
    if gone is not None:
        raise MonitoringError(
            f"the events of this period were deleted on {gone.deleted_on:%-d %B %Y}, when "
            "the source's retention period ran out: there is nothing to open"
        )
    from councilguard.monitoring.eventstore import read_events

    audit.record(
        finding.council,
        Event.MONITORING_VIEWED,
        actor=actor,
        target=finding.person,
        summary=purpose,
        changes={
            "finding": finding.pk,
            "source": finding.source_kind,
            "period": [finding.period_start.isoformat(), finding.period_end.isoformat()],
        },
    )
    reader = source_hook(finding.source_kind, "raw_events")
    if reader is not None:
        return RawEvents(finding, purpose, reader(finding, limit), limit)
    events = read_events(
        finding.council,
        finding.source_kind,
        person_id=finding.person_id,
        start=finding.period_start,
        end=finding.period_end,
        limit=limit,
    )
    return RawEvents(finding, purpose, events, limit)


# --- legal holds (C19) -----------------------------------------------------------------------


@transaction.atomic
def place_hold(person: Person, *, reason: str, actor: Actor) -> LegalHold:
    """Keep a person's monitoring events past retention while a case or claim needs them."""
    reason = _reason(reason, "reason")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if LegalHold.objects.filter(person=person, released_at__isnull=True).exists():
        raise MonitoringError(f"{person} already has a legal hold in place")
    hold = LegalHold.objects.create(
        council=person.council,
        person=person,
        reason=reason,
        placed_at=timezone.now(),
        placed_by_label=actor.label[:200],
    )
    audit.record(
        person.council,
        Event.LEGAL_HOLD_PLACED,
        actor=actor,
        target=hold,
        summary=reason,
        changes={"person": person.pk},
    )
    return hold


@transaction.atomic
def release_hold(hold: LegalHold, *, reason: str, actor: Actor) -> LegalHold:
    """End a hold: the person's events are purged by their sources' retention from then on."""
    reason = _reason(reason, "reason")
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        raise MonitoringError("this hold has already been released")
    hold.released_at = timezone.now()
    hold.save(update_fields=["released_at"])
    audit.record(
        hold.council,
        Event.LEGAL_HOLD_RELEASED,
        actor=actor,
        target=hold,
        summary=reason,
        changes={"person": hold.person_id},
    )
    return hold


# --- identities, one at a time (the import is the engine's) -------------------------------


def _aware(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@transaction.atomic
def add_identity(
    council: Council,
    kind: str,
    value: str,
    person: Person,
    *,
    valid_from: dt.datetime,
    valid_to: dt.datetime | None = None,
    actor: Actor,
) -> Identity:
    """Record that ``person`` held an identifier from ``valid_from``; periods of one identifier
    may not overlap, so each event has one holder."""
    if kind not in IdentityKind.values:
        raise MonitoringError(f"{kind!r} is not one of: {', '.join(IdentityKind.values)}")
    try:
        # The form events carry, so the as-of join finds it (lower case, canonical IPs).
        value = normalise_value(kind, value or "")
    except ValueError:
        raise MonitoringError(f"{value!r} is not an IP address") from None
    if not value or len(value) > 200:
        raise MonitoringError("give the identifier (at most 200 characters)")
    if person.council_id != council.pk:
        raise MonitoringError("that person is not in this council")
    valid_from = _aware(valid_from)
    valid_to = _aware(valid_to) if valid_to else None
    if valid_to is not None and valid_to <= valid_from:
        raise MonitoringError("the end must be after the start")
    same = Identity.objects.select_for_update().filter(council=council, kind=kind, value=value)
    for other in same:
        ends_after_start = other.valid_to is None or other.valid_to > valid_from
        starts_before_end = valid_to is None or other.valid_from < valid_to
        if ends_after_start and starts_before_end:
            raise MonitoringError(
                f"{value} is held by {other.person} from {other.valid_from:%d %B %Y %H:%M}"
                f"{'' if other.valid_to is None else f' to {other.valid_to:%d %B %Y %H:%M}'}; "
                "end that first"
            )
    identity = Identity.objects.create(
        council=council,
        kind=kind,
        value=value,
        person=person,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    audit.record(
        council,
        Event.IDENTITY_ADDED,
        actor=actor,
        target=identity,
        changes={
            "kind": kind,
            "value": value,
            "person": person.pk,
            "valid_from": valid_from.isoformat(),
            "valid_to": valid_to.isoformat() if valid_to else "",
        },
    )
    return identity


@transaction.atomic
def end_identity(identity: Identity, *, at: dt.datetime, actor: Actor) -> Identity:
    identity = Identity.objects.select_for_update().get(pk=identity.pk)
    at = _aware(at)
    if identity.valid_to is not None:
        raise MonitoringError("this assignment has already ended")
    if at <= identity.valid_from:
        raise MonitoringError("the end must be after the start")
    identity.valid_to = at
    identity.save(update_fields=["valid_to"])
    audit.record(
        identity.council,
        Event.IDENTITY_CHANGED,
        actor=actor,
        target=identity,
        changes={"valid_to": ["", at.isoformat()], "person": identity.person_id},
    )
    return identity


# --- uploads (DESIGN 8: the engine takes the file in; this hands it over) ------------------


UPLOAD_MAX_BYTES = 512 * 1024 * 1024


def take_upload(council: Council, kind: str, fmt: str, upload, *, actor: Actor):
    """Spool an uploaded file to disk and give it to the engine's ``ingest_file``, which
    records the batch, its receipt and its audit entry. Returns the engine's receipt."""
    import tempfile
    from pathlib import Path

    from councilguard.monitoring.ingest import (
        EXPORT_FORMATS,
        WHOLE_FILE_FORMATS,
        IngestError,
        ingest_file,
    )

    if kind not in SourceKind.values:
        raise MonitoringError(f"{kind!r} is not one of: {', '.join(SourceKind.values)}")
    if fmt in EXPORT_FORMATS and EXPORT_FORMATS[fmt][0] != kind:
        raise MonitoringError(
            f"a {EXPORT_FORMATS[fmt][1]} is {SourceKind(EXPORT_FORMATS[fmt][0]).label.lower()}, "
            f"not {SourceKind(kind).label.lower()}"
        )
    if upload.size > UPLOAD_MAX_BYTES:
        raise MonitoringError(f"the file is larger than {UPLOAD_MAX_BYTES // 2**20} MB")
    name = Path(upload.name or "upload").name[:255]
    with tempfile.TemporaryDirectory(prefix="councilguard-upload-") as folder:
        path = Path(folder) / "upload"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            if fmt.startswith("profile:"):
                from councilguard.monitoring.log_profile_services import ingest_through_profile

                source = "web-log" if kind == SourceKind.PROXY else "dns-log"
                return ingest_through_profile(
                    council, source, fmt.removeprefix("profile:"), path, actor=actor,
                    file_name=name,
                )  # fmt: skip
            if fmt in EXPORT_FORMATS:
                return WHOLE_FILE_FORMATS[fmt](
                    council, path, actor=actor, file_name=name, options={}
                )
            return ingest_file(council, kind, fmt, path, actor=actor, file_name=name)
        except IngestError as exc:
            raise MonitoringError(str(exc)) from None
