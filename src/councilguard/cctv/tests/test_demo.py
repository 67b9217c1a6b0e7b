"""The demo council's CCTV register shows every part in use."""

from __future__ import annotations

from councilguard.cctv.models import Camera, Disclosure, FootageRequest, Viewing, ViewingRequest
from councilguard.core.demo import DEMO_SLUG, load_demo


def test_the_demo_has_cameras_viewings_a_disclosure_and_a_retention_finding(db):
    load_demo()
    cameras = Camera.objects.filter(council__slug=DEMO_SLUG)
    assert sorted(c.name for c in cameras) == ["Car park", "Depot yard", "Pavilion door"]
    assert [c.name for c in cameras if c.keeps_too_long] == ["Car park"]
    assert cameras.get(name="Pavilion door").device.serial == "HIK-CAM-01"
    statuses = sorted(ViewingRequest.objects.values_list("approval__status", flat=True))
    assert statuses == ["approved"]
    assert Viewing.objects.get().outcome == "evidence"
    disclosure = Disclosure.objects.get()
    assert disclosure.reference.startswith("CCTV-") and disclosure.their_reference
    assert FootageRequest.objects.get().rights_request.requester_name == "Jordan Hale"
