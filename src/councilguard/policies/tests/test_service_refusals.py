"""The policy services refuse on their own, whatever form is in front of them (issue 12): each
refusal raises with its reason and writes nothing, not even an audit entry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.roles import Role
from councilguard.policies import services
from councilguard.policies.importing import ParsedPolicy, parse_markdown
from councilguard.policies.services import PolicyError
from councilguard.testing.policies import TEXT, make_policy
from councilguard.testing.refusals import assert_refused
from councilguard.testing.world import SETUP

TOMORROW = timezone.localdate() + timedelta(days=1)


def as_(world, role: Role) -> Actor:
    return Actor.for_user(world.users[role])


def clerk(world) -> Actor:
    return as_(world, Role.CLERK)


def with_policy(make_call):
    """A case on the council's policy (1.0 in force, 1.1 in draft, a rule)."""
    return lambda w, o: make_call(w, o, make_policy(w))


def settings_of(version, world, **changes):
    values = {
        "material_change": version.material_change,
        "remote_working_reference": version.remote_working_reference,
        "reminder_every_days": version.reminder_every_days,
    }
    return lambda: services.update_version_settings(
        version, actor=clerk(world), **{**values, **changes}
    )


def approval(version, world, **changes):
    values = {"approving_body": "full_council", "approved_on": date(2026, 2, 1)}
    return lambda: services.approve_version(version, actor=clerk(world), **{**values, **changes})


def review(policy, world, **changes):
    values = {
        "reviewed_on": date(2026, 2, 1),
        "review_type": "Annual",
        "actions": "No change",
        "completed_by": "The clerk",
        "next_review_due": None,
    }
    return lambda: services.record_review(policy, actor=clerk(world), **{**values, **changes})


def rule(world, **changes):
    values = {
        "name": "Screens locked",
        "kind": "device_posture",
        "severity": "medium",
        "parameters": {"minutes": 5},
    }
    return lambda: services.save_rule(world.council, actor=clerk(world), **{**values, **changes})


def new_policy(world, **changes):
    values = {"title": "Social Media", "code": "S"}
    return lambda: services.create_policy(
        world.council, actor=clerk(world), **{**values, **changes}
    )


def without_draft(make_call):
    """A case on the council's policy with 1.0 in force and its draft 1.1 discarded."""

    def build(w, o):
        setup = make_policy(w)
        services.discard_draft(setup.draft, actor=SETUP)
        return make_call(w, o, setup)

    return build


CASES = {
    # --- policies ---
    "a policy without a title": (
        lambda w, o: new_policy(w, title="  "),
        "a policy needs a title and a short code",
    ),
    "a policy without a code": (
        lambda w, o: new_policy(w, code=" "),
        "a policy needs a title and a short code",
    ),
    "a second policy with the same title": (
        with_policy(lambda w, o, s: new_policy(w, title="computers and phones")),
        "there is already a policy called 'computers and phones'",
    ),
    "a second policy with the same code": (
        with_policy(lambda w, o, s: new_policy(w, code="b")),
        "the code 'B' is already used by another policy",
    ),
    "a responsible officer from another council": (
        lambda w, o: new_policy(w, responsible_officer=o.people[Role.CLERK]),
        "the responsible officer must be someone in this council",
    ),
    # --- versions ---
    "a version without a label": (
        without_draft(
            lambda w, o, s: (
                lambda: services.draft_version(
                    s.policy, parse_markdown(TEXT), label=" ", actor=clerk(w)
                )
            )
        ),
        "a version needs a label, such as 0.3",
    ),
    "a second draft while one is prepared": (
        with_policy(
            lambda w, o, s: (
                lambda: services.draft_version(
                    s.policy, parse_markdown(TEXT), label="2.0", actor=clerk(w)
                )
            )
        ),
        "version 1.1 is already being prepared; publish or discard it first",
    ),
    "a version with the label of an earlier one": (
        without_draft(
            lambda w, o, s: (
                lambda: services.draft_version(
                    s.policy, parse_markdown(TEXT), label="1.0", actor=clerk(w)
                )
            )
        ),
        "already has a version 1.0",
    ),
    "a version without clauses": (
        without_draft(
            lambda w, o, s: (
                lambda: services.draft_version(
                    s.policy, ParsedPolicy(title="Empty"), label="2.0", actor=clerk(w)
                )
            )
        ),
        "the version has no clauses",
    ),
    "changing the clauses of the version in force": (
        with_policy(
            lambda w, o, s: (
                lambda: services.replace_clauses(s.in_force, parse_markdown(TEXT), actor=clerk(w))
            )
        ),
        "only a draft can be changed; start a new version instead",
    ),
    "emptying a draft of its clauses": (
        with_policy(
            lambda w, o, s: (
                lambda: services.replace_clauses(
                    s.draft, ParsedPolicy(title="Empty"), actor=clerk(w)
                )
            )
        ),
        "the version has no clauses",
    ),
    "reminders every 0 days": (
        with_policy(lambda w, o, s: settings_of(s.draft, w, reminder_every_days=0)),
        "reminders can be sent every 1 to 90 days",
    ),
    "reminders every 91 days": (
        with_policy(lambda w, o, s: settings_of(s.draft, w, reminder_every_days=91)),
        "reminders can be sent every 1 to 90 days",
    ),
    "remote-working rules citing a clause the version lacks": (
        with_policy(lambda w, o, s: settings_of(s.draft, w, remote_working_reference="9.9")),
        "this version has no clause '9.9'",
    ),
    "changing whether a published change is material": (
        with_policy(lambda w, o, s: settings_of(s.in_force, w, material_change=False)),
        "whether the change is material is settled before approval",
    ),
    # --- approval and publication ---
    "approving the version in force": (
        with_policy(lambda w, o, s: approval(s.in_force, w)),
        "version 1.0 is",
    ),
    "an approval by nobody in particular": (
        with_policy(lambda w, o, s: approval(s.draft, w, approving_body="the mayor")),
        "choose who approved it",
    ),
    "a committee approval without the committee's name": (
        with_policy(lambda w, o, s: approval(s.draft, w, approving_body="committee")),
        "name the committee that approved it",
    ),
    "an approval dated tomorrow": (
        with_policy(lambda w, o, s: approval(s.draft, w, approved_on=TOMORROW)),
        "the approval date is in the future",
    ),
    "publishing the version already in force again": (
        with_policy(lambda w, o, s: lambda: services.publish_version(s.in_force, actor=clerk(w))),
        "only an approved version can be published",
    ),
    "publishing a draft nobody approved": (
        with_policy(lambda w, o, s: lambda: services.publish_version(s.draft, actor=clerk(w))),
        "only an approved version can be published",
    ),
    "discarding the version in force": (
        with_policy(lambda w, o, s: lambda: services.discard_draft(s.in_force, actor=clerk(w))),
        "only a version not yet published can be discarded",
    ),
    # --- reviews ---
    "a review without what was decided": (
        with_policy(lambda w, o, s: review(s.policy, w, actions=" ")),
        "say what kind of review it was, what was decided and who did it",
    ),
    "a review dated tomorrow": (
        with_policy(lambda w, o, s: review(s.policy, w, reviewed_on=TOMORROW)),
        "the review date is in the future",
    ),
    # --- acknowledgements ---
    "acknowledging a draft": (
        with_policy(
            lambda w, o, s: (
                lambda: services.acknowledge(
                    s.draft, w.people[Role.STAFF], actor=as_(w, Role.STAFF)
                )
            )
        ),
        "only the version in force can be acknowledged",
    ),
    "acknowledging for someone of another council": (
        with_policy(
            lambda w, o, s: (
                lambda: services.acknowledge(
                    s.in_force, o.people[Role.STAFF], actor=clerk(w), on_paper=True
                )
            )
        ),
        "that person is not in this council",
    ),
    "acknowledging for someone else when signed in": (
        with_policy(
            lambda w, o, s: (
                lambda: services.acknowledge(
                    s.in_force, w.people[Role.STAFF], actor=as_(w, Role.MANAGER)
                )
            )
        ),
        "people acknowledge for themselves; the clerk records paper copies",
    ),
    "acknowledging twice": (
        with_policy(
            lambda w, o, s: (
                services.acknowledge(s.in_force, w.people[Role.STAFF], actor=as_(w, Role.STAFF)),
                lambda: services.acknowledge(
                    s.in_force, w.people[Role.STAFF], actor=as_(w, Role.STAFF)
                ),
            )[1]
        ),
        "has already acknowledged version 1.0",
    ),
    "accepting remote-working rules of a draft": (
        with_policy(
            lambda w, o, s: (
                lambda: services.accept_remote_working_rules(
                    s.draft, w.people[Role.STAFF], actor=as_(w, Role.STAFF)
                )
            )
        ),
        "this version sets no remote-working rules",
    ),
    "accepting remote-working rules for someone else": (
        with_policy(
            lambda w, o, s: (
                lambda: services.accept_remote_working_rules(
                    s.in_force, w.people[Role.STAFF], actor=clerk(w)
                )
            )
        ),
        "people accept the remote-working rules for themselves",
    ),
    # --- rules ---
    "a rule without a name": (
        with_policy(lambda w, o, s: rule(w, name=" ", citations=[(s.policy, "1.2")])),
        "a rule needs a name",
    ),
    "a rule citing nothing": (
        with_policy(lambda w, o, s: rule(w, citations=[])),
        "a rule must cite the clause(s) it enforces",
    ),
    "a rule citing another council's policy": (
        lambda w, o: rule(w, citations=[(make_policy(o).policy, "1.2")]),
        "a rule cites this council's own policies",
    ),
    "a rule citing a clause the policy lacks": (
        with_policy(lambda w, o, s: rule(w, citations=[(s.policy, "7.7")])),
        "B has no clause '7.7'",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_service_refuses_and_writes_nothing(world, other_world, case):
    build, words = CASES[case]
    call = build(world, other_world)
    assert_refused(call, PolicyError, words)
