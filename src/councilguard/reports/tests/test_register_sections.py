"""The committee pack's sections for CCTV, social media and display screens (C21 to C23, C27):
each app declares its section on its AppConfig; the figures are counted here from what the
test made, and no person is named in them."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from councilguard.cctv import testing as cctv
from councilguard.cctv.committee import TOO_LONG, UNCHECKED, WITHIN, retention_state
from councilguard.cctv.models import Camera
from councilguard.cctv.services import record_retention_check
from councilguard.core.contributions import Period, committee_sections
from councilguard.core.roles import Role
from councilguard.dse import testing as dse
from councilguard.dse.committee import DUE_SOON_WORDS, NOT_DUE, OVERDUE, _by_date
from councilguard.reports.services import pack_html
from councilguard.socialmedia import services as social
from councilguard.socialmedia.models import Enquiry
from councilguard.testing.world import SETUP


def _last_sixty_days() -> Period:
    # UK time, as the registers date their entries: in summer an hour before UK midnight is
    # already tomorrow's date in the UK.
    now = timezone.localtime()
    return Period(start=now - timedelta(days=60), end=now + timedelta(days=1), label="test")


def _cameras(world) -> None:
    today = timezone.localdate()
    too_long = cctv.make_camera(world, name="Car park", retention_days=31)
    record_retention_check(too_long, recorder_days=32, checked_on=today, actor=SETUP)
    cctv.make_camera(world, name="Pavilion")  # never checked
    exact = cctv.make_camera(world, name="Allotments", retention_days=31)
    record_retention_check(exact, recorder_days=31, checked_on=today, actor=SETUP)
    cctv.make_viewing(world)  # a fourth camera, never checked, viewed half an hour ago
    cctv.make_disclosure(world)  # a fifth, never checked, footage handed to the police today


def _social(world) -> None:
    now, today = timezone.now(), timezone.localdate()
    old = social.report_post(
        world.council, url="https://social.example/post/old", platform="x",
        concern="Insults the clerk.", reporter=world.people[Role.STAFF], actor=SETUP,
        now=now - timedelta(days=20),
    )  # fmt: skip
    # Asked ten days ago, followed up after seven: three days past its day.
    social.request_removal(old, asked_of="Jo Poster", asked_on=today - timedelta(days=10),
                           actor=SETUP)  # fmt: skip
    social.request_removal(
        social.report_post(world.council, url="https://social.example/post/new", platform="x",
                           concern="Names a resident.", reporter=None, actor=SETUP),
        asked_of="Sam Poster", asked_on=today, actor=SETUP,
    )  # fmt: skip
    social.report_post(world.council, url="https://social.example/post/3", platform="facebook",
                       concern="Rude.", reporter=None, actor=SETUP)  # fmt: skip

    def enquiry(journalist, days_ago, answer_by):
        return social.record_enquiry(world.council, social.EnquiryData(
            outlet="Ashby Gazette", journalist=journalist, contact="desk@gazette.example",
            question="Why?", received_at=now - timedelta(days=days_ago), answer_by=answer_by,
        ), actor=SETUP)  # fmt: skip

    late = enquiry("Kim Parry", 5, today - timedelta(days=3))
    social.answer_enquiry(late, answer="Because.", answered_on=today - timedelta(days=1),
                          actor=SETUP)  # fmt: skip
    enquiry("Lee Hart", 5, today - timedelta(days=2))  # not answered, past its date
    enquiry("Ola Reid", 0, None)  # not answered, two days to go


def _screens(world) -> None:
    dse.make_screen_user(world, Role.STAFF)  # on the register 400 days, never tested: overdue
    dse.make_taken_test(world, world.people[Role.COUNCILLOR])  # tested today: not due
    dse.make_assessment(world, world.people[Role.COUNCILLOR])
    dse.make_offer(world, world.people[Role.MANAGER])  # offered today, no answer yet


def test_the_pack_has_a_section_from_each_register_with_the_figures(world):
    _cameras(world)
    _social(world)
    _screens(world)
    sections = {s.title: s for s in committee_sections(world.council, _last_sixty_days())}

    assert sections["CCTV"].figures == {
        "cctv.cameras": 5,
        "cctv.viewings": 1,
        "cctv.disclosures": 1,
        "cctv.keeps_too_long": 1,
        "cctv.unchecked": 3,
    }
    assert sections["Social media"].figures == {
        "social.reports": 3,
        "social.removals_overdue": 1,
        "social.enquiries": 3,
        "social.enquiries_answered_late": 1,
        "social.enquiries_waiting": 2,
    }
    assert sections["Display screen equipment"].figures == {
        "dse.users": 3,
        "dse.tests_overdue": 1,
        "dse.tests_due_soon": 0,
        "dse.assessments_overdue": 2,
        "dse.tests_taken": 1,
    }
    assert Enquiry.objects.filter(council=world.council).count() == 3


def test_the_printed_sections_name_nobody(world):
    _cameras(world)
    _social(world)
    _screens(world)
    page, _ = pack_html(world.council, _last_sixty_days(), printed_at=timezone.now())
    text = html.unescape(page)
    for heading in ("CCTV", "Social media", "Display screen equipment"):
        assert f">{heading}<" in text or f"{heading}</" in text, heading
    assert "Keeps footage too long" in text and "Removal requests past their follow-up day" in text
    names = [p.full_name for p in world.people.values()]
    names += ["Jo Poster", "Sam Poster", "Kim Parry", "Lee Hart", "Ola Reid"]
    start = text.index("CCTV</")
    named = [name for name in names if name in text[start:]]
    assert not named, f"the pack names {named}"


def test_a_council_with_none_of_it_gets_sections_that_say_so(world):
    sections = {s.title: s for s in committee_sections(world.council, _last_sixty_days())}
    assert sections["CCTV"].figures["cctv.cameras"] == 0
    assert sections["CCTV"].charts == []
    assert sections["Social media"].figures["social.reports"] == 0
    assert sections["Display screen equipment"].figures["dse.users"] == 0


@pytest.mark.parametrize(
    ("recorder_days", "checked_days_ago", "state"),
    [
        (30, 0, WITHIN),
        (31, 0, WITHIN),  # exactly the register's days
        (32, 0, TOO_LONG),
        (31, 365, WITHIN),  # checked a year ago to the day
        (31, 366, UNCHECKED),
        (None, None, UNCHECKED),
    ],
)
def test_the_retention_check_at_below_and_above_its_limits(recorder_days, checked_days_ago, state):
    today = timezone.localdate()
    camera = Camera(retention_days=31, recorder_retention_days=recorder_days)
    if checked_days_ago is not None:
        camera.retention_checked_on = today - timedelta(days=checked_days_ago)
    assert retention_state(camera, today) == state


@pytest.mark.parametrize(
    ("days_from_today", "state"),
    [(-1, OVERDUE), (0, DUE_SOON_WORDS), (30, DUE_SOON_WORDS), (31, NOT_DUE)],
)
def test_a_date_is_overdue_due_soon_or_not_due(days_from_today, state):
    today = timezone.localdate()
    assert _by_date(today + timedelta(days=days_from_today), today) == state
