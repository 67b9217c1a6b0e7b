"""What the device register puts on the dashboard and in reminders (C5, C7, C9, C24, C26,
C27): losses waiting for a police number, approvals to decide, leavers part-way, tasks."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from councilguard.core.contributions import Urgency, WaitingItem, urgency_of
from councilguard.core.models import Membership
from councilguard.core.roles import Action, approval_capacities
from councilguard.devices.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    LeaverChecklist,
    LossReport,
    Task,
)

# A task is flagged as due soon, and its holder reminded, this long before its date.
TASK_NOTICE = timedelta(days=3)
# A leaver's checklist is due soon this long before the leave date.
LEAVER_NOTICE = timedelta(days=7)
# Own-device duties come up this long before their yearly renewal (B 2.2.4 to 2.2.9).
DUTY_NOTICE = timedelta(days=30)


def _url(name: str, council, **kwargs) -> str:
    return reverse(name, kwargs={"council": council.slug, **kwargs})


def waiting_items(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    """At most seven queries whatever the council's size."""
    items: list[WaitingItem] = []
    items += _losses(membership, person, now)
    items += _tasks(membership, person, now)
    items += _approvals(membership, person, now)
    items += _leavers(membership, now)
    items += _duties(membership, person, now)
    return items


def _losses(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    # Seed A, B 2.2.4: a loss is reported to the police within 24 hours and the number given.
    council = membership.council
    waiting = LossReport.objects.in_council(council).filter(
        police_reference="", police_due_at__isnull=False
    )
    runs_clerk = membership.can(Action.MANAGE_DEVICES)
    if not runs_clerk:
        if person is None:
            return []
        waiting = waiting.filter(person=person)
    items = []
    for loss in waiting.select_related("device", "own_device", "person"):
        mine = person is not None and loss.person_id == person.pk
        overdue = loss.police_due_at < now
        device = loss.kind_of_device.lower()
        if mine:
            title = f"Give the police incident number for your {loss.kind} {device}"
            url = _url("devices:mine", council)
            remind_from = loss.reported_at
        else:
            title = f"Police number for {loss.person}'s {loss.kind} {device}" + (
                " is overdue" if overdue else " is awaited"
            )
            url = _url("devices:loss_detail", council, pk=loss.pk)
            # The clerk is told when the 24 hours have run out, not before.
            remind_from = loss.police_due_at
        items.append(
            WaitingItem(
                key=f"devices.police:{loss.pk}:{'mine' if mine else 'clerk'}",
                title=title,
                url=url,
                deadline=loss.police_due_at,
                urgency=Urgency.OVERDUE if overdue else Urgency.SOON,
                since=loss.reported_at,
                remind_from=remind_from,
            )
        )
    return items


def _tasks(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    # C5, C7: posture and device tasks. Each person sees their own; the clerk also the tasks that
    # are the clerk's (no person) and anyone's past their date.
    council = membership.council
    clerk = membership.can(Action.MANAGE_DEVICES) and membership.can(Action.MANAGE_LEAVERS)
    mine = Q(person=person) if person is not None else Q(pk__in=[])
    wanted = mine
    if clerk:
        wanted = wanted | Q(person__isnull=True) | Q(due_at__lt=now)
    items = []
    tasks = Task.objects.in_council(council).filter(done_at__isnull=True).filter(wanted)
    for task in tasks.select_related("person"):
        own = person is not None and task.person_id == person.pk
        if own:
            title, url = task.title, _url("devices:mine", council)
            remind_from = task.due_at - TASK_NOTICE
        elif task.person_id is None:
            title = task.title
            url = (
                _url("devices:device_detail", council, pk=task.device_id)
                if task.device_id
                else _url("devices:device_list", council)
            )
            remind_from = task.due_at - TASK_NOTICE
        else:
            title = f"{task.person}'s task is past its date: {task.title}"
            url = _url("people:person_detail", council, pk=task.person_id)
            # The worker's escalation (devices.services.escalate_overdue_tasks) already e-mails
            # the clerk once; the dashboard keeps it in view without a second mail.
            remind_from = None
        items.append(
            WaitingItem(
                key=f"devices.task:{task.pk}",
                title=title,
                url=url,
                deadline=task.due_at,
                urgency=urgency_of(task.due_at, now, TASK_NOTICE),
                since=task.created_at,
                remind_from=remind_from,
            )
        )
    return items


def _approvals(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    # C9: requests this member's role decides, still open in one of its capacities, that are
    # not their own and that they have not decided already in another capacity.
    council = membership.council
    if not membership.can(Action.DECIDE_APPROVALS):
        return []
    kinds = [k for k in ApprovalKind.values if approval_capacities(membership.role, k)]
    if not kinds:
        return []
    pending = ApprovalRequest.objects.in_council(council).filter(
        status=ApprovalStatus.PENDING, kind__in=kinds
    )
    if person is not None:
        pending = pending.exclude(requester=person)
    items = []
    for request in pending.select_related("requester").prefetch_related("decisions"):
        decided = {d.capacity for d in request.decisions.all()}
        if any(d.decided_by_id == membership.user_id for d in request.decisions.all()):
            continue
        if not [c for c in approval_capacities(membership.role, request.kind) if c not in decided]:
            continue
        items.append(
            WaitingItem(
                key=f"devices.approval:{request.pk}",
                title=f"Decide {request.requester}'s request: {request.summary}",
                url=_url("devices:approval_detail", council, pk=request.pk),
                since=request.requested_at,
                remind_from=request.requested_at + timedelta(days=2),
            )
        )
    return items


def _leavers(membership: Membership, now: datetime) -> list[WaitingItem]:
    # C24: a leaver's checklist part-way through, for the clerk who runs it.
    council = membership.council
    if not membership.can(Action.MANAGE_LEAVERS):
        return []
    checklists = (
        LeaverChecklist.objects.in_council(council)
        .active()
        .filter(completed_at__isnull=True)
        .select_related("person")
        .annotate(left=Count("items", filter=Q(items__done_at__isnull=True)))
    )
    items = []
    tz = timezone.get_current_timezone()
    for checklist in checklists:
        deadline = datetime.combine(checklist.leave_date, time(17, 0), tzinfo=tz)
        things = "thing" if checklist.left == 1 else "things"
        items.append(
            WaitingItem(
                key=f"devices.leaver:{checklist.pk}",
                title=f"Finish {checklist.person}'s leaving checklist ({checklist.left} {things} "
                "left)",
                url=_url("devices:leaver_detail", council, pk=checklist.pk),
                deadline=deadline,
                urgency=urgency_of(deadline, now, LEAVER_NOTICE),
                since=checklist.started_at,
                remind_from=deadline - LEAVER_NOTICE,
            )
        )
    return items


def _duties(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    # B 2.2.4 to 2.2.9: each own device's duties confirmed, and again when the council's
    # renewal period runs out; the person's own reminder, from a month before.
    from django.db.models import OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from councilguard.devices.models import DeviceSettings, OwnDevice
    from councilguard.devices.services import duties_due_at

    if person is None:
        return []
    # One query: the person's own devices with the council's renewal period beside them.
    renew_days = DeviceSettings.objects.filter(council=OuterRef("council")).values(
        "duties_renew_days"
    )
    own = OwnDevice.objects.in_council(membership.council).filter(
        person=person, retired_at__isnull=True
    )
    own = own.annotate(renew_days=Coalesce(Subquery(renew_days[:1]), Value(365)))
    items = []
    for device in own:
        due_at = duties_due_at(device, timedelta(days=device.renew_days))
        if due_at - DUTY_NOTICE > now:
            continue
        again = " again" if device.duties_confirmed_at else ""
        items.append(
            WaitingItem(
                key=f"devices.duties:{device.pk}",
                title=f"Confirm{again} the duties for using {device.description} for council work",
                url=_url("devices:own_device_duties", membership.council)
                + f"?own_device={device.pk}",
                deadline=due_at,
                urgency=urgency_of(due_at, now, DUTY_NOTICE),
                since=device.rules_accepted_at,
                remind_from=due_at - DUTY_NOTICE,
            )
        )
    return items
