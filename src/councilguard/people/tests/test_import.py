"""Importing people from CSV: all or nothing, every problem by line, idempotent."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.people.importing import import_people
from councilguard.people.models import Person
from councilguard.testing.audit import assert_audited, assert_not_audited

ACTOR = Actor.system("test")

GOOD = b"""full_name,role,email,job_title,line_manager_email,peer_group,start_date,leave_date,display_screen,working_pattern
Ruth Okafor,staff,ruth@ashby.example,Parks Supervisor,,grounds staff,2024-04-01,,no,Mon-Fri 07:30-15:30
Ben Hale,staff,ben@ashby.example;b.hale@ashby.example,Groundsman,ruth@ashby.example,grounds staff,01/05/2024,,no,Mon-Fri 07:30-15:30
Cllr Ada Finch,councillor,ada.finch@ashby.example,,,,,,yes,
"""


def test_a_good_file_adds_everyone_with_their_details(world):
    with assert_audited(
        world.council,
        Event.PERSON_CREATED,
        Event.PERSON_CREATED,
        Event.PERSON_CREATED,
        Event.DSE_USER_ADDED,  # Ada Finch's "yes" puts her on the display screen register
        Event.PEOPLE_IMPORTED,
    ):
        report = import_people(world.council, GOOD, actor=ACTOR)
    assert report.ok, report.problems
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    ben = Person.objects.get(council=world.council, full_name="Ben Hale")
    assert ben.line_manager.full_name == "Ruth Okafor"
    assert ben.peer_group.name == "grounds staff"
    assert ben.primary_email == "ben@ashby.example"
    assert sorted(e.address for e in ben.emails.all()) == [
        "b.hale@ashby.example",
        "ben@ashby.example",
    ]
    assert str(ben.start_date) == "2024-05-01"
    ada = Person.objects.get(council=world.council, full_name="Cllr Ada Finch")
    assert not ada.is_employee
    assert ada.uses_display_screen


def test_the_same_file_twice_changes_nothing(world):
    import_people(world.council, GOOD, actor=ACTOR)
    before = list(Person.objects.in_council(world.council).values())
    with assert_not_audited(world.council):
        report = import_people(world.council, GOOD, actor=ACTOR)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert list(Person.objects.in_council(world.council).values()) == before


def test_a_changed_row_updates_that_person_only(world):
    import_people(world.council, GOOD, actor=ACTOR)
    changed = GOOD.replace(b"Parks Supervisor", b"Head of Parks")
    with assert_audited(world.council, Event.PERSON_UPDATED, Event.PEOPLE_IMPORTED):
        report = import_people(world.council, changed, actor=ACTOR)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)


def test_a_manager_listed_after_their_report_is_still_found(world):
    reordered = (
        b"full_name,role,email,line_manager_email\n"
        b"Ben Hale,staff,ben@ashby.example,ruth@ashby.example\n"
        b"Ruth Okafor,staff,ruth@ashby.example,\n"
    )
    report = import_people(world.council, reordered, actor=ACTOR)
    assert report.ok, report.problems
    assert Person.objects.get(full_name="Ben Hale").line_manager.full_name == "Ruth Okafor"


def test_a_missing_column_refuses_the_whole_file(world):
    report = import_people(world.council, b"full_name,role\nA,staff\n", actor=ACTOR)
    assert [str(p) for p in report.problems] == ["line 1: missing column(s): Email"]


def test_every_bad_line_is_listed_and_nothing_is_imported(world):
    bad = b"""full_name,role,email,start_date,working_pattern,line_manager_email
Good Person,staff,good@ashby.example,,,
Bad Role,janitor,bad.role@ashby.example,,,
Bad Mail,staff,not-an-address,,,
Bad Date,staff,bad.date@ashby.example,31/02/2024,,
Bad Hours,staff,bad.hours@ashby.example,,Mon 9-5,
Twice,staff,good@ashby.example,,,
Lost,staff,lost@ashby.example,,,nobody@ashby.example
"""
    count = Person.objects.count()
    with assert_not_audited(world.council):
        report = import_people(world.council, bad, actor=ACTOR)
    assert not report.ok
    lines = sorted({p.line for p in report.problems})
    assert lines == [3, 4, 5, 6, 7, 8]
    assert any("unknown role 'janitor'" in p.message for p in report.problems)
    assert any("'not-an-address' is not an e-mail address" in p.message for p in report.problems)
    assert any("also on line 2" in p.message for p in report.problems if p.line == 7)
    assert any("not in this file or this council" in p.message for p in report.problems)
    assert Person.objects.count() == count


def test_an_address_already_used_by_someone_else_is_refused(world):
    clash = (
        b"full_name,role,email\nImpostor,staff,clerk@ashby.example;x@ashby.example\n"
        b"Other,staff,manager@ashby.example;staff@ashby.example\n"
    )
    report = import_people(world.council, clash, actor=ACTOR)
    assert [p.line for p in report.problems] == [3]
    assert "belong to different people" in report.problems[0].message


def test_a_dry_run_saves_nothing(world):
    count = Person.objects.count()
    with assert_not_audited(world.council):
        report = import_people(world.council, GOOD, actor=ACTOR, dry_run=True)
    assert report.ok and report.created == 3
    assert Person.objects.count() == count


def test_a_file_that_is_not_text_is_refused(world):
    report = import_people(world.council, b"\xff\xfe\x00bad", actor=ACTOR)
    assert "not UTF-8" in report.problems[0].message


def test_the_import_page_lists_problems_by_line(client, world):
    client.force_login(world.clerk)
    url = reverse("people:person_import", kwargs={"council": world.council.slug})
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("p.csv", b"full_name,role,email\nX,wizard,x@ashby.example\n")
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    assert b"Line 2: unknown role" in response.content
    upload = SimpleUploadedFile("p.csv", GOOD)
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    assert Person.objects.filter(full_name="Ruth Okafor", council=world.council).exists()


def test_the_command_imports_and_reports_json(world, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_bytes(GOOD)
    call_command("people", "import", "--council", world.council.slug, str(path), "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["created"] == 3 and report["problems"] == []


def test_the_command_refuses_a_bad_file_in_one_line(world, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(b"full_name,role\n")
    with pytest.raises(CommandError, match="was not imported: 1 problem"):
        call_command("people", "import", "--council", world.council.slug, str(path))


def test_two_rows_for_one_person_are_refused(world):
    both = b"full_name,role,email\nStaff One,staff,staff@ashby.example\nStaff Two,staff,staff@ashby.example\n"
    report = import_people(world.council, both, actor=ACTOR)
    assert [p.line for p in report.problems] == [3]


def test_a_second_row_for_an_existing_person_by_another_address_is_refused(world):
    world.people["staff"].emails.create(council=world.council, address="s2@ashby.example")
    rows = b"full_name,role,email\nA,staff,staff@ashby.example\nB,staff,s2@ashby.example\n"
    report = import_people(world.council, rows, actor=ACTOR)
    assert [p.line for p in report.problems] == [3]
    assert "also on line 2" in report.problems[0].message


def test_an_import_cannot_close_a_loop_of_line_managers(world):
    # In the database: staff reports to manager. The file makes clerk report to staff and
    # manager report to clerk, which would close the loop manager -> clerk -> staff -> manager.
    loop = (
        b"full_name,role,email,line_manager_email\n"
        b"Clerk,staff,clerk@ashby.example,staff@ashby.example\n"
        b"Manager,staff,manager@ashby.example,clerk@ashby.example\n"
    )
    report = import_people(world.council, loop, actor=ACTOR)
    assert not report.ok
    assert "own line manager" in report.problems[0].message
    world.people["manager"].refresh_from_db()
    assert world.people["manager"].line_manager is None


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("x" * 201, "full name is longer than 200"),
        ("a\x00b", "NUL"),
        ("y" * 200_000, "unreadable CSV"),
    ],
)
def test_values_the_database_would_refuse_are_listed_not_crashed_on(world, cell, problem):
    content = f"full_name,role,email\n{cell},staff,z@ashby.example\n".encode()
    report = import_people(world.council, content, actor=ACTOR)
    assert not report.ok
    assert problem in report.problems[0].message
    assert not Person.objects.filter(emails__address="z@ashby.example").exists()


def test_cells_a_spreadsheet_would_run_are_exported_guarded_and_imported_back(client, world):
    content = b"full_name,role,email,job_title\n=HYPERLINK(1),staff,f@ashby.example,@SUM(A1)\n"
    assert import_people(world.council, content, actor=ACTOR).ok
    client.force_login(world.clerk)
    exported = client.get(reverse("people:person_export", kwargs={"council": world.council.slug}))
    assert b"'=HYPERLINK(1)" in exported.content and b"'@SUM(A1)" in exported.content
    report = import_people(world.council, exported.content, actor=ACTOR)
    assert report.ok and report.updated == 0
    assert Person.objects.get(emails__address="f@ashby.example").full_name == "=HYPERLINK(1)"
