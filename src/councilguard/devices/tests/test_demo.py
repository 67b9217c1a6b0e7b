"""The demo shows every devices workflow part-way, so a newcomer has something to click."""

from __future__ import annotations

from councilguard.core.demo import load_demo
from councilguard.core.models import Council
from councilguard.devices.models import (
    ApprovalRequest,
    CatalogueEntry,
    Charge,
    LeaverChecklist,
    SoftwareFinding,
)


def test_the_demo_has_approvals_a_catalogue_a_scan_charges_and_a_leaver_part_way(db):
    load_demo()
    council = Council.objects.get(slug="ashcombe")
    software = ApprovalRequest.objects.get(council=council, kind="software")
    assert software.status == "pending"
    assert list(software.decisions.values_list("capacity", flat=True)) == ["it_provider"]
    assert ApprovalRequest.objects.filter(council=council, status="pending").count() == 4
    assert CatalogueEntry.objects.filter(council=council).count() == 5
    subjects = set(
        SoftwareFinding.objects.filter(council=council).values_list("subject", flat=True)
    )
    assert subjects == {"Zoom Workplace", "uTorrent", "AA0000000001", "antivirus"}
    antivirus = SoftwareFinding.objects.get(council=council, check_name="antivirus")
    assert antivirus.clause == "B 5.1.8"
    assert "Microsoft Defender Antivirus is turned off" in antivirus.evidence
    licensed = CatalogueEntry.objects.get(council=council, licences__isnull=False)
    assert (licensed.name, licensed.licences) == ("Microsoft 365 Apps for business*", 5)
    # Personal calls, a repair, and a councillor's app purchase (invoiced).
    assert Charge.objects.filter(council=council).count() == 3
    checklist = LeaverChecklist.objects.get(council=council)
    done = checklist.items.filter(done_at__isnull=False).count()
    assert checklist.completed_at is None and 0 < done < checklist.items.count()
