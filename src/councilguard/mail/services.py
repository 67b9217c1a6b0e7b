"""Change e-mail and sign-in monitoring (C12, C14): the council's settings (subjects kept only
with a reason), business contacts, people's personal addresses, and the analysis that turns
the rules into findings. Every change is audited in its own transaction; findings are then
reviewed like every other, on the monitoring pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council
from councilguard.mail.models import (
    BusinessContact,
    ContactKind,
    MailSettings,
    PersonalAddress,
    PersonalUse,
)
from councilguard.monitoring import withdrawal
from councilguard.monitoring.models import Finding, FindingStatus, SourceKind
from councilguard.people.models import Person

SOURCES = (SourceKind.EMAIL, SourceKind.SIGNIN)
MIN_REASON = 10
SETTING_FIELDS = (
    "keep_subjects",
    "keep_subjects_reason",
    "personal_use",
    "personal_messages_per_week",
    "forward_messages_per_week",
    "business_from_personal_per_week",
    "auto_forward_messages",
    "auto_forward_minutes",
    "failed_signins_per_day",
    "allowed_countries",
)


class MailError(ValueError):
    """A change the rules do not allow; the message is safe to show."""


def settings_for(council: Council) -> MailSettings:
    found = MailSettings.objects.filter(council=council).first()
    return found or MailSettings(council=council)


@transaction.atomic
def update_settings(council: Council, values: dict, *, actor: Actor) -> MailSettings:
    """Change the council's e-mail and sign-in settings. Keeping message subjects needs a
    reason of a few words (ICO monitoring guidance: the least intrusive means first)."""
    current = settings_for(council)
    before = {name: getattr(current, name) for name in SETTING_FIELDS}
    after = {**before, **{k: v for k, v in values.items() if k in SETTING_FIELDS}}
    if after["keep_subjects"] and len((after["keep_subjects_reason"] or "").strip()) < MIN_REASON:
        raise MailError("say why message subjects must be kept (a few words at least)")
    if not after["keep_subjects"]:
        after["keep_subjects_reason"] = ""
    if after["personal_use"] not in PersonalUse.values:
        raise MailError("personal use is either not permitted or reasonable use")
    countries = [c.strip().upper() for c in str(after["allowed_countries"]).split(",") if c.strip()]
    if not countries or any(len(c) != 2 or not c.isalpha() for c in countries):
        raise MailError("give the expected countries as two-letter codes, e.g. 'GB, IE'")
    after["allowed_countries"] = ", ".join(sorted(set(countries)))
    for name in SETTING_FIELDS[2:]:
        if name not in ("personal_use", "allowed_countries") and int(after[name]) < 1:
            raise MailError("every threshold is a whole number of at least 1")
    changes = {k: [before[k], after[k]] for k in SETTING_FIELDS if before[k] != after[k]}
    if not changes:
        return current
    for name, value in after.items():
        setattr(current, name, value)
    current.save()
    audit.record(council, Event.MAIL_SETTINGS_CHANGED, actor=actor, target=current, changes=changes)
    return current


def _contact_value(value: str) -> str:
    value = (value or "").strip().lower().lstrip("@")
    if not value or " " in value or "." not in value.rpartition("@")[2]:
        raise MailError(f"{value or 'nothing'!r} is not a domain or an e-mail address")
    return value


@transaction.atomic
def add_contact(council: Council, value: str, kind: str, note: str = "", *, actor: Actor):
    """A domain or address the council does business with (or one of its own domains)."""
    value = _contact_value(value)
    if kind not in ContactKind.values:
        raise MailError("choose what kind of contact this is")
    try:
        with transaction.atomic():
            contact = BusinessContact.objects.create(
                council=council, value=value, kind=kind, note=note[:200]
            )
    except IntegrityError:
        raise MailError(f"{value} is already on the list") from None
    audit.record(
        council,
        Event.MAIL_CONTACT_ADDED,
        actor=actor,
        target=contact,
        changes={"contact": value, "kind": kind, "note": contact.note},
    )
    return contact


@transaction.atomic
def remove_contact(council: Council, contact: BusinessContact, *, actor: Actor) -> None:
    audit.record(
        council,
        Event.MAIL_CONTACT_REMOVED,
        actor=actor,
        target=contact,
        changes={"contact": contact.value, "kind": contact.kind},
    )
    contact.delete()


@transaction.atomic
def add_personal_address(council: Council, person: Person, address: str, *, actor: Actor):
    """A personal address ``person`` says is their own (issue 19 item 3)."""
    if person.council_id != council.pk:
        raise MailError("that person is not on this council's list")
    address = _contact_value(address)
    if "@" not in address:
        raise MailError(f"{address!r} is not an e-mail address")
    if person.emails.filter(address__iexact=address).exists():
        raise MailError(f"{address} is a council address on the people list, not a personal one")
    try:
        with transaction.atomic():
            held = PersonalAddress.objects.create(council=council, person=person, address=address)
    except IntegrityError:
        raise MailError(f"{address} is already listed as someone's personal address") from None
    audit.record(
        council,
        Event.MAIL_PERSONAL_ADDRESS_ADDED,
        actor=actor,
        target=held,
        changes={"address": address, "person": person.pk},
    )
    return held


@transaction.atomic
def remove_personal_address(council: Council, held: PersonalAddress, *, actor: Actor) -> None:
    audit.record(
        council,
        Event.MAIL_PERSONAL_ADDRESS_REMOVED,
        actor=actor,
        target=held,
        changes={"address": held.address, "person": held.person_id},
    )
    held.delete()


# --- analysis ------------------------------------------------------------------------------


def context_for(council: Council):
    from councilguard.mail import attribution, rules

    s = settings_for(council)
    contacts = list(BusinessContact.objects.filter(council=council).values_list("value", "kind"))
    return rules.Context(
        holdings=attribution.holdings(council),
        personal=attribution.personal(council),
        own_domains=frozenset(v for v, k in contacts if k == ContactKind.OWN),
        business=frozenset(v for v, k in contacts if k != ContactKind.OWN),
        thresholds=rules.Thresholds(
            not_permitted=s.personal_use == PersonalUse.NOT_PERMITTED,
            personal_messages_per_week=s.personal_messages_per_week,
            forward_messages_per_week=s.forward_messages_per_week,
            business_from_personal_per_week=s.business_from_personal_per_week,
            auto_forward_messages=s.auto_forward_messages,
            auto_forward_minutes=s.auto_forward_minutes,
            failed_signins_per_day=s.failed_signins_per_day,
            allowed_countries=tuple(s.countries()),
        ),
    )


@dataclass
class AnalysisOutcome:
    messages: int = 0
    signins: int = 0
    created: int = 0
    updated: int = 0
    withdrawn: int = 0


def run_rules(council: Council):
    """(findings, weeks seen per person) over every stored message and sign-in."""
    from councilguard.mail import analysis, rules, store

    context = context_for(council)
    found, weeks, counts = [], set(), {}
    for kind, prepare, find in (
        (SourceKind.EMAIL, rules.prepare_messages, analysis.mail_findings),
        (SourceKind.SIGNIN, rules.prepare_signins, analysis.signin_findings),
    ):
        scanned = store.scan(council, kind)
        if scanned is None:
            counts[kind] = 0
            continue
        prepared = prepare(scanned.collect(), context)
        counts[kind] = prepared.height
        if kind == SourceKind.EMAIL:
            prepared = _without_protected(prepared, council)
        for column in ("sender_person", "recipient_person", "sender_owner", "person"):
            if column in prepared.columns:
                weeks |= {
                    (int(p), w, kind)
                    for p, w in prepared.select(column, "week").drop_nulls().unique().iter_rows()
                }
        found += find(analysis.as_table(prepared), context.thresholds)
    return found, weeks, counts


def _without_protected(frame, council: Council, person_id: int | None = None):
    """Messages to or from a protected address are left out before any rule reads them, so
    no finding rests on them and no reviewer reads them (C18, privacy.protection); they still
    count among the messages taken in."""
    from councilguard.privacy import protection

    shielded = protection.mail_protected_polars(
        protection.protected_in(council), person_id=person_id
    )
    return frame if shielded is None else frame.filter(~shielded)


@transaction.atomic
def analyse_council(council: Council, *, actor: Actor) -> AnalysisOutcome:
    """Run the e-mail and sign-in rules and record their findings: new ones open, open ones
    brought up to date, reviewed ones left as reviewed, and open ones no longer found in a
    week that was analysed again withdrawn."""
    found, weeks, counts = run_rules(council)
    outcome = AnalysisOutcome(messages=counts.get("email", 0), signins=counts.get("signin", 0))
    now = timezone.now()
    known = set(Person.objects.in_council(council).values_list("pk", flat=True))
    keys: set[tuple[int, str, date]] = set()
    for data in found:
        if data.person not in known:
            continue
        start, end = data.period
        source = SourceKind.SIGNIN if data.kind.startswith("signin.") else SourceKind.EMAIL
        finding, created = Finding.objects.get_or_create(
            council=council,
            person_id=data.person,
            rule_kind=data.kind,
            period_start=start,
            period_end=end,
            defaults={
                "source_kind": source,
                "clause_reference": data.clause,
                "severity": data.severity,
                "summary": data.sentence,
                "evidence": data.evidence,
                "found_at": now,
                "updated_at": now,
            },
        )
        keys.add((finding.person_id, finding.rule_kind, finding.period_start))
        if created:
            outcome.created += 1
            audit.record(
                council,
                Event.FINDING_RAISED,
                actor=actor,
                target=finding,
                changes={"rule": data.kind, "clause": data.clause, "summary": data.sentence},
            )
        elif withdrawal.reopen(finding) or (
            finding.status == FindingStatus.OPEN
            and (finding.summary != data.sentence or finding.evidence != data.evidence)
        ):
            before = finding.summary
            finding.summary, finding.evidence, finding.updated_at = (
                data.sentence,
                data.evidence,
                now,
            )
            finding.clause_reference = data.clause
            finding.save(
                update_fields=["status", "summary", "evidence", "updated_at", "clause_reference"]
            )
            outcome.updated += 1
            audit.record(
                council,
                Event.FINDING_REFRESHED,
                actor=actor,
                target=finding,
                changes={"before": before, "after": data.sentence, "status": finding.status},
            )
    outcome.withdrawn = withdrawal.withdraw_unfound(
        council,
        Finding.objects.in_council(council).filter(source_kind__in=SOURCES),
        keys,
        covered=lambda f: (f.person_id, f.period_start, f.source_kind) in weeks,
        actor=actor,
    )
    audit.record(
        council,
        Event.FINDINGS_ANALYSED,
        actor=actor,
        target=council,
        changes={
            "source": "email and sign-ins",
            "lines": outcome.messages + outcome.signins,
            "raised": outcome.created,
            "refreshed": outcome.updated,
            "withdrawn": outcome.withdrawn,
        },
    )
    return outcome


def rule_label(kind: str) -> str | None:
    from councilguard.mail.labels import LABELS

    return LABELS.get(kind)


def records_behind(finding: Finding, limit: int) -> list[dict]:
    """The stored messages or sign-ins behind a finding, for monitoring's raw events (the
    app's "raw_events" hook): those of the council addresses and listed personal addresses
    the person held, in the finding's week only. The caller checks the role, takes the
    purpose and audits."""
    import polars as pl

    from councilguard.mail import attribution, store
    from councilguard.mail.rules import local_week

    scanned = store.scan(finding.council, finding.source_kind, finding.period_start,
                         finding.period_end)  # fmt: skip
    if scanned is None:
        return []
    frame = scanned.collect().filter(local_week(pl.col("at")) == finding.period_start)
    held = attribution.holdings(finding.council)
    own = pl.lit(False)
    columns = ["user"] if finding.source_kind == SourceKind.SIGNIN else ["sender", "recipient"]
    for column in columns:
        frame = attribution.attribute(frame, column, held, f"_{column}")
        own = own | (pl.col(f"_{column}") == finding.person_id).fill_null(False)
    if finding.source_kind == SourceKind.EMAIL:
        mine = set(
            PersonalAddress.objects.filter(person_id=finding.person_id).values_list(
                "address", flat=True
            )
        )
        own = own | pl.col("sender").is_in(list(mine)) | pl.col("recipient").is_in(list(mine))
    records = frame.filter(own)
    if finding.source_kind == SourceKind.EMAIL:
        records = _without_protected(records, finding.council, finding.person_id)
    return records.sort("at").head(limit).to_dicts()
