"""What is protected in a council, as plain values: the one function monitoring and phones
consult (``protected_in``) and the predicates they filter their events with.

Protected lines, look-ups and requests are left out of the analysis (so no finding rests on
them or shows them), out of the raw events a reviewer opens and so out of the report built
from findings; they still count in totals that cannot single them out (a bill's total, the
number of events taken in). A test seeds them in every source and looks for them everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from councilguard.core.models import Council

_NOISE = re.compile(r"[\s\-().\[\]/]")


def normalise_number(raw: str) -> str | None:
    """The written form the phone bills use (E.164, or digits for a short code)."""
    from councilguard.phones.numbers import normalise

    return normalise(raw)


def normalise_site(raw: str) -> str | None:
    """A host name from what a person types ("https://www.Example.org/path" -> example's host)."""
    text = raw.strip().lower()
    if "://" in text:
        text = text.split("://", 1)[1]
    text = text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].split(":", 1)[0]
    text = text.strip(".")
    if not text or " " in text or "." not in text or "@" in text:
        return None
    if not re.fullmatch(r"[a-z0-9.-]+", text):
        return None
    return text


def normalise_email(raw: str) -> str | None:
    text = raw.strip().lower()
    if text.count("@") != 1 or " " in text:
        return None
    local, domain = text.split("@")
    if not local or "." not in domain:
        return None
    return text


@dataclass(frozen=True)
class Personal:
    """One granted protection of one person's contact (a day only, or every day)."""

    person_id: int
    kind: str
    value: str
    on_date: date | None = None


@dataclass(frozen=True)
class Protected:
    """Every protected contact of a council: those for everyone and each person's own."""

    numbers: frozenset[str] = frozenset()
    sites: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    personal: tuple[Personal, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.numbers or self.sites or self.emails or self.personal)

    def of_kind(self, kind: str) -> list[Personal]:
        return [p for p in self.personal if p.kind == kind]

    def number_is_protected(self, person_id: int | None, number: str, on: date) -> bool:
        if number in self.numbers:
            return True
        return any(
            p.person_id == person_id and p.value == number and p.on_date in (None, on)
            for p in self.of_kind("number")
        )

    def host_is_protected(self, person_id: int | None, host: str, on: date) -> bool:
        if any(site_covers(site, host) for site in self.sites):
            return True
        return any(
            p.person_id == person_id and site_covers(p.value, host) and p.on_date in (None, on)
            for p in self.of_kind("site")
        )


def site_covers(site: str, host: str | None) -> bool:
    """A protected site covers itself and every host under it (www., mail. ...)."""
    host = (host or "").lower()
    return host == site or host.endswith("." + site)


def protected_in(council: Council) -> Protected:
    """Every contact protected in the council now: the council's list and each granted
    request not withdrawn (two queries)."""
    from councilguard.privacy.models import AlwaysProtected, ProtectionRequest, RequestStatus

    everyone: dict[str, set[str]] = {"number": set(), "site": set(), "email": set()}
    for kind, value in AlwaysProtected.objects.filter(council=council).values_list("kind", "value"):
        everyone[kind].add(value)
    personal = tuple(
        Personal(person_id, kind, value, on_date)
        for person_id, kind, value, on_date in ProtectionRequest.objects.filter(
            council=council, status=RequestStatus.GRANTED
        ).values_list("person_id", "kind", "value", "on_date")
    )
    return Protected(
        numbers=frozenset(everyone["number"]),
        sites=frozenset(everyone["site"]),
        emails=frozenset(everyone["email"]),
        personal=personal,
    )


# --- predicates for the engines: each says which rows are protected ---


def web_protected_ibis(events, protected: Protected):
    """An Ibis boolean over web or DNS events (columns person_id, host, local_date) that is
    true for a protected row; None when nothing is protected."""
    import ibis

    conditions = []
    host = events.host.lower()
    for site in sorted(protected.sites):
        conditions.append((host == site) | host.endswith("." + site))
    for p in protected.of_kind("site"):
        cond = (events.person_id == p.person_id) & (
            (host == p.value) | host.endswith("." + p.value)
        )
        if p.on_date is not None:
            cond = cond & (events.local_date == ibis.literal(p.on_date))
        conditions.append(cond)
    if not conditions:
        return None
    combined = conditions[0]
    for cond in conditions[1:]:
        combined = combined | cond
    return combined.fill_null(False)


def web_protected_polars(protected: Protected, *, person_id: int):
    """A Polars expression over one person's web or DNS events (host, local_date): true for a
    protected row; None when nothing is protected for them."""
    import polars as pl

    host = pl.col("host").cast(pl.String).str.to_lowercase()
    conditions = [(host == site) | host.str.ends_with("." + site) for site in protected.sites]
    local_day = pl.col("local_date")
    for p in protected.of_kind("site"):
        if p.person_id != person_id:
            continue
        cond = (host == p.value) | host.str.ends_with("." + p.value)
        if p.on_date is not None:
            cond = cond & (local_day == p.on_date)
        conditions.append(cond)
    if not conditions:
        return None
    return pl.any_horizontal(conditions).fill_null(False)


def phone_protected_ibis(lines, protected: Protected):
    """An Ibis boolean over attributed bill lines (person as text, called_number, local_date)
    that is true for a line to a protected number; a constant False when nothing is."""
    import ibis

    conditions = []
    if protected.numbers:
        conditions.append(lines.called_number.isin(sorted(protected.numbers)))
    for p in protected.of_kind("number"):
        cond = (lines.person == str(p.person_id)) & (lines.called_number == p.value)
        if p.on_date is not None:
            cond = cond & (lines.local_date == ibis.literal(p.on_date))
        conditions.append(cond)
    if not conditions:
        return ibis.literal(False)
    combined = conditions[0]
    for cond in conditions[1:]:
        combined = combined | cond
    return combined.fill_null(False)


def phone_protected_polars(protected: Protected, *, person_id: int):
    """A Polars expression over one person's stored bill lines (called_number, start_local):
    true for a line to a protected number; None when nothing is protected for them."""
    import polars as pl

    number = pl.col("called_number")
    conditions = []
    if protected.numbers:
        conditions.append(number.is_in(sorted(protected.numbers)))
    for p in protected.of_kind("number"):
        if p.person_id != person_id:
            continue
        cond = number == p.value
        if p.on_date is not None:
            cond = cond & (pl.col("start_local").dt.date() == p.on_date)
        conditions.append(cond)
    if not conditions:
        return None
    return pl.any_horizontal(conditions).fill_null(False)


# The columns of a prepared message (mail.rules.prepare_messages) that name a person whose
# own protections apply to it: the council account's holder at either end, or the owner of a
# listed personal address at either end.
MESSAGE_PEOPLE = ("sender_person", "recipient_person", "sender_owner", "recipient_owner")


def mail_protected_polars(protected: Protected, *, person_id: int | None = None):
    """A Polars expression over messages (sender, recipient, at): true for a message to or
    from a protected address; None when nothing is protected. With ``person_id`` the rows are
    one person's and only their protections apply; without it, each row's people columns
    (MESSAGE_PEOPLE) say whose protections apply (A "Monitoring of Personal Communications")."""
    import polars as pl

    sender = pl.col("sender").cast(pl.String).str.to_lowercase()
    recipient = pl.col("recipient").cast(pl.String).str.to_lowercase()
    conditions = []
    if protected.emails:
        everyone = sorted(protected.emails)
        conditions.append(sender.is_in(everyone) | recipient.is_in(everyone))
    day = pl.col("at").dt.convert_time_zone("Europe/London").dt.date()
    for p in protected.of_kind("email"):
        if person_id is not None and p.person_id != person_id:
            continue
        cond = (sender == p.value) | (recipient == p.value)
        if person_id is None:
            cond = cond & pl.any_horizontal(
                [(pl.col(column) == p.person_id).fill_null(False) for column in MESSAGE_PEOPLE]
            )
        if p.on_date is not None:
            cond = cond & (day == p.on_date)
        conditions.append(cond)
    if not conditions:
        return None
    return pl.any_horizontal(conditions).fill_null(False)
