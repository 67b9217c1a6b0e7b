"""The clerk's first day, in a real browser: sign in with a second factor, add and import
people, switch council, and do it again on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from councilguard.people.models import Person
from councilguard.testing.browser import sign_in
from councilguard.testing.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    return make_world("ashby")


def test_the_clerk_signs_in_with_a_code_and_adds_a_person(page, live_server, world):
    sign_in(page, live_server, world)
    assert world.council.name in page.content()

    page.get_by_role("link", name="People and policies", exact=True).first.click()
    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Full name").fill("Ivy Moss")
    page.get_by_label("Role in the council").select_option("staff")
    page.get_by_label("Council e-mail addresses").fill("ivy@ashby.example")
    page.get_by_label("Working pattern").fill("Mon-Fri 9:00-17:00 lunch")
    page.get_by_role("button", name="Save").click()
    # The mistake is explained next to the field and nothing is saved.
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert "is not like" in page.content()
    assert not Person.objects.filter(full_name="Ivy Moss").exists()

    page.get_by_label("Working pattern").fill("Mon-Fri 09:00-17:00")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("h1:has-text('Ivy Moss')")
    assert "Mon-Fri 09:00-17:00" in page.content()
    assert Person.objects.get(full_name="Ivy Moss").emails.get().address == "ivy@ashby.example"


def test_a_bad_csv_is_refused_line_by_line_in_the_browser(page, live_server, world, tmp_path):
    csv = tmp_path / "people.csv"
    csv.write_text(
        "full_name,role,email\nGood One,staff,good@ashby.example\nBad,wizard,bad@ashby.example\n"
    )
    sign_in(page, live_server, world)
    page.goto(f"{live_server.url}/c/{world.council.slug}/people/import/")
    page.set_input_files("input[type=file]", str(csv))
    page.get_by_role("button", name="Import").click()
    assert "Line 3: unknown role" in page.locator("#import-problems").inner_text()
    assert not Person.objects.filter(full_name="Good One").exists()


def test_someone_in_two_councils_switches_between_them(page, live_server, world):
    other = make_world("burton")
    from councilguard.accounts.services import grant_role
    from councilguard.testing.world import SETUP

    grant_role(other.council, email=world.it_provider.email, role="it_provider", actor=SETUP)
    sign_in(page, live_server, world, role="it_provider")
    assert "Choose a council" in page.content()
    page.get_by_role("link", name=world.council.name).click()
    page.wait_for_url(f"**/c/{world.council.slug}/")
    page.locator("select[name=council]").select_option(other.council.slug)
    page.locator("form[action='/switch/'] button").click()
    page.wait_for_url(f"**/c/{other.council.slug}/")
    assert other.council.name in page.locator("h1").inner_text()


def test_a_staff_member_uses_it_on_a_phone(phone, live_server, world):
    sign_in(phone, live_server, world, role="manager")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page must not scroll sideways on a phone"
    menu = phone.locator(".govuk-service-navigation__toggle")
    if menu.is_visible():
        menu.click()
    phone.get_by_role("link", name="People and policies", exact=True).first.click()
    phone.wait_for_url("**/people/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "a wide table scrolls inside its own box, not the page"
    # A line manager sees their own team only (DESIGN 9).
    rows = phone.locator("tbody tr").all_inner_texts()
    assert len(rows) == 2
    assert any(world.people["staff"].full_name in row for row in rows)
