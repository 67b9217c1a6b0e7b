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
from councilguard.devices import approvals
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


Pair = tuple[Membership, object]  # a membership and its person (None: not on the people list)


def waiting_items(membership: Membership, person, now: datetime) -> list[WaitingItem]:
    """At most six queries whatever the council's size."""
    return [item for _, item in waiting_items_across([(membership, person)], now)]


def waiting_items_across(pairs: list[Pair], now: datetime) -> list[tuple[Membership, WaitingItem]]:
    """The same items for several memberships of one user, each in a different council (the IT
    provider's page), in the same six queries at most: each query asks every council at once,
    each council under its own member's conditions."""
    found: list[tuple[Membership, WaitingItem]] = []
    for part in (_losses, _tasks, _approvals, _leavers, _duties):
        found += part(pairs, now)
    return found


def _across(pairs: list[Pair], condition) -> tuple[Q | None, dict]:
    """One filter for all the councils: each council's rows under ``condition(membership,
    person)`` (a Q, or None for nothing there), and each council's pair by its id."""
    wanted, by_council = None, {}
    for membership, person in pairs:
        where = condition(membership, person)
        if where is None:
            continue
        by_council[membership.council_id] = (membership, person)
        term = Q(council_id=membership.council_id) & where
        wanted = term if wanted is None else wanted | term
    return wanted, by_council


def _losses(pairs: list[Pair], now: datetime) -> list[tuple[Membership, WaitingItem]]:
    # Seed A, B 2.2.4: a loss is reported to the police within 24 hours and the number given.
    def condition(membership, person):
        if membership.can(Action.MANAGE_DEVICES):
            return Q()
        return None if person is None else Q(person=person)

    wanted, by_council = _across(pairs, condition)
    if wanted is None:
        return []
    # An inappropriate access has no police clock (police_due_at is empty).
    waiting = LossReport.objects.filter(wanted, police_reference="", police_due_at__isnull=False)
    items = []
    for loss in waiting.select_related("device", "own_device", "person"):
        membership, person = by_council[loss.council_id]
        council = membership.council
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
        items.append((membership,
            WaitingItem(
                key=f"devices.police:{loss.pk}:{'mine' if mine else 'clerk'}",
                title=title,
                url=url,
                deadline=loss.police_due_at,
                urgency=Urgency.OVERDUE if overdue else Urgency.SOON,
                since=loss.reported_at,
                remind_from=remind_from,
            ),
        ))  # fmt: skip
    return items


def _tasks(pairs: list[Pair], now: datetime) -> list[tuple[Membership, WaitingItem]]:
    # C5, C7: posture and device tasks. Each person sees their own; the clerk also the tasks that
    # are the clerk's (no person) and anyone's past their date.
    def condition(membership, person):
        clerk = membership.can(Action.MANAGE_DEVICES) and membership.can(Action.MANAGE_LEAVERS)
        if clerk:
            mine = Q(person=person) if person is not None else Q(pk__in=[])
            return mine | Q(person__isnull=True) | Q(due_at__lt=now)
        return Q(person=person) if person is not None else None

    wanted, by_council = _across(pairs, condition)
    if wanted is None:
        return []
    items = []
    tasks = Task.objects.filter(wanted, done_at__isnull=True)
    for task in tasks.select_related("person"):
        membership, person = by_council[task.council_id]
        council = membership.council
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
        items.append((membership,
            WaitingItem(
                key=f"devices.task:{task.pk}",
                title=title,
                url=url,
                deadline=task.due_at,
                urgency=urgency_of(task.due_at, now, TASK_NOTICE),
                since=task.created_at,
                remind_from=remind_from,
            ),
        ))  # fmt: skip
    return items


def _approvals(pairs: list[Pair], now: datetime) -> list[tuple[Membership, WaitingItem]]:
    # C9: requests this member's role decides, still open in one of its capacities, that are
    # not their own and that they have not decided already in another capacity.
    def condition(membership, person):
        if not membership.can(Action.DECIDE_APPROVALS):
            return None
        kinds = [k for k in ApprovalKind.values if approval_capacities(membership.role, k)]
        if membership.is_committee_chair:
            # The clerk's own requests the chair may stand in for (approvals.chair_stands_in).
            kinds += [k for k in ApprovalKind.values if approvals.chair_may_stand_in(k)]
        if not kinds:
            return None
        where = Q(kind__in=kinds)
        return where & ~Q(requester=person) if person is not None else where

    wanted, by_council = _across(pairs, condition)
    if wanted is None:
        return []
    pending = ApprovalRequest.objects.filter(wanted, status=ApprovalStatus.PENDING)
    items = []
    for request in pending.select_related("requester").prefetch_related("decisions"):
        membership, person = by_council[request.council_id]
        council = membership.council
        decided = {d.capacity for d in request.decisions.all()}
        if any(d.decided_by_id == membership.user_id for d in request.decisions.all()):
            continue
        mine = [c for c in approval_capacities(membership.role, request.kind) if c not in decided]
        # A chair's share is asked of the rule itself (a clerk's request, no deputy).
        if not mine and not (
            membership.is_committee_chair and approvals.membership_capacities(request, membership)
        ):
            continue
        items.append((membership,
            WaitingItem(
                key=f"devices.approval:{request.pk}",
                title=f"Decide {request.requester}'s request: {request.summary}",
                url=_url("devices:approval_detail", council, pk=request.pk),
                since=request.requested_at,
                remind_from=request.requested_at + timedelta(days=2),
            ),
        ))  # fmt: skip
    return items


def _leavers(pairs: list[Pair], now: datetime) -> list[tuple[Membership, WaitingItem]]:
    # C24: a leaver's checklist part-way through, for the clerk who runs it.
    wanted, by_council = _across(
        pairs, lambda membership, _: Q() if membership.can(Action.MANAGE_LEAVERS) else None
    )
    if wanted is None:
        return []
    checklists = (
        LeaverChecklist.objects.filter(wanted, completed_at__isnull=True)
        .active()
        .select_related("person")
        .annotate(left=Count("items", filter=Q(items__done_at__isnull=True)))
    )
    items = []
    tz = timezone.get_current_timezone()
    for checklist in checklists:
        council = by_council[checklist.council_id][0].council
        deadline = datetime.combine(checklist.leave_date, time(17, 0), tzinfo=tz)
        things = "thing" if checklist.left == 1 else "things"
        items.append((by_council[checklist.council_id][0],
            WaitingItem(
                key=f"devices.leaver:{checklist.pk}",
                title=f"Finish {checklist.person}'s leaving checklist ({checklist.left} {things} "
                "left)",
                url=_url("devices:leaver_detail", council, pk=checklist.pk),
                deadline=deadline,
                urgency=urgency_of(deadline, now, LEAVER_NOTICE),
                since=checklist.started_at,
                remind_from=deadline - LEAVER_NOTICE,
            ),
        ))  # fmt: skip
    return items


def _duties(pairs: list[Pair], now: datetime) -> list[tuple[Membership, WaitingItem]]:
    # B 2.2.4 to 2.2.9: each own device's duties confirmed, and again when the council's
    # renewal period runs out; the person's own reminder, from a month before.
    from django.db.models import OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from councilguard.devices.models import DeviceSettings, OwnDevice
    from councilguard.devices.services import duties_due_at

    wanted, by_council = _across(
        pairs, lambda _, person: None if person is None else Q(person=person)
    )
    if wanted is None:
        return []
    # One query: the people's own devices with their council's renewal period beside them.
    renew_days = DeviceSettings.objects.filter(council=OuterRef("council")).values(
        "duties_renew_days"
    )
    own = OwnDevice.objects.filter(wanted, retired_at__isnull=True).annotate(
        renew_days=Coalesce(Subquery(renew_days[:1]), Value(365))
    )
    items = []
    for device in own:
        membership, _ = by_council[device.council_id]
        due_at = duties_due_at(device, timedelta(days=device.renew_days))
        if due_at - DUTY_NOTICE > now:
            continue
        again = " again" if device.duties_confirmed_at else ""
        items.append((membership,
            WaitingItem(
                key=f"devices.duties:{device.pk}",
                title=f"Confirm{again} the duties for using {device.description} for council work",
                url=_url("devices:own_device_duties", membership.council)
                + f"?own_device={device.pk}",
                deadline=due_at,
                urgency=urgency_of(due_at, now, DUTY_NOTICE),
                since=device.rules_accepted_at,
                remind_from=due_at - DUTY_NOTICE,
            ),
        ))  # fmt: skip
    return items
