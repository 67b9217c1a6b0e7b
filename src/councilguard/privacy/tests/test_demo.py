"""The demo council protects the standard numbers and its helpline for everyone, and a staff
member's request waits for their line manager."""

from __future__ import annotations

from councilguard.core.demo import DEMO_SLUG, load_demo
from councilguard.privacy.models import AlwaysProtected, ProtectionRequest


def test_the_demo_has_a_list_and_a_request_waiting(db):
    load_demo()
    listed = AlwaysProtected.objects.filter(council__slug=DEMO_SLUG)
    assert sorted(listed.values_list("value", flat=True)) == [
        "+448000305182",
        "111",
        "112",
        "116123",
        "999",
    ]
    waiting = ProtectionRequest.objects.get(council__slug=DEMO_SLUG)
    assert (waiting.status, waiting.decided_by_role) == ("waiting", "manager")
    assert waiting.decider == waiting.person.line_manager.user
