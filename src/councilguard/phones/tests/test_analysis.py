"""Classification, attribution and detection (issue 6, parts 2 to 4), without the database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from councilguard.people.patterns import parse_pattern
from councilguard.phones.analysis import METRICS, Context, analyse, spans_frame
from councilguard.phones.canonical import LONDON, SCHEMA
from councilguard.phones.generator import generate
from councilguard.phones.numbers import Destination, classify, normalise
from councilguard.phones.quality import context_for, score

GB = 1024**3


@pytest.mark.parametrize(
    ("written", "destination", "country"),
    [
        ("01632 960123", Destination.UK_LANDLINE, ""),
        ("020 7946 0000", Destination.UK_LANDLINE, ""),
        ("07700 900123", Destination.UK_MOBILE, ""),
        ("0800 123 4567", Destination.FREEPHONE, ""),
        ("0808 157 0192", Destination.FREEPHONE, ""),
        ("0345 123 4567", Destination.NON_GEOGRAPHIC, ""),
        ("0845 123 4567", Destination.NON_GEOGRAPHIC, ""),
        ("0871 123 4567", Destination.NON_GEOGRAPHIC, ""),
        ("0909 879 0123", Destination.PREMIUM_RATE, ""),
        ("118 118", Destination.DIRECTORY, ""),
        ("+33 1 42 68 53 00", Destination.INTERNATIONAL, "France"),
        ("0048 22 123 45 67", Destination.INTERNATIONAL, "Poland"),
        ("2020", Destination.OTHER, ""),
    ],
)
def test_destinations_are_classified_like_ofcom_ranges(written, destination, country):
    assert classify(normalise(written)) == (destination, country)


def test_one_number_written_four_ways_is_one_number():
    assert {
        normalise(x)
        for x in (
            "07700 900123",
            "+44 7700 900123",
            "447700900123",
            "0044 (0)7700-900123".replace("(0)", ""),
        )
    } == {"+447700900123"}


# --- small hand-made bills ---


def _line(number, local, *, usage="voice", called=None, secs=0, size=0, pence=0, line=2):
    aware = local.replace(tzinfo=__import__("zoneinfo").ZoneInfo(LONDON))
    return {
        "line": line, "line_number": number, "start_local": local,
        "start_utc": aware.astimezone(UTC), "called_number": called, "description": "",
        "usage_class": usage, "roaming": False, "direction": "out", "duration_s": secs,
        "data_bytes": size, "cost_pence": pence, "in_bundle": pence == 0, "roaming_country": None,
    }  # fmt: skip


def _frame(rows):
    for i, row in enumerate(rows):
        row["line"] = i + 2
    return pl.DataFrame(rows, schema=SCHEMA)


def _context(holders, groups, patterns=None, business=()):
    people = sorted({p for _, p, _, _ in holders})
    return Context(
        holders=pl.DataFrame(
            [(n, p, f, t) for n, p, f, t in holders],
            schema={
                "number": pl.String,
                "person": pl.String,
                "valid_from": pl.Datetime("us", "UTC"),
                "valid_to": pl.Datetime("us", "UTC"),
            },
            orient="row",
        ),  # fmt: skip
        people=pl.DataFrame(
            {"person": people, "name": people, "peer_group": [groups.get(p) for p in people]}
        ),  # fmt: skip
        spans=spans_frame({p: parse_pattern(t) for p, t in (patterns or {}).items()}),
        business_numbers=list(business),
    )


START = datetime(2025, 1, 1, tzinfo=UTC)


def test_a_finding_explains_itself_with_both_baselines():
    rows, holders, groups = [], [], {}
    # Ann: 2.3 GB a month for six months, then 14.2 GB in March 2026.
    for month, size in zip(range(9, 15), [2.2, 2.3, 2.4, 2.3, 2.3, 2.25], strict=True):
        when = datetime(2025 + (month - 1) // 12, (month - 1) % 12 + 1, 10, 12)
        rows.append(_line("+447700900001", when, usage="data", size=int(size * GB)))
    rows.append(
        _line("+447700900001", datetime(2026, 3, 10, 12), usage="data", size=int(14.2 * GB))
    )
    holders.append(("+447700900001", "ann", START, None))
    groups["ann"] = "Grounds staff"
    # Her four peers used 2.4 to 2.8 GB in March.
    for i, size in enumerate([2.4, 2.6, 2.6, 2.8]):
        number = f"+44770090001{i}"
        rows.append(_line(number, datetime(2026, 3, 11, 9), usage="data", size=int(size * GB)))
        holders.append((number, f"peer{i}", START, None))
        groups[f"peer{i}"] = "Grounds staff"
    result = analyse(_frame(rows), _context(holders, groups))
    [finding] = [f for f in result.findings if f.person == "ann"]
    assert finding.sentence == (
        "14.2 GB of data in March 2026: 6.2 times ann's median of the last 6 months (2.3 GB), "
        "whose months usually vary by 26 MB; 5.5 times the median for grounds staff that "
        "month (2.6 GB)."
    )
    assert finding.baselines == ("own", "peer")
    assert result.findings == [finding]


def test_a_new_starter_is_compared_with_peers_only_and_says_so():
    rows, holders, groups = [], [], {}
    for i in range(5):
        number = f"+44770090002{i}"
        size = 20 if i == 0 else 2 + i * 0.1
        rows.append(_line(number, datetime(2026, 2, 3, 9), usage="data", size=int(size * GB)))
        holders.append((number, f"p{i}", START, None))
        groups[f"p{i}"] = "Office staff"
    result = analyse(_frame(rows), _context(holders, groups))
    [finding] = result.findings
    assert finding.person == "p0"
    assert finding.baselines == ("peer",)
    assert finding.sentence == (
        "20.0 GB of data in February 2026: 8.7 times the median for office staff that month "
        "(2.3 GB); too little history of p0's own to compare with (no earlier month)."
    )


def test_each_line_goes_to_whoever_held_the_number_at_that_moment():
    handover = datetime(2026, 4, 15, 12, tzinfo=UTC)
    rows = [
        _line("+447700900001", datetime(2026, 4, 15, 12, 59), called="+449098790123", secs=300,
              pence=750),
        _line("+447700900001", datetime(2026, 4, 15, 13, 1), called="+449098790123", secs=60,
              pence=150),
        _line("+447700900999", datetime(2026, 4, 15, 13, 1), called="+449098790123", secs=60),
    ]  # fmt: skip
    holders = [
        ("+447700900001", "leaver", START, handover),
        ("+447700900001", "starter", handover, None),
    ]
    result = analyse(_frame(rows), _context(holders, {}))
    # 12:59 BST is 11:59 UTC, before the handover at noon UTC.
    assert {f.person: f.cost_pence for f in result.findings} == {"leaver": 750, "starter": 150}
    assert result.unattributed_lines == 1
    assert [f.lines for f in result.findings if f.person == "leaver"] == [[2]]


def test_long_calls_out_of_hours_need_a_pattern_and_a_number_outside_the_directory():
    friend, supplier = "+447911123456", "+441632960001"
    rows = [
        # Saturday evening and a bank holiday (Good Friday 2026) to a friend: out of hours.
        _line("+447700900001", datetime(2026, 4, 4, 20), called=friend, secs=40 * 60),
        _line("+447700900001", datetime(2026, 4, 3, 11), called=friend, secs=30 * 60),
        # A working Tuesday at 11:00: in hours, whoever it is to.
        _line("+447700900001", datetime(2026, 4, 7, 11), called=friend, secs=50 * 60),
        # Late, but to a supplier in the directory.
        _line("+447700900001", datetime(2026, 4, 8, 21), called=supplier, secs=50 * 60),
        # A councillor without set hours: never "out of hours".
        _line("+447700900002", datetime(2026, 4, 4, 20), called=friend, secs=40 * 60),
        _line("+447700900002", datetime(2026, 4, 5, 20), called=friend, secs=40 * 60),
    ]
    holders = [("+447700900001", "clerk", START, None), ("+447700900002", "cllr", START, None)]
    context = _context(holders, {}, patterns={"clerk": "Mon-Fri 09:00-17:00"}, business=[supplier])
    result = analyse(_frame(rows), context)
    [finding] = result.findings
    assert (finding.person, finding.kind, finding.lines) == ("clerk", "out_of_hours", [2, 3])
    assert finding.sentence.startswith(
        "2 calls of 20 minutes or more outside their working hours to numbers not in the "
        "business directory in April 2026, 70 minutes in all"
    )


def test_calls_abroad_to_the_directory_are_business_and_others_are_personal():
    twin, family = "+33142685300", "+48221234567"
    rows = [
        _line("+447700900001", datetime(2026, 5, 5, 10), called=twin, secs=1800, pence=2400),
        _line("+447700900001", datetime(2026, 5, 6, 10), called=family, secs=900, pence=1200),
    ]
    context = _context([("+447700900001", "ann", START, None)], {}, business=[twin])
    [finding] = analyse(_frame(rows), context).findings
    assert finding.kind == "international"
    assert finding.sentence == (
        "1 call abroad (Poland) to numbers not in the business directory in May 2026, "
        "15 minutes costing £12.00."
    )


# --- against the generator's truth ---


@pytest.fixture(scope="module")
def generated():
    return generate(lines=60, months=14, lines_per_line_month=80, first_month=date(2025, 1, 1))


def test_the_generator_writes_its_truth_and_every_kind_of_anomaly(generated, tmp_path):
    kinds = {t["kind"] for t in generated.truth}
    assert kinds == {
        "own_spike", "peer_outlier", "premium_rate", "international", "out_of_hours", "first_trip"
    }  # fmt: skip
    variants = {t.get("variant") for t in generated.truth if t["kind"] == "own_spike"}
    assert variants == {None, "steady_rise"}
    assert set(generated.variability.values()) == {"steady", "ordinary", "volatile", "seasonal"}
    paths = generated.write(tmp_path)
    assert (tmp_path / "truth.json").read_text().count('"kind"') == len(generated.truth)
    assert paths["bills.csv"].read_text().startswith("line_number,start_local,called_number")
    assert len(generated.normal_people) > len(generated.holders) / 2


@pytest.mark.parametrize("seed", [51, 52, 53])
def test_every_planted_rise_of_calls_or_texts_clears_the_councils_default_floor(seed):
    # The default floors are 30 outgoing calls and 40 texts above the person's median of their
    # last six months, and a rise below them is not one the council asked to be told of. Seed
    # 53 once planted a light texter's spike of 30 texts on a median of 5. Counted here from
    # the bill itself, month by month.
    bills = generate(
        lines=150, months=26, lines_per_line_month=80, first_month=date(2025, 1, 1), seed=seed
    )
    floors = {"calls": 30, "texts": 40}
    kinds = {"calls": "voice", "texts": "sms"}
    planted = [t for t in bills.truth if t["kind"] == "own_spike" and t["metric"] in floors]
    assert planted, "the seed plants rises of calls or texts"
    holders = {h.key: h for h in bills.holders}
    for rise in planted:
        holder = holders[rise["person"]]
        monthly = (
            bills.records.filter(
                (pl.col("line_number") == holder.number)
                & (pl.col("start_local").dt.date() >= holder.holds_from)
                & (pl.col("usage_class") == kinds[rise["metric"]])
                & (pl.col("direction") == "out")
            )
            .group_by(month=pl.col("start_local").dt.strftime("%Y-%m"))
            .len()
        )
        counts = dict(zip(monthly["month"], monthly["len"], strict=True))
        before = sorted(m for m in counts if m < rise["month"])[-6:]
        usual = sorted(counts[m] for m in before)
        median = (usual[2] + usual[3]) / 2
        assert counts[rise["month"]] - median >= floors[rise["metric"]], rise


def test_findings_appear_where_the_truth_says_and_nowhere_else(generated):
    result = analyse(generated.records, context_for(generated))
    figures = score(result.findings, generated.truth, generated.normal_people)
    assert figures.pop("on_normal_people") == 0
    assert figures.pop("on_normal_months") == 0
    for kind, counts in figures.items():
        assert counts["recall"] == 1.0, (kind, counts)
        assert counts["precision"] == 1.0, (kind, counts)
    assert all(f.sentence.endswith(".") and any(c.isdigit() for c in f.sentence)
               for f in result.findings)  # fmt: skip


def test_the_defaults_on_a_seed_they_were_not_tuned_on():
    # Issue 18: seed 70 was first judged with the defaults and the rule chosen on seeds 21 to
    # 26, 30 to 32, 40 to 44, 50 to 54 and 60 to 64 (docs/benchmarks.md). 150 lines over 26
    # months: steady, ordinary, volatile and seasonal users, six anomalies of each kind and
    # six steady users' rises. What each kind of finding gets right there, written out:
    # (findings, right, expected, found).
    bills = generate(
        lines=150, months=26, lines_per_line_month=80, first_month=date(2025, 1, 1), seed=70
    )
    figures = score(analyse(bills.records, context_for(bills)).findings, bills.truth,
                    bills.normal_people)  # fmt: skip
    assert figures.pop("on_normal_people") == 0
    assert figures.pop("on_normal_months") == 0
    counts = {
        kind: (c["findings"], c["right"], c["expected"], c["found"]) for kind, c in figures.items()
    }
    assert counts == {
        "own_pattern": (12, 12, 12, 12),
        "peer_pattern": (19, 19, 12, 12),
        "premium_rate": (6, 6, 6, 6),
        "international": (6, 6, 6, 6),
        "out_of_hours": (6, 6, 6, 6),
    }


def test_a_seasonal_travellers_second_trip_raises_nothing():
    # Seed 30's seasonal travellers use several times their usual data each September: the
    # first September may be found (nothing yet marks it as their season), the second not.
    bills = generate(
        lines=150, months=26, lines_per_line_month=80, first_month=date(2025, 1, 1), seed=30
    )
    travellers = {p for p, kind in bills.variability.items() if kind == "seasonal"}
    findings = analyse(bills.records, context_for(bills)).findings
    assert len(travellers) >= 5
    assert not [f for f in findings if f.person in travellers and f.month == "2026-09"]


def test_working_hours_are_uk_time_on_the_first_weekday_of_summer_time():
    # Monday 30 March 2026, the first working day of BST (UTC+1). Long calls to a mobile
    # outside the directory at 08:30, 09:30, 17:15 and 17:40 UK time: with the pattern
    # 09:00-17:00, 08:30, 17:15 and 17:40 are out of hours. Judged in UTC (an hour earlier),
    # 09:30 would be out and 17:15 in.
    friend = "+447911123456"
    rows = [
        _line("+447700900001", datetime(2026, 3, 30, h, m), called=friend, secs=25 * 60)
        for h, m in ((8, 30), (9, 30), (17, 15), (17, 40))
    ]
    holders = [("+447700900001", "clerk", START, None)]
    context = _context(holders, {}, patterns={"clerk": "Mon-Fri 09:00-17:00"})
    [finding] = analyse(_frame(rows), context).findings
    assert (finding.kind, finding.lines) == ("out_of_hours", [2, 4, 5])


def test_a_holding_from_a_date_starts_at_uk_midnight_in_summer():
    # A number handed over on 1 April 2026 (a date, as the identities import and the
    # generator give it): a call at 00:30 UK time that day (23:30 UTC on 31 March) is the new
    # holder's.
    from councilguard.phones.generator import GeneratedBills, Holder

    number = "+447700900001"
    bills = GeneratedBills(
        records=_frame(
            [_line(number, datetime(2026, 4, 1, 0, 30), called="+449098790123", secs=60)]
        ),
        holders=[
            Holder("leaver", "Leaver", "Staff", "", number, date(2025, 1, 1), date(2026, 4, 1)),
            Holder("starter", "Starter", "Staff", "", number, date(2026, 4, 1)),
        ],
        directory=[],
        truth=[],
        months=[],
    )
    context = context_for(bills)
    assert context.holders["valid_from"][1] == datetime(2026, 3, 31, 23, tzinfo=UTC)
    [finding] = analyse(bills.records, context).findings
    assert (finding.person, finding.kind) == ("starter", "premium_rate")


def test_duckdb_and_pyspark_give_identical_phone_findings(generated, tmp_path, spark_session):
    """C31: the phone rules are one Ibis expression; DuckDB and Spark give the same findings."""
    import ibis

    path = tmp_path / "lines.parquet"
    generated.records.write_parquet(path)
    context = context_for(generated)
    on_duckdb = analyse(ibis.duckdb.connect().read_parquet(path), context)
    # 2026's months from their lines, judged against 2025's as their summaries keep them
    # (phones.judged: the judged figures of a whole run), as an incremental run does.
    new_year = date(2026, 1, 1)
    recent = tmp_path / "recent.parquet"
    generated.records.filter(pl.col("start_local") >= datetime(2026, 1, 1)).write_parquet(recent)
    earlier = on_duckdb.monthly.filter(pl.col("month") < new_year).select(
        "person", "month", *METRICS
    )
    split_on_duckdb = analyse(ibis.duckdb.connect().read_parquet(recent), context, earlier)

    spark = ibis.pyspark.connect(spark_session)
    on_spark = analyse(spark.read_parquet(str(path)), context)
    split_on_spark = analyse(spark.read_parquet(str(recent)), context, earlier)

    def seen(result):
        return [
            (f.person, f.month, f.kind, f.metric, f.baselines, f.sentence, f.lines, f.cost_pence)
            for f in result.findings
        ]

    assert on_duckdb.findings and seen(on_duckdb) == seen(on_spark)
    assert (on_duckdb.lines, on_duckdb.unattributed_lines) == (
        on_spark.lines,
        on_spark.unattributed_lines,
    )

    def of_2026(result):
        return [f for f in seen(result) if f[1] >= "2026-01"]

    assert of_2026(on_duckdb)
    assert of_2026(split_on_duckdb) == of_2026(split_on_spark) == of_2026(on_duckdb)
