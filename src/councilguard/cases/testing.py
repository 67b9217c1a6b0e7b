"""Cases at each stage, for the permission matrix and the tests: about the staff member (whose
line manager is the world's manager), from a finding, with the manager as investigator once
one is appointed."""

from __future__ import annotations

from django.utils import timezone

from councilguard.cases import services
from councilguard.cases.models import Case, Evidence
from councilguard.core.roles import Role
from councilguard.monitoring.models import Finding
from councilguard.monitoring.testing import make_finding
from councilguard.people.models import Person
from councilguard.testing.world import SETUP, World

STAGES = ("concern_raised", "preliminary_review", "formal_investigation", "findings", "outcome")
NOTICE = "You are told in writing that the council is investigating the use of your laptop."


def open_case(world: World, person: Person | None = None, finding: Finding | None = None) -> Case:
    person = person or world.people[Role.STAFF]
    finding = finding or make_finding(world, person, status="escalated")
    return services.open_case(
        world.council,
        services.NewCase(
            title="Prohibited sites on a council laptop",
            kind="misuse_of_it",
            origin="findings",
            allegation="Visits to prohibited sites from a council laptop.",
            clauses=["A Misuse"],
            findings=[finding],
        ),
        actor=SETUP,
    )


def tell(case: Case) -> Case:
    for subject in case.subjects.all():
        services.tell_subject(
            subject, how="letter_hand", told_at=timezone.now(), notice=NOTICE, actor=SETUP
        )
    return case


def make_case(world: World, stage: str = "concern_raised", **kwargs) -> Case:
    """A case advanced to ``stage`` through the services, as the clerk would."""
    case = open_case(world, **kwargs)
    if stage == "concern_raised":
        return case
    services.start_review(case, reason="A first look at the findings.", actor=SETUP)
    if stage == "preliminary_review":
        return case
    investigator = world.users[Role.MANAGER].memberships.get(council=world.council)
    services.appoint_investigator(
        case,
        investigator,
        terms="Establish who used the laptop and when, within four weeks.",
        reason="There is a case to investigate.",
        actor=SETUP,
    )
    tell(case)
    if stage == "formal_investigation":
        return case
    services.record_findings(
        case, findings="The visits were made from her account in working hours.", actor=SETUP
    )
    if stage == "findings":
        return case
    services.record_outcome(
        case, outcome="informal", reason="A first occurrence, admitted.", actor=SETUP
    )
    return case


def make_own_case(world: World) -> Case:
    """A case about the acting member, told in writing (for "My cases")."""
    person = world.acting_person or world.people[Role.STAFF]
    return tell(open_case(world, person))


def make_evidence(world: World) -> tuple[Case, Evidence]:
    case = make_case(world, "formal_investigation")
    return case, case.evidence.get()


def make_phone_case(world: World) -> Case:
    from councilguard.phones.testing import make_phone_finding

    finding = make_phone_finding(world)
    return make_case(world, "formal_investigation", finding=finding)


def make_export(world: World):
    from councilguard.cases.bundle import export_case

    case = make_case(world, "formal_investigation")
    return export_case(case, recipient="Ann Wells, Wells & Co", reason="Advice", actor=SETUP).export
