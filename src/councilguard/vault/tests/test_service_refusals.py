"""The vault's services refuse on their own, whatever form or serializer is in front of them
(issue 12): each refusal raises with its reason and writes nothing, not even an audit entry."""

from __future__ import annotations

import pytest

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.testing.refusals import assert_refused
from councilguard.testing.vault import SECRETS, make_entry
from councilguard.testing.world import SETUP
from councilguard.vault import services
from councilguard.vault.models import SecretReveal
from councilguard.vault.services import (
    EntryData,
    EntryRefused,
    RecentMFARequired,
    RevealsLimited,
    VaultError,
    WeakSecret,
)


def membership(world, role=Role.STAFF) -> Membership:
    return Membership.objects.get(council=world.council, user=world.users[role])


def reveal(entry, member, reason="Setting up the new laptop", recent_mfa=True):
    return lambda: services.reveal_secret(
        entry,
        membership=member,
        reason=reason,
        actor=Actor.for_user(member.user),
        via="web",
        recent_mfa=recent_mfa,
    )


def data(world, **changes) -> EntryData:
    values = {
        "name": "Parish hall Wi-Fi",
        "system": "wifi",
        "owner": world.people[Role.IT_PROVIDER],
        "allowed_roles": [Role.STAFF.value],
        "rotation_days": 180,
    }
    return EntryData(**{**values, **changes})


def create(world, secret=SECRETS[1], **changes):
    return lambda: services.create_entry(world.council, data(world, **changes), secret, actor=SETUP)


# Each case: (world, other_world) -> the call that must be refused, the error and its words.
CASES = {
    "reveal with a blank reason": (
        lambda w, o: reveal(make_entry(w), membership(w), reason=""),
        VaultError,
        "say why you need this password",
    ),
    "reveal with a reason of spaces and a tab": (
        lambda w, o: reveal(make_entry(w), membership(w), reason="   \t\n "),
        VaultError,
        "say why you need this password",
    ),
    "reveal with a reason over 300 characters": (
        lambda w, o: reveal(make_entry(w), membership(w), reason="x" * 301),
        VaultError,
        "keep the reason to 300 characters",
    ),
    "reveal by a role the entry does not allow": (
        lambda w, o: reveal(make_entry(w, roles=(Role.CLERK,)), membership(w)),
        EntryRefused,
        "",
    ),
    "reveal of another council's entry through one's own membership": (
        lambda w, o: reveal(make_entry(o), membership(w)),
        EntryRefused,
        "",
    ),
    "reveal of a privileged entry without a recent second factor": (
        lambda w, o: reveal(make_entry(w, privileged=True), membership(w), recent_mfa=False),
        RecentMFARequired,
        "",
    ),
    "a new entry without a name": (
        lambda w, o: create(w, name="  "),
        VaultError,
        "give the entry a name",
    ),
    "a new entry of an unknown system": (
        lambda w, o: create(w, system="mainframe"),
        VaultError,
        "'mainframe' is not one of",
    ),
    "a new entry owned by someone of another council": (
        lambda w, o: create(w, owner=o.people[Role.IT_PROVIDER]),
        VaultError,
        "the owner must be someone in this council",
    ),
    "a new entry allowing someone of another council": (
        lambda w, o: create(w, allowed_people=[o.people[Role.STAFF]]),
        VaultError,
        "only people of this council can be allowed to use it",
    ),
    "a new entry allowing an unknown role": (
        lambda w, o: create(w, allowed_roles=["janitor"]),
        VaultError,
        "unknown roles: janitor",
    ),
    "a new entry rotated every 0 days": (
        lambda w, o: create(w, rotation_days=0),
        VaultError,
        "the rotation interval must be between 1 and 3650 days",
    ),
    "a new entry rotated every 3651 days": (
        lambda w, o: create(w, rotation_days=3651),
        VaultError,
        "the rotation interval must be between 1 and 3650 days",
    ),
    "a new entry with the name of a live one": (
        lambda w, o: create(w, name=make_entry(w).name.upper()),
        VaultError,
        "there is already an entry called",
    ),
    "a new entry with an empty password": (
        lambda w, o: create(w, secret=" "),
        WeakSecret,
        "enter the password",
    ),
    "a new entry with a password over 500 characters": (
        lambda w, o: create(w, secret="long-" * 101),
        WeakSecret,
        "the password is longer than 500 characters",
    ),
    "a new entry with a common password": (
        lambda w, o: create(w, secret="password"),
        WeakSecret,
        "",
    ),
    "a changed entry with the name of another": (
        lambda w, o: (
            lambda first, second: (
                lambda: services.update_entry(second, data(w, name=first.name), actor=SETUP)
            )
        )(make_entry(w), make_entry(w)),
        VaultError,
        "there is already an entry called",
    ),
    "a changed entry owned by someone of another council": (
        lambda w, o: (
            lambda entry: (
                lambda: services.update_entry(
                    entry, data(w, owner=o.people[Role.CLERK]), actor=SETUP
                )
            )
        )(make_entry(w)),
        VaultError,
        "the owner must be someone in this council",
    ),
    "a new password for a retired entry": (
        lambda w, o: (lambda entry: lambda: services.rotate_secret(entry, SECRETS[2], actor=SETUP))(
            services.retire_entry(make_entry(w), actor=SETUP)
        ),
        VaultError,
        "this entry is retired",
    ),
    "a new password that is blank": (
        lambda w, o: (lambda entry: lambda: services.rotate_secret(entry, "", actor=SETUP))(
            make_entry(w)
        ),
        WeakSecret,
        "enter the password",
    ),
    "a new vault key that is the key in use": (
        lambda w, o: lambda: services.rotate_key(services.current_kek(), actor=SETUP),
        VaultError,
        "the new key is the key in use",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_service_refuses_and_writes_nothing(world, other_world, case):
    build, error, words = CASES[case]
    call = build(world, other_world)
    assert_refused(call, error, words)


def test_a_refused_reveal_never_returns_the_secret_or_records_a_reveal(world):
    entry = make_entry(world)
    member = membership(world)
    for reason in ("", " ", "\u00a0\t"):
        with pytest.raises(VaultError):
            reveal(entry, member, reason=reason)()
    assert SecretReveal.objects.count() == 0
    assert not AuditEntry.objects.filter(event=Event.VAULT_SECRET_REVEALED).exists()


def test_a_reveal_over_the_limit_records_only_that_it_was_limited(world, settings):
    entry = make_entry(world)
    member = membership(world)
    for _ in range(services.REVEAL_LIMIT):
        reveal(entry, member)()
    reveals = SecretReveal.objects.count()
    before = AuditEntry.objects.count()
    with pytest.raises(RevealsLimited):
        reveal(entry, member)()
    assert SecretReveal.objects.count() == reveals
    assert list(
        AuditEntry.objects.order_by("sequence")[before:].values_list("event", flat=True)
    ) == [Event.VAULT_REVEALS_LIMITED]
