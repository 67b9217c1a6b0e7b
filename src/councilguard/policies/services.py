"""Policies, versions, clauses, reviews, acknowledgements and rules (C1, C2, C25, DESIGN 6)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council
from councilguard.people.models import Person
from councilguard.policies.frontmatter import FrontMatter
from councilguard.policies.importing import ParsedClause, ParsedPolicy
from councilguard.policies.models import (
    AckMethod,
    Acknowledgement,
    ApprovingBody,
    Citation,
    Clause,
    HistoryEntry,
    Policy,
    PolicyVersion,
    Reminder,
    RemoteWorker,
    RemoteWorkingAcceptance,
    Review,
    Rule,
    VersionStatus,
)


class PolicyError(ValueError):
    """A change the rules do not allow; the message says why in plain words."""


# --- policies -----------------------------------------------------------------------------


@transaction.atomic
def create_policy(
    council: Council,
    *,
    title: str,
    code: str,
    actor: Actor,
    responsible_officer: Person | None = None,
    oversight_committee: str = "",
    review_due: date | None = None,
) -> Policy:
    title, code = title.strip(), code.strip().upper()
    if not title or not code:
        raise PolicyError("a policy needs a title and a short code")
    if Policy.objects.in_council(council).filter(title__iexact=title).exists():
        raise PolicyError(f"there is already a policy called {title!r}")
    if Policy.objects.in_council(council).filter(code=code).exists():
        raise PolicyError(f"the code {code!r} is already used by another policy")
    _check_officer(council, responsible_officer)
    policy = Policy.objects.create(
        council=council,
        title=title,
        code=code,
        responsible_officer=responsible_officer,
        oversight_committee=oversight_committee.strip(),
        review_due=review_due,
    )
    audit.record(
        council,
        Event.POLICY_CREATED,
        actor=actor,
        target=policy,
        changes={"code": code, "review_due": review_due},
    )
    return policy


@transaction.atomic
def update_policy(
    policy: Policy,
    *,
    actor: Actor,
    responsible_officer: Person | None,
    oversight_committee: str,
    review_due: date | None,
) -> Policy:
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    _check_officer(policy.council, responsible_officer)
    before = _policy_values(policy)
    policy.responsible_officer = responsible_officer
    policy.oversight_committee = oversight_committee.strip()
    policy.review_due = review_due
    after = _policy_values(policy)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        policy.save()
        audit.record(
            policy.council, Event.POLICY_UPDATED, actor=actor, target=policy, changes=changes
        )
    return policy


def _policy_values(policy: Policy) -> dict:
    officer = policy.responsible_officer
    return {
        "responsible_officer": f"{officer} (#{officer.pk})" if officer else "",
        "oversight_committee": policy.oversight_committee,
        "review_due": policy.review_due.isoformat() if policy.review_due else "",
    }


def _check_officer(council: Council, officer: Person | None) -> None:
    if officer is not None and officer.council_id != council.pk:
        raise PolicyError("the responsible officer must be someone in this council")


# --- versions -------------------------------------------------------------------------------


@transaction.atomic
def draft_version(
    policy: Policy,
    parsed: ParsedPolicy,
    *,
    label: str,
    actor: Actor,
    material_change: bool = True,
    comment: str = "",
) -> PolicyVersion:
    """Save a clause tree as the policy's new draft. The version in force stays in force until
    the draft is published."""
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    label = label.strip()
    if not label:
        raise PolicyError("a version needs a label, such as 0.3")
    if policy.draft is not None:
        raise PolicyError(
            f"version {policy.draft.label} is already being prepared; publish or discard it first"
        )
    if policy.versions.filter(label=label).exists():
        raise PolicyError(f"{policy} already has a version {label}")
    if not parsed.clauses:
        raise PolicyError("the version has no clauses")
    version = PolicyVersion.objects.create(
        council=policy.council,
        policy=policy,
        label=label,
        material_change=material_change,
        created_by=actor.user,
    )
    _save_clauses(version, parsed)
    front = _apply_front_matter(version, parsed.front, actor=actor) if parsed.front else {}
    _add_history(policy, version.label, actor, comment or "Draft prepared")
    audit.record(
        policy.council,
        Event.VERSION_DRAFTED,
        actor=actor,
        target=version,
        changes={"clauses": len(parsed.clauses), "material_change": material_change, **front},
    )
    return version


def _approving_body(text: str) -> tuple[str, str]:
    """ "Full Council", "Staffing Committee", "Clerk (delegated)" as the approving body and the
    committee's name."""
    lowered = text.lower()
    if "committee" in lowered:
        return ApprovingBody.COMMITTEE, text[:200]
    if "clerk" in lowered:
        return ApprovingBody.CLERK_DELEGATED, ""
    if "council" in lowered:
        return ApprovingBody.FULL_COUNCIL, ""
    return ApprovingBody.COMMITTEE, text[:200]


def _apply_front_matter(version: PolicyVersion, front: FrontMatter, *, actor: Actor) -> dict:
    """The document's front matter into the version's fields (how and when it was approved),
    the policy's (oversight committee, review date, responsible officer, when not already set)
    and its history and review record (lines already there are not added again). What it
    changed, for the draft's audit entry."""
    changes: dict = {}
    if front.approving_body:
        version.approving_body, version.committee_name = _approving_body(front.approving_body)
        changes["approving_body"] = version.approving_body
    version.approved_on = front.approved_on
    version.minute_reference = front.minute_reference
    version.save(update_fields=["approving_body", "committee_name", "approved_on",
                                "minute_reference"])  # fmt: skip
    changes.update(
        {k: v for k, v in (("approved_on", front.approved_on),
                           ("minute_reference", front.minute_reference)) if v}
    )  # fmt: skip
    policy = version.policy
    officer = policy.responsible_officer
    if officer is None and front.responsible_officer:
        officer = (
            Person.objects.in_council(policy.council)
            .current()
            .filter(job_title__iexact=front.responsible_officer)
            .order_by("pk")
            .first()
        )
    update_policy(
        policy,
        actor=actor,
        responsible_officer=officer,
        oversight_committee=policy.oversight_committee or front.oversight_committee,
        review_due=front.review_due or policy.review_due,
    )
    added = 0
    for row in front.history:
        _, created = HistoryEntry.objects.get_or_create(
            council=policy.council, policy=policy, on_date=row.on_date,
            version_label=row.version, comment=row.comment,
            defaults={"author": row.author},
        )  # fmt: skip
        added += created
    reviews = 0
    for row in front.reviews:
        _, created = Review.objects.get_or_create(
            council=policy.council, policy=policy, reviewed_on=row.on_date,
            review_type=row.review_type,
            defaults={"actions": row.actions, "completed_by": row.completed_by},
        )  # fmt: skip
        reviews += created
    if added:
        changes["history_lines"] = added
    if reviews:
        changes["reviews"] = reviews
    return changes


@transaction.atomic
def replace_clauses(version: PolicyVersion, parsed: ParsedPolicy, *, actor: Actor) -> None:
    """Correct a draft's clauses (the clerk edited its text)."""
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_editable:
        raise PolicyError("only a draft can be changed; start a new version instead")
    if not parsed.clauses:
        raise PolicyError("the version has no clauses")
    version.clauses.all().delete()
    _save_clauses(version, parsed)
    audit.record(
        version.council,
        Event.VERSION_UPDATED,
        actor=actor,
        target=version,
        changes={"clauses": len(parsed.clauses)},
    )


@transaction.atomic
def update_version_settings(
    version: PolicyVersion,
    *,
    actor: Actor,
    material_change: bool,
    remote_working_reference: str,
    reminder_every_days: int,
) -> PolicyVersion:
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    reference = remote_working_reference.strip()
    if reference and not version.clauses.filter(reference=reference).exists():
        raise PolicyError(f"this version has no clause {reference!r}")
    if not 1 <= reminder_every_days <= 90:
        raise PolicyError("reminders can be sent every 1 to 90 days")
    if version.status != VersionStatus.DRAFT and material_change != version.material_change:
        raise PolicyError("whether the change is material is settled before approval")
    changes = {}
    for name, value in (
        ("material_change", material_change),
        ("remote_working_reference", reference),
        ("reminder_every_days", reminder_every_days),
    ):
        if getattr(version, name) != value:
            changes[name] = [getattr(version, name), value]
            setattr(version, name, value)
    if changes:
        version.save()
        audit.record(
            version.council, Event.VERSION_UPDATED, actor=actor, target=version, changes=changes
        )
    return version


@transaction.atomic
def approve_version(
    version: PolicyVersion,
    *,
    actor: Actor,
    approving_body: str,
    approved_on: date,
    minute_reference: str = "",
    committee_name: str = "",
) -> PolicyVersion:
    """Record the decision that adopted a draft (C1: body, date, minute)."""
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise PolicyError(
            f"version {version.label} is {version.get_status_display().lower()}, not a draft"
        )
    if approving_body not in ApprovingBody.values:
        raise PolicyError("choose who approved it")
    if approving_body == ApprovingBody.COMMITTEE and not committee_name.strip():
        raise PolicyError("name the committee that approved it")
    if approved_on > timezone.localdate():
        raise PolicyError("the approval date is in the future")
    version.status = VersionStatus.APPROVED
    version.approving_body = approving_body
    version.committee_name = committee_name.strip()
    version.approved_on = approved_on
    version.minute_reference = minute_reference.strip()
    version.save()
    _add_history(version.policy, version.label, actor, f"Approved by {version.approval_text()}")
    audit.record(
        version.council,
        Event.VERSION_APPROVED,
        actor=actor,
        target=version,
        changes={
            "approving_body": approving_body,
            "committee": version.committee_name,
            "approved_on": approved_on,
            "minute_reference": version.minute_reference,
        },
    )
    return version


@transaction.atomic
def publish_version(version: PolicyVersion, *, actor: Actor) -> PolicyVersion:
    """Put an approved version in force: the one in force is superseded, and everyone in scope
    is asked to acknowledge it, unless the change is not material, in which case their
    acknowledgement of the version before carries over (C2)."""
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.APPROVED:
        raise PolicyError("only an approved version can be published")
    now = timezone.now()
    previous = version.policy.in_force
    if previous is not None:
        previous.status = VersionStatus.SUPERSEDED
        previous.superseded_at = now
        previous.save(update_fields=["status", "superseded_at"])
    version.status = VersionStatus.PUBLISHED
    version.published_at = now
    version.save(update_fields=["status", "published_at"])
    _add_history(version.policy, version.label, actor, "Published")
    audit.record(
        version.council,
        Event.VERSION_PUBLISHED,
        actor=actor,
        target=version,
        changes={
            "supersedes": previous.label if previous else "",
            "material_change": version.material_change,
        },
    )
    if previous is not None and not version.material_change:
        carried = [
            Acknowledgement(
                council=version.council,
                person=ack.person,
                version=version,
                acknowledged_at=now,
                method=AckMethod.CARRIED_OVER,
                carried_from=ack,
            )
            for ack in previous.acknowledgements.select_related("person")
        ]
        Acknowledgement.objects.bulk_create(carried)
        if carried:
            audit.record(
                version.council,
                Event.ACKNOWLEDGEMENTS_CARRIED,
                actor=actor,
                target=version,
                summary=f"{len(carried)} carried over from {previous.label}",
            )
    outstanding = list(outstanding_people(version))
    transaction.on_commit(lambda: _send_reminders_now(version.pk, [p.pk for p in outstanding]))
    return version


@transaction.atomic
def discard_draft(version: PolicyVersion, *, actor: Actor) -> None:
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status not in (VersionStatus.DRAFT, VersionStatus.APPROVED):
        raise PolicyError("only a version not yet published can be discarded")
    audit.record(version.council, Event.VERSION_DISCARDED, actor=actor, target=version)
    version.clauses.all().delete()
    version.delete()


@transaction.atomic
def record_review(
    policy: Policy,
    *,
    actor: Actor,
    reviewed_on: date,
    review_type: str,
    actions: str,
    completed_by: str,
    next_review_due: date | None,
) -> Review:
    if not review_type.strip() or not actions.strip() or not completed_by.strip():
        raise PolicyError("say what kind of review it was, what was decided and who did it")
    if reviewed_on > timezone.localdate():
        raise PolicyError("the review date is in the future")
    review = Review.objects.create(
        council=policy.council,
        policy=policy,
        reviewed_on=reviewed_on,
        review_type=review_type.strip()[:200],
        actions=actions.strip(),
        completed_by=completed_by.strip()[:200],
    )
    old_due = policy.review_due
    if next_review_due is not None:
        policy.review_due = next_review_due
        policy.save(update_fields=["review_due"])
    audit.record(
        policy.council,
        Event.POLICY_REVIEWED,
        actor=actor,
        target=policy,
        changes={"review_type": review.review_type, "review_due": [old_due, policy.review_due]},
    )
    return review


# --- acknowledgements -----------------------------------------------------------------------


def people_in_scope(council: Council) -> QuerySet[Person]:
    """Everyone the policy covers today: councillors, staff and other users (B "Scope")."""
    return Person.objects.in_council(council).current(timezone.localdate())


def outstanding_people(version: PolicyVersion) -> QuerySet[Person]:
    return people_in_scope(version.council).exclude(acknowledgements__version=version)


@transaction.atomic
def acknowledge(
    version: PolicyVersion, person: Person, *, actor: Actor, on_paper: bool = False
) -> Acknowledgement:
    """Record that ``person`` read and acknowledged this exact version: by themselves, signed
    in, or on paper, recorded by the clerk."""
    version = PolicyVersion.objects.get(pk=version.pk)  # its status now, not as the caller saw it
    if version.status != VersionStatus.PUBLISHED:
        raise PolicyError("only the version in force can be acknowledged")
    if person.council_id != version.council_id:
        raise PolicyError("that person is not in this council")
    if not on_paper and (actor.user is None or person.user_id != actor.user.pk):
        raise PolicyError("people acknowledge for themselves; the clerk records paper copies")
    try:
        with transaction.atomic():
            ack = Acknowledgement.objects.create(
                council=version.council,
                person=person,
                version=version,
                acknowledged_at=timezone.now(),
                method=AckMethod.PAPER if on_paper else AckMethod.SIGNED_IN,
                recorded_by=actor.user,
            )
    except IntegrityError:
        raise PolicyError(f"{person} has already acknowledged version {version.label}") from None
    audit.record(
        version.council,
        Event.POLICY_ACKNOWLEDGED,
        actor=actor,
        target=ack,
        changes={"person": person.full_name, "version": version.label, "method": ack.method},
    )
    return ack


@transaction.atomic
def accept_remote_working_rules(
    version: PolicyVersion, person: Person, *, actor: Actor
) -> RemoteWorkingAcceptance:
    if not version.remote_working_reference or version.status != VersionStatus.PUBLISHED:
        raise PolicyError("this version sets no remote-working rules")
    if actor.user is None or person.user_id != actor.user.pk:
        raise PolicyError("people accept the remote-working rules for themselves")
    acceptance, created = RemoteWorkingAcceptance.objects.get_or_create(
        council=version.council,
        person=person,
        version=version,
        defaults={"accepted_at": timezone.now()},
    )
    if created:
        audit.record(
            version.council,
            Event.REMOTE_RULES_ACCEPTED,
            actor=actor,
            target=acceptance,
            changes={"clause": version.remote_working_reference},
        )
    # The record of those who work away from the office says when they last accepted.
    RemoteWorker.objects.filter(person=person, ended_on__isnull=True).update(
        accepted_on=timezone.localdate(acceptance.accepted_at), accepted_version=version
    )
    return acceptance


# --- those who work away from the office (B 6.1.1) ------------------------------------------


def remote_rules_in_force(council: Council) -> list[PolicyVersion]:
    """The versions in force that set rules for working away from the office."""
    return list(
        PolicyVersion.objects.in_council(council)
        .filter(status=VersionStatus.PUBLISHED)
        .exclude(remote_working_reference="")
        .select_related("policy", "council")
    )


def remote_workers(council: Council) -> QuerySet[RemoteWorker]:
    """Those who work away from the office now (not ended, not left)."""
    return (
        RemoteWorker.objects.in_council(council)
        .filter(ended_on__isnull=True)
        .filter(person__in=people_in_scope(council))
        .select_related("person", "accepted_version__policy")
    )


def not_accepted(
    council: Council, versions: list[PolicyVersion] | None = None
) -> QuerySet[RemoteWorker]:
    """Remote workers who have not accepted the remote-working rules of every version in force
    that sets them (``versions``, when the caller has them; a new version's rules are accepted
    again)."""
    workers = remote_workers(council)
    versions = remote_rules_in_force(council) if versions is None else versions
    if not versions:
        return workers.none()
    missing = Q()
    for version in versions:
        accepted = RemoteWorkingAcceptance.objects.filter(version=version).values("person_id")
        missing |= ~Q(person_id__in=accepted)
    return workers.filter(missing)


@transaction.atomic
def add_remote_worker(person: Person, *, where: str, since: date, actor: Actor) -> RemoteWorker:
    where = " ".join(where.split())
    if not where:
        raise PolicyError("say where they work, such as at home two days a week")
    if len(where) > 200:
        raise PolicyError("say where they work in at most 200 characters")
    if since > timezone.localdate():
        raise PolicyError("the date they started working away is in the future")
    if RemoteWorker.objects.filter(person=person, ended_on__isnull=True).exists():
        raise PolicyError(f"{person} is already recorded as working away from the office")
    latest = (
        RemoteWorkingAcceptance.objects.filter(person=person, version__status="published")
        .order_by("-accepted_at")
        .first()
    )
    worker = RemoteWorker.objects.create(
        council=person.council,
        person=person,
        where=where,
        since=since,
        accepted_on=timezone.localdate(latest.accepted_at) if latest else None,
        accepted_version=latest.version if latest else None,
        added_at=timezone.now(),
        added_by_label=actor.label[:200],
    )
    audit.record(
        person.council,
        Event.REMOTE_WORKER_ADDED,
        actor=actor,
        target=worker,
        changes={"person": person.full_name, "where": where, "since": since},
    )
    return worker


@transaction.atomic
def end_remote_worker(worker: RemoteWorker, *, actor: Actor) -> RemoteWorker:
    worker = RemoteWorker.objects.select_for_update().get(pk=worker.pk)
    if worker.ended_on is not None:
        raise PolicyError(f"{worker.person} no longer works away from the office already")
    worker.ended_on = timezone.localdate()
    worker.save(update_fields=["ended_on"])
    audit.record(
        worker.council,
        Event.REMOTE_WORKER_ENDED,
        actor=actor,
        target=worker,
        changes={"person": worker.person.full_name, "ended_on": worker.ended_on},
    )
    return worker


def _send_reminders_now(version_pk: int, person_pks: list[int]) -> None:
    version = PolicyVersion.objects.select_related("policy", "council").get(pk=version_pk)
    if version.status != VersionStatus.PUBLISHED:  # superseded before the mail went out
        return
    _remind(version, list(Person.objects.filter(pk__in=person_pks)), timezone.now())


def _remind(version: PolicyVersion, people: list[Person], now) -> list[str]:
    sent = []
    url = settings.SITE_URL + reverse("policies:my_page", kwargs={"council": version.council.slug})
    for person in Person.objects.filter(pk__in=[p.pk for p in people]).prefetch_related("emails"):
        if not person.primary_email:
            continue
        send_mail(
            f"Please read and acknowledge: {version.policy} (version {version.label})",
            f"Dear {person.full_name},\n\n{version.council} has published version "
            f"{version.label} of its {version.policy}. Please read it and confirm that you "
            f"have done so:\n\n{url}\n\nIf you do not use councilguard, ask the clerk for a "
            "paper copy to sign.\n",
            settings.DEFAULT_FROM_EMAIL,
            [person.primary_email],
        )
        sent.append(person.primary_email)
    with transaction.atomic():
        Reminder.objects.bulk_create(
            Reminder(council=version.council, person=p, version=version, sent_at=now)
            for p in people
            if p.primary_email
        )
        if sent:
            audit.record(
                version.council,
                Event.ACKNOWLEDGEMENT_REMINDERS,
                actor=Actor.system("reminders"),
                target=version,
                summary=f"{len(sent)} reminder(s) sent",
            )
    return sent


# --- rules ----------------------------------------------------------------------------------


@transaction.atomic
def save_rule(
    council: Council,
    *,
    actor: Actor,
    name: str,
    kind: str,
    severity: str,
    parameters: dict,
    citations: list[tuple[Policy, str]],
    enabled: bool = True,
    rule: Rule | None = None,
) -> Rule:
    """Add or change a rule; every rule cites at least one clause of a policy in force."""
    if not name.strip():
        raise PolicyError("a rule needs a name")
    if not citations:
        raise PolicyError("a rule must cite the clause(s) it enforces")
    for policy, reference in citations:
        if policy.council_id != council.pk:
            raise PolicyError("a rule cites this council's own policies")
        version = policy.in_force or policy.draft
        if version is None or not version.clauses.filter(reference=reference).exists():
            raise PolicyError(f"{policy.code} has no clause {reference!r}")
    values = {
        "name": name.strip(),
        "kind": kind,
        "severity": severity,
        "parameters": parameters,
        "enabled": enabled,
    }
    if rule is None:
        rule = Rule.objects.create(council=council, **values)
        event, changes = Event.RULE_CREATED, dict(values)
    else:
        rule = Rule.objects.select_for_update().get(pk=rule.pk, council=council)
        changes = {k: [getattr(rule, k), v] for k, v in values.items() if getattr(rule, k) != v}
        for key, value in values.items():
            setattr(rule, key, value)
        rule.save()
        event = Event.RULE_UPDATED
    before = sorted(str(c) for c in rule.citations.select_related("policy"))
    rule.citations.all().delete()
    for policy, reference in dict.fromkeys(citations):
        Citation.objects.create(council=council, rule=rule, policy=policy, reference=reference)
    after = sorted(f"{p.code} {r}" for p, r in dict.fromkeys(citations))
    if before != after:
        changes["citations"] = [before, after] if event == Event.RULE_UPDATED else after
    if changes:
        audit.record(council, event, actor=actor, target=rule, changes=changes)
    return rule


def rules_citing(clause: Clause) -> QuerySet[Rule]:
    return Rule.objects.filter(
        council=clause.council,
        citations__policy=clause.version.policy,
        citations__reference=clause.reference,
    ).distinct()


# --- helpers --------------------------------------------------------------------------------


def _save_clauses(version: PolicyVersion, parsed: ParsedPolicy) -> None:
    saved: dict[str, Clause] = {}
    for position, item in enumerate(parsed.clauses):
        saved[item.reference] = Clause.objects.create(
            council=version.council,
            version=version,
            parent=saved.get(item.parent) if item.parent else None,
            reference=item.reference[:40],
            number=item.number[:20],
            heading=item.heading[:300],
            text=item.text,
            position=position,
            depth=item.depth,
        )


def _add_history(policy: Policy, label: str, actor: Actor, comment: str) -> None:
    author = actor.user.get_full_name() if actor.user is not None else actor.label
    HistoryEntry.objects.create(
        council=policy.council,
        policy=policy,
        on_date=timezone.localdate(),
        version_label=label,
        author=author[:200],
        comment=comment[:500],
    )


def version_as_parsed(version: PolicyVersion) -> ParsedPolicy:
    """A saved version back as a parsed tree, e.g. to start the next draft from it."""
    clauses = [
        ParsedClause(
            reference=c.reference,
            number=c.number,
            heading=c.heading,
            text=c.text,
            depth=c.depth,
            parent=c.parent.reference if c.parent_id else None,
        )
        for c in version.clauses.select_related("parent")
    ]
    return ParsedPolicy(title=version.policy.title, clauses=clauses)
