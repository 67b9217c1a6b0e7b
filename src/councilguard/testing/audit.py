from __future__ import annotations

from contextlib import contextmanager

from councilguard.audit.models import AuditEntry
from councilguard.audit.services import verify_chain
from councilguard.core.models import Council


@contextmanager
def assert_audited(council: Council, *events: str):
    """Assert the block wrote exactly these events (in order) to ``council``'s chain, and that
    the chain still verifies."""
    before = AuditEntry.objects.filter(council=council).count()
    yield
    new = list(
        AuditEntry.objects.filter(council=council)
        .order_by("sequence")[before:]
        .values_list("event", flat=True)
    )
    assert new == list(events), f"expected audit events {list(events)}, got {new}"
    report = verify_chain(council)
    assert report.ok, str(report.first_break)


@contextmanager
def assert_not_audited(council: Council):
    before = AuditEntry.objects.filter(council=council).count()
    yield
    after = AuditEntry.objects.filter(council=council).count()
    assert after == before, f"{after - before} unexpected audit entries"
