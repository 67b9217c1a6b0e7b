"""The demo council's CCTV: three cameras, a viewing asked for, approved, logged and handed to
the police (the devices demo has one pending), one recorder found keeping footage too long,
and a resident's request for footage of themselves on the data requests register."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from councilguard.accounts.models import User
from councilguard.audit.actors import Actor
from councilguard.cctv.models import Outcome, Recipient
from councilguard.cctv.services import (
    CameraData,
    DisclosureData,
    OwnFootageData,
    add_camera,
    log_viewing,
    record_disclosure,
    record_retention_check,
    request_own_footage,
    request_viewing,
)
from councilguard.core.models import Council
from councilguard.devices.approvals import decide
from councilguard.devices.models import CctvAim, Device
from councilguard.people.models import Person


def load_cctv_demo(council: Council, people: dict[str, Person], actor: Actor) -> None:
    now = timezone.now()
    today = timezone.localdate()
    clerk = Actor.for_user(User.objects.get(email="clerk@ashcombe.example"))
    manager = Actor.for_user(User.objects.get(email="operations@ashcombe.example"))
    aims = {a.text: a for a in CctvAim.objects.filter(council=council)}
    crime, safety, property_ = (
        aims["Prevention and detection of crime"],
        aims["Safety of staff and visitors"],
        aims["Protection of council property"],
    )
    pavilion = add_camera(council, CameraData(
        name="Pavilion door", site="Recreation ground pavilion", location="Above the main door",
        coverage="The pavilion's main door and the path to it; no neighbouring gardens.",
        retention_days=31, aims=[crime, property_], signage=True,
        impact_assessment="DPIA-2025-04",
        device=Device.objects.filter(council=council, serial="HIK-CAM-01").first(),
    ), actor=clerk)  # fmt: skip
    car_park = add_camera(council, CameraData(
        name="Car park", site="Town hall", location="On the lamp post by the entrance",
        coverage="The town hall car park and its entrance from Mill Lane.",
        retention_days=14, aims=[crime, safety], signage=True, impact_assessment="DPIA-2025-05",
    ), actor=clerk)  # fmt: skip
    add_camera(council, CameraData(
        name="Depot yard", site="Council depot", location="Corner of the workshop",
        coverage="The depot yard and the gate.", retention_days=30, aims=[property_],
        signage=False,
    ), actor=clerk)  # fmt: skip
    record_retention_check(pavilion, recorder_days=31, checked_on=today - timedelta(days=40),
                           actor=clerk)  # fmt: skip
    record_retention_check(car_park, recorder_days=60, checked_on=today - timedelta(days=3),
                           actor=clerk)  # fmt: skip

    # Vandalism at the pavilion: the operations manager asks, the clerk approves, the footage
    # is viewed and handed to the police.
    night = now.replace(hour=22, minute=0, second=0, microsecond=0) - timedelta(days=7)
    asked = now - timedelta(days=5)
    viewing = request_viewing(
        people["operations@ashcombe.example"], pavilion, aim=crime,
        period_start=night, period_end=night + timedelta(hours=8),
        reason="The pavilion door was forced overnight; the police asked for footage.",
        actor=manager, now=asked,
    )  # fmt: skip
    decide(viewing.approval, approve=True, note="For the police report.", role="clerk",
           actor=clerk, now=asked + timedelta(hours=2))  # fmt: skip
    viewed = log_viewing(
        viewing, people["operations@ashcombe.example"], viewed_at=asked + timedelta(hours=3),
        footage="Recorder channel 1, 01:10 to 01:40",
        seen="Two people force the door at 01:22 and leave on bicycles at 01:31.",
        outcome=Outcome.EVIDENCE, actor=manager, now=asked + timedelta(hours=4),
    )  # fmt: skip
    record_disclosure(pavilion, DisclosureData(
        recipient=Recipient.POLICE, recipient_name="Shire Constabulary",
        their_reference="CRI/2026/11873", footage="Channel 1, 01:10 to 01:40, on a USB stick",
        reason="Evidence of the break-in, at the police's written request.",
        disclosed_on=today - timedelta(days=4), viewing=viewed,
    ), actor=clerk)  # fmt: skip
    request_own_footage(car_park, OwnFootageData(
        received_on=today - timedelta(days=1), channel="email",
        period_start=now - timedelta(days=2, hours=2), period_end=now - timedelta(days=2),
        requester_name="Jordan Hale", requester_contact="jordan.hale@example.net",
        description="Red coat, parked a blue estate car near the entrance.",
    ), actor=clerk)  # fmt: skip
