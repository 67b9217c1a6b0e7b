"""The demo council's private contacts: the standard list protected for everyone, the
council's own helpline, and a staff member's standing request waiting for their manager."""

from __future__ import annotations

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.people.models import Person
from councilguard.privacy import services
from councilguard.privacy.models import ContactKind, Decider, Extent


def load_privacy_demo(council: Council, people: dict, actor: Actor) -> None:
    services.add_standard_list(council, actor=actor)
    services.add_always_protected(
        council,
        kind=ContactKind.NUMBER,
        value="0800 030 5182",
        label="Employee assistance line",
        actor=actor,
    )
    # Accounts were linked to people after these objects were made.
    fresh = Person.objects.filter(pk__in=[p.pk for p in people.values()]).order_by("pk")
    # Someone whose line manager decides (the usual route, A "Monitoring of Personal
    # Communications").
    asker = next((p for p in fresh if services.decider_for(p)[0] == Decider.MANAGER), None)
    if asker is not None:
        services.ask_protection(
            asker,
            kind=ContactKind.NUMBER,
            value="01632 960 123",
            extent=Extent.STANDING,
            reason="My trade union representative.",
            actor=actor,
        )
