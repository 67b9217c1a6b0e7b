"""The policies app's personal data: acknowledgements, reminders and accepted rules."""

from __future__ import annotations

from councilguard.core.personal_data import Section, Subject
from councilguard.policies.models import (
    Acknowledgement,
    Policy,
    Reminder,
    RemoteWorker,
    RemoteWorkingAcceptance,
)

PURPOSE = "To show that everyone the policy covers has read and accepted it (B 1, C2)."
RETENTION = "While the policy version is in force and six years after it is superseded."


def provide(subject: Subject) -> list[Section]:
    if subject.person is None:
        return []
    person = subject.person
    acks = Acknowledgement.objects.filter(person=person).select_related("version__policy")
    reminders = Reminder.objects.filter(person=person).select_related("version__policy")
    remote = RemoteWorkingAcceptance.objects.filter(person=person).select_related("version__policy")
    away = RemoteWorker.objects.filter(person=person)
    owned = Policy.objects.filter(responsible_officer=person)
    return [
        Section(
            key="acknowledgements",
            title="Policies you acknowledged",
            columns=["Policy version", "Acknowledged", "How", "Carried over from an earlier one"],
            rows=[
                (
                    str(a.version),
                    a.acknowledged_at,
                    a.get_method_display(),
                    a.carried_from_id is not None,
                )
                for a in acks
            ],
            purpose=PURPOSE,
            recipients="The clerk, the data protection lead, the committee.",
            retention=RETENTION,
            origin="You, or the clerk recording a signed copy.",
        ),
        Section(
            key="acknowledgement-reminders",
            title="Reminders sent to you to acknowledge a policy",
            columns=["Policy version", "Sent"],
            rows=[(str(r.version), r.sent_at) for r in reminders],
            purpose=PURPOSE,
            recipients="The clerk.",
            retention=RETENTION,
            origin="The council's systems.",
        ),
        Section(
            key="remote-working",
            title="Remote-working rules you accepted",
            columns=["Policy version", "Accepted"],
            rows=[(str(r.version), r.accepted_at) for r in remote],
            purpose=PURPOSE,
            recipients="The clerk and the data protection lead.",
            retention=RETENTION,
            origin="You.",
        ),
        Section(
            key="remote-worker",
            title="Recorded as working away from the office",
            columns=["Where", "Since", "Accepted the rules on", "Until"],
            rows=[(w.where, w.since, w.accepted_on, w.ended_on) for w in away],
            purpose="To remind those who work away from the office of its security rules "
            "(B 6.1.1).",
            recipients="The clerk, the data protection lead, the committee.",
            retention=RETENTION,
            origin="The clerk.",
        ),
        Section(
            key="policies-responsible",
            title="Policies you are the responsible officer for",
            columns=["Policy", "Review due"],
            rows=[(str(p), p.review_due) for p in owned],
            purpose="To know who answers for each policy.",
            recipients="Everyone who reads the policy register.",
            retention="While you hold the role.",
            origin="The clerk.",
        ),
    ]
