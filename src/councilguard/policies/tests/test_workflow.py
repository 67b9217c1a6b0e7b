"""A policy's life: import, correct, approve, publish, acknowledge, remind, review, cite."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.people.models import Person
from councilguard.policies import services
from councilguard.policies.importing import parse_markdown
from councilguard.policies.models import AckMethod, Acknowledgement, Policy, VersionStatus
from councilguard.testing.audit import assert_audited
from councilguard.testing.policies import TEXT, make_policy
from councilguard.testing.world import SETUP


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(world, name, **kwargs):
    return reverse(name, kwargs={"council": world.council.slug, **kwargs})


def _approve_and_publish(version, *, actor=SETUP):
    services.approve_version(
        version,
        actor=actor,
        approving_body="committee",
        committee_name="Staffing Committee",
        approved_on=date(2026, 3, 1),
        minute_reference="S.12",
    )
    return services.publish_version(version, actor=actor)


def test_the_clerk_imports_corrects_approves_and_publishes_a_policy(world):
    clerk = _client(world.clerk)
    upload = SimpleUploadedFile("it.md", TEXT.encode())
    preview = clerk.post(
        _url(world, "policies:policy_import"),
        {"file": upload, "code": "B", "label": "0.1", "material_change": "on"},
    )
    assert preview.status_code == 200
    assert b"Found 5 clauses" in preview.content
    corrected = (
        preview.context["clauses_form"]
        .initial["markdown"]
        .replace("1.2 Lock the screen", "1.2 Always lock the screen")
    )
    with assert_audited(world.council, Event.POLICY_CREATED, Event.VERSION_DRAFTED):
        saved = clerk.post(
            _url(world, "policies:policy_import"),
            {
                "code": "B",
                "label": "0.1",
                "material_change": "on",
                "title": "Computers and Phones",
                "markdown": corrected,
            },
        )
    policy = Policy.objects.get(council=world.council, code="B")
    version = policy.versions.get()
    assert saved["Location"] == _url(world, "policies:version_detail", pk=version.pk)
    assert version.clauses.get(reference="1.2").text.startswith("Always lock the screen")
    assert version.clauses.get(reference="2.1").parent.reference == "2"

    with assert_audited(world.council, Event.VERSION_APPROVED):
        clerk.post(
            _url(world, "policies:version_approve", pk=version.pk),
            {
                "approving_body": "full_council",
                "approved_on": "2026-05-20",
                "minute_reference": "C.23.3",
            },
        )
    with assert_audited(world.council, Event.VERSION_PUBLISHED):
        clerk.post(_url(world, "policies:version_publish", pk=version.pk))
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    assert version.approval_text() == "Full Council on 20 May 2026 (minute C.23.3)"
    assert [h.comment for h in policy.history.all()] == [
        "Imported from a document",
        "Approved by Full Council on 20 May 2026 (minute C.23.3)",
        "Published",
    ]


def test_the_version_in_force_stays_in_force_while_a_draft_is_edited(world):
    setup = make_policy(world)
    assert setup.policy.in_force == setup.in_force
    services.replace_clauses(
        setup.draft, parse_markdown("## 1 Equipment\n\n1.1 Changed.\n"), actor=SETUP
    )
    assert setup.policy.in_force == setup.in_force
    assert (
        setup.in_force.clauses.get(reference="1.1").text == "Council equipment is for council work."
    )
    # Staff read the version in force; the draft is not theirs to see.
    staff = _client(world.staff)
    assert (
        staff.get(_url(world, "policies:version_detail", pk=setup.in_force.pk)).status_code == 200
    )
    assert staff.get(_url(world, "policies:version_detail", pk=setup.draft.pk)).status_code == 404
    with pytest.raises(services.PolicyError, match="already being prepared"):
        services.draft_version(setup.policy, parse_markdown("1.1 x"), label="9", actor=SETUP)
    with pytest.raises(services.PolicyError, match="only an approved version"):
        services.publish_version(setup.draft, actor=SETUP)


def test_a_material_change_asks_everyone_again_and_a_minor_one_carries_over(world):
    setup = make_policy(world)
    staff_person = world.people[Role.STAFF]
    services.acknowledge(setup.in_force, staff_person, actor=Actor.for_user(world.staff))
    assert staff_person not in services.outstanding_people(setup.in_force)

    # 1.1 is a minor correction: the acknowledgement of 1.0 carries over.
    services.update_version_settings(
        setup.draft,
        actor=SETUP,
        material_change=False,
        remote_working_reference="",
        reminder_every_days=7,
    )
    with assert_audited(
        world.council,
        Event.VERSION_APPROVED,
        Event.VERSION_PUBLISHED,
        Event.ACKNOWLEDGEMENTS_CARRIED,
    ):
        minor = _approve_and_publish(setup.draft)
    assert staff_person not in services.outstanding_people(minor)
    carried = Acknowledgement.objects.get(person=staff_person, version=minor)
    assert carried.method == AckMethod.CARRIED_OVER
    assert carried.carried_from.version == setup.in_force
    setup.in_force.refresh_from_db()
    assert setup.in_force.status == VersionStatus.SUPERSEDED

    # 2.0 changes what people must do: everyone is asked again.
    major = services.draft_version(
        setup.policy,
        services.version_as_parsed(minor),
        label="2.0",
        actor=SETUP,
        material_change=True,
    )
    _approve_and_publish(major)
    assert staff_person in services.outstanding_people(major)
    assert services.outstanding_people(major).count() == len(world.people)


def test_people_acknowledge_for_themselves_and_the_clerk_records_paper(world):
    setup = make_policy(world)
    councillor = world.people[Role.COUNCILLOR]
    me = _client(world.councillor)
    page = me.get(_url(world, "policies:my_page"))
    assert b"Please read and acknowledge" in page.content

    refused = me.post(_url(world, "policies:my_acknowledge", pk=setup.in_force.pk))
    assert refused.status_code == 302
    assert not Acknowledgement.objects.filter(person=councillor).exists()
    with assert_audited(world.council, Event.POLICY_ACKNOWLEDGED):
        me.post(_url(world, "policies:my_acknowledge", pk=setup.in_force.pk), {"confirm": "yes"})
    ack = Acknowledgement.objects.get(person=councillor, version=setup.in_force)
    assert ack.method == AckMethod.SIGNED_IN
    assert b"Acknowledged" in me.get(_url(world, "policies:my_page")).content

    other = world.people[Role.COMMITTEE]
    with pytest.raises(services.PolicyError, match="for themselves"):
        services.acknowledge(setup.in_force, other, actor=Actor.for_user(world.councillor))
    clerk = _client(world.clerk)
    with assert_audited(world.council, Event.POLICY_ACKNOWLEDGED):
        clerk.post(
            _url(world, "policies:acknowledgements", pk=setup.in_force.pk), {"person": other.pk}
        )
    paper = Acknowledgement.objects.get(person=other)
    assert (paper.method, paper.recorded_by) == (AckMethod.PAPER, world.clerk)
    listing = clerk.get(_url(world, "policies:acknowledgements", pk=setup.in_force.pk))
    outstanding = [p.pk for p in listing.context["outstanding"]]
    assert councillor.pk not in outstanding and other.pk not in outstanding
    assert world.people[Role.STAFF].pk in outstanding


def test_reminders_go_to_those_outstanding_on_the_councils_schedule(world):
    # C27: the reminder engine sends acknowledgement reminders with every other clock's.
    from councilguard.people.services import PersonData, create_person
    from councilguard.reminders.services import send_reminders, update_settings

    setup = make_policy(world)
    update_settings(world.council, urgent_at_once=True, digest_hour=0, actor=SETUP)
    services.acknowledge(
        setup.in_force, world.people[Role.STAFF], actor=Actor.for_user(world.staff)
    )
    Person.objects.filter(pk=world.people[Role.COUNCILLOR].pk).update(leave_date="2020-01-01")
    # Someone who signs on paper and holds no role: reminded by e-mail all the same.
    create_person(
        world.council,
        PersonData(full_name="Pat Paper", kind="councillor", emails=["pat@ashby.example"]),
        actor=SETUP,
    )
    published = setup.in_force.published_at
    # Publishing e-mailed everyone; the council's schedule (every 7 days) starts from there.
    assert send_reminders(world.council, now=published + timedelta(days=6)) == []
    week = published + timedelta(days=7)
    sent = {m.email for m in send_reminders(world.council, now=week)}
    assert "staff@ashby.example" not in sent  # acknowledged
    assert "councillor@ashby.example" not in sent  # has left
    assert sent == {
        "clerk@ashby.example",
        "deputy_clerk@ashby.example",
        "manager@ashby.example",
        "it_provider@ashby.example",
        "dp_lead@ashby.example",
        "committee@ashby.example",
        "pat@ashby.example",
    }
    assert len(mail.outbox) == len(sent)
    assert "Read and acknowledge the Computers and Phones (version 1.0)" in mail.outbox[0].body

    assert send_reminders(world.council, now=week + timedelta(days=3)) == []
    again = send_reminders(world.council, now=week + timedelta(days=7))
    assert {m.email for m in again} == sent


def test_the_worker_runs_the_reminder_engine_hourly(world):
    from councilguard.core.jobs import all_schedules
    from councilguard.reminders.jobs import send_reminders

    make_policy(world)
    assert {s.name: s.every for s in all_schedules()}["reminders.send"] == timedelta(hours=1)
    # Just published: everyone was told at once, so nothing is due yet.
    assert send_reminders.call() == 0


def test_the_person_accepts_the_remote_working_rules_on_their_page(world):
    setup = make_policy(world)
    me = _client(world.staff)
    page = me.get(_url(world, "policies:my_page"))
    assert b"Keep papers and devices with you." in page.content
    with assert_audited(world.council, Event.REMOTE_RULES_ACCEPTED):
        me.post(_url(world, "policies:my_accept_remote_rules", pk=setup.in_force.pk))
    assert b"Accepted" in me.get(_url(world, "policies:my_page")).content


def test_the_persons_page_shows_who_looked_at_their_monitoring_data(world):
    from django.db import transaction

    from councilguard.audit import services as audit

    staff = world.people[Role.STAFF]
    with transaction.atomic():
        audit.record(
            world.council,
            Event.MONITORING_VIEWED,
            actor=Actor.for_user(world.manager),
            target=staff,
            summary="checking a high phone bill",
        )
    page = _client(world.staff).get(_url(world, "policies:my_page"))
    assert b"manager@ashby.example, for this reason: checking a high phone bill" in page.content
    assert b"has not set up any monitoring" in page.content


def test_rules_and_clauses_cite_each_other(world):
    setup = make_policy(world)
    clerk = _client(world.clerk)
    clause_page = clerk.get(_url(world, "policies:clause_detail", pk=setup.clause.pk))
    assert b"Screens locked" in clause_page.content
    assert setup.clause.citation == "B 1.2 (v1.0)"
    with assert_audited(world.council, Event.RULE_CREATED):
        clerk.post(
            _url(world, "policies:rule_create"),
            {
                "name": "Personal sites in working hours",
                "kind": "category_in_working_hours",
                "severity": "low",
                "parameters": '{"categories": ["social"]}',
                "citations": "B 1.1, b 2.1",
                "enabled": "on",
            },
        )
    rules = clerk.get(_url(world, "policies:rule_list"))
    assert b"B 1.1" in rules.content and b"B 2.1" in rules.content
    bad = clerk.post(
        _url(world, "policies:rule_create"),
        {"name": "x", "kind": "usage_volume", "severity": "low", "citations": "B 9.9"},
    )
    assert b"has no clause" in bad.content


def test_a_review_is_recorded_and_overdue_reviews_show_on_the_dashboard(world):
    setup = make_policy(world)
    Policy.objects.filter(pk=setup.policy.pk).update(review_due=date(2020, 1, 1))
    home = _client(world.clerk).get(reverse("core:home", kwargs={"council": world.council.slug}))
    assert b"overdue" in home.content
    assert b"still to acknowledge" in home.content
    staff_home = _client(world.staff).get(
        reverse("core:home", kwargs={"council": world.council.slug})
    )
    assert b"overdue" not in staff_home.content
    assert b"Read and acknowledge" in staff_home.content
    with assert_audited(world.council, Event.POLICY_REVIEWED):
        services.record_review(
            setup.policy,
            actor=SETUP,
            reviewed_on=date(2026, 6, 1),
            review_type="Annual review",
            actions="No changes needed.",
            completed_by="Town Clerk",
            next_review_due=date(2027, 6, 1),
        )
    setup.policy.refresh_from_db()
    assert setup.policy.review_state(date(2026, 12, 1)) == ""
    assert setup.policy.review_state(date(2027, 5, 20)) == "due"


def test_publishing_e_mails_everyone_in_scope_about_the_version_in_force_only(
    world, django_capture_on_commit_callbacks
):
    policy = services.create_policy(world.council, title="Phones", code="P", actor=SETUP)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.draft_version(policy, parse_markdown(TEXT), label="1", actor=SETUP)
        _approve_and_publish(first)
        second = services.draft_version(policy, parse_markdown(TEXT), label="2", actor=SETUP)
        _approve_and_publish(second)
    subjects = {m.subject for m in mail.outbox}
    assert subjects == {"Please read and acknowledge: Phones (version 2)"}
    assert len(mail.outbox) == len(world.people)
