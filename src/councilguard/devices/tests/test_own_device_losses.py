"""Own devices (B 2.2.4 to 2.2.9): reported lost, stolen or inappropriately accessed with the
same incident, wipe task and clocks as a council device; IMEI and SIM kept on file; the duties
confirmed, dated, and asked again when the council's renewal period runs out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from councilguard.audit.events import Event
from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.devices.models import DutyConfirmation, LossReport, OwnDeviceDuty, Task
from councilguard.devices.services import (
    DeviceError,
    LossData,
    confirm_duties,
    decide_reimbursement,
    register_own_device,
    report_own_device_loss,
    update_settings,
)
from councilguard.devices.waiting import waiting_items
from councilguard.incidents.models import IncidentKind
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP

IMEI = "352099001761481"
SIM = "8944110000000000042"


def _url(world, name, **kwargs):
    return reverse(f"devices:{name}", kwargs={"council": world.council.slug, **kwargs})


def _membership(world, role):
    return Membership.objects.get(council=world.council, user=world.users[role])


def _minute(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M}"


def test_a_councillor_reports_their_own_phone_lost_and_the_clerk_gets_the_same_loss(client, world):
    councillor = world.people[Role.COUNCILLOR]
    client.force_login(world.councillor)
    # Issue 17's dead end: with no council device, the page sends them to register their own.
    page = client.get(_url(world, "loss_report")).content.decode()
    assert "register it as your own device" in page

    with assert_audited(world.council, Event.OWN_DEVICE_REGISTERED):
        client.post(
            _url(world, "own_device_create"),
            {
                "kind": "phone",
                "description": "My Pixel 8",
                "imei": "35 209900 176148 1",
                "sim_number": SIM,
                "accept": "on",
            },
        )
    own = councillor.own_devices.get()
    assert (own.imei, own.sim_number) == (IMEI, SIM)

    # Now the report offers it, as their own device.
    page = client.get(_url(world, "loss_report")).content.decode()
    assert f"My Pixel 8: own device of {councillor}" in page
    lost_at = timezone.now() - timedelta(hours=3)
    with assert_audited(world.council, Event.INCIDENT_OPENED, Event.DEVICE_LOSS_REPORTED):
        response = client.post(
            _url(world, "loss_report"),
            {
                "device": f"own-{own.pk}",
                "kind": "stolen",
                "what_happened": "Taken from my coat at the station.",
                "occurred_at": _minute(lost_at),
            },
        )
    assert response["Location"] == _url(world, "mine")
    loss = LossReport.objects.get()
    assert (loss.own_device, loss.device, loss.person) == (own, None, councillor)
    assert loss.police_due_at == loss.occurred_at + timedelta(hours=24)
    assert loss.insurance_excess == 0
    assert loss.incident.kind == IncidentKind.LOST_DEVICE
    assert loss.incident.source_ref == f"devices.owndevice:{own.pk}"
    tasks = {(t.title, t.person_id) for t in Task.objects.filter(own_device=own)}
    assert tasks == {
        (f"Wipe the work profile or council data from My Pixel 8 ({councillor}) remotely", None),
        (f"Ask your provider to block My Pixel 8 (IMEI {IMEI}, SIM {SIM})", councillor.pk),
    }
    # The police number waits for the councillor, on their page and their dashboard.
    mine = client.get(_url(world, "mine")).content.decode()
    assert "My Pixel 8" in mine and "Police incident number" in mine
    items = waiting_items(_membership(world, Role.COUNCILLOR), councillor, timezone.now())
    assert any(i.key == f"devices.police:{loss.pk}:mine" for i in items)

    # The clerk sees the same loss with the numbers to block it; nothing to reimburse.
    client.force_login(world.clerk)
    detail = client.get(_url(world, "loss_detail", pk=loss.pk)).content.decode()
    assert IMEI in detail and SIM in detail and "own device, used for council work" in detail
    assert "Decide on reimbursement" not in detail
    with pytest.raises(DeviceError, match="nothing to reimburse"):
        decide_reimbursement(loss, "excess_only", note="", actor=SETUP)


def test_an_own_device_inappropriately_accessed_opens_a_breach_and_a_wipe_without_police(world):
    staff = world.people[Role.STAFF]
    own = register_own_device(staff, kind="laptop", description="Home laptop", actor=SETUP)
    loss = report_own_device_loss(
        own,
        LossData(kind="accessed", what_happened="My nephew opened my council e-mail."),
        actor=SETUP,
    )
    assert loss.police_due_at is None and not loss.police_overdue()
    assert loss.incident.kind == IncidentKind.DATA_BREACH
    assert loss.incident.detected_at is not None  # the 72 hours run
    assert list(Task.objects.filter(own_device=own).values_list("title", flat=True)) == [
        f"Wipe the work profile or council data from Home laptop ({staff}) remotely"
    ]
    clerk = _membership(world, Role.CLERK)
    assert not [i for i in waiting_items(clerk, None, timezone.now()) if "police" in i.key]


def test_an_own_device_loss_cannot_be_in_the_future_or_of_a_device_no_longer_used(world):
    staff = world.people[Role.STAFF]
    own = register_own_device(staff, kind="phone", description="Old phone", actor=SETUP)
    with pytest.raises(DeviceError, match="cannot be in the future"):
        report_own_device_loss(
            own,
            LossData(
                kind="lost", what_happened="?", occurred_at=timezone.now() + timedelta(hours=1)
            ),
            actor=SETUP,
        )
    from councilguard.devices.leavers import attest_deletion

    attest_deletion(own, actor=SETUP)
    with pytest.raises(DeviceError, match="no longer used for council work"):
        report_own_device_loss(own, LossData(kind="lost", what_happened="?"), actor=SETUP)
    assert not LossReport.objects.exists()


def test_the_imei_and_sim_are_kept_on_file_and_a_bad_imei_is_refused(client, world):
    own = register_own_device(world.people[Role.STAFF], kind="phone", description="P", actor=SETUP)
    client.force_login(world.staff)
    url = _url(world, "own_device_numbers")
    with assert_audited(world.council):
        page = client.post(url, {"own_device": own.pk, "imei": "1234", "sim_number": SIM})
    assert "should have 15 digits" in page.content.decode()
    with assert_audited(world.council, Event.OWN_DEVICE_NUMBERS_CHANGED):
        client.post(url, {"own_device": own.pk, "imei": IMEI, "sim_number": SIM})
    own.refresh_from_db()
    assert (own.imei, own.sim_number) == (IMEI, SIM)
    with assert_audited(world.council):  # the same again changes nothing
        client.post(url, {"own_device": own.pk, "imei": IMEI, "sim_number": SIM})


CONFIRMED = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


def _duty_items(world, now):
    staff = _membership(world, Role.STAFF)
    items = waiting_items(staff, world.people[Role.STAFF], now)
    return [(i.title, i.urgency.value) for i in items if i.key.startswith("devices.duties")]


def test_the_duties_are_confirmed_dated_and_asked_again_after_a_year(client, world):
    # The council's default, stated: the duties are confirmed again every 365 days.
    from councilguard.devices.services import settings_for

    assert settings_for(world.council).duties_renew_days == 365
    own = register_own_device(
        world.people[Role.STAFF], kind="phone", description="My Pixel", actor=SETUP, now=CONFIRMED
    )
    # Never confirmed: asked at once, due a week after registering.
    assert _duty_items(world, CONFIRMED) == [
        ("Confirm the duties for using My Pixel for council work", "soon")
    ]
    client.force_login(world.staff)
    page = client.get(_url(world, "own_device_duties") + f"?own_device={own.pk}").content.decode()
    assert "I keep council data out of my personal cloud storage (B 2.2.5)" in page
    with assert_audited(world.council, Event.OWN_DEVICE_DUTIES_CONFIRMED):
        client.post(
            _url(world, "own_device_duties"),
            {"own_device": own.pk, "duties": list(OwnDeviceDuty.values)},
        )
    assert DutyConfirmation.objects.filter(own_device=own).count() == 7

    # Confirmed by the service at a known time: the renewal is 365 days on; the reminder
    # starts 30 days before it (at, below and above).
    confirm_duties(own, list(OwnDeviceDuty.values), actor=SETUP, now=CONFIRMED)
    DutyConfirmation.objects.filter(own_device=own, confirmed_at__gt=CONFIRMED).delete()
    due = CONFIRMED + timedelta(days=365)
    assert _duty_items(world, due - timedelta(days=30, seconds=1)) == []
    again = "Confirm again the duties for using My Pixel for council work"
    assert _duty_items(world, due - timedelta(days=30)) == [(again, "soon")]
    assert _duty_items(world, due + timedelta(seconds=1)) == [(again, "overdue")]
    # A shorter council setting brings it forward.
    update_settings(world.council, {"duties_renew_days": 180}, actor=SETUP)
    assert _duty_items(world, CONFIRMED + timedelta(days=150)) == [(again, "soon")]


def test_a_duty_left_unticked_keeps_the_device_due(world):
    own = register_own_device(
        world.people[Role.STAFF], kind="phone", description="My Pixel", actor=SETUP, now=CONFIRMED
    )
    confirm_duties(own, [OwnDeviceDuty.SECURE_WIFI], actor=SETUP, now=CONFIRMED)
    later = CONFIRMED + timedelta(days=8)
    assert _duty_items(world, later) == [
        ("Confirm the duties for using My Pixel for council work", "overdue")
    ]
    with pytest.raises(DeviceError, match="tick the duties"):
        confirm_duties(own, [], actor=SETUP)
