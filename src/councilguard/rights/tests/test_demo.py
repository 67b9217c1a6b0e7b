"""The demo council has a request in progress, its clock restarted after a clarification."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from councilguard.core.demo import DEMO_SLUG, load_demo
from councilguard.rights.models import RightsRequest


def test_the_demo_has_requests_in_progress(db):
    load_demo()
    requests = RightsRequest.objects.filter(council__slug=DEMO_SLUG)
    # The third is a resident's request for CCTV footage of themselves (the cctv demo).
    assert requests.count() == 3
    sam = requests.get(person__full_name="Sam Tully")
    clock = sam.clock()
    restarted = timezone.localdate() - timedelta(days=15)
    assert clock.runs_from == restarted and not clock.paused
    assert sam.identity_checked_on == restarted
    outside = requests.filter(person__isnull=True).order_by("requester_name")
    assert [r.requester_name for r in outside] == ["Alex Walker", "Jordan Hale"]
