"""The worker fires each schedule once per interval, however many workers run."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from councilguard.core.jobs import (
    CouncilsFailed,
    all_schedules,
    for_each_council,
    verify_audit_trails,
)
from councilguard.core.models import ScheduleRun
from councilguard.core.worker import drain_queue, fire_due_schedules
from councilguard.testing.world import make_world


def test_schedules_fire_once_then_wait_for_their_interval(db):
    # Apps declare theirs on their app config.
    assert {"rights.reminders", "reminders.send", "operations.backup"} <= {
        s.name for s in all_schedules()
    }
    assert set(fire_due_schedules()) == {s.name for s in all_schedules()}
    assert fire_due_schedules() == []
    # Past the longest interval (phone bills are analysed monthly), every schedule is due again.
    longest = max(s.every for s in all_schedules())
    ScheduleRun.objects.update(last_fired_at=timezone.now() - longest - timedelta(days=1))
    assert set(fire_due_schedules()) == {s.name for s in all_schedules()}
    assert DBTaskResult.objects.count() == 2 * len(all_schedules())


def test_the_nightly_check_tells_the_clerk_when_the_trail_was_tampered_with(world):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET summary = 'edited' WHERE sequence = 2")
    result = verify_audit_trails.call()
    assert result[world.council.slug].startswith(f"{world.council.slug}: entry #2")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["clerk@ashby.example", "deputy_clerk@ashby.example"]
    assert "tampered" in mail.outbox[0].subject


def test_queued_jobs_run_when_the_queue_is_drained(transactional_db):
    # Transactional: the worker checks its connection the way a long-running process must,
    # which a test wrapped in one transaction would not survive.
    make_world("ashby")
    verify_audit_trails.enqueue()
    drain_queue()
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL"
    assert mail.outbox == []


def test_a_council_whose_nightly_work_fails_does_not_stop_the_others(db, caplog):
    first, second, third = make_world("first"), make_world("second"), make_world("third")
    done = []

    def work(council):
        if council.slug == "second":
            raise ValueError("a damaged day file")
        done.append(council.slug)
        return len(done)

    with pytest.raises(CouncilsFailed) as failed:
        for_each_council(work, [first.council, second.council, third.council])
    # The third council's work happened after the second failed, and the failure names it.
    assert done == ["first", "third"]
    assert failed.value.slugs == ["second"]
    assert "second" in str(failed.value)
    assert "the job failed for council second" in caplog.text


def test_each_council_gives_its_result_when_none_fails(db):
    first, second = make_world("first"), make_world("second")
    results = for_each_council(lambda c: c.name, [first.council, second.council])
    assert results == {"first": first.council.name, "second": second.council.name}
