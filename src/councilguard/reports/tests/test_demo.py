"""C26, C27: the demo shows a full dashboard for every role, a month's report and a committee
pack the committee can read."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councilguard.core.contributions import waiting_for
from councilguard.core.demo import load_demo
from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.reports.models import CommitteePack


def test_every_role_has_work_waiting_and_the_committee_a_pack_to_read(db):
    load_demo()
    waiting = {
        m.role: [i.title for i in waiting_for(m)]
        for m in Membership.objects.filter(council__slug="ashcombe").select_related("user")
    }
    assert set(waiting) == set(Role)
    assert all(waiting[role] for role in Role), waiting
    clerk = waiting[Role.CLERK]
    # One of each kind the clerk sees.
    for words in (
        "Decide whether to report the personal-data breach",
        "Police number for Sam Tully's lost mobile phone",
        "Decide Priya Nair's request",
        "leaving checklist",
        "Review 5 phone findings",
        "Change the password of Facebook page now",
        "Review the Use of IT, Devices and Social Media",
    ):
        assert any(words in title for title in clerk), words
    assert "Give the police incident number for your lost mobile phone" in waiting[Role.STAFF]

    pack = CommitteePack.objects.get(council__slug="ashcombe")
    assert pack.month == timezone.localdate().replace(day=1) and pack.chain_intact
    from councilguard.accounts.models import User

    committee = Client()
    committee.force_login(User.objects.get(email="m.oduya@ashcombe.example"))
    listing = committee.get(reverse("reports:pack_list", kwargs={"council": "ashcombe"}))
    assert f"Committee pack, {pack.month:%B %Y} (PDF)" in listing.content.decode()
    report = committee.get(
        reverse("reports:monitoring", kwargs={"council": "ashcombe"}),
        {"month": f"{pack.month:%Y-%m}"},
    ).content.decode()
    assert 'id="total-raised">0</span>' not in report
