"""The CCTV register (A "CCTV"): cameras and their aims, a viewing from request to approval to
the log to a disclosure, the retention check, and a request for one's own footage going to the
data requests register. Bad input is refused in words and changes nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.cctv import services
from councilguard.cctv.models import Camera, Disclosure, Viewing, ViewingRequest
from councilguard.cctv.testing import make_aim, make_approved_viewing, make_camera
from councilguard.cctv.waiting import waiting_items
from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.devices.approvals import add_cctv_aim, decide, retire_cctv_aim
from councilguard.devices.models import ApprovalKind, ApprovalRequest
from councilguard.devices.testing import make_device
from councilguard.rights.models import RightsRequest
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP

pytestmark = pytest.mark.django_db


def _camera_data(w, **changes) -> services.CameraData:
    values = {
        "name": "Car park", "site": "Town hall", "location": "Lamp post",
        "coverage": "The car park.", "retention_days": 14, "aims": [make_aim(w)],
    }  # fmt: skip
    return services.CameraData(**{**values, **changes})


def _clerk(w) -> Actor:
    return Actor.for_user(w.users[Role.CLERK])


def _page(client, w, name, **kwargs):
    return client.get(reverse(f"cctv:{name}", kwargs={"council": w.council.slug, **kwargs}))


# --- the register ---


@pytest.mark.parametrize(("days", "accepted"), [(0, False), (1, True), (366, True), (367, False)])
def test_footage_is_kept_for_1_to_366_days(world, days, accepted):
    data = _camera_data(world, retention_days=days)
    if accepted:
        assert services.add_camera(world.council, data, actor=SETUP).retention_days == days
    else:
        with pytest.raises(services.CctvError, match="footage is kept for 1 to 366 days"):
            services.add_camera(world.council, data, actor=SETUP)
        assert not Camera.objects.exists()


def test_a_camera_serves_aims_from_the_clerks_list_only(world, other_world):
    theirs = make_aim(other_world, "Counting traffic")
    with pytest.raises(services.CctvError, match="from the council's list"):
        services.add_camera(world.council, _camera_data(world, aims=[theirs]), actor=SETUP)
    retired = add_cctv_aim(world.council, "Watching the duck pond", actor=SETUP)
    retire_cctv_aim(retired, actor=SETUP)
    with pytest.raises(services.CctvError, match="from the council's list"):
        services.add_camera(world.council, _camera_data(world, aims=[retired]), actor=SETUP)
    with pytest.raises(services.CctvError, match="at least one"):
        services.add_camera(world.council, _camera_data(world, aims=[]), actor=SETUP)
    assert not Camera.objects.exists()


def test_the_device_must_be_a_cctv_camera_on_the_register(world):
    phone = make_device(world)
    with pytest.raises(services.CctvError, match="must be a CCTV camera"):
        services.add_camera(world.council, _camera_data(world, device=phone), actor=SETUP)
    camera_device = make_device(world, kind="cctv_camera")
    with assert_audited(world.council, Event.CCTV_CAMERA_ADDED):
        camera = services.add_camera(
            world.council, _camera_data(world, device=camera_device), actor=SETUP
        )
    assert camera.device == camera_device
    with pytest.raises(services.CctvError, match="already another camera"):
        services.add_camera(
            world.council, _camera_data(world, name="Gate", device=camera_device), actor=SETUP
        )


def test_a_change_is_audited_with_before_and_after_and_no_change_writes_nothing(world):
    camera = make_camera(world, retention_days=31)
    data = _camera_data(world, name=camera.name, site=camera.site, location=camera.location,
                        coverage=camera.coverage, signage=True, retention_days=14)  # fmt: skip
    with assert_audited(world.council, Event.CCTV_CAMERA_UPDATED):
        services.update_camera(camera, data, actor=SETUP)
    entry = AuditEntry.objects.filter(event=Event.CCTV_CAMERA_UPDATED).get()
    assert entry.changes == {"retention_days": [31, 14]}
    with assert_audited(world.council):
        services.update_camera(camera, data, actor=SETUP)


def test_the_register_downloads_as_csv_in_words(client, world):
    make_camera(world, name="Pavilion door")
    client.force_login(world.clerk)
    response = _page(client, world, "camera_export")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Camera,Site,Where on the site,What it covers,Records sound")
    assert lines[1].startswith("Pavilion door,Recreation ground,Above the pavilion door,")
    assert ",No,Yes,Prevention and detection of crime,31," in lines[1]
    assert AuditEntry.objects.filter(event=Event.CCTV_REGISTER_EXPORTED).count() == 1


# --- viewings ---


def _ask(w, camera, aim=None, **kw):
    now = timezone.now()
    values = {"period_start": now - timedelta(hours=10), "period_end": now - timedelta(hours=2),
              "reason": "A window was broken."}  # fmt: skip
    return services.request_viewing(
        w.people[Role.MANAGER], camera, aim=aim or make_aim(w), actor=SETUP, **{**values, **kw}
    )


def test_a_viewing_goes_from_request_to_approval_to_the_log_to_a_disclosure(client, world):
    camera = make_camera(world, name="Pavilion door")
    with assert_audited(world.council, Event.APPROVAL_REQUESTED, Event.CCTV_VIEWING_REQUESTED):
        item = _ask(world, camera)
    approval = item.approval
    assert approval.kind == ApprovalKind.CCTV_VIEWING
    assert approval.cctv_aim.text == "Prevention and detection of crime"
    assert approval.footage.startswith("Pavilion door, ")
    # Pending: footage may not be viewed yet.
    with pytest.raises(services.CctvError, match="not approved"):
        services.log_viewing(item, world.people[Role.MANAGER], viewed_at=timezone.now(),
                             footage="Ch 1", seen="Nothing.", outcome="nothing", actor=SETUP)  # fmt: skip
    approved_at = timezone.now() - timedelta(minutes=30)
    decide(approval, approve=True, note="", role="clerk", actor=_clerk(world), now=approved_at)
    # Not before the approval: one minute before is refused, the minute itself is accepted.
    with pytest.raises(services.CctvError, match="cannot be before the approval"):
        services.log_viewing(item, world.people[Role.MANAGER],
                             viewed_at=approved_at - timedelta(minutes=1), footage="Ch 1",
                             seen="Nothing.", outcome="nothing", actor=SETUP)  # fmt: skip
    with pytest.raises(services.CctvError, match="in the future"):
        services.log_viewing(item, world.people[Role.MANAGER],
                             viewed_at=timezone.now() + timedelta(minutes=5), footage="Ch 1",
                             seen="Nothing.", outcome="nothing", actor=SETUP)  # fmt: skip
    assert not Viewing.objects.exists()
    with assert_audited(world.council, Event.CCTV_FOOTAGE_VIEWED):
        viewing = services.log_viewing(
            item, world.people[Role.MANAGER], viewed_at=approved_at, footage="Ch 1, 01:00-02:00",
            seen="Two people force the door at 01:22.", outcome="evidence", actor=SETUP,
        )  # fmt: skip
    with assert_audited(world.council, Event.CCTV_FOOTAGE_DISCLOSED):
        first = services.record_disclosure(camera, services.DisclosureData(
            recipient="police", recipient_name="Shire Constabulary", footage="Ch 1",
            reason="Evidence.", disclosed_on=date(2026, 3, 2), their_reference="CRI/1",
            viewing=viewing,
        ), actor=SETUP, today=date(2026, 3, 2))  # fmt: skip
    second = services.record_disclosure(camera, services.DisclosureData(
        recipient="insurer", recipient_name="Parish Mutual", footage="Ch 1",
        reason="The claim.", disclosed_on=date(2026, 3, 9),
    ), actor=SETUP, today=date(2026, 3, 9))  # fmt: skip
    next_year = services.record_disclosure(camera, services.DisclosureData(
        recipient="police", recipient_name="Shire Constabulary", footage="Ch 1",
        reason="Again.", disclosed_on=date(2027, 1, 4),
    ), actor=SETUP, today=date(2027, 1, 4))  # fmt: skip
    assert [first.reference, second.reference, next_year.reference] == [
        "CCTV-2026-001", "CCTV-2026-002", "CCTV-2027-001",
    ]  # fmt: skip
    # The register and the camera's page show the viewing; the trail has every step.
    client.force_login(world.clerk)
    page = _page(client, world, "camera_detail", pk=camera.pk).content.decode()
    assert "Two people force the door" not in page  # the detail is on the viewing's page
    assert "relevant footage found and kept" in page
    assert "CCTV-2026-001" in page and "Shire Constabulary" in page
    detail = _page(client, world, "viewing_detail", pk=item.pk).content.decode()
    assert "Two people force the door at 01:22." in detail
    trail = client.get(reverse("audit:entry_list", kwargs={"council": world.council.slug}))
    text = trail.content.decode()
    for words in ("CCTV viewing requested", "CCTV footage viewed", "CCTV footage handed over"):
        assert words in text


def test_a_viewing_names_one_aim_the_camera_serves(world):
    camera = make_camera(world)
    other_aim = add_cctv_aim(world.council, "Safety of staff and visitors", actor=SETUP)
    with pytest.raises(services.CctvError, match="legitimate aims this camera serves"):
        _ask(world, camera, aim=other_aim)
    assert not ViewingRequest.objects.exists() and not ApprovalRequest.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (timedelta(hours=-2), timedelta(hours=-10), "after its start"),
        (timedelta(hours=-2), timedelta(hours=-2), "after its start"),
        (timedelta(hours=-2), timedelta(hours=1), "cannot end in the future"),
    ],
)
def test_a_period_in_the_wrong_order_or_the_future_is_refused(world, start, end, message):
    camera = make_camera(world)
    now = timezone.now()
    with pytest.raises(services.CctvError, match=message):
        _ask(world, camera, period_start=now + start, period_end=now + end)
    assert not ApprovalRequest.objects.exists()


def test_the_page_refuses_an_aim_not_on_the_list_in_words(client, world):
    camera = make_camera(world)
    client.force_login(world.manager)
    response = client.post(
        reverse("cctv:viewing_request", kwargs={"council": world.council.slug}),
        {"camera": camera.pk, "aim": 999999, "period_start": "2026-01-01T10:00",
         "period_end": "2026-01-01T09:00", "reason": "x"},
    )  # fmt: skip
    text = response.content.decode()
    assert response.status_code == 200
    assert "Choose one of the council&#x27;s legitimate aims" in text
    assert "The end of the period must be after its start" in text
    assert not ViewingRequest.objects.exists()


def test_a_viewing_sentence_is_at_most_300_characters(world):
    item = make_approved_viewing(world)
    when = timezone.now() - timedelta(minutes=1)
    args = {"viewed_at": when, "footage": "Ch 1", "outcome": "nothing", "actor": SETUP}
    with pytest.raises(services.CctvError, match="at most 300"):
        services.log_viewing(item, world.people[Role.MANAGER], seen="x" * 301, **args)
    assert services.log_viewing(item, world.people[Role.MANAGER], seen="x" * 300, **args)


def test_a_disclosure_in_the_future_is_refused(world):
    camera = make_camera(world)
    with pytest.raises(services.CctvError, match="cannot be in the future"):
        services.record_disclosure(camera, services.DisclosureData(
            recipient="police", recipient_name="Shire", footage="Ch 1", reason="x",
            disclosed_on=date(2026, 3, 3)), actor=SETUP, today=date(2026, 3, 2))  # fmt: skip
    assert not Disclosure.objects.exists()


# --- the retention check ---


@pytest.mark.parametrize(("recorder", "too_long"), [(30, False), (31, False), (32, True)])
def test_the_retention_check_lists_recorders_keeping_footage_too_long(
    client, world, recorder, too_long
):
    camera = make_camera(world, name="Pavilion door", retention_days=31)
    with assert_audited(world.council, Event.CCTV_RETENTION_CHECKED):
        services.record_retention_check(camera, recorder_days=recorder,
                                        checked_on=timezone.localdate(), actor=SETUP)  # fmt: skip
    client.force_login(world.clerk)
    page = _page(client, world, "retention").content.decode()
    listed = f"the recorder keeps {recorder} days, the register allows 31" in page
    assert listed is too_long
    membership = Membership.objects.get(user=world.clerk, council=world.council)
    titles = [i.title for i in waiting_items(membership, None, timezone.now())]
    assert ("Pavilion door's recorder keeps footage longer than the register allows" in titles) \
        is too_long  # fmt: skip


def test_a_camera_never_checked_waits_for_the_clerk(world):
    make_camera(world, name="Depot yard")
    clerk = Membership.objects.get(user=world.clerk, council=world.council)
    manager = Membership.objects.get(user=world.manager, council=world.council)
    now = timezone.now()
    assert [i.title for i in waiting_items(clerk, None, now)] == [
        "Check how long Depot yard's recorder keeps footage"
    ]
    assert waiting_items(manager, world.people[Role.MANAGER], now) == []


def test_an_approved_viewing_not_yet_logged_waits_for_the_requester(world):
    item = make_approved_viewing(world)
    manager = Membership.objects.get(user=world.manager, council=world.council)
    items = waiting_items(manager, world.people[Role.MANAGER], timezone.now())
    assert [i.title for i in items] == [f"Log your viewing of {item.camera.name} footage"]
    # Off the people list, nothing of theirs: and never everyone's.
    assert waiting_items(manager, None, timezone.now()) == []


# --- a person's own footage ---


def test_a_request_for_own_footage_is_a_subject_access_request(world):
    camera = make_camera(world, name="Car park", retention_days=14)
    end = timezone.make_aware(datetime(2026, 11, 2, 18, 0))
    data = services.OwnFootageData(
        received_on=date(2026, 11, 3), channel="email", period_start=end - timedelta(hours=2),
        period_end=end, requester_name="Jordan Hale", requester_contact="jh@example.net",
        description="Red coat",
    )  # fmt: skip
    with assert_audited(world.council, Event.RIGHTS_REQUEST_RECORDED,
                        Event.CCTV_OWN_FOOTAGE_REQUESTED):  # fmt: skip
        item = services.request_own_footage(camera, data, actor=SETUP,
                                            now=end + timedelta(days=1))  # fmt: skip
    rights = RightsRequest.objects.get()
    assert item.rights_request == rights
    assert rights.kind == "access" and rights.requester_name == "Jordan Hale"
    assert "Car park" in rights.details and "Red coat" in rights.details
    entry = AuditEntry.objects.get(event=Event.CCTV_OWN_FOOTAGE_REQUESTED)
    assert entry.changes["overwritten"] == "2026-11-16"


def test_a_request_without_a_name_changes_nothing(world):
    camera = make_camera(world)
    end = timezone.now() - timedelta(hours=1)
    data = services.OwnFootageData(received_on=timezone.localdate(), channel="email",
                                   period_start=end - timedelta(hours=1), period_end=end)  # fmt: skip
    with pytest.raises(services.CctvError, match="requester's name"):
        services.request_own_footage(camera, data, actor=SETUP)
    assert not RightsRequest.objects.exists()
