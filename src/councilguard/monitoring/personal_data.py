"""The monitoring app's personal data about a person: the identifiers that are theirs, findings
and their reviews, legal holds, and their raw web and DNS events still within retention."""

from __future__ import annotations

import polars as pl

from councilguard.core.personal_data import Identifier, Section, Subject
from councilguard.monitoring import eventstore
from councilguard.monitoring.models import (
    Finding,
    Identity,
    LegalHold,
    MonitoringSource,
    SourceKind,
)

RECIPIENTS = (
    "The clerk and the data protection lead; your line manager for findings about their team."
)
ORIGIN = "The council's proxy and DNS logs, matched to you by the identifiers above."
EVENT_KINDS = (SourceKind.PROXY, SourceKind.DNS)
EVENT_COLUMNS = [
    "When (UTC)",
    "Site",
    "Category",
    "Proxy result",
    "Method",
    "Status",
    "Blocked",
    "Address",
    "User name",
]


def _source(council, kind) -> MonitoringSource | None:
    return MonitoringSource.objects.filter(council=council, kind=kind).first()


def _purpose(source) -> str:
    if source and source.purpose:
        return f"{source.purpose} Lawful basis: {source.lawful_basis}."
    return "To check the council's systems are used as its policy allows (B 9)."


def _retention(source) -> str:
    if source and source.retention_days:
        return f"{source.retention_days} days, then deleted (unless under a legal hold)."
    return "As the council's monitoring retention says."


def events_of(subject: Subject, kind: str) -> pl.LazyFrame:
    """The subject's events of one kind still in the store (retention deletes older ones)."""
    return (
        eventstore.scan(subject.council, kind)
        .filter(pl.col("person_id") == subject.person_id)
        .sort("at")
        .select("at", "host", "category", "action", "method", "status", "blocked", "client", "user")
    )


def provide(subject: Subject) -> list[Section]:
    if subject.person is None:
        return []
    person, council = subject.person, subject.council
    identities = Identity.objects.filter(council=council, person=person).order_by("valid_from")
    findings = Finding.objects.filter(council=council, person=person).order_by("period_start")
    holds = LegalHold.objects.filter(council=council, person=person)
    sections = [
        Section(
            key="monitoring-identifiers",
            title="Identifiers the council's monitoring knows as yours",
            columns=["Kind", "Value", "From", "Until"],
            rows=[(i.get_kind_display(), i.value, i.valid_from, i.valid_to) for i in identities],
            purpose="To attribute log lines to the right person, and only while the identifier "
            "was theirs (C11).",
            recipients="The clerk and the IT provider.",
            retention="While the identifier is yours and while any event it attributes is kept.",
            origin="The IT provider's records (accounts, DHCP leases, device register).",
        ),
        Section(
            key="monitoring-findings",
            title="Monitoring findings about you and their reviews",
            columns=[
                "Period from",
                "Period to",
                "Source",
                "Rule",
                "Clause",
                "Severity",
                "Summary",
                "Status",
                "Review note",
                "Reviewed",
                "Reviewed by",
                "Your explanation",
            ],
            rows=[
                (
                    f.period_start,
                    f.period_end,
                    f.source_kind,
                    f.rule_kind,
                    f.clause_reference,
                    f.severity,
                    f.summary,
                    f.get_status_display(),
                    f.review_note,
                    f.reviewed_at,
                    f.reviewed_by_label,
                    f.explanation,
                )
                for f in findings
            ],
            purpose="To check use of the council's systems against its policy, fairly and only "
            "after a person has reviewed it (B 9, C12).",
            recipients=RECIPIENTS,
            retention="Six years after review, or while a case or hold needs it.",
            origin="The council's monitoring rules, run on the logs; reviewers; you.",
        ),
        Section(
            key="legal-holds",
            title="Legal holds on your data",
            columns=["Placed", "Reason", "Released"],
            rows=[(h.placed_at, h.reason, h.released_at) for h in holds],
            purpose="To keep what a claim, investigation or case needs (C19).",
            recipients="The clerk and the data protection lead.",
            retention="Until the hold is released, then with the audit trail.",
            origin="The clerk or the data protection lead.",
        ),
    ]
    for kind, title in (
        (SourceKind.PROXY, "Web sites visited through the council's proxy"),
        (SourceKind.DNS, "Names looked up through the council's DNS"),
    ):
        source = _source(council, kind)
        sections.append(
            Section(
                key=f"events-{kind}",
                title=title,
                columns=EVENT_COLUMNS,
                frame=events_of(subject, kind),
                purpose=_purpose(source),
                recipients=RECIPIENTS,
                retention=_retention(source),
                origin=ORIGIN,
                erasable=True,
            )
        )
    if subject.user_id is not None:
        owned = MonitoringSource.objects.filter(council=council, owner_id=subject.user_id)
        sections.append(
            Section(
                key="monitoring-owned",
                title="Monitoring you are responsible for",
                columns=["Kind", "Updated"],
                rows=[(s.get_kind_display(), s.updated_at) for s in owned],
                purpose="To know who answers for each kind of monitoring (C18).",
                recipients="Everyone, on their own page.",
                retention="While you hold the role.",
                origin="The clerk.",
            )
        )
    return sections


def identifiers(council) -> list[Identifier]:
    return [
        Identifier(value, person_id, None)
        for value, person_id in Identity.objects.filter(council=council).values_list(
            "value", "person_id"
        )
    ]
