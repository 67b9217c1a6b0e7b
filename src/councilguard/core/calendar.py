"""Bank holidays, one list for every part of the product that counts working days or hours.

Bank holidays differ across the UK (Scotland has 2 January and St Andrew's Day and no Easter
Monday; Northern Ireland has St Patrick's Day and 12 July), so each council says which it
keeps. The subject access clock skips them (rights), and the monitoring rules, web, DNS and
phone alike, do not count them as working hours (B 1.1.1: personal use is for outside
working hours, and a bank holiday is not a working day). Substitute days (Monday 28 December 2026
for Boxing Day on a Saturday) come from the ``holidays`` package.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

import holidays
from django.db import models

# Region key -> the ``holidays`` package's subdivision of GB.
SUBDIVISIONS = {"england_wales": "ENG", "scotland": "SCT", "northern_ireland": "NIR"}
DEFAULT_REGION = "england_wales"


class Region(models.TextChoices):
    ENGLAND_WALES = "england_wales", "England and Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"


@lru_cache(maxsize=256)
def _year(region: str, year: int) -> frozenset[date]:
    if region not in SUBDIVISIONS:
        raise ValueError(f"unknown bank holiday region {region!r}")
    return frozenset(
        holidays.country_holidays("GB", subdiv=SUBDIVISIONS[region], years=year).keys()
    )


def bank_holidays(region: str, years: Iterable[int]) -> list[date]:
    """The region's bank holidays (substitute days included) of the given years, in order."""
    return sorted(day for year in set(years) for day in _year(region, year))


def bank_holidays_between(region: str, first: date | None, last: date | None) -> list[date]:
    """The bank holidays of every year from ``first`` to ``last`` (none when either is None)."""
    if first is None or last is None:
        return []
    return bank_holidays(region, range(first.year, last.year + 1))


def is_bank_holiday(day: date, region: str = DEFAULT_REGION) -> bool:
    return day in _year(region, day.year)


def is_working_day(day: date, region: str = DEFAULT_REGION) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day, region)
