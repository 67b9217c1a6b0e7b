"""What the policies put on the dashboard and in reminders (C1, C2, C26, C27):
acknowledgements to give and policy reviews due."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from councilguard.core.contributions import Recipient, Urgency, WaitingItem
from councilguard.core.models import Council, Membership
from councilguard.core.roles import Action
from councilguard.policies.models import (
    Acknowledgement,
    Policy,
    PolicyVersion,
    RemoteWorker,
    RemoteWorkingAcceptance,
    VersionStatus,
)
from councilguard.policies.services import not_accepted, outstanding_people

# Policy.review_state: a review is due within 30 days of its date; its officer is reminded from
# then on, weekly.
REVIEW_NOTICE = timedelta(days=30)
REVIEW_REMINDER_EVERY = timedelta(days=7)


def waiting_items(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    """Three queries: the versions in force, one's acknowledgements, the reviews due."""
    council = membership.council
    items = []
    # Those who have left are no longer in scope (B "Scope"), as on the acknowledgements page.
    if person is not None and not person.has_left(timezone.localtime(now).date()):
        in_force = list(_in_force(council))
        done = set(
            Acknowledgement.objects.filter(
                person=person, version__in=[v.pk for v in in_force]
            ).values_list("version_id", flat=True)
        )
        items += [_acknowledge(v) for v in in_force if v.pk not in done]
        items += _remote_rules(person, in_force)
    items += _reviews(membership, person, now)
    return items


def _remote_rules(person, in_force: list[PolicyVersion]) -> list[WaitingItem]:
    # B 6.1.1: someone recorded as working away from the office accepts the remote-working
    # rules of each version in force that sets them; reminded on that version's schedule. One
    # query, and one more for a remote worker.
    versions = [v for v in in_force if v.remote_working_reference]
    if not versions:
        return []
    worker = RemoteWorker.objects.filter(person=person, ended_on__isnull=True).first()
    if worker is None:
        return []
    accepted = set(
        RemoteWorkingAcceptance.objects.filter(
            person=person, version__in=[v.pk for v in versions]
        ).values_list("version_id", flat=True)
    )
    return [_accept_remote(v, worker) for v in versions if v.pk not in accepted]


def _accept_remote(version: PolicyVersion, worker: RemoteWorker) -> WaitingItem:
    every = timedelta(days=version.reminder_every_days)
    since = max(worker.added_at, version.published_at or version.created_at)
    return WaitingItem(
        key=f"policies.remote_rules:{version.pk}",
        title=f"Accept the rules for working away from the office ({version.policy.title}, "
        f"clause {version.remote_working_reference})",
        url=reverse("policies:my_page", kwargs={"council": version.council.slug}),
        since=since,
        remind_from=since + every,
        remind_every=every,
    )


def _in_force(council: Council):
    return (
        PolicyVersion.objects.in_council(council)
        .filter(status=VersionStatus.PUBLISHED)
        .select_related("policy", "council")
    )


def _acknowledge(version: PolicyVersion) -> WaitingItem:
    # C2: everyone in scope acknowledges each version in force; the clerk's schedule
    # (reminder_every_days) says how often to remind. Publishing mails everyone at once
    # (policies.services.publish_version), so the engine's reminders start one interval later.
    every = timedelta(days=version.reminder_every_days)
    published = version.published_at or version.created_at
    return WaitingItem(
        key=f"policies.acknowledge:{version.pk}",
        title=f"Read and acknowledge the {version.policy.title} (version {version.label})",
        url=reverse(
            "policies:version_detail", kwargs={"council": version.council.slug, "pk": version.pk}
        ),
        since=published,
        remind_from=published + every,
        remind_every=every,
    )


def _reviews(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    # C1: each policy is reviewed by its date; shown to those who run the policies and to its
    # responsible officer.
    council = membership.council
    today = timezone.localtime(now).date()
    due = Policy.objects.in_council(council).filter(review_due__lte=today + REVIEW_NOTICE)
    if not membership.can(Action.MANAGE_POLICIES):
        if person is None:
            return []
        due = due.filter(responsible_officer=person)
    items = []
    for policy in due:
        deadline = _end_of(policy.review_due)
        overdue = policy.review_state(today) == "overdue"
        items.append(
            WaitingItem(
                key=f"policies.review:{policy.pk}",
                title=f"Review the {policy.title}"
                + (f": overdue since {policy.review_due:%-d %B %Y}" if overdue else ""),
                url=reverse(
                    "policies:policy_detail", kwargs={"council": council.slug, "pk": policy.pk}
                ),
                deadline=deadline,
                urgency=Urgency.OVERDUE if overdue else Urgency.SOON,
                remind_from=deadline - REVIEW_NOTICE,
                remind_every=REVIEW_REMINDER_EVERY,
            )
        )
    return items


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59), tzinfo=timezone.get_current_timezone())


def reminder_recipients(council: Council, now: datetime) -> list[Recipient]:
    """People in scope who have not acknowledged a version in force and hold no role in the
    council (so have no dashboard): the same reminders by e-mail. One query per version in
    force."""
    from councilguard.core.models import Membership

    members = Membership.objects.active().filter(council=council).values("user")
    by_email: dict[str, Recipient] = {}
    for version in _in_force(council):
        item = _acknowledge(version)
        people = outstanding_people(version).exclude(user__in=members).prefetch_related("emails")
        for person in people:
            email = person.primary_email
            if not email:
                continue
            recipient = by_email.setdefault(email, Recipient(email, person.full_name, []))
            recipient.items.append(item)
    # Remote workers without a role here who have not accepted the rules (B 6.1.1).
    workers = not_accepted(council).exclude(person__user__in=members)
    versions = [v for v in _in_force(council) if v.remote_working_reference]
    for worker in workers.prefetch_related("person__emails") if versions else []:
        email = worker.person.primary_email
        if not email:
            continue
        done = set(
            RemoteWorkingAcceptance.objects.filter(person=worker.person).values_list(
                "version_id", flat=True
            )
        )
        recipient = by_email.setdefault(email, Recipient(email, worker.person.full_name, []))
        recipient.items.extend(_accept_remote(v, worker) for v in versions if v.pk not in done)
    return list(by_email.values())
