"""C26, C27 on a phone: the dashboard and the monthly report at 390 px wide, checked with
axe-core (WCAG 2.2 AA) in Chromium."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from councilguard.core.tests.oversight_world import one_of_each
from councilguard.monitoring.testing import make_batch
from councilguard.testing.browser import sign_in
from councilguard.testing.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def world(transactional_db):
    world = make_world("ashby")
    make_batch(world)  # before the policy, whose clauses the source's would have to be
    one_of_each(world)
    return world


def _accessible_and_narrow(page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page must not scroll sideways on a phone"


def test_the_clerks_dashboard_and_report_on_a_phone(phone, live_server, world):
    sign_in(phone, live_server, world, role="clerk")
    phone.goto(f"{live_server.url}/c/ashby/")
    waiting = phone.locator("#waiting li")
    assert waiting.count() == 10
    assert "Change the password of Council website now" in waiting.first.inner_text()
    _accessible_and_narrow(phone)
    # Compliance at a glance: each chart's figures also as a table, checked open as well.
    charts = phone.locator(".cg-glance")
    assert charts.count() == 5
    # The breach and the incident the lost phone's report opened, both reported just now.
    for summary in phone.locator(".cg-glance summary").all():
        summary.click()
    assert phone.locator("#glance-incidents-table tbody tr").first.inner_text().split() == [
        "Under",
        "a",
        "week",
        "2",
    ]
    _accessible_and_narrow(phone)

    month = timezone.localdate().strftime("%Y-%m")
    phone.goto(f"{live_server.url}/c/ashby/reports/monitoring/?month={month}")
    assert phone.locator("#total-events").inner_text() == "95"
    _accessible_and_narrow(phone)


def test_the_staff_members_dashboard_on_a_phone(phone, live_server, world):
    sign_in(phone, live_server, world, role="staff")
    phone.goto(f"{live_server.url}/c/ashby/")
    phone.get_by_role(
        "link", name="Give the police incident number for your lost mobile phone"
    ).click()
    phone.wait_for_url("**/devices/mine/")
    phone.go_back()
    _accessible_and_narrow(phone)
