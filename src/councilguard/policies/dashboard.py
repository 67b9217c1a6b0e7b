"""The policy part of the dashboard: acknowledgements outstanding per version (C2, C26)."""

from __future__ import annotations

from councilguard.core.charts import bar_chart_svg
from councilguard.core.contributions import Bars
from councilguard.core.models import Membership
from councilguard.core.roles import Action
from councilguard.people.models import Person
from councilguard.policies.models import PolicyVersion, VersionStatus
from councilguard.policies.services import outstanding_people, people_in_scope


def policy_dashboard(membership: Membership, me: Person | None) -> dict:
    """The dashboard's acknowledgements part (declared on PoliciesConfig as
    ``dashboard_context``): each policy in force with how many have acknowledged it, and the
    rates as a chart (C26)."""
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
    if context.get("campaigns"):
        # C26: acknowledgement rates at a glance, with the figures beside each bar.
        bars = []
        for c in context["campaigns"]:
            done = c["in_scope"] - c["outstanding"]
            rate = round(100 * done / c["in_scope"]) if c["in_scope"] else 0
            label = f"{c['version'].policy.title} {c['version'].label}"
            bars.append((label, rate, f"{rate}% ({done} of {c['in_scope']})"))
        context["ack_chart"] = bar_chart_svg(
            Bars("Acknowledgement rate per policy", bars, maximum=100), "ack-rates"
        )
    return context
