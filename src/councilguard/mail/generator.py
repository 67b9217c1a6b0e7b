"""A generated week of message traces and sign-ins with injected cases, one per rule (issue 19:
the demo, the rule tests' precision and recall, and the benchmark). Normal people write to
business contacts and residents and sign in with MFA from the UK; each injected case is just
over its rule's default threshold."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from councilguard.mail import testing as t

# Monday 13 October 2025, 08:00 UTC (09:00 in the UK).
WEEK = datetime(2025, 10, 13, 8, 0, tzinfo=UTC)


@dataclass
class Cast:
    """Council addresses of the people playing each part."""

    normal: list[str]
    personal_use: str
    sends_to_self: str
    self_address: str  # the personal address sends_to_self has listed
    writes_from_home: str
    home_address: str  # writes_from_home's listed personal address
    auto_forwards: str
    single_factor: str
    fails: str
    abroad: str
    legacy: str


def _at(day: int, minute: int, start: datetime = WEEK) -> datetime:
    return start + timedelta(days=day, minutes=minute)


def _ps_time(at: datetime) -> str:
    return at.strftime("%d/%m/%Y %H:%M:%S")


def messages(
    cast: Cast, *, normal_per_day: int = 6, seed: int = 7, start: datetime = WEEK
) -> list[tuple]:
    """(received, sender, recipient, status, message id) rows of a week."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    rows = []

    def add(at, sender, recipient, status="Delivered", message_id=None):
        rows.append((at, sender, recipient, status, message_id or f"<g{len(rows)}@ashby>"))

    for who in cast.normal:
        for day in range(5):
            for n in range(normal_per_day):
                other = rng.choice(["supplier@firm.example", "resident@mail.example"])
                add(_at(day, 30 * n + 1, start), who, other)
                add(_at(day, 30 * n + 7, start), other, who)
    # 21 messages to seven webmail friends: over the 20 a week of reasonable personal use.
    for n in range(21):
        add(_at(n % 5, 200 + n, start), cast.personal_use, f"friend{n % 7}@gmail.com")
    # 10 messages to one's own listed personal address: council mail sent out in bulk.
    for n in range(10):
        add(_at(n % 5, 300 + n, start), cast.sends_to_self, cast.self_address)
    # 3 messages from one's personal address to a council colleague.
    for n in range(3):
        add(_at(n, 400 + n, start), cast.home_address, cast.normal[0])
    # 5 messages from outside that go on within a minute, as the same message, to a personal
    # mailbox (a forwarding rule).
    for n in range(5):
        sender, message_id = f"news{n}@charity.example", f"<news{n}@charity.example>"
        add(_at(n, 500, start), sender, cast.auto_forwards, message_id=message_id)
        add(_at(n, 500, start) + timedelta(seconds=30), sender, "me.private@yahoo.com",
            message_id=message_id)  # fmt: skip
    return rows


def trace_csv(cast: Cast, **kwargs) -> str:
    return t.ps_trace(
        *[(_ps_time(at), s, r, status, mid) for at, s, r, status, mid in messages(cast, **kwargs)]
    )


def signins_csv(cast: Cast, *, start: datetime = WEEK) -> str:
    rows = []
    for who in [*cast.normal, cast.personal_use, cast.sends_to_self]:
        for day in range(5):
            rows.append(t.entra_signin(_at(day, 0, start).strftime("%Y-%m-%dT%H:%M:%SZ"), who))
    for day in range(2):
        rows.append(
            t.entra_signin(_at(day, 5, start).strftime("%Y-%m-%dT%H:%M:%SZ"), cast.single_factor,
                           requirement="Single-factor authentication")
        )  # fmt: skip
    for n in range(10):
        rows.append(
            t.entra_signin(_at(1, 60 + n, start).strftime("%Y-%m-%dT%H:%M:%SZ"), cast.fails,
                           status="Failure", code="50126",
                           requirement="Single-factor authentication")
        )  # fmt: skip
    rows.append(
        t.entra_signin(_at(2, 0, start).strftime("%Y-%m-%dT%H:%M:%SZ"), cast.abroad,
                       location="Lisbon, Lisboa, PT")
    )  # fmt: skip
    rows.append(
        t.entra_signin(_at(3, 0, start).strftime("%Y-%m-%dT%H:%M:%SZ"), cast.legacy, client="IMAP4",
                       requirement="Single-factor authentication")
    )  # fmt: skip
    return t.entra_portal(*rows)
