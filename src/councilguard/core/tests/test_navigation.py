"""A menu that fits: grouped by what people do, at most seven entries on its top row for any
role, the open group's pages in a second row."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from councilguard.core.context_processors import NAVIGATION, grouped
from councilguard.core.roles import Role, role_can
from councilguard.testing.words import visible_text
from councilguard.testing.world import make_world

TOP_ROWS = {
    Role.CLERK: [
        "Dashboard",
        "My things",
        "People and policies",
        "Devices",
        "Monitoring",
        "Security",
        "Administration",
    ],
    Role.MANAGER: [
        "Dashboard",
        "My things",
        "People and policies",
        "Devices",
        "Monitoring",
        "Vault",
    ],
    Role.STAFF: ["Dashboard", "My things", "Policies", "Vault"],
    Role.COUNCILLOR: ["Dashboard", "My things", "Policies", "Vault"],
}


def _top_row(role: Role) -> list[str]:
    items = [
        {"label": label, "url": f"/{name}", "active": False, "name": name}
        for label, name, action in NAVIGATION
        if role_can(role, action)
    ]
    return [entry["label"] for entry in grouped(items)[0]]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_no_role_has_more_than_seven_entries_on_the_menu(role):
    assert 1 <= len(_top_row(role)) <= 7


@pytest.mark.parametrize("role", list(TOP_ROWS), ids=lambda r: r.value)
def test_each_role_sees_the_groups_it_works_in(role):
    assert _top_row(role) == TOP_ROWS[role]


@pytest.mark.django_db
def test_the_open_groups_pages_are_a_second_row_and_the_group_is_marked_open():
    world = make_world("ashby")
    client = Client()
    client.force_login(world.clerk)
    html = client.get("/c/ashby/devices/").content.decode()
    menu = html.split('aria-label="Menu"')[1].split("</nav>")[0]
    assert re.search(r'aria-current="(?:page|true)">\s*<strong[^>]*>Devices</strong>', menu)
    section = html.split('aria-label="Pages in this part"')[1].split("</nav>")[0]
    assert visible_text(section.split(">", 1)[1]) == "Devices Approvals Charges Leavers CCTV"
    # On the dashboard no group is open: one row only.
    assert 'aria-label="Pages in this part"' not in client.get("/c/ashby/").content.decode()
