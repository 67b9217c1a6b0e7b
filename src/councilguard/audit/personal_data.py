"""The audit trail's personal data about a person: entries about them, what they did, and who
looked at their monitoring data. The trail keeps facts; these are copies of its lines."""

from __future__ import annotations

from django.db.models import Q

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.personal_data import Section, Subject

PURPOSE = (
    "To prove what was done with the council's systems and data, by whom and when, so that "
    "nothing is changed without trace (accountability, UK GDPR Art 5(2))."
)
KEPT = "The audit trail records what was done and is never rewritten (UK GDPR Art 5(2))."
RETENTION = "Kept for as long as the council keeps its records of account: at least six years."


def _rows(entries):
    return [
        (e.occurred_at, e.get_event_display(), e.actor_label, e.target_label, e.summary)
        for e in entries
    ]


def provide(subject: Subject) -> list[Section]:
    entries = AuditEntry.objects.in_council(subject.council).order_by("sequence")
    about = Q(pk__in=[])
    if subject.person_id is not None:
        about |= Q(target_type="people.person", target_id=str(subject.person_id))
    if subject.user_id is not None:
        about |= Q(target_type="accounts.user", target_id=str(subject.user_id))
    columns = ["When", "What", "By", "About", "Details"]
    sections = [
        Section(
            key="audit-about-you",
            title="Entries in the audit trail about you",
            columns=columns,
            rows=_rows(entries.filter(about).exclude(event=Event.MONITORING_VIEWED)),
            purpose=PURPOSE,
            recipients="The clerk and the data protection lead.",
            retention=RETENTION,
            kept_because=KEPT,
            origin="The council's systems, as each change was made.",
        ),
        Section(
            key="monitoring-viewed",
            title="Who looked at your monitoring data, and why",
            columns=columns,
            rows=_rows(entries.filter(about, event=Event.MONITORING_VIEWED)),
            purpose="To show you, and let the council check, every look at your monitoring "
            "data (B 5.1.2, ICO monitoring guidance).",
            recipients="You, on your own page; the clerk and the data protection lead.",
            retention=RETENTION,
            kept_because=KEPT,
            origin="The council's systems, each time someone looked.",
        ),
    ]
    if subject.user_id is not None:
        sections.append(
            Section(
                key="audit-by-you",
                title="What you did, as recorded in the audit trail",
                columns=columns,
                rows=_rows(entries.filter(actor_id=subject.user_id)),
                purpose=PURPOSE,
                recipients="The clerk and the data protection lead.",
                retention=RETENTION,
                kept_because=KEPT,
                origin="The council's systems, as you used them.",
            )
        )
    return sections
