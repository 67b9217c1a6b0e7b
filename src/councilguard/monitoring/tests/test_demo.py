"""The demo council's monitoring: what a newcomer finds on the pages."""

from __future__ import annotations

from django.urls import reverse

from councilguard.accounts.models import User
from councilguard.audit.services import verify_chain
from councilguard.core.demo import DEMO_SLUG, load_demo
from councilguard.core.models import Council
from councilguard.monitoring.models import (
    Finding,
    LegalHold,
    MonitoringSource,
    VendorLogProfile,
)
from councilguard.monitoring.services import unacknowledged


def test_the_demo_has_sources_findings_in_every_state_and_a_hold(db, client):
    load_demo()
    council = Council.objects.get(slug=DEMO_SLUG)
    sources = {s.kind: s.missing() for s in MonitoringSource.objects.in_council(council)}
    assert sources["proxy"] == [] and sources["dns"] == []
    assert "lawful basis" in sources["software"]
    statuses = set(Finding.objects.in_council(council).values_list("status", flat=True))
    assert statuses == {"open", "noted", "dismissed", "escalated"}
    # (The phone-bill demo has findings too; these are the web ones.)
    sam = Finding.objects.get(
        council=council, person__full_name="Sam Tully", source_kind__in=["proxy", "dns"]
    )
    assert sam.explanation and sam.person_id in unacknowledged(council, [sam.person_id])
    assert LegalHold.objects.filter(council=council, released_at__isnull=True).count() == 1
    # The IT provider's profile for the parish hall's DNS filter (issue 23).
    hall = VendorLogProfile.objects.get(council=council)
    assert (hall.name, hall.log) == ("parish-hall-dns-filter", "dns")
    assert verify_chain(council).ok

    # The operations manager sees her team's findings, and the warning on Sam's.
    client.force_login(User.objects.get(email="operations@ashcombe.example"))
    url = reverse("monitoring:finding_list", kwargs={"council": DEMO_SLUG})
    page = client.get(url).content.decode()
    assert "Sam Tully" in page and "Dan Kemp" in page and "Lucy Ferris" not in page
    assert "Has not acknowledged the policy" in page
