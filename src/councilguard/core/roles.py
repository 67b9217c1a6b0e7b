"""Roles a user holds in a council, and what each role may do.

All role logic lives here: views, the API and services ask ``can(membership, action)`` and never
compare role names themselves.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    CLERK = "clerk", "Clerk"
    MANAGER = "manager", "Manager"
    IT_PROVIDER = "it_provider", "IT provider"
    DP_LEAD = "dp_lead", "Data protection lead"
    COMMITTEE = "committee", "Committee member"
    STAFF = "staff", "Staff member"
    COUNCILLOR = "councillor", "Councillor"


# C14 / B 4.1.1: these roles reach other people's data or the council's systems, so they must
# have a second factor before they can do anything.
PRIVILEGED_ROLES = frozenset({Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD})


class Action(StrEnum):
    VIEW_DASHBOARD = "dashboard.view"
    VIEW_PEOPLE = "people.view"
    CHANGE_PEOPLE = "people.change"
    VIEW_AUDIT = "audit.view"
    MANAGE_ACCESS = "access.manage"
    MANAGE_TOKENS = "tokens.manage"
    # --- policies ---
    # --- vault ---
    # --- incidents ---


_EVERYONE = frozenset(Role)
GRANTS: dict[Action, frozenset[Role]] = {
    Action.VIEW_DASHBOARD: _EVERYONE,
    # Managers see only their own team (DESIGN 9); the queryset narrows that, not this table.
    Action.VIEW_PEOPLE: frozenset({Role.CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD}),
    Action.CHANGE_PEOPLE: frozenset({Role.CLERK}),
    Action.VIEW_AUDIT: frozenset({Role.CLERK, Role.DP_LEAD}),
    Action.MANAGE_ACCESS: frozenset({Role.CLERK}),
    Action.MANAGE_TOKENS: frozenset({Role.CLERK}),
    # --- policies ---
    # --- vault ---
    # --- incidents ---
}

# Roles whose holders see every person of the council rather than only themselves or their team.
SEES_EVERYONE = frozenset({Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD})


def role_can(role: str, action: Action) -> bool:
    return role in GRANTS[action]
