"""The demo council has last week's message trace and sign-ins with a finding of each rule."""

from __future__ import annotations

from councilguard.core.demo import DEMO_SLUG, load_demo
from councilguard.core.models import Council
from councilguard.monitoring.models import Finding, IngestBatch


def test_the_demo_has_a_week_of_traces_and_sign_ins_with_each_kind_of_finding(db):
    load_demo()
    council = Council.objects.get(slug=DEMO_SLUG)
    formats = set(IngestBatch.objects.filter(council=council).values_list("format", flat=True))
    assert {"m365-trace", "entra-signin"} <= formats
    kinds = set(
        Finding.objects.filter(council=council, source_kind__in=["email", "signin"]).values_list(
            "rule_kind", flat=True
        )
    )
    assert kinds == {
        "mail.personal_use", "mail.sent_to_personal", "mail.business_from_personal",
        "mail.auto_forward", "signin.single_factor", "signin.repeated_failures",
        "signin.unexpected_country", "signin.legacy_protocol",
    }  # fmt: skip
