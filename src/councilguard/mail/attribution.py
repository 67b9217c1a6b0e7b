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
    (null when nobody did)."""
    indexed = frame.with_row_index("_row")
    matches = (
        indexed.select("_row", "at", pl.col(column).alias("value"))
        .join(held, on="value", how="inner")
        .filter(
            (pl.col("at") >= pl.col("valid_from"))
            & (pl.col("valid_to").is_null() | (pl.col("at") < pl.col("valid_to")))
        )
        .group_by("_row")
        .agg(pl.col("person_id").first().alias(name))
    )
    return indexed.join(matches, on="_row", how="left").sort("_row").drop("_row")
