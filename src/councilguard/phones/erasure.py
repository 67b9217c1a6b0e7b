"""Erasing the bill lines of the numbers a person held, while they held them (C20). Bill lines
carry no person: they are found through the holdings, as the analysis attributes them."""

from __future__ import annotations

import os

import polars as pl
import pyarrow.parquet as pq

from councilguard.core.personal_data import ErasureRefused, Subject
from councilguard.monitoring import eventstore
from councilguard.monitoring.erasure import under_hold


def erase(subject: Subject, key: str) -> dict:
    from councilguard.phones import judged, store
    from councilguard.phones.models import UsageMonth
    from councilguard.phones.services import context_for

    if key != "events-phone":
        raise ErasureRefused("this kind of data is not erased here")
    if under_hold(subject):
        raise ErasureRefused("a legal hold keeps these lines while a claim or case needs them")
    holders = context_for(subject.council).holders
    holdings = holders.filter(pl.col("person") == str(subject.person_id)).drop("person")
    files = removed = 0
    for path in eventstore.files(subject.council, store.KIND):
        frame = pl.read_parquet(path, hive_partitioning=False)
        theirs = (
            frame.with_row_index("_row")
            .join(holdings, left_on="line_number", right_on="number", how="inner")
            .filter(
                (pl.col("at") >= pl.col("valid_from"))
                & (pl.col("valid_to").is_null() | (pl.col("at") < pl.col("valid_to")))
            )
            .get_column("_row")
            .unique()
        )
        if theirs.is_empty():
            continue
        kept = (
            frame.with_row_index("_row")
            .filter(~pl.col("_row").is_in(theirs.implode()))
            .drop("_row")
        )
        files, removed = files + 1, removed + theirs.len()
        if kept.is_empty():
            path.unlink()
            continue
        partial = path.with_suffix(".partial")
        pq.write_table(kept.to_arrow(), partial, compression="zstd")
        os.replace(partial, path)
    if removed:
        # What their months were judged on came from these lines: gone with them, so those
        # months are read from what lines are left (phones.judged).
        judged.clear(UsageMonth.objects.filter(council=subject.council, person=subject.person_id))
    return {"source": "phone", "files_rewritten": files, "lines_removed": removed}
