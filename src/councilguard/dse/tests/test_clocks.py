"""The clocks of the display screen register at their edges (B 3.1.1; DSE Regulations 1992
reg 5): the council's defaults stated literally, an unanswered offer chased after exactly 30
days, a test due again exactly 24 months after the last, and month arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilguard.core.contributions import Urgency
from councilguard.core.roles import Role
from councilguard.dse.clocks import add_months, next_test_due, start_of
from councilguard.dse.models import DseSettings
from councilguard.dse.testing import make_offer, make_screen_user
from councilguard.dse.waiting import waiting_items
from councilguard.testing.world import SETUP

NOON = timedelta(hours=12)


def test_the_council_s_defaults():
    defaults = DseSettings()
    assert defaults.eye_test_every_months == 24
    assert defaults.offer_answer_days == 30
    assert defaults.assessment_every_months == 24
    assert defaults.glasses_contribution_limit_pence == 7500


def _items(world, role, now):
    membership = world.users[role].memberships.get()
    return waiting_items(membership, world.people.get(role), now)


@pytest.mark.parametrize(
    ("days", "chased"),
    [(29, False), (30, True), (31, True)],
)
def test_an_offer_unanswered_for_30_days_is_chased(world, days, chased):
    from django.utils import timezone

    offered_on = timezone.localdate() - timedelta(days=60)
    staff = make_screen_user(world)
    make_offer(world, staff, on=offered_on)
    now = start_of(offered_on + timedelta(days=days)) + NOON
    clerk_titles = [i.title for i in _items(world, Role.CLERK, now)]
    wanted = f"{staff.full_name} has not answered the eye test offered on {offered_on:%-d %B %Y}"
    assert (wanted in clerk_titles) is chased
    answer = next(i for i in _items(world, Role.STAFF, now) if ":answer:" in i.key)
    assert (answer.urgency == Urgency.OVERDUE) is chased
    # The user is reminded by e-mail from that day, not before.
    assert (answer.remind_from <= now) is chased


@pytest.mark.parametrize(
    ("offset", "urgency"),
    [
        (timedelta(seconds=-1), Urgency.SOON),
        (timedelta(0), Urgency.SOON),
        (timedelta(seconds=1), Urgency.OVERDUE),
    ],
)
def test_a_test_is_overdue_once_24_months_have_passed(world, offset, urgency):
    from django.utils import timezone

    from councilguard.dse.services import record_test

    tested_on = timezone.localdate()
    staff = make_screen_user(world)
    record_test(make_offer(world, staff), tested_on=tested_on, tested_by="A. Optician", actor=SETUP)
    due = add_months(tested_on, 24)
    item = next(i for i in _items(world, Role.STAFF, start_of(due) + offset) if ":test:" in i.key)
    assert item.urgency == urgency
    # The clerk is asked to offer the next test (from 30 days before it falls due).
    clerk = [i.title for i in _items(world, Role.CLERK, start_of(due) + offset)]
    assert f"Offer {staff.full_name} an eye test (due {due:%-d %B %Y})" in clerk
    early = start_of(due) - timedelta(days=30, seconds=1)
    assert not any(":offer:" in i.key for i in _items(world, Role.CLERK, early))


def test_the_optician_s_date_wins_and_a_new_user_is_due_at_once():
    assert next_test_due(date(2020, 1, 1), date(2024, 3, 10), date(2025, 3, 10), 24) == date(
        2025, 3, 10
    )
    assert next_test_due(date(2026, 5, 1), None, None, 24) == date(2026, 5, 1)


def test_months_end_on_the_last_day_of_a_shorter_month():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 2, 29), 24) == date(2026, 2, 28)
    assert add_months(date(2024, 11, 15), 2) == date(2025, 1, 15)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 120))
def test_adding_months_keeps_the_day_where_it_can(day, months):
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and (later + timedelta(days=1)).day == 1)
