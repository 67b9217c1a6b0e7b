"""The policy part of the dashboard: reviews due, acknowledgements outstanding (C1, C2, C26)."""

from __future__ import annotations

from councilguard.core.models import Membership
from councilguard.core.roles import Action
from councilguard.people.models import Person
from councilguard.policies.models import Policy, PolicyVersion, VersionStatus
from councilguard.policies.services import outstanding_people, people_in_scope


def policy_dashboard(membership: Membership, me: Person | None) -> dict:
    council = membership.council
    in_force = list(
        PolicyVersion.objects.in_council(council)
        .filter(status=VersionStatus.PUBLISHED)
        .select_related("policy")
    )
    context: dict = {}
    if me is not None:
        context["to_acknowledge"] = [
            v for v in in_force if not v.acknowledgements.filter(person=me).exists()
        ]
    policies = Policy.objects.in_council(council).select_related("responsible_officer")
    # Reviews are shown to those who run the policies, and to each policy's responsible officer.
    reviews = [
        (policy, policy.review_state())
        for policy in policies
        if policy.review_state()
        and (membership.can(Action.MANAGE_POLICIES) or (me and policy.responsible_officer == me))
    ]
    context["reviews_due"] = reviews
    if membership.can(Action.VIEW_ACKNOWLEDGEMENTS):
        in_scope = people_in_scope(council).count()
        context["campaigns"] = [
            {"version": v, "in_scope": in_scope, "outstanding": outstanding_people(v).count()}
            for v in in_force
        ]
    return context
