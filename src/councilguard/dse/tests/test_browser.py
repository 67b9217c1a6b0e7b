"""A screen user answers an eye test offer and records the test on a phone, and the clerk sees
it on the register: every page accessible (axe-core, WCAG 2.2 AA) and 390 px wide."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from councilguard.core.roles import Role
from councilguard.dse.models import EyeTest
from councilguard.dse.testing import make_assessment, make_offer, make_screen_user
from councilguard.testing.browser import sign_in
from councilguard.testing.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def world(transactional_db):
    world = make_world("ashby")
    staff = make_screen_user(world, Role.STAFF)
    make_offer(world, staff)
    make_assessment(world, staff, problems=["glare", "eyes"])
    return world


def _accessible_and_narrow(page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page must not scroll sideways on a phone"


def test_a_user_answers_and_records_a_test_and_the_clerk_sees_it(phone, live_server, world):
    sign_in(phone, live_server, world, role="staff")
    phone.goto(f"{live_server.url}/c/ashby/screens/mine/")
    _accessible_and_narrow(phone)
    phone.get_by_role("button", name="Yes, I would like the test").click()
    phone.wait_for_load_state()
    assert "the clerk will arrange your test" in phone.inner_text("body")
    assert phone.inner_text("#next-test") == "Accepted, to be taken"

    # A date in the future is refused in words, and nothing is recorded.
    tomorrow = timezone.localdate() + timedelta(days=1)
    phone.fill("#test-tested_on", tomorrow.isoformat())
    phone.fill("#test-tested_by", "A. Shah, High Street Eyecare")
    phone.get_by_role("button", name="Record the test").click()
    phone.wait_for_load_state()
    assert "The test date is in the future" in phone.inner_text(".govuk-error-summary")
    _accessible_and_narrow(phone)
    assert EyeTest.objects.get().status == "accepted"

    today = timezone.localdate()
    phone.fill("#test-tested_on", today.isoformat())
    phone.check("#test-glasses_for_screen")
    phone.get_by_role("button", name="Record the test").click()
    phone.wait_for_load_state()
    assert "Eye test recorded." in phone.inner_text("body")
    due = today.replace(year=today.year + 2) if (today.month, today.day) != (2, 29) else None
    if due is not None:
        assert phone.inner_text("#next-test") == f"Due {due:%-d %b %Y}"
    _accessible_and_narrow(phone)

    phone.context.clear_cookies()
    sign_in(phone, live_server, world, role="clerk")
    phone.goto(f"{live_server.url}/c/ashby/screens/")
    _accessible_and_narrow(phone)
    phone.get_by_role("link", name="Staff member of Ashby").click()
    phone.wait_for_load_state()
    body = phone.inner_text("body")
    assert "by A. Shah, High Street Eyecare" in body
    assert "Windows or lights cause glare or reflections on the screen" in body
    _accessible_and_narrow(phone)
