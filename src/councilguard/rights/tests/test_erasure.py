"""Rectification and erasure: through the services, with audit entries; erased monitoring
events gone from the event store files; what must be kept refused with the reason; the audit
trail keeping the fact, never the data."""

from __future__ import annotations

import polars as pl
import pytest

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Role
from councilguard.monitoring import eventstore
from councilguard.monitoring.services import place_hold
from councilguard.phones.models import UsageMonth
from councilguard.rights import services
from councilguard.rights.erasure import decide_erasure, kinds, rectify
from councilguard.rights.models import ErasureOutcome, RequestKind
from councilguard.rights.services import RightsError
from councilguard.rights.testing import SUBJECT_IP, make_request
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP


@pytest.fixture
def erasure(seeded):
    w = seeded["world"]
    request = make_request(w, kind=RequestKind.ERASURE)
    services.check_identity(request, checked_on=request.received_on, method="Known",
                            actor=SETUP)  # fmt: skip
    return request, Actor.for_user(w.users[Role.DP_LEAD])


def _person_rows(council, kind, person_id) -> int:
    return eventstore.scan(council, kind).filter(pl.col("person_id") == person_id).collect().height


def test_erased_events_leave_the_event_store_files_with_a_receipt(seeded, erasure):
    request, dp_lead = erasure
    staff = seeded["world"].people[Role.STAFF]
    council = request.council
    others_before = eventstore.scan(council, "proxy").collect().height - 2
    assert _person_rows(council, "proxy", staff.pk) == 2
    with assert_audited(council, Event.RIGHTS_DATA_ERASED):
        decision = decide_erasure(request, source_key="events-proxy", erase=True,
                                  reason="No longer needed", actor=dp_lead)  # fmt: skip
    assert decision.outcome == ErasureOutcome.ERASED
    assert decision.receipt == {"source": "proxy", "files_rewritten": 1, "events_removed": 2}
    assert _person_rows(council, "proxy", staff.pk) == 0
    # Everyone else's events are untouched, and no partial file is left behind.
    assert eventstore.scan(council, "proxy").collect().height == others_before == 1
    assert not list(eventstore.root().rglob("*.partial"))
    # The trail keeps the fact and the counts, not the sites or the addresses.
    entry = AuditEntry.objects.filter(council=council, event=Event.RIGHTS_DATA_ERASED).get()
    assert entry.changes["events_removed"] == 2
    assert "news.example" not in str(entry.changes) and SUBJECT_IP not in str(entry.changes)


def test_erased_phone_lines_leave_the_bill_files(seeded, erasure):
    request, dp_lead = erasure
    staff = seeded["world"].people[Role.STAFF]
    months = UsageMonth.objects.filter(council=request.council, person=staff)
    assert months.exists() and not months.filter(judged_basis="").exists()
    decision = decide_erasure(request, source_key="events-phone", erase=True,
                              reason="No longer needed", actor=dp_lead)  # fmt: skip
    assert decision.receipt["lines_removed"] == 2
    assert next(k for k in kinds(request) if k.key == "events-phone").rows == 0
    # What their months were judged on came from those lines, and goes with them.
    assert set(
        months.values_list("judged_calls", "judged_minutes", "judged_texts", "judged_basis")
    ) == {(None, None, None, "")}


def test_a_legal_hold_refuses_erasure_with_the_reason(seeded, erasure):
    request, dp_lead = erasure
    place_hold(seeded["world"].people[Role.STAFF], reason="Tribunal claim", actor=SETUP)
    with pytest.raises(RightsError, match="legal hold"):
        decide_erasure(request, source_key="events-dns", erase=True, reason="Asked",
                       actor=dp_lead)  # fmt: skip
    assert _person_rows(request.council, "dns", seeded["world"].people[Role.STAFF].pk) == 1


def test_pay_records_are_kept_whatever_is_asked(erasure):
    request, dp_lead = erasure
    with pytest.raises(RightsError, match="HMRC"):
        decide_erasure(request, source_key="charges", erase=True, reason="Asked", actor=dp_lead)
    with assert_audited(request.council, Event.RIGHTS_ERASURE_DECIDED):
        kept = decide_erasure(request, source_key="charges", erase=False,
                              reason="Pay records are kept six years", actor=dp_lead)  # fmt: skip
    assert kept.outcome == ErasureOutcome.REFUSED and kept.receipt == {}


def test_only_an_erasure_request_with_identity_checked_erases(seeded):
    access_request = seeded["request"]
    with pytest.raises(RightsError, match="only an erasure request"):
        decide_erasure(access_request, source_key="events-proxy", erase=True, reason="x",
                       actor=SETUP)  # fmt: skip
    unchecked = make_request(seeded["world"], kind=RequestKind.ERASURE)
    with pytest.raises(RightsError, match="identity"):
        decide_erasure(unchecked, source_key="events-proxy", erase=True, reason="x",
                       actor=SETUP)  # fmt: skip


def test_rectification_goes_through_the_people_services(world):
    request = make_request(world, kind=RequestKind.RECTIFICATION)
    with assert_audited(world.council, Event.PERSON_UPDATED, Event.RIGHTS_RECTIFIED):
        fields = rectify(request, changes={"job_title": "Head Groundsman", "full_name": ""},
                         actor=SETUP)  # fmt: skip
    assert fields == ["Job title"]
    request.person.refresh_from_db()
    assert request.person.job_title == "Head Groundsman"
    with pytest.raises(RightsError, match="nothing to correct"):
        rectify(request, changes={"job_title": "Head Groundsman"}, actor=SETUP)
    with pytest.raises(RightsError, match="working pattern"):
        rectify(request, changes={"working_pattern": "sometimes"}, actor=SETUP)
    request.person.refresh_from_db()
    assert request.person.job_title == "Head Groundsman"
