"""A CCTV viewing end to end in a real browser (A "CCTV"): a manager asks on a phone, the clerk
approves, the manager logs what was seen, the clerk records the footage handed to the police;
the viewing shows on the camera's page and in the audit trail. Pages pass axe-core at 390 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from councilguard.cctv.models import Disclosure, Viewing
from councilguard.cctv.testing import make_camera
from councilguard.testing.browser import sign_in
from councilguard.testing.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _accessible_and_narrow(page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_viewing_from_request_to_disclosure(browser, live_server):
    world = make_world("ashby")
    make_camera(world, name="Pavilion door")
    council = f"{live_server.url}/c/{world.council.slug}"
    now = timezone.now()

    manager = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True).new_page()  # fmt: skip
    sign_in(manager, live_server, world, role="manager")
    manager.goto(f"{council}/cctv/")
    _accessible_and_narrow(manager)
    manager.get_by_role("link", name="Ask to view footage").click()
    manager.get_by_label("Camera").select_option(label="Pavilion door (Recreation ground)")
    manager.get_by_label("Prevention and detection of crime").check()
    # The period the wrong way round is refused in words, and nothing is asked.
    manager.get_by_label("Footage from").fill(_local(now - timedelta(hours=2)))
    manager.get_by_label("Footage until").fill(_local(now - timedelta(hours=10)))
    manager.get_by_label("Why you need to view it").fill("The pavilion door was forced.")
    manager.get_by_role("button", name="Send the request").click()
    expect(manager.locator("body")).to_contain_text("The end of the period must be after its start")
    _accessible_and_narrow(manager)
    manager.get_by_label("Footage from").fill(_local(now - timedelta(hours=10)))
    manager.get_by_label("Footage until").fill(_local(now - timedelta(hours=2)))
    manager.get_by_role("button", name="Send the request").click()
    expect(manager.locator("body")).to_contain_text("Request sent to the clerk")
    assert "Footage may be viewed only once the clerk approves" in manager.content()
    viewing_url = manager.url
    _accessible_and_narrow(manager)

    clerk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(clerk, live_server, world, role="clerk")
    clerk.goto(viewing_url)
    clerk.get_by_role("link", name="the approval").click()
    clerk.get_by_label("Approve").check()
    clerk.get_by_role("button", name="Record my decision").click()
    expect(clerk.locator("body")).to_contain_text("Decision recorded.")

    manager.goto(viewing_url)
    manager.get_by_role("link", name="Log a viewing").click()
    manager.get_by_label("When was it viewed?").fill(_local(timezone.now()))
    manager.get_by_label("Which footage").fill("Channel 1, 01:10 to 01:40")
    manager.get_by_label("What was seen, in a sentence").fill("Two people force the door.")
    manager.get_by_label("Relevant footage found and kept").check()
    manager.get_by_role("button", name="Log the viewing").click()
    expect(manager.locator("body")).to_contain_text("Viewing logged.")
    assert "Two people force the door." in manager.content()
    _accessible_and_narrow(manager)
    assert Viewing.objects.count() == 1

    clerk.goto(viewing_url)
    clerk.get_by_role("link", name="Record footage handed over").click()
    clerk.get_by_label("Police").check()
    clerk.get_by_label("Name of the body or person").fill("Shire Constabulary")
    clerk.get_by_label("Their reference (crime or claim number)").fill("CRI/2026/11873")
    clerk.get_by_label("Which footage").fill("Channel 1 on a USB stick")
    clerk.get_by_label("Why it was handed over").fill("Evidence of the break-in.")
    clerk.get_by_label("When was it handed over?").fill(timezone.localdate().isoformat())
    clerk.get_by_role("button", name="Record the disclosure").click()
    reference = Disclosure.objects.get().reference
    assert reference == f"CCTV-{timezone.localdate().year}-001"
    assert f"Disclosure {reference} recorded." in clerk.content()

    clerk.goto(f"{council}/cctv/")
    clerk.get_by_role("link", name="Pavilion door").click()
    # The camera's page may still be loading when the click returns: wait for its words.
    expect(clerk.locator("body")).to_contain_text("relevant footage found and kept")
    expect(clerk.locator("body")).to_contain_text(reference)
    clerk.goto(f"{council}/audit/")
    trail = clerk.content()
    for words in ("CCTV viewing requested", "CCTV footage viewed", "CCTV footage handed over"):
        assert words in trail
