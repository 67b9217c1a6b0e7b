"""Every change to the social media registers, each with its audit entry in the same
transaction (A "Social Media", A "What's App and Group Chat", B 9.1.3 to 9.1.5)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council
from councilguard.devices import approvals
from councilguard.devices.models import ApprovalKind
from councilguard.people.models import Person
from councilguard.socialmedia import notify
from councilguard.socialmedia.models import (
    ENQUIRY_ANSWER_DAYS,
    FOLLOW_UP_DAYS,
    Account,
    Enquiry,
    GroupChat,
    GroupMember,
    PhotoPermission,
    Platform,
    PostReport,
    RemovalRequest,
    RemovalStatus,
    Triage,
)
from councilguard.socialmedia.screenshots import Screenshot
from councilguard.vault.models import VaultEntry


class SocialMediaError(ValueError):
    """A change the rules refuse; the message is shown to the user as it is."""


def _text(value: str, label: str, limit: int | None = None, *, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise SocialMediaError(f"give {label}")
    if limit and len(value) > limit:
        raise SocialMediaError(f"{label} is at most {limit} characters")
    return value


def _people(council: Council, people) -> list[Person]:
    people = list(people)
    if any(p.council_id != council.pk for p in people):
        raise SocialMediaError("choose people of this council")
    return people


# --- official accounts ---


@dataclass
class AccountData:
    platform: str
    handle: str
    purpose: str
    posters: list[Person] = field(default_factory=list)
    vault_entry: VaultEntry | None = None


@transaction.atomic
def save_account(
    council: Council, data: AccountData, *, actor: Actor, account: Account | None = None
) -> Account:
    """Add an official account, or change one: who may post for the council and where its
    password is kept (in the vault, never here)."""
    if data.platform not in Platform.values:
        raise SocialMediaError("choose the platform")
    handle = _text(data.handle, "the account's name or handle", 100)
    purpose = _text(data.purpose, "what the account is for")
    posters = _people(council, data.posters)
    if data.vault_entry is not None and data.vault_entry.council_id != council.pk:
        raise SocialMediaError("the vault entry must be this council's")
    clash = Account.objects.filter(council=council, platform=data.platform, handle__iexact=handle)
    if clash.exclude(pk=getattr(account, "pk", None)).exists():
        raise SocialMediaError("that account is already on the register")
    after = {
        "platform": data.platform, "handle": handle, "purpose": purpose,
        "posters": sorted(p.full_name for p in posters),
        "vault_entry": str(data.vault_entry) if data.vault_entry else "",
    }  # fmt: skip
    if account is None:
        account = Account.objects.create(
            council=council, platform=data.platform, handle=handle, purpose=purpose,
            vault_entry=data.vault_entry, added_at=timezone.now(),
        )  # fmt: skip
        account.posters.set(posters)
        audit.record(council, Event.SOCIAL_ACCOUNT_SAVED, actor=actor, target=account,
                     changes=after)  # fmt: skip
        return account
    account = Account.objects.select_for_update(of=("self",)).get(pk=account.pk)
    before = {
        "platform": account.platform, "handle": account.handle, "purpose": account.purpose,
        "posters": sorted(p.full_name for p in account.posters.all()),
        "vault_entry": str(account.vault_entry) if account.vault_entry else "",
    }  # fmt: skip
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if not changes:
        return account
    account.platform, account.handle, account.purpose = data.platform, handle, purpose
    account.vault_entry = data.vault_entry
    account.save()
    account.posters.set(posters)
    audit.record(council, Event.SOCIAL_ACCOUNT_SAVED, actor=actor, target=account,
                 changes=changes)  # fmt: skip
    return account


# --- press enquiries ---


@dataclass
class EnquiryData:
    outlet: str
    journalist: str
    contact: str
    question: str
    received_at: datetime
    answer_by: date | None = None


@transaction.atomic
def record_enquiry(council: Council, data: EnquiryData, *, actor: Actor,
                   now: datetime | None = None) -> Enquiry:  # fmt: skip
    """Whoever takes a press enquiry logs it; it goes to the clerk at once (A "Social Media":
    enquiries go to the clerk), to be answered by its deadline."""
    now = now or timezone.now()
    if data.received_at > now:
        raise SocialMediaError("an enquiry cannot be received in the future")
    received_on = timezone.localdate(data.received_at)
    answer_by = data.answer_by or received_on + timedelta(days=ENQUIRY_ANSWER_DAYS)
    if answer_by < received_on:
        raise SocialMediaError("the answer cannot be due before the enquiry came in")
    enquiry = Enquiry.objects.create(
        council=council,
        received_at=data.received_at,
        outlet=_text(data.outlet, "the publication or programme", 200),
        journalist=_text(data.journalist, "the journalist's name", 200),
        contact=_text(data.contact, "how to reach them", 200),
        question=_text(data.question, "the question"),
        answer_by=answer_by,
        taken_by_label=actor.label[:200],
    )
    audit.record(council, Event.SOCIAL_ENQUIRY_RECORDED, actor=actor, target=enquiry, changes={
        "outlet": enquiry.outlet, "journalist": enquiry.journalist,
        "received": data.received_at, "answer_by": answer_by.isoformat(),
    })  # fmt: skip
    transaction.on_commit(lambda: notify.enquiry_received(enquiry.pk), robust=True)
    return enquiry


@transaction.atomic
def answer_enquiry(enquiry: Enquiry, *, answer: str, answered_on: date, actor: Actor,
                   today: date | None = None) -> Enquiry:  # fmt: skip
    today = today or timezone.localdate()
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if enquiry.answered_on is not None:
        raise SocialMediaError("the enquiry has already been answered")
    answer = _text(answer, "the answer given")
    if answered_on > today:
        raise SocialMediaError("an answer cannot be given in the future")
    if answered_on < timezone.localdate(enquiry.received_at):
        raise SocialMediaError("the answer cannot be before the enquiry came in")
    enquiry.answer, enquiry.answered_on = answer, answered_on
    enquiry.answered_by_label = actor.label[:200]
    enquiry.save(update_fields=["answer", "answered_on", "answered_by_label"])
    audit.record(enquiry.council, Event.SOCIAL_ENQUIRY_ANSWERED, actor=actor, target=enquiry,
                 changes={"answered": answered_on.isoformat(),
                          "late": answered_on > enquiry.answer_by})  # fmt: skip
    return enquiry


# --- reports of posts, triage and removals ---


@transaction.atomic
def report_post(
    council: Council,
    *,
    url: str,
    platform: str,
    concern: str,
    reporter: Person | None,
    actor: Actor,
    screenshot: Screenshot | None = None,
    now: datetime | None = None,
) -> PostReport:
    """Anyone reports a post that may breach the policy (B 9.1.4, 9.1.5); the clerk triages."""
    url = url.strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise SocialMediaError("give the link to the post, starting https://") from None
    if len(url) > 500:
        raise SocialMediaError("the link is at most 500 characters")
    if platform not in Platform.values:
        raise SocialMediaError("choose the platform")
    concern = _text(concern, "what may breach the policy")
    if reporter is not None and reporter.council_id != council.pk:
        raise SocialMediaError("the reporter must be a person of this council")
    report = PostReport.objects.create(
        council=council, reported_by=reporter, reported_by_label=actor.label[:200],
        reported_at=now or timezone.now(), url=url, platform=platform, concern=concern,
        screenshot=screenshot.content if screenshot else None,
        screenshot_type=screenshot.content_type if screenshot else "",
        screenshot_sha256=screenshot.sha256 if screenshot else "",
    )  # fmt: skip
    changes = {"platform": platform, "link": url}
    if screenshot:
        changes["screenshot"] = screenshot.sha256
    audit.record(council, Event.SOCIAL_POST_REPORTED, actor=actor, target=report,
                 changes=changes)  # fmt: skip
    transaction.on_commit(lambda: notify.post_reported(report.pk), robust=True)
    return report


def _new_report(report: PostReport) -> PostReport:
    report = PostReport.objects.select_for_update().get(pk=report.pk)
    if report.status != Triage.NEW:
        raise SocialMediaError(
            f"the report has already been triaged: {report.get_status_display().lower()}"
        )
    return report


def _triaged(report: PostReport, status: str, note: str, actor: Actor, now: datetime) -> None:
    report.status, report.triage_note = status, note
    report.triaged_at, report.triaged_by_label = now, actor.label[:200]
    report.save(update_fields=["status", "triage_note", "triaged_at", "triaged_by_label"])


@transaction.atomic
def triage_no_action(report: PostReport, *, note: str, actor: Actor) -> PostReport:
    report = _new_report(report)
    note = _text(note, "the reason no action is needed")
    _triaged(report, Triage.NO_ACTION, note, actor, timezone.now())
    audit.record(report.council, Event.SOCIAL_POST_TRIAGED, actor=actor, target=report,
                 changes={"status": [Triage.NEW, Triage.NO_ACTION], "note": note})  # fmt: skip
    return report


@transaction.atomic
def refer_for_investigation(report: PostReport, *, note: str, actor: Actor) -> PostReport:
    """A possible disciplinary matter (B 9.1.3). Recorded as referred; the cases register, once
    it exists, opens its case from reports in this state (the seam is ``case_reference``)."""
    report = _new_report(report)
    note = _text(note, "why it needs investigating")
    _triaged(report, Triage.REFERRED, note, actor, timezone.now())
    audit.record(report.council, Event.SOCIAL_POST_TRIAGED, actor=actor, target=report,
                 changes={"status": [Triage.NEW, Triage.REFERRED], "note": note})  # fmt: skip
    return report


@transaction.atomic
def request_removal(
    report: PostReport,
    *,
    asked_of: str,
    asked_on: date,
    note: str = "",
    follow_up_days: int = FOLLOW_UP_DAYS,
    actor: Actor,
    today: date | None = None,
) -> RemovalRequest:
    """Ask for the post to be removed (A "Social Media"); the clerk follows it up after
    ``follow_up_days`` and is reminded when that day passes."""
    today = today or timezone.localdate()
    report = _new_report(report)
    asked_of = _text(asked_of, "who was asked to remove it", 200)
    if asked_on > today:
        raise SocialMediaError("the removal cannot be asked for in the future")
    if asked_on < timezone.localdate(report.reported_at):
        raise SocialMediaError("the removal cannot be asked for before the post was reported")
    if not 1 <= follow_up_days <= 90:
        raise SocialMediaError("follow it up within 1 to 90 days")
    _triaged(report, Triage.REMOVAL, note.strip(), actor, timezone.now())
    removal = RemovalRequest.objects.create(
        council=report.council, report=report, asked_of=asked_of, asked_on=asked_on,
        follow_up_on=asked_on + timedelta(days=follow_up_days),
    )  # fmt: skip
    audit.record(report.council, Event.SOCIAL_REMOVAL_REQUESTED, actor=actor, target=removal,
                 changes={"status": [Triage.NEW, Triage.REMOVAL], "asked_of": asked_of,
                          "asked": asked_on.isoformat(),
                          "follow_up": removal.follow_up_on.isoformat()})  # fmt: skip
    return removal


@transaction.atomic
def close_removal(removal: RemovalRequest, *, removed: bool, outcome: str, closed_on: date,
                  actor: Actor, today: date | None = None) -> RemovalRequest:  # fmt: skip
    today = today or timezone.localdate()
    removal = RemovalRequest.objects.select_for_update().get(pk=removal.pk)
    if removal.status != RemovalStatus.OPEN:
        raise SocialMediaError("the removal request is already closed")
    outcome = _text(outcome, "what happened")
    if closed_on > today:
        raise SocialMediaError("it cannot be closed in the future")
    if closed_on < removal.asked_on:
        raise SocialMediaError("it cannot be closed before the removal was asked for")
    status = RemovalStatus.REMOVED if removed else RemovalStatus.NOT_REMOVED
    removal.status, removal.outcome, removal.closed_on = status, outcome, closed_on
    removal.save(update_fields=["status", "outcome", "closed_on"])
    audit.record(removal.council, Event.SOCIAL_REMOVAL_CLOSED, actor=actor, target=removal,
                 changes={"status": [RemovalStatus.OPEN, status], "outcome": outcome,
                          "closed": closed_on.isoformat(),
                          "late": closed_on > removal.follow_up_on})  # fmt: skip
    return removal


# --- group chats ---


@transaction.atomic
def save_group(council: Council, *, name: str, platform: str, purpose: str, members,
               actor: Actor, group: GroupChat | None = None) -> GroupChat:  # fmt: skip
    """A group used for council business and its members; each new member acknowledges that
    decisions are not taken there (A "What's App and Group Chat")."""
    name = _text(name, "the group's name", 100)
    purpose = _text(purpose, "what the group is for")
    if platform not in Platform.values:
        raise SocialMediaError("choose the platform")
    members = _people(council, members)
    if not members:
        raise SocialMediaError("choose the group's members")
    clash = GroupChat.objects.filter(council=council, name__iexact=name)
    if clash.exclude(pk=getattr(group, "pk", None)).exists():
        raise SocialMediaError("another group has that name")
    now = timezone.now()
    if group is None:
        group = GroupChat.objects.create(council=council, name=name, platform=platform,
                                         purpose=purpose, added_at=now)  # fmt: skip
        current: dict[int, GroupMember] = {}
    else:
        group = GroupChat.objects.select_for_update().get(pk=group.pk)
        group.name, group.platform, group.purpose = name, platform, purpose
        group.save()
        current = {m.person_id: m for m in group.members.all()}
    wanted = {p.pk: p for p in members}
    added = [p for pk, p in wanted.items() if pk not in current]
    removed = [m for pk, m in current.items() if pk not in wanted]
    for person in added:
        GroupMember.objects.create(council=council, group=group, person=person, added_at=now)
    for member in removed:
        member.delete()
    audit.record(council, Event.SOCIAL_GROUP_SAVED, actor=actor, target=group, changes={
        "name": name, "platform": platform,
        "added": sorted(p.full_name for p in added),
        "removed": sorted(m.person.full_name for m in removed),
    })  # fmt: skip
    return group


@transaction.atomic
def acknowledge_group_rule(member: GroupMember, *, actor: Actor) -> GroupMember:
    member = GroupMember.objects.select_for_update().get(pk=member.pk)
    if member.acknowledged_at is not None:
        raise SocialMediaError("you have already acknowledged this group's rule")
    member.acknowledged_at = timezone.now()
    member.save(update_fields=["acknowledged_at"])
    audit.record(member.council, Event.SOCIAL_GROUP_RULE_ACKNOWLEDGED, actor=actor,
                 target=member.group, changes={"person": member.person.full_name})  # fmt: skip
    return member


# --- permission to post photographs ---


@transaction.atomic
def request_photo_permission(
    person: Person,
    *,
    account: Account,
    activity: str,
    taken_on: date,
    everyone_agreed: bool,
    children_pictured: bool,
    reason: str,
    actor: Actor,
    today: date | None = None,
) -> PhotoPermission:
    """Ask the clerk's permission to post photographs of a council activity on an official
    account (B 9.1.3: photographs associated with the council), through the approvals."""
    today = today or timezone.localdate()
    if account.council_id != person.council_id:
        raise SocialMediaError("choose an official account of this council")
    activity = _text(activity, "the activity photographed", 200)
    if taken_on > today:
        raise SocialMediaError("the photographs cannot be taken in the future")
    if not everyone_agreed:
        raise SocialMediaError("ask everyone pictured first: post only with their agreement")
    try:
        approval = approvals.request_approval(
            person, ApprovalKind.PHOTO_POSTING, summary=f"Photographs: {activity}"[:200],
            reason=reason, details={}, actor=actor,
        )  # fmt: skip
    except approvals.ApprovalError as exc:
        raise SocialMediaError(str(exc)) from None
    permission = PhotoPermission.objects.create(
        council=person.council, approval=approval, activity=activity, taken_on=taken_on,
        account=account, everyone_agreed=everyone_agreed, children_pictured=children_pictured,
    )  # fmt: skip
    audit.record(person.council, Event.SOCIAL_PHOTO_PERMISSION_REQUESTED, actor=actor,
                 target=permission, changes={
                     "activity": activity, "taken": taken_on.isoformat(),
                     "account": str(account), "children_pictured": children_pictured,
                 })  # fmt: skip
    return permission
