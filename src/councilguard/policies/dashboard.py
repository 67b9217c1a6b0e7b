"""The policy part of the dashboard: acknowledgements outstanding per version (C2, C26)."""

from __future__ import annotations

from councilguard.core.models import Membership
from councilguard.core.roles import Action
from councilguard.people.models import Person
from councilguard.policies.models import PolicyVersion, VersionStatus
from councilguard.policies.services import outstanding_people, people_in_scope


def policy_dashboard(membership: Membership, me: Person | None) -> dict:
    council = membership.council
    in_force = list(
        PolicyVersion.objects.in_council(council)
        .filter(status=VersionStatus.PUBLISHED)
        .select_related("policy")
    )
    # What one must acknowledge and the reviews due are "waiting" items (policies.waiting).
    context: dict = {}
    if membership.can(Action.VIEW_ACKNOWLEDGEMENTS):
        in_scope = people_in_scope(council).count()
        context["campaigns"] = [
            {"version": v, "in_scope": in_scope, "outstanding": outstanding_people(v).count()}
            for v in in_force
        ]
    return context
