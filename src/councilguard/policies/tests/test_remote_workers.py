"""Those who work away from the office (B 6.1.1): the clerk records them; each accepts the
remote-working rules of the version in force on their own page, and the date is kept; the list
shows who has not; and they are reminded through the council's reminder schedule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.contributions import reminder_recipients, waiting_for
from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.people.services import PersonData, create_person
from councilguard.policies import services
from councilguard.policies.models import RemoteWorker
from councilguard.reminders.services import due_mails
from councilguard.testing.audit import assert_audited
from councilguard.testing.policies import make_policy
from councilguard.testing.world import SETUP

KEY = "policies.remote_rules:{}"


def _url(world, name, **kwargs):
    return reverse(name, kwargs={"council": world.council.slug, **kwargs})


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _membership(world, role):
    return Membership.objects.get(council=world.council, user=world.users[role])


def _add(world, role=Role.STAFF, **kwargs):
    values = {"where": "At home on Mondays", "since": date(2026, 1, 5), **kwargs}
    return services.add_remote_worker(world.people[role], actor=SETUP, **values)


def test_the_clerk_records_a_remote_worker_and_the_list_shows_they_have_not_accepted(world):
    setup = make_policy(world)
    clerk = _client(world.clerk)
    with assert_audited(world.council, Event.REMOTE_WORKER_ADDED):
        response = clerk.post(
            _url(world, "policies:remote_worker_add"),
            {"person": world.people[Role.STAFF].pk, "where": "At home on Mondays",
             "since": "2026-01-05"},
        )  # fmt: skip
    assert response.status_code == 302
    worker = RemoteWorker.objects.get(person=world.people[Role.STAFF])
    assert (worker.where, worker.since, worker.accepted_on) == (
        "At home on Mondays",
        date(2026, 1, 5),
        None,
    )
    page = clerk.get(_url(world, "policies:remote_workers")).content.decode()
    waiting = page.split('id="not-accepted"', 1)[1].split("</ul>", 1)[0]
    assert "Staff member of Ashby" in waiting

    # The person accepts on their own page: the date is kept on the record, and the list
    # no longer names them.
    _client(world.staff).post(_url(world, "policies:my_accept_remote_rules", pk=setup.in_force.pk))
    worker.refresh_from_db()
    assert (worker.accepted_on, worker.accepted_version) == (
        timezone.localdate(),
        setup.in_force,
    )
    page = clerk.get(_url(world, "policies:remote_workers")).content.decode()
    waiting = page.split('id="not-accepted"', 1)[1].split("</ul>", 1)[0]
    assert "Staff member of Ashby" not in waiting
    assert "everyone who works away from the office has accepted them" in waiting


def test_someone_who_accepted_before_being_recorded_keeps_that_date(world):
    setup = make_policy(world)
    services.accept_remote_working_rules(
        setup.in_force, world.people[Role.STAFF], actor=Actor.for_user(world.staff)
    )
    worker = _add(world)
    assert worker.accepted_on == timezone.localdate()
    assert not services.not_accepted(world.council).exists()


def test_refusals(world):
    _add(world)
    with pytest.raises(services.PolicyError, match="already recorded"):
        _add(world)
    with pytest.raises(services.PolicyError, match="say where they work"):
        _add(world, Role.COUNCILLOR, where="  ")
    with pytest.raises(services.PolicyError, match="in the future"):
        _add(world, Role.COUNCILLOR, since=timezone.localdate() + timedelta(days=1))
    # At the limit of 200 characters, and one over.
    _add(world, Role.COUNCILLOR, where="x" * 200)
    with pytest.raises(services.PolicyError, match="at most 200"):
        _add(world, Role.MANAGER, where="x" * 201)


def test_ending_it_takes_them_off_the_list_and_out_of_the_reminders(world):
    setup = make_policy(world)
    worker = _add(world)
    assert list(services.not_accepted(world.council)) == [worker]
    with assert_audited(world.council, Event.REMOTE_WORKER_ENDED):
        _client(world.clerk).post(_url(world, "policies:remote_worker_end", pk=worker.pk))
    assert not services.not_accepted(world.council).exists()
    keys = [i.key for i in waiting_for(_membership(world, Role.STAFF))]
    assert KEY.format(setup.in_force.pk) not in keys
    with pytest.raises(services.PolicyError, match="already"):
        services.end_remote_worker(worker, actor=SETUP)
    # Recorded again later, as a new record.
    _add(world)


def test_a_remote_worker_is_reminded_on_the_versions_schedule_until_they_accept(world):
    setup = make_policy(world)
    version = setup.in_force
    worker = _add(world)
    staff = _membership(world, Role.STAFF)
    [item] = [i for i in waiting_for(staff) if i.key == KEY.format(version.pk)]
    assert item.url == _url(world, "policies:my_page")
    since = max(worker.added_at, version.published_at)
    assert (item.remind_from, item.remind_every) == (since + timedelta(days=7), timedelta(days=7))
    # Someone who does not work away from the office is not asked.
    councillor = _membership(world, Role.COUNCILLOR)
    assert KEY.format(version.pk) not in [i.key for i in waiting_for(councillor)]

    def mailed(now):
        return [
            m.email
            for m in due_mails(world.council, now)
            if any(i.key == KEY.format(version.pk) for i in m.items)
        ]

    # A day before the reminder is due, nothing; once due, the staff member's daily digest at
    # 23:00 UK time (after any digest hour a council can choose, whatever the hour the test runs).
    due_day = timezone.localtime(item.remind_from + timedelta(days=1))
    digest_time = due_day.replace(hour=23, minute=0, second=0, microsecond=0)
    assert mailed(digest_time - timedelta(days=2)) == []
    assert mailed(digest_time) == ["staff@ashby.example"]
    services.accept_remote_working_rules(version, world.people[Role.STAFF],
                                         actor=Actor.for_user(world.staff))  # fmt: skip
    assert mailed(digest_time) == []


def test_a_remote_worker_with_no_account_is_reminded_by_e_mail(world):
    setup = make_policy(world)
    person = create_person(
        world.council,
        PersonData(full_name="Rosa Field", kind="staff", emails=["rosa@ashby.example"]),
        actor=SETUP,
    )
    services.add_remote_worker(person, where="Travelling", since=date(2026, 1, 5), actor=SETUP)
    now = timezone.now()
    [recipient] = [r for r in reminder_recipients(world.council, now) if r.name == "Rosa Field"]
    assert recipient.email == "rosa@ashby.example"
    assert KEY.format(setup.in_force.pk) in [i.key for i in recipient.items]


def test_with_no_remote_working_rules_in_force_nobody_is_asked(world):
    _add(world)
    assert not services.not_accepted(world.council).exists()
    page = _client(world.clerk).get(_url(world, "policies:remote_workers")).content.decode()
    assert "No policy in force names its remote-working clause yet" in page


def test_another_councils_remote_worker_cannot_be_ended_from_here(world, other_world):
    theirs = _add(other_world)
    response = _client(world.clerk).post(_url(world, "policies:remote_worker_end", pk=theirs.pk))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.ended_on is None
