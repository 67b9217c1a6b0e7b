"""Each role's main journeys in a real browser (issue 17, "Done when"): report a loss and add
its police number; ask for an approval and decide it; review a finding, giving the work purpose
first; reveal a vault entry. Each step asserts where the person lands and what the page says.
(Acknowledging a policy is walked in policies/tests/test_browser.py.)"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from councilguard.core.roles import Role
from councilguard.devices.models import ApprovalRequest, LossReport
from councilguard.devices.testing import make_issued_device, when_lost
from councilguard.monitoring.models import Finding
from councilguard.monitoring.testing import make_finding
from councilguard.testing.browser import sign_in
from councilguard.testing.vault import SECRETS, make_entry
from councilguard.testing.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    return make_world("ashby")


def _at(live_server, path: str = "") -> str:
    return f"{live_server.url}/c/ashby/{path}"


def _said(page) -> str:
    """What the page tells the person: its heading, message and main text."""
    return re.sub(r"\s+", " ", page.locator("main").inner_text())


def _yesterday():
    return timezone.now() - timedelta(days=1)


def test_the_clerk_reports_a_colleagues_loss_and_adds_its_police_number(page, live_server, world):
    device = make_issued_device(world, Role.STAFF, serial="PF3LOST9", issued_at=_yesterday())
    sign_in(page, live_server, world)
    page.goto(_at(live_server, "devices/report-loss/"))
    page.get_by_label("Which device").select_option(str(device.pk))
    page.get_by_label("Stolen").check()
    page.get_by_label("What happened").fill("Taken from the car at the depot.")
    page.get_by_label("When was it lost, or when did you last see it?").fill(when_lost())
    page.get_by_role("button", name="Report it now").click()

    loss = LossReport.objects.get(device=device)
    page.wait_for_url(f"**/c/ashby/devices/losses/{loss.pk}/")
    said = _said(page)
    assert "The report is recorded and the clerks have been told." in said
    assert world.people[Role.STAFF].full_name in said

    page.get_by_label("Police incident number").fill("CAD 4411")
    page.get_by_role("button", name="Add the police number").click()
    page.wait_for_url(f"**/c/ashby/devices/losses/{loss.pk}/")
    assert "Police incident number added." in _said(page)
    assert page.locator("#police-clock").inner_text().strip() == "CAD 4411"


def test_staff_report_their_own_loss_and_add_the_police_number(page, live_server, world):
    device = make_issued_device(world, Role.STAFF, serial="PF3LOST8", issued_at=_yesterday())
    sign_in(page, live_server, world, role="staff")
    page.goto(_at(live_server, "devices/mine/"))
    page.get_by_role("link", name="Report a lost, stolen or accessed device").click()
    page.get_by_label("Which device").select_option(str(device.pk))
    page.get_by_label("Lost", exact=True).check()
    page.get_by_label("What happened").fill("Left on the bus.")
    page.get_by_label("When was it lost, or when did you last see it?").fill(when_lost())
    page.get_by_role("button", name="Report it now").click()

    page.wait_for_url("**/c/ashby/devices/mine/")
    said = _said(page)
    assert "Thank you. The clerk has been told." in said
    assert "My loss reports" in said

    page.get_by_label("Police incident number").fill("CAD 5120")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url("**/c/ashby/devices/mine/")
    said = _said(page)
    assert "Police incident number added." in said
    assert "Police number: CAD 5120" in said
    assert LossReport.objects.get(device=device).police_reference == "CAD 5120"


def test_staff_ask_for_an_approval_and_the_clerk_decides_it(browser, live_server, world):
    staff = browser.new_context().new_page()
    sign_in(staff, live_server, world, role="staff")
    staff.goto(_at(live_server, "devices/mine/approvals/"))
    staff.get_by_role("link", name="Ask for approval").click()
    staff.get_by_role("link", name="Register a domain name or trademark").click()
    staff.get_by_label("What for, in a few words").fill("A domain for the summer fete")
    staff.get_by_label("Why it is needed").fill("Residents look for the fete online.")
    staff.get_by_label("Domain name or trademark").fill("ashbyfete.example")
    staff.get_by_role("button", name="Send the request").click()
    staff.wait_for_url("**/c/ashby/devices/mine/approvals/")
    said = _said(staff)
    assert "Request sent. You will be told the decision." in said
    assert "A domain for the summer fete" in said

    item = ApprovalRequest.objects.get(summary="A domain for the summer fete")
    clerk = browser.new_context().new_page()
    sign_in(clerk, live_server, world)
    clerk.goto(_at(live_server, "devices/approvals/"))
    clerk.get_by_role("link", name="A domain for the summer fete").click()
    clerk.wait_for_url(f"**/c/ashby/devices/approvals/{item.pk}/")
    assert clerk.locator("#approval-status").inner_text().strip() == "Pending"
    clerk.get_by_label("Approve").check()
    clerk.get_by_role("button", name="Record my decision").click()
    clerk.wait_for_url(f"**/c/ashby/devices/approvals/{item.pk}/")
    assert "Decision recorded." in _said(clerk)
    assert clerk.locator("#approval-status").inner_text().strip() == "Approved"

    staff.reload()
    assert "Approved" in _said(staff)


def test_the_clerk_reviews_a_finding_after_giving_the_work_purpose(page, live_server, world):
    finding = make_finding(world, world.people[Role.STAFF], summary="Visits to betting sites.")
    sign_in(page, live_server, world)
    page.goto(_at(live_server, f"monitoring/findings/{finding.pk}/"))
    # The finding opens only once the reviewer has said why (one of the work purposes).
    assert "Visits to betting sites." not in _said(page)
    page.get_by_label("Reviewing the finding").check()
    page.get_by_role("button", name="Open the finding").click()
    page.wait_for_url(f"**/c/ashby/monitoring/findings/{finding.pk}/")
    assert "Visits to betting sites." in _said(page)

    page.get_by_label("Dismiss it").check()
    page.get_by_role("button", name="Record the review").click()
    # Dismissing needs a reason: said beside the field, nothing recorded.
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert Finding.objects.get(pk=finding.pk).status == "open"

    page.get_by_label("Dismiss it").check()
    page.get_by_label(re.compile("^Reason or note")).fill("Booking the hall for the council.")
    page.get_by_role("button", name="Record the review").click()
    page.wait_for_url(f"**/c/ashby/monitoring/findings/{finding.pk}/")
    assert "Finding dismissed." in _said(page)
    assert Finding.objects.get(pk=finding.pk).status == "dismissed"


def test_staff_reveal_a_vault_password_giving_the_reason_once(page, live_server, world):
    entry = make_entry(world, roles=(Role.STAFF,), name="Office Wi-Fi")
    sign_in(page, live_server, world, role="staff")
    page.goto(_at(live_server, "vault/"))
    page.get_by_role("link", name="Office Wi-Fi").first.click()
    page.wait_for_url(f"**/c/ashby/vault/{entry.pk}/")
    page.get_by_role("link", name="Reveal the password").click()
    page.wait_for_url(f"**/c/ashby/vault/{entry.pk}/reveal/")
    page.get_by_label("Why do you need it?").fill("Connecting the new printer")
    page.get_by_role("button", name="Reveal the password").click()
    said = _said(page)
    assert SECRETS[0] in said
    assert "Connecting the new printer" in said
    assert "Why do you need it?" not in said
