"""The mail app's personal data about a person (rights, DESIGN 17): the personal addresses
they listed, and the stored message records and sign-ins of the council addresses they held
(metadata only), still within retention."""

from __future__ import annotations

import polars as pl

from councilguard.core.personal_data import Section, Subject
from councilguard.mail.models import PersonalAddress
from councilguard.monitoring.models import MonitoringSource, SourceKind

RECIPIENTS = "The clerk and the data protection lead; your line manager for their team."


def _retention(council, kind) -> str:
    source = MonitoringSource.objects.filter(council=council, kind=kind).first()
    if source and source.retention_days:
        return f"{source.retention_days} days, then deleted (unless under a legal hold)."
    return "As the council's monitoring retention says."


def _theirs(subject: Subject, kind: str, columns: list[str], who: list[str]) -> pl.DataFrame:
    from councilguard.mail import attribution, store

    scanned = store.scan(subject.council, kind)
    if scanned is None:
        return pl.DataFrame(schema={c: pl.String for c in columns})
    frame = scanned.collect()
    held = attribution.holdings(subject.council)
    keep = pl.lit(False)
    for column in who:
        frame = attribution.attribute(frame, column, held, f"_{column}")
        keep = keep | (pl.col(f"_{column}") == subject.person_id).fill_null(False)
    return frame.filter(keep).sort("at").select(columns)


def provide(subject: Subject) -> list[Section]:
    if subject.person is None:
        return []
    council, person = subject.council, subject.person
    return [
        Section(
            key="mail-personal-addresses",
            title="Personal e-mail addresses you told the council about",
            columns=["Address", "Added"],
            rows=[
                (a.address, a.created_at)
                for a in PersonalAddress.objects.filter(council=council, person=person)
            ],
            purpose="To tell mail to your own addresses from other mail (B 2.2.2).",
            recipients=RECIPIENTS,
            retention="Until you or the clerk remove them.",
            origin="You, through the clerk.",
        ),
        Section(
            key="mail-messages",
            title="Records of e-mail sent or received by your council addresses",
            columns=["at", "sender", "recipient", "status", "size"],
            frame=_theirs(
                subject,
                SourceKind.EMAIL,
                ["at", "sender", "recipient", "status", "size"],
                ["sender", "recipient"],
            ),  # fmt: skip
            purpose="To check council e-mail is used as the policy says (B 7.1.3, 7.1.4).",
            recipients=RECIPIENTS,
            retention=_retention(council, SourceKind.EMAIL),
            origin="The council's e-mail provider's message trace.",
        ),
        Section(
            key="mail-sign-ins",
            title="Sign-ins to council systems by your accounts",
            columns=["at", "user", "app", "client_app", "result", "mfa", "country"],
            frame=_theirs(
                subject,
                SourceKind.SIGNIN,
                ["at", "user", "app", "client_app", "result", "mfa", "country"],
                ["user"],
            ),  # fmt: skip
            purpose="To keep council accounts safe and check MFA is used (B 4.1.1).",
            recipients=RECIPIENTS,
            retention=_retention(council, SourceKind.SIGNIN),
            origin="The council's sign-in logs (Microsoft Entra ID or Google Workspace).",
        ),
    ]
