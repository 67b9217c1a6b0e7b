"""A member of staff is asked to read the new policy, and acknowledges it, in a real browser."""

from __future__ import annotations

import pytest

from councilguard.core.roles import Role
from councilguard.policies.models import Acknowledgement
from councilguard.testing.browser import sign_in
from councilguard.testing.policies import make_policy
from councilguard.testing.world import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_read_and_acknowledge_the_policy_from_the_dashboard(phone, live_server):
    world = make_world("ashby")
    setup = make_policy(world)
    sign_in(phone, live_server, world, role="staff")
    phone.goto(f"{live_server.url}/c/{world.council.slug}/")
    phone.get_by_role("link", name="Computers and Phones (version 1.0)").click()
    phone.get_by_role("button", name="Acknowledge").click()
    # Not ticked: nothing recorded, and the page says why.
    assert "Tick the box" in phone.content()
    assert not Acknowledgement.objects.exists()
    phone.get_by_label("I have read version 1.0 of this policy and will follow it").check()
    phone.get_by_role("button", name="Acknowledge").click()
    phone.wait_for_url("**/policies/me/")
    assert "Acknowledged" in phone.locator("#my-policies").inner_text()
    ack = Acknowledgement.objects.get()
    assert (ack.person, ack.version) == (world.people[Role.STAFF], setup.in_force)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
