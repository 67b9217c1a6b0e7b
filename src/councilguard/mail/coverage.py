"""Multi-factor coverage (B 4.1.1: MFA "wherever possible"; C14): for each person and system,
the share of their successful interactive sign-ins that passed a second factor, and when they
last signed in. Read from the stored sign-ins, attributed as the rules attribute them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from councilguard.core.models import Council
from councilguard.mail import attribution, store
from councilguard.monitoring.models import SourceKind
from councilguard.people.models import Person


@dataclass(frozen=True)
class Row:
    person: str
    person_id: int
    system: str
    sign_ins: int
    with_mfa: int
    last_sign_in: datetime

    @property
    def share(self) -> int:
        """Whole per cent, rounded down, so 99.6% never reads as full coverage."""
        return (100 * self.with_mfa) // self.sign_ins if self.sign_ins else 0

    @property
    def mfa(self) -> str:
        if self.with_mfa == self.sign_ins:
            return "Yes"
        return "No" if self.with_mfa == 0 else "Partly"


def coverage(council: Council) -> list[Row]:
    scanned = store.scan(council, SourceKind.SIGNIN)
    if scanned is None:
        return []
    signins = scanned.filter((pl.col("result") == "success") & pl.col("interactive")).collect()
    held = attribution.attribute(signins, "user", attribution.holdings(council), "person")
    table = (
        held.filter(pl.col("person").is_not_null())
        .group_by("person", "app")
        .agg(
            pl.len().alias("sign_ins"),
            pl.col("mfa").sum().alias("with_mfa"),
            pl.col("at").max().alias("last"),
        )
    )
    names = dict(
        Person.objects.in_council(council)
        .filter(pk__in=table["person"].to_list())
        .values_list("pk", "full_name")
    )
    rows = [
        Row(names.get(p, "?"), p, app or "(no name)", n, m, last)
        for p, app, n, m, last in table.iter_rows()
        if p in names
    ]
    return sorted(rows, key=lambda r: (r.person, r.system))
