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
    assert [str(p) for p in report.problems] == ["line 1: missing column(s): email"]


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
    messages = {(p.line, p.message.split(":")[0].split(" ")[0]) for p in report.problems}
    lines = sorted({p.line for p in report.problems})
    assert lines == [3, 4, 5, 6, 7, 8]
    assert any("unknown role 'janitor'" in p.message for p in report.problems)
    assert any("'not-an-address' is not an e-mail address" in p.message for p in report.problems)
    assert any("also on line 2" in p.message for p in report.problems if p.line == 7)
    assert any("not in this file or this council" in p.message for p in report.problems)
    assert messages
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
