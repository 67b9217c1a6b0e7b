"""The reminders sent to a person: what about, when, and how (DESIGN 17, C20)."""

from __future__ import annotations

from django.db.models import Q

from councilguard.core.personal_data import Section, Subject
from councilguard.reminders.models import SentReminder


def provide(subject: Subject) -> list[Section]:
    # Matched on what is set (their account, the addresses on their record), never on NULL.
    who = Q(pk__in=[])
    if subject.user_id is not None:
        who |= Q(user_id=subject.user_id)
    if subject.person is not None:
        who |= Q(email__in=[e.address for e in subject.person.emails.all()])
    sent = SentReminder.objects.in_council(subject.council).filter(who).order_by("sent_at")
    return [
        Section(
            key="reminders-sent",
            title="Reminders sent to you",
            columns=["About", "Sent", "To", "In the daily digest"],
            rows=[(r.title, r.sent_at, r.email, r.digest) for r in sent],
            purpose="To remind you of things waiting for you before their deadline (C27).",
            recipients="Nobody outside the council; the clerk can see that they were sent.",
            retention="A year after sending.",
            origin="The council's reminder e-mails.",
        )
    ]
