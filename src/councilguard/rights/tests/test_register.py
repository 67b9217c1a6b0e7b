"""The request register: recording, identity, the clock stopped and restarted, extension,
closing, reminders, and a person's own requests. Each change writes its audit entry."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.rights import services
from councilguard.rights.models import Channel, DeadlineReminder, RightsRequest
from councilguard.rights.reminders import send_deadline_reminders
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP

D = date


SEP_3 = D(2025, 9, 3)


def _new(w, received=SEP_3, person=True, **kw):
    return services.record_request(
        w.council,
        services.NewRequest(
            kind=kw.pop("kind", "access"),
            channel=kw.pop("channel", Channel.EMAIL),
            received_on=received,
            person=w.people[Role.STAFF] if person else None,
            **kw,
        ),
        actor=SETUP,
        today=D(2025, 9, 30),
    )


def test_a_request_is_recorded_with_its_deadline_and_audited(world):
    with assert_audited(world.council, Event.RIGHTS_REQUEST_RECORDED):
        request = _new(world)
    assert request.requester_name == world.people[Role.STAFF].full_name
    assert request.requester_contact == "staff@ashby.example"
    assert request.clock().due == D(2025, 10, 3)


def test_someone_outside_the_council_is_recorded_by_name(world):
    request = _new(world, person=False, requester_name="Alex Walker", channel=Channel.LETTER)
    assert request.person is None and request.requester_name == "Alex Walker"
    with pytest.raises(services.RightsError, match="name"):
        _new(world, person=False)


def test_a_request_cannot_come_from_the_future_nor_from_another_councils_person(world, other_world):
    with pytest.raises(services.RightsError, match="future"):
        _new(world, received=D(2025, 10, 1))
    with pytest.raises(services.RightsError, match="this council"):
        services.record_request(
            world.council,
            services.NewRequest("access", Channel.EMAIL, D(2025, 9, 3),
                                person=other_world.people[Role.STAFF]),
            actor=SETUP, today=D(2025, 9, 30),
        )  # fmt: skip


def test_pause_and_resume_restart_the_month_from_the_reply(world):
    request = _new(world, received=D(2025, 9, 1))
    with assert_audited(world.council, Event.RIGHTS_CLOCK_PAUSED):
        services.pause_clock(request, reason="identity", asked="Photo ID",
                             started_on=D(2025, 9, 5), actor=SETUP)  # fmt: skip
    assert request.clock().paused and request.clock().due is None
    with pytest.raises(services.RightsError, match="already stopped"):
        services.pause_clock(request, reason="clarification", asked="",
                             started_on=D(2025, 9, 6), actor=SETUP)  # fmt: skip
    with assert_audited(world.council, Event.RIGHTS_CLOCK_RESUMED):
        due = services.resume_clock(request, reply_on=D(2025, 9, 10), actor=SETUP)
    assert due == D(2025, 10, 10)
    with pytest.raises(services.RightsError, match="not stopped"):
        services.resume_clock(request, reply_on=D(2025, 9, 11), actor=SETUP)


def test_an_extension_needs_a_reason_and_notice_within_the_first_month(world):
    request = _new(world, received=D(2025, 9, 4))  # due Monday 6 October
    with pytest.raises(services.RightsError, match="reason"):
        services.extend(request, reason=" ", told_on=D(2025, 9, 20), actor=SETUP)
    with pytest.raises(services.RightsError, match="6 October 2025"):
        services.extend(request, reason="Many files", told_on=D(2025, 10, 7), actor=SETUP)
    with assert_audited(world.council, Event.RIGHTS_EXTENDED):
        due = services.extend(request, reason="Many files", told_on=D(2025, 10, 6), actor=SETUP)
    assert due == D(2025, 12, 4)
    with pytest.raises(services.RightsError, match="already"):
        services.extend(request, reason="Again", told_on=D(2025, 10, 6), actor=SETUP)


def test_a_closed_request_takes_no_more_changes(world):
    request = _new(world)
    with assert_audited(world.council, Event.RIGHTS_REQUEST_CLOSED):
        services.close_request(request, status="withdrawn", outcome="They withdrew it.",
                               actor=SETUP)  # fmt: skip
    with pytest.raises(services.RightsError, match="closed"):
        services.check_identity(request, checked_on=D(2025, 9, 4), method="x", actor=SETUP)


@pytest.mark.parametrize(
    ("today", "sent"),
    [
        (D(2025, 9, 25), []),  # 8 days left
        (D(2025, 9, 26), ["7_days"]),  # 7 days left
        (D(2025, 9, 30), ["7_days"]),  # 3 days left: still only the first
        (D(2025, 10, 1), ["7_days", "2_days"]),  # 2 days left
        (D(2025, 10, 3), ["7_days", "2_days"]),  # the day itself
        (D(2025, 10, 4), ["7_days", "2_days", "overdue"]),  # passed
    ],
)
def test_reminders_at_7_and_2_days_and_when_the_deadline_passes(world, today, sent):
    request = _new(world)  # due 3 October 2025
    days = [D(2025, 9, 25), D(2025, 9, 26), D(2025, 9, 30), D(2025, 10, 1), D(2025, 10, 3),
            D(2025, 10, 4)]  # fmt: skip
    for day in [d for d in days if d <= today]:
        send_deadline_reminders(day)
        send_deadline_reminders(day)  # twice the same day: nothing more
    assert list(request.reminders.values_list("kind", flat=True)) == sent
    assert len(mail.outbox) == len(sent)
    for message in mail.outbox:
        assert sorted(message.to) == [
            "clerk@ashby.example",
            "deputy_clerk@ashby.example",
            "dp_lead@ashby.example",
        ]
        assert request.reference in message.subject


def test_a_new_deadline_after_a_pause_gets_its_own_reminders_and_audit(world):
    request = _new(world)
    with assert_audited(world.council, Event.RIGHTS_REMINDER_SENT):
        send_deadline_reminders(D(2025, 9, 26))
    services.pause_clock(request, reason="clarification", asked="Which years?",
                         started_on=D(2025, 9, 26), actor=SETUP)  # fmt: skip
    assert send_deadline_reminders(D(2025, 10, 20)) == []  # stopped: no deadline
    services.resume_clock(request, reply_on=D(2025, 10, 1), actor=SETUP)  # due 3 November
    send_deadline_reminders(D(2025, 10, 27))
    assert list(DeadlineReminder.objects.values_list("kind", "due_on")) == [
        ("7_days", D(2025, 10, 3)),
        ("7_days", D(2025, 11, 3)),
    ]


def test_closed_requests_are_not_reminded(world):
    request = _new(world)
    services.close_request(request, status="completed", outcome="Sent.", actor=SETUP)
    assert send_deadline_reminders(D(2025, 10, 4)) == []


def test_a_person_asks_from_their_own_page_and_follows_it(client, world):
    client.force_login(world.users[Role.STAFF])
    url = reverse("rights:mine", kwargs={"council": world.council.slug})
    response = client.post(url, {"kind": "access", "details": "My monitoring data"})
    assert response.status_code == 302
    request = RightsRequest.objects.get()
    assert request.person == world.people[Role.STAFF]
    assert request.channel == Channel.OWN_PAGE and request.identity_checked_on == date.today()
    page = client.get(url).content.decode()
    assert request.reference in page and "Due" in page
    # Nobody else's requests show on one's own page.
    client.force_login(world.users[Role.COUNCILLOR])
    assert request.reference not in client.get(url).content.decode()


def test_the_dp_lead_runs_a_request_through_the_pages(client, world):
    client.force_login(world.users[Role.DP_LEAD])
    council = world.council.slug
    response = client.post(
        reverse("rights:request_create", kwargs={"council": council}),
        {"kind": "access", "requester_name": "Alex Walker", "channel": "letter",
         "received_on": date.today().isoformat()},
    )  # fmt: skip
    request = RightsRequest.objects.get()
    assert response["Location"] == reverse(
        "rights:request_detail", kwargs={"council": council, "pk": request.pk}
    )
    page = client.get(response["Location"]).content.decode()
    assert "Alex Walker" in page and "from outside the council" in page
    kwargs = {"council": council, "pk": request.pk}
    client.post(reverse("rights:request_pause", kwargs=kwargs),
                {"reason": "identity", "started_on": date.today().isoformat()})  # fmt: skip
    assert "Clock stopped" in client.get(response["Location"]).content.decode()
    # A bad date is a clear error and changes nothing.
    bad = client.post(reverse("rights:request_resume", kwargs=kwargs), {"reply_on": "31/02"})
    assert "Enter a real date" in bad.content.decode()
    assert request.pauses.get().ended_on is None


def test_another_council_sees_nothing_of_the_register(client, world, other_world):
    request = _new(world)
    client.force_login(other_world.users[Role.CLERK])
    url = reverse("rights:request_detail", kwargs={"council": other_world.council.slug,
                                                   "pk": request.pk})  # fmt: skip
    assert client.get(url).status_code == 404


def test_the_councils_region_decides_which_bank_holidays_count(world):
    request = services.record_request(
        world.council,
        services.NewRequest("access", Channel.EMAIL, D(2025, 11, 1), person=None,
                            requester_name="Alex Walker"),
        actor=SETUP, today=D(2025, 11, 2),
    )  # fmt: skip
    assert request.clock().due == D(2025, 12, 1)  # England and Wales: an ordinary Monday
    with assert_audited(world.council, Event.RIGHTS_SETTINGS_CHANGED):
        services.change_settings(world.council, region="scotland", actor=SETUP)
    # St Andrew's Day 2025 is a Sunday; Scotland keeps Monday 1 December instead.
    assert request.clock().due == D(2025, 12, 2)
