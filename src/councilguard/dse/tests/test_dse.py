"""Display screen equipment (C23; B 3.1.1; DSE Regulations 1992 regs 2 and 5), end to end: the
clerk keeps the register of screen users, offers eye tests, reviews workstation assessments and
pays towards glasses; each user answers, asks, records and assesses from their own page; the
clocks move with each test and remind both."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from councilguard.audit.events import Event
from councilguard.core.contributions import waiting_for
from councilguard.core.personal_data import Subject
from councilguard.core.roles import Role
from councilguard.dse import services
from councilguard.dse.clocks import start_of
from councilguard.dse.models import EyeTest, EyeTestStatus, ScreenUser, WorkstationAssessment
from councilguard.dse.personal_data import provide
from councilguard.dse.testing import make_assessment, make_offer, make_screen_user, screen_user
from councilguard.people.services import PersonData, update_person
from councilguard.reminders.services import send_reminders
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP


def _years_on(day, years):
    """The same date that many years on, or 28 February for a 29th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _url(world, name, **kwargs):
    return reverse(name, kwargs={"council": world.council.slug, **kwargs})


def _titles(world, role, now=None):
    membership = world.users[role].memberships.get()
    return [item.title for item in waiting_for(membership, now) if item.key.startswith("dse.")]


def _mailed(mails, address):
    return [item.title for m in mails if m.email == address for item in m.items]


def _today():
    return timezone.localdate()


def test_offered_taken_and_reminded_when_due_again(
    client, world, django_capture_on_commit_callbacks
):
    """Issue 20's "done when": a user is offered a test, records it, and is reminded when it
    falls due again; the test moves the clock."""
    staff = world.people[Role.STAFF]
    client.force_login(world.clerk)
    with assert_audited(world.council, Event.DSE_USER_ADDED):
        response = client.post(
            _url(world, "dse:user_add"),
            {"person": staff.pk, "since": (_today() - timedelta(days=800)).isoformat()},
        )
    assert response["Location"] == _url(world, "dse:person", pk=staff.pk)
    staff.refresh_from_db()
    assert staff.uses_display_screen  # the people list says so too
    # Never tested: the first test is due from the day they became a user, so it is overdue.
    assert any(
        t.startswith(f"Offer {staff.full_name} an eye test") for t in _titles(world, Role.CLERK)
    )

    with (
        assert_audited(world.council, Event.DSE_EYE_TEST_OFFERED),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(_url(world, "dse:offer", pk=staff.pk), {"reason": "initial"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["staff@ashby.example"]]
    assert "offers you an eye test" in mail.outbox[0].subject

    client.force_login(world.staff)
    page = client.get(_url(world, "dse:mine")).content.decode()
    assert "Would you like the eye test offered on" in page
    test = EyeTest.objects.get()
    with assert_audited(world.council, Event.DSE_EYE_TEST_ANSWERED):
        client.post(_url(world, "dse:mine_answer"), {"test": test.pk, "answer": "yes"})
    assert ["Arrange the eye test " + staff.full_name + " accepted"] == [
        t for t in _titles(world, Role.CLERK) if t.startswith("Arrange")
    ]
    tested_on = _today()
    with assert_audited(world.council, Event.DSE_EYE_TEST_TAKEN):
        response = client.post(
            _url(world, "dse:mine_test"),
            {"test": test.pk, "tested_on": tested_on.isoformat(), "tested_by": "A. Shah"},
        )
    assert response["Location"] == _url(world, "dse:mine")
    test.refresh_from_db()
    assert (test.status, test.tested_on, test.tested_by) == ("taken", tested_on, "A. Shah")

    # The clock moved: due again 24 months after the test (the council's default), and the
    # user is reminded from 30 days before.
    due = _years_on(tested_on, 2)
    wanted = f"Your eye test is due again on {due:%-d %B %Y}: ask for it"
    assert wanted in _titles(world, Role.STAFF)
    assert not any(t.startswith("Offer") for t in _titles(world, Role.CLERK))
    # Reminded by e-mail from 30 days before the date, not 31.
    early = send_reminders(world.council, now=start_of(due) - timedelta(days=31, hours=-8))
    assert wanted not in _mailed(early, "staff@ashby.example")
    later = send_reminders(world.council, now=start_of(due) - timedelta(days=30, hours=-8))
    assert wanted in _mailed(later, "staff@ashby.example")


def test_an_optician_s_date_sets_the_next_test(world):
    staff = make_screen_user(world)
    test = make_offer(world, staff)
    tested_on = _today()
    services.record_test(
        test,
        tested_on=tested_on,
        tested_by="M. Reid",
        next_recommended_on=tested_on + timedelta(days=365),
        actor=SETUP,
    )
    due = tested_on + timedelta(days=365)
    assert f"Your eye test is due again on {due:%-d %B %Y}: ask for it" in _titles(
        world, Role.STAFF
    )


def test_a_request_for_eye_trouble_reaches_the_clerk_at_once(
    client, world, django_capture_on_commit_callbacks
):
    staff = make_screen_user(world)
    client.force_login(world.staff)
    with (
        assert_audited(world.council, Event.DSE_EYE_TEST_REQUESTED),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(_url(world, "dse:mine_request"), {"reason": "visual_difficulty"})
    assert EyeTest.objects.get().status == EyeTestStatus.ACCEPTED  # reg 5: provided on request
    assert [m.to for m in mail.outbox] == [["clerk@ashby.example", "deputy_clerk@ashby.example"]]
    assert mail.outbox[0].subject.endswith("asks for an eye test (eye trouble)")
    membership = world.clerk.memberships.get()
    items = [i for i in waiting_for(membership) if i.key.startswith("dse.")]
    arrange = next(i for i in items if i.title.startswith("Arrange"))
    assert arrange.title == (
        f"Arrange the eye test {staff.full_name} asked for: eye trouble from screen work"
    )
    assert arrange.is_urgent


def test_a_workstation_assessment_with_findings_is_reviewed_with_actions(client, world):
    staff = make_screen_user(world)
    client.force_login(world.staff)
    with assert_audited(world.council, Event.DSE_ASSESSMENT_SUBMITTED):
        response = client.post(
            _url(world, "dse:mine_assessment"),
            {"done_on": _today().isoformat(), "place": "home", "problems": ["eyes", "chair"]},
        )
    assert response["Location"] == _url(world, "dse:mine")
    assessment = WorkstationAssessment.objects.get()
    assert assessment.problems == ["chair", "eyes"]  # checklist order
    title = f"Review {staff.full_name}'s workstation assessment of {_today():%-d %B %Y}"
    assert title in _titles(world, Role.CLERK)

    client.force_login(world.clerk)
    page = client.get(_url(world, "dse:person", pk=staff.pk)).content.decode()
    assert "The chair cannot be adjusted to support your back" in page
    assert "DSE Regulations 1992, reg 2; B 3.1.1" in page
    refused = client.post(_url(world, "dse:assessment_review", pk=assessment.pk), {"actions": ""})
    assert refused.status_code == 400
    assert "Say what will be done about the problems found" in refused.content.decode()
    with assert_audited(world.council, Event.DSE_ASSESSMENT_REVIEWED):
        client.post(
            _url(world, "dse:assessment_review", pk=assessment.pk),
            {"actions": "Chair ordered; eye test offered."},
        )
    assert title not in _titles(world, Role.CLERK)
    client.force_login(world.staff)
    assert (
        "Chair ordered; eye test offered." in client.get(_url(world, "dse:mine")).content.decode()
    )


def test_glasses_for_screen_work_get_the_council_s_contribution_up_to_its_limit(client, world):
    staff = make_screen_user(world)
    test = services.record_test(
        make_offer(world, staff),
        tested_on=_today(),
        tested_by="A. Shah",
        glasses_for_screen=True,
        actor=SETUP,
    )
    title = f"Record the council's contribution to {staff.full_name}'s glasses for screen work"
    assert title in _titles(world, Role.CLERK)
    client.force_login(world.clerk)
    url = _url(world, "dse:contribution", pk=test.pk)
    today = _today().isoformat()
    # The default limit is £75.00: one penny over is refused, the limit itself is paid.
    over = client.post(url, {"amount": "75.01", "paid_on": today})
    assert over.status_code == 400
    assert "The amount is more than the council&#x27;s limit of £75.00" in over.content.decode()
    with assert_audited(world.council, Event.DSE_CONTRIBUTION_RECORDED):
        client.post(url, {"amount": "75.00", "paid_on": today, "reference": "BACS 9"})
    test.refresh_from_db()
    assert (test.contribution_pence, test.contribution_reference) == (7500, "BACS 9")
    assert title not in _titles(world, Role.CLERK)


def test_the_people_list_box_moves_the_register(world):
    staff = world.people[Role.STAFF]
    data = PersonData(
        full_name=staff.full_name,
        kind=staff.kind,
        emails=["staff@ashby.example"],
        uses_display_screen=True,
    )
    with assert_audited(world.council, Event.PERSON_UPDATED, Event.DSE_USER_ADDED):
        update_person(staff, data, actor=SETUP)
    assert ScreenUser.objects.get(person=staff).is_current
    make_offer(world, staff)
    data.uses_display_screen = False
    with assert_audited(world.council, Event.PERSON_UPDATED, Event.DSE_USER_ENDED):
        update_person(staff, data, actor=SETUP)
    use = ScreenUser.objects.get(person=staff)
    assert use.ended_on == _today()
    # The open offer lapsed with the use: nobody is chased about it.
    assert EyeTest.objects.get().status == EyeTestStatus.DECLINED
    assert _titles(world, Role.STAFF) == []


def test_someone_who_is_not_a_user_is_told_so(client, world):
    client.force_login(world.councillor)
    page = client.get(_url(world, "dse:mine")).content.decode()
    assert "You are not on the council's register of display screen users" in page
    page = client.get(_url(world, "dse:mine_assessment")).content.decode()
    assert 'id="not-a-user"' in page
    assert _titles(world, Role.COUNCILLOR) == []


def test_another_council_s_screen_user_is_not_found(client, world, other_world):
    theirs = make_screen_user(other_world)
    client.force_login(world.clerk)
    assert client.get(_url(world, "dse:person", pk=theirs.pk)).status_code == 404
    assessment = make_assessment(other_world, theirs)
    review = _url(world, "dse:assessment_review", pk=assessment.pk)
    assert client.post(review, {"actions": "x"}).status_code == 404


def test_an_offer_that_is_not_mine_is_refused(client, world):
    others = make_offer(world, make_screen_user(world, Role.MANAGER))
    screen_user(world.people[Role.STAFF])
    client.force_login(world.staff)
    response = client.post(
        _url(world, "dse:mine_answer"), {"test": others.pk, "answer": "no"}, follow=True
    )
    assert "That offer is not one of yours." in response.content.decode()
    assert EyeTest.objects.get().status == EyeTestStatus.OFFERED


def test_the_register_and_its_csv(client, world):
    staff = make_screen_user(world)
    make_assessment(world, staff, problems=["glare", "eyes"])
    client.force_login(world.dp_lead)
    page = client.get(_url(world, "dse:register")).content.decode()
    assert "1 screen user" in page
    assert staff.full_name in page
    assert "Add a screen user" not in page  # the data protection lead only looks
    with assert_audited(world.council, Event.DSE_REGISTER_EXPORTED):
        response = client.get(_url(world, "dse:register_export"))
    lines = response.content.decode().splitlines()
    assert lines[0] == (
        "Name,Kind,Screen user since,Last eye test,Next eye test due,Eye test in hand,"
        "Last workstation assessment,Next assessment due,Problems found at the last assessment"
    )
    assert lines[1].startswith(f"{staff.full_name},Staff member,")
    assert lines[1].endswith(",2")


def test_the_person_s_data_for_a_subject_access_request(world):
    staff = make_screen_user(world)
    make_offer(world, staff)
    make_assessment(world, staff)
    sections = provide(Subject(world.council, person=staff))
    assert [s.title for s in sections] == [
        "Your use of display screens",
        "Your workstation self-assessments",
        "Your eye tests",
    ]
    assert [len(s.rows) for s in sections] == [1, 1, 1]
    assert provide(Subject(world.council, person=None)) == []


def test_settings_change_the_clocks(client, world):
    client.force_login(world.clerk)
    with assert_audited(world.council, Event.DSE_SETTINGS_CHANGED):
        client.post(
            _url(world, "dse:settings"),
            {
                "eye_test_every_months": 12,
                "offer_answer_days": 30,
                "assessment_every_months": 24,
                "glasses_contribution": "75.00",
            },
        )
    staff = make_screen_user(world)
    tested_on = _today()
    services.record_test(make_offer(world, staff), tested_on=tested_on, tested_by="X", actor=SETUP)
    due = _years_on(tested_on, 1)
    assert f"Your eye test is due again on {due:%-d %B %Y}: ask for it" in _titles(
        world, Role.STAFF
    )
    refused = client.post(
        _url(world, "dse:settings"),
        {
            "eye_test_every_months": 5,
            "offer_answer_days": 30,
            "assessment_every_months": 24,
            "glasses_contribution": "75.00",
        },
    )
    assert refused.status_code == 400
    assert "The months between eye tests must be between 6 and 60" in refused.content.decode()
