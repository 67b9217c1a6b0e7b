"""C26: "Compliance at a glance" on the clerk's and data protection lead's dashboard: findings
month by month and by source, device posture, open incidents and pending approvals by age,
each a chart with its figures as a table, counted in a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councilguard.core.contributions import glance_charts
from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.devices.models import (
    ApprovalRequest,
    ApprovalStatus,
    OwnDevice,
    PostureFinding,
    PostureRecord,
)
from councilguard.devices.testing import make_device, make_issued_device, make_software_request
from councilguard.incidents.models import IncidentKind, IncidentStatus, SecurityIncident
from councilguard.incidents.services import open_incident
from councilguard.monitoring.models import Finding
from councilguard.monitoring.testing import make_finding
from councilguard.testing.world import SETUP

# Mid-March 2026, UK winter time; the 12 months run from April 2025 (summer time) to March.
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
_starts = count()


def _membership(world, role):
    # As the dashboard has it: with its council and user already read.
    return Membership.objects.select_related("council", "user").get(
        council=world.council, user=world.users[role]
    )


def _finding(world, found_at, *, source="proxy", status="open", person=None):
    start = date(2023, 1, 2) + timedelta(days=7 * next(_starts))
    finding = make_finding(world, person, source_kind=source, status=status, start=start)
    Finding.objects.filter(pk=finding.pk).update(found_at=found_at)


def _incident(world, age, status=IncidentStatus.OPEN):
    incident = open_incident(
        world.council, IncidentKind.OTHER, actor=SETUP, title="Door left open", description="x"
    )
    closed_at = NOW if status == IncidentStatus.CLOSED else None
    SecurityIncident.objects.filter(pk=incident.pk).update(
        reported_at=NOW - age, status=status, closed_at=closed_at
    )


def _request(world, age, status=ApprovalStatus.PENDING):
    request = make_software_request(world)
    ApprovalRequest.objects.filter(pk=request.pk).update(requested_at=NOW - age, status=status)


def _posture(world, device, *, failing=None, resolved=False):
    record = PostureRecord.objects.create(
        council=world.council, device=device, source="mdm", recorded_at=NOW
    )
    if failing:
        PostureFinding.objects.create(
            council=world.council,
            device=device,
            posture=record,
            check_name=failing,
            clause="B 2.1.3",
            evidence="not encrypted",
            found_at=NOW,
            resolved_at=NOW if resolved else None,
        )


def _own_device(world, role=Role.STAFF):
    return OwnDevice.objects.create(
        council=world.council,
        person=world.people[role],
        kind="phone",
        description="Own phone",
        rules_accepted_at=NOW,
    )


def _some_of_each(world, scale: int = 1) -> None:
    """``scale`` times: findings either side of the 12 months' edges, incidents and requests
    either side of one and four weeks, devices in each posture."""
    for _ in range(scale):
        # 1 April 2025 00:30 in UK summer time is 23:30 UTC the day before: in April.
        _finding(world, datetime(2025, 3, 31, 23, 30, tzinfo=UTC))
        # 31 March 2025 23:30 UK time: before the 12 months.
        _finding(world, datetime(2025, 3, 31, 22, 30, tzinfo=UTC))
        _finding(world, datetime(2026, 2, 28, 23, 59, tzinfo=UTC), source="dns", status="noted")
        _finding(world, datetime(2026, 3, 1, 0, 0, tzinfo=UTC), source="dns", status="dismissed")
        _finding(world, NOW - timedelta(hours=1), source="phone")
        _finding(world, NOW + timedelta(hours=1))  # stamped after now: not counted yet
        for age in (timedelta(0), timedelta(days=7) - timedelta(seconds=1)):
            _incident(world, age)
        for age in (timedelta(days=7), timedelta(days=28) - timedelta(seconds=1)):
            _incident(world, age)
        _incident(world, timedelta(days=28))
        _incident(world, timedelta(days=90), status=IncidentStatus.CLOSED)
        _request(world, timedelta(days=3))
        _request(world, timedelta(days=27, hours=23))
        _request(world, timedelta(days=28, seconds=1))
        _request(world, timedelta(days=60), status=ApprovalStatus.APPROVED)
        _posture(world, make_issued_device(world))  # compliant
        _posture(world, make_issued_device(world), failing="encrypted", resolved=True)  # compliant
        _posture(world, make_issued_device(world), failing="encrypted")  # not compliant
        make_issued_device(world)  # not known
        _posture(world, make_device(world), failing="encrypted")  # in stock: not counted
        _own_device(world)  # not known
        own = _own_device(world)
        PostureRecord.objects.create(
            council=world.council, own_device=own, source="attestation", recorded_at=NOW
        )  # compliant


def _by_ident(world, role=Role.CLERK):
    return {c.ident: c for c in glance_charts(_membership(world, role), NOW)}


def test_the_clerk_sees_each_chart_with_its_figures(world):
    _some_of_each(world)
    charts = _by_ident(world)
    assert list(charts) == [
        "glance-findings-months",
        "glance-findings-sources",
        "glance-posture",
        "glance-incidents",
        "glance-approvals",
    ]
    months = charts["glance-findings-months"].table
    assert months.headers == [
        "Month",
        "To review",
        "Noted",
        "Dismissed",
        "Escalated",
        "Withdrawn by a later analysis",
        "All",
    ]
    assert [r[0] for r in months.rows][0] == "April 2025"
    assert [r[0] for r in months.rows][-1] == "March 2026"
    assert len(months.rows) == 12
    by_month = {r[0]: r[1:] for r in months.rows}
    assert by_month["April 2025"] == ["1", "0", "0", "0", "0", "1"]
    assert by_month["February 2026"] == ["0", "1", "0", "0", "0", "1"]
    assert by_month["March 2026"] == ["1", "0", "1", "0", "0", "2"]
    assert by_month["May 2025"] == ["0", "0", "0", "0", "0", "0"]
    bars = charts["glance-findings-months"].chart.bars
    assert bars[-1] == ("Mar 2026", 2, "2 (1 to review)")

    assert charts["glance-findings-sources"].table.rows == [
        ["Web proxy", "1", "0", "0", "0", "0", "1"],
        ["DNS queries", "0", "1", "1", "0", "0", "2"],
        ["Phone bills", "1", "0", "0", "0", "0", "1"],
    ]
    assert charts["glance-posture"].table.rows == [
        ["Compliant", "2", "1", "3"],
        ["Not compliant", "1", "0", "1"],
        ["Not known", "1", "1", "2"],
    ]
    assert charts["glance-posture"].chart.bars[0] == ("Compliant", 3, "3 (50%)")
    assert charts["glance-incidents"].table.rows == [
        ["Under a week", "2"],
        ["1 to 4 weeks", "2"],
        ["Over 4 weeks", "1"],
    ]
    assert charts["glance-approvals"].table.rows == [
        ["Under a week", "1"],
        ["1 to 4 weeks", "1"],
        ["Over 4 weeks", "1"],
    ]


@pytest.mark.parametrize("role", [Role.STAFF, Role.MANAGER, Role.COMMITTEE, Role.IT_PROVIDER])
def test_other_roles_see_no_compliance_charts(world, role):
    _some_of_each(world)
    assert _by_ident(world, role) == {}


def test_the_data_protection_lead_sees_the_same_figures(world):
    _some_of_each(world)
    dpl = _by_ident(world, Role.DP_LEAD)
    clerk = _by_ident(world, Role.CLERK)
    assert list(dpl) == list(clerk)
    assert dpl["glance-posture"].table.rows == clerk["glance-posture"].table.rows
    assert dpl["glance-incidents"].table.rows == clerk["glance-incidents"].table.rows


def test_an_empty_council_shows_zeros_rather_than_nothing(world):
    charts = _by_ident(world)
    assert list(charts) == [
        "glance-findings-months",
        "glance-posture",
        "glance-incidents",
        "glance-approvals",
    ]
    assert charts["glance-posture"].chart.bars[0] == ("Compliant", 0, "0")
    assert charts["glance-incidents"].table.rows[2] == ["Over 4 weeks", "0"]


def _queries(world) -> int:
    membership = _membership(world, Role.CLERK)
    with CaptureQueriesContext(connection) as captured:
        glance_charts(membership, NOW)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_council(world):
    _some_of_each(world)
    small = _queries(world)
    _some_of_each(world, scale=4)
    # Findings 1, posture 2 (council and own devices), approvals 1, incidents 1.
    assert small == _queries(world) == 5
    assert _by_ident(world)["glance-incidents"].table.rows[0] == ["Under a week", "10"]


def test_the_dashboard_draws_each_chart_with_a_table(world):
    _some_of_each(world)
    client = Client()
    client.force_login(world.clerk)
    html = client.get(reverse("core:home", kwargs={"council": "ashby"})).content.decode()
    assert "Compliance at a glance" in html
    for ident in ("glance-posture", "glance-incidents", "glance-approvals"):
        assert f'aria-labelledby="{ident}-t {ident}-d"' in html
        assert f'id="{ident}-table"' in html
    assert "Not compliant: 1 (17%)" in html
    assert html.index("What needs you") < html.index("Compliance at a glance")

    client.force_login(world.staff)
    html = client.get(reverse("core:home", kwargs={"council": "ashby"})).content.decode()
    assert "Compliance at a glance" not in html
