"""The demo council's retention schedule: one period the clerk changed with a reason, and the
receipt of last night's run over every kind (C19, B 5.1.3)."""

from __future__ import annotations

from datetime import timedelta

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.people.models import Person
from councilguard.retention import services

CLERK = "clerk@ashcombe.example"


def load_retention_demo(council: Council, people: dict[str, Person], actor: Actor) -> None:
    from councilguard.accounts.models import User

    clerk = User.objects.filter(email=CLERK).first()
    services.set_period(
        council,
        "monitoring.findings",
        days=270,
        reason="Agreed at the March staffing committee: nine months is enough for a pattern "
        "to show and a case to be opened.",
        actor=Actor.for_user(clerk) if clerk else actor,
    )
    # Last night's run, as the scheduled jobs would have left it.
    services.run(
        council,
        actor=Actor.system("worker"),
        today=services.today_in_london() - timedelta(days=1),
    )
