"""A phone analysis reads only the months new bills touched and the months their baselines
need (issue 18), the earlier ones from their monthly summaries when those are whole and
current, and its findings are those of a run over every month."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Role
from councilguard.phones import services
from councilguard.phones.models import UsageMonth
from councilguard.phones.testing import bill, issue_phone, make_phone_source, premium_call
from councilguard.testing.audit import assert_not_audited
from councilguard.testing.world import SETUP

ANN = "07700 900321"  # staff: 10 calls, 100 minutes a month; 40 calls in September 2025
BOB = "07700 900654"  # manager: 30 minutes a month, no calls in April and May 2025


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture
def phones(world):
    make_phone_source(world)
    issue_phone(world, Role.STAFF, ANN)
    issue_phone(world, Role.MANAGER, BOB)
    return world


def call(number: str, when: str, minutes: int) -> str:
    return f"{number},{when},01632960123,Call,voice,out,{minutes * 60},0,{minutes * 5},false,"


def month_bill(month: int, *, extra: list[str] = ()) -> bytes:
    hours = (10, 11, 14, 15) if month == 9 else (10,)
    rows = [
        call(ANN, f"2025-{month:02d}-{day:02d} {hour}:00:00", 10)
        for day in range(2, 12)
        for hour in hours
    ]
    if month not in (4, 5):
        rows += [call(BOB, f"2025-{month:02d}-{day:02d} 11:00:00", 6) for day in range(2, 7)]
    if month == 6:
        rows.append(premium_call(BOB, "2025-06-16 12:00:00"))
    return bill(*rows, *extra)


def snapshot(world) -> list[tuple]:
    return sorted(
        (f.person_id, f.rule_kind, f.period_start, f.summary, f.status, str(f.evidence))
        for f in services.phone_findings(world.council)
    )


def summaries(world) -> list[tuple]:
    return sorted(
        UsageMonth.objects.filter(council=world.council).values_list(
            "person_id", "month", "calls", "minutes", "cost_pence", "own_median_cost",
            "judged_calls", "judged_minutes", "judged_texts", "judged_basis",
        )
    )  # fmt: skip


def months_bills(world, last: int) -> None:
    for month in range(1, last + 1):
        services.import_bill(
            world.council, month_bill(month), file_name=f"{month}.csv", actor=SETUP
        )


def test_a_new_months_bill_is_analysed_with_its_baselines_only(phones):
    for month in range(1, 9):
        services.import_bill(
            phones.council, month_bill(month), file_name=f"{month}.csv", actor=SETUP
        )
    assert services.months_to_analyse(phones.council) == ([], [])
    report = services.import_bill(phones.council, month_bill(9), file_name="9.csv", actor=SETUP)
    assert report.findings_created == 1
    # September's lines alone were read (Ann's 40 calls, Bob's 5): the months before it came
    # from their summaries.
    analysed = AuditEntry.objects.filter(council=phones.council, event=Event.FINDINGS_ANALYSED)
    assert analysed.latest("pk").changes["lines"] == 45
    finding = services.phone_findings(phones.council).get(period_start=date(2025, 9, 1))
    assert finding.summary.startswith("40 calls in September 2025: 4.0 times")
    assert finding.evidence["own_months"] == 6
    # Bob had only March, June and July in that window but held his phone since January, so
    # the window reached back for his (to summaries too): a whole run agrees.
    incremental, months = snapshot(phones), summaries(phones)
    full = services.analyse_council(phones.council, actor=SETUP)
    assert (full.created, full.updated, full.withdrawn) == (0, 0, 0)
    assert (snapshot(phones), summaries(phones)) == (incremental, months)


def test_the_lines_read_are_those_of_the_months_and_their_windows(phones):
    months_bills(phones, 10)
    pending, months = services.months_to_analyse(phones.council)
    assert (pending, months) == ([], [])
    before = snapshot(phones)
    # October with Ann's six months before it (April to September) has Bob's in only four
    # (June to September): his window goes back six months more, to October 2024, which is
    # before the first stored day. Every earlier month's summaries are whole and current,
    # so only October's lines are read: Ann's 10 calls and Bob's 5.
    outcome = services.analyse_council(
        phones.council, actor=SETUP, months=[date(2025, 10, 1)], batches=[]
    )
    assert outcome.analysis.lines == 15
    assert [f"{m:%Y-%m}" for m in outcome.analysis.monthly["month"].unique().sort()] == ["2025-10"]
    assert (outcome.created, outcome.updated, outcome.withdrawn) == (0, 0, 0)
    # Without summaries (written before they had judged figures, or cleared), everything is
    # read: Ann's 10 x 10 and 30 more in September, Bob's 8 x 5 and his premium call.
    UsageMonth.objects.filter(council=phones.council).update(
        judged_calls=None, judged_minutes=None, judged_texts=None, judged_basis=""
    )
    outcome = services.analyse_council(
        phones.council, actor=SETUP, months=[date(2025, 10, 1)], batches=[]
    )
    assert outcome.analysis.lines == 171
    # With Bob's months whole, October's window would be April to October alone: what Ann's
    # window reads is checked by the history benchmark (bench/phone_history.py).
    assert [f"{m:%Y-%m}" for m in outcome.analysis.monthly["month"].unique().sort()] == ["2025-10"]
    assert (outcome.created, outcome.updated, outcome.withdrawn) == (0, 0, 0)
    assert snapshot(phones) == before


def test_a_month_without_summaries_is_read_from_its_lines(phones):
    """A month whose summaries are gone (retention keeps lines longer than summaries) or
    not whole (one person's cleared) is read from its lines; the findings are a full run's."""
    months_bills(phones, 9)
    ann, bob = phones.people[Role.STAFF], phones.people[Role.MANAGER]
    before = snapshot(phones)
    # September is judged against the six months with lines before it: Ann's March to
    # August, Bob's January, February, March, June, July and August. Take away July's
    # summaries and August's of Ann alone: were those months left out rather than read,
    # Bob's window would be four months.
    UsageMonth.objects.filter(council=phones.council, month=date(2025, 7, 1)).delete()
    UsageMonth.objects.filter(council=phones.council, month=date(2025, 8, 1), person=ann).update(
        judged_calls=None, judged_minutes=None, judged_texts=None, judged_basis=""
    )
    outcome = services.analyse_council(
        phones.council, actor=SETUP, months=[date(2025, 9, 1)], batches=[]
    )
    # September (Ann's 40, Bob's 5), July and August (Ann's 10, Bob's 5 each) from lines.
    assert outcome.analysis.lines == 45 + 15 + 15
    september = outcome.analysis.monthly.sort("person")
    assert dict(zip(september["person"], september["own_months"], strict=True)) == {
        str(ann.pk): 6,
        str(bob.pk): 6,
    }
    assert (outcome.created, outcome.updated, outcome.withdrawn) == (0, 0, 0)
    assert snapshot(phones) == before
    full = services.analyse_council(phones.council, actor=SETUP)
    assert (full.created, full.updated, full.withdrawn) == (0, 0, 0)
    in_full = full.analysis.monthly.filter(pl.col("month") == date(2025, 9, 1)).sort("person")
    assert in_full.equals(september)


def test_summaries_of_an_other_basis_are_not_used(phones):
    """A change that moves lines between people or in or out of clear personal use (here a
    long call's length) makes the summaries stale: the earlier months are read again."""
    months_bills(phones, 9)
    services.update_settings(phones.council, {"long_call_minutes": 30}, actor=SETUP)
    outcome = services.analyse_council(
        phones.council, actor=SETUP, months=[date(2025, 9, 1)], batches=[]
    )
    # September and the twelve months before it that have lines: everything stored, Ann's
    # 8 x 10 and 40, Bob's 7 x 5 and his premium call.
    assert outcome.analysis.lines == 156
    # Once a whole run has written them anew, they are used again.
    services.analyse_council(phones.council, actor=SETUP)
    outcome = services.analyse_council(
        phones.council, actor=SETUP, months=[date(2025, 9, 1)], batches=[]
    )
    assert outcome.analysis.lines == 45


def test_a_late_bill_for_an_old_month_re_analyses_the_months_that_look_back_at_it(phones):
    for month in range(1, 11):
        services.import_bill(
            phones.council, month_bill(month), file_name=f"{month}.csv", actor=SETUP
        )
    # Ann's extra calls in April raise her April and, through her median, the months after.
    extra = [call(ANN, f"2025-04-{day:02d} 15:00:00", 15) for day in range(14, 18)]
    extra += [call(ANN, f"2025-04-{day:02d} 16:00:00", 15) for day in range(14, 18)]
    extra += [call(ANN, f"2025-04-{day:02d} 16:30:00", 15) for day in range(22, 26)]
    extra += [call(ANN, f"2025-04-{day:02d} 15:00:00", 15) for day in range(22, 30)]
    late = services.import_bill(
        phones.council, bill(*extra), file_name="april-extra.csv", actor=SETUP, analyse_after=False
    )
    pending, months = services.months_to_analyse(phones.council)
    # April and the year after it: the six months whose windows hold it, the twelve whose
    # variation of all use reads it, and April 2026, judged against it as the same month a
    # year earlier.
    assert [f"{m:%Y-%m}" for m in months] == [
        "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11",
        "2025-12", "2026-01", "2026-02", "2026-03", "2026-04",
    ]  # fmt: skip
    assert len(pending) == 1 and late.accepted == 20
    outcome = services.analyse_new(phones.council, actor=SETUP)
    # April itself: 400 minutes against her 100 of January to March.
    assert outcome.created == 1
    incremental, summary = snapshot(phones), summaries(phones)
    assert len(incremental) == 3  # April, September and Bob's premium call in June
    full = services.analyse_council(phones.council, actor=SETUP)
    assert (full.created, full.updated, full.withdrawn) == (0, 0, 0)
    assert (snapshot(phones), summaries(phones)) == (incremental, summary)


def test_nothing_new_reads_and_records_nothing_and_the_same_bill_twice_is_a_no_op(phones):
    content = month_bill(1)
    services.import_bill(phones.council, content, file_name="1.csv", actor=SETUP)
    with assert_not_audited(phones.council):
        assert services.analyse_new(phones.council, actor=SETUP) is None
        again = services.import_bill(phones.council, content, file_name="copy.csv", actor=SETUP)
    assert again.already_imported
    assert services.months_to_analyse(phones.council) == ([], [])


def test_the_command_analyses_new_bills_by_default_and_every_month_with_all(phones, capsys):
    from django.core.management import call_command

    services.import_bill(
        phones.council, month_bill(6), file_name="6.csv", actor=SETUP, analyse_after=False
    )
    call_command("phones", "analyse", "--council", phones.council.slug)
    assert capsys.readouterr().out == ("16 bill lines: 1 new findings, 0 updated, 0 withdrawn\n")
    call_command("phones", "analyse", "--council", phones.council.slug)
    assert capsys.readouterr().out == "every bill has been analysed: nothing new\n"
    call_command("phones", "analyse", "--council", phones.council.slug, "--all")
    assert capsys.readouterr().out == "16 bill lines: 0 new findings, 0 updated, 0 withdrawn\n"
    entries = AuditEntry.objects.filter(council=phones.council, event=Event.FINDINGS_ANALYSED)
    assert [e.changes["months"] for e in entries.order_by("pk")] == [
        # June and the year after it (services.months_to_analyse).
        "June 2025, July 2025, August 2025, September 2025, October 2025, November 2025, "
        "December 2025, January 2026, February 2026, March 2026, April 2026, May 2026, "
        "June 2026",
        "every month",
    ]
