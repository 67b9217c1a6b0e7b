"""The incident services refuse on their own, whatever form or serializer is in front of them
(issue 12): each refusal raises with its reason and writes nothing, not even an audit entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.roles import Role
from councilguard.incidents import services
from councilguard.incidents.models import IncidentKind
from councilguard.incidents.services import IncidentError
from councilguard.testing.refusals import assert_refused
from councilguard.testing.vault import make_incident
from councilguard.testing.world import SETUP


def clerk(world) -> Actor:
    return Actor.for_user(world.users[Role.CLERK])


def opening(world, **changes):
    values = {
        "title": "Laptop left unlocked",
        "description": "The office laptop was found unlocked overnight.",
    }
    kind = changes.pop("kind", IncidentKind.OTHER)
    return lambda: services.open_incident(
        world.council, kind, actor=clerk(world), **{**values, **changes}
    )


def closed(world, kind=IncidentKind.OTHER):
    return services.close_incident(make_incident(world, kind), actor=SETUP, outcome="Settled")


def then(setup, make_call):
    return lambda w, o: make_call(w, o, setup(w, o))


LATER = timedelta(minutes=5)

CASES = {
    "an incident of an unknown kind": (
        lambda w, o: opening(w, kind="alien_invasion"),
        "'alien_invasion' is not a kind of incident",
    ),
    "an incident without a title": (
        lambda w, o: opening(w, title="  "),
        "an incident needs a title and a description of what happened",
    ),
    "an incident without a description": (
        lambda w, o: opening(w, description="\n"),
        "an incident needs a title and a description of what happened",
    ),
    "an incident affecting someone of another council": (
        lambda w, o: opening(w, affected_people=[o.people[Role.STAFF]]),
        "affected people must be people of this council",
    ),
    "an incident that happens in five minutes": (
        lambda w, o: opening(w, occurred_at=timezone.now() + LATER),
        "when it happened cannot be in the future",
    ),
    "a breach detected in five minutes": (
        lambda w, o: opening(w, kind=IncidentKind.DATA_BREACH, detected_at=timezone.now() + LATER),
        "when it was detected cannot be in the future",
    ),
    "updating a closed incident": (
        then(
            lambda w, o: closed(w),
            lambda w, o, i: (
                lambda: services.update_incident(
                    i,
                    actor=clerk(w),
                    actions="More",
                    outcome="x",
                    affected_data="",
                    affected_people=[],
                )
            ),
        ),
        "this incident is closed",
    ),
    "adding someone of another council to an incident": (
        then(
            lambda w, o: make_incident(w),
            lambda w, o, i: (
                lambda: services.update_incident(
                    i,
                    actor=clerk(w),
                    actions="",
                    outcome="",
                    affected_data="",
                    affected_people=[o.people[Role.STAFF]],
                )
            ),
        ),
        "affected people must be people of this council",
    ),
    "a breach decision without a reason": (
        then(
            lambda w, o: make_incident(w),
            lambda w, o, i: (
                lambda: services.record_breach_decision(
                    i, actor=clerk(w), decision="not_reportable", reason="   "
                )
            ),
        ),
        "give the reason for the decision",
    ),
    "a breach decision that is not a decision": (
        then(
            lambda w, o: make_incident(w),
            lambda w, o, i: (
                lambda: services.record_breach_decision(
                    i, actor=clerk(w), decision="later", reason="Thinking"
                )
            ),
        ),
        "'later' is not a decision",
    ),
    "a reporting decision on what is not a breach": (
        then(
            lambda w, o: make_incident(w, IncidentKind.MALWARE),
            lambda w, o, i: (
                lambda: services.record_breach_decision(
                    i, actor=clerk(w), decision="not_reportable", reason="No data"
                )
            ),
        ),
        "only a personal-data breach has a reporting decision",
    ),
    "closing an incident twice": (
        then(
            lambda w, o: closed(w),
            lambda w, o, i: lambda: services.close_incident(i, actor=clerk(w), outcome="Again"),
        ),
        "this incident is already closed",
    ),
    "closing without an outcome": (
        then(
            lambda w, o: make_incident(w, IncidentKind.MALWARE),
            lambda w, o, i: lambda: services.close_incident(i, actor=clerk(w), outcome=" "),
        ),
        "say what the outcome was before closing the incident",
    ),
    "closing a breach before its reporting decision": (
        then(
            lambda w, o: make_incident(w),
            lambda w, o, i: lambda: services.close_incident(i, actor=clerk(w), outcome="Done"),
        ),
        "record whether this breach was reported to the ICO before closing it",
    ),
    "one failed sign-in as the limit": (
        lambda w, o: (
            lambda: services.change_settings(
                w.council, actor=clerk(w), failed_sign_in_limit=1, failed_sign_in_minutes=15
            )
        ),
        "the number of failed sign-ins must be between 2 and 100",
    ),
    "101 failed sign-ins as the limit": (
        lambda w, o: (
            lambda: services.change_settings(
                w.council, actor=clerk(w), failed_sign_in_limit=101, failed_sign_in_minutes=15
            )
        ),
        "the number of failed sign-ins must be between 2 and 100",
    ),
    "a period of no minutes": (
        lambda w, o: (
            lambda: services.change_settings(
                w.council, actor=clerk(w), failed_sign_in_limit=5, failed_sign_in_minutes=0
            )
        ),
        "the period must be between 1 minute and a day",
    ),
    "a period of a day and a minute": (
        lambda w, o: (
            lambda: services.change_settings(
                w.council, actor=clerk(w), failed_sign_in_limit=5, failed_sign_in_minutes=1441
            )
        ),
        "the period must be between 1 minute and a day",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_service_refuses_and_writes_nothing(world, other_world, case):
    build, words = CASES[case]
    call = build(world, other_world)
    assert_refused(call, IncidentError, words)
