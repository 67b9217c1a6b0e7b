"""The demo council's data requests: one in progress with its clock stopped and restarted, one
from a member of the public, so the register and the bundle have something to show."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.people.models import Person
from councilguard.rights.models import Channel, PauseReason, RequestKind
from councilguard.rights.services import (
    NewRequest,
    check_identity,
    pause_clock,
    record_request,
    resume_clock,
)


def load_rights_demo(council: Council, people: dict[str, Person], actor: Actor) -> None:
    today = timezone.localdate()
    received = today - timedelta(days=20)
    sam = people["sam.tully@ashcombe.example"]
    access = record_request(
        council,
        NewRequest(
            kind=RequestKind.ACCESS,
            channel=Channel.EMAIL,
            received_on=received,
            person=sam,
            details="A copy of everything the council holds on me, including the web logs.",
        ),
        actor=actor,
    )
    pause_clock(access, reason=PauseReason.CLARIFICATION, started_on=received + timedelta(days=2),
                asked="Which years of records do you mean?", actor=actor)  # fmt: skip
    resume_clock(access, reply_on=received + timedelta(days=5), actor=actor)
    check_identity(access, checked_on=received + timedelta(days=5),
                   method="Replied from his council e-mail address", actor=actor)  # fmt: skip
    record_request(
        council,
        NewRequest(
            kind=RequestKind.ACCESS,
            channel=Channel.LETTER,
            received_on=today - timedelta(days=3),
            requester_name="Alex Walker",
            requester_contact="12 Mill Lane, Ashcombe",
            details="Footage of me from the car park camera on the evening of the fete.",
        ),
        actor=actor,
    )
