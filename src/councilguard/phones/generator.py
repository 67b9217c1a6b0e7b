"""A realistic itemised-bill generator that knows the truth (C13 tests and benchmark).

Lines of service held by people in peer groups, month after month: full-timers and part-timers,
new starters taking a number part way through, a leaver's number passed on, summer trips abroad
(roaming) and calls mostly in working hours to the council's business directory. Into that it
injects, and writes down as the truth, each kind of anomaly the analysis must find:

- ``own_spike``: one month of a metric at 5-8 times the person's usual level, or (the
  ``steady_rise`` variant) a steady user's calls or data at 2.5-3.4 times theirs: above how much
  their months vary, below a fixed ratio over their median; each planted only where even its
  smallest size clears the council's default floor, or else in the person's data;
- ``peer_outlier``: a new starter using 6-9 times their peers' data in their first months, when
  they have no history of their own to compare with;
- ``premium_rate``: calls to 09 numbers;
- ``international``: repeated calls to a foreign number not in the business directory;
- ``out_of_hours``: several long calls outside working hours to numbers not in the directory.

People differ in how much their months vary: steady users, most people, and volatile users
whose ordinary swings are large; and a seasonal group goes abroad for the council in the same
month every year, using several times their usual data there. Everything else is normal, and
the analysis must say nothing about it. Generation is vectorised
(NumPy): a million lines take a few seconds. Deterministic for a seed.
"""

from __future__ import annotations

import calendar
import csv
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from councilguard.phones.canonical import LONDON, SCHEMA

GROUPS = {
    # name: (calls/working day, mean call minutes, texts/day, data MB/day, share of staff)
    "Grounds staff": (5.0, 3.0, 3.0, 150.0, 0.35),
    "Office staff": (3.0, 4.0, 1.5, 60.0, 0.30),
    "Wardens": (6.0, 2.5, 4.0, 90.0, 0.20),
    "Managers": (8.0, 5.0, 2.0, 200.0, 0.15),
}
ANOMALY_KINDS = ("own_spike", "peer_outlier", "premium_rate", "international", "out_of_hours")
# How much a person's months vary on their own (the spread of a month's level around theirs,
# on the log scale), and the share of people of each kind. Seasonal travellers vary as most
# people do, apart from their trip.
VARIABILITY = {"steady": (0.04, 0.25), "ordinary": (0.12, 0.50), "volatile": (0.25, 0.15)}
SEASONAL_SHARE = 0.10
SEASONAL_MONTH = 9  # September: the twinning visit
# A planted rise is one the council's default floors let through (Thresholds.floor): its
# smallest size must clear the floor by a quarter on the person's expected month. A lighter
# user's rise goes into their data instead.
FLOOR_MARGIN = 1.25
INCOMING_SHARE = 0.3  # of calls; the analysis counts outgoing ones (every text is outgoing)
WORKING_DAYS = {"full": 21.7, "Mon-Wed": 13.0}  # a month's, on average
PART_TIME_RATE = 0.6  # a part-timer's use on a day they work, as a share of a full-timer's


@dataclass
class Holder:
    """A person holding a line of service from one date, maybe to another (exclusive)."""

    key: str
    name: str
    peer_group: str
    working_pattern: str
    number: str
    holds_from: date
    holds_to: date | None = None


@dataclass
class GeneratedBills:
    records: pl.DataFrame
    holders: list[Holder]
    directory: list[tuple[str, str]]
    truth: list[dict]
    months: list[str]
    normal_people: list[str] = field(default_factory=list)
    # Person -> steady | ordinary | volatile | seasonal, to say whom false findings are about.
    variability: dict[str, str] = field(default_factory=dict)

    def write(self, folder: Path) -> dict[str, Path]:
        """bills.csv (built-in ``canonical`` profile), holders.csv, directory.csv, truth.json."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = {name: folder / name for name in ("bills.csv", "holders.csv", "directory.csv")}
        to_csv(self.records, paths["bills.csv"])
        with paths["holders.csv"].open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(list(Holder.__dataclass_fields__))
            for holder in self.holders:
                writer.writerow(["" if v is None else v for v in asdict(holder).values()])
        with paths["directory.csv"].open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["number", "label"])
            writer.writerows(self.directory)
        paths["truth.json"] = folder / "truth.json"
        paths["truth.json"].write_text(
            json.dumps({"anomalies": self.truth, "normal_people": self.normal_people}, indent=1)
        )
        return paths


def to_csv(records: pl.DataFrame, path: Path | None = None) -> bytes | None:
    """Write canonical records as a bill in the built-in ``canonical`` layout."""
    out = records.select(
        "line_number",
        pl.col("start_local").dt.strftime("%Y-%m-%d %H:%M:%S").alias("start_local"),
        "called_number",
        "description",
        pl.when(pl.col("roaming"))
        .then(pl.lit("roaming-") + pl.col("usage_class"))
        .otherwise(pl.col("usage_class"))
        .alias("usage_class"),
        "direction",
        pl.col("duration_s"),
        pl.col("data_bytes"),
        pl.col("cost_pence"),
        pl.col("in_bundle").cast(pl.String).str.to_lowercase().alias("in_bundle"),
        "roaming_country",
    )
    if path is None:
        return out.write_csv().encode()
    out.write_csv(path)
    return None


def _expected_month(holder: Holder, level: float, scale: float) -> dict[str, float]:
    """A person's month before chance, counted as the analysis counts it: outgoing calls,
    minutes of calls both ways, outgoing texts, and data in bytes."""
    calls_d, call_min, texts_d, data_mb, _ = GROUPS[holder.peer_group]
    part_time = "Mon-Wed" in holder.working_pattern
    share = (PART_TIME_RATE if part_time else 1.0) * level
    days = WORKING_DAYS["Mon-Wed" if part_time else "full"]
    calls = calls_d * share * scale * days
    return {
        "calls": calls * (1 - INCOMING_SHARE),
        "minutes": calls * call_min,
        "texts": texts_d * share * scale * days,
        "data": data_mb * share * 30.4 / 1.4 * 1024**2,
    }


def _clears_floor(expected: dict[str, float], metric: str, least_factor: float) -> bool:
    # Imported here: the analysis needs Django's settings, and the rest of the generator not.
    from councilguard.phones.analysis import Thresholds

    return (least_factor - 1) * expected[metric] >= FLOOR_MARGIN * Thresholds().floor(metric)


def _months(first: date, count: int) -> list[date]:
    out, year, month = [], first.year, first.month
    for _ in range(count):
        out.append(date(year, month, 1))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def _mobile(rng: np.random.Generator, n: int, prefix: str = "+4477") -> list[str]:
    return [f"{prefix}{x:08d}" for x in rng.choice(10**8, size=n, replace=False)]


def generate(
    *,
    lines: int = 200,
    months: int = 24,
    first_month: date = date(2024, 1, 1),
    lines_per_line_month: int = 208,
    seed: int = 6,
) -> GeneratedBills:
    """Bills for ``lines`` numbers over ``months`` months, about ``lines_per_line_month`` lines
    each (208 gives a million lines for 200 numbers over 24 months)."""
    rng = np.random.default_rng(seed)
    month_starts = _months(first_month, months)
    end = _months(month_starts[-1], 2)[1]

    # The business directory: suppliers, other councils, the council's own lines, a twinned
    # town abroad. Business calls go to these.
    own_numbers = _mobile(rng, lines, "+4477")
    directory = [(n, "Council mobile") for n in own_numbers]
    directory += [(f"+441632{960000 + i:06d}"[:13], f"Supplier {i}") for i in range(60)]
    directory += [(f"+44113496{i:04d}", f"Other council {i}") for i in range(30)]
    directory += [("+33142685300", "Twinned town hall"), ("+4930901820", "Partner council")]
    business = np.array([n for n, _ in directory if n not in set(own_numbers)] + own_numbers)

    holders: list[Holder] = []
    names = iter(range(1, 10_000))
    groups = list(GROUPS)
    shares = np.array([GROUPS[g][4] for g in groups])
    group_of_line = rng.choice(len(groups), size=lines, p=shares / shares.sum())
    part_time = rng.random(lines) < 0.2
    # ~8% of numbers start part way through with a new starter; ~3% change hands.
    late_start = rng.random(lines) < 0.08
    handover = (~late_start) & (rng.random(lines) < 0.03)
    person_rows = []  # (holder index, line index, first month index, last month index excl.)
    for i in range(lines):
        group = groups[group_of_line[i]]
        pattern = (
            "Mon-Wed 09:00-15:00"
            if part_time[i]
            else ("Mon-Fri 08:00-16:00" if group == "Grounds staff" else "Mon-Fri 09:00-17:00")
        )
        start_m = int(rng.integers(4, months - 3)) if late_start[i] else 0
        spans = [(start_m, months)]
        if handover[i]:
            cut = int(rng.integers(6, months - 6))
            spans = [(0, cut), (cut, months)]
        for first, last in spans:
            n = next(names)
            holders.append(
                Holder(
                    key=f"P{n:04d}",
                    name=f"Person {n:04d}",
                    peer_group=group,
                    working_pattern=pattern,
                    number=own_numbers[i],
                    holds_from=month_starts[first],
                    holds_to=month_starts[last] if last < months else None,
                )
            )
            person_rows.append((len(holders) - 1, i, first, last))

    # Per person: their own level around the group's, and their private contacts.
    n_people = len(holders)
    level = rng.lognormal(0.0, 0.22, size=n_people)
    contacts = np.array(_mobile(rng, n_people * 8, "+4478")).reshape(n_people, 8)
    trip_month = np.where(rng.random(n_people) < 0.3, rng.choice([6, 7], size=n_people), -1)
    new_starter = np.array([first > 0 for _, _, first, _ in person_rows])
    # Drawn from a stream of their own, so that adding them left the other draws as they were.
    rng_kinds = np.random.default_rng([seed, 18])
    names_of_kind = list(VARIABILITY)
    shares_of_kind = np.array([VARIABILITY[k][1] for k in names_of_kind])
    kind_of = [
        names_of_kind[i]
        for i in rng_kinds.choice(
            len(names_of_kind), size=n_people, p=shares_of_kind / shares_of_kind.sum()
        )
    ]
    seasonal = (rng_kinds.random(n_people) < SEASONAL_SHARE) & ~new_starter
    for p in np.flatnonzero(seasonal):
        kind_of[p] = "seasonal"
        trip_month[p] = -1  # their trip is the seasonal one
    seasonal_data = rng_kinds.uniform(2.5, 4.0, size=n_people)
    spread = np.array([VARIABILITY.get(k, VARIABILITY["ordinary"])[0] for k in kind_of])

    # Anomalies: chosen up front, written as the truth.
    truth: list[dict] = []
    factors: dict[tuple[int, int], dict[str, float]] = {}
    extra: dict[tuple[int, int], str] = {}
    n_each = max(2, lines // 25)
    starters = [p for p in range(n_people) if new_starter[p]]
    heavy_starters = (
        {int(p) for p in rng.choice(starters, size=min(len(starters), n_each), replace=False)}
        if starters
        else set()
    )
    # One anomaly per person, so each finding has one cause to check against.
    established = [
        p
        for p, (_, _, first, last) in enumerate(person_rows)
        if last - first >= 12 and p not in heavy_starters
    ]
    picks = iter(p for p in rng.permutation(established) if not seasonal[p])

    def _pick_month(p: int, min_history: int = 7) -> int:
        first, last = person_rows[p][2], person_rows[p][3]
        return int(rng.integers(first + min_history, last))

    base_total = sum(GROUPS[g][0] + GROUPS[g][2] + 3 for g in groups) / len(groups)
    scale = 1.18 * lines_per_line_month / (base_total * 21.7)
    for _ in range(n_each):
        p = next(picks)
        m = _pick_month(p)
        metric = str(rng.choice(["data", "minutes", "texts"]))
        if not _clears_floor(_expected_month(holders[p], level[p], scale), metric, 5):
            metric = "data"
        factors[(p, m)] = {metric: float(rng.uniform(5, 8))}
        truth.append(
            {
                "person": holders[p].key,
                "month": f"{month_starts[m]:%Y-%m}",
                "kind": "own_spike",
                "metric": metric,
            }
        )
    # Steady users whose calls or data rose well above their usual level, but by less than
    # the fixed ratio over their median (issue 18).
    taken = {t["person"] for t in truth}
    steady = [
        p
        for p in rng_kinds.permutation(established)
        if kind_of[p] == "steady" and holders[p].key not in taken
    ]
    for p in steady[:n_each]:
        first, last = person_rows[p][2], person_rows[p][3]
        m = int(rng_kinds.integers(first + 7, last))
        metric = str(rng_kinds.choice(["calls", "data"]))
        if not _clears_floor(_expected_month(holders[p], level[p], scale), metric, 2.5):
            metric = "data"
        factors[(p, m)] = {metric: float(rng_kinds.uniform(2.5, 3.4))}
        truth.append(
            {
                "person": holders[p].key,
                "month": f"{month_starts[m]:%Y-%m}",
                "kind": "own_spike",
                "variant": "steady_rise",
                "metric": metric,
            }
        )
    rising = set(steady[:n_each])
    # A seasonal traveller's first trip: a rise nothing yet marks as their season.
    for p in np.flatnonzero(seasonal):
        first, last = person_rows[p][2], person_rows[p][3]
        trips = [m for m in range(first, last) if month_starts[m].month == SEASONAL_MONTH]
        if trips:
            truth.append(
                {
                    "person": holders[p].key,
                    "month": f"{month_starts[trips[0]]:%Y-%m}",
                    "kind": "first_trip",
                    "metric": "data",
                }
            )
    picks = (p for p in picks if p not in rising)
    for kind in ("premium_rate", "international", "out_of_hours"):
        for _ in range(n_each):
            p = next(picks)
            m = _pick_month(p, 1)
            extra[(p, m)] = kind
            truth.append(
                {"person": holders[p].key, "month": f"{month_starts[m]:%Y-%m}", "kind": kind}
            )
    for p in sorted(heavy_starters):
        first = person_rows[p][2]
        for m in range(first, min(first + 2, person_rows[p][3])):
            # Relative to the group, whatever the person's own level or hours.
            factors[(p, m)] = {"peer_data": float(rng.uniform(6, 9))}
            truth.append(
                {
                    "person": holders[p].key,
                    "month": f"{month_starts[m]:%Y-%m}",
                    "kind": "peer_outlier",
                    "metric": "data",
                }
            )
    anomalous = {t["person"] for t in truth}

    # Normal usage, one block per person-month.
    frames = []
    for p, (_, _line, first, last) in enumerate(person_rows):
        holder = holders[p]
        calls_d, call_min, texts_d, data_mb, _ = GROUPS[holder.peer_group]
        pt = PART_TIME_RATE if "Mon-Wed" in holder.working_pattern else 1.0
        for m in range(first, last):
            month = month_starts[m]
            # The same draw as before, scaled to how much this person's months vary.
            noise = float(np.exp(np.log(rng.lognormal(0, 0.12)) * spread[p] / 0.12))
            f = factors.get((p, m), {})
            if seasonal[p] and month.month == SEASONAL_MONTH:
                f = {**f, "data": f.get("data", 1.0) * seasonal_data[p]}
            mult = level[p] * noise * pt * scale
            frames.append(
                _person_month(
                    rng,
                    holder,
                    month,
                    calls=calls_d * mult * f.get("minutes", 1.0) * f.get("calls", 1.0),
                    call_minutes=call_min,
                    texts=texts_d * mult * f.get("texts", 1.0),
                    sessions=3 * mult,
                    data_mb=data_mb * f["peer_data"]
                    if "peer_data" in f
                    else data_mb * level[p] * noise * pt * f.get("data", 1.0),
                    business=business,
                    contacts=contacts[p],
                    trip=(trip_month[p] == month.month - 1 and m > first)
                    or bool(seasonal[p] and month.month == SEASONAL_MONTH),
                    anomaly=extra.get((p, m)),
                )
            )
    records = pl.concat(frames).sort("start_local")
    # Bills show local time; drop the few generated in the hour the clocks skip.
    records = records.with_columns(
        start_utc=pl.col("start_local")
        .dt.replace_time_zone(LONDON, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
    ).filter(
        pl.col("start_utc").is_not_null()
        & (pl.col("start_local") < datetime(end.year, end.month, 1))
    )
    records = records.with_row_index("line", offset=2).with_columns(pl.col("line").cast(pl.Int64))
    records = records.select([pl.col(n).cast(t) for n, t in SCHEMA.items()])
    return GeneratedBills(
        records=records,
        holders=holders,
        directory=directory,
        truth=truth,
        months=[f"{m:%Y-%m}" for m in month_starts],
        normal_people=sorted(h.key for h in holders if h.key not in anomalous),
        variability={h.key: kind_of[p] for p, h in enumerate(holders)},
    )


def _working_days(month: date, pattern: str) -> np.ndarray:
    days = calendar.monthrange(month.year, month.month)[1]
    last_weekday = 2 if "Mon-Wed" in pattern else 4
    return np.array(
        [
            d
            for d in range(1, days + 1)
            if date(month.year, month.month, d).weekday() <= last_weekday
        ]
    )


def _person_month(
    rng,
    holder,
    month,
    *,
    calls,
    call_minutes,
    texts,
    sessions,
    data_mb,
    business,
    contacts,
    trip,
    anomaly,
) -> pl.DataFrame:
    days = _working_days(month, holder.working_pattern)
    n_days = len(days)
    all_days = calendar.monthrange(month.year, month.month)[1]
    start_hour = 8 if "08:00" in holder.working_pattern else 9
    work_hours = 6 if "15:00" in holder.working_pattern else 8
    n_calls = rng.poisson(calls * n_days)
    n_texts = rng.poisson(texts * n_days)
    n_sessions = max(1, rng.poisson(sessions * n_days))

    def moments(n: int, out_of_hours_share: float) -> np.ndarray:
        day = rng.choice(days, size=n)
        minute = rng.integers(start_hour * 60 + 5, (start_hour + work_hours) * 60 - 30, size=n)
        ooh = rng.random(n) < out_of_hours_share
        # Out of hours: an evening on a working day (17:30-21:00).
        minute = np.where(ooh, rng.integers(17 * 60 + 30, 21 * 60, size=n), minute)
        base = np.datetime64(f"{month:%Y-%m}-01T00:00")
        return (
            base
            + (day - 1).astype("timedelta64[D]")
            + minute.astype("timedelta64[m]")
            + rng.integers(0, 60, size=n).astype("timedelta64[s]")
        )

    call_at = moments(n_calls, 0.08)
    personal = rng.random(n_calls) < 0.2
    called = np.where(
        personal, rng.choice(contacts, size=n_calls), rng.choice(business, size=n_calls)
    )
    secs = np.maximum(5, rng.exponential(call_minutes * 60, size=n_calls)).astype(np.int64)
    # Personal and evening calls stay short, as people mostly keep them.
    evening = (call_at.astype("datetime64[m]").astype(np.int64) % 1440) >= 17 * 60 + 30
    secs = np.where(personal | evening, np.minimum(secs, 600), np.minimum(secs, 3600))
    direction = np.where(rng.random(n_calls) < INCOMING_SHARE, "in", "out")

    text_at = moments(n_texts, 0.1)
    texted = np.where(
        rng.random(n_texts) < 0.3,
        rng.choice(contacts, size=n_texts),
        rng.choice(business, size=n_texts),
    )
    session_at = moments(n_sessions, 0.2)
    session_bytes = rng.dirichlet(np.ones(n_sessions)) * data_mb * all_days * 1024 * 1024 / 1.4

    parts = {
        "start_local": [call_at, text_at, session_at],
        "called_number": [called, texted, np.full(n_sessions, None)],
        "usage_class": [
            np.full(n_calls, "voice"),
            np.full(n_texts, "sms"),
            np.full(n_sessions, "data"),
        ],
        "direction": [direction, np.full(n_texts, "out"), np.full(n_sessions, "out")],
        "duration_s": [secs, np.zeros(n_texts, np.int64), np.zeros(n_sessions, np.int64)],
        "data_bytes": [
            np.zeros(n_calls, np.int64),
            np.zeros(n_texts, np.int64),
            session_bytes.astype(np.int64),
        ],
        "cost_pence": [
            np.zeros(n_calls, np.int64),
            np.zeros(n_texts, np.int64),
            np.zeros(n_sessions, np.int64),
        ],
    }
    if anomaly:
        _inject(rng, parts, anomaly, month, holder, days)
    columns = {k: np.concatenate(v) for k, v in parts.items()}
    columns["start_local"] = columns["start_local"].astype("datetime64[us]")
    called = pl.Series("called_number", columns.pop("called_number").tolist(), dtype=pl.String)
    frame = pl.DataFrame(columns).with_columns(
        called,
        line_number=pl.lit(holder.number),
        description=pl.col("usage_class").replace_strict(
            {"voice": "Call", "sms": "Text", "data": "Mobile internet"}, default="Call"
        ),
        in_bundle=pl.col("cost_pence") == 0,
        roaming=pl.lit(False),
        roaming_country=pl.lit(None, pl.String),
    )
    if trip:
        # A week abroad in summer, working: the calls and data of those days are roaming.
        first = int(rng.integers(1, 20))
        country = str(rng.choice(["Spain", "France", "Italy"]))
        day = frame["start_local"].dt.day()
        abroad = (day >= first) & (day < first + 7)
        frame = frame.with_columns(
            roaming=pl.Series(abroad.to_numpy()),
            roaming_country=pl.when(pl.Series(abroad.to_numpy())).then(pl.lit(country)),
        )
    return frame


def _inject(rng, parts, anomaly, month, holder, days) -> None:
    start_hour = 8 if "08:00" in holder.working_pattern else 9
    base = np.datetime64(f"{month:%Y-%m}-01T00:00")
    if anomaly == "premium_rate":
        n = int(rng.integers(2, 6))
        numbers = rng.choice(["+449098790123", "+449098790456", "+449011234567"], size=n)
        secs = rng.integers(120, 900, size=n)
        minute = rng.integers(start_hour * 60 + 60, start_hour * 60 + 300, size=n)
        pence = (secs / 60 * 150).astype(np.int64) + 50
    elif anomaly == "international":
        n = int(rng.integers(4, 10))
        foreign = str(rng.choice(["+48221234567", "+351211234567", "+40212345678"]))
        numbers = np.full(n, foreign)
        secs = rng.integers(600, 2400, size=n)
        minute = rng.integers(12 * 60, 20 * 60, size=n)
        pence = (secs / 60 * 80).astype(np.int64)
    else:  # out_of_hours
        n = int(rng.integers(4, 8))
        numbers = np.full(n, f"+4479{rng.integers(10**8):08d}")
        secs = rng.integers(25 * 60, 70 * 60, size=n)
        minute = rng.integers(19 * 60, 22 * 60, size=n)
        pence = np.zeros(n, np.int64)
    day = rng.choice(days, size=n)
    at = base + (day - 1).astype("timedelta64[D]") + minute.astype("timedelta64[m]")
    parts["start_local"].append(at)
    parts["called_number"].append(numbers)
    parts["usage_class"].append(np.full(n, "voice"))
    parts["direction"].append(np.full(n, "out"))
    parts["duration_s"].append(secs.astype(np.int64))
    parts["data_bytes"].append(np.zeros(n, np.int64))
    parts["cost_pence"].append(pence.astype(np.int64))


def truth_keys(truth: list[dict]) -> set[tuple[str, str, str]]:
    return {(t["person"], t["month"], t["kind"]) for t in truth}


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Write a generated phone bill and its truth.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--per-line-month", type=int, default=208)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilguard.settings")
    django.setup()
    bills = generate(
        lines=args.lines,
        months=args.months,
        lines_per_line_month=args.per_line_month,
        seed=args.seed,
    )
    paths = bills.write(args.folder)
    print(
        f"{bills.records.height} bill lines, {len(bills.holders)} holders, "
        f"{len(bills.truth)} anomalies -> {paths['bills.csv']}"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())


__all__ = ["GeneratedBills", "Holder", "generate", "timedelta"]
