"""The 24-hour police clock runs from the loss, not from the report (A "Lost or Stolen"): at,
below and above 24 hours, and the form's checks of when it was lost or last seen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.devices.models import LossReport
from councilguard.devices.services import DeviceError, LossData, issue_device, report_loss
from councilguard.devices.testing import make_device
from councilguard.devices.waiting import waiting_items
from councilguard.testing.world import SETUP

ISSUED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
REPORTED = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _membership(world, role):
    return Membership.objects.get(council=world.council, user=world.users[role])


def _phone(world):
    device = make_device(world)
    issue_device(device, world.people[Role.STAFF], actor=SETUP, condition="good", now=ISSUED)
    return device


def _report(world, lost_at):
    return report_loss(
        _phone(world),
        LossData(kind="lost", what_happened="Left on the bus.", occurred_at=lost_at),
        actor=SETUP,
        now=REPORTED,
    )


@pytest.mark.parametrize(
    ("before_report", "late"),
    [
        (timedelta(hours=23, minutes=59, seconds=59), False),  # one second inside the 24 hours
        (timedelta(hours=24), False),  # exactly 24 hours: due at the moment of the report
        (timedelta(hours=24, seconds=1), True),  # one second past: overdue at once
    ],
)
def test_the_clock_starts_at_the_loss(world, before_report, late):
    loss = _report(world, REPORTED - before_report)
    assert loss.police_due_at == REPORTED - before_report + timedelta(hours=24)
    assert loss.reported_late is late
    assert loss.police_overdue(REPORTED) is late


def test_a_report_with_no_time_of_loss_starts_the_clock_at_the_report(world):
    loss = _report(world, None)
    assert loss.police_due_at == datetime(2026, 3, 11, 12, 0, tzinfo=UTC)
    assert not loss.reported_late


def test_a_late_report_is_overdue_on_the_dashboard_at_once(world):
    loss = _report(world, REPORTED - timedelta(hours=30))
    clerk = _membership(world, Role.CLERK)
    items = [i for i in waiting_items(clerk, None, REPORTED) if i.key.startswith("devices.police")]
    assert [(i.title, i.urgency.value) for i in items] == [
        (f"Police number for {loss.person}'s lost mobile phone is overdue", "overdue")
    ]
    # The holder's own item is overdue too.
    staff = _membership(world, Role.STAFF)
    mine = waiting_items(staff, world.people[Role.STAFF], REPORTED)
    assert [i.urgency.value for i in mine if i.key.startswith("devices.police")] == ["overdue"]


def test_a_report_inside_the_24_hours_is_only_due_soon(world):
    _report(world, REPORTED - timedelta(hours=23))
    clerk = _membership(world, Role.CLERK)
    items = [i for i in waiting_items(clerk, None, REPORTED) if i.key.startswith("devices.police")]
    assert [i.urgency.value for i in items] == ["soon"]


def test_the_loss_cannot_be_in_the_future_or_before_the_device_was_issued(world):
    device = _phone(world)
    for when, words in (
        (REPORTED + timedelta(seconds=1), "cannot be in the future"),
        (ISSUED - timedelta(seconds=1), "before the device was issued"),
    ):
        with pytest.raises(DeviceError, match=words):
            report_loss(
                device,
                LossData(kind="lost", what_happened="Gone.", occurred_at=when),
                actor=SETUP,
                now=REPORTED,
            )
    assert not LossReport.objects.exists()
    # At the moment of issue, and at the moment of the report, are both allowed.
    report_loss(
        device,
        LossData(kind="lost", what_happened="Gone.", occurred_at=ISSUED),
        actor=SETUP,
        now=REPORTED,
    )


def _form(device, lost_at) -> dict:
    return {
        "device": device.pk,
        "kind": "stolen",
        "what_happened": "Taken from my bag.",
        "occurred_at": f"{timezone.localtime(lost_at):%Y-%m-%dT%H:%M}",
    }


def test_the_form_asks_when_and_refuses_a_time_to_come(client, world):
    device = make_device(world)
    issue_device(device, world.people[Role.STAFF], actor=SETUP, condition="good")
    client.force_login(world.staff)
    url = reverse("devices:loss_report", kwargs={"council": world.council.slug})
    page = client.get(url).content.decode()
    assert "When was it lost, or when did you last see it?" in page
    missing = {k: v for k, v in _form(device, timezone.now()).items() if k != "occurred_at"}
    assert "Enter when it was lost or last seen" in client.post(url, missing).content.decode()
    future = client.post(url, _form(device, timezone.now() + timedelta(hours=2)))
    assert "cannot be in the future" in future.content.decode()
    before = client.post(url, _form(device, timezone.now() - timedelta(days=3)))
    assert "before the device was issued" in before.content.decode()
    assert not LossReport.objects.exists()


def test_a_late_report_tells_the_reporter_and_the_clerk(
    client, world, django_capture_on_commit_callbacks
):
    device = make_device(world, sim_number="8944110000000000001")
    issue_device(
        device,
        world.people[Role.STAFF],
        actor=SETUP,
        condition="good",
        now=timezone.now() - timedelta(days=10),
    )
    client.force_login(world.staff)
    url = reverse("devices:loss_report", kwargs={"council": world.council.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, _form(device, timezone.now() - timedelta(hours=50)), follow=True
        )
    assert "report it to the police now" in response.content.decode()
    loss = LossReport.objects.get()
    assert loss.reported_late and loss.police_overdue()
    body = mail.outbox[-1].body
    assert "Reported 50 hours after it was lost or last seen" in body
    assert "have already run out" in body
    client.force_login(world.clerk)
    detail = client.get(
        reverse("devices:loss_detail", kwargs={"council": world.council.slug, "pk": loss.pk})
    ).content.decode()
    assert "ran out before the council heard of it" in detail
