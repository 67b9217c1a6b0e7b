"""The incident clocks and counts at, just before and just after their limits (issue 12):
five failed sign-ins in fifteen minutes open an incident, a personal-data breach has 72 hours
to be decided (UK GDPR Art. 33), and a lost or stolen device is reported to the police within
24 hours (seed A "Lost or Stolen Mobile Phones"). Times are written out literally."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Role
from councilguard.devices.services import LossData, add_police_reference, report_loss
from councilguard.devices.testing import make_issued_device
from councilguard.incidents.models import (
    FailedSignIn,
    IncidentKind,
    SecurityIncident,
)
from councilguard.incidents.services import (
    note_failed_sign_in,
    open_incident,
    record_breach_decision,
    settings_for,
)
from councilguard.testing.world import SETUP

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
SECOND = timedelta(seconds=1)


@pytest.fixture
def clock(monkeypatch):
    """The wall clock, set by the test (``clock.now = ...``)."""

    class Clock:
        now = NOW

    moment = Clock()
    monkeypatch.setattr(timezone, "now", lambda: moment.now)
    return moment


# --- failed sign-ins: 5 in 15 minutes ---


def test_the_default_is_five_failures_in_fifteen_minutes(world):
    rules = settings_for(world.council)
    assert (rules.failed_sign_in_limit, rules.failed_sign_in_minutes) == (5, 15)


def sign_in_incidents(world) -> int:
    return SecurityIncident.objects.filter(
        council=world.council, kind=IncidentKind.FAILED_SIGN_INS
    ).count()


@pytest.mark.parametrize(("earlier", "incidents"), [(3, 0), (4, 1), (5, 1)])
def test_the_fifth_failure_opens_an_incident(world, clock, earlier, incidents):
    user = world.users[Role.STAFF]
    for i in range(earlier):
        FailedSignIn.objects.create(user=user, at=datetime(2026, 3, 10, 9, 20 + i, tzinfo=UTC))
    opened = note_failed_sign_in(user)
    assert len(opened) == incidents
    assert sign_in_incidents(world) == incidents


@pytest.mark.parametrize(
    ("oldest", "incidents"),
    [
        (datetime(2026, 3, 10, 9, 14, 59, tzinfo=UTC), 0),  # 15 min 1 s ago: outside
        (datetime(2026, 3, 10, 9, 15, 0, tzinfo=UTC), 1),  # exactly 15 minutes ago
        (datetime(2026, 3, 10, 9, 15, 1, tzinfo=UTC), 1),  # 14 min 59 s ago
    ],
)
def test_failures_count_within_fifteen_minutes(world, clock, oldest, incidents):
    user = world.users[Role.STAFF]
    FailedSignIn.objects.create(user=user, at=oldest)
    for minute in (26, 27, 28):
        FailedSignIn.objects.create(user=user, at=datetime(2026, 3, 10, 9, minute, tzinfo=UTC))
    note_failed_sign_in(user)  # the fifth, at 09:30
    assert sign_in_incidents(world) == incidents


def test_further_failures_in_the_period_open_no_second_incident(world, clock):
    user = world.users[Role.STAFF]
    for minute in (26, 27, 28, 29):
        FailedSignIn.objects.create(user=user, at=datetime(2026, 3, 10, 9, minute, tzinfo=UTC))
    assert len(note_failed_sign_in(user)) == 1
    clock.now = datetime(2026, 3, 10, 9, 31, tzinfo=UTC)
    assert note_failed_sign_in(user) == []
    assert sign_in_incidents(world) == 1


# --- the 72-hour breach clock ---

DETECTED = datetime(2026, 3, 7, 9, 30, tzinfo=UTC)
DEADLINE = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)  # 72 hours later


def breach(world) -> SecurityIncident:
    return open_incident(
        world.council,
        IncidentKind.DATA_BREACH,
        actor=SETUP,
        title="Payroll sent to the wrong address",
        description="A payslip was e-mailed to a resident.",
        detected_at=DETECTED,
    )


@pytest.mark.parametrize(
    ("now", "state", "hours_left", "overdue"),
    [
        (datetime(2026, 3, 7, 10, 30, tzinfo=UTC), "running", 71, 0),
        (datetime(2026, 3, 10, 8, 30, tzinfo=UTC), "running", 1, 0),
        (DEADLINE - SECOND, "running", 0, 0),
        (DEADLINE, "running", 0, 0),  # the 72nd hour's last moment
        (DEADLINE + SECOND, "overdue", None, 1),
    ],
)
def test_a_breach_has_72_hours_to_be_decided(world, clock, now, state, hours_left, overdue):
    incident = breach(world)
    assert incident.report_deadline == DEADLINE
    assert incident.breach_clock(now) == state
    assert incident.hours_left(now) == hours_left
    assert SecurityIncident.objects.breach_clock_overdue(now).count() == overdue


@pytest.mark.parametrize(
    ("decided", "within"),
    [(DEADLINE - SECOND, True), (DEADLINE, True), (DEADLINE + SECOND, False)],
)
def test_a_decision_records_whether_it_was_within_72_hours(world, clock, decided, within):
    incident = breach(world)
    clock.now = decided
    record_breach_decision(
        incident, actor=SETUP, decision="not_reportable", reason="No risk to the resident."
    )
    entry = AuditEntry.objects.get(council=world.council, event=Event.INCIDENT_BREACH_DECIDED)
    assert entry.changes["within_72_hours"] is within
    assert SecurityIncident.objects.breach_clock_overdue(decided + timedelta(days=9)).count() == 0


# --- the 24-hour police clock for a lost or stolen device ---

REPORTED = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
POLICE_DUE = datetime(2026, 3, 11, 9, 30, tzinfo=UTC)  # 24 hours later


@pytest.mark.parametrize("kind", ["lost", "stolen"])
def test_the_police_must_be_told_within_24_hours(world, clock, kind):
    device = make_issued_device(world, phone_number="07700 900123")
    loss = report_loss(device, LossData(kind=kind, what_happened="On the bus."), actor=SETUP)
    assert loss.police_due_at == POLICE_DUE
    assert loss.police_overdue(POLICE_DUE - SECOND) is False
    assert loss.police_overdue(POLICE_DUE) is False
    assert loss.police_overdue(POLICE_DUE + SECOND) is True


@pytest.mark.parametrize(
    ("given", "late"),
    [(POLICE_DUE - SECOND, False), (POLICE_DUE, False), (POLICE_DUE + SECOND, True)],
)
def test_a_police_number_given_after_24_hours_is_recorded_as_late(world, clock, given, late):
    device = make_issued_device(world, phone_number="07700 900123")
    loss = report_loss(device, LossData(kind="stolen", what_happened="Taken."), actor=SETUP)
    add_police_reference(loss, "CAD 1234 10/03", actor=SETUP, now=given)
    entry = AuditEntry.objects.get(council=world.council, event=Event.DEVICE_LOSS_POLICE_NUMBER)
    assert entry.changes == {"police_reference": "CAD 1234 10/03", "late": late}
    loss.refresh_from_db()
    assert loss.police_overdue(POLICE_DUE + timedelta(days=3)) is False
