"""What the CCTV register puts on the dashboard and in reminders: approved viewings not yet
logged (the viewer), recorders keeping footage too long and recorders never checked (the
clerk). Requests to decide come from devices' approvals. Two queries whatever the size."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse

from councilguard.cctv.apps import RETENTION_CHECK_EVERY
from councilguard.cctv.models import Camera, ViewingRequest
from councilguard.core.contributions import Urgency, WaitingItem
from councilguard.core.models import Membership
from councilguard.core.roles import Action
from councilguard.devices.models import ApprovalStatus

# An approved viewing not logged after this long is worth a reminder: the footage will soon be
# overwritten, and a viewing made must be on the log.
LOG_NOTICE = timedelta(days=2)


def waiting_items(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    items: list[WaitingItem] = []
    council = membership.council
    if person is not None and membership.can(Action.VIEW_CCTV):
        approved = (
            ViewingRequest.objects.in_council(council)
            .filter(approval__requester=person, approval__status=ApprovalStatus.APPROVED,
                    viewings__isnull=True)
            .select_related("camera", "approval")
        )  # fmt: skip
        for item in approved:
            items.append(WaitingItem(
                key=f"cctv.viewing:{item.pk}",
                title=f"Log your viewing of {item.camera.name} footage",
                url=reverse("cctv:viewing_detail", kwargs={"council": council.slug, "pk": item.pk}),
                since=item.approval.decided_at,
                remind_from=item.approval.decided_at + LOG_NOTICE,
                remind_every=timedelta(days=7),
            ))  # fmt: skip
    if membership.can(Action.MANAGE_CCTV):
        url = reverse("cctv:retention", kwargs={"council": council.slug})
        stale = now.date() - RETENTION_CHECK_EVERY
        for camera in Camera.objects.in_council(council).filter(retired_on__isnull=True):
            if camera.keeps_too_long:
                items.append(WaitingItem(
                    key=f"cctv.retention:{camera.pk}",
                    title=f"{camera.name}'s recorder keeps footage longer than the register "
                          "allows",
                    url=url, urgency=Urgency.OVERDUE, since=camera.added_at,
                    remind_from=camera.added_at, remind_every=timedelta(days=7),
                ))  # fmt: skip
            elif camera.retention_checked_on is None or camera.retention_checked_on < stale:
                items.append(WaitingItem(
                    key=f"cctv.retention_check:{camera.pk}",
                    title=f"Check how long {camera.name}'s recorder keeps footage",
                    url=url, since=camera.added_at,
                ))  # fmt: skip
    return items
