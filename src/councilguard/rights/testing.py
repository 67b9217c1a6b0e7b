"""Rights requests set up through the real services, for tests and the permission matrix."""

from __future__ import annotations

from datetime import date, timedelta

from councilguard.core.roles import Role
from councilguard.rights.models import Channel, RequestKind, RightsRequest
from councilguard.rights.services import NewRequest, record_request
from councilguard.testing.world import SETUP, World


def make_request(w: World, *, kind: str = RequestKind.ACCESS, received: date | None = None
                 ) -> RightsRequest:  # fmt: skip
    """A subject access request from the world's staff member, received a week ago."""
    return record_request(
        w.council,
        NewRequest(
            kind=kind,
            channel=Channel.EMAIL,
            received_on=received or date.today() - timedelta(days=7),
            person=w.people[Role.STAFF],
            details="Everything you hold on me.",
        ),
        actor=SETUP,
    )


def make_paused_request(w: World) -> RightsRequest:
    from councilguard.rights.services import pause_clock

    request = make_request(w)
    pause_clock(request, reason="identity", asked="Photo ID", started_on=request.received_on,
                actor=SETUP)  # fmt: skip
    return request
