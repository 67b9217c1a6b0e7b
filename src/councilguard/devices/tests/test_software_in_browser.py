"""Software checks end to end in a real browser on a phone (B 5.1.8, 8.1.1): the clerk gives a
laptop its host name, imports Intune's discovered apps and osquery's Windows Security Center,
sees the findings in words, and finds the licences exceeded on the catalogue. Pages pass
axe-core at 390 px."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from councilguard.devices.approvals import set_catalogue_entry
from councilguard.devices.testing import make_device, make_issued_device
from councilguard.testing.browser import sign_in
from councilguard.testing.world import SETUP, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _accessible_and_narrow(page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_clerk_finds_antivirus_off_and_too_few_licences(browser, live_server, tmp_path):
    world = make_world("ashby")
    laptop = make_issued_device(world, kind="laptop", serial="PF3ABC12")
    make_device(world, kind="laptop", serial="SPARE01", host_name="SPARE-LT")
    set_catalogue_entry(world.council, name="Adobe Acrobat Pro", licences=1, actor=SETUP)
    council = f"{live_server.url}/c/{world.council.slug}"

    clerk = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    sign_in(clerk, live_server, world, role="clerk")
    clerk.goto(f"{council}/devices/{laptop.pk}/edit/")
    clerk.get_by_label("Host name").fill("CLERK-LT01")
    clerk.get_by_role("button", name="Save").click()
    # Each answer waited for: the page read at once can be the one still loading (CI saw "").
    expect(clerk.locator("body")).to_contain_text("CLERK-LT01")
    _accessible_and_narrow(clerk)

    apps = tmp_path / "AppInvRawData.csv"
    apps.write_text(
        "ApplicationKey,ApplicationName,ApplicationPublisher,ApplicationShortVersion,"
        "ApplicationVersion,DeviceId,DeviceName,OSDescription,OSVersion,Platform,UserId,"
        "EmailAddress,UserName\n"
        "acro,Adobe Acrobat Pro,Adobe,24.1,24.1,d1,CLERK-LT01,Windows 11,10.0,Windows,u1,c@a,C\n"
        "acro,Adobe Acrobat Pro,Adobe,24.1,24.1,d2,SPARE-LT,Windows 11,10.0,Windows,u1,c@a,C\n"
    )
    clerk.goto(f"{council}/devices/software/scans/import/")
    _accessible_and_narrow(clerk)
    clerk.get_by_label("Inventory file").set_input_files(str(apps))
    clerk.get_by_role("button", name="Import").click()
    expect(clerk.locator("body")).to_contain_text(
        "installed on more devices than the council has licences for"
    )
    _accessible_and_narrow(clerk)

    security = tmp_path / "security.json"
    security.write_text(
        json.dumps(
            [
                {
                    "type": "Antivirus",
                    "name": "Microsoft Defender Antivirus",
                    "state": "Off",
                    "remediation_path": "windowsdefender://",
                    "signatures_up_to_date": "1",
                    "hostname": "CLERK-LT01",
                }
            ]
        )
    )
    clerk.goto(f"{council}/devices/software/scans/import/")
    clerk.get_by_label("Inventory file").set_input_files(str(security))
    clerk.get_by_role("button", name="Import").click()
    expect(clerk.locator("body")).to_contain_text("Antivirus is missing or not working")
    page = clerk.content()
    assert "Antivirus is missing or not working: Microsoft Defender Antivirus is turned off" in page
    assert "Missing, turned off or out of date" in page
    _accessible_and_narrow(clerk)

    clerk.goto(f"{council}/devices/software/")
    page = clerk.content()
    assert "1, installed on 2 devices" in page
    assert "Adobe Acrobat Pro is installed on 2 devices but the council has 1 licence" in page
    _accessible_and_narrow(clerk)

    clerk.goto(f"{council}/devices/settings/")
    assert "periodically checked and scanned" in clerk.content()
    _accessible_and_narrow(clerk)
