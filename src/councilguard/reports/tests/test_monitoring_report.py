"""C27: the monthly monitoring report, for the clerk and the data protection lead with names,
for the committee in totals only; its CSV is audited; its queries do not grow with the data."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.monitoring.monthly import monthly_report
from councilguard.monitoring.services import dismiss_finding, note_finding, open_raw_events
from councilguard.monitoring.testing import make_batch, make_finding, make_hold, make_purge
from councilguard.reports.periods import month_period
from councilguard.testing.audit import assert_audited

PURPOSE = "Checking a complaint about the depot laptop"


@pytest.fixture
def month(world):
    """This month: two proxy batches (95 events each), four findings about the staff member
    (three web, one DNS), one noted and one dismissed, raw events opened once, a purge and a
    legal hold."""
    make_batch(world)
    make_batch(world)
    staff = world.people[Role.STAFF]
    web = [make_finding(world, staff) for _ in range(3)]
    make_finding(world, staff, source_kind="dns", rule_kind="dns.prohibited")
    clerk = Actor.for_user(world.clerk)
    note_finding(web[0], note="Spoken to.", actor=clerk)
    dismiss_finding(web[1], reason="A council supplier's site listed by mistake.", actor=clerk)
    open_raw_events(web[2], purpose=PURPOSE, actor=Actor.for_user(world.dp_lead))
    make_purge(world)
    make_hold(world)
    return timezone.localdate().replace(day=1)


def _page(world, role, month: date):
    client = Client()
    client.force_login(world.users[role])
    url = reverse("reports:monitoring", kwargs={"council": world.council.slug})
    return client.get(url, {"month": f"{month:%Y-%m}"}).content.decode()


def test_the_clerk_sees_each_source_rule_review_view_purge_and_hold(world, month):
    html = _page(world, Role.CLERK, month)
    assert (
        '<span class="govuk-heading-l govuk-!-margin-bottom-1" id="total-events">190</span>' in html
    )
    assert 'id="total-raised">4</span>' in html
    assert 'id="total-reviewed">2</span>' in html
    assert "Prohibited content" in html
    assert PURPOSE in html  # the purpose given for the raw-event view
    assert "Staff member of Ashby" in html  # whose events, and whose hold
    assert "1,200" in html  # events the purge deleted
    assert "1 hold in force at the end of the month." in html


def test_the_committee_sees_totals_and_no_one_s_name(world, month):
    html = _page(world, Role.COMMITTEE, month)
    assert "totals only, with no one" in html
    assert 'id="total-events">190</span>' in html
    assert PURPOSE not in html
    assert "Staff member of Ashby" not in html
    assert "opened 1 time, each with a purpose recorded" in html


def test_another_month_is_empty_and_a_bad_month_is_explained(world, month):
    earlier = (month - timedelta(days=1)).replace(day=1)
    html = _page(world, Role.CLERK, earlier)
    assert 'id="total-events">0</span>' in html
    assert "No one opened raw events this month." in html
    client = Client()
    client.force_login(world.clerk)
    url = reverse("reports:monitoring", kwargs={"council": world.council.slug})
    bad = client.get(url, {"month": "March"}).content.decode()
    assert "Enter the month as a year and month, for example 2026-03." in bad


def test_the_csv_has_the_figures_per_source_and_is_audited(world, month):
    client = Client()
    client.force_login(world.dp_lead)
    url = reverse("reports:monitoring_export", kwargs={"council": world.council.slug})
    with assert_audited(world.council, Event.MONITORING_REPORT_EXPORTED):
        response = client.get(url, {"month": f"{month:%Y-%m}"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Month", "Source", "Batches", "Events taken in"]
    by_source = {r[1]: r for r in rows[1:]}
    assert by_source["Web proxy"][2:] == ["2", "190", "4", "3", "2", "1"]
    assert by_source["DNS queries"][2:] == ["0", "0", "0", "1", "0", "1"]


def test_its_queries_do_not_grow_with_the_data(world, month):
    period = month_period(month)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            monthly_report(world.council, period, names=True)
        return len(captured)

    small = count()
    for _ in range(5):
        make_batch(world)
        make_finding(world, world.people[Role.MANAGER])
    make_hold(world, Role.MANAGER)
    assert count() == small
