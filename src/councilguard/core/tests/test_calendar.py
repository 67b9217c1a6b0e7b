"""Bank holidays, shared by the subject access clock and every monitoring rule's working hours.

The expected dates are written out from the proclamations for 2026, never taken from the
package the code uses."""

from __future__ import annotations

from datetime import date

import pytest

from councilguard.core.calendar import (
    bank_holidays,
    bank_holidays_between,
    is_bank_holiday,
    is_working_day,
)

ENGLAND_WALES_2026 = [
    date(2026, 1, 1),  # New Year's Day
    date(2026, 4, 3),  # Good Friday
    date(2026, 4, 6),  # Easter Monday
    date(2026, 5, 4),  # early May bank holiday
    date(2026, 5, 25),  # spring bank holiday
    date(2026, 8, 31),  # summer bank holiday
    date(2026, 12, 25),  # Christmas Day (a Friday)
    date(2026, 12, 26),  # Boxing Day (a Saturday) ...
    date(2026, 12, 28),  # ... and its substitute, Monday 28 December
]


def test_england_and_wales_2026_are_the_nine_proclaimed_days():
    assert bank_holidays("england_wales", [2026]) == ENGLAND_WALES_2026


@pytest.mark.parametrize("day", ENGLAND_WALES_2026)
def test_each_bank_holiday_is_not_a_working_day(day):
    assert is_bank_holiday(day)
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    # The days either side of Christmas and the summer bank holiday are ordinary.
    [date(2026, 12, 24), date(2026, 12, 29), date(2026, 8, 28), date(2026, 9, 1)],
)
def test_the_days_around_them_are_working_days(day):
    assert not is_bank_holiday(day)
    assert is_working_day(day)


def test_scotland_and_northern_ireland_keep_their_own_days():
    # 2 January and St Andrew's Day (30 November) in Scotland, no Easter Monday; the first
    # Monday of August, not the last.
    assert is_bank_holiday(date(2026, 1, 2), "scotland")
    assert is_bank_holiday(date(2026, 11, 30), "scotland")
    assert is_bank_holiday(date(2026, 8, 3), "scotland")
    assert not is_bank_holiday(date(2026, 4, 6), "scotland")
    assert not is_bank_holiday(date(2026, 1, 2), "england_wales")
    # St Patrick's Day and the Twelfth (on a Sunday in 2026, so Monday 13 July too).
    assert is_bank_holiday(date(2026, 3, 17), "northern_ireland")
    assert is_bank_holiday(date(2026, 7, 13), "northern_ireland")
    assert not is_bank_holiday(date(2026, 3, 17), "england_wales")


def test_a_span_of_years_and_an_unknown_region():
    assert bank_holidays_between("england_wales", None, date(2026, 1, 1)) == []
    spanned = bank_holidays_between("england_wales", date(2025, 12, 1), date(2026, 1, 31))
    assert date(2025, 12, 25) in spanned and date(2026, 8, 31) in spanned
    with pytest.raises(ValueError):
        bank_holidays("atlantis", [2026])
