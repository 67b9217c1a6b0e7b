"""Phone usage analysis (C13; seed A "Monitoring of Mobile Phone Usage and Costs" and "Making
Personal Calls from Council Mobile Phones"), written once in Ibis and run on DuckDB.

Steps, each a table expression:

1. attribute every bill line to the person who held its number at that instant (an as-of join
   against the holders' history: assignments or ``phone`` identities);
2. classify the other party (numbers.py, once per distinct number) and mark business numbers
   (the council's directory) and numbers the person said are their own personal ones;
3. tell working hours from personal time with each person's working pattern (Europe/London,
   the council's bank holidays off, core.calendar);
4. sum per person per month: calls, minutes, texts, data, cost; by destination class; inside and
   outside working hours;
5. compare each month with two baselines a clerk can follow: the median of the person's own
   previous months, and the median of their peer group in the same month. Against their own,
   a month is high at a ratio over the median or at a multiple of how much their months usually
   vary (the median absolute deviation, with a floor), so a steady user's rise is found and a
   volatile user's ordinary swing is not; against peers, at a ratio, a new starter's first
   part month scaled to a whole month. Always with a floor, so that a tiny median does not
   make a tiny use "high". Medians, because a clerk can check them and one odd month does not
   move them;
6. find clear personal use: premium-rate and directory calls, calls abroad to numbers outside
   the directory, long calls out of hours to numbers outside the directory.

Every finding carries a sentence that explains it with its numbers, and the bill lines behind it.
"""

from __future__ import annotations

import calendar
import math
import uuid
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

import ibis
import polars as pl
from ibis import _

from councilguard.core import calendar as calendar_days
from councilguard.phones.labels import format_amount
from councilguard.phones.numbers import Destination, classify_many
from councilguard.privacy.protection import Protected, phone_protected_ibis

LONDON = ZoneInfo("Europe/London")
METRICS = ("calls", "minutes", "texts", "data", "cost")


@dataclass(frozen=True)
class Thresholds:
    """The council's settings for what counts as high or clearly personal (all per month)."""

    history_months: int = 6
    min_history: int = 3
    # Until a person has a whole window of history, a month is high at this ratio over
    # their median (a few months say too little about how much they vary).
    ratio: float = 3.5
    # With a whole window, at this many times their usual variation above their median, on
    # the log scale (as proportions): the widest of the middle distance of their months from
    # it, the same for all their use over the last year (_deviations), what chance gives a
    # count, or ``spread_floor_percent`` (_high_for_them); when all their use rose together,
    # beyond the rise of the rest as well. Chosen on generator seeds 21-26, 30-32, 40-44,
    # 50-54 and 60-64 (steady, ordinary, volatile and seasonal users; steady users' rises of
    # 2.5-3.4 times) and judged on 70-74 (docs/benchmarks.md): 5.5 times a 14% floor is 2.1
    # times the median for a steady user. Judging a rise beyond the rest of their use takes
    # a volatile user's busy months out, so the multiple can be lower than the 6 it was
    # without, and light users' rises are found more often.
    spread_multiple: float = 5.5
    spread_floor_percent: float = 14
    # A month no higher than this many times the same month a year earlier is that person's
    # season (a yearly trip abroad, the summer's events), not a change in their use.
    season_ratio: float = 1.5
    # Similar users differ more from one another than one person does from month to month
    # (part-timers share a group with full-timers), so the peer comparison asks for more.
    # 4 found heavy but ordinary users of a group on generator seed 11; 4.5 did not, and
    # still found every heavy new starter (seeds 8-13).
    peer_ratio: float = 4.5
    min_peers: int = 4
    # A month must exceed its baseline by at least this much to be high at all.
    floor_calls: float = 30
    floor_minutes: float = 90
    floor_texts: float = 40
    floor_data_bytes: float = 512 * 1024**2
    floor_cost_pence: float = 500
    international_min_minutes: float = 5
    long_call_minutes: float = 20
    long_calls_out_of_hours: int = 2

    def floor(self, metric: str) -> float:
        return {
            "calls": self.floor_calls,
            "minutes": self.floor_minutes,
            "texts": self.floor_texts,
            "data": self.floor_data_bytes,
            "cost": self.floor_cost_pence,
        }[metric]


@dataclass
class FindingData:
    """One finding, before it is stored (the monitoring Finding, or the phones review list)."""

    person: str
    month: str  # YYYY-MM
    kind: str  # high_usage | premium_rate | international | out_of_hours
    sentence: str
    metric: str = ""
    baselines: tuple[str, ...] = ()  # "own", "peer"
    value: float = 0
    cost_pence: int = 0
    lines: list[int] = field(default_factory=list)
    # (batch, line) of each bill line behind the finding; batch is "" for a bare frame.
    refs: list[tuple[str, int]] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.person, self.month, self.kind)


@dataclass
class Analysis:
    monthly: pl.DataFrame
    by_class: pl.DataFrame
    findings: list[FindingData]
    unattributed_lines: int
    lines: int
    # The first days of the months it covers, when not every month (services.run_analysis).
    months: list[date] | None = None
    # The digest of what its judged figures depend on (phones.judged.basis), when known.
    basis: str = ""


@dataclass
class Context:
    """Everything the analysis needs beyond the bill lines, as small tables."""

    holders: pl.DataFrame  # number, person, valid_from (UTC), valid_to (UTC or null)
    people: pl.DataFrame  # person, name, peer_group (or null)
    spans: pl.DataFrame  # person, weekday (0 = Monday), start_min, end_min
    business_numbers: list[str] = field(default_factory=list)
    personal_numbers: pl.DataFrame | None = None  # person, number
    thresholds: Thresholds = field(default_factory=Thresholds)
    # Numbers kept from view (privacy.protection, C18): never clear personal use, so no
    # finding names them; they still count in a person's monthly totals.
    protected: Protected = field(default_factory=Protected)
    # Whose bank holidays are not working hours (core.calendar, the monitoring settings).
    region: str = calendar_days.DEFAULT_REGION


def spans_frame(patterns: dict[str, list]) -> pl.DataFrame:
    """Rows of (person, weekday, start minute, end minute) from people.patterns Spans."""
    rows = [
        (person, s.weekday, s.starts.hour * 60 + s.starts.minute, s.ends.hour * 60 + s.ends.minute)
        for person, spans in patterns.items()
        for s in spans
    ]
    return pl.DataFrame(
        rows,
        schema={
            "person": pl.String,
            "weekday": pl.Int64,
            "start_min": pl.Int64,
            "end_min": pl.Int64,
        },
        orient="row",
    )


def analyse(
    records: ibis.Table | pl.DataFrame, context: Context, earlier: pl.DataFrame | None = None
) -> Analysis:
    """Run the whole analysis over canonical bill lines (an Ibis table on DuckDB).

    ``earlier``: people's months whose lines are not among ``records``, as their judged
    figures (person, month, and the METRICS as ``_monthly`` sums them: phones.judged), to
    judge the months of ``records`` against. They are baselines only: their rows in the
    result have nothing but those figures and their baselines, and what is found in them is
    the caller's to leave out (services.run_analysis keeps the months it was asked for)."""
    if isinstance(records, pl.DataFrame):
        records = ibis.memtable(records)
    t = context.thresholds
    lines = _attributed(records, context)
    # Every aggregate below reads these lines: materialise them once (a temporary table on
    # the same backend) rather than join the bill with its holders and directories again;
    # the counts of lines and of lines no one held come from the same table.
    lines = _flag_personal(lines, t).select(
        *_KEPT, *(["batch"] if "batch" in lines.columns else [])
    )
    backend = lines._find_backend(use_default=True)
    if backend.name == "duckdb":
        name = f"phone_lines_{uuid.uuid4().hex}"
        lines = backend.create_table(name, lines, temp=True)
    else:
        # Spark (C31) has no temporary tables through Ibis, and its cache would skip
        # registering the small in-memory tables: each aggregate joins again there.
        name = None
    try:
        total, unattributed = (
            lines.aggregate(n=_.count(), u=_.person.isnull().sum()).to_polars().row(0)
        )
        return _summarise(
            lines.filter(_.person.notnull()),
            context,
            int(total or 0),
            int(unattributed or 0),
            earlier,
        )
    finally:
        if name is not None:
            # ibis 12 writes a DROP statement DuckDB 2 does not parse; plain SQL does.
            backend.raw_sql(f"DROP TABLE IF EXISTS {name}")


_KEPT = (
    "person", "month", "line", "called_number", "start_local", "usage_class", "direction",
    "duration_s", "data_bytes", "cost_pence", "roaming", "destination", "country", "business",
    "marked_personal", "has_pattern", "in_hours", "personal_kind",
)  # fmt: skip


def _summarise(
    lines: ibis.Table,
    context: Context,
    total: int,
    unattributed: int,
    earlier: pl.DataFrame | None = None,
) -> Analysis:
    t = context.thresholds
    monthly = _monthly(lines)
    if earlier is not None and earlier.height:
        monthly = monthly.union(_as_monthly(earlier, monthly.schema()))
    baselined = _baselines(monthly, context)
    by_class = (
        lines.group_by("person", "month", "destination")
        .aggregate(
            calls=((_.usage_class == "voice") & (_.direction == "out")).sum(),
            minutes=_.duration_s.sum() / 60.0,
            cost_pence=_.cost_pence.sum(),
        )
        .order_by("person", "month", "destination")
        .to_polars()
    )
    monthly_pl = baselined.order_by("person", "month").to_polars()
    findings = _high_usage(monthly_pl, context)
    findings += _personal_use(lines, t)
    findings.sort(key=lambda f: (f.month, f.person, f.kind, f.metric))
    return Analysis(
        monthly=monthly_pl,
        by_class=by_class,
        findings=findings,
        unattributed_lines=unattributed,
        lines=total,
    )


def _attributed(records: ibis.Table, context: Context) -> ibis.Table:
    holders = ibis.memtable(
        context.holders.select(
            pl.col("number").alias("h_number"),
            pl.col("person"),
            pl.col("valid_from").cast(pl.Datetime("us", "UTC")),
            pl.col("valid_to").cast(pl.Datetime("us", "UTC")),
        )
    )
    joined = records.left_join(
        holders,
        [
            records.line_number == holders.h_number,
            records.start_utc >= holders.valid_from,
            holders.valid_to.isnull() | (records.start_utc < holders.valid_to),
        ],
    )
    # The distinct numbers and the years the lines span, in one pass over the lines.
    distinct = (
        records.group_by("called_number")
        .aggregate(lo=records.start_local.min(), hi=records.start_local.max())
        .to_polars()
    )
    numbers = distinct["called_number"].to_list()
    first, last = distinct["lo"].min(), distinct["hi"].max()
    classes = classify_many(numbers)
    business = set(context.business_numbers)
    destinations = ibis.memtable(
        pl.DataFrame(
            {
                "d_number": list(classes),
                "destination": [classes[n][0] for n in classes],
                "country": [classes[n][1] for n in classes],
                "business": [n in business for n in classes],
            },
            schema={
                "d_number": pl.String,
                "destination": pl.String,
                "country": pl.String,
                "business": pl.Boolean,
            },
        ).filter(pl.col("d_number").is_not_null())
    )
    joined = joined.left_join(destinations, joined.called_number == destinations.d_number)
    personal = context.personal_numbers
    if personal is None or personal.is_empty():
        personal = pl.DataFrame(schema={"person": pl.String, "number": pl.String})
    marked = ibis.memtable(
        personal.select(pl.col("person").alias("p_person"), pl.col("number").alias("p_number"))
        .unique()
        .with_columns(marked_personal=pl.lit(True))
    )
    joined = joined.left_join(
        marked, (joined.person == marked.p_person) & (joined.called_number == marked.p_number)
    )
    local = joined.start_local
    joined = joined.mutate(
        month=local.truncate("M").date(),
        local_date=local.date(),
        weekday=local.day_of_week.index(),
        minute=local.hour() * 60 + local.minute(),
        destination=joined.destination.fill_null(Destination.OTHER),
        business=joined.business.fill_null(False),
        marked_personal=joined.marked_personal.fill_null(False),
    )
    # Working hours: the person's spans, except on the council's bank holidays (B 1.1.1).
    spans = ibis.memtable(context.spans.rename({"person": "s_person", "weekday": "s_weekday"}))
    has_pattern = ibis.memtable(context.spans.select(pl.col("person").alias("w_person")).unique())
    first_day = first.date() if first is not None else None
    last_day = last.date() if last is not None else None
    bank = ibis.memtable(
        pl.DataFrame(
            {"holiday": calendar_days.bank_holidays_between(context.region, first_day, last_day)},
            schema={"holiday": pl.Date},
        )
    )
    joined = (
        joined.left_join(
            spans,
            [
                joined.person == spans.s_person,
                joined.weekday == spans.s_weekday,
                joined.minute >= spans.start_min,
                joined.minute < spans.end_min,
            ],
        )
        .left_join(has_pattern, _.person == has_pattern.w_person)
        .left_join(bank, _.local_date == bank.holiday)
    )
    joined = joined.mutate(
        has_pattern=_.w_person.notnull(),
        in_hours=_.s_person.notnull() & _.holiday.isnull(),
    ).drop("h_number", "d_number", "p_person", "p_number", "s_person", "s_weekday", "w_person")
    return joined.mutate(protected=phone_protected_ibis(joined, context.protected))


def _flag_personal(lines: ibis.Table, t: Thresholds) -> ibis.Table:
    """Mark each line that is clear personal use, by kind; each line has at most one kind."""
    out = _.direction == "out"
    voice_out = (_.usage_class == "voice") & out
    # A protected number (A "Monitoring of Personal Communications") is never a finding's line.
    outside = ~_.business & ~_.protected
    return lines.mutate(
        personal_kind=ibis.cases(
            (
                (voice_out | (_.usage_class.isin(["sms", "mms"]) & out))
                & outside
                & _.destination.isin([Destination.PREMIUM_RATE, Destination.DIRECTORY]),
                "premium_rate",
            ),
            (voice_out & outside & (_.destination == Destination.INTERNATIONAL), "international"),
            (
                voice_out
                & outside
                & _.has_pattern
                & ~_.in_hours
                & (_.duration_s >= t.long_call_minutes * 60)
                & (_.destination != Destination.FREEPHONE),
                "out_of_hours",
            ),
            else_=None,
        )
    )


def _monthly(lines: ibis.Table) -> ibis.Table:
    # High usage is judged on what is not already clear personal use: those lines have their
    # own findings, and counting them twice would say the same thing twice.
    usual = _.personal_kind.isnull()
    voice_out = (_.usage_class == "voice") & (_.direction == "out")
    return lines.group_by("person", "month").aggregate(
        calls=(voice_out & usual).sum(),
        minutes=ibis.ifelse((_.usage_class == "voice") & usual, _.duration_s, 0).sum() / 60.0,
        texts=(_.usage_class.isin(["sms", "mms"]) & (_.direction == "out") & usual).sum(),
        data=ibis.ifelse(_.usage_class == "data", _.data_bytes, 0).sum(),
        cost=ibis.ifelse(usual, _.cost_pence, 0).sum(),
        personal_cost=ibis.ifelse(usual, 0, _.cost_pence).sum(),
        # Everything, for the monthly report.
        calls_total=voice_out.sum(),
        minutes_total=ibis.ifelse(_.usage_class == "voice", _.duration_s, 0).sum() / 60.0,
        texts_total=(_.usage_class.isin(["sms", "mms"]) & (_.direction == "out")).sum(),
        calls_out_of_hours=(voice_out & ~_.in_hours & _.has_pattern).sum(),
        minutes_out_of_hours=ibis.ifelse(
            (_.usage_class == "voice") & ~_.in_hours & _.has_pattern, _.duration_s, 0
        ).sum()
        / 60.0,
        roaming_lines=_.roaming.sum(),
        has_pattern=_.has_pattern.any(),
    )


def _as_monthly(earlier: pl.DataFrame, schema: ibis.Schema) -> ibis.Table:
    """Months given by their judged figures, as rows of ``_monthly``: the figures a month is
    judged on as a baseline, and nulls for the rest (its report's figures)."""
    table = ibis.memtable(earlier.select("person", "month", *METRICS))
    return table.select(
        *[
            (table[name] if name in table.columns else ibis.null()).cast(dtype).name(name)
            for name, dtype in schema.items()
        ]
    )


def _baselines(monthly: ibis.Table, context: Context) -> ibis.Table:
    t = context.thresholds
    people = ibis.memtable(context.people.select(pl.col("person").alias("g_person"), "peer_group"))
    m = monthly.left_join(people, monthly.person == people.g_person).drop("g_person")
    own = ibis.window(group_by="person", order_by="month", rows=(-t.history_months, -1))
    peers = ibis.window(group_by=["peer_group", "month"])
    columns: dict[str, Any] = {"own_months": _.calls.count().over(own)}
    for metric in METRICS:
        col = m[metric].cast("float64")
        columns[f"own_median_{metric}"] = col.median().over(own)
        columns[f"peer_median_{metric}"] = ibis.ifelse(
            m.peer_group.notnull(), col.median().over(peers), None
        )
    columns["peers"] = ibis.ifelse(m.peer_group.notnull(), _.calls.count().over(peers), 0)
    return m.mutate(**columns)


# The measures a person's usual variation is pooled over (_deviations): what they do with
# the phone, not what it costs (charges follow the calls and data).
POOLED = ("calls", "minutes", "texts", "data")
# The months that pooled variation looks back over: a year, which an incremental run reads
# anyway (services.run_analysis, for the same month a year earlier).
POOLED_MONTHS = 12


def _deviations(
    monthly: pl.DataFrame, t: Thresholds
) -> dict[tuple[str, Any, str], tuple[float, float]]:
    """How much, as a proportion, each person's months usually vary, per (person, month,
    metric), on the log scale: the median absolute deviation of the measure over their
    previous months (the same months as their own median), and the same pooled over their
    calls, minutes, texts and data over the previous year (each measure's distance from its
    own median, all put together).

    Six months of one measure say little: a volatile user's six months can happen to lie
    close together (their next ordinary month was then found), and a steady user's threshold
    had to be kept high enough to allow for that. A person's kind of work makes them
    irregular across all their use, so the pooled figure, from four measures and a year (up
    to 48 distances rather than 6), is a steadier estimate of the same thing."""
    out: dict[tuple[str, Any, str], tuple[float, float]] = {}
    pooled_months = max(t.history_months, POOLED_MONTHS)
    for (person,), rows in monthly.sort("month").group_by(["person"], maintain_order=True):
        logs = {m: [math.log1p(float(v or 0)) for v in rows[m]] for m in METRICS}
        for i, month in enumerate(rows["month"]):
            if not i:
                continue
            pooled = median(
                d for m in POOLED for d in _from_median(logs[m][max(0, i - pooled_months) : i])
            )
            for metric in METRICS:
                own = median(_from_median(logs[metric][max(0, i - t.history_months) : i]))
                out[(person, month, metric)] = (own, pooled)
    return out


def _from_median(values: list[float]) -> list[float]:
    """How far each of ``values`` is from their median."""
    centre = median(values)
    return [abs(v - centre) for v in values]


def _starts(context: Context) -> dict[str, date]:
    """The day each person first held a number (UK local), from the holders' history."""
    if context.holders.is_empty():
        return {}
    firsts = context.holders.group_by("person").agg(pl.col("valid_from").min())
    return {
        person: start.astimezone(LONDON).date()
        for person, start in firsts.iter_rows()
        if start is not None
    }


def _pro_rata(row, starts: dict[str, date]) -> tuple[float, int, int] | None:
    """(factor, days covered, days in the month) for a new starter's first, part month: the
    month they first held a number, from a day after the first."""
    first = starts.get(row["person"])
    month = row["month"]
    if first is None or (first.year, first.month) != (month.year, month.month) or first.day == 1:
        return None
    days = calendar.monthrange(first.year, first.month)[1]
    covered = days - first.day + 1
    return days / covered, covered, days


def _high_usage(monthly: pl.DataFrame, context: Context) -> list[FindingData]:
    """One finding per person and month, listing every measure that was high (strongest
    first), so a reviewer reads each story once."""
    t = context.thresholds
    names = dict(zip(context.people["person"], context.people["name"], strict=False))
    spreads = _deviations(monthly, t)
    starts = _starts(context)
    held = {(r["person"], r["month"]): r for r in monthly.iter_rows(named=True)}
    out: list[FindingData] = []
    for row in held.values():
        scaled = _pro_rata(row, starts)
        earlier = held.get((row["person"], row["month"].replace(year=row["month"].year - 1)))
        measures = [
            m
            for metric in METRICS
            if (m := _measure(row, metric, t, spreads, scaled, _value(earlier, metric)))
        ]
        if not measures:
            continue
        measures.sort(key=lambda m: (-m["strength"], METRICS.index(m["metric"])))
        sentences = [_high_sentence(row, m, names, scaled) for m in measures]
        month = row["month"].strftime("%B %Y")
        # The first sentence says the month; the others follow it.
        sentences = sentences[:1] + [s.replace(f" in {month}:", ":") for s in sentences[1:]]
        baselines = tuple(b for b in ("own", "peer") if any(b in m["baselines"] for m in measures))
        strongest = measures[0]
        out.append(
            FindingData(
                person=row["person"],
                month=f"{row['month']:%Y-%m}",
                kind="high_usage",
                baselines=baselines,
                value=strongest["value"],
                cost_pence=int(row["cost"] or 0),
                sentence=" ".join(sentences),
                evidence={
                    "measures": [{k: v for k, v in m.items() if k != "strength"} for m in measures],
                    "own_months": row["own_months"],
                    "peer_group": row["peer_group"],
                    "peers": row["peers"],
                    "pro_rata_days": [scaled[1], scaled[2]] if scaled else None,
                    "ratio_needed": t.ratio,
                    "spread_multiple_needed": t.spread_multiple,
                    "peer_ratio_needed": t.peer_ratio,
                },
            )
        )
    return out


def _value(row, metric: str) -> float | None:
    return None if row is None else float(row[metric] or 0)


def _chance(row, metric: str) -> float:
    """How far a month's count strays from the person's median by chance alone, as a middle
    distance on the log scale (0.6745 standard deviations of the proportion): independent
    calls or texts vary by one over the square root of their number; minutes, a sum of call
    lengths, by the square root of twice the usual call's length over the minutes. Nothing
    for data and charges, which the floor covers."""
    median_value = max(row[f"own_median_{metric}"] or 0, 1)
    if metric in ("calls", "texts"):
        return 0.6745 / median_value**0.5
    if metric == "minutes" and row["own_median_calls"]:
        usual_call = median_value / max(row["own_median_calls"], 1)
        return 0.6745 * (2 * usual_call / median_value) ** 0.5
    return 0.0


def _high_for_them(row, metric, value, own_median, deviation, t: Thresholds) -> bool:
    """Whether a month is high for this person. With a whole window of history, against how
    much their months vary, as proportions of the median (log scale): the middle distance of
    their months from it, what chance alone gives a count (_chance), or the floor, whichever
    is widest; a steady user's rise is then found below any fixed ratio, and a volatile
    user's ordinary swing is not. With less history (three alike can be chance), a ratio.

    A month when all their use rose together (a busy month for someone whose work comes and
    goes) is judged by how far the measure rose beyond the rest of their use
    (_rise_of_other_use), unless the rest rose beyond their usual variation too: then all
    their use is high, as when a steady user's whole use doubles."""
    if deviation is None or row["own_months"] < t.history_months:
        return value >= t.ratio * own_median
    spread = max(deviation, _chance(row, metric), math.log1p(t.spread_floor_percent / 100))
    needed = t.spread_multiple * spread
    rise = math.log1p(value) - math.log1p(own_median)
    together = _rise_of_other_use(row, metric)
    return rise >= needed and (together >= needed or rise - together >= needed)


# The measures whose rise a measure is judged beyond (_high_for_them): the person's other use,
# less what moves with the measure itself (minutes are the calls' lengths). Charges follow
# calls and data, so are judged on their own.
OTHER_USE = {
    "calls": ("texts", "data"),
    "minutes": ("texts", "data"),
    "texts": ("calls", "data"),
    "data": ("calls", "minutes", "texts"),
}


def _rise_of_other_use(row, metric: str) -> float:
    """How far all the person's other use rose this month over their own medians, on the log
    scale: the least rise among those measures, and nothing if any did not rise or has no
    median."""
    rises = []
    for other in OTHER_USE.get(metric, ()):
        other_median = row[f"own_median_{other}"]
        if other_median is None:
            return 0.0
        rises.append(math.log1p(float(row[other] or 0)) - math.log1p(float(other_median)))
    return max(0.0, min(rises, default=0.0))


def _measure(row, metric: str, t: Thresholds, spreads, scaled, last_year=None) -> dict | None:
    """One measure of a person's month against their own history and their peers; None when
    it is high against neither. ``last_year`` is the same month a year earlier, if held."""
    value = float(row[metric] or 0)
    breached, strength = [], 0.0
    own_median = row[f"own_median_{metric}"]
    own_deviation, pooled = spreads.get((row["person"], row["month"], metric), (None, None))
    # The wider of how much this measure varied and how much all their use did (_deviations).
    deviation = None if own_deviation is None else max(own_deviation, pooled)
    # No higher than the same month a year before: their season (a yearly trip abroad, the
    # summer's events), against their own months and their peers' alike.
    seasonal = last_year is not None and value <= t.season_ratio * last_year
    if (
        row["own_months"] >= t.min_history
        and own_median is not None
        and value - own_median >= t.floor(metric)
        and _high_for_them(row, metric, value, own_median, deviation, t)
        and not seasonal
    ):
        breached.append("own")
        strength = max(strength, value / own_median if own_median else float("inf"))
    # The usual variation in the measure's own units, for the sentence and the page.
    known = own_median is not None and deviation is not None
    usual = own_median * (math.exp(deviation) - 1) if known else None
    peer_median = row[f"peer_median_{metric}"]
    # A first, part month is compared as the whole month it would have been.
    judged = value * scaled[0] if scaled else value
    if (
        row["peers"] >= t.min_peers
        and peer_median is not None
        and judged >= t.peer_ratio * peer_median
        and judged - peer_median >= t.floor(metric)
        and not seasonal
    ):
        breached.append("peer")
        strength = max(strength, judged / peer_median if peer_median else float("inf"))
    if not breached:
        return None
    return {
        "metric": metric,
        "value": value,
        "baselines": breached,
        "own_median": own_median,
        "own_variation": usual,
        # Whether that variation is of all their use (pooled) rather than of this measure.
        "variation_pooled": known and pooled > own_deviation,
        "peer_median": peer_median,
        "strength": strength,
    }


def _months(count: int) -> str:
    return "month" if count == 1 else f"{count} months"


def _what(metric: str, value: float) -> str:
    """An amount with what it measures, once ("518 calls", "1.2 GB of data")."""
    amount = format_amount(metric, value)
    if metric == "data":
        return f"{amount} of data"
    if metric == "cost":
        return f"{amount} of charges"
    return amount


def _high_sentence(row, measure: dict, names, scaled) -> str:
    """Reviewer-facing: the person by name, in the third person."""
    metric, value, breached = measure["metric"], measure["value"], measure["baselines"]
    deviation = measure["own_variation"]
    month = row["month"].strftime("%B %Y")
    who = names.get(row["person"]) or "this person"
    parts = []
    own_median, peer_median = measure["own_median"], measure["peer_median"]
    if "own" in breached:
        if deviation is None:
            usual = ""
        elif measure.get("variation_pooled"):
            # The variation of all their use, applied to this measure: say so.
            share = deviation / own_median * 100 if own_median else 0
            usual = (
                f", whose calls, minutes, texts and data usually vary by {share:.0f}% from "
                f"month to month ({format_amount(metric, deviation)})"
            )
        else:
            usual = f", whose months usually vary by {format_amount(metric, deviation)}"
        parts.append(
            f"{_times(value, own_median)} {who}'s median of the last "
            f"{_months(row['own_months'])} ({format_amount(metric, own_median)}){usual}"
        )
    if "peer" in breached:
        pro_rata = (
            f" (counted pro rata: {scaled[1]} of the month's {scaled[2]} days)" if scaled else ""
        )
        parts.append(
            f"{_times(value * (scaled[0] if scaled else 1), peer_median)} the median for "
            f"{row['peer_group'].lower()} that month ({format_amount(metric, peer_median)})"
            f"{pro_rata}"
        )
    if "own" not in breached:
        if row["own_months"] < 3:
            history = "no earlier month" if not row["own_months"] else _months(row["own_months"])
            parts.append(f"too little history of {who}'s own to compare with ({history})")
        else:
            parts.append(f"within {who}'s usual range ({format_amount(metric, own_median)})")
    if "peer" not in breached and row["peer_group"] is None:
        parts.append("no peer group to compare with")
    return f"{_what(metric, value)} in {month}: " + "; ".join(parts) + "."


def _times(value: float, median: float) -> str:
    if not median:
        return "above nothing, which is"
    return f"{value / median:.1f} times"


def _personal_use(lines: ibis.Table, t: Thresholds) -> list[FindingData]:
    columns = [
        "kind", "person", "month", "line", "called_number", "country", "duration_s",
        "cost_pence", "marked_personal", "start_local",
    ]  # fmt: skip
    prefix = lines.batch.fill_null("") if "batch" in lines.columns else ibis.literal("")
    picked = lines.mutate(
        kind=lines.personal_kind, ref=prefix.concat(":", lines.line.cast("string"))
    ).filter(_.kind.notnull())
    picked = picked.select(*columns, "ref")
    groups = (
        picked.group_by("kind", "person", "month")
        .aggregate(
            calls=_.count(),
            seconds=_.duration_s.sum(),
            cost=_.cost_pence.sum(),
            # Ordered below: Spark cannot order what it collects.
            lines=_.line.collect(),
            refs=_.ref.collect(),
            numbers=_.called_number.collect(distinct=True),
            countries=_.country.collect(distinct=True),
            marked=_.marked_personal.sum(),
        )
        .order_by("kind", "person", "month")
        .to_polars()
    )
    out: list[FindingData] = []
    for row in groups.iter_rows(named=True):
        minutes = row["seconds"] / 60
        kind = row["kind"]
        if kind == "international" and minutes < t.international_min_minutes:
            continue
        if kind == "out_of_hours" and row["calls"] < t.long_calls_out_of_hours:
            continue
        month = row["month"].strftime("%B %Y")
        calls = f"{row['calls']} call{'s' if row['calls'] != 1 else ''}"
        numbers = ", ".join(sorted(n for n in row["numbers"] if n))
        cost = f"£{row['cost'] / 100:,.2f}"
        if kind == "premium_rate":
            sentence = (
                f"{calls} to premium-rate or directory numbers in {month} ({numbers}), "
                f"{minutes:.0f} minutes costing {cost}."
            )
        elif kind == "international":
            where = ", ".join(sorted(c for c in row["countries"] if c))
            sentence = (
                f"{calls} abroad ({where}) to numbers not in the business directory in {month}, "
                f"{minutes:.0f} minutes costing {cost}."
            )
        else:
            sentence = (
                f"{calls} of {t.long_call_minutes:.0f} minutes or more outside their working "
                f"hours to numbers not in the business directory in {month}, "
                f"{minutes:.0f} minutes in all, costing {cost}."
            )
        if row["marked"]:
            sentence = sentence[:-1] + f"; {row['marked']} to numbers they marked as personal."
        out.append(
            FindingData(
                person=row["person"],
                month=f"{row['month']:%Y-%m}",
                kind=kind,
                sentence=sentence,
                value=minutes,
                cost_pence=int(row["cost"]),
                lines=sorted(row["lines"]),
                refs=sorted(
                    ((r.rsplit(":", 1)[0], int(r.rsplit(":", 1)[1])) for r in row["refs"]),
                    key=lambda ref: (ref[1], ref[0]),
                ),
                evidence={
                    "calls": row["calls"],
                    "minutes": round(minutes, 1),
                    "numbers": sorted(n for n in row["numbers"] if n),
                    "countries": sorted(c for c in row["countries"] if c),
                },
            )
        )
    return out
