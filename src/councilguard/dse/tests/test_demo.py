"""The demo council shows the display screen cycle part-way (B 3.1.1), so a newcomer has
something to click: a test due soon, an offer chased, glasses paid towards, a review waiting."""

from __future__ import annotations

from councilguard.core.contributions import waiting_for
from councilguard.core.demo import load_demo
from councilguard.core.models import Council, Membership
from councilguard.dse.models import EyeTest, ScreenUser, WorkstationAssessment


def test_the_demo_has_screen_users_part_way_through_the_cycle(db):
    load_demo()
    council = Council.objects.get(slug="ashcombe")
    users = ScreenUser.objects.in_council(council).current()
    # The four staff the people list marks as screen users, from their start date.
    assert sorted(u.person.full_name for u in users) == [
        "Grace Ilori",
        "Helen Marsh",
        "Lucy Ferris",
        "Owen Pryce",
    ]
    assert {str(u.since) for u in users} == {"2023-04-01"}
    statuses = sorted(EyeTest.objects.in_council(council).values_list("status", flat=True))
    assert statuses == ["accepted", "offered", "taken", "taken"]
    paid = EyeTest.objects.in_council(council).get(contribution_paid_on__isnull=False)
    assert paid.contribution_pence == 6000
    assert WorkstationAssessment.objects.in_council(council).filter(reviewed_at=None).count() == 1

    clerk = Membership.objects.get(council=council, user__email="clerk@ashcombe.example")
    titles = [i.title for i in waiting_for(clerk) if i.key.startswith("dse.")]
    assert "Owen Pryce has not answered the eye test offered on" in " ".join(titles)
    assert any(t.startswith("Review Owen Pryce's workstation assessment") for t in titles)
