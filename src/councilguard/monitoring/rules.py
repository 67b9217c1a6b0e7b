"""The web and DNS rules, written once with Ibis so that DuckDB (one machine) and PySpark (a
cluster) give identical findings (C31, DESIGN 7).

Inputs are Ibis tables: the events (eventstore.SCHEMA, with ``batch``: the number of the
batch each came from, for a total order of requests with the same time), each listed site's
meaning under the council's lists (``meanings``: id, site, host, category, alt_category,
meaning, alt_meaning; a missing category is ""; ``site`` numbers the distinct hosts),
people's working hours (``hours``: person_id, weekday, start, end in minutes of the UK local
day) and the council's bank holidays (``holidays``: holiday, a date), which are never working
hours. Outputs are small tables, one row per person and week (and category), sorted, which
``analysis.py`` turns into findings with their sentences.

Time on a site is estimated from visits, not request counts: a person's requests to one host
less than ``visit_gap`` minutes apart are one visit, lasting from its first to its last request
plus ``single_request`` minutes (a page read after its last request). Each request accounts for
the time until the next request of its visit (or ``single_request`` if it is the last), so a
visit's time falls in the day and the working hours, or not, in which it was spent.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
from ibis.expr.types import Table

# Rule kinds and the clauses they apply. Seed A's sections have no numbers, so they are cited
# by their heading.
PROHIBITED = "web.prohibited"
SOCIAL_IN_HOURS = "web.social_in_hours"
PERSONAL_IN_HOURS = "web.personal_in_hours"
PERSONAL_OUT_OF_HOURS = "web.personal_out_of_hours"
CLAUSES = {
    PROHIBITED: "A Personal use of Council systems",
    SOCIAL_IN_HOURS: "B 9.1.2",
    PERSONAL_IN_HOURS: "B 1.1.1",
    PERSONAL_OUT_OF_HOURS: "A Personal use of Council systems",
}
LABELS = {
    PROHIBITED: "Prohibited content",
    SOCIAL_IN_HOURS: "Social media in working hours",
    PERSONAL_IN_HOURS: "Personal use in working hours",
    PERSONAL_OUT_OF_HOURS: "Personal use outside working hours",
}


@dataclass(frozen=True)
class Limits:
    visit_gap_minutes: int = 5
    single_request_minutes: int = 1
    personal_minutes_in_hours: int = 15
    personal_minutes_per_day: int = 120
    personal_days_over: int = 3
    social_share_percent: float = 20
    personal_share_percent: float = 25
    prohibited_min_requests: int = 5
    prohibited_share_percent: float = 0.5


def _ms(timestamp):
    """Milliseconds since the epoch as an exact integer on every engine: whole seconds, then
    the milliseconds of the second. (DuckDB gives the seconds of a millisecond timestamp as a
    fraction; Spark's UNIX_TIMESTAMP drops the fraction, so seconds times 1000 would lose the
    milliseconds there and only there.)"""
    seconds = timestamp.epoch_seconds().cast("float64").floor().cast("int64")
    return seconds * 1000 + timestamp.millisecond().cast("int64")


def classified(events: Table, meanings: Table, hours: Table, holidays: Table) -> Table:
    """Attributed events with their meaning under the policy (null: business or unlisted) and
    the listing that gave it (``listing``: the meanings row; ``site``: its host), whether each
    was in the person's working hours (never on a bank holiday, B 1.1.1), and the Monday of
    its week. Only what the rules use is
    kept: the events' own host and category strings stay behind in the files."""
    attributed = events.filter(events.person_id.notnull())
    joined = attributed.left_join(
        meanings,
        [
            attributed.host == meanings.host,
            attributed.category == meanings.category,
            attributed.alt_category == meanings.alt_category,
        ],
    ).select(
        attributed.person_id,
        meanings.id.name("listing"),
        meanings.site,
        attributed.at,
        attributed.batch,
        attributed.line,
        attributed.blocked,
        attributed.local_date,
        attributed.local_minute,
        attributed.weekday,
        # A site listed both as prohibited and as something milder counts as prohibited only
        # when the proxy blocked it: the council's own filter then took the stricter view.
        ((meanings.alt_meaning == "prohibited") & attributed.blocked)
        .fill_null(False)
        .ifelse(ibis.literal("prohibited"), meanings.meaning)
        .name("meaning"),
    )
    # A bank holiday is not a working day: its spans do not apply (the holidays are distinct
    # dates, so this left join keeps one row per event too).
    joined = joined.left_join(holidays, joined.local_date == holidays.holiday).select(
        *(joined[c] for c in joined.columns), holidays.holiday.isnull().name("workday")
    )
    # People's spans do not overlap within a day, so this left join keeps one row per event.
    in_hours = joined.left_join(
        hours,
        [
            joined.person_id == hours.person_id,
            joined.weekday == hours.weekday,
            joined.local_minute >= hours.start,
            joined.local_minute < hours.end,
        ],
    ).select(
        joined.person_id,
        joined.listing,
        joined.site,
        joined.at,
        joined.batch,
        joined.line,
        joined.blocked,
        joined.local_date,
        joined.meaning,
        (hours.start.notnull() & joined.workday).name("in_hours"),
        joined.local_date.truncate("W").name("week"),
    )
    return in_hours


def volumes(events: Table) -> Table:
    """Requests per person and week: all, in working hours, and of each kind in them."""
    one, none = ibis.literal(1, "int64"), ibis.literal(0, "int64")
    in_hours = events.in_hours
    return (
        events.group_by(["person_id", "week"])
        .aggregate(
            requests=events.count(),
            in_hours_requests=in_hours.ifelse(one, none).sum(),
            social_in_hours_requests=(in_hours & (events.meaning == "social"))
            .fill_null(False)
            .ifelse(one, none)
            .sum(),
            personal_in_hours_requests=(in_hours & (events.meaning == "personal"))
            .fill_null(False)
            .ifelse(one, none)
            .sum(),
        )
        .order_by(["person_id", "week"])
    )


def prohibited(events: Table, meanings: Table) -> Table:
    """Requests to prohibited sites, blocked or not, per person, week and category."""
    hits = events.filter(events.meaning == "prohibited")
    named = hits.join(meanings, hits.listing == meanings.id).select(
        hits.person_id, hits.week, hits.blocked, hits.local_date, meanings.category
    )
    return (
        named.group_by(["person_id", "week", "category"])
        .aggregate(
            requests=named.count(),
            blocked=named.blocked.cast("int64").sum(),
            days=named.local_date.nunique(),
        )
        .order_by(["person_id", "week", "category"])
    )


def time_on_sites(events: Table, limits: Limits) -> Table:
    """Personal (including social) requests with the milliseconds each accounts for: until
    the next request to the same site if that comes within the visit gap, else the single
    request allowance."""
    personal = events.filter(events.meaning.isin(["personal", "social"]))
    # A total order (time, then batch, then line): requests with the same time are common in
    # big logs, and with time alone each engine would break the tie its own way, so which
    # request a gap is counted against (and its meaning and hours) would differ (C31).
    order = ibis.window(
        group_by=[personal.person_id, personal.site],
        order_by=[personal.at, personal.batch, personal.line],
    )
    gap = _ms(personal.at.lead().over(order)) - _ms(personal.at)
    within = gap.notnull() & (gap <= limits.visit_gap_minutes * 60_000)
    return personal.mutate(
        ms=within.ifelse(gap, ibis.literal(limits.single_request_minutes * 60_000, "int64"))
    )


def daily_seconds(requests: Table) -> Table:
    """Seconds a day per person: social in working hours, other personal use in working
    hours, and personal use (social included) outside them."""
    social = requests.meaning == "social"
    zero = ibis.literal(0, "int64")
    return requests.group_by(["person_id", "week", "local_date"]).aggregate(
        social_in_hours=(social & requests.in_hours).ifelse(requests.ms, zero).sum() // 1000,
        personal_in_hours=(~social & requests.in_hours).ifelse(requests.ms, zero).sum() // 1000,
        personal_out_of_hours=(~requests.in_hours).ifelse(requests.ms, zero).sum() // 1000,
    )


def weekly_use(daily: Table, limits: Limits) -> Table:
    """Per person and week: seconds and days of each kind, and days over each limit."""
    in_limit = limits.personal_minutes_in_hours * 60
    out_limit = limits.personal_minutes_per_day * 60
    one, none = ibis.literal(1, "int64"), ibis.literal(0, "int64")
    return (
        daily.group_by(["person_id", "week"])
        .aggregate(
            social_seconds=daily.social_in_hours.sum(),
            social_days=(daily.social_in_hours > 0).ifelse(one, none).sum(),
            personal_in_seconds=daily.personal_in_hours.sum(),
            personal_in_days_over=(daily.personal_in_hours > in_limit).ifelse(one, none).sum(),
            personal_out_seconds=daily.personal_out_of_hours.sum(),
            personal_out_days_over=(daily.personal_out_of_hours > out_limit)
            .ifelse(one, none)
            .sum(),
        )
        .order_by(["person_id", "week"])
    )


def evaluate(
    marked: Table, meanings: Table, limits: Limits, first=None, last=None
) -> dict[str, Table]:
    """Every rule's result table from the classified events (``classified``), counting the
    events of local days ``first`` to ``last`` (all when None). The events may run a day
    beyond either end: a visit crossing midnight at an edge then gets the time until its next
    request, as it would in a run over everything, so that analysing a few weeks gives the
    same findings as analysing the whole store."""

    def within(events: Table) -> Table:
        if first is not None:
            events = events.filter(events.local_date >= first)
        if last is not None:
            events = events.filter(events.local_date <= last)
        return events

    counted = within(marked)
    return {
        "volumes": volumes(counted),
        "prohibited": prohibited(counted, meanings),
        "weekly": weekly_use(daily_seconds(within(time_on_sites(marked, limits))), limits),
    }
