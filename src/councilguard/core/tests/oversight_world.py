"""A council with one thing of each kind waiting, for the dashboard and reminder tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.roles import Role
from councilguard.devices.models import ApprovalRequest, LeaverChecklist, LossReport
from councilguard.devices.services import create_task
from councilguard.devices.testing import make_leaver, make_loss, make_software_request
from councilguard.incidents.models import IncidentKind, SecurityIncident
from councilguard.incidents.services import open_incident
from councilguard.monitoring.testing import make_finding
from councilguard.policies.models import Policy
from councilguard.testing.policies import PolicySetup, make_policy
from councilguard.testing.vault import make_entry
from councilguard.testing.world import SETUP, World
from councilguard.vault.models import VaultEntry
from councilguard.vault.services import request_rotation


@dataclass
class OneOfEach:
    """What ``one_of_each`` made; database ids differ between SQLite and PostgreSQL runs."""

    now: datetime
    breach: SecurityIncident
    loss: LossReport
    request: ApprovalRequest
    leaver: LeaverChecklist
    entry: VaultEntry
    policy: PolicySetup


def one_of_each(world: World) -> OneOfEach:
    """A personal-data breach detected 20 hours ago, the staff member's lost phone (reported
    now, so its police number is due in 24 hours), a software request by the staff member, a
    leaver part-way, a posture task for the staff member due in two days, a policy whose review
    is due in ten days, open findings about the staff member, and a vault entry flagged to
    change now. ``now`` is the moment it was set up, which the services also stamp."""
    now = timezone.now()
    policy = make_policy(world)
    Policy.objects.filter(pk=policy.policy.pk).update(review_due=(now + timedelta(days=10)).date())
    breach = open_incident(
        world.council,
        IncidentKind.DATA_BREACH,
        actor=SETUP,
        title="Minutes sent to the wrong address",
        description="Draft minutes naming a resident were e-mailed to the wrong person.",
        detected_at=now - timedelta(hours=20),
    )
    loss = make_loss(world)
    request = make_software_request(world)
    leaver = make_leaver(world)
    create_task(
        world.council,
        "Turn on encryption on your laptop",
        now=now,
        due_at=now + timedelta(days=2),
        person=world.people[Role.STAFF],
    )
    make_finding(world, world.people[Role.STAFF], source_kind="proxy", start=date(2026, 2, 2))
    entry = make_entry(world, name="Council website")
    request_rotation(entry, actor=Actor.for_user(world.clerk), note="read out at a meeting")
    return OneOfEach(now, breach, loss, request, leaver, entry, policy)
