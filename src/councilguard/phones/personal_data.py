"""The phones app's personal data about a person: their personal numbers, monthly usage,
personal use to recover and the bill lines of the numbers they held, still within retention."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from councilguard.core.personal_data import Identifier, Section, Subject
from councilguard.monitoring.models import MonitoringSource, SourceKind
from councilguard.phones.models import PersonalNumber, PersonalUseItem, UsageMonth

PURPOSE = (
    "To check the council's phones are used as its policy allows and recover personal use "
    "(A 'Monitoring of Mobile Phone Usage')."
)
RECIPIENTS = "The clerk and the data protection lead; your line manager for their team."


def bill_lines(subject: Subject) -> pl.DataFrame:
    """Every stored bill line of the numbers the subject held, while they held them."""
    from councilguard.phones import store
    from councilguard.phones.services import context_for

    holders = context_for(subject.council).holders
    holdings = holders.filter(pl.col("person") == str(subject.person_id)).drop("person")
    lines = store.person_lines(
        subject.council, holdings, date(2000, 1, 1), date.today() + timedelta(days=1), 10**9
    )
    return lines.select(
        "start_local",
        "line_number",
        "called_number",
        "description",
        "usage_class",
        "direction",
        "duration_s",
        "data_bytes",
        "cost_pence",
        "roaming_country",
    )


def provide(subject: Subject) -> list[Section]:
    if subject.person is None:
        return []
    person, council = subject.person, subject.council
    source = MonitoringSource.objects.filter(council=council, kind=SourceKind.PHONE).first()
    retention = (
        f"{source.retention_days} days, then deleted (unless under a legal hold)."
        if source and source.retention_days
        else "As the council's monitoring retention says."
    )
    return [
        Section(
            key="personal-numbers",
            title="Personal numbers you told the council about",
            columns=["Number", "Label", "Added"],
            rows=[
                (n.number, n.label, n.created_at)
                for n in PersonalNumber.objects.filter(council=council, person=person)
            ],
            purpose="To tell calls to your own numbers from others on the bill.",
            recipients=RECIPIENTS,
            retention="Until you remove them.",
            origin="You.",
        ),
        Section(
            key="phone-usage",
            title="Your phone use month by month",
            columns=[
                "Month",
                "Calls",
                "Minutes",
                "Texts",
                "Data (bytes)",
                "Cost (pence)",
                "Personal cost (pence)",
                "Calls out of hours",
            ],
            rows=[
                (
                    u.month,
                    u.calls,
                    u.minutes,
                    u.texts,
                    u.data_bytes,
                    u.cost_pence,
                    u.personal_cost_pence,
                    u.calls_out_of_hours,
                )
                for u in UsageMonth.objects.filter(council=council, person=person)
            ],
            purpose=PURPOSE,
            recipients=RECIPIENTS,
            retention=retention,
            origin="The carrier's itemised bills.",
        ),
        Section(
            key="phone-personal-use",
            title="Personal phone use agreed for recovery",
            columns=["Agreed", "Amount (£)", "What", "Bill line"],
            rows=[
                (i.agreed_at, i.amount, i.description, i.bill_reference)
                for i in PersonalUseItem.objects.filter(council=council, person=person)
            ],
            purpose=PURPOSE,
            recipients="The clerk and whoever runs payroll.",
            retention="Six years after the end of the tax year it was recovered in.",
            kept_because="Pay records: HMRC requires them for six years after the tax year.",
            origin="The clerk, after a review.",
        ),
        Section(
            key="events-phone",
            title="Lines of the phone bills for numbers you held",
            columns=[
                "Started (UK time)",
                "Your number",
                "Other party",
                "Description",
                "Kind",
                "Direction",
                "Seconds",
                "Data (bytes)",
                "Cost (pence)",
                "Roaming in",
            ],
            frame=bill_lines(subject),
            purpose=PURPOSE,
            recipients=RECIPIENTS,
            retention=retention,
            origin="The carrier's itemised bills.",
            erasable=True,
        ),
    ]


def identifiers(council) -> list[Identifier]:
    return [
        Identifier(number, person_id, None)
        for number, person_id in PersonalNumber.objects.filter(council=council).values_list(
            "number", "person_id"
        )
    ]
