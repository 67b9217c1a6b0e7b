"""The demo council's social media registers show every part in use."""

from __future__ import annotations

from django.utils import timezone

from councilguard.core.demo import DEMO_SLUG, load_demo
from councilguard.socialmedia.models import Account, Enquiry, GroupMember, PostReport


def test_the_demo_has_accounts_enquiries_reports_and_a_group(db):
    load_demo()
    accounts = Account.objects.filter(council__slug=DEMO_SLUG)
    assert sorted(a.handle for a in accounts) == ["@AshcombeTC", "Ashcombe Town Council"]
    assert accounts.get(platform="facebook").vault_entry is not None
    assert sorted(e.answered_on is None for e in Enquiry.objects.all()) == [False, True]
    statuses = sorted(PostReport.objects.values_list("status", flat=True))
    assert statuses == ["referred", "removal", "removal"]
    overdue = PostReport.objects.get(removal__status="open").removal
    assert overdue.follow_up_on < timezone.localdate()
    assert GroupMember.objects.filter(acknowledged_at__isnull=True).count() == 1
