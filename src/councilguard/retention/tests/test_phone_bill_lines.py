"""Phone bill lines carry no person: retention finds a held person's lines through who held
each number when (C19, B 5.1.3), and keeps them while the rest of the day's lines go."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from councilguard.core.roles import Role
from councilguard.monitoring import eventstore
from councilguard.monitoring.testing import make_hold
from councilguard.phones import retention_kinds
from councilguard.phones import services as phones
from councilguard.phones.models import UsageMonth
from councilguard.phones.testing import bill, issue_phone, make_phone_source, premium_call
from councilguard.retention import services
from councilguard.testing.world import SETUP

STAFF_NUMBER, MANAGER_NUMBER = "07700 900101", "07700 900102"


@pytest.fixture
def billed(world, data_dir):
    make_phone_source(world)  # 400 days
    issue_phone(world, Role.STAFF, STAFF_NUMBER)
    issue_phone(world, Role.MANAGER, MANAGER_NUMBER)
    phones.import_bill(
        world.council,
        bill(
            premium_call(STAFF_NUMBER, "2026-03-10 11:00:00"),
            premium_call(MANAGER_NUMBER, "2026-03-10 11:30:00"),
            premium_call(STAFF_NUMBER, "2026-03-12 11:00:00"),
        ),
        file_name="bill.csv",
        actor=SETUP,
    )
    return world


def stored_numbers(world) -> list[str]:
    files = eventstore.files(world.council, "phone")
    if not files:
        return []
    frame = pl.read_parquet(files, hive_partitioning=False).sort("at")
    return frame["line_number"].to_list()


def bill_lines(run: services.Run) -> dict:
    return next(line for line in run.lines if line["kind"] == "phones.bill_lines")


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (dt.date(2027, 4, 14), 0),  # 10 March 2026 is exactly 400 days old: kept
        (dt.date(2027, 4, 15), 2),  # 401 days old: both lines of that day are due
        (dt.date(2027, 4, 13), 0),  # 399 days old
    ],
)
def test_bill_lines_go_the_day_after_the_sources_period(billed, today, due):
    run = services.run(billed.council, actor=SETUP, today=today)
    assert bill_lines(run)["due"] == bill_lines(run)["deleted"] == due
    assert len(stored_numbers(billed)) == 3 - due


def test_a_held_persons_bill_lines_are_kept(billed):
    hold = make_hold(billed, Role.STAFF)
    run = services.run(billed.council, actor=SETUP, today=dt.date(2027, 4, 15))
    lines = bill_lines(run)
    assert (lines["due"], lines["deleted"]) == (2, 1)
    assert lines["kept"] == [{"for": hold.reason, "count": 1}]
    # Stored as the bill's numbers in international form.
    assert stored_numbers(billed) == ["+447700900101", "+447700900101"]


def judged(world) -> dict:
    """Each summary's judged figures (phones.judged) and whether it has a basis."""
    return {
        (u.person_id, f"{u.month:%Y-%m}"): (
            u.judged_calls,
            u.judged_minutes,
            u.judged_texts,
            bool(u.judged_basis),
        )
        for u in UsageMonth.objects.filter(council=world.council)
    }


def test_a_months_judged_figures_go_with_its_lines(billed):
    staff, manager = billed.people[Role.STAFF].pk, billed.people[Role.MANAGER].pk
    # Premium-rate calls are clear personal use: nothing of them is judged as usual use.
    written = {(staff, "2026-03"): (0, 0.0, 0, True), (manager, "2026-03"): (0, 0.0, 0, True)}
    assert judged(billed) == written
    services.run(billed.council, actor=SETUP, today=dt.date(2027, 4, 14))
    assert judged(billed) == written
    services.run(billed.council, actor=SETUP, today=dt.date(2027, 4, 15))
    # 10 March's lines went; the summaries stay for their own period, without the figures
    # a later month would be judged on (March is read from what lines are left).
    assert judged(billed) == {key: (None, None, None, False) for key in written}
    assert UsageMonth.objects.filter(council=billed.council).count() == 2


def test_a_months_judged_figures_go_when_a_held_line_keeps_the_day(billed):
    make_hold(billed, Role.STAFF)
    services.run(billed.council, actor=SETUP, today=dt.date(2027, 4, 15))
    # The manager's line of 10 March went, the staff member's stayed: March is no longer
    # what either summary was judged on.
    assert set(judged(billed).values()) == {(None, None, None, False)}


def test_held_summaries_of_a_month_others_left_keep_no_judged_figures(billed):
    staff, manager = billed.people[Role.STAFF].pk, billed.people[Role.MANAGER].pk
    summaries = next(
        k for k in retention_kinds.kinds(billed.council) if k.key == "phones.summaries"
    )
    tally = summaries.sweep(billed.council, dt.date(2026, 4, 2), True, {staff: "Case 1"})
    assert tally.due == 2
    # The manager's March went: the staff member's, kept for the case, is no longer the
    # whole month a later month could be judged against.
    assert judged(billed) == {(staff, "2026-03"): (None, None, None, False)}
    assert not UsageMonth.objects.filter(person_id=manager).exists()
