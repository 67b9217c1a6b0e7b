"""The main journey in a real browser at 390 px wide: the clerk opens a case from an escalated
finding, reviews it and appoints the investigator; the subject is told in writing and adds
their account on their own page; the investigator records the findings; the clerk records the
outcome and closes it. The case pages pass axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from councilguard.cases.models import Case
from councilguard.core.roles import Role
from councilguard.monitoring.testing import make_finding
from councilguard.testing.browser import sign_in
from councilguard.testing.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _accessible_and_narrow(page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def _narrow(browser):
    return browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()


def test_a_finding_becomes_a_case_and_reaches_its_outcome(browser, live_server, data_dir):
    world = make_world("ashby")
    finding = make_finding(world, world.people[Role.STAFF], status="escalated")
    council = f"{live_server.url}/c/{world.council.slug}"

    clerk = _narrow(browser)
    sign_in(clerk, live_server, world, role="clerk")
    clerk.goto(f"{council}/monitoring/findings/{finding.pk}/")
    # A finding about a named person opens for a work purpose, asked once (C18).
    clerk.get_by_label("Reviewing the finding").check()
    clerk.get_by_role("button", name="Open the finding").click()
    clerk.get_by_role("link", name="Open a case from this finding").click()
    clerk.get_by_label("In a few words").fill("Prohibited sites on the office laptop")
    clerk.get_by_label("Misuse of IT").check()
    clerk.get_by_label("What is alleged").fill("Visits to prohibited sites from a laptop.")
    clerk.get_by_label("Clauses the allegation concerns").fill("A Misuse")
    clerk.get_by_role("button", name="Open the case").click()
    case = Case.objects.get()
    assert f"Case {case.reference} is open" in clerk.content()
    _accessible_and_narrow(clerk)

    clerk.get_by_role("link", name="Start the preliminary review").click()
    clerk.get_by_label("Why").fill("Looking at the finding and its explanation.")
    clerk.get_by_role("button", name="Start the review").click()
    clerk.get_by_role("link", name="Appoint an investigator").click()
    clerk.get_by_label("Investigator").select_option(label=f"{world.manager.email} (Manager)")
    clerk.get_by_label("Terms of reference").fill(
        "Establish who used the laptop and when, within four weeks."
    )
    clerk.get_by_label("Why a formal investigation is needed").fill("There is a case.")
    clerk.get_by_role("button", name="Appoint").click()
    expect(clerk.locator("body")).to_contain_text("The investigator is appointed")
    clerk.get_by_role("link", name="Record that someone was told in writing").click()
    clerk.get_by_label("Letter handed over").check()
    clerk.get_by_label("When").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    clerk.get_by_label("What the letter or e-mail said").fill(
        "The council is investigating the use of your laptop; you may add your account."
    )
    clerk.get_by_role("button", name="Record").click()
    expect(clerk.locator("body")).to_contain_text("is recorded as told in writing")

    staff = _narrow(browser)
    sign_in(staff, live_server, world, role="staff")
    staff.goto(f"{council}/cases/mine/")
    staff.get_by_role(
        "link", name=f"{case.reference}: Prohibited sites on the office laptop"
    ).click()
    expect(staff.locator("body")).to_contain_text(
        "The council is investigating the use of your laptop"
    )
    _accessible_and_narrow(staff)
    staff.get_by_label("Your account of what happened").fill("Others use that laptop at lunchtime.")
    staff.get_by_role("button", name="Add my account").click()
    expect(staff.locator("body")).to_contain_text("Your account is added to the case.")

    manager = _narrow(browser)
    sign_in(manager, live_server, world, role="manager")
    manager.goto(f"{council}/cases/{case.pk}/")
    assert "Others use that laptop at lunchtime." in manager.content()
    manager.get_by_role("link", name="Record the findings").click()
    manager.get_by_label("Findings of the investigation").fill(
        "The visits were made while the laptop was left signed in at lunchtime."
    )
    manager.get_by_role("button", name="Record the findings").click()
    expect(manager.locator("body")).to_contain_text(
        "The findings of the investigation are recorded."
    )

    clerk.goto(f"{council}/cases/{case.pk}/")
    clerk.get_by_role("link", name="Record the outcome").click()
    clerk.get_by_label("No case to answer").check()
    clerk.get_by_label("Why").fill("Others could use the signed-in laptop.")
    clerk.get_by_role("button", name="Record the outcome").click()
    clerk.get_by_role("link", name="Close the case").click()
    clerk.get_by_label("Why").fill("The outcome was told to her in writing.")
    clerk.get_by_role("button", name="Close the case").click()
    expect(clerk.locator("body")).to_contain_text("The case is closed.")
    _accessible_and_narrow(clerk)
    assert Case.objects.get().stage == "closed"
