"""The demo council's phone bills give the report and the review something to show."""

from __future__ import annotations

import pytest

from councilguard.core.demo import DEMO_SLUG, load_demo
from councilguard.core.models import Council
from councilguard.monitoring.models import IngestBatch
from councilguard.phones import services


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def test_the_demo_has_a_bill_its_findings_and_only_its_own_staff(db):
    load_demo()
    council = Council.objects.get(slug=DEMO_SLUG)
    batch = IngestBatch.objects.get(council=council, source__kind="phone")
    assert batch.unattributed == 0 and batch.accepted > 1000
    findings = services.phone_findings(council)
    kinds = {f.rule_kind for f in findings}
    assert {"phone_premium_rate", "phone_international", "phone_out_of_hours"} <= kinds
    assert {f.person.kind for f in findings} == {"staff"}
    assert all(f.summary.endswith(".") for f in findings)
