"""Who a message or sign-in belongs to (issue 19 item 3): council addresses and user principal
names are ``email`` identities, held over time like every identifier (an address that passes
to a successor belongs to each in turn); a council address on the people list with no identity
of its own is its person's for all time. Personal addresses people list are theirs."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from councilguard.core.models import Council
from councilguard.mail.models import PersonalAddress
from councilguard.monitoring.models import Identity, IdentityKind
from councilguard.people.models import PersonEmail

HOLDINGS = {
    "value": pl.String,
    "person_id": pl.Int64,
    "valid_from": pl.Datetime("ms", "UTC"),
    "valid_to": pl.Datetime("ms", "UTC"),
}
DAWN = datetime(1970, 1, 1, tzinfo=UTC)


def holdings(council: Council) -> pl.DataFrame:
    """(address, person, from, to) of every council address: identities first, then the
    people list's addresses that no identity covers."""
    rows = list(
        Identity.objects.filter(council=council, kind=IdentityKind.EMAIL).values_list(
            "value", "person_id", "valid_from", "valid_to"
        )
    )
    covered = {value for value, *_ in rows}
    for address, person in PersonEmail.objects.filter(council=council).values_list(
        "address", "person_id"
    ):
        if address.lower() not in covered:
            rows.append((address.lower(), person, DAWN, None))
    return pl.DataFrame(
        [(v.lower(), p, f, t) for v, p, f, t in rows], schema=HOLDINGS, orient="row"
    )


def personal(council: Council) -> pl.DataFrame:
    """(address, person) of the personal addresses people have listed as their own."""
    rows = PersonalAddress.objects.filter(council=council).values_list("address", "person_id")
    return pl.DataFrame(
        [(a.lower(), p) for a, p in rows],
        schema={"address": pl.String, "owner_id": pl.Int64},
        orient="row",
    )


def attribute(frame: pl.DataFrame, column: str, held: pl.DataFrame, name: str) -> pl.DataFrame:
    """``frame`` with ``name``: the person who held ``column``'s address at the row's ``at``
    (null when nobody did). An address one person has held since before the first row is
    theirs by a join on the address alone; only rows of addresses that changed hands, or were
    held for a while, are matched by time (a million messages, a few such addresses)."""
    first_at = frame.get_column("at").min() if frame.height else None
    counts = held.group_by("value").agg(pl.len().alias("_holders"))
    whole = held.join(counts, on="value").filter(
        (pl.col("_holders") == 1)
        & pl.col("valid_to").is_null()
        & (pl.col("valid_from") <= first_at if first_at is not None else pl.lit(False))
    )
    result = frame.join(
        whole.select(pl.col("value").alias(column), pl.col("person_id").alias(name)),
        on=column,
        how="left",
        maintain_order="left",
    )
    bounded = held.join(whole.select("value"), on="value", how="anti")
    if bounded.is_empty() or not frame.height:
        return result
    indexed = result.with_row_index("_row")
    matches = (
        indexed.filter(pl.col(column).is_in(bounded.get_column("value").implode()))
        .select("_row", "at", pl.col(column).alias("value"))
        .join(bounded, on="value", how="inner")
        .filter(
            (pl.col("at") >= pl.col("valid_from"))
            & (pl.col("valid_to").is_null() | (pl.col("at") < pl.col("valid_to")))
        )
        .group_by("_row")
        .agg(pl.col("person_id").first().alias("_by_time"))
    )
    return (
        indexed.join(matches, on="_row", how="left", maintain_order="left")
        .with_columns(pl.coalesce(name, "_by_time").alias(name))
        .drop("_row", "_by_time")
    )
