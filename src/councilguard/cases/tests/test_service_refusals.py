"""Each case service refuses on its own, in the clerk's words, leaving every table as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.cases import services
from councilguard.cases.testing import make_case
from councilguard.core.roles import Role
from councilguard.monitoring.testing import make_finding
from councilguard.testing.refusals import assert_refused
from councilguard.testing.world import SETUP, make_world

pytestmark = pytest.mark.django_db
TERMS = "Establish who used the laptop and when, within four weeks."


def _new(**changes) -> services.NewCase:
    values = {
        "title": "A complaint",
        "kind": "social_media",
        "origin": "complaint",
        "allegation": "A post named a resident.",
        "clauses": ["A Social Media"],
        "subjects": [],
    }
    values.update(changes)
    return services.NewCase(**values)


def test_opening_a_case_refuses_what_is_missing(world):
    staff = world.people[Role.STAFF]
    cases = [
        (_new(subjects=[staff], title=""), "Give the case's title in a few words."),
        (_new(subjects=[staff], allegation="x"), "Give the allegation in a few words."),
        (_new(subjects=[staff], kind="theft"), "Choose the kind of case."),
        (_new(), "Name the person the case is about."),
        (_new(subjects=[staff], clauses=[]), "Name the clause or clauses the allegation"),
        (
            _new(
                subjects=[staff], period_start=dt.date(2026, 3, 2), period_end=dt.date(2026, 3, 1)
            ),
            "The period the case concerns must end after it starts.",
        ),
    ]
    for new, words in cases:
        assert_refused(
            lambda new=new: services.open_case(world.council, new, actor=SETUP),
            services.CaseError,
            words,
        )


def test_another_councils_finding_or_person_is_refused(world):
    other = make_world("brinmoor")
    finding = make_finding(other, other.people[Role.STAFF])
    assert_refused(
        lambda: services.open_case(world.council, _new(findings=[finding]), actor=SETUP),
        services.CaseError,
        "A finding of another council cannot be part of this case.",
    )
    assert_refused(
        lambda: services.open_case(
            world.council, _new(subjects=[other.people[Role.STAFF]]), actor=SETUP
        ),
        services.CaseError,
        "Everyone the case is about must be on this council's people list.",
    )


def test_stages_go_in_order(world):
    case = make_case(world)
    assert_refused(
        lambda: services.appoint_investigator(
            case, world.manager.memberships.get(), terms=TERMS, reason="Needed", actor=SETUP
        ),
        services.CaseError,
        "An investigator is appointed after the preliminary review.",
    )
    assert_refused(
        lambda: services.record_findings(case, findings="y" * 30, actor=SETUP),
        services.CaseError,
        "Findings are recorded at the end of the formal investigation.",
    )
    assert_refused(
        lambda: services.record_outcome(case, outcome="no_case", reason="None", actor=SETUP),
        services.CaseError,
        "The outcome follows the preliminary review or the investigation's findings.",
    )
    assert_refused(
        lambda: services.close_case(case, reason="Done now", actor=SETUP),
        services.CaseError,
        "A case is closed once its outcome is recorded.",
    )


def test_the_subject_alone_gives_their_account_once_told(world):
    case = make_case(world)
    subject = case.subjects.get()
    staff = Actor.for_user(world.staff)
    assert_refused(
        lambda: services.give_account(subject, "It was not me at all.", actor=staff),
        services.CaseError,
        "You can add your account once you have been told of the case in writing.",
    )
    services.tell_subject(
        subject, how="email", told_at=timezone.now(), notice="N" * 30, actor=SETUP
    )
    assert_refused(
        lambda: services.give_account(
            subject, "It was not me at all.", actor=Actor.for_user(world.clerk)
        ),
        services.CaseError,
        "Only the person the case is about adds their account.",
    )


def test_telling_refuses_a_date_in_the_future(world):
    case = make_case(world)
    assert_refused(
        lambda: services.tell_subject(
            case.subjects.get(),
            how="email",
            told_at=timezone.now() + dt.timedelta(hours=1),
            notice="N" * 30,
            actor=SETUP,
        ),
        services.CaseError,
        "The date they were told cannot be in the future.",
    )


def test_an_extract_needs_a_linked_finding_and_a_purpose(world):
    case = make_case(world, "formal_investigation")
    other = make_finding(world, world.people[Role.STAFF])
    assert_refused(
        lambda: services.take_extract(case, other, purpose="To check it.", actor=SETUP),
        services.CaseError,
        "Link the finding to the case before taking its events.",
    )
    linked = case.findings.get()
    assert_refused(
        lambda: services.take_extract(case, linked, purpose="x", actor=SETUP),
        services.CaseError,
        "Give the purpose of the extract in a few words.",
    )


def test_the_appeal_period_is_between_0_and_365_days(world):
    for days in (-1, 366):
        assert_refused(
            lambda days=days: services.update_settings(
                world.council, appeal_days=days, actor=SETUP
            ),
            services.CaseError,
            "The appeal period is between 0 and 365 days.",
        )
    for days in (0, 365):
        assert services.update_settings(world.council, appeal_days=days, actor=SETUP)


def test_a_subject_sees_nothing_before_being_told(client, world):
    from django.urls import reverse

    case = make_case(world)
    client.force_login(world.staff)
    url = reverse("cases:my_case", kwargs={"council": world.council.slug, "pk": case.pk})
    assert client.get(url).status_code == 404
    mine = reverse("cases:mine", kwargs={"council": world.council.slug})
    assert case.reference not in client.get(mine).content.decode()
