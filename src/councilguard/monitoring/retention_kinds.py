"""Monitoring's kinds in the council's retention schedule (C19, B 5.1.3; retention.kinds):
raw events per source (the period each source states, as before) and findings with their
reviews. A person under legal hold keeps both; the receipt names the hold's reason, which for a
case is its reference."""

from __future__ import annotations

from datetime import date, timedelta

import pyarrow.compute as pc
import pyarrow.parquet as pq

from councilguard.monitoring import eventstore
from councilguard.monitoring.models import Finding, LegalHold, MonitoringSource, SourceKind
from councilguard.retention.kinds import Kind, Tally

FINDINGS_DAYS = 365
UNATTRIBUTED = "every legal hold in place (these records are matched to people only when read)"


def held_people(council) -> dict[int, str]:
    """Person -> the reason of the open hold(s) that keep their data."""
    reasons: dict[int, list[str]] = {}
    for person_id, reason in (
        LegalHold.objects.in_council(council)
        .filter(released_at__isnull=True)
        .order_by("placed_at", "pk")
        .values_list("person_id", "reason")
    ):
        reasons.setdefault(person_id, []).append(reason)
    return {p: "; ".join(r) for p, r in reasons.items()}


def _event_sweep(source: MonitoringSource):
    def sweep(council, before: date, apply: bool, held: dict[int, str]) -> Tally:
        from councilguard.monitoring.retention import purge_source

        tally = Tally()
        unattributed = False
        for day, folder in sorted(eventstore.day_dirs(council, source.kind).items()):
            if day >= before:
                continue
            for path in sorted(folder.glob("*.parquet")):
                rows = pq.ParquetFile(path)
                tally.due += rows.metadata.num_rows
                if not held:
                    continue
                if "person_id" not in rows.schema_arrow.names:
                    # Stored without a person (matched to people only when read): while any
                    # hold is in place, none of it can be shown not to be the held person's.
                    unattributed = True
                    tally.keep(UNATTRIBUTED, rows.metadata.num_rows)
                    continue
                people = pq.read_table(path, columns=["person_id"])["person_id"]
                for item in pc.value_counts(people).to_pylist():
                    if item["values"] in held:
                        tally.keep(held[item["values"]], item["counts"])
        if apply and tally.due and not unattributed:
            # The raw-event purge as before: its own receipt per source for the IT provider.
            purge_source(source, today=before + timedelta(days=source.retention_days))
        return tally

    return sweep


def _finding_sweep(council, before: date, apply: bool, held: dict[int, str]) -> Tally:
    tally = Tally()
    due = Finding.objects.in_council(council).filter(period_end__lt=before)
    tally.due = due.count()
    kept_ids = []
    for pk, person_id, refunded in due.values_list("pk", "person_id", "personal_use_item"):
        if person_id in held:
            tally.keep(held[person_id])
            kept_ids.append(pk)
        elif refunded is not None:
            # The agreed refund of personal calls is a financial record that cites it.
            tally.keep("an agreed refund of personal calls")
            kept_ids.append(pk)
    if apply:
        due.exclude(pk__in=kept_ids).delete()
    return tally


def kinds(council) -> list[Kind]:
    found = []
    sources = MonitoringSource.objects.in_council(council).filter(retention_days__gt=0)
    # Bill lines are the phones app's kind: it matches them to the numbers' holders.
    for source in sources.exclude(kind=SourceKind.PHONE):
        found.append(
            Kind(
                key=f"monitoring.events.{source.kind}",
                label=f"Raw events: {source.get_kind_display().lower()}",
                default_days=source.retention_days,
                fixed_days=source.retention_days,
                reason=(
                    "The period stated for this kind of monitoring, with its purpose and "
                    "impact assessment."
                ),
                sweep=_event_sweep(source),
                change_url="monitoring:source_edit",
                change_kwargs={"kind": source.kind},
            )
        )
    found.append(
        Kind(
            key="monitoring.findings",
            label="Monitoring findings and their reviews",
            default_days=FINDINGS_DAYS,
            reason=(
                "A year after the period a finding covers is long enough for a pattern to "
                "come to light and a case to be opened; a case keeps its own frozen copy."
            ),
            sweep=_finding_sweep,
        )
    )
    return found
