"""A request for an unmonitored call in a real browser: the staff member asks on their phone,
their manager refuses one and protects another, the staff member reads the outcome; each page
at 390 px passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.privacy.models import ProtectionRequest, RequestStatus
from councilguard.testing.browser import sign_in
from councilguard.testing.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _accessible_and_narrow(page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def _ask(page, number: str, reason: str) -> None:
    page.get_by_label("Telephone number").check()
    page.get_by_label("The number, address or website").fill(number)
    page.get_by_label("Until withdrawn").check()
    page.get_by_label("Why (only the person who decides reads this)").fill(reason)
    page.get_by_role("button", name="Send my request").click()


def test_a_request_goes_to_the_manager_and_back(browser, live_server):
    world = make_world("ashby")
    council = f"{live_server.url}/c/{world.council.slug}"
    narrow = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

    staff = browser.new_context(**narrow).new_page()
    sign_in(staff, live_server, world, role="staff")
    staff.goto(f"{council}/privacy/mine/")
    _accessible_and_narrow(staff)
    # Without a reason it is refused in words.
    staff.get_by_label("Telephone number").check()
    staff.get_by_label("The number, address or website").fill("01632 960 123")
    staff.get_by_label("Until withdrawn").check()
    staff.get_by_role("button", name="Send my request").click()
    expect(staff.locator("body")).to_contain_text(
        "Give a reason: only the person who decides will read it."
    )
    _accessible_and_narrow(staff)
    _ask(staff, "01632 960 123", "My trade union representative")
    # The next page may still be loading when the click returns: wait for the words.
    expect(staff.locator("body")).to_contain_text(
        "Your request has gone to your line manager to decide."
    )
    _ask(staff, "01632 960 456", "My doctor's surgery")
    _accessible_and_narrow(staff)

    manager = browser.new_context(**narrow).new_page()
    sign_in(manager, live_server, world, role="manager")
    manager.goto(f"{council}/")
    manager.get_by_role("link", name="Decide 2 requests for a private call or contact").click()
    _accessible_and_narrow(manager)
    manager.get_by_role("link", name="Decide for Staff member of Ashby").first.click()
    assert "My trade union representative" in manager.locator("#reason").inner_text()
    _accessible_and_narrow(manager)
    manager.get_by_label("Refuse").check()
    manager.get_by_label("Reason for refusing (the person reads this)").fill(
        "Please use the meeting room phone, which is not monitored."
    )
    manager.get_by_role("button", name="Record my decision").click()
    expect(manager.locator("body")).to_contain_text(
        "Refused. Staff member of Ashby can see your reason."
    )
    manager.get_by_role("link", name="Decide for Staff member of Ashby").first.click()
    manager.get_by_label("Protect it").check()
    manager.get_by_role("button", name="Record my decision").click()
    expect(manager.locator("body")).to_contain_text(
        "Protected. Staff member of Ashby can see your decision."
    )

    staff.reload()
    own = staff.locator("#own-requests").inner_text()
    assert "Reason: Please use the meeting room phone, which is not monitored." in own
    assert "Protected" in own
    outcomes = dict(ProtectionRequest.objects.values_list("value", "status"))
    assert outcomes == {
        "+441632960123": RequestStatus.REFUSED,
        "+441632960456": RequestStatus.GRANTED,
    }
    events = list(
        AuditEntry.objects.filter(council=world.council, event__startswith="privacy.")
        .order_by("sequence")
        .values_list("event", flat=True)
    )
    assert events == [
        Event.PROTECTION_REQUESTED,
        Event.PROTECTION_REQUESTED,
        Event.PROTECTION_REFUSED,
        Event.PROTECTION_GRANTED,
    ]
