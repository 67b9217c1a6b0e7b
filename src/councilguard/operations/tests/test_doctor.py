"""`councilguard doctor` says what to fix in a deployment, and exits 1 until it is fixed."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from councilguard.core.worker import beat


@pytest.fixture
def configured(settings, tmp_path, db):
    """A deployment set up as docs/deploy.md says (on the suite's database)."""
    settings.PRODUCTION = True
    settings.SECRET_KEY = "k" * 30 + "-not-the-demo-one-0123456789"
    settings.VAULT_KEY_DEMO_FILE = None
    settings.ALLOWED_HOSTS = ["council.example.org"]
    settings.SITE_URL = "https://council.example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "smtp.example.org"
    settings.DEFAULT_FROM_EMAIL = "councilguard <noreply@council.example.org>"
    settings.ADMINS = [("Ops", "ops@provider.example")]
    settings.BACKUP_DIR = str(tmp_path / "backups")
    settings.HEALTH_MIN_FREE_MB = 1
    beat()
    return settings


def _doctor() -> tuple[str, str | None]:
    out = io.StringIO()
    try:
        call_command("doctor", stdout=out)
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def test_a_configured_deployment_has_nothing_to_fix(configured):
    out, error = _doctor()
    assert error is None, out
    assert "FIX" not in out and out.strip().endswith("nothing to fix")


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"PRODUCTION": False}, "FIX  environment: COUNCILGUARD_ENV is demo"),
        ({"SECRET_KEY": "short"}, "FIX  secret key: SECRET_KEY is shorter than 50"),
        ({"ALLOWED_HOSTS": ["*"]}, "FIX  allowed hosts: ALLOWED_HOSTS has '*'"),
        ({"ALLOWED_HOSTS": ["localhost"]}, "FIX  allowed hosts: ALLOWED_HOSTS names only this"),
        ({"SITE_URL": "http://council.example.org"}, "FIX  https: SITE_URL is http://"),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
            "FIX  mail: mail goes to the console backend",
        ),
        ({"ADMINS": []}, "FIX  mail: COUNCILGUARD_ADMINS is empty"),
        ({"TIME_ZONE": "UTC"}, "FIX  time zone: TIME_ZONE must be Europe/London"),
        ({"BACKUP_DIR": ""}, "FIX  backups: COUNCILGUARD_BACKUP_DIR is not set"),
        (
            {
                "CACHES": {
                    "default": {
                        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                        "LOCATION": "never_created_cache",
                    }
                }
            },
            "FIX  database: no cache table: councilguard createcachetable",
        ),
    ],
    ids=lambda v: next(iter(v)) if isinstance(v, dict) else "",
)
def test_each_misconfiguration_is_named_with_what_to_do(configured, change, expected):
    for name, value in change.items():
        setattr(configured, name, value)
    out, error = _doctor()
    assert expected in out
    assert error == "1 thing to fix (see docs/deploy.md)"


def test_a_stopped_worker_and_a_readable_vault_key_file_are_named(
    configured, tmp_path, monkeypatch
):
    from councilguard.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.all().delete()
    key_file = tmp_path / "vault_key"
    key_file.write_text(configured.VAULT_KEY)
    key_file.chmod(0o644)
    monkeypatch.setenv("COUNCILGUARD_VAULT_KEY_FILE", str(key_file))
    out, error = _doctor()
    assert "FIX  worker: has never run: start it" in out
    assert f"FIX  vault key: {key_file} is readable by others: chmod 600 it" in out
    assert error == "2 things to fix (see docs/deploy.md)"


def test_a_failed_nightly_backup_is_named_and_one_still_running_is_not(configured):
    from django.utils import timezone

    from councilguard.operations.models import BackupRun

    now = timezone.now()
    BackupRun.objects.create(
        started_at=now, finished_at=now, trigger="schedule", directory="d", message="disk full"
    )
    BackupRun.objects.create(started_at=now, trigger="schedule", directory="e")  # running
    out, error = _doctor()
    assert "FIX  backups: the last backup failed: disk full" in out
    assert error == "1 thing to fix (see docs/deploy.md)"
