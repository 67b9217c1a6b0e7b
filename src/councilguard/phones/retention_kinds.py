"""Phones' kinds in the council's retention schedule (C19, B 5.1.3; retention.kinds): bill lines
(the phone source's period, as the web sources') and the monthly summaries of each person's
use. Bill lines carry no person: a held person's lines are found through who held each number
when, as the analysis and erasure find them. Findings about phones are monitoring findings."""

from __future__ import annotations

import os
from datetime import date

import polars as pl
import pyarrow.parquet as pq

from councilguard.monitoring import eventstore
from councilguard.monitoring.models import MonitoringSource, SourceKind
from councilguard.phones import judged
from councilguard.phones.models import UsageMonth
from councilguard.retention.kinds import Kind, Tally

SUMMARY_DAYS = 400


def _held_rows(frame: pl.DataFrame, holdings: pl.DataFrame) -> pl.DataFrame:
    """Row number and person of each line made on a number while a held person held it."""
    return (
        frame.select("at", "line_number")
        .with_row_index("_row")
        .join(holdings, left_on="line_number", right_on="number", how="inner")
        .filter(
            (pl.col("at") >= pl.col("valid_from"))
            & (pl.col("valid_to").is_null() | (pl.col("at") < pl.col("valid_to")))
        )
        .unique("_row", keep="first")
        .select("_row", "person")
    )


def _bill_line_sweep(council, before: date, apply: bool, held: dict[int, str]) -> Tally:
    from councilguard.phones.services import context_for

    tally = Tally()
    folders = eventstore.day_dirs(council, SourceKind.PHONE)
    days = sorted(d for d in folders if d < before)
    if not days:
        return tally
    holdings = None
    if held:
        holders = context_for(council).holders
        holdings = holders.filter(pl.col("person").is_in([str(p) for p in held]))
    emptied, touched = [], set()
    for day in days:
        for path in sorted(folders[day].glob("*.parquet")):
            frame = pl.read_parquet(path, hive_partitioning=False)
            tally.due += frame.height
            rows = pl.DataFrame(schema={"_row": pl.UInt32, "person": pl.String})
            if holdings is not None and not holdings.is_empty():
                rows = _held_rows(frame, holdings)
                for person, count in rows.group_by("person").len().iter_rows():
                    tally.keep(held[int(person)], count)
            if not apply or (rows.height == frame.height and frame.height):
                continue  # nothing to remove: every line is held
            touched.add(day)
            if rows.is_empty():
                path.unlink()
                continue
            kept = frame.with_row_index("_row").filter(pl.col("_row").is_in(rows["_row"].implode()))
            partial = path.with_suffix(".partial")
            pq.write_table(kept.drop("_row").to_arrow(), partial, compression="zstd")
            os.replace(partial, path)
        if apply and not any(folders[day].glob("*.parquet")):
            emptied.append(day)
    if apply:
        eventstore.remove_days(council, SourceKind.PHONE, emptied)
        # The months these lines were in are no longer what their summaries were judged on.
        judged.clear_months(council, touched)
    return tally


def _summary_sweep(council, before: date, apply: bool, held: dict[int, str]) -> Tally:
    # A month is past its period once its last day is: every month starting before the month
    # of ``before``.
    first_kept = before.replace(day=1)
    tally = Tally()
    due = UsageMonth.objects.in_council(council).filter(month__lt=first_kept)
    tally.due = due.count()
    kept = []
    for pk, person_id in due.values_list("pk", "person_id"):
        if person_id in held:
            tally.keep(held[person_id])
            kept.append(pk)
    if apply:
        gone = due.exclude(pk__in=kept)
        months = set(gone.values_list("month", flat=True))
        gone.delete()
        # A month some of whose summaries went is no longer whole: the held people's own
        # figures stay, but the month is judged from its lines again (phones.judged).
        judged.clear(UsageMonth.objects.filter(pk__in=kept, month__in=months))
    return tally


def kinds(council) -> list[Kind]:
    found = []
    source = MonitoringSource.objects.in_council(council).filter(kind=SourceKind.PHONE).first()
    if source and source.retention_days:
        found.append(
            Kind(
                key="phones.bill_lines",
                label="Phone bill lines",
                default_days=source.retention_days,
                fixed_days=source.retention_days,
                reason="The period stated for phone bill monitoring, with its purpose and "
                "impact assessment.",
                sweep=_bill_line_sweep,
                change_url="monitoring:source_edit",
                change_kwargs={"kind": SourceKind.PHONE},
            )
        )
    found.append(
        Kind(
            key="phones.summaries",
            label="Monthly summaries of phone use",
            default_days=SUMMARY_DAYS,
            reason=(
                "A year and a month, so each month can be compared with the same month a year "
                "before and with the months the usual use is worked out from."
            ),
            sweep=_summary_sweep,
        )
    )
    return found
