"""Members with a role but no entry on the people list, outside the device register: their own
pages say there is nothing of theirs, and every action on "my" things refuses them (the device
register's own pages are in devices/tests/test_members_off_the_people_list.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from councilguard.core.roles import Role
from councilguard.testing.audit import assert_not_audited
from councilguard.testing.policies import make_policy
from councilguard.testing.world import add_member_off_the_list


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("policies:my_acknowledge", {"confirm": "yes"}),
        ("policies:my_accept_remote_rules", {}),
    ],
)
def test_acknowledging_a_policy_refuses_a_member_off_the_list(client, world, name, data):
    version = make_policy(world).in_force
    client.force_login(add_member_off_the_list(world, Role.COUNCILLOR))
    url = reverse(name, kwargs={"council": world.council.slug, "pk": version.pk})
    with assert_not_audited(world.council):
        response = client.post(url, data)
    assert response.status_code == 403
    assert b"not on this council&#x27;s list of people" in response.content


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("phones:mine_number_add", {"number": "07700 900777", "label": "Home"}),
        ("phones:mine_number_remove", {"item": 0}),
    ],
)
def test_keeping_personal_numbers_refuses_a_member_off_the_list(client, world, name, data):
    client.force_login(add_member_off_the_list(world, Role.STAFF))
    with assert_not_audited(world.council):
        response = client.post(reverse(name, kwargs={"council": world.council.slug}), data)
    assert response.status_code == 403
    assert b"not on this council&#x27;s list of people" in response.content


@pytest.mark.parametrize("name", ["core:home", "policies:my_page", "phones:mine"])
def test_own_pages_open_for_a_member_off_the_list(client, world, name):
    client.force_login(add_member_off_the_list(world, Role.STAFF))
    response = client.get(reverse(name, kwargs={"council": world.council.slug}))
    assert response.status_code == 200
    # Nobody else's name appears as theirs.
    assert b"of Ashby" not in response.content
