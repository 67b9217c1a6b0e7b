"""Deadline reminders to the data protection lead and the clerk: 7 and 2 days before a
request's deadline and when it passes (B 5.1.4). Run daily by the worker; idempotent, since each
reminder is a row unique per request, kind and deadline."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Membership
from councilguard.core.roles import CLERKS_OFFICE, Role
from councilguard.rights.models import DeadlineReminder, ReminderKind, RightsRequest

RECIPIENT_ROLES = (Role.DP_LEAD, *CLERKS_OFFICE)


def reminder_due(days_left: int | None) -> str | None:
    """Which reminder a request with ``days_left`` to its deadline is owed, if any. A day missed
    by the worker is caught up the next day: the 7-day reminder stands from 7 days down to 3."""
    if days_left is None:
        return None
    if days_left < 0:
        return ReminderKind.OVERDUE
    if days_left <= 2:
        return ReminderKind.TWO_DAYS
    if days_left <= 7:
        return ReminderKind.WEEK
    return None


def _recipients(council) -> list[str]:
    members = Membership.objects.active().filter(council=council, role__in=RECIPIENT_ROLES)
    return sorted({m.user.email for m in members.select_related("user")})


def _message(request: RightsRequest, kind: str, due: date, days_left: int) -> tuple[str, str]:
    what = request.get_kind_display()
    if kind == ReminderKind.OVERDUE:
        subject = f"councilguard: {request.reference} is past its deadline"
        lead = f"The deadline of {due:%A %d %B %Y} has passed ({-days_left} days ago)."
    else:
        subject = f"councilguard: {request.reference} is due in {days_left} days"
        lead = f"It must be answered by {due:%A %d %B %Y}: {days_left} days from today."
    path = reverse(
        "rights:request_detail", kwargs={"council": request.council.slug, "pk": request.pk}
    )
    body = (
        f"{request.reference}, {what}, received on {request.received_on:%d %B %Y}.\n\n{lead}\n\n"
        f"Open it in councilguard: {path}\n"
    )
    return subject, body


def send_deadline_reminders(today: date | None = None) -> list[DeadlineReminder]:
    """Send every reminder owed today; return those sent."""
    today = today or date.today()
    sent = []
    for request in (
        RightsRequest.objects.open().select_related("council").prefetch_related("pauses")
    ):
        current = request.clock()
        kind = reminder_due(current.days_left(today))
        if kind is None:
            continue
        if DeadlineReminder.objects.filter(request=request, kind=kind, due_on=current.due).exists():
            continue
        recipients = _recipients(request.council)
        try:
            with transaction.atomic():
                reminder = DeadlineReminder.objects.create(
                    council=request.council,
                    request=request,
                    kind=kind,
                    due_on=current.due,
                    sent_on=today,
                    sent_to=recipients,
                )
                audit.record(
                    request.council,
                    Event.RIGHTS_REMINDER_SENT,
                    actor=Actor.system("worker"),
                    target=request,
                    summary=f"{request.reference}: {reminder.get_kind_display().lower()}",
                    changes={"kind": kind, "due": current.due.isoformat(), "to": recipients},
                )
                # Inside the transaction: a failed send leaves no row, so tomorrow tries again.
                subject, body = _message(request, kind, current.due, current.days_left(today))
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except IntegrityError:
            continue  # another worker sent it a moment ago
        sent.append(reminder)
    return sent
