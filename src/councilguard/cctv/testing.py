"""CCTV register rows for tests and the permission matrix, made through the real services."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.utils import timezone

from councilguard.cctv.models import Camera, Outcome, Viewing, ViewingRequest
from councilguard.cctv.services import CameraData, add_camera, log_viewing, request_viewing
from councilguard.core.roles import Role
from councilguard.devices.approvals import add_cctv_aim, decide
from councilguard.devices.models import CctvAim
from councilguard.testing.world import SETUP, World

_names = itertools.count(1)
AIM = "Prevention and detection of crime"


def make_aim(world: World, text: str = AIM) -> CctvAim:
    existing = CctvAim.objects.filter(council=world.council, text=text).first()
    return existing or add_cctv_aim(world.council, text, actor=SETUP)


def make_camera(world: World, *, retention_days: int = 31, **extra) -> Camera:
    data = CameraData(
        name=extra.pop("name", f"Camera {next(_names)}"),
        site="Recreation ground",
        location="Above the pavilion door",
        coverage="The pavilion door and its path.",
        retention_days=retention_days,
        aims=[make_aim(world)],
        signage=True,
        **extra,
    )
    return add_camera(world.council, data, actor=SETUP)


def make_viewing_request(world: World, camera: Camera | None = None) -> ViewingRequest:
    """A pending request by the manager for last night's footage, asked two hours ago."""
    now = timezone.now()
    camera = camera or make_camera(world)
    return request_viewing(
        world.people[Role.MANAGER], camera, aim=make_aim(world),
        period_start=now - timedelta(hours=12), period_end=now - timedelta(hours=4),
        reason="The door was forced.", actor=SETUP, now=now - timedelta(hours=2),
    )  # fmt: skip


def make_approved_viewing(world: World, camera: Camera | None = None) -> ViewingRequest:
    """As above, approved by the clerk an hour ago."""
    item = make_viewing_request(world, camera)
    from councilguard.audit.actors import Actor

    decide(item.approval, approve=True, note="", role="clerk",
           actor=Actor.for_user(world.users[Role.CLERK]),
           now=timezone.now() - timedelta(hours=1))  # fmt: skip
    return item


def make_viewing(world: World, viewer: Role = Role.MANAGER) -> Viewing:
    item = make_approved_viewing(world)
    return log_viewing(
        item, world.people[viewer], viewed_at=timezone.now() - timedelta(minutes=30),
        footage="Channel 1, 01:00 to 02:00", seen="Two people at the door at 01:20.",
        outcome=Outcome.EVIDENCE, actor=SETUP,
    )  # fmt: skip


def make_disclosure(world: World):
    from councilguard.cctv.services import DisclosureData, record_disclosure

    return record_disclosure(
        make_camera(world),
        DisclosureData(recipient="police", recipient_name="Shire Constabulary",
                       footage="Channel 1", reason="A break-in.",
                       disclosed_on=timezone.localdate()),
        actor=SETUP,
    )  # fmt: skip
