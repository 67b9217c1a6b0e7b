"""The clerk's people pages: add, change, list, export; each change audited."""

from __future__ import annotations

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councilguard.audit.events import Event
from councilguard.people.importing import import_people
from councilguard.people.models import Person
from councilguard.people.services import PersonData, PersonError, update_person
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.world import SETUP

FORM = {
    "full_name": "Ivy Moss",
    "kind": "staff",
    "emails": "ivy@ashby.example; i.moss@ashby.example",
    "job_title": "Caretaker",
    "peer_group": "site staff",
    "working_pattern": "Mon-Fri 08:00-12:00",
    "start_date": "2026-01-05",
}


def _url(world, name, **kwargs):
    return reverse(name, kwargs={"council": world.council.slug, **kwargs})


def test_the_clerk_adds_then_changes_a_person(client, world):
    client.force_login(world.clerk)
    with assert_audited(world.council, Event.PERSON_CREATED):
        response = client.post(_url(world, "people:person_create"), FORM)
    ivy = Person.objects.get(full_name="Ivy Moss")
    assert response["Location"] == _url(world, "people:person_detail", pk=ivy.pk)
    assert ivy.primary_email == "ivy@ashby.example"
    assert ivy.peer_group.name == "site staff"

    edit = {**FORM, "job_title": "Site Manager", "line_manager": world.people["manager"].pk}
    with assert_audited(world.council, Event.PERSON_UPDATED):
        client.post(_url(world, "people:person_edit", pk=ivy.pk), edit)
    ivy.refresh_from_db()
    assert ivy.job_title == "Site Manager"
    assert ivy.line_manager == world.people["manager"]

    with assert_not_audited(world.council):
        response = client.post(_url(world, "people:person_edit", pk=ivy.pk), edit)
    assert response.status_code == 302


def test_a_change_records_what_changed_from_and_to(world):
    staff = world.people["staff"]
    data = PersonData(
        full_name=staff.full_name,
        kind=staff.kind,
        emails=[staff.primary_email],
        line_manager=staff.line_manager,
        working_pattern="Mon-Thu 09:00-17:00",
    )
    with assert_audited(world.council, Event.PERSON_UPDATED):
        update_person(staff, data, actor=SETUP)
    entry = world.council.audit_entries.order_by("-sequence").first()
    assert entry.changes == {"working_pattern": ["Mon-Fri 09:00-17:00", "Mon-Thu 09:00-17:00"]}


def test_a_line_manager_loop_is_refused(world):
    manager, staff = world.people["manager"], world.people["staff"]
    data = PersonData(
        full_name=manager.full_name,
        kind=manager.kind,
        emails=[manager.primary_email],
        line_manager=staff,
    )
    try:
        update_person(manager, data, actor=SETUP)
    except PersonError as exc:
        assert "own line manager" in str(exc)
    else:
        raise AssertionError("a loop of line managers was accepted")


def test_someone_elses_address_is_refused_on_the_form(client, world):
    client.force_login(world.clerk)
    response = client.post(
        _url(world, "people:person_create"), {**FORM, "emails": "staff@ashby.example"}
    )
    assert response.status_code == 200
    assert b"already belongs to" in response.content
    assert not Person.objects.filter(full_name="Ivy Moss").exists()


def test_the_list_exports_in_the_import_layout_and_the_export_is_audited(client, world):
    client.force_login(world.clerk)
    with assert_audited(world.council, Event.PEOPLE_EXPORTED):
        response = client.get(_url(world, "people:person_export"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == Person.objects.in_council(world.council).count()
    # What is exported imports back unchanged.
    report = import_people(world.council, response.content, actor=SETUP)
    assert report.ok, report.problems
    assert report.unchanged == len(rows)


def test_the_list_filters_by_role_and_hides_leavers_by_default(client, world):
    client.force_login(world.clerk)
    Person.objects.filter(pk=world.people["staff"].pk).update(leave_date="2020-01-01")
    response = client.get(_url(world, "people:person_list"), {"kind": "staff"})
    names = [p.full_name for p in response.context["page_obj"]]
    assert world.people["staff"].full_name not in names
    assert all(p.kind == "staff" for p in response.context["page_obj"])
    response = client.get(_url(world, "people:person_list"), {"status": "left"})
    assert [p.full_name for p in response.context["page_obj"]] == [world.people["staff"].full_name]


def test_the_list_costs_the_same_queries_for_ten_people_or_sixty(client, world):
    client.force_login(world.clerk)
    url = _url(world, "people:person_list")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    queries()  # the first request of a session also records the session
    few = queries()
    rows = "\n".join(f"P{n},staff,p{n}@ashby.example,manager@ashby.example" for n in range(50))
    import_people(
        world.council, f"full_name,role,email,line_manager_email\n{rows}\n".encode(), actor=SETUP
    )
    assert queries() == few


def test_a_change_of_main_address_or_to_a_namesake_manager_is_a_change(world):
    staff = world.people["staff"]
    staff.emails.create(council=world.council, address="second@ashby.example")
    namesake = Person.objects.create(
        council=world.council, full_name=staff.line_manager.full_name, kind="staff"
    )
    data = PersonData(
        full_name=staff.full_name,
        kind=staff.kind,
        emails=["second@ashby.example", "staff@ashby.example"],
        line_manager=namesake,
        working_pattern=staff.working_pattern,
    )
    with assert_audited(world.council, Event.PERSON_UPDATED):
        assert update_person(staff, data, actor=SETUP)
    staff.refresh_from_db()
    assert staff.primary_email == "second@ashby.example"
    assert staff.line_manager == namesake


def test_services_check_their_input_whoever_calls_them(world):
    staff = world.people["staff"]
    for emails in ([], ["not-an-address"]):
        data = PersonData(full_name="X", kind="staff", emails=emails)
        try:
            update_person(staff, data, actor=SETUP)
        except PersonError:
            pass
        else:
            raise AssertionError(f"{emails} accepted")


def test_a_manager_who_has_left_stays_on_the_form_of_their_report(client, world):
    manager = world.people["manager"]
    Person.objects.filter(pk=manager.pk).update(leave_date="2020-01-01")
    client.force_login(world.clerk)
    staff = world.people["staff"]
    form = client.get(_url(world, "people:person_edit", pk=staff.pk)).context["form"]
    assert manager in form.fields["line_manager"].queryset
