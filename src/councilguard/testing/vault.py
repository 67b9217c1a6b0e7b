"""Vault entries and security incidents for tests and the permission matrix, made through the
real services."""

from __future__ import annotations

import itertools

from councilguard.core.roles import Role
from councilguard.incidents.models import IncidentKind, SecurityIncident
from councilguard.incidents.services import open_incident
from councilguard.testing.world import SETUP, World
from councilguard.vault.models import System, VaultEntry
from councilguard.vault.services import EntryData, create_entry

# Test secrets: distinctive, so a scan of the database or the logs can look for them.
SECRETS = (
    "quokka-tundra-marigold-7731",
    "lantern-ozone-pebble-4410",
    "walrus-cobalt-thimble-9925",
)
_names = itertools.count(1)


def make_entry(
    world: World,
    *,
    secret: str = SECRETS[0],
    roles: tuple[Role, ...] = tuple(Role),
    people=(),
    privileged: bool = False,
    owner_role: Role = Role.IT_PROVIDER,
    name: str | None = None,
    system: str = System.WIFI,
) -> VaultEntry:
    """An entry of ``world``'s council, owned by its IT provider; every role may use it unless
    ``roles`` says otherwise."""
    return create_entry(
        world.council,
        EntryData(
            name=name or f"Office Wi-Fi {next(_names)}",
            system=system,
            owner=world.people[owner_role],
            username="office",
            allowed_people=list(people),
            allowed_roles=[r.value for r in roles],
            privileged=privileged,
            rotation_days=365,
        ),
        secret,
        actor=SETUP,
    )


def entry_form(world: World, **changes) -> dict:
    """Form data for the entry pages, owned by the IT provider (so both the clerk and the IT
    provider may save it)."""
    return {
        "name": f"Parish hall Wi-Fi {next(_names)}",
        "system": System.WIFI,
        "username": "hall",
        "owner": world.people[Role.IT_PROVIDER].pk,
        "allowed_roles": [Role.STAFF.value],
        "rotation_days": 180,
        **changes,
    }


def make_incident(world: World, kind: str = IncidentKind.DATA_BREACH) -> SecurityIncident:
    return open_incident(
        world.council,
        kind,
        actor=SETUP,
        title="Minutes sent to the wrong address",
        description="Draft minutes naming a resident were e-mailed to the wrong person.",
    )
