"""The vault's and the incident register's part of the demo council (declared on VaultConfig)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from councilguard.accounts.models import User
from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.core.roles import Role
from councilguard.people.models import Person

# (name, system, username, owner e-mail, people e-mails, roles, privileged, days, secret)
# The secrets are invented for the demo and used nowhere else.
VAULT_ENTRIES = [
    (
        "Council website (CMS admin)",
        "website",
        "webadmin",
        "jo@fixitsupport.example",
        ["clerk@ashcombe.example", "admin@ashcombe.example"],
        [],
        False,
        365,
        "saffron-orbit-kettle",
    ),
    (
        "Domain registrar",
        "domain",
        "ashcombe-tc",
        "jo@fixitsupport.example",
        ["clerk@ashcombe.example"],
        [],
        True,
        365,
        "copper lagoon fable quiver",
    ),
    (
        "Office Wi-Fi",
        "wifi",
        "Ashcombe-Office",
        "jo@fixitsupport.example",
        [],
        [Role.CLERK, Role.DP_LEAD, Role.MANAGER, Role.STAFF],
        False,
        180,
        "tundra-marble-picnic",
    ),
    (
        "Facebook page",
        "social",
        "ashcombetowncouncil",
        "clerk@ashcombe.example",
        ["admin@ashcombe.example", "operations@ashcombe.example"],
        [],
        False,
        365,
        "walnut-glacier-sonnet",
    ),
]


def load_vault_and_incidents_demo(council: Council, people: dict[str, Person], actor: Actor):
    """Vault entries (one administrative, one marked "change now") and two incidents, one a
    personal-data breach with its 72-hour clock running."""
    from councilguard.incidents.models import IncidentKind
    from councilguard.incidents.services import open_incident
    from councilguard.vault.services import EntryData, create_entry, request_rotation

    entries = {}
    for name, system, username, owner, named, roles, privileged, days, secret in VAULT_ENTRIES:
        entries[name] = create_entry(
            council,
            EntryData(
                name=name,
                system=system,
                owner=people[owner],
                username=username,
                allowed_people=[people[email] for email in named],
                allowed_roles=[role.value for role in roles],
                privileged=privileged,
                rotation_days=days,
            ),
            secret,
            actor=actor,
        )
    helen = Actor.for_user(User.objects.get(email="clerk@ashcombe.example"))
    request_rotation(
        entries["Facebook page"],
        actor=helen,
        note="the password was read out at a meeting the public attended",
    )
    sam = User.objects.get(email="sam.tully@ashcombe.example")
    open_incident(
        council,
        IncidentKind.MALWARE,
        actor=Actor.for_user(sam),
        title="Invoice attachment opened on the depot laptop",
        description="An e-mail claiming to be from a supplier had an attachment; once opened, "
        "the laptop became slow and showed pop-ups. The laptop was switched off.",
        occurred_at=timezone.now() - timedelta(days=3),
    )
    owen = User.objects.get(email="deputy@ashcombe.example")
    open_incident(
        council,
        IncidentKind.DATA_BREACH,
        actor=Actor.for_user(owen),
        title="Allotment list e-mailed to all tenants in open copy",
        description="The allotment waiting list, with names, addresses and phone numbers, was "
        "sent to every tenant with their addresses visible to each other.",
        detected_at=timezone.now() - timedelta(hours=20),
        affected_data="Names, home addresses and phone numbers of 14 allotment applicants.",
    )
