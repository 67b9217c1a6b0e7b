"""The subject access clock as the ICO counts it: each expected date worked out by hand from the
calendar and the published bank holidays, never from the code under test."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from councilguard.rights.clock import (
    REGIONS,
    Pause,
    add_months,
    clock,
    due_date,
    extension_notice_deadline,
    is_working_day,
)

D = date


@pytest.mark.parametrize(
    ("case", "received", "due"),
    [
        ("ICO example: 3 September to 3 October", D(2025, 9, 3), D(2025, 10, 3)),
        ("ICO example: 30 January to 28 February", D(2025, 1, 30), D(2025, 2, 28)),
        ("month end: 31 January to 28 February", D(2025, 1, 31), D(2025, 2, 28)),
        ("leap year: 30 January to 29 February", D(2028, 1, 30), D(2028, 2, 29)),
        ("leap year: 31 January to 29 February", D(2024, 1, 31), D(2024, 2, 29)),
        ("month end: 31 March to 30 April", D(2025, 3, 31), D(2025, 4, 30)),
        ("month end: 31 August to 30 September", D(2025, 8, 31), D(2025, 9, 30)),
        ("28 February to 28 March", D(2025, 2, 28), D(2025, 3, 28)),
        ("a year end: 15 December to 15 January", D(2025, 12, 15), D(2026, 1, 15)),
        ("Saturday to Monday: 4 October 2025", D(2025, 9, 4), D(2025, 10, 6)),
        ("Sunday to Monday: 5 October 2025", D(2025, 9, 5), D(2025, 10, 6)),
        # Christmas Day and Boxing Day 2025 fall on Thursday and Friday: the next working day
        # is Monday 29 December.
        ("Christmas Day 2025", D(2025, 11, 25), D(2025, 12, 29)),
        ("Boxing Day 2025", D(2025, 11, 26), D(2025, 12, 29)),
        # 2026: Christmas on a Friday, Boxing Day on the Saturday, so Monday 28 December is
        # the substitute day; Tuesday 29 December.
        ("Christmas Day 2026", D(2026, 11, 25), D(2026, 12, 29)),
        ("Boxing Day substitute 2026", D(2026, 11, 28), D(2026, 12, 29)),
        ("New Year's Day 2026", D(2025, 12, 1), D(2026, 1, 2)),
        # Easter 2025: Good Friday 18 April, Easter Monday 21 April.
        ("Good Friday 2025", D(2025, 3, 18), D(2025, 4, 22)),
        ("Easter Monday 2025", D(2025, 3, 21), D(2025, 4, 22)),
        # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
        ("Good Friday 2026", D(2026, 3, 3), D(2026, 4, 7)),
        ("Early May bank holiday 2025", D(2025, 4, 5), D(2025, 5, 6)),
        ("Spring bank holiday 2025", D(2025, 4, 26), D(2025, 5, 27)),
        ("Early May bank holiday 2026", D(2026, 4, 4), D(2026, 5, 5)),
        ("Spring bank holiday 2026", D(2026, 4, 25), D(2026, 5, 26)),
        ("Summer bank holiday 2026", D(2026, 7, 31), D(2026, 9, 1)),
        ("an ordinary Wednesday", D(2025, 6, 11), D(2025, 7, 11)),
    ],
)
def test_due_date_in_england_and_wales(case, received, due):
    assert due_date(received) == due, case


@pytest.mark.parametrize(
    ("case", "region", "received", "due"),
    [
        ("Scotland has no Easter Monday", "scotland", D(2025, 3, 21), D(2025, 4, 21)),
        ("Scotland keeps 2 January", "scotland", D(2025, 12, 2), D(2026, 1, 5)),
        ("England and Wales work on 2 January", "england_wales", D(2025, 12, 2), D(2026, 1, 2)),
        ("Scotland: St Andrew's Day 2026 (Mon)", "scotland", D(2026, 10, 30), D(2026, 12, 1)),
        ("Scotland: first Monday of August", "scotland", D(2026, 7, 3), D(2026, 8, 4)),
        ("Northern Ireland: St Patrick's Day", "northern_ireland", D(2026, 2, 17), D(2026, 3, 18)),
        ("England: St Patrick's Day is a working day", "england_wales", D(2026, 2, 17), D(2026, 3, 17)),
        ("Northern Ireland: Battle of the Boyne", "northern_ireland", D(2026, 6, 13), D(2026, 7, 14)),
    ],
)  # fmt: skip
def test_due_date_elsewhere_in_the_uk(case, region, received, due):
    assert due_date(received, region=region) == due, case


@pytest.mark.parametrize(
    ("case", "received", "due"),
    [
        ("three months: 3 September to 3 December", D(2025, 9, 3), D(2025, 12, 3)),
        ("30 November to 28 February, a Saturday: Monday 2 March", D(2025, 11, 30), D(2026, 3, 2)),
        ("leap year: 30 November 2027 to 29 February 2028", D(2027, 11, 30), D(2028, 2, 29)),
        ("31 May to 31 August 2026, the summer bank holiday", D(2026, 5, 31), D(2026, 9, 1)),
    ],
)
def test_extended_due_date_is_three_months(case, received, due):
    assert due_date(received, extended=True) == due, case


def test_an_unknown_region_is_refused():
    with pytest.raises(ValueError, match="unknown bank holiday region"):
        due_date(D(2025, 1, 1), region="wessex")


def test_a_pause_restarts_the_count_from_the_reply():
    # Received Monday 1 September; asked for identity on the 5th; the reply came on the 10th:
    # one month from 10 September is Friday 10 October.
    stopped = clock(D(2025, 9, 1), [Pause(D(2025, 9, 5), D(2025, 9, 10))])
    assert (stopped.runs_from, stopped.due, stopped.paused) == (
        D(2025, 9, 10),
        D(2025, 10, 10),
        False,
    )


def test_an_open_pause_stops_the_clock():
    waiting = clock(D(2025, 9, 1), [Pause(D(2025, 9, 5))])
    assert waiting.paused and waiting.due is None and waiting.days_left(D(2025, 9, 30)) is None


def test_the_latest_reply_of_several_pauses_counts():
    pauses = [Pause(D(2025, 9, 20), D(2025, 9, 22)), Pause(D(2025, 9, 2), D(2025, 9, 4))]
    assert clock(D(2025, 9, 1), pauses).due == D(2025, 10, 22)


def test_a_pause_cannot_start_before_receipt_nor_end_before_it_starts():
    with pytest.raises(ValueError):
        clock(D(2025, 9, 10), [Pause(D(2025, 9, 5), D(2025, 9, 12))])
    with pytest.raises(ValueError):
        clock(D(2025, 9, 1), [Pause(D(2025, 9, 5), D(2025, 9, 4))])


def test_an_extension_counts_three_months_from_the_restart():
    extended = clock(D(2025, 9, 1), [Pause(D(2025, 9, 5), D(2025, 9, 10))], extended=True)
    assert extended.due == D(2025, 12, 10)


def test_the_requester_is_told_of_an_extension_within_the_first_month():
    assert extension_notice_deadline(D(2025, 9, 4)) == D(2025, 10, 6)


def test_days_left_at_the_deadline_and_either_side():
    running = clock(D(2025, 9, 3))
    assert running.days_left(D(2025, 10, 2)) == 1
    assert running.days_left(D(2025, 10, 3)) == 0
    assert running.days_left(D(2025, 10, 4)) == -1


@pytest.mark.parametrize(
    ("args", "printed"),
    [
        (["2025-01-30"], "2025-02-28"),
        (["2028-01-30"], "2028-02-29"),
        (["2025-11-25"], "2025-12-29"),
        (["2025-09-03", "--extended"], "2025-12-03"),
        (["2025-03-21", "--region", "scotland"], "2025-04-21"),
    ],
)
def test_the_command_prints_the_due_date(args, printed, capsys):
    call_command("rights", "due", *args)
    assert capsys.readouterr().out.strip() == printed


def test_the_command_refuses_a_date_it_cannot_read():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("rights", "due", "30/01/2025")


# --- properties ---
days = st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31))
regions = st.sampled_from(sorted(REGIONS))


@given(received=days, region=regions, extended=st.booleans())
def test_the_deadline_is_always_a_working_day(received, region, extended):
    due = due_date(received, region=region, extended=extended)
    assert due.weekday() < 5
    assert is_working_day(due, region)


@given(received=days, region=regions)
def test_the_deadline_is_never_before_28_days_nor_long_after_a_month(received, region):
    due = due_date(received, region=region)
    assert due >= received + timedelta(days=28)
    # The longest run of days off in the UK is Christmas to the New Year (at most 5 days).
    assert (due - add_months(received, 1)).days <= 5
    assert due.month != received.month or due.year != received.year


@given(received=days)
def test_a_later_request_is_never_due_earlier(received):
    assert due_date(received + timedelta(days=1)) >= due_date(received)


@given(received=days)
def test_the_extension_is_always_later_and_two_months_more(received):
    assert due_date(received, extended=True) > due_date(received)
    assert due_date(received, extended=True) >= add_months(received, 3)


@given(received=days, wait=st.integers(min_value=0, max_value=60))
def test_a_pause_never_brings_the_deadline_forward(received, wait):
    paused = clock(received, [Pause(received, received + timedelta(days=wait))])
    assert paused.due >= due_date(received)
