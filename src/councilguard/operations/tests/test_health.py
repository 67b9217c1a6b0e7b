"""/healthz: 200 when the database answers, the worker is alive, the data directory can be
written with room to spare and the last audit check passed; 503 naming what fails; and back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from councilguard.audit.models import AuditEntry
from councilguard.core.jobs import verify_audit_trails
from councilguard.core.models import AuditCheck, WorkerHeartbeat
from councilguard.core.worker import beat
from councilguard.operations.health import check_audit, check_worker

URL = "/healthz"


@pytest.fixture
def healthy(world, settings):
    settings.HEALTH_WORKER_MAX_AGE = 900
    settings.HEALTH_MIN_FREE_MB = 1
    beat()
    verify_audit_trails.call()
    return world


def _get(client):
    response = client.get(URL)
    return response.status_code, response.json()["checks"]


def test_it_answers_200_without_sign_in_when_all_is_well(healthy, client):
    assert reverse("operations:healthz") == URL
    status, checks = _get(client)
    assert status == 200, checks
    assert checks == {"database": "ok", "worker": "ok", "audit": "ok", "data directory": "ok"}
    assert client.get(URL)["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("seconds, ok", [(899, True), (900, True), (901, False)])
def test_the_worker_may_be_silent_up_to_its_limit(healthy, seconds, ok):
    beat_at = WorkerHeartbeat.objects.get().beat_at
    assert check_worker(now=beat_at + timedelta(seconds=seconds)).ok is ok


def test_it_fails_when_the_worker_stops_and_recovers_when_it_beats_again(healthy, client):
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=1000))
    status, checks = _get(client)
    assert status == 503
    assert checks["worker"].startswith("failing: last seen 100")
    assert [name for name, value in checks.items() if value != "ok"] == ["worker"]
    beat()  # the worker comes back
    assert _get(client)[0] == 200


def test_it_fails_before_the_worker_has_ever_run(world, settings, client):
    settings.HEALTH_MIN_FREE_MB = 1
    verify_audit_trails.call()
    status, checks = _get(client)
    assert status == 503 and checks["worker"] == "failing: has never run"


def test_it_fails_while_an_audit_trail_is_broken_and_recovers_when_mended(healthy, client):
    entry = AuditEntry.objects.get(council=healthy.council, sequence=2)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET summary = 'edited' WHERE id = %s", [entry.pk])
    verify_audit_trails.call()
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"]["audit"] == (
        "failing: the last verification found a broken audit trail"
    )
    # Nothing about which council, to a visitor who has not signed in.
    body = response.content.decode()
    assert healthy.council.slug not in body and healthy.council.name not in body

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET summary = %s WHERE id = %s", [entry.summary, entry.pk]
        )
    verify_audit_trails.call()
    assert _get(client)[0] == 200


def test_it_fails_when_the_last_audit_check_is_too_old_or_missing(healthy, client, settings):
    settings.HEALTH_AUDIT_MAX_AGE = 48
    checked_at = AuditCheck.objects.get().checked_at
    assert check_audit(now=checked_at + timedelta(hours=48)).ok
    assert not check_audit(now=checked_at + timedelta(hours=48, seconds=1)).ok
    AuditCheck.objects.update(checked_at=timezone.now() - timedelta(hours=49))
    assert _get(client)[1]["audit"] == "failing: the last verification is too old"
    AuditCheck.objects.all().delete()
    assert _get(client)[1]["audit"] == "failing: the nightly verification has not run yet"


def test_it_fails_when_the_data_directory_cannot_be_written_or_is_full(
    healthy, client, settings, tmp_path
):
    (tmp_path / "a-file").write_text("x")
    settings.DATA_DIR = tmp_path / "a-file" / "data"
    assert _get(client)[1]["data directory"] == "failing: cannot be written"
    settings.DATA_DIR = tmp_path / "data"
    settings.HEALTH_MIN_FREE_MB = 10**9  # a petabyte: more than any disk here has free
    status, checks = _get(client)
    assert status == 503 and checks["data directory"].startswith("failing: only ")


def test_workers_gone_for_a_week_are_forgotten(db):
    WorkerHeartbeat.objects.create(
        worker_id="old-host-1", beat_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    WorkerHeartbeat.objects.create(
        worker_id="old-host-2", beat_at=timezone.now() - timedelta(days=6, hours=23)
    )
    beat()
    remaining = set(WorkerHeartbeat.objects.values_list("worker_id", flat=True))
    assert "old-host-1" not in remaining and "old-host-2" in remaining and len(remaining) == 2
