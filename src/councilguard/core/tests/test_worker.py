"""The worker fires each schedule once per interval, however many workers run."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from councilguard.core.jobs import all_schedules, verify_audit_trails
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
    assert mail.outbox[0].to == [world.clerk.email]
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
