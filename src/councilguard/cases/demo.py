"""Demo cases: an open case in formal investigation about Lucy Ferris, built from two of her
monitoring findings, with its evidence frozen, her told in writing and her data held. Every
name, site and address is invented."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.cases import services
from councilguard.core.models import Council, Membership
from councilguard.monitoring.models import Finding
from councilguard.people.models import Person

SUBJECT = "admin@ashcombe.example"
OPENED_BY = "deputy@ashcombe.example"
INVESTIGATOR = "operations@ashcombe.example"


def _two_findings(council: Council, person: Person) -> list[Finding]:
    findings = list(Finding.objects.filter(council=council, person=person).order_by("-status"))
    if len(findings) < 2:
        # A second finding as the analysis would write it, so the case rests on two.
        end = timezone.localdate() - dt.timedelta(days=12)
        now = timezone.now()
        findings.append(
            Finding.objects.create(
                council=council,
                person=person,
                source_kind="proxy",
                rule_kind="personal_in_hours",
                clause_reference="B 5.1.7",
                period_start=end - dt.timedelta(days=6),
                period_end=end,
                severity="medium",
                summary=f"{person.full_name} spent 3 h 40 min on personal sites in working "
                "hours over 4 days (B 5.1.7).",
                evidence={"minutes": 220, "days": 4},
                found_at=now,
                updated_at=now,
            )
        )
    return findings[:2]


def load_cases_demo(council: Council, people: dict[str, Person], actor: Actor) -> None:
    subject = people.get(SUBJECT)
    if subject is None:
        return
    from councilguard.accounts.models import User

    deputy = Actor.for_user(User.objects.get(email=OPENED_BY))
    case = services.open_case(
        council,
        services.NewCase(
            title="Prohibited sites and personal browsing on a council laptop",
            kind="misuse_of_it",
            origin="findings",
            allegation="Look-ups of prohibited sites from the office laptop, and personal "
            "browsing in working hours well beyond what the policy allows.",
            clauses=["A Misuse"],
            findings=_two_findings(council, subject),
        ),
        actor=deputy,
    )
    services.start_review(
        case, reason="Two findings from different sources point the same way.", actor=deputy
    )
    investigator = Membership.objects.get(council=council, user__email=INVESTIGATOR)
    services.appoint_investigator(
        case,
        investigator,
        terms="Establish whether the look-ups and the browsing were made by Lucy Ferris on "
        "the office laptop, whether anyone else used it, and whether she knew the policy. "
        "Report within four weeks.",
        reason="The preliminary review found a case to investigate.",
        actor=deputy,
    )
    case_subject = case.subjects.get(person=subject)
    services.tell_subject(
        case_subject,
        how="letter_hand",
        told_at=timezone.now(),
        notice="Dear Lucy, the council is investigating the use of the office laptop between "
        "the dates in the enclosed findings. This is an investigation, not a disciplinary "
        "step. You may see the evidence relied on and add your account.",
        actor=deputy,
    )
    ops = Actor.for_user(investigator.user)
    services.add_interview(
        case,
        title="Interview with the office's other laptop user",
        notes="Confirmed the laptop stays in the front office and is signed into with the "
        "administration account only. Did not use it in the weeks concerned.",
        relied_on=True,
        actor=ops,
    )
    services.add_document(
        case,
        title="Laptop sign-in log exported by the IT provider",
        file_name="laptop-sign-ins.txt",
        data=b"2026-03-02 08:57 administration signed in\n2026-03-02 17:04 signed out\n",
        relied_on=True,
        actor=ops,
    )
    # One export for the council's solicitor, recorded as a disclosure.
    from councilguard.cases.bundle import export_case

    export_case(
        case,
        recipient="Hannah Price, Price & Moor Solicitors",
        reason="Advice on whether the findings support a disciplinary hearing",
        actor=deputy,
    )
