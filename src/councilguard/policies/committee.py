"""The policies' part of the committee pack (C1, C2, C27): each policy, its version in force and
review date, and how many of those it covers have acknowledged it."""

from __future__ import annotations

from django.utils import timezone

from councilguard.core.contributions import Bars, Period, Section, Table
from councilguard.core.models import Council
from councilguard.policies.models import Policy, VersionStatus
from councilguard.policies.services import outstanding_people, people_in_scope


def committee_section(council: Council, period: Period) -> Section:
    """Acknowledgements are counted as they stand when the pack is printed."""
    today = timezone.localdate()
    policies = list(
        Policy.objects.in_council(council).order_by("code", "title").prefetch_related("versions")
    )
    in_scope = people_in_scope(council).count()
    register, bars, figures = [], [], {"policies.in_scope": in_scope}
    for policy in policies:
        version = next(
            (v for v in policy.versions.all() if v.status == VersionStatus.PUBLISHED), None
        )
        state = policy.review_state(today)
        review = f"{policy.review_due:%-d %B %Y}" if policy.review_due else "Not set"
        if state:
            review += f" ({'overdue' if state == 'overdue' else 'due within 30 days'})"
        approved = (
            f"{version.approved_on:%-d %B %Y}" if version and version.approved_on else "Not yet"
        )
        register.append(
            [policy.title, version.label if version else "None in force", approved, review]
        )
        if version is not None:
            done = in_scope - outstanding_people(version).count()
            rate = round(100 * done / in_scope) if in_scope else 0
            bars.append(
                (f"{policy.title} {version.label}", rate, f"{rate}% ({done} of {in_scope})")
            )
            figures[f"policies.acknowledged.{policy.code}"] = done
    return Section(
        title="Policies and acknowledgements",
        order=10,
        paragraphs=[
            f"The council keeps {len(policies)} polic{'ies' if len(policies) != 1 else 'y'}. "
            f"{in_scope} people are covered by the council's policies today; the rates below "
            "are those who have acknowledged the version in force when this pack was printed."
        ],
        tables=[
            Table(
                "Policies and their review dates",
                ["Policy", "Version in force", "Approved", "Next review"],
                register,
            )
        ],
        charts=[Bars("Acknowledgement rate per policy", bars, maximum=100)] if bars else [],
        figures=figures,
    )
