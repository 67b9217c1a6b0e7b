"""One reminder engine for every clock the product keeps (C27).

Each hour the worker asks every app what is waiting (``core.contributions``: the members'
waiting items, and people the council reminds who hold no role). An item is reminded from its
``remind_from`` onwards, at most every ``remind_every`` and never twice in a UK day. Each person
gets one digest a day at the council's hour; with ``urgent_at_once`` an overdue clock or one
about to run out is mailed within the hour instead. Every reminder sent is a ``SentReminder``
row written in the same transaction as its audit entry, before the mail goes; a mail that fails
rolls both back and is tried again the next hour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.contributions import WaitingItem, reminder_recipients, waiting_for
from councilguard.core.models import Council, Membership
from councilguard.reminders.models import ReminderSettings, SentReminder

# The worker runs hourly, so a daily reminder sent at 07:05 is due again from 06:05 the next
# day rather than slipping an hour each day.
SLACK = timedelta(hours=1)
# How far back the engine reads what it sent: longer than any app's interval.
HISTORY = timedelta(days=92)


class ReminderError(Exception):
    pass


def settings_for(council: Council) -> ReminderSettings:
    """The council's settings, or the defaults (unsaved) if it never changed them."""
    return ReminderSettings.objects.filter(council=council).first() or ReminderSettings(
        council=council
    )


@transaction.atomic
def update_settings(
    council: Council, *, urgent_at_once: bool, digest_hour: int, actor: Actor
) -> ReminderSettings:
    """Change how the council's reminders go out."""
    if not 0 <= digest_hour <= 23:
        raise ReminderError("the digest hour is a whole hour from 0 to 23")
    current = settings_for(council)
    before = {"urgent_at_once": current.urgent_at_once, "digest_hour": current.digest_hour}
    after = {"urgent_at_once": urgent_at_once, "digest_hour": digest_hour}
    if current.pk and before == after:
        return current
    current.urgent_at_once, current.digest_hour = urgent_at_once, digest_hour
    current.save()
    audit.record(
        council,
        Event.REMINDER_SETTINGS_CHANGED,
        actor=actor,
        target=current,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
    )
    return current


@dataclass
class Mail:
    """One mail to one person: the reminders it carries and whether it is the daily digest."""

    email: str
    name: str
    user_id: int | None
    digest: bool
    items: list[WaitingItem] = field(default_factory=list)


@dataclass
class _Person:
    name: str
    user_id: int | None
    items: dict[str, WaitingItem] = field(default_factory=dict)


def due_mails(council: Council, now: datetime) -> list[Mail]:
    """The mails the council's reminders call for at ``now``, without sending anything."""
    options = settings_for(council)
    today = timezone.localtime(now).date()
    digest_time = timezone.localtime(now).hour >= options.digest_hour
    people: dict[str, _Person] = {}
    members = Membership.objects.active().filter(council=council).select_related("user", "council")
    for membership in members:
        email = membership.user.email.strip().lower()
        if not email:
            continue
        person = people.setdefault(email, _Person(str(membership.user), membership.user_id))
        for item in waiting_for(membership, now):
            person.items.setdefault(item.reminder_key, item)
    for recipient in reminder_recipients(council, now):
        email = recipient.email.strip().lower()
        person = people.setdefault(email, _Person(recipient.name, None))
        for item in recipient.items:
            person.items.setdefault(item.reminder_key, item)

    last_sent: dict[tuple[str, str], tuple[datetime, object]] = {}
    digested_today: set[str] = set()
    history = SentReminder.objects.in_council(council).filter(sent_at__gte=now - HISTORY)
    for email, key, sent_at, sent_on, digest in history.values_list(
        "email", "key", "sent_at", "sent_on", "digest"
    ).order_by("sent_at"):
        last_sent[(email, key)] = (sent_at, sent_on)
        if digest and sent_on == today:
            digested_today.add(email)

    mails = []
    for email, person in people.items():
        due = []
        for key, item in person.items.items():
            if item.remind_from is None or item.remind_from > now:
                continue
            last = last_sent.get((email, key))
            if last is not None and (last[1] >= today or now - last[0] < item.remind_every - SLACK):
                continue
            due.append(item)
        if digest_time and email not in digested_today:
            chosen, digest = due, True
        elif options.urgent_at_once:
            chosen, digest = [i for i in due if i.is_urgent], False
        else:
            chosen, digest = [], False
        if chosen:
            mails.append(Mail(email, person.name, person.user_id, digest, _in_order(chosen)))
    return mails


def _in_order(items: list[WaitingItem]) -> list[WaitingItem]:
    from councilguard.core.contributions import sort_key

    return sorted(items, key=sort_key)


def send_reminders(council: Council, *, now: datetime | None = None) -> list[Mail]:
    """Send the council's due reminders; return the mails sent."""
    now = now or timezone.now()
    sent = []
    for mail in due_mails(council, now):
        try:
            _send(council, mail, now)
        except IntegrityError:
            continue  # another worker sent these in the meantime
        sent.append(mail)
    return sent


def send_all_reminders(*, now: datetime | None = None) -> int:
    """Every council's reminders (the worker's hourly job); return how many mails went."""
    now = now or timezone.now()
    return sum(len(send_reminders(c, now=now)) for c in Council.objects.order_by("pk"))


@transaction.atomic
def _send(council: Council, mail: Mail, now: datetime) -> None:
    today = timezone.localtime(now).date()
    SentReminder.objects.bulk_create(
        SentReminder(
            council=council,
            email=mail.email,
            user_id=mail.user_id,
            key=item.reminder_key[:120],
            title=item.title[:300],
            url=item.url[:300],
            deadline=item.deadline,
            urgency=item.urgency,
            digest=mail.digest,
            sent_on=today,
            sent_at=now,
        )
        for item in mail.items
    )
    audit.record(
        council,
        Event.REMINDERS_SENT,
        actor=Actor.system("reminders"),
        summary=f"{'Daily digest' if mail.digest else 'Urgent reminder'} to {mail.email}: "
        f"{len(mail.items)} item{'s' if len(mail.items) != 1 else ''}",
        changes={"to": mail.email, "reminders": [i.title for i in mail.items]},
    )
    subject, body = _compose(council, mail)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [mail.email])


def _compose(council: Council, mail: Mail) -> tuple[str, str]:
    count = len(mail.items)
    if mail.digest:
        subject = f"{council}: {count} thing{'s' if count != 1 else ''} waiting for you"
        opening = "Here is what is waiting for you today, soonest first:"
    elif count == 1:
        subject = f"{council}: {mail.items[0].urgency_label().lower()}: {mail.items[0].title}"
        opening = "This cannot wait for tomorrow's summary:"
    else:
        subject = f"{council}: {count} urgent things waiting for you"
        opening = "These cannot wait for tomorrow's summary:"
    lines = [f"Dear {mail.name},", "", opening, ""]
    for item in mail.items:
        when = ""
        if item.deadline:
            local = timezone.localtime(item.deadline)
            verb = "was due" if item.urgency == "overdue" else "due by"
            when = f" ({verb} {local:%-d %B %Y, %H:%M})"
        lines += [f"- {item.title}{when}", f"  {settings.SITE_URL}{item.url}", ""]
    lines += [
        "You get one summary a day; the clerk can change when it comes on the reminder "
        "settings page.",
    ]
    return subject, "\n".join(lines)
