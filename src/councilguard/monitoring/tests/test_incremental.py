"""An analysis reads only the weeks that new batches touched (issue 18): its cost follows the
data that arrived, not the history kept, and its findings are those of a run over everything."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from django.core.management import call_command

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.monitoring.analysis import analyse, analyse_new, weeks_to_analyse
from councilguard.monitoring.ingest import ingest_file
from councilguard.monitoring.models import Finding, IngestBatch
from councilguard.monitoring.tests.engine import TESTER, squid_line

MARCH = date(2025, 3, 3)  # a Monday
APRIL = date(2025, 4, 7)  # a Monday, five weeks later


def facebook(day: date, hour: int = 10, minutes: int = 41) -> list[str]:
    return [
        squid_line(
            f"{day} {hour:02d}:{m:02d}:00", "10.9.9.9", "http://www.facebook.com/", "s.staff"
        )
        for m in range(minutes)
    ]


def social_week(monday: date) -> list[str]:
    """41 minutes of Facebook in working hours on Monday to Wednesday, and on Sunday evening a
    visit that runs past midnight into the next week (its time belongs to Sunday)."""
    lines = [line for d in range(3) for line in facebook(monday + timedelta(days=d))]
    sunday = monday + timedelta(days=6)
    lines += [
        squid_line(f"{sunday} 23:58:00", "10.9.9.9", "http://shop.example/", "s.staff"),
        squid_line(
            f"{sunday + timedelta(days=1)} 00:02:00", "10.9.9.9", "http://shop.example/", "s.staff"
        ),
    ]
    return lines


def ingest(world, tmp_path: Path, name: str, lines: list[str]) -> IngestBatch:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return ingest_file(world.council, "proxy", "squid", path, actor=TESTER).batch


def analysed_entries(world) -> int:
    return AuditEntry.objects.filter(council=world.council, event=Event.FINDINGS_ANALYSED).count()


def snapshot(world) -> list[tuple]:
    return sorted(
        (f.person_id, f.rule_kind, f.period_start, f.summary, f.status, str(f.evidence))
        for f in Finding.objects.filter(council=world.council)
    )


def test_a_second_run_with_nothing_new_reads_nothing(monitored, tmp_path):
    ingest(monitored, tmp_path, "march.log", social_week(MARCH))
    first = analyse_new(monitored.council, actor=TESTER)
    # Five UTC day files: Monday to Wednesday, Sunday and the Monday after (GMT in March).
    assert (first.raised, first.events_files) == (1, 5)
    entries = analysed_entries(monitored)
    again = analyse_new(monitored.council, actor=TESTER)
    assert (again.events_files, again.raised, again.refreshed, again.unchanged) == (0, 0, 0, 0)
    assert analysed_entries(monitored) == entries
    assert weeks_to_analyse(monitored.council) == ([], [])


def test_a_new_batch_re_analyses_only_its_weeks(monitored, tmp_path):
    ingest(monitored, tmp_path, "march.log", social_week(MARCH))
    analyse_new(monitored.council, actor=TESTER)
    april = ingest(monitored, tmp_path, "april.log", social_week(APRIL))
    pending, mondays = weeks_to_analyse(monitored.council)
    assert pending == [april.pk]
    # Its events fall on UTC days 7, 8, 9 and 13 April (the Sunday visit ends in the small
    # hours of Monday 14 April, which is 13 April in UTC during summer time).
    assert mondays == [APRIL, APRIL + timedelta(days=7)]
    report = analyse_new(monitored.council, actor=TESTER)
    # April's four day files only: none of March's.
    assert report.events_files == 4
    assert (report.raised, report.refreshed) == (1, 0)
    assert IngestBatch.objects.get(pk=april.pk).analysed_at is not None


def test_incremental_and_full_runs_give_identical_findings(monitored, tmp_path):
    ingest(monitored, tmp_path, "march.log", social_week(MARCH))
    analyse_new(monitored.council, actor=TESTER)
    # More of March's second week and its boundary: the Monday after the Sunday visit.
    second = MARCH + timedelta(days=7)
    more = [line for d in range(3) for line in facebook(second + timedelta(days=d), minutes=30)]
    ingest(monitored, tmp_path, "more.log", more)
    ingest(monitored, tmp_path, "april.log", social_week(APRIL))
    analyse_new(monitored.council, actor=TESTER)
    incremental = snapshot(monitored)
    assert len(incremental) == 3
    full = analyse(monitored.council, actor=TESTER)
    assert (full.raised, full.refreshed, full.withdrawn) == (0, 0, 0)
    assert snapshot(monitored) == incremental
    # The Sunday visit's four minutes are Sunday's, outside working hours, in either run.
    sunday_visit = Finding.objects.filter(rule_kind="web.personal_out_of_hours")
    assert not sunday_visit.exists()


def test_the_command_analyses_new_data_by_default_and_everything_with_all(
    monitored, tmp_path, capsys
):
    ingest(monitored, tmp_path, "march.log", social_week(MARCH))

    def run(*extra) -> dict:
        call_command("analyse", "--council", monitored.council.slug, "--json", *extra)
        return json.loads(capsys.readouterr().out)

    assert run() == {"files": 5, "raised": 1, "refreshed": 0, "unchanged": 0, "withdrawn": 0}
    assert run() == {"files": 0, "raised": 0, "refreshed": 0, "unchanged": 0, "withdrawn": 0}
    assert run("--all") == {"files": 5, "raised": 0, "refreshed": 0, "unchanged": 1, "withdrawn": 0}
