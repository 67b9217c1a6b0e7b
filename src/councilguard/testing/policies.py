"""A council's policy set up through the services: version 1.0 in force, 1.1 in draft, a rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from councilguard.policies import services
from councilguard.policies.importing import parse_markdown
from councilguard.policies.models import Clause, Policy, PolicyVersion, Rule
from councilguard.testing.world import SETUP, World

TEXT = """# Computers and Phones

## 1 Equipment

1.1 Council equipment is for council work.

1.2 Lock the screen before walking away from it.

## 2 Working away

2.1 Keep papers and devices with you.

- never leave them in a car
- take them inside overnight
"""


@dataclass
class PolicySetup:
    policy: Policy
    in_force: PolicyVersion
    draft: PolicyVersion
    clause: Clause
    rule: Rule


def make_policy(world: World, *, code: str = "B") -> PolicySetup:
    """Cached on the world, so a matrix entry's kwargs can ask for it more than once."""
    cached = getattr(world, "_policy", None)
    if cached is not None:
        return cached
    council = world.council
    policy = services.create_policy(
        council, title="Computers and Phones", code=code, actor=SETUP, review_due=date(2030, 1, 1)
    )
    parsed = parse_markdown(TEXT)
    first = services.draft_version(policy, parsed, label="1.0", actor=SETUP)
    services.update_version_settings(
        first,
        actor=SETUP,
        material_change=True,
        remote_working_reference="2.1",
        reminder_every_days=7,
    )
    services.approve_version(
        first,
        actor=SETUP,
        approving_body="full_council",
        approved_on=date(2026, 1, 10),
        minute_reference="C.1",
    )
    first = services.publish_version(first, actor=SETUP)
    draft = services.draft_version(policy, parsed, label="1.1", actor=SETUP)
    clause = first.clauses.get(reference="1.2")
    rule = services.save_rule(
        council,
        actor=SETUP,
        name="Screens locked",
        kind="device_posture",
        severity="medium",
        parameters={"minutes": 5},
        citations=[(policy, "1.2")],
    )
    setup = PolicySetup(policy, first, draft, clause, rule)
    world._policy = setup
    return setup
