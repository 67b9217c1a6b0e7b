"""Every change the vault services make writes its own audit entry, in the same transaction,
and only that (issue 12: a missing audit entry must not pass the suite)."""

from __future__ import annotations

import pytest

from councilguard.audit.actors import Actor
from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.testing.audit import assert_audited
from councilguard.testing.vault import SECRETS, make_entry
from councilguard.vault import services
from councilguard.vault.services import EntryData


def it(world) -> Actor:
    return Actor.for_user(world.users[Role.IT_PROVIDER])


def details(world, entry, **changes) -> EntryData:
    values = {
        "name": entry.name,
        "system": entry.system,
        "owner": entry.owner,
        "username": entry.username,
        "allowed_roles": sorted(entry.allowed_roles),
        "rotation_days": entry.rotation_days,
    }
    return EntryData(**{**values, **changes})


def reveal(world, entry):
    member = Membership.objects.get(council=world.council, user=world.users[Role.STAFF])
    return services.reveal_secret(
        entry,
        membership=member,
        reason="Setting up the hall laptop",
        actor=Actor.for_user(member.user),
        via="web",
        recent_mfa=True,
    )


CASES = {
    "adding an entry": (
        lambda w: None,
        lambda w, _: make_entry(w),
        ["vault.entry_created"],
    ),
    "changing an entry": (
        lambda w: make_entry(w),
        lambda w, e: services.update_entry(e, details(w, e, username="hall-admin"), actor=it(w)),
        ["vault.entry_updated"],
    ),
    "changing its password": (
        lambda w: make_entry(w),
        lambda w, e: services.rotate_secret(e, SECRETS[1], actor=it(w)),
        ["vault.secret_rotated"],
    ),
    "asking for it to be changed now": (
        lambda w: make_entry(w),
        lambda w, e: services.request_rotation(e, actor=it(w), note="Seen on a screen share"),
        ["vault.rotation_requested"],
    ),
    "retiring an entry": (
        lambda w: make_entry(w),
        lambda w, e: services.retire_entry(e, actor=it(w)),
        ["vault.entry_retired"],
    ),
    "revealing a password": (
        lambda w: make_entry(w),
        reveal,
        ["vault.secret_revealed"],
    ),
    "withdrawing a person's access": (
        lambda w: make_entry(w),
        lambda w, e: services.revoke_access_of(w.people[Role.STAFF], actor=it(w)),
        ["vault.access_revoked"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_change_writes_its_audit_entry(world, case):
    setup, change, events = CASES[case]
    made = setup(world)
    with assert_audited(world.council, *events):
        change(world, made)
