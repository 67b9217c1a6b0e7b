"""The people services (and the council, role and token services beside them) refuse on their
own, whatever form or serializer is in front of them (issue 12): each refusal raises with its
reason and writes nothing, not even an audit entry."""

from __future__ import annotations

from datetime import date

import pytest

from councilguard.accounts.services import AccessError, change_role, disable_user, remove_access
from councilguard.api.services import TokenError, issue_token
from councilguard.audit.actors import Actor
from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.core.services import CouncilError, create_council
from councilguard.people.services import PersonData, PersonError, create_person, update_person
from councilguard.testing.refusals import assert_refused


def clerk(world) -> Actor:
    return Actor.for_user(world.users[Role.CLERK])


def new_person(world, **changes):
    values = {"full_name": "Pat Newcomer", "kind": "staff", "emails": ["pat@ashby.example"]}
    return lambda: create_person(
        world.council, PersonData(**{**values, **changes}), actor=clerk(world)
    )


def changed(person, world, **changes):
    values = {
        "full_name": person.full_name,
        "kind": person.kind,
        "emails": [person.primary_email],
        "line_manager": person.line_manager,
    }
    return lambda: update_person(person, PersonData(**{**values, **changes}), actor=clerk(world))


def clerk_membership(world) -> Membership:
    return Membership.objects.get(council=world.council, role=Role.CLERK)


CASES = {
    "a person without a name": (
        lambda w, o: new_person(w, full_name=" "),
        PersonError,
        "a name is needed",
    ),
    "a person without an e-mail address": (
        lambda w, o: new_person(w, emails=[]),
        PersonError,
        "at least one e-mail address is needed",
    ),
    "an e-mail address that is not one": (
        lambda w, o: new_person(w, emails=["pat at ashby"]),
        PersonError,
        "is not an e-mail address",
    ),
    "a person of an unknown kind": (
        lambda w, o: new_person(w, kind="wizard"),
        PersonError,
        "'wizard' is not one of",
    ),
    "a name with a NUL character": (
        lambda w, o: new_person(w, full_name="Pat\x00"),
        PersonError,
        "full name contains a NUL character",
    ),
    "leaving before starting": (
        lambda w, o: new_person(w, start_date=date(2026, 2, 1), leave_date=date(2026, 1, 31)),
        PersonError,
        "the leaving date is before the start date",
    ),
    "an e-mail address someone else has": (
        lambda w, o: new_person(w, emails=[w.people[Role.STAFF].primary_email]),
        PersonError,
        "already belongs to",
    ),
    "a working pattern that is not one": (
        lambda w, o: new_person(w, working_pattern="whenever"),
        PersonError,
        "working pattern:",
    ),
    "a line manager from another council": (
        lambda w, o: new_person(w, line_manager=o.people[Role.MANAGER]),
        PersonError,
        "the line manager must be someone in this council",
    ),
    "a manager managed by their own report": (
        lambda w, o: changed(w.people[Role.MANAGER], w, line_manager=w.people[Role.STAFF]),
        PersonError,
        "a person cannot be their own line manager, even indirectly",
    ),
    "a person as their own line manager": (
        lambda w, o: changed(w.people[Role.STAFF], w, line_manager=w.people[Role.STAFF]),
        PersonError,
        "a person cannot be their own line manager, even indirectly",
    ),
    # --- roles, tokens and councils ---
    "the last clerk made a manager": (
        lambda w, o: lambda: change_role(clerk_membership(w), role=Role.MANAGER, actor=clerk(w)),
        AccessError,
        "Ashby Town Council would have no clerk left",
    ),
    "the last clerk's role removed": (
        lambda w, o: lambda: remove_access(clerk_membership(w), actor=clerk(w)),
        AccessError,
        "Ashby Town Council would have no clerk left",
    ),
    "the last clerk's account disabled": (
        lambda w, o: lambda: disable_user(w.users[Role.CLERK], actor=clerk(w)),
        AccessError,
        "Ashby Town Council would have no clerk left",
    ),
    "a token for someone with no role in the council": (
        lambda w, o: (
            lambda: issue_token(w.council, name="Sync", user=o.users[Role.CLERK], actor=clerk(w))
        ),
        TokenError,
        "clerk@burton.example has no role in Ashby Town Council",
    ),
    "a council without a name": (
        lambda w, o: lambda: create_council("  ", actor=clerk(w)),
        CouncilError,
        "a council needs a name",
    ),
    "a council with a short name already taken": (
        lambda w, o: lambda: create_council("Ashby Parish", slug="ashby", actor=clerk(w)),
        CouncilError,
        "a council with the short name 'ashby' already exists",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_service_refuses_and_writes_nothing(world, other_world, case):
    build, error, words = CASES[case]
    call = build(world, other_world)
    assert_refused(call, error, words)
