"""The monthly phone report (C13, C26; seed A: monitored monthly, to find misuse, training needs
and tariffs to renegotiate): usage by person and peer group, the month against earlier months,
the highest movers with why, and lines far under or over their bundle."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from councilguard.phones.labels import format_amount

GB = 1024**3


@dataclass
class PersonRow:
    person: str
    name: str
    peer_group: str
    calls: int
    minutes: float
    texts: int
    data: float
    cost: int
    out_of_hours_calls: int
    data_median: float | None
    cost_median: float | None
    bar: int = 0  # percent of the widest bar

    @property
    def data_text(self) -> str:
        return format_amount("data", self.data)

    @property
    def cost_text(self) -> str:
        return format_amount("cost", self.cost)

    @property
    def data_change(self) -> str:
        if not self.data_median:
            return "no history"
        return f"{self.data / self.data_median:.1f}×"


@dataclass
class GroupRow:
    name: str
    people: int
    median_data: float
    median_minutes: float
    cost: int
    bar: int = 0

    @property
    def data_text(self) -> str:
        return format_amount("data", self.median_data)

    @property
    def cost_text(self) -> str:
        return format_amount("cost", self.cost)


@dataclass
class MonthlyReport:
    months: list[str]
    month: str | None
    people: list[PersonRow] = field(default_factory=list)
    groups: list[GroupRow] = field(default_factory=list)
    movers: list[tuple[PersonRow, str]] = field(default_factory=list)
    under_bundle: list[PersonRow] = field(default_factory=list)
    over_bundle: list[PersonRow] = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    history: list[dict] = field(default_factory=list)


def build(
    monthly: pl.DataFrame,
    *,
    month: str | None,
    people: dict[str, tuple[str, str]],
    bundle_gb: int,
) -> MonthlyReport:
    """``monthly``: per person and month, as services.monthly_summaries gives it; ``people``:
    the visible people's key -> (name, peer group); others are left out."""
    monthly = monthly.filter(pl.col("person").is_in(list(people)))
    months = sorted({f"{m:%Y-%m}" for m in monthly["month"].to_list()})
    month = month if month in months else (months[-1] if months else None)
    report = MonthlyReport(months=months, month=month)
    if month is None:
        return report
    monthly = monthly.with_columns(key=pl.col("month").dt.strftime("%Y-%m"))
    # The whole council month by month, for the chart of earlier months.
    totals = (
        monthly.group_by("key")
        .agg((pl.col("cost") + pl.col("personal_cost")).sum(), pl.col("data").sum())
        .sort("key")
    )
    widest = max(totals["cost"].max() or 1, 1)
    report.history = [
        {
            "month": row["key"],
            "cost": format_amount("cost", row["cost"]),
            "data": format_amount("data", row["data"]),
            "bar": round(100 * row["cost"] / widest),
            "current": row["key"] == month,
        }
        for row in totals.iter_rows(named=True)
    ]
    current = monthly.filter(pl.col("key") == month)
    widest_data = max(current["data"].max() or 1, 1)
    for row in current.sort("data", descending=True).iter_rows(named=True):
        name, group = people[row["person"]]
        report.people.append(
            PersonRow(
                person=row["person"],
                name=name,
                peer_group=group or "",
                calls=int(row["calls_total"]),
                minutes=float(row["minutes_total"]),
                texts=int(row["texts_total"]),
                data=float(row["data"]),
                cost=int(row["cost"]) + int(row["personal_cost"]),
                out_of_hours_calls=int(row["calls_out_of_hours"]),
                data_median=row["own_median_data"],
                cost_median=row["own_median_cost"],
                bar=round(100 * row["data"] / widest_data),
            )
        )
    by_group: dict[str, list[PersonRow]] = {}
    for person in report.people:
        by_group.setdefault(person.peer_group or "No peer group", []).append(person)
    for name, members in sorted(by_group.items()):
        data = sorted(p.data for p in members)
        minutes = sorted(p.minutes for p in members)
        report.groups.append(
            GroupRow(
                name=name,
                people=len(members),
                median_data=_median(data),
                median_minutes=_median(minutes),
                cost=sum(p.cost for p in members),
            )
        )
    widest_group = max((g.median_data for g in report.groups), default=1) or 1
    for group in report.groups:
        group.bar = round(100 * group.median_data / widest_group)
    movers = [p for p in report.people if p.data_median]
    movers.sort(key=lambda p: p.data / p.data_median, reverse=True)
    for person in movers[:5]:
        why = (
            f"Data {person.data_text}, {person.data / person.data_median:.1f} times their "
            f"median of earlier months ({format_amount('data', person.data_median)})"
        )
        report.movers.append((person, why))
    if bundle_gb:
        allowance = bundle_gb * GB
        report.under_bundle = [p for p in report.people if p.data < 0.1 * allowance]
        report.over_bundle = [p for p in report.people if p.data > allowance]
    report.totals = {
        "people": len(report.people),
        "cost": format_amount("cost", sum(p.cost for p in report.people)),
        "data": format_amount("data", sum(p.data for p in report.people)),
        "calls": sum(p.calls for p in report.people),
    }
    return report


def _median(values: list[float]) -> float:
    if not values:
        return 0.0
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
