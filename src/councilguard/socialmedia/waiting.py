"""What social media puts on the dashboard and in reminders: for the clerk, reports to triage,
press enquiries to answer by their date and removals to follow up (the clocks); for each
member, group chat rules not yet acknowledged. Four queries whatever the size."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from councilguard.core.contributions import Urgency, WaitingItem
from councilguard.core.models import Membership
from councilguard.core.roles import Action
from councilguard.socialmedia.models import (
    Account,
    Enquiry,
    GroupMember,
    PostReport,
    RemovalRequest,
    RemovalStatus,
    Triage,
)


def _end_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


def _urgency(due_on, now: datetime, notice_days: int) -> str:
    """Counted in UK days: overdue once the day is over, due soon ``notice_days`` before."""
    days_left = (due_on - timezone.localdate(now)).days
    if days_left < 0:
        return Urgency.OVERDUE
    return Urgency.SOON if days_left <= notice_days else Urgency.WAITING


def waiting_items(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    council = membership.council
    items: list[WaitingItem] = []

    def url(name: str, **kwargs) -> str:
        return reverse(f"socialmedia:{name}", kwargs={"council": council.slug, **kwargs})

    if membership.can(Action.MANAGE_SOCIAL_MEDIA):
        for report in (
            PostReport.objects.in_council(council).filter(status=Triage.NEW).defer("screenshot")
        ):
            items.append(WaitingItem(
                key=f"socialmedia.report:{report.pk}",
                title=f"Decide what happens to a reported post on {report.get_platform_display()}",
                url=url("report_detail", pk=report.pk), since=report.reported_at,
                remind_from=report.reported_at,
            ))  # fmt: skip
        for enquiry in Enquiry.objects.in_council(council).filter(answered_on__isnull=True):
            deadline = _end_of(enquiry.answer_by)
            items.append(WaitingItem(
                key=f"socialmedia.enquiry:{enquiry.pk}",
                title=f"Answer the press enquiry from {enquiry.outlet}",
                url=url("enquiry_detail", pk=enquiry.pk), deadline=deadline,
                urgency=_urgency(enquiry.answer_by, now, 1), since=enquiry.received_at,
                remind_from=enquiry.received_at,
            ))  # fmt: skip
        removals = RemovalRequest.objects.in_council(council).filter(status=RemovalStatus.OPEN)
        for removal in removals:
            deadline = _end_of(removal.follow_up_on)
            items.append(WaitingItem(
                key=f"socialmedia.removal:{removal.pk}",
                title=f"Check whether the post was removed (asked of {removal.asked_of})",
                url=url("report_detail", pk=removal.report_id), deadline=deadline,
                urgency=_urgency(removal.follow_up_on, now, 2),
                # Reminded from the follow-up day (A "Social Media": removal may be required).
                remind_from=_end_of(removal.follow_up_on - timedelta(days=1)),
            ))  # fmt: skip
        items += _leavers(council, now, url)
    if person is not None:
        unacknowledged = (
            GroupMember.objects.in_council(council)
            .filter(person=person, acknowledged_at__isnull=True)
            .select_related("group")
        )
        for member in unacknowledged:
            items.append(WaitingItem(
                key=f"socialmedia.group:{member.pk}",
                title=f"Acknowledge that no decisions are taken in {member.group.name}",
                url=url("my_groups"), since=member.added_at, remind_from=member.added_at,
                remind_every=timedelta(days=7),
            ))  # fmt: skip
    return items


def _leavers(council, now: datetime, url) -> list[WaitingItem]:
    """People who have left are taken out of the council's group chats and off its official
    accounts (B 9.1.6: leavers keep no council data or contacts; A "Social Media": passwords
    stay secure)."""
    today = timezone.localdate(now)
    items = []
    members = (
        GroupMember.objects.in_council(council)
        .filter(person__leave_date__lt=today)
        .select_related("person", "group")
    )
    for member in members:
        items.append(WaitingItem(
            key=f"socialmedia.leaver_group:{member.pk}",
            title=f"Take {member.person.full_name}, who has left, out of {member.group.name}",
            url=url("group_edit", pk=member.group_id), urgency=Urgency.OVERDUE,
            since=member.added_at, remind_from=member.added_at, remind_every=timedelta(days=7),
        ))  # fmt: skip
    posters = Account.posters.through.objects.filter(
        account__council=council, person__leave_date__lt=today
    ).select_related("person", "account")
    for row in posters:
        items.append(WaitingItem(
            key=f"socialmedia.leaver_poster:{row.pk}",
            title=f"Stop {row.person.full_name}, who has left, posting as {row.account.handle}",
            url=url("account_edit", pk=row.account_id), urgency=Urgency.OVERDUE,
            since=row.account.added_at, remind_from=row.account.added_at,
            remind_every=timedelta(days=7),
        ))  # fmt: skip
    return items
