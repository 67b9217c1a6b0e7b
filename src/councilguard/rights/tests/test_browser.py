"""A subject access request from receipt to release in a real browser: the staff member asks from
their own page, the data protection lead stops and restarts the clock, extends it, prepares the
bundle, withholds an item, releases it, and the staff member downloads it through the link."""

from __future__ import annotations

import zipfile
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.rights.models import RequestStatus, RightsRequest
from councilguard.rights.reminders import send_deadline_reminders
from councilguard.testing.browser import sign_in
from councilguard.testing.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_request_goes_from_receipt_to_release(browser, live_server, tmp_path, settings):
    world = make_world("ashby")
    today = date.today()
    council = f"{live_server.url}/c/{world.council.slug}"

    staff = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True, accept_downloads=True).new_page()  # fmt: skip
    sign_in(staff, live_server, world, role="staff")
    staff.goto(f"{council}/rights/mine/")
    staff.get_by_label("Access to their data (subject access)").check()
    staff.get_by_role("button", name="Send my request").click()
    expect(staff.locator("body")).to_contain_text("is recorded")
    request = RightsRequest.objects.get()
    assert request.reference in staff.content()
    assert staff.evaluate("document.documentElement.scrollWidth") <= 390

    lead = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(lead, live_server, world, role="dp_lead")
    lead.goto(f"{council}/rights/")
    lead.get_by_role("link", name=f"{request.reference}: {request.requester_name}").click()
    # The clock stops while waiting for a clarification, and runs again from the reply.
    lead.get_by_role("link", name="Stop the clock while waiting").click()
    lead.get_by_label("Waiting for the requester to clarify the request").check()
    lead.get_by_label("When was it asked?").fill(today.isoformat())
    lead.get_by_role("button", name="Stop the clock").click()
    expect(lead.locator("body")).to_contain_text("Clock stopped")
    lead.get_by_role("link", name="Record the reply").click()
    lead.get_by_label("When did the reply come?").fill(today.isoformat())
    lead.get_by_role("button", name="Restart the clock").click()
    expect(lead.locator("body")).to_contain_text("The clock runs again")
    lead.get_by_role("link", name="Extend").click()
    lead.get_by_label("Why more time is needed").fill("Several years of records to search")
    lead.get_by_label("When was the requester told, with the reason?").fill(today.isoformat())
    lead.get_by_role("button", name="Extend").click()
    expect(lead.locator("body")).to_contain_text("Extended: the request is now due")
    # Reminders: none yet (three months away); a week before the deadline, one.
    due = RightsRequest.objects.get().clock().due
    assert send_deadline_reminders(today) == []
    assert len(send_deadline_reminders(due - timedelta(days=7))) == 1
    lead.reload()
    assert "Reminders sent" in lead.content()

    lead.get_by_role("button", name="Prepare the copy of their data").click()
    lead.wait_for_url("**/bundle/")
    lead.get_by_text("Withhold Your roles in the council's systems").click()
    section = lead.locator("details[open]")
    section.get_by_label("Exemption").select_option("negotiations")
    section.get_by_label("Reason").fill("Pay negotiations under way")
    section.get_by_role("button", name="Withhold it").click()
    expect(lead.locator("body")).to_contain_text("is withheld; the bundle was rebuilt")
    lead.get_by_role("button", name="Release it").click()
    link = lead.locator("#download-link").get_attribute("href")
    assert RightsRequest.objects.get().status == RequestStatus.COMPLETED

    with staff.expect_download() as download:
        staff.evaluate(f"window.location.href = {link!r}")
    saved = tmp_path / "bundle.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as bundle:
        names = set(bundle.namelist())
    assert {"covering-letter.pdf", "manifest.json", "person-record.csv"} <= names
    assert "roles.csv" not in names
    events = set(
        AuditEntry.objects.filter(council=world.council, event__startswith="rights.").values_list(
            "event", flat=True
        )
    )
    assert {Event.RIGHTS_REQUEST_RECORDED, Event.RIGHTS_CLOCK_PAUSED, Event.RIGHTS_CLOCK_RESUMED,
            Event.RIGHTS_EXTENDED, Event.RIGHTS_REMINDER_SENT, Event.RIGHTS_BUNDLE_BUILT,
            Event.RIGHTS_ITEM_WITHHELD, Event.RIGHTS_BUNDLE_RELEASED,
            Event.RIGHTS_BUNDLE_DOWNLOADED} <= events  # fmt: skip
