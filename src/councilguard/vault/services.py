"""Add, change, reveal and rotate vault entries; refuse and report attempts; remove a leaver's
access; change the vault key. Pages, the API, commands and the demo all come through here.

Secrets never leave this module except as the return value of ``reveal_secret``: they are not
put in audit entries, log lines, exception messages or anything stored unencrypted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from councilguard.accounts.models import User
from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council, Membership
from councilguard.core.roles import Role
from councilguard.incidents.models import IncidentSource
from councilguard.incidents.services import record_refused_attempt
from councilguard.people.models import Person
from councilguard.vault import crypto
from councilguard.vault.access import Purpose, can_use, person_of
from councilguard.vault.models import (
    RotationFlag,
    SecretReveal,
    System,
    VaultEntry,
    VaultRevocation,
    VaultRoleGrant,
    Via,
)

logger = logging.getLogger(__name__)

REASON_MAX = 300
# Reveals per person per window; more looks like harvesting, not work.
REVEAL_LIMIT = getattr(settings, "VAULT_REVEAL_LIMIT", 10)
REVEAL_WINDOW_SECONDS = getattr(settings, "VAULT_REVEAL_WINDOW_SECONDS", 600)
# "MFA within the last few minutes" for privileged entries.
RECENT_MFA_SECONDS = getattr(settings, "VAULT_RECENT_MFA_SECONDS", 300)
# How long a revealed secret stays on the page.
REVEAL_SHOWN_SECONDS = 30


class VaultError(ValueError):
    """A change that the rules refuse; the message says why and never contains a secret."""


class WeakSecret(VaultError):
    """The secret fails the sign-in strength check; the message gives the reason."""


class RevealsLimited(Exception):
    """Too many reveals in the window."""


class RecentMFARequired(Exception):
    """A privileged entry needs a second factor within RECENT_MFA_SECONDS."""


class EntryRefused(Exception):
    """The member may not do this with this entry (the caller answers 404)."""


@dataclass
class EntryData:
    """Everything about an entry except its secret, already parsed."""

    name: str
    system: str
    owner: Person
    username: str = ""
    address: str = ""
    notes: str = ""
    allowed_people: list[Person] = field(default_factory=list)
    allowed_roles: list[str] = field(default_factory=list)
    privileged: bool = False
    rotation_days: int | None = None


def current_kek() -> bytes:
    """The key-encryption key from COUNCILGUARD_VAULT_KEY (read once, in settings.py)."""
    return crypto.parse_key(settings.VAULT_KEY)


# --- strength ----------------------------------------------------------------------------------


@sensitive_variables("secret")
def check_strength(secret: str, *, user: User | None) -> None:
    """B 4.1.1: the same strength rules as a sign-in password, with the reason for a refusal."""
    if not secret or not secret.strip():
        raise WeakSecret("enter the password")
    if len(secret) > 500:
        raise WeakSecret("the password is longer than 500 characters")
    try:
        validate_password(secret, user)
    except ValidationError as exc:
        raise WeakSecret(" ".join(exc.messages)) from None


# --- entries -----------------------------------------------------------------------------------


@sensitive_variables("secret")
def create_entry(council: Council, data: EntryData, secret: str, *, actor: Actor) -> VaultEntry:
    """Add an entry with its secret, encrypted (B 4.1.3)."""
    # The transaction is opened here, not by a decorator, so that this frame (the one holding
    # the secret) is the one sensitive_variables marks for error reports.
    with transaction.atomic():
        _check(council, data, entry=None)
        check_strength(secret, user=actor.user)
        entry = VaultEntry(council=council)
        _apply(entry, data)
        _seal(entry, secret)
        entry.last_rotated_at = timezone.now()
        entry.save()
        _set_access(entry, data)
        given = {k: v for k, v in snapshot(entry).items() if v not in ("", [], None)}
        audit.record(council, Event.VAULT_ENTRY_CREATED, actor=actor, target=entry, changes=given)
        return entry


@transaction.atomic
def update_entry(entry: VaultEntry, data: EntryData, *, actor: Actor) -> bool:
    """Change an entry's details and who may use it; return whether anything changed."""
    entry = VaultEntry.objects.select_for_update().get(pk=entry.pk)
    _check(entry.council, data, entry=entry)
    before = snapshot(entry)
    _apply(entry, data)
    after = {
        **snapshot(entry),
        "allowed_people": sorted(p.full_name for p in data.allowed_people),
        "allowed_roles": sorted(data.allowed_roles),
    }
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if not changes:
        return False
    entry.save()
    _set_access(entry, data)
    audit.record(
        entry.council, Event.VAULT_ENTRY_UPDATED, actor=actor, target=entry, changes=changes
    )
    return True


@sensitive_variables("secret")
def rotate_secret(entry: VaultEntry, secret: str, *, actor: Actor) -> VaultEntry:
    """Store a new secret (under a new data key) and clear any "change now" flag."""
    with transaction.atomic():  # inside, so this frame is the one marked sensitive
        entry = VaultEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.retired_at is not None:
            raise VaultError("this entry is retired")
        check_strength(secret, user=actor.user)
        flag = entry.rotation_flag
        _seal(entry, secret)
        entry.last_rotated_at = timezone.now()
        entry.rotation_flag, entry.rotation_flagged_at, entry.rotation_flag_note = "", None, ""
        entry.save()
        audit.record(
            entry.council,
            Event.VAULT_SECRET_ROTATED,
            actor=actor,
            target=entry,
            changes={"cleared_flag": flag, "key_id": entry.key_id},
        )
        return entry


@transaction.atomic
def request_rotation(
    entry: VaultEntry, *, actor: Actor, note: str, flag: str = RotationFlag.COMPROMISED
) -> bool:
    """B 4.1.4: "change now". Mark the entry possibly compromised; it shows as overdue until
    rotated, and its owner is asked to change it. Return False if it was already flagged."""
    entry = VaultEntry.objects.select_for_update().select_related("owner").get(pk=entry.pk)
    if entry.rotation_flag == RotationFlag.COMPROMISED:
        return False
    note = " ".join(note.split())[:300]
    entry.rotation_flag = flag
    entry.rotation_flagged_at = timezone.now()
    entry.rotation_flag_note = note
    entry.save(update_fields=["rotation_flag", "rotation_flagged_at", "rotation_flag_note"])
    audit.record(
        entry.council,
        Event.VAULT_ROTATION_REQUESTED,
        actor=actor,
        target=entry,
        changes={"flag": flag, "note": note},
    )
    # robust: a mail failure after the commit is logged, not turned into an error page.
    transaction.on_commit(lambda: _ask_owner_to_rotate(entry.pk), robust=True)
    return True


@transaction.atomic
def retire_entry(entry: VaultEntry, *, actor: Actor) -> VaultEntry:
    """Take an entry out of use. Kept (encrypted) for its reveal history, never shown again."""
    entry = VaultEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.retired_at is not None:
        return entry
    entry.retired_at = timezone.now()
    entry.save(update_fields=["retired_at"])
    audit.record(entry.council, Event.VAULT_ENTRY_RETIRED, actor=actor, target=entry)
    return entry


def snapshot(entry: VaultEntry) -> dict[str, Any]:
    """The entry's details as plain values, for diffs and audit entries. Never the secret."""
    people = entry.allowed_people.all() if entry.pk else []
    return {
        "name": entry.name,
        "system": entry.system,
        "username": entry.username,
        "address": entry.address,
        "notes": entry.notes,
        "owner": entry.owner.full_name if entry.owner_id else "",
        "allowed_people": sorted(p.full_name for p in people),
        "allowed_roles": sorted(entry.allowed_roles) if entry.pk else [],
        "privileged": entry.privileged,
        "rotation_days": entry.rotation_days,
    }


# --- reveal ------------------------------------------------------------------------------------


@sensitive_variables("secret")
def reveal_secret(
    entry: VaultEntry,
    *,
    membership: Membership,
    reason: str,
    actor: Actor,
    via: str,
    recent_mfa: bool,
) -> str:
    """Decrypt the secret for someone allowed to use it, with their reason, and record who,
    which, why, when and from where (B 4.1.5). Refuses without a reason, over the rate limit,
    and for a privileged entry without a recent second factor."""
    reason = clean_reason(reason)
    if entry.council_id != membership.council_id or not can_use(membership, entry):
        raise EntryRefused
    if entry.privileged and not recent_mfa:
        raise RecentMFARequired
    try:
        return _reveal(entry, membership=membership, reason=reason, actor=actor, via=via)
    except RevealsLimited:
        _record_limited(entry, actor=actor, via=via)
        raise
    except (crypto.SecretUnreadable, crypto.VaultKeyError) as exc:
        _record_unreadable(entry, actor=actor, problem=str(exc))
        raise


def clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise VaultError("say why you need this password")
    if len(reason) > REASON_MAX:
        raise VaultError(f"keep the reason to {REASON_MAX} characters")
    return reason


@sensitive_variables("secret")
def _reveal(
    entry: VaultEntry, *, membership: Membership, reason: str, actor: Actor, via: str
) -> str:
    # The transaction is opened here, not by a decorator, so that this frame (the one holding
    # the secret) is the one sensitive_variables marks for error reports.
    with transaction.atomic():
        if not _reveal_allowed(membership.user):
            raise RevealsLimited
        entry = VaultEntry.objects.get(pk=entry.pk)
        secret = crypto.unseal(entry.sealed, kek=current_kek(), context=entry.context)
        reveal = SecretReveal.objects.create(
            council=entry.council,
            entry=entry,
            user=membership.user,
            person=person_of(membership),
            reason=reason,
            ip_address=_stored_ip(actor.ip_address),
            via=via,
        )
        audit.record(
            entry.council,
            Event.VAULT_SECRET_REVEALED,
            actor=actor,
            target=entry,
            summary=f"revealed via {via}",
            changes={
                "reason": reason,
                "via": via,
                "reveal": reveal.pk,
                "privileged": entry.privileged,
            },
        )
        return secret


def _reveal_allowed(user: User) -> bool:
    """Fewer than REVEAL_LIMIT reveals by ``user`` (in any council) in the last
    REVEAL_WINDOW_SECONDS, counted from the reveal records themselves. Called inside the
    reveal's transaction after locking the user's row, so concurrent reveals by one person
    queue here and each sees the others' records: the limit holds across processes."""
    User.objects.select_for_update().filter(pk=user.pk).exists()
    since = timezone.now() - timedelta(seconds=REVEAL_WINDOW_SECONDS)
    return SecretReveal.objects.filter(user=user, at__gte=since).count() < REVEAL_LIMIT


@transaction.atomic
def _record_limited(entry: VaultEntry, *, actor: Actor, via: str) -> None:
    audit.record(
        entry.council,
        Event.VAULT_REVEALS_LIMITED,
        actor=actor,
        target=entry,
        changes={"limit": REVEAL_LIMIT, "window_seconds": REVEAL_WINDOW_SECONDS, "via": via},
    )


@transaction.atomic
def _record_unreadable(entry: VaultEntry, *, actor: Actor, problem: str) -> None:
    logger.error("vault entry %s could not be decrypted: %s", entry.pk, problem)
    audit.record(
        entry.council,
        Event.VAULT_SECRET_UNREADABLE,
        actor=actor,
        target=entry,
        changes={"problem": problem},
    )


# --- refusals ----------------------------------------------------------------------------------

# The incident source of attempts on ids that are no entry of the council in the URL.
OUTSIDE_REFERENCE = "vault.vaultentry:elsewhere"


@transaction.atomic
def record_refusal(
    membership: Membership,
    *,
    entry: VaultEntry | None,
    purpose: Purpose,
    actor: Actor,
    via: str,
    entry_id: int | None = None,
):
    """B 4.1.5: an attempt on an entry of this council one may not use is a security incident,
    opened at once and the clerk told. The entry is named only by its id, in the incident and
    in the audit trail: its name is what the person may not see (the clerk can look it up)."""
    council, user = membership.council, membership.user
    doing = {
        Purpose.VIEW: "open",
        Purpose.REVEAL: "reveal the password of",
        Purpose.FLAG: "flag",
        Purpose.CHANGE: "change",
    }[Purpose(purpose)]
    pk = entry.pk if entry is not None else entry_id
    where = f" from {actor.ip_address}" if actor.ip_address else ""
    who = f"{user.email} ({membership.get_role_display()})"
    through = f"through the {Via(via).label.lower()}{where}"
    if entry is not None:
        ref = f"vault.vaultentry:{pk}"
        title = f"Refused attempt to {doing} a credential"
        description = (
            f"{who} tried to {doing} the vault entry with id {pk} {through}, and was refused: "
            "they are not allowed to use it."
        )
        summary = f"refused: {purpose} via {via}"
    else:
        # An id that is no entry of this council: the address was typed or changed by hand.
        # Said the same whether the id is another council's or exists nowhere, so this council
        # learns nothing of any other; one open incident counts the repeats (someone trying
        # ids in turn is told to the clerk once, every try audited).
        ref = OUTSIDE_REFERENCE
        title = "Attempt to reach a vault entry that is not this council's"
        description = (
            f"{who} tried to {doing} vault entry {pk} {through}, which is not an entry of this "
            "council, and was refused. The address was typed or changed by hand: check with "
            "them why."
        )
        summary = f"refused: {purpose} via {via} (not an entry of this council)"
    audit.record(
        council,
        Event.VAULT_ACCESS_REFUSED,
        actor=actor,
        target=None,
        summary=summary,
        changes={"entry_id": pk, "purpose": str(purpose), "via": via},
    )
    return record_refused_attempt(
        council,
        actor=actor,
        subject_user=user,
        source=IncidentSource.VAULT,
        source_ref=ref,
        title=title,
        description=description,
    )


# --- leavers -----------------------------------------------------------------------------------


@dataclass
class PersonAccess:
    """What a person could use and what they revealed, for the leaver's checklist."""

    person: Person
    could_use: list[VaultEntry]
    reveals: list[SecretReveal]
    revocation: VaultRevocation | None
    owns: list[VaultEntry] = field(default_factory=list)

    @property
    def revealed_entries(self) -> list[VaultEntry]:
        return list({r.entry_id: r.entry for r in self.reveals}.values())


def access_of(person: Person) -> PersonAccess:
    """Entries the person may use now (through their name, their role or as owner) and every
    reveal they made, with dates."""
    could_use: list[VaultEntry] = []
    if person.user_id:
        membership = Membership.objects.filter(council=person.council, user=person.user).first()
        if membership is not None:
            from councilguard.vault.access import usable_entries

            could_use = list(usable_entries(membership, as_if_current=True))
    live = VaultEntry.objects.in_council(person.council).live()
    named = live.filter(Q(allowed_people=person) | Q(owner=person))
    could_use = sorted({e.pk: e for e in [*could_use, *named]}.values(), key=lambda e: e.name)
    reveals = list(
        SecretReveal.objects.in_council(person.council)
        .filter(_reveals_of(person))
        .select_related("entry")
        .order_by("-at")
    )
    revocation = VaultRevocation.objects.filter(council=person.council, person=person).first()
    owns = list(live.filter(owner=person))
    return PersonAccess(person, could_use, reveals, revocation, owns)


@transaction.atomic
def revoke_access_of(person: Person, *, actor: Actor) -> PersonAccess:
    """A leaver, or anyone whose access is removed: they may use no entry from now on (whatever
    their role), their name comes off every entry, and every entry they revealed or own is marked
    to be changed and shows as overdue until it is (issue 7 part 5)."""
    before = access_of(person)
    if before.revocation is not None:
        return before
    revealed = [e for e in before.revealed_entries if e.retired_at is None]
    owned = [e for e in before.owns if e.pk not in {r.pk for r in revealed}]
    to_change = sorted([*revealed, *owned], key=lambda e: e.name)
    VaultRevocation.objects.create(
        council=person.council,
        person=person,
        revoked_by_label=actor.label[:200],
        could_use=[{"id": e.pk, "name": e.name} for e in before.could_use],
        flagged_for_rotation=[{"id": e.pk, "name": e.name} for e in to_change],
    )
    for entry in VaultEntry.objects.in_council(person.council).filter(allowed_people=person):
        entry.allowed_people.remove(person)
    flagged = []
    notes = [(e, "revealed to") for e in revealed] + [(e, "owned by") for e in owned]
    for entry, how in notes:
        locked = VaultEntry.objects.select_for_update().get(pk=entry.pk)
        if not locked.rotation_flag:
            locked.rotation_flag = RotationFlag.LEAVER
            locked.rotation_flagged_at = timezone.now()
            locked.rotation_flag_note = f"{how} {person.full_name}, whose access was removed"
            locked.save(
                update_fields=["rotation_flag", "rotation_flagged_at", "rotation_flag_note"]
            )
            # The owner is asked to change it, unless the owner is the one leaving.
            if locked.owner_id != person.pk:
                flagged.append(locked.pk)
    audit.record(
        person.council,
        Event.VAULT_ACCESS_REVOKED,
        actor=actor,
        target=person,
        changes={
            "could_use": sorted(e.name for e in before.could_use),
            "revealed": sorted(e.name for e in revealed),
            "owned": sorted(e.name for e in owned),
            "flagged_for_rotation": sorted(e.name for e in to_change),
        },
    )
    for pk in flagged:
        # robust: a mail failure after the commit is logged, not turned into an error page.
        transaction.on_commit(lambda pk=pk: _ask_owner_to_rotate(pk), robust=True)
    return access_of(person)


@transaction.atomic
def restore_access_of(person: Person, *, actor: Actor) -> bool:
    """Let someone use the vault again (their role's entries; named grants must be given
    again)."""
    deleted, _ = VaultRevocation.objects.filter(council=person.council, person=person).delete()
    if not deleted:
        return False
    audit.record(person.council, Event.VAULT_ACCESS_RESTORED, actor=actor, target=person)
    return True


def _reveals_of(person: Person) -> Q:
    condition = Q(person=person)
    if person.user_id:
        condition |= Q(user_id=person.user_id)
    return condition


# --- the vault key -----------------------------------------------------------------------------


@dataclass
class KeyReport:
    entries: int
    old_key_id: str
    new_key_id: str
    councils: list[str]


@transaction.atomic
def rotate_key(new_key: bytes, *, actor: Actor) -> KeyReport:
    """Re-wrap every entry's data key (in every council) with ``new_key``, in one transaction:
    all or nothing. The secrets themselves are not decrypted."""
    old_key = current_kek()
    old_id, new_id = crypto.key_id(old_key), crypto.key_id(new_key)
    if old_id == new_id:
        raise VaultError("the new key is the key in use")
    entries = list(VaultEntry.objects.select_for_update().select_related("council").order_by("pk"))
    for entry in entries:
        # A wrong current key or a damaged entry stops the whole change (VaultKeyError,
        # SecretUnreadable) before anything is written.
        resealed = crypto.rewrap(
            entry.sealed, old_kek=old_key, new_kek=new_key, context=entry.context
        )
        entry.wrapped_key, entry.key_id = resealed.wrapped_key, resealed.key_id
    VaultEntry.objects.bulk_update(entries, ["wrapped_key", "key_id"], batch_size=200)
    by_council: dict[int, tuple[Council, int]] = {}
    for entry in entries:
        council, count = by_council.get(entry.council_id, (entry.council, 0))
        by_council[entry.council_id] = (council, count + 1)
    for council, count in by_council.values():
        audit.record(
            council,
            Event.VAULT_KEY_ROTATED,
            actor=actor,
            summary=f"{count} entries re-wrapped",
            changes={"entries": count, "old_key_id": old_id, "new_key_id": new_id},
        )
    return KeyReport(len(entries), old_id, new_id, sorted(c.slug for c, _ in by_council.values()))


def check_key() -> tuple[int, list[str]]:
    """How many entries there are, and a line for each one the current key cannot open."""
    kek = current_kek()
    problems = []
    entries = VaultEntry.objects.select_related("council").order_by("pk")
    for entry in entries.iterator():
        try:
            crypto.check_wrapping(entry.sealed, kek=kek, context=entry.context)
        except (crypto.VaultKeyError, crypto.SecretUnreadable) as exc:
            problems.append(f"{entry.council.slug}: entry {entry.pk} ({entry.name}): {exc}")
    return entries.count(), problems


# --- helpers -----------------------------------------------------------------------------------


def _check(council: Council, data: EntryData, *, entry: VaultEntry | None) -> None:
    if not data.name.strip():
        raise VaultError("give the entry a name")
    if data.system not in System.values:
        raise VaultError(f"{data.system!r} is not one of: {', '.join(System.values)}")
    if data.owner is None or data.owner.council_id != council.pk:
        raise VaultError("the owner must be someone in this council")
    if any(p.council_id != council.pk for p in data.allowed_people):
        raise VaultError("only people of this council can be allowed to use it")
    if unknown := set(data.allowed_roles) - set(Role.values):
        raise VaultError(f"unknown roles: {', '.join(sorted(unknown))}")
    if data.rotation_days is not None and not 1 <= data.rotation_days <= 3650:
        raise VaultError("the rotation interval must be between 1 and 3650 days")
    taken = VaultEntry.objects.in_council(council).live().filter(name__iexact=data.name.strip())
    if entry is not None:
        taken = taken.exclude(pk=entry.pk)
    if taken.exists():
        raise VaultError(f"there is already an entry called {data.name.strip()!r}")


def _apply(entry: VaultEntry, data: EntryData) -> None:
    entry.name = data.name.strip()
    entry.system = data.system
    entry.owner = data.owner
    entry.username = data.username.strip()
    entry.address = data.address.strip()
    entry.notes = data.notes.strip()
    entry.privileged = data.privileged
    entry.rotation_days = data.rotation_days


def _set_access(entry: VaultEntry, data: EntryData) -> None:
    entry.allowed_people.set(data.allowed_people)
    roles = set(data.allowed_roles)
    entry.role_grants.exclude(role__in=roles).delete()
    existing = set(entry.role_grants.values_list("role", flat=True))
    for role in sorted(roles - existing):
        VaultRoleGrant.objects.create(council=entry.council, entry=entry, role=role)


@sensitive_variables("secret")
def _seal(entry: VaultEntry, secret: str) -> None:
    kek = current_kek()
    # A process started before ``vault rotate-key`` still holds the old key: an entry it wrote
    # now could not be opened once it restarts. Refuse instead.
    if VaultEntry.objects.exclude(key_id=crypto.key_id(kek)).exists():
        raise VaultError(
            "the vault key was changed; restart councilguard with the new key "
            "(COUNCILGUARD_VAULT_KEY) before saving passwords"
        )
    sealed = crypto.seal(secret, kek=kek, context=entry.context)
    entry.ciphertext, entry.wrapped_key, entry.key_id = (
        sealed.ciphertext,
        sealed.wrapped_key,
        sealed.key_id,
    )


def _stored_ip(address: str | None) -> str | None:
    import ipaddress

    if not address:
        return None
    try:
        return str(ipaddress.ip_address(address.split("%", 1)[0]))
    except ValueError:
        return None


def _ask_owner_to_rotate(entry_pk: int) -> None:
    entry = VaultEntry.objects.select_related("owner", "council").filter(pk=entry_pk).first()
    if entry is None or not entry.rotation_flag:
        return
    recipients = [entry.owner.primary_email] if entry.owner.primary_email else []
    if not recipients:
        logger.warning("vault entry %s needs rotating but its owner has no address", entry.pk)
        return
    url = settings.SITE_URL.rstrip("/") + reverse(
        "vault:entry_rotate", kwargs={"council": entry.council.slug, "pk": entry.pk}
    )
    send_mail(
        f"councilguard: change the password of {entry.name} now",
        f"The password of {entry.name} ({entry.get_system_display()}) in {entry.council} has been "
        f"marked: {entry.get_rotation_flag_display().lower()}.\n"
        + (f"Note: {entry.rotation_flag_note}\n" if entry.rotation_flag_note else "")
        + "\nPlease change it on the system itself and then record the new one here "
        f"(it shows as overdue until you do):\n{url}\n",
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


def access_removed(user, council, *, actor: Actor) -> None:
    """Declared on VaultConfig (accounts calls it): whoever loses their role in a council, or
    their account, loses the shared passwords too (C24, B 4.1.5). A member with no entry on the
    people list was never given any by name, so there is nothing to take."""
    person = Person.objects.in_council(council).filter(user=user).first()
    if person is not None:
        revoke_access_of(person, actor=actor)
