"""Identities over time: who held a proxy user name, IP address, device name, phone number or
e-mail address when (C11, DESIGN 8), imported from CSV, and the as-of join that attributes each
event to whoever held its identifier at that moment.

CSV columns (header names, any order, case-insensitive):
  kind* (proxy_user | ip | device | phone | email), value*, person_email*,
  valid_from* (YYYY-MM-DD or YYYY-MM-DD HH:MM, UK local time), valid_to (same; empty = still held)

A file with any problem is refused whole, every problem listed by line; the same file twice
changes nothing.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import numpy as np
from django.db import transaction

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.csvkit import ImportReport, Problem, read_records
from councilguard.core.models import Council
from councilguard.monitoring.models import Identity, IdentityKind
from councilguard.people.models import Person

LONDON = ZoneInfo("Europe/London")
COLUMNS = ("kind", "value", "person_email", "valid_from", "valid_to")
REQUIRED = COLUMNS[:4]
MAX_BYTES = 5 * 1024 * 1024


def normalise_value(kind: str, value: str) -> str:
    """The form events carry: lower case; IP addresses in their canonical text form."""
    value = value.strip().lower()
    if kind == IdentityKind.IP:
        value = str(ipaddress.ip_address(value))
    return value


def _when(text: str) -> datetime:
    text = text.strip()
    if "+" in text[10:] or text.endswith("Z"):
        return datetime.fromisoformat(text)  # an explicit offset, e.g. from DHCP leases
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=LONDON)
        except ValueError:
            continue
    day = datetime.strptime(text, "%Y-%m-%d").date()
    return datetime.combine(day, time.min, tzinfo=LONDON)


def import_identities(
    council: Council, content: bytes, *, actor: Actor, dry_run: bool = False
) -> ImportReport:
    report = ImportReport(sha256=hashlib.sha256(content).hexdigest(), dry_run=dry_run)
    rows = _read(council, content, report)
    if report.problems:
        return report
    with transaction.atomic():
        for line, values in rows:
            existing = Identity.objects.filter(
                council=council,
                kind=values["kind"],
                value=values["value"],
                valid_from=values["valid_from"],
            ).first()
            if existing is None:
                identity = Identity.objects.create(council=council, **values)
                report.created += 1
                audit.record(
                    council,
                    Event.IDENTITY_ADDED,
                    actor=actor,
                    target=identity,
                    changes=_snapshot(identity),
                )
            elif (existing.person_id, existing.valid_to) != (
                values["person"].pk,
                values["valid_to"],
            ):
                before = _snapshot(existing)
                existing.person = values["person"]
                existing.valid_to = values["valid_to"]
                existing.save(update_fields=["person", "valid_to"])
                report.updated += 1
                audit.record(
                    council,
                    Event.IDENTITY_CHANGED,
                    actor=actor,
                    target=existing,
                    changes={"before": before, "after": _snapshot(existing), "line": line},
                )
            else:
                report.unchanged += 1
        if dry_run:
            transaction.set_rollback(True)
    return report


def _snapshot(identity: Identity) -> dict:
    return {
        "kind": identity.kind,
        "value": identity.value,
        "person": identity.person_id,
        "valid_from": identity.valid_from.isoformat(),
        "valid_to": identity.valid_to.isoformat() if identity.valid_to else None,
    }


def _read(council: Council, content: bytes, report: ImportReport) -> list[tuple[int, dict]]:
    records = read_records(content, report, required=REQUIRED, columns=COLUMNS, max_bytes=MAX_BYTES)
    people = _people_by_email(council) if records else {}
    rows: list[tuple[int, dict]] = []
    seen: dict[tuple, int] = {}
    for line, values in records:
        row = _row(line, values, people, report)
        if row is None:
            continue
        key = (row["kind"], row["value"], row["valid_from"])
        if key in seen:
            report.problems.append(
                Problem(line, f"the same identity and start as line {seen[key]}")
            )
            continue
        seen[key] = line
        rows.append((line, row))
    report.rows = len(rows)
    if not report.problems:
        _check_overlaps(council, rows, report)
    return rows


def _row(line: int, values: dict, people: dict[str, Person], report: ImportReport) -> dict | None:
    problems = []
    kind = values.get("kind", "").lower()
    if kind not in IdentityKind.values:
        problems.append(f"unknown kind {kind!r}; expected one of {', '.join(IdentityKind.values)}")
    value = values.get("value", "")
    if not value:
        problems.append("value is empty")
    elif kind in IdentityKind.values:
        try:
            value = normalise_value(kind, value)
        except ValueError:
            problems.append(f"{value!r} is not an IP address")
    if len(value) > 200:
        problems.append("value is longer than 200 characters")
    person = people.get(values.get("person_email", "").lower())
    if person is None:
        problems.append(f"no person with the e-mail address {values.get('person_email')!r}")
    valid_from = valid_to = None
    try:
        valid_from = _when(values.get("valid_from", ""))
    except ValueError:
        problems.append("valid_from is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM)")
    if values.get("valid_to"):
        try:
            valid_to = _when(values["valid_to"])
        except ValueError:
            problems.append("valid_to is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM)")
    if valid_from and valid_to and valid_to <= valid_from:
        problems.append("valid_to is not after valid_from")
    if problems:
        report.problems.extend(Problem(line, p) for p in problems)
        return None
    return {
        "kind": kind,
        "value": value,
        "person": person,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }


def _check_overlaps(council: Council, rows: list[tuple[int, dict]], report: ImportReport) -> None:
    """An identifier is held by one person at a time, or events could not be attributed."""
    by_key: dict[tuple[str, str], list[tuple[int, dict]]] = {}
    for line, row in rows:
        by_key.setdefault((row["kind"], row["value"]), []).append((line, row))
    for (kind, value), entries in by_key.items():
        stored = Identity.objects.filter(council=council, kind=kind, value=value).exclude(
            valid_from__in=[row["valid_from"] for _, row in entries]
        )
        periods = [(line, r["valid_from"], r["valid_to"], r["person"]) for line, r in entries]
        periods += [(0, i.valid_from, i.valid_to, i.person) for i in stored]
        periods.sort(key=lambda p: p[1])
        for earlier, later in zip(periods, periods[1:], strict=False):
            if earlier[2] is None or earlier[2] > later[1]:
                line = max(earlier[0], later[0])
                report.problems.append(
                    Problem(
                        line,
                        f"{kind} {value} would be held by {earlier[3]} and {later[3]} at once "
                        f"from {later[1]:%Y-%m-%d %H:%M}",
                    )
                )


def _people_by_email(council: Council) -> dict[str, Person]:
    people = {}
    for person in Person.objects.filter(council=council).prefetch_related("emails"):
        for email in person.emails.all():
            people[email.address.lower()] = person
    return people


NOBODY = -1
FOREVER = np.iinfo(np.int64).max


@dataclass
class HeldBy:
    """Who held each of a list of identifiers: one period per identifier that never changed
    hands (start, end, person; NOBODY for none), and every period of those that did."""

    start: np.ndarray
    end: np.ndarray
    person: np.ndarray
    changing: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]

    def extend(self, more: HeldBy) -> HeldBy:
        """These identifiers followed by ``more``'s (for a dictionary that grew)."""
        offset = len(self.person)
        return HeldBy(
            np.concatenate([self.start, more.start]),
            np.concatenate([self.end, more.end]),
            np.concatenate([self.person, more.person]),
            {**self.changing, **{i + offset: spans for i, spans in more.changing.items()}},
        )

    def attribute(self, indices: np.ndarray, ms: np.ndarray) -> np.ndarray:
        """Person id (or NOBODY) per event whose identifier is number ``indices[i]`` at time
        ``ms[i]``."""
        found = self.person[indices]
        found[(ms < self.start[indices]) | (ms >= self.end[indices])] = NOBODY
        for i, (starts, ends, people) in self.changing.items():
            rows = np.flatnonzero(indices == i)
            if not len(rows):
                continue
            at = ms[rows]
            pos = np.searchsorted(starts, at, side="right") - 1
            held = (pos >= 0) & (at < ends[np.maximum(pos, 0)])
            found[rows] = np.where(held, people[np.maximum(pos, 0)], NOBODY)
        return found


class Holders:
    """Who held each identifier when, for attributing events (DESIGN 8: an as-of join).

    Work is done per distinct identifier: an identifier held by one person is a lookup and a
    comparison per event; one that changed hands is a binary search of its periods.
    """

    def __init__(self, council: Council, kinds: list[str]):
        self.periods: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
        rows = Identity.objects.filter(council=council, kind__in=kinds).values_list(
            "kind", "value", "person_id", "valid_from", "valid_to"
        )
        for kind, value, person, start, end in rows:
            self.periods.setdefault((kind, value), []).append(
                (
                    int(start.timestamp() * 1000),
                    int(end.timestamp() * 1000) if end else FOREVER,
                    person,
                )
            )
        for spans in self.periods.values():
            spans.sort()

    def held_by(self, kind: str, values: list[str]) -> HeldBy:
        count = len(values)
        held = HeldBy(
            np.full(count, FOREVER, dtype=np.int64),
            np.zeros(count, dtype=np.int64),
            np.full(count, NOBODY, dtype=np.int32),
            {},
        )
        for i, value in enumerate(values):
            spans = self.periods.get((kind, value))
            if not spans:
                continue
            if len(spans) == 1:
                held.start[i], held.end[i], held.person[i] = spans[0]
            else:
                held.changing[i] = (
                    np.array([s for s, _, _ in spans], dtype=np.int64),
                    np.array([e for _, e, _ in spans], dtype=np.int64),
                    np.array([p for _, _, p in spans], dtype=np.int32),
                )
        return held


# --- DHCP leases: addresses held by devices, so by the people who held the devices ---

_LEASE = re.compile(r"lease\s+(?P<ip>[0-9a-fA-F:.]+)\s*\{(?P<body>.*?)\}", re.S)
_LEASE_FIELD = re.compile(
    r"^\s*(?P<key>starts|ends|hardware ethernet|client-hostname)\s+(?P<value>[^;]*);", re.M
)


def _lease_time(text: str) -> datetime:
    # ISC dhcpd writes "<weekday> YYYY/MM/DD HH:MM:SS" in UTC ("never" for no end).
    return datetime.strptime(text.split(" ", 1)[1], "%Y/%m/%d %H:%M:%S").replace(tzinfo=UTC)


def read_leases(content: bytes, report: ImportReport) -> list[tuple[int, dict]]:
    """(line, lease) of an ISC dhcpd.leases file: address, starts, ends, MAC, host name."""
    text = content.decode("utf-8", "replace")
    leases = []
    for match in _LEASE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        fields = {
            m["key"]: m["value"].strip().strip('"') for m in _LEASE_FIELD.finditer(match["body"])
        }
        try:
            lease = {
                "ip": str(ipaddress.ip_address(match["ip"])),
                "starts": _lease_time(fields["starts"]),
                "ends": None
                if fields.get("ends", "never") == "never"
                else _lease_time(fields["ends"]),
                "names": [
                    v.lower()
                    for k, v in fields.items()
                    if k in ("hardware ethernet", "client-hostname") and v
                ],
            }
        except (KeyError, ValueError, IndexError):
            report.problems.append(Problem(line, "a lease without a readable address or start"))
            continue
        leases.append((line, lease))
    if not leases and not report.problems:
        report.problems.append(Problem(0, "no leases found (expected an ISC dhcpd.leases file)"))
    return leases


def import_leases(
    council: Council, content: bytes, *, actor: Actor, dry_run: bool = False
) -> ImportReport:
    """Turns DHCP leases into address identities: while a device (known by its host name or
    MAC address as a ``device`` identity) held an address, the person who held the device held
    the address. Leases of devices nobody holds are listed, not guessed."""
    report = ImportReport(sha256=hashlib.sha256(content).hexdigest(), dry_run=dry_run)
    leases = read_leases(content, report)
    if report.problems:
        return report
    devices = Identity.objects.filter(council=council, kind=IdentityKind.DEVICE).select_related(
        "person"
    )
    held: dict[str, list[Identity]] = {}
    for identity in devices:
        held.setdefault(identity.value, []).append(identity)
    lines = ["kind,value,person_email,valid_from,valid_to"]
    origin = {}
    for line, lease in leases:
        holder = None
        for name in lease["names"]:
            for identity in held.get(name, []):
                if identity.valid_from <= lease["starts"] and (
                    identity.valid_to is None or identity.valid_to > lease["starts"]
                ):
                    holder = identity
        if holder is None:
            report.problems.append(
                Problem(line, f"{lease['ip']}: no device identity for {', '.join(lease['names'])}")
            )
            continue
        ends = lease["ends"]
        if holder.valid_to and (ends is None or ends > holder.valid_to):
            ends = holder.valid_to
        lines.append(
            f"ip,{lease['ip']},{holder.person.primary_email},"
            f"{lease['starts'].isoformat()},{ends.isoformat() if ends else ''}"
        )
        origin[len(lines)] = line
    if report.problems:
        return report
    derived = import_identities(council, "\n".join(lines).encode(), actor=actor, dry_run=dry_run)
    # Problems of the derived rows point at the lease they came from.
    derived.problems = [Problem(origin.get(p.line, p.line), p.message) for p in derived.problems]
    derived.sha256 = report.sha256
    return derived
