"""Add and change people (C3). Views, the API, the importer and the demo all come through here."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from councilguard.accounts.models import User
from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council, Membership
from councilguard.people.models import PeerGroup, Person, PersonEmail, PersonKind
from councilguard.people.patterns import format_pattern, parse_pattern

# Called as hook(person, actor) in the same transaction whenever a change sets, moves or clears
# a person's leave date; the devices app registers the leaver's checklist here (C24).
LEAVE_DATE_HOOKS: list[Callable[[Person, Actor], None]] = []


def _leave_date_set(person: Person, before: str, *, actor: Actor) -> None:
    # Cleared as well as set or moved: a cleared date withdraws the leaver's checklist.
    after = person.leave_date.isoformat() if person.leave_date else ""
    if after != before:
        for hook in LEAVE_DATE_HOOKS:
            hook(person, actor)


# Called with (person, actor) inside the change's transaction when the "uses display screen
# equipment" box changes (the dse app keeps its register in step); people imports no domain app.
DISPLAY_SCREEN_HOOKS: list[Callable[[Person, Actor], None]] = []


def _display_screen_changed(person: Person, before: bool, *, actor: Actor) -> None:
    if person.uses_display_screen != before:
        for hook in DISPLAY_SCREEN_HOOKS:
            hook(person, actor)


class PersonError(ValueError):
    """A change to a person that cannot be made; the message says why, in plain words."""


@dataclass
class PersonData:
    """Everything a clerk can set on a person, already parsed."""

    full_name: str
    kind: str
    emails: list[str]
    job_title: str = ""
    line_manager: Person | None = None
    peer_group: str = ""
    start_date: date | None = None
    leave_date: date | None = None
    uses_display_screen: bool = False
    working_pattern: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def parse_emails(text: str) -> list[str]:
    """Split addresses on semicolons, commas or white space; refuse a malformed one."""
    addresses = [a.strip().lower() for a in re.split(r"[;,\s]+", text) if a.strip()]
    if not addresses:
        raise PersonError("at least one e-mail address is needed")
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            raise PersonError(f"{address!r} is not an e-mail address") from None
    return list(dict.fromkeys(addresses))


def normalise_pattern(text: str) -> str:
    try:
        return format_pattern(parse_pattern(text))
    except ValueError as exc:
        raise PersonError(f"working pattern: {exc}") from None


@transaction.atomic
def create_person(council: Council, data: PersonData, *, actor: Actor) -> Person:
    _check(council, data, person=None)
    person = Person(council=council)
    _apply(person, data)
    _save(person, data.emails)
    _link_account(person)
    given = {key: value for key, value in snapshot(person).items() if value not in ("", [])}
    audit.record(council, Event.PERSON_CREATED, actor=actor, target=person, changes=given)
    _leave_date_set(person, "", actor=actor)
    _display_screen_changed(person, False, actor=actor)
    return person


@transaction.atomic
def update_person(person: Person, data: PersonData, *, actor: Actor) -> bool:
    """Apply ``data``; return whether anything changed (an unchanged save writes nothing)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    _check(person.council, data, person=person)
    before = snapshot(person)
    _apply(person, data)
    after = snapshot(person, emails=data.emails)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if not changes:
        return False
    _save(person, data.emails)
    if _link_account(person):
        changes["account"] = ["", person.user.email]
    audit.record(person.council, Event.PERSON_UPDATED, actor=actor, target=person, changes=changes)
    _leave_date_set(person, before["leave_date"], actor=actor)
    _display_screen_changed(person, before["uses_display_screen"], actor=actor)
    return True


def snapshot(person: Person, *, emails: list[str] | None = None) -> dict[str, Any]:
    """The person's fields as plain values, for diffs and audit entries. People are told apart
    by their number as well as their name, and addresses keep the main one first."""
    if emails is None:
        emails = [e.address for e in person.emails.all()] if person.pk else []  # main first
    manager = person.line_manager
    return {
        "full_name": person.full_name,
        "kind": person.kind,
        "job_title": person.job_title,
        "emails": emails[:1] + sorted(emails[1:]),
        "line_manager": f"{manager.full_name} (#{manager.pk})" if manager else "",
        "peer_group": person.peer_group.name if person.peer_group else "",
        "start_date": person.start_date.isoformat() if person.start_date else "",
        "leave_date": person.leave_date.isoformat() if person.leave_date else "",
        "uses_display_screen": person.uses_display_screen,
        "working_pattern": person.working_pattern,
        "account": person.user.email if person.user_id else "",
    }


def link_accounts_for(membership: Membership, *, actor: Actor) -> None:
    """Attach the user's account to the person in that council with the same address."""
    council, user = membership.council, membership.user
    if Person.objects.filter(council=council, user=user).exists():
        return
    person = (
        Person.objects.in_council(council)
        .filter(user__isnull=True, emails__address__iexact=user.email)
        .first()
    )
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
        audit.record(
            council,
            Event.PERSON_UPDATED,
            actor=actor,
            target=person,
            changes={"account": ["", user.email]},
        )


# Column sizes (see models.py), checked here so that too long a value is a clear refusal
# everywhere (forms, the API, the importer) rather than a database error.
_LIMITS = {"full_name": 200, "job_title": 200, "peer_group": 100, "working_pattern": 300}


def _check(council: Council, data: PersonData, *, person: Person | None) -> None:
    data.emails = parse_emails(";".join(data.emails))
    for name, limit in _LIMITS.items():
        value = getattr(data, name) or ""
        if len(value) > limit:
            raise PersonError(f"{name.replace('_', ' ')} is longer than {limit} characters")
        if "\x00" in value:
            raise PersonError(f"{name.replace('_', ' ')} contains a NUL character")
    if not data.full_name.strip():
        raise PersonError("a name is needed")
    if data.kind not in PersonKind.values:
        raise PersonError(f"{data.kind!r} is not one of: {', '.join(PersonKind.values)}")
    if data.start_date and data.leave_date and data.leave_date < data.start_date:
        raise PersonError("the leaving date is before the start date")
    taken = PersonEmail.objects.in_council(council).filter(address__in=data.emails)
    if person is not None:
        taken = taken.exclude(person=person)
    if clash := taken.select_related("person").first():
        raise PersonError(f"{clash.address} already belongs to {clash.person}")
    manager = data.line_manager
    if manager is not None:
        if manager.council_id != council.pk:
            raise PersonError("the line manager must be someone in this council")
        # Walk the chain as stored now, not as the objects in hand remember it.
        seen: set[int] = set()
        manager_id: int | None = manager.pk
        while manager_id is not None and manager_id not in seen:
            if person is not None and manager_id == person.pk:
                raise PersonError("a person cannot be their own line manager, even indirectly")
            seen.add(manager_id)
            manager_id = (
                Person.objects.filter(pk=manager_id)
                .values_list("line_manager_id", flat=True)
                .first()
            )


def _apply(person: Person, data: PersonData) -> None:
    person.full_name = data.full_name.strip()
    person.kind = data.kind
    person.job_title = data.job_title.strip()
    person.line_manager = data.line_manager
    person.peer_group = (
        PeerGroup.objects.get_or_create(council=person.council, name=data.peer_group.strip())[0]
        if data.peer_group.strip()
        else None
    )
    person.start_date = data.start_date
    person.leave_date = data.leave_date
    person.uses_display_screen = data.uses_display_screen
    person.working_pattern = normalise_pattern(data.working_pattern)


def _save(person: Person, emails: list[str]) -> None:
    try:
        with transaction.atomic():  # two clerks adding one address at once: one is refused
            person.save()
            _set_emails(person, emails)
    except IntegrityError:
        raise PersonError(f"one of {', '.join(emails)} was just given to someone else") from None


def _set_emails(person: Person, emails: list[str]) -> None:
    person.emails.exclude(address__in=emails).delete()
    existing = set(person.emails.values_list("address", flat=True))
    for address in emails:
        if address not in existing:
            PersonEmail.objects.create(
                council=person.council, person=person, address=address, is_primary=False
            )
    person.emails.update(is_primary=False)
    person.emails.filter(address=emails[0]).update(is_primary=True)


def _link_account(person: Person) -> bool:
    """Attach the account of someone with a role here who signs in with one of the person's
    addresses; return whether it did."""
    if person.user_id:
        return False
    addresses = list(person.emails.values_list("address", flat=True))
    user = (
        User.objects.filter(email__in=addresses, memberships__council=person.council)
        .exclude(people__council=person.council)
        .first()
    )
    if user is None:
        return False
    person.user = user
    person.save(update_fields=["user"])
    return True
