"""Is this deployment working? The checks behind /healthz: each says ok or what is failing, in
words about the deployment only (never a council, person or path a visitor could use)."""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from councilguard.core.models import AuditCheck, WorkerHeartbeat

MB = 1024 * 1024


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


def run_checks() -> list[Check]:
    database = check_database()
    checks = [database]
    if database.ok:
        checks += [check_worker(), check_audit()]
    else:
        checks += [
            Check("worker", False, "not checked: no database"),
            Check("audit", False, "not checked: no database"),
        ]
    checks.append(check_data_dir())
    return checks


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return Check("database", False, "does not answer")
    return Check("database", True)


def check_worker(now=None) -> Check:
    latest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    if latest is None:
        return Check("worker", False, "has never run")
    age = ((now or timezone.now()) - latest).total_seconds()
    if age > settings.HEALTH_WORKER_MAX_AGE:
        return Check("worker", False, f"last seen {int(age)} seconds ago")
    return Check("worker", True)


def check_audit(now=None) -> Check:
    latest = AuditCheck.objects.order_by("-checked_at").first()
    if latest is None:
        return Check("audit", False, "the nightly verification has not run yet")
    if not latest.ok:
        return Check("audit", False, "the last verification found a broken audit trail")
    if (now or timezone.now()) - latest.checked_at > timedelta(hours=settings.HEALTH_AUDIT_MAX_AGE):
        return Check("audit", False, "the last verification is too old")
    return Check("audit", True)


def check_data_dir() -> Check:
    root = Path(settings.DATA_DIR)
    probe = root / f".healthz-{uuid.uuid4().hex}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError:
        return Check("data directory", False, "cannot be written")
    free = shutil.disk_usage(root).free
    if free < settings.HEALTH_MIN_FREE_MB * MB:
        return Check("data directory", False, f"only {free // MB} MB free")
    return Check("data directory", True)
