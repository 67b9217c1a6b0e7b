"""Bank holidays are not working hours in the web rules (B 1.1.1, B 9.1.2), as in the phone
rules: social media at 10:00 on a bank holiday is personal use outside working hours. The
staff member works Monday to Friday, 09:00 to 17:00."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from councilguard.monitoring import analysis
from councilguard.monitoring import services as monitoring_services
from councilguard.monitoring.ingest import ingest_file
from councilguard.monitoring.tests.engine import TESTER, squid_line


def facebook(day: date, minutes: int = 30) -> list[str]:
    """A request a minute to Facebook from 10:00 on ``day``: ``minutes`` minutes of use."""
    return [
        squid_line(f"{day} 10:{m:02d}:00", "10.9.9.9", "http://www.facebook.com/", "s.staff")
        for m in range(minutes)
    ]


def weekly(world, tmp_path: Path, days: list[date]) -> dict[date, dict]:
    path = tmp_path / "access.log"
    path.write_text("\n".join(line for day in days for line in facebook(day)) + "\n")
    ingest_file(world.council, "proxy", "squid", path, actor=TESTER)
    rows, _ = analysis.evaluate(world.council, "proxy", None, None)
    return {row["week"]: row for row in rows["weekly"]}


def minutes(row: dict) -> tuple[int, int]:
    """(social minutes in working hours, personal minutes outside them)."""
    return row["social_seconds"] // 60, row["personal_out_seconds"] // 60


@pytest.mark.parametrize(
    "holiday",
    [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),  # substitute for Boxing Day, Saturday 26 December
    ],
)
def test_a_weekday_bank_holiday_is_outside_working_hours(monitored, tmp_path, holiday):
    # The same half hour on the next ordinary weekday is in working hours.
    ordinary = holiday + timedelta(days=1)
    while ordinary.weekday() >= 5 or ordinary in (date(2026, 4, 6), date(2026, 12, 28)):
        ordinary += timedelta(days=1)
    rows = weekly(monitored, tmp_path, [holiday, ordinary])
    holiday_week = holiday - timedelta(days=holiday.weekday())
    ordinary_week = ordinary - timedelta(days=ordinary.weekday())
    if holiday_week == ordinary_week:
        assert minutes(rows[holiday_week]) == (30, 30)
    else:
        assert minutes(rows[holiday_week]) == (0, 30)
        assert minutes(rows[ordinary_week]) == (30, 0)


def test_a_council_in_scotland_works_on_easter_monday_but_not_on_2_january(monitored, tmp_path):
    monitoring_services.update_settings(
        monitored.council, {"bank_holiday_region": "scotland"}, actor=TESTER
    )
    rows = weekly(monitored, tmp_path, [date(2026, 1, 2), date(2026, 4, 6)])
    # Friday 2 January 2026 is a Scottish bank holiday; Easter Monday is not.
    assert minutes(rows[date(2025, 12, 29)]) == (0, 30)
    assert minutes(rows[date(2026, 4, 6)]) == (30, 0)


def test_england_and_wales_is_the_default_and_the_region_is_checked(monitored, tmp_path):
    rows = weekly(monitored, tmp_path, [date(2026, 1, 2), date(2026, 4, 6)])
    assert minutes(rows[date(2025, 12, 29)]) == (30, 0)
    assert minutes(rows[date(2026, 4, 6)]) == (0, 30)
    with pytest.raises(monitoring_services.MonitoringError, match="Scotland"):
        monitoring_services.update_settings(
            monitored.council, {"bank_holiday_region": "wales"}, actor=TESTER
        )
