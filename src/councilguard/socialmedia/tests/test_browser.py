"""A reported post in a real browser (A "Social Media"): a staff member reports it on a phone
with a screenshot (a file that is not a picture is refused first), the clerk asks for its
removal, the follow-up clock runs out and the clerk closes it. A staff member logs a press
enquiry and the clerk receives it by e-mail. Pages pass axe-core at 390 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from councilguard.core.models import Membership
from councilguard.socialmedia.models import PostReport, RemovalRequest
from councilguard.socialmedia.testing import png
from councilguard.socialmedia.waiting import waiting_items
from councilguard.testing.browser import sign_in
from councilguard.testing.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _accessible_and_narrow(page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_reported_post_goes_to_removal_overdue_and_closure(browser, live_server, tmp_path):
    world = make_world("ashby")
    council = f"{live_server.url}/c/{world.council.slug}"
    not_a_picture = tmp_path / "post.png"
    not_a_picture.write_text("not a picture")
    picture = tmp_path / "screenshot.png"
    picture.write_bytes(png(390, 800))

    staff = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True).new_page()  # fmt: skip
    sign_in(staff, live_server, world, role="staff")
    staff.goto(f"{council}/social-media/groups/mine/")
    _accessible_and_narrow(staff)
    staff.get_by_role("link", name="Report a post that may breach the policy").click()
    staff.get_by_label("Link to the post").fill("https://social.example/posts/8812")
    staff.get_by_label("Platform").select_option(label="Facebook")
    staff.get_by_label("What may breach the policy").fill("A colleague is named and insulted.")
    staff.get_by_label("A screenshot of the post (optional)").set_input_files(str(not_a_picture))
    staff.get_by_role("button", name="Send the report").click()
    expect(staff.locator("body")).to_contain_text(
        "The screenshot is not a picture: use PNG, JPEG or WebP"
    )
    assert not PostReport.objects.exists()
    _accessible_and_narrow(staff)
    staff.get_by_label("A screenshot of the post (optional)").set_input_files(str(picture))
    staff.get_by_role("button", name="Send the report").click()
    expect(staff.locator("body")).to_contain_text("the clerk will look at the post")
    report = PostReport.objects.get()
    assert bytes(report.screenshot) == picture.read_bytes()

    # A press enquiry taken by the staff member reaches the clerk by e-mail.
    staff.goto(f"{council}/social-media/groups/mine/")
    staff.get_by_role("link", name="Log a press enquiry").click()
    staff.get_by_label("Publication or programme").fill("Ashby Gazette")
    staff.get_by_label("Journalist's name").fill("Kim Parry")
    staff.get_by_label("How to reach them").fill("kim@gazette.example")
    staff.get_by_label("What they asked").fill("Why is the pavilion closed?")
    staff.get_by_role("button", name="Send to the clerk").click()
    expect(staff.locator("body")).to_contain_text("Enquiry passed to the clerk")
    enquiry_mail = [m for m in mail.outbox if "press enquiry" in m.subject]
    assert [m.to for m in enquiry_mail] == [["clerk@ashby.example", "deputy_clerk@ashby.example"]]
    assert "Why is the pavilion closed?" in enquiry_mail[0].body

    clerk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(clerk, live_server, world, role="clerk")
    clerk.goto(f"{council}/social-media/")
    clerk.get_by_role("link", name="Facebook, reported").click()
    clerk.get_by_role("link", name="Open the screenshot").click()
    clerk.go_back()
    clerk.get_by_role("link", name="Decide what happens").click()
    clerk.get_by_label("Ask for the post to be removed").check()
    clerk.get_by_label("For a removal: who was asked").fill("The member of staff who posted it")
    clerk.get_by_role("button", name="Record").click()
    expect(clerk.locator("body")).to_contain_text("Follow up by")

    # The follow-up clock: a week on it is overdue, on the dashboard and the reminders.
    removal = RemovalRequest.objects.get()
    membership = Membership.objects.get(user=world.clerk, council=world.council)
    later = timezone.now() + timedelta(days=8)
    items = {i.title: i for i in waiting_items(membership, None, later)}
    title = "Check whether the post was removed (asked of The member of staff who posted it)"
    assert items[title].urgency == "overdue"
    RemovalRequest.objects.filter(pk=removal.pk).update(
        asked_on=removal.asked_on - timedelta(days=8),
        follow_up_on=removal.follow_up_on - timedelta(days=8),
    )
    clerk.reload()
    assert "overdue" in clerk.content()
    clerk.get_by_role("link", name="Close the removal request").click()
    clerk.get_by_label("Yes").check()
    clerk.get_by_label("What happened").fill("The post was taken down.")
    clerk.get_by_role("button", name="Close it").click()
    expect(clerk.locator("body")).to_contain_text("Removal request closed.")
    assert "Removed" in clerk.content()
    clerk.goto(f"{council}/audit/")
    for words in ("Social media post reported", "Removal of a post asked for",
                  "Removal request closed", "Screenshot of a reported post opened"):  # fmt: skip
        assert words in clerk.content()
