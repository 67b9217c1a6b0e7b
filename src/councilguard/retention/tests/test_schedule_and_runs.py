"""Retention over every kind of monitoring data (C19, B 5.1.3): each kind is deleted the day
after its period ends and kept on the day it ends and before; a legal hold keeps what it covers
and the receipt names the case; a run's receipt adds up; a dry run changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from councilguard.audit.events import Event
from councilguard.cases import services as cases
from councilguard.cases.models import Case
from councilguard.cases.testing import make_case
from councilguard.core.roles import Role
from councilguard.monitoring.ingest import ingest_file
from councilguard.monitoring.models import Finding, LegalHold, PurgeReceipt
from councilguard.monitoring.testing import make_finding
from councilguard.monitoring.tests.engine import TESTER, squid_line
from councilguard.people.patterns import LONDON
from councilguard.phones.models import UsageMonth
from councilguard.retention import services
from councilguard.retention.models import RetentionReceipt
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP

TODAY = dt.date(2026, 6, 1)


def finding_ending(world, person, end: dt.date) -> Finding:
    return make_finding(world, person, start=end, days=1)


def usage(world, person, month: dt.date) -> UsageMonth:
    return UsageMonth.objects.create(
        council=world.council,
        person=person,
        month=month,
        calls=3,
        minutes=12.0,
        texts=1,
        data_bytes=10,
        cost_pence=120,
        personal_cost_pence=0,
        calls_out_of_hours=0,
    )


def line(run: services.Run, kind: str) -> dict:
    return next(item for item in run.lines if item["kind"] == kind)


def adds_up(run: services.Run) -> None:
    for item in run.lines:
        assert item["due"] == item["deleted"] + sum(k["count"] for k in item["kept"]), item


# --- each kind at, below and above its threshold --------------------------------------------


@pytest.mark.parametrize(
    ("end", "goes"),
    [
        (dt.date(2025, 5, 31), True),  # 366 days old: past a 365-day period
        (dt.date(2025, 6, 1), False),  # 365 days old: at it
        (dt.date(2025, 6, 2), False),  # 364 days old: within it
    ],
)
def test_findings_go_the_day_after_their_period(world, data_dir, end, goes):
    finding = finding_ending(world, world.people[Role.STAFF], end)
    run = services.run(world.council, actor=SETUP, today=TODAY)
    assert Finding.objects.filter(pk=finding.pk).exists() is not goes
    assert line(run, "monitoring.findings")["deleted"] == (1 if goes else 0)
    adds_up(run)


@pytest.mark.parametrize(
    ("days", "goes"),
    [
        # April 2025 ends on 30 April; on 1 June 2026 that is 397 days ago.
        (396, True),
        (397, False),
        (398, False),
    ],
)
def test_a_month_of_phone_use_goes_once_its_last_day_is_past_the_period(
    world, data_dir, days, goes
):
    services.set_period(
        world.council, "phones.summaries", days=days, reason="Test period", actor=SETUP
    )
    april = usage(world, world.people[Role.STAFF], dt.date(2025, 4, 1))
    may = usage(world, world.people[Role.STAFF], dt.date(2025, 5, 1))
    services.run(world.council, actor=SETUP, today=TODAY)
    assert UsageMonth.objects.filter(pk=april.pk).exists() is not goes
    assert UsageMonth.objects.filter(pk=may.pk).exists()


def closed_case(world, when: dt.datetime) -> Case:
    case = make_case(world, "outcome")
    cases.close_case(case, reason="Informal action taken.", actor=SETUP)
    Case.objects.filter(pk=case.pk).update(closed_at=when)
    # Past the appeal period: its hold is released as the nightly job would.
    for hold in LegalHold.objects.filter(case_subjects__case=case, released_at__isnull=True):
        hold.released_at = when
        hold.save()
    return case


@pytest.mark.parametrize(
    ("closed", "goes"),
    [
        (dt.datetime(2026, 5, 1, 23, 59, 59), True),  # the day before: 31 days ago
        (dt.datetime(2026, 5, 2, 0, 0, 0), False),  # 30 days ago, at the start of the day
        (dt.datetime(2026, 5, 3, 9, 0, 0), False),  # 29 days ago
    ],
)
def test_closed_cases_go_the_day_after_their_period(world, data_dir, closed, goes):
    services.set_period(world.council, "cases.closed", days=30, reason="Test", actor=SETUP)
    case = closed_case(world, closed.replace(tzinfo=LONDON))
    run = services.run(world.council, actor=SETUP, today=TODAY)
    assert Case.objects.filter(pk=case.pk).exists() is not goes
    assert line(run, "cases.closed")["deleted"] == (1 if goes else 0)


def test_an_open_case_is_never_deleted(world, data_dir):
    services.set_period(world.council, "cases.closed", days=1, reason="Test", actor=SETUP)
    case = make_case(world, "outcome")
    Case.objects.filter(pk=case.pk).update(opened_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    services.run(world.council, actor=SETUP, today=TODAY)
    assert Case.objects.filter(pk=case.pk).exists()


# --- holds, receipts, dry runs --------------------------------------------------------------


@pytest.fixture
def old_data(monitored, tmp_path):
    """Three days of proxy events in March 2025 (90 days' retention), an old finding and an old
    month of phone use for both the staff member and the manager; the staff member is the
    subject of an open case, which holds their data."""
    world = monitored
    staff, manager = world.people[Role.STAFF], world.people[Role.MANAGER]
    path = tmp_path / "a.log"
    path.write_text(
        "\n".join(
            [
                squid_line("2025-03-01 10:00:00", "10.1.1.1", "http://a.example/", "s.staff"),
                squid_line("2025-03-01 10:00:00", "10.1.1.1", "http://a.example/", "m.manager"),
                squid_line("2025-03-02 10:00:00", "10.1.1.1", "http://a.example/", "m.manager"),
                squid_line("2025-03-03 10:00:00", "10.1.1.1", "http://a.example/", "s.staff"),
            ]
        )
        + "\n"
    )
    ingest_file(world.council, "proxy", "squid", path, actor=TESTER)
    for person in (staff, manager):
        finding_ending(world, person, dt.date(2024, 1, 7))
        usage(world, person, dt.date(2024, 1, 1))
    recent = make_finding(world, staff, start=dt.date(2025, 5, 19), status="escalated")
    world.case = make_case(world, "formal_investigation", person=staff, finding=recent)
    return world


# On 1 June 2025, 1 and 2 March are past 90 days; 3 March is not.
EVENTS_DAY = dt.date(2025, 6, 1)


def test_a_run_deletes_every_kind_keeps_held_data_and_names_the_case(old_data):
    world, case = old_data, old_data.case
    staff = world.people[Role.STAFF]
    held_for = f"Case {case.reference}: {case.title}"
    with assert_audited(world.council, Event.EVENTS_PURGED, Event.RETENTION_RUN):
        run = services.run(world.council, actor=SETUP, today=EVENTS_DAY)
    events = line(run, "monitoring.events.proxy")
    assert (events["due"], events["deleted"]) == (3, 2)
    assert events["kept"] == [{"for": held_for, "count": 1}]
    findings = line(run, "monitoring.findings")
    # The case's own finding is recent: only the two old ones were due.
    assert (findings["due"], findings["deleted"]) == (2, 1)
    assert findings["kept"] == [{"for": held_for, "count": 1}]
    months = line(run, "phones.summaries")
    assert (months["due"], months["deleted"]) == (2, 1)
    assert months["kept"] == [{"for": held_for, "count": 1}]
    adds_up(run)
    assert set(Finding.objects.values_list("person", flat=True)) == {staff.pk}
    assert list(UsageMonth.objects.values_list("person", flat=True)) == [staff.pk]
    # One receipt for the run, matching what was printed; the raw-event receipt as before.
    receipt = RetentionReceipt.objects.get()
    assert receipt.lines == run.lines
    assert (receipt.deleted, receipt.kept) == (4, 3)
    assert PurgeReceipt.objects.get().events_removed == 2


def test_once_the_hold_is_released_the_held_data_goes_too(old_data):
    services.run(old_data.council, actor=SETUP, today=EVENTS_DAY)
    for hold in LegalHold.objects.filter(released_at__isnull=True):
        hold.released_at = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
        hold.save()
    run = services.run(old_data.council, actor=SETUP, today=EVENTS_DAY)
    assert run.kept == 0
    assert line(run, "monitoring.events.proxy")["deleted"] == 1
    assert line(run, "monitoring.findings")["deleted"] == 1
    assert RetentionReceipt.objects.count() == 2


def test_a_dry_run_counts_the_same_and_changes_nothing(old_data):
    world = old_data
    before = (Finding.objects.count(), UsageMonth.objects.count(), PurgeReceipt.objects.count())
    with assert_audited(world.council):
        dry = services.run(world.council, actor=SETUP, today=EVENTS_DAY, dry_run=True)
    assert dry.receipt is None and not RetentionReceipt.objects.exists()
    after = (Finding.objects.count(), UsageMonth.objects.count(), PurgeReceipt.objects.count())
    assert after == before
    real = services.run(world.council, actor=SETUP, today=EVENTS_DAY)
    assert real.lines == dry.lines


def test_a_receipt_is_written_even_when_nothing_is_due(world, data_dir):
    run = services.run(world.council, actor=SETUP, today=TODAY)
    assert run.deleted == run.kept == 0
    assert RetentionReceipt.objects.get().lines == run.lines


def test_each_council_keeps_its_own_data(old_data):
    from councilguard.testing.world import make_world

    other = make_world("brindle")
    theirs = finding_ending(other, other.people[Role.STAFF], dt.date(2024, 1, 7))
    services.run(old_data.council, actor=SETUP, today=EVENTS_DAY)
    assert Finding.objects.filter(pk=theirs.pk).exists()


# --- periods ------------------------------------------------------------------------------


def test_a_period_change_needs_a_reason_and_is_audited(world, data_dir):
    with pytest.raises(services.RetentionError, match="Say why"):
        services.set_period(world.council, "monitoring.findings", days=30, reason=" ", actor=SETUP)
    with pytest.raises(services.RetentionError, match="between 1 and"):
        services.set_period(world.council, "monitoring.findings", days=0, reason="x", actor=SETUP)
    with pytest.raises(services.RetentionError, match="no such kind"):
        services.set_period(world.council, "nothing", days=30, reason="x", actor=SETUP)
    with assert_audited(world.council, Event.RETENTION_PERIOD_CHANGED):
        services.set_period(
            world.council, "monitoring.findings", days=200, reason="Committee", actor=SETUP
        )
    row = next(r for r in services.schedule(world.council) if r.kind.key == "monitoring.findings")
    assert (row.days, row.changed.reason) == (200, "Committee")


def test_a_sources_period_is_changed_on_the_source(monitored):
    with pytest.raises(services.RetentionError, match="monitoring source"):
        services.set_period(
            monitored.council, "monitoring.events.proxy", days=30, reason="x", actor=SETUP
        )
    row = next(
        r for r in services.schedule(monitored.council) if r.kind.key == "monitoring.events.proxy"
    )
    assert row.days == 90


# --- the command line -----------------------------------------------------------------------


def test_the_command_shows_the_schedule_and_runs_it_as_json(old_data, monkeypatch):
    monkeypatch.setattr(services, "today_in_london", lambda: EVENTS_DAY)
    out = StringIO()
    call_command("retention", "show", "--council", old_data.council.slug, "--json", stdout=out)
    shown = {row["kind"]: row for row in json.loads(out.getvalue())}
    assert shown["monitoring.findings"]["days"] == 365
    assert shown["monitoring.events.proxy"]["due"] == 3
    assert shown["monitoring.events.proxy"]["would_delete"] == 2
    assert shown["cases.closed"]["days"] == 6 * 365
    out = StringIO()
    call_command(
        "retention", "run", "--council", old_data.council.slug, "--dry-run", "--json", stdout=out
    )
    dry = json.loads(out.getvalue())
    assert (dry["dry_run"], dry["deleted"], dry["kept"]) == (True, 4, 3)
    assert not RetentionReceipt.objects.exists()
    out = StringIO()
    call_command("retention", "run", "--council", old_data.council.slug, "--json", stdout=out)
    done = json.loads(out.getvalue())
    assert (done["deleted"], done["kept"]) == (4, 3)
    assert RetentionReceipt.objects.count() == 1
    with pytest.raises(CommandError, match="no council"):
        call_command("retention", "show", "--council", "nowhere")


def test_a_closed_case_still_in_its_appeal_period_is_kept_for_its_hold(world, data_dir):
    services.set_period(world.council, "cases.closed", days=30, reason="Test", actor=SETUP)
    case = make_case(world, "outcome")
    cases.close_case(case, reason="Informal action taken.", actor=SETUP)
    Case.objects.filter(pk=case.pk).update(closed_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    run = services.run(world.council, actor=SETUP, today=TODAY)
    assert Case.objects.filter(pk=case.pk).exists()
    closed = line(run, "cases.closed")
    assert closed["due"] == 1 and closed["deleted"] == 0
    assert closed["kept"] == [{"for": f"Case {case.reference}: {case.title}", "count": 1}]
