"""The log of CCTV footage viewed and handed over in the retention schedule (C19, B 5.1.3):
six years after, each record goes; a held viewer's viewings stay with what was handed over from
them, and a viewing stays while a disclosure still kept refers to it."""

from __future__ import annotations

import datetime as dt

import pytest

from councilguard.cctv.models import Disclosure, Viewing
from councilguard.cctv.services import DisclosureData, record_disclosure
from councilguard.cctv.testing import make_camera, make_viewing
from councilguard.core.roles import Role
from councilguard.monitoring.testing import make_hold
from councilguard.people.patterns import LONDON
from councilguard.retention import services
from councilguard.testing.world import SETUP

TODAY = dt.date(2026, 6, 1)
# 2,190 days (six years of 365) before 1 June 2026: what dates from before 2 June 2020 is due.
FIRST_KEPT_DAY = dt.date(2020, 6, 2)
FIRST_KEPT = dt.datetime(2020, 6, 2, tzinfo=LONDON)


def line(run):
    return next(item for item in run.lines if item["kind"] == "cctv.viewing_log")


def viewed(world, at: dt.datetime, viewer: Role = Role.MANAGER) -> Viewing:
    viewing = make_viewing(world, viewer)
    Viewing.objects.filter(pk=viewing.pk).update(viewed_at=at)
    return viewing


def handed_over(world, on: dt.date, viewing: Viewing | None = None) -> Disclosure:
    data = DisclosureData(recipient="police", recipient_name="Shire Constabulary",
                          footage="Channel 1", reason="A break-in.",
                          disclosed_on=dt.date(2026, 1, 5), viewing=viewing)  # fmt: skip
    camera = viewing.request.camera if viewing else make_camera(world)
    disclosure = record_disclosure(camera, data, actor=SETUP)
    Disclosure.objects.filter(pk=disclosure.pk).update(disclosed_on=on)
    return disclosure


@pytest.mark.parametrize(
    ("viewed_at", "goes"),
    [
        (FIRST_KEPT - dt.timedelta(seconds=1), True),
        (FIRST_KEPT, False),
        (FIRST_KEPT + dt.timedelta(days=1), False),
    ],
)
def test_a_viewing_goes_six_years_after(world, data_dir, viewed_at, goes):
    viewing = viewed(world, viewed_at)
    run = services.run(world.council, actor=SETUP, today=TODAY)
    assert Viewing.objects.filter(pk=viewing.pk).exists() is not goes
    assert (line(run)["due"], line(run)["deleted"]) == ((1, 1) if goes else (0, 0))


@pytest.mark.parametrize(
    ("disclosed_on", "goes"),
    [
        (FIRST_KEPT_DAY - dt.timedelta(days=1), True),
        (FIRST_KEPT_DAY, False),
        (FIRST_KEPT_DAY + dt.timedelta(days=1), False),
    ],
)
def test_a_disclosure_goes_six_years_after(world, data_dir, disclosed_on, goes):
    disclosure = handed_over(world, disclosed_on)
    run = services.run(world.council, actor=SETUP, today=TODAY)
    assert Disclosure.objects.filter(pk=disclosure.pk).exists() is not goes
    assert line(run)["deleted"] == (1 if goes else 0)


def test_a_viewing_stays_while_a_disclosure_from_it_is_kept(world, data_dir):
    old = viewed(world, dt.datetime(2019, 3, 1, tzinfo=LONDON))
    handed_over(world, dt.date(2021, 1, 10), viewing=old)
    run = services.run(world.council, actor=SETUP, today=TODAY)
    assert (line(run)["due"], line(run)["deleted"]) == (1, 0)
    assert line(run)["kept"] == [{"for": "a disclosure still kept refers to it", "count": 1}]
    assert Viewing.objects.filter(pk=old.pk).exists()


def test_a_held_viewers_viewings_stay_with_what_was_handed_over_from_them(world, data_dir):
    old = viewed(world, dt.datetime(2019, 3, 1, tzinfo=LONDON))
    handed_over(world, dt.date(2019, 3, 2), viewing=old)
    other = viewed(world, dt.datetime(2019, 4, 1, tzinfo=LONDON), viewer=Role.STAFF)
    hold = make_hold(world, Role.MANAGER)
    run = services.run(world.council, actor=SETUP, today=TODAY)
    assert (line(run)["due"], line(run)["deleted"]) == (3, 1)
    assert line(run)["kept"] == [{"for": hold.reason, "count": 2}]
    assert Viewing.objects.filter(pk=old.pk).exists()
    assert Disclosure.objects.filter(viewing=old).exists()
    assert not Viewing.objects.filter(pk=other.pk).exists()
