"""Every web and DNS threshold at, one unit below and one unit above its value (issue 12).

Each case writes the fewest log lines that put one measure exactly on a threshold (or one
request or second either side), every other measure far from its own, runs them through the
real ingest and rules (``proposals_for``: no findings written) and states literally which
findings follow. The values are the council's defaults (MonitoringSettings), checked first.

The staff member (proxy user ``s.staff``) works Mon-Fri 09:00-17:00; in the week of Monday 3
March 2025 the address 10.0.0.5 is the manager's (engine.py's fixture).
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

import pytest

from councilguard.core.roles import Role
from councilguard.monitoring.analysis import limits_for, proposals_for
from councilguard.monitoring.ingest import ingest_file
from councilguard.monitoring.models import MonitoringSettings
from councilguard.monitoring.rules import Limits
from councilguard.monitoring.tests.engine import TESTER, squid_line

WEEK = date(2025, 3, 3)  # a Monday
_files = count()


def test_the_defaults_are_the_policy_values(world):
    assert limits_for(world.council) == Limits(
        visit_gap_minutes=5,
        single_request_minutes=1,
        personal_minutes_in_hours=15,
        personal_minutes_per_day=120,
        personal_days_over=3,
        social_share_percent=20,
        personal_share_percent=25,
        prohibited_min_requests=5,
        prohibited_share_percent=0.5,
    )


# --- log lines ---


def at(day: int, clock: str) -> str:
    """'HH:MM:SS' on the ``day``-th day of the week (0 = Monday)."""
    return f"{WEEK + timedelta(days=day)} {clock}"


def clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def web(day: int, seconds: int, url: str, user: str = "s.staff", **kw) -> str:
    """A proxy request ``seconds`` after midnight."""
    return squid_line(at(day, clock(seconds)), "10.9.9.9", url, user, **kw)


def dns(day: int, seconds: int, host: str) -> str:
    stamp = (WEEK + timedelta(days=day)).strftime("%d-%b-%Y")
    return (
        f"{stamp} {clock(seconds)}.000 queries: info: client @0x1 10.0.0.5#50001 ({host}): "
        f"query: {host} IN A + (10.0.0.53)"
    )


def h(hour: int, minute: int = 0, second: int = 0) -> int:
    return hour * 3600 + minute * 60 + second


def business(n: int, *, days: int = 5, user: str = "s.staff") -> list[str]:
    """``n`` work requests in working hours spread over ``days`` days (never near 09:00 or
    17:00)."""
    return [
        web(i % days, h(10) + 17 * (i // days), "http://www.gov.uk/guidance", user)
        for i in range(n)
    ]


def found(world, tmp_path, web_lines=(), dns_lines=()) -> list[tuple[str, str]]:
    """(whose, rule) of every finding the rules would make from these lines."""
    for kind, fmt, lines in (("proxy", "squid", web_lines), ("dns", "bind", dns_lines)):
        if lines:
            path = tmp_path / f"{kind}-{next(_files)}.log"
            path.write_text("\n".join(lines) + "\n")
            receipt = ingest_file(world.council, kind, fmt, path, actor=TESTER)
            assert receipt.batch.rejected == 0
    who = {world.people[Role.STAFF].pk: "staff", world.people[Role.MANAGER].pk: "manager"}
    made, _ = proposals_for(world.council)
    return sorted((who[p["person_id"]], p["rule"]) for p in made)


STAFF_PROHIBITED = [("staff", "web.prohibited")]


# --- prohibited content: at least 5 requests a week, at least 0.5% of them ---


@pytest.mark.parametrize(
    ("requests", "expected"), [(4, []), (5, STAFF_PROHIBITED), (6, STAFF_PROHIBITED)]
)
def test_web_prohibited_needs_five_requests(monitored, tmp_path, requests, expected):
    lines = [web(2, h(20, i), "http://casino.example/") for i in range(requests)] + business(100)
    assert found(monitored, tmp_path, lines) == expected


@pytest.mark.parametrize(
    ("others", "expected"),
    [
        (996, []),  # 5 of 1001: 0.4995%
        (995, STAFF_PROHIBITED),  # 5 of 1000: exactly 0.5%
        (994, STAFF_PROHIBITED),  # 5 of 999
    ],
)
def test_web_prohibited_needs_half_a_percent(monitored, tmp_path, others, expected):
    lines = [web(2, h(20, i), "http://casino.example/") for i in range(5)] + business(others)
    assert found(monitored, tmp_path, lines) == expected


MANAGER_DNS = [("manager", "dns.prohibited")]


@pytest.mark.parametrize(("lookups", "expected"), [(4, []), (5, MANAGER_DNS), (6, MANAGER_DNS)])
def test_dns_prohibited_needs_five_lookups(monitored, tmp_path, lookups, expected):
    lines = [dns(1, h(12, i), "casino.example") for i in range(lookups)]
    lines += [dns(1, h(13) + i, "www.gov.uk") for i in range(100)]
    assert found(monitored, tmp_path, dns_lines=lines) == expected


@pytest.mark.parametrize(
    ("others", "expected"), [(996, []), (995, MANAGER_DNS), (994, MANAGER_DNS)]
)
def test_dns_prohibited_needs_half_a_percent(monitored, tmp_path, others, expected):
    lines = [dns(1, h(12, i), "casino.example") for i in range(5)]
    lines += [dns(1 + i % 4, h(9) + i, "www.gov.uk") for i in range(others)]
    assert found(monitored, tmp_path, dns_lines=lines) == expected


def test_dns_lookups_are_judged_on_the_prohibited_rule_only(monitored, tmp_path):
    # Hours of social media look-ups in working hours on every day: DNS says a site was looked
    # up, not how long it was used.
    lines = [dns(d, h(10) + 60 * i, "www.facebook.com") for d in range(5) for i in range(120)]
    assert found(monitored, tmp_path, dns_lines=lines) == []


@pytest.mark.parametrize(
    ("minimum", "requests", "expected"),
    [(8, 7, []), (8, 8, STAFF_PROHIBITED), (8, 9, STAFF_PROHIBITED)],
)
def test_the_councils_own_minimum_moves_the_threshold(
    monitored, tmp_path, minimum, requests, expected
):
    MonitoringSettings.objects.create(council=monitored.council, prohibited_min_requests=minimum)
    lines = [web(2, h(20, i), "http://casino.example/") for i in range(requests)] + business(100)
    assert found(monitored, tmp_path, lines) == expected


# --- social media in working hours: on at least 3 days, at least 20% of requests in hours ---

STAFF_SOCIAL = [("staff", "web.social_in_hours")]


@pytest.mark.parametrize(("days", "expected"), [(2, []), (3, STAFF_SOCIAL), (4, STAFF_SOCIAL)])
def test_social_media_on_three_days(monitored, tmp_path, days, expected):
    lines = [web(d, h(11, i), "http://www.facebook.com/") for d in range(days) for i in range(3)]
    assert found(monitored, tmp_path, lines) == expected


@pytest.mark.parametrize(
    ("others", "expected"),
    [
        (81, []),  # 20 of 101 requests in hours: 19.8%
        (80, STAFF_SOCIAL),  # 20 of 100: exactly 20%
        (79, STAFF_SOCIAL),  # 20 of 99
    ],
)
def test_social_media_at_a_fifth_of_requests_in_hours(monitored, tmp_path, others, expected):
    social = [web(i % 3, h(11, i), "http://www.facebook.com/") for i in range(20)]
    assert found(monitored, tmp_path, social + business(others, days=3)) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (h(8, 59, 59), []),  # a second before work starts
        (h(9), STAFF_SOCIAL),  # as work starts
        (h(9, 0, 1), STAFF_SOCIAL),
        (h(16, 59, 59), STAFF_SOCIAL),  # the last second of work
        (h(17), []),  # as work ends
        (h(17, 0, 1), []),
    ],
)
def test_working_hours_start_inclusive_and_end_exclusive(monitored, tmp_path, seconds, expected):
    lines = [web(d, seconds, "http://www.facebook.com/") for d in range(3)]
    assert found(monitored, tmp_path, lines) == expected


# --- personal use in working hours: over 15 minutes a day on 3 days, 25% of requests ---

STAFF_PERSONAL = [("staff", "web.personal_in_hours")]


def visit(day: int, start: int, seconds: int, url: str = "http://shop.example/") -> list[str]:
    """One visit credited exactly ``seconds``: requests every 4 minutes from ``start``, the
    last ``single_request`` (60 s) before the visit's end."""
    last = start + seconds - 60
    moments = list(range(start, last, 240)) + [last]
    return [web(day, s, url) for s in moments]


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (899, []),
        (900, []),  # exactly 15 minutes is within the limit
        (901, STAFF_PERSONAL),
    ],
)
def test_personal_use_in_hours_over_fifteen_minutes_a_day(monitored, tmp_path, seconds, expected):
    lines = [line for d in range(3) for line in visit(d, h(10), seconds)]
    assert found(monitored, tmp_path, lines) == expected


@pytest.mark.parametrize(("days", "expected"), [(2, []), (3, STAFF_PERSONAL), (4, STAFF_PERSONAL)])
def test_personal_use_in_hours_on_three_days(monitored, tmp_path, days, expected):
    lines = [line for d in range(days) for line in visit(d, h(10), 960)]
    assert found(monitored, tmp_path, lines) == expected


@pytest.mark.parametrize(
    ("others", "expected"),
    [
        (46, []),  # 15 personal requests of 61: 24.6%
        (45, STAFF_PERSONAL),  # 15 of 60: exactly 25%
        (44, STAFF_PERSONAL),  # 15 of 59
    ],
)
def test_personal_use_in_hours_at_a_quarter_of_requests(monitored, tmp_path, others, expected):
    # Five requests a day over 16 minutes (10:00 to 10:15, then a minute's reading).
    lines = [line for d in range(3) for line in visit(d, h(10), 960)]
    assert len(lines) == 15
    assert found(monitored, tmp_path, lines + business(others, days=3)) == expected


@pytest.mark.parametrize(
    ("gap", "expected"),
    [
        (299, STAFF_PERSONAL),  # one visit: 3 x 299 s + 60 s = 15 min 57 s a day
        (300, STAFF_PERSONAL),  # five minutes apart is still one visit: 16 min a day
        (301, []),  # four separate visits of a minute each
    ],
)
def test_requests_up_to_five_minutes_apart_are_one_visit(monitored, tmp_path, gap, expected):
    lines = [web(d, h(10) + gap * i, "http://shop.example/") for d in range(3) for i in range(4)]
    assert found(monitored, tmp_path, lines) == expected


# --- personal use outside working hours: over 120 minutes a day on 3 days ---

STAFF_EVENINGS = [("staff", "web.personal_out_of_hours")]


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (7199, []),
        (7200, []),  # exactly two hours is within the limit
        (7201, STAFF_EVENINGS),
    ],
)
def test_personal_use_out_of_hours_over_two_hours_a_day(monitored, tmp_path, seconds, expected):
    lines = [line for d in range(3) for line in visit(d, h(19), seconds)]
    assert found(monitored, tmp_path, lines) == expected


@pytest.mark.parametrize(("days", "expected"), [(2, []), (3, STAFF_EVENINGS), (4, STAFF_EVENINGS)])
def test_personal_use_out_of_hours_on_three_days(monitored, tmp_path, days, expected):
    lines = [line for d in range(days) for line in visit(d, h(19), 7260)]
    assert found(monitored, tmp_path, lines) == expected
