"""Demo phone bills: fourteen months of generated itemised bills for the demo council's staff, with
a spike, premium-rate calls, calls abroad and long evening calls among ordinary months, so the
report, the findings and their review have something to show. All numbers are invented."""

from __future__ import annotations

import csv
import io
from datetime import date

import polars as pl
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.monitoring.identities import import_identities
from councilguard.monitoring.models import MonitoringSource, SourceKind
from councilguard.people.models import Person
from councilguard.phones import services
from councilguard.phones.generator import generate, to_csv
from councilguard.phones.models import BusinessKind

# Demo staff in the order they take the generated lines: the first ones take the lines the
# generator made unusual (its truth), the rest ordinary ones.
PERSONAL_KINDS = {"premium_rate", "international", "out_of_hours"}
STAFF = [
    "sam.tully@ashcombe.example",
    "priya.nair@ashcombe.example",
    "dan.kemp@ashcombe.example",
    "operations@ashcombe.example",
    "admin@ashcombe.example",
    "deputy@ashcombe.example",
    "clerk@ashcombe.example",
]


def _first_month(months: int) -> date:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def load_phones_demo(council: Council, people: dict[str, Person], actor: Actor) -> None:
    if not MonitoringSource.objects.filter(council=council, kind=SourceKind.PHONE).exists():
        # No service sets a source's governance yet; the demo records it directly (C18).
        MonitoringSource.objects.create(
            council=council,
            kind=SourceKind.PHONE,
            purpose="Check council mobile use and costs every month (policy A, mobile phones).",
            lawful_basis="Legitimate interests",
            dpia_reference="DPIA-2024-03",
            dpia_date=date(2024, 3, 1),
            clause_reference="A Monitoring of Mobile Phone Usage",
            retention_days=400,
            owner=Person.objects.get(pk=people["clerk@ashcombe.example"].pk).user,
        )
    months = 14
    bills = generate(lines=25, months=months, lines_per_line_month=40, seed=11,
                     first_month=_first_month(months))  # fmt: skip
    established = [h for h in bills.holders if h.holds_from == bills.holders[0].holds_from]
    # The clear personal uses first (each kind twice), then a rise of a person's own.
    personal = {t["person"] for t in bills.truth if t["kind"] in PERSONAL_KINDS}
    unusual = {t["person"] for t in bills.truth}
    chosen = sorted(
        established, key=lambda h: (h.key not in personal, h.key not in unusual, h.key)
    )[: len(STAFF)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kind", "value", "person_email", "valid_from", "valid_to"])
    for holder, email in zip(chosen, STAFF, strict=True):
        writer.writerow(["phone", holder.number, email, holder.holds_from.isoformat(), ""])
    import_identities(council, out.getvalue().encode(), actor=actor)
    own = {h.number for h in bills.holders}
    for number, label in bills.directory:
        if number not in own:
            kind = BusinessKind.COUNCIL if "council" in label.lower() else BusinessKind.SUPPLIER
            services.add_business_number(council, number, label, kind=kind, actor=actor)
    records = bills.records.filter(pl.col("line_number").is_in([h.number for h in chosen]))
    services.import_bill(
        council,
        to_csv(records.with_row_index("i").drop("i")),
        file_name="demo-itemised-bill.csv",
        actor=actor,
    )
