"""The vault's personal data about a person: which entries they could use and when they revealed
one. Only the entry's name is ever disclosed, never a secret, user name or address."""

from __future__ import annotations

from django.db.models import Q

from councilguard.core.personal_data import Section, Subject
from councilguard.vault.models import SecretReveal, VaultEntry, VaultRevocation

PURPOSE = "To control and record the use of shared passwords (B 4.1.2)."
RETENTION = "With the audit trail: at least six years."


def provide(subject: Subject) -> list[Section]:
    who = Q(pk__in=[])
    if subject.person_id is not None:
        who |= Q(person_id=subject.person_id)
    if subject.user_id is not None:
        who |= Q(user_id=subject.user_id)
    reveals = (
        SecretReveal.objects.filter(entry__council=subject.council)
        .filter(who)
        .select_related("entry")
        .order_by("at")
    )
    sections = [
        Section(
            key="vault-reveals",
            title="Shared passwords you revealed",
            columns=["Entry", "When", "Reason you gave", "From address", "How"],
            rows=[
                (r.entry.name, r.at, r.reason, r.ip_address, r.get_via_display()) for r in reveals
            ],
            purpose=PURPOSE,
            recipients="The clerk and the entry's owner.",
            retention=RETENTION,
            origin="The council's systems, each time you revealed one.",
        )
    ]
    if subject.person is not None:
        entries = VaultEntry.objects.in_council(subject.council).filter(
            Q(owner=subject.person) | Q(allowed_people=subject.person)
        )
        revoked = VaultRevocation.objects.filter(person=subject.person)
        sections += [
            Section(
                key="vault-entries",
                title="Shared passwords you own or may use",
                columns=["Entry", "You own it", "Retired"],
                rows=[
                    (e.name, e.owner_id == subject.person_id, e.retired_at)
                    for e in entries.distinct()
                ],
                purpose=PURPOSE,
                recipients="The clerk.",
                retention="While the entry is in use.",
                origin="The clerk or the IT provider.",
            ),
            Section(
                key="vault-revocations",
                title="Vault access removed when you left",
                columns=["When", "Entries you could use"],
                rows=[(r.revoked_at, ", ".join(map(str, r.could_use))) for r in revoked],
                purpose=PURPOSE,
                recipients="The clerk.",
                retention=RETENTION,
                origin="The council's systems.",
            ),
        ]
    return sections
