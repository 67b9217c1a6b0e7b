"""Reporting a loss, end to end in Chromium: where each person lands and what it says, for the
holder on a phone and for the clerk reporting a colleague's loss at a desk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from councilguard.core.roles import Role
from councilguard.devices.models import LossReport
from councilguard.devices.testing import make_issued_device
from councilguard.testing.browser import sign_in
from councilguard.testing.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _last_week():
    return timezone.now() - timedelta(days=7)


@pytest.fixture
def world(transactional_db):
    return make_world("ashby")


def _report(page, device_name: str, what: str, *, hours_ago: float = 1) -> None:
    page.get_by_label("Which device").select_option(label=device_name)
    page.get_by_label("Lost", exact=True).check()
    page.get_by_label("What happened").fill(what)
    lost = timezone.localtime(timezone.now() - timedelta(hours=hours_ago))
    page.get_by_label("When was it lost").fill(f"{lost:%Y-%m-%dT%H:%M}")
    page.get_by_role("button", name="Report it now").click()
    page.wait_for_load_state()


def test_the_holder_reports_a_lost_phone_and_adds_the_police_number_on_a_phone(
    phone, live_server, world
):
    device = make_issued_device(world, Role.STAFF, serial="PF3BUS01", issued_at=_last_week())
    sign_in(phone, live_server, world, role="staff")
    phone.goto(f"{live_server.url}/c/ashby/devices/report-loss/")
    phone.get_by_role("button", name="Report it now").click()
    # Nothing chosen: the error summary names each field.
    summary = phone.locator(".govuk-error-summary").inner_text()
    assert "Choose which device" in summary
    assert "Enter what happened" in summary
    assert "Enter when it was lost or last seen" in summary
    assert "This field is required" not in summary

    _report(phone, str(device), "Left on the bus.")
    phone.wait_for_url("**/c/ashby/devices/mine/")
    assert "The clerk has been told" in phone.locator(".govuk-notification-banner").inner_text()
    phone.get_by_label("Police incident number").fill("CAD 2231")
    phone.get_by_role("button", name="Add").first.click()
    phone.wait_for_url("**/c/ashby/devices/mine/")
    assert "Police incident number added." in phone.content()
    assert LossReport.objects.get(device=device).police_reference == "CAD 2231"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_clerk_reports_a_colleagues_loss_and_stays_with_that_loss(page, live_server, world):
    device = make_issued_device(world, Role.STAFF, serial="PF3CAR02", issued_at=_last_week())
    sign_in(page, live_server, world, role="clerk")
    page.goto(f"{live_server.url}/c/ashby/devices/report-loss/")
    _report(page, str(device), "Taken from the car.", hours_ago=30)
    loss = LossReport.objects.get(device=device)
    page.wait_for_url(f"**/c/ashby/devices/losses/{loss.pk}/")
    assert "when Staff member of Ashby has it" in page.content()
    # Reported 30 hours after the loss: the police clock has already run out, and it says so.
    assert "report it to the police now" in page.locator(".govuk-notification-banner").inner_text()
    assert "Overdue since" in page.locator("#police-clock").inner_text()
    assert "Reported 30 hours after" in page.locator("#reported-late").inner_text()
    page.get_by_label("Police incident number").fill("CAD 9001")
    page.get_by_role("button", name="Add the police number").click()
    page.wait_for_url(f"**/c/ashby/devices/losses/{loss.pk}/")
    assert "CAD 9001" in page.locator("#police-clock").inner_text()


def test_a_councillor_holding_no_device_is_told_what_to_do_instead(phone, live_server, world):
    sign_in(phone, live_server, world, role="councillor")
    phone.goto(f"{live_server.url}/c/ashby/devices/report-loss/")
    text = phone.locator("main").inner_text()
    assert "The council's register shows no device issued to you" in text
    phone.get_by_role("link", name="report it as a security incident").click()
    phone.wait_for_url("**/c/ashby/incidents/report/")
