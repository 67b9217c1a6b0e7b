"""The worker: fires due schedules, then runs queued jobs, in one loop (DESIGN 12)."""

from __future__ import annotations

import logging
import os
import signal
import socket
import time

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from councilguard.core.jobs import SCHEDULES, Schedule, app_schedules
from councilguard.core.models import ScheduleRun

logger = logging.getLogger(__name__)


def fire_due_schedules(schedules: tuple[Schedule, ...] | None = None) -> list[str]:
    """Enqueue each schedule whose interval has passed (the centre's and those apps declare).
    Claiming is a conditional update, so two workers never fire the same schedule twice."""
    if schedules is None:
        schedules = SCHEDULES + app_schedules()
    now = timezone.now()
    fired = []
    for schedule in schedules:
        if not _claim(schedule, now):
            continue
        schedule.job.enqueue()
        fired.append(schedule.name)
    return fired


def _claim(schedule: Schedule, now) -> bool:
    run = ScheduleRun.objects.filter(name=schedule.name).first()
    if run is None:
        try:
            with transaction.atomic():
                ScheduleRun.objects.create(name=schedule.name, last_fired_at=now)
        except IntegrityError:
            return False  # another worker created it first, and fires it
        return True
    if now - run.last_fired_at < schedule.every:
        return False
    claimed = ScheduleRun.objects.filter(pk=run.pk, last_fired_at=run.last_fired_at)
    return claimed.update(last_fired_at=now) == 1


def drain_queue() -> None:
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"{socket.gethostname()}-{os.getpid()}",
        excluded_queue_names=[],
    ).run()


def run_worker(*, interval: float = 5.0, once: bool = False) -> None:
    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    logger.info("worker started")
    while not stopping:
        fired = fire_due_schedules()
        if fired:
            logger.info("fired schedules: %s", ", ".join(fired))
        drain_queue()
        if once:
            break
        time.sleep(interval)
    logger.info("worker stopped")
