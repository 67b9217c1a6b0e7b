"""No dead ends: after an action a person lands where the thing they acted on is, a person's
page links to everything about them, and an empty choice says why and what to do instead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councilguard.core.roles import Role
from councilguard.devices.models import LossReport
from councilguard.devices.testing import make_charge, make_issued_device, when_lost
from councilguard.monitoring.testing import make_finding
from councilguard.testing.words import visible_text
from councilguard.testing.world import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world("ashby")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _issued_yesterday(world, serial: str):
    return make_issued_device(
        world, Role.STAFF, serial=serial, issued_at=timezone.now() - timedelta(days=1)
    )


def _url(name: str, **kwargs) -> str:
    return reverse(name, kwargs={"council": "ashby", **kwargs})


def test_a_loss_reported_for_a_colleague_lands_on_that_loss_and_so_does_its_police_number(
    world,
):
    device = _issued_yesterday(world, "PF3LOST1")
    clerk = _client(world.clerk)
    response = clerk.post(
        _url("devices:loss_report"),
        {
            "device": device.pk,
            "kind": "stolen",
            "what_happened": "Taken from the car.",
            "occurred_at": when_lost(),
        },
    )
    loss = LossReport.objects.get(device=device)
    assert response["Location"] == _url("devices:loss_detail", pk=loss.pk)
    page = visible_text(clerk.get(response["Location"]).content.decode())
    assert "The report is recorded and the clerks have been told." in page
    assert "when Staff member of Ashby has it" in page

    response = clerk.post(
        _url("devices:loss_police"), {"loss": loss.pk, "police_reference": "CAD 4411"}
    )
    assert response["Location"] == _url("devices:loss_detail", pk=loss.pk)
    assert "CAD 4411" in clerk.get(response["Location"]).content.decode()


def test_ones_own_loss_still_lands_on_my_devices(world):
    device = _issued_yesterday(world, "PF3LOST2")
    response = _client(world.staff).post(
        _url("devices:loss_report"),
        {
            "device": device.pk,
            "kind": "lost",
            "what_happened": "Left on the bus.",
            "occurred_at": when_lost(),
        },
    )
    assert response["Location"] == _url("devices:mine")


@pytest.mark.parametrize("role", [Role.STAFF, Role.COUNCILLOR])
def test_someone_holding_no_device_is_told_why_and_where_to_go(world, role):
    response = _client(world.users[role]).get(_url("devices:loss_report"))
    html = response.content.decode()
    text = visible_text(html)
    assert "The council's register shows no device issued to you" in text
    assert "tell the clerk at once" in text
    assert 'name="device"' not in html  # no empty list to choose from
    assert _url("incidents:incident_report") in html
    assert _url("devices:mine") in html


def test_a_persons_page_links_to_everything_about_them_the_clerk_may_see(world):
    staff = world.people[Role.STAFF]
    make_issued_device(world, Role.STAFF, serial="PF3HELD1")
    make_charge(world)
    make_finding(world, staff)
    html = _client(world.clerk).get(_url("people:person_detail", pk=staff.pk)).content.decode()
    about = html.split('id="about-person">')[1].split("</ul>")[0]
    assert [visible_text(item) for item in about.split("</li>") if item.strip()] == [
        "Vault access",
        "Council devices they hold (1 held)",
        "Charges statement (1 pending)",
        "Monitoring findings about them (1 to review)",
    ]
    assert _url("devices:statement", pk=staff.pk) in html
    assert _url("vault:person_access", pk=staff.pk) in html
    assert f"{_url('monitoring:finding_list')}?person={staff.pk}" in html


def test_a_line_manager_sees_only_the_links_their_role_opens(world):
    staff = world.people[Role.STAFF]
    html = _client(world.manager).get(_url("people:person_detail", pk=staff.pk)).content.decode()
    text = visible_text(html)
    assert "Charges statement" not in text
    assert "Vault access" not in text
    assert "Council devices they hold" not in text
