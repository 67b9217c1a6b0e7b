"""``councilguard doctor``: is this deployment configured as docs/deploy.md says? Each finding
says what to fix, in words an IT provider acts on."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from councilguard.operations import health

OK, WARN, FIX = "ok", "warn", "FIX"


@dataclass(frozen=True)
class Finding:
    level: str
    topic: str
    text: str


def diagnose() -> list[Finding]:
    found: list[Finding] = []
    for check in (
        _environment,
        _secret_key,
        _vault_key,
        _allowed_hosts,
        _https,
        _mail,
        _database,
        _data_dir,
        _worker,
        _time_zone,
        _backups,
    ):
        found += check()
    return found


def _environment() -> list[Finding]:
    if settings.PRODUCTION:
        return [Finding(OK, "environment", "production")]
    return [
        Finding(
            FIX,
            "environment",
            "COUNCILGUARD_ENV is demo: set COUNCILGUARD_ENV=production in the environment file",
        )
    ]


def _secret_key() -> list[Finding]:
    demo_file = Path(settings.VAR_DIR) / "secret_key"
    if demo_file.exists() and demo_file.read_text(encoding="utf-8").strip() == settings.SECRET_KEY:
        return [
            Finding(
                FIX,
                "secret key",
                "the demo's generated key is in use: set SECRET_KEY_FILE to a file holding 50+ "
                "random characters (see docs/deploy.md)",
            )
        ]
    if len(settings.SECRET_KEY) < 50:
        return [Finding(FIX, "secret key", "SECRET_KEY is shorter than 50 characters")]
    return [Finding(OK, "secret key", "set")]


def _vault_key() -> list[Finding]:
    from councilguard.vault import crypto
    from councilguard.vault.services import check_key, current_kek

    found = []
    if settings.VAULT_KEY_DEMO_FILE is not None:
        found.append(
            Finding(
                FIX,
                "vault key",
                "the demo's generated key is in use: make one with 'councilguard vault new-key' "
                "and set COUNCILGUARD_VAULT_KEY_FILE (keep a copy apart from the backups)",
            )
        )
    key_file = os.environ.get("COUNCILGUARD_VAULT_KEY_FILE")
    if key_file and Path(key_file).exists():
        mode = Path(key_file).stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            found.append(
                Finding(FIX, "vault key", f"{key_file} is readable by others: chmod 600 it")
            )
    try:
        count, problems = check_key()
    except (crypto.VaultKeyError, DatabaseError) as exc:
        return [*found, Finding(FIX, "vault key", str(exc).splitlines()[0])]
    if problems:
        found.append(
            Finding(FIX, "vault key", f"{len(problems)} of {count} entries cannot be opened")
        )
    elif not found:
        found.append(
            Finding(OK, "vault key", f"key {crypto.key_id(current_kek())} opens {count} entries")
        )
    return found


def _allowed_hosts() -> list[Finding]:
    hosts = settings.ALLOWED_HOSTS
    if not hosts:
        return [Finding(FIX, "allowed hosts", "ALLOWED_HOSTS is empty: name this server")]
    if "*" in hosts:
        return [Finding(FIX, "allowed hosts", "ALLOWED_HOSTS has '*': name the host names")]
    local = {"127.0.0.1", "localhost", "testserver"}
    if settings.PRODUCTION and set(hosts) <= local:
        return [Finding(FIX, "allowed hosts", "ALLOWED_HOSTS names only this machine")]
    return [Finding(OK, "allowed hosts", ", ".join(hosts))]


def _https() -> list[Finding]:
    if not settings.SITE_URL.startswith("https://"):
        return [Finding(FIX, "https", f"SITE_URL is {settings.SITE_URL}: use the https:// one")]
    return [Finding(OK, "https", settings.SITE_URL)]


def _mail() -> list[Finding]:
    found = []
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if backend != "smtp":
        found.append(
            Finding(FIX, "mail", f"mail goes to the {backend} backend: set EMAIL_HOST and friends")
        )
    if settings.DEFAULT_FROM_EMAIL.endswith("@localhost>") or "@localhost" in (
        settings.DEFAULT_FROM_EMAIL
    ):
        found.append(Finding(FIX, "mail", "DEFAULT_FROM_EMAIL is at localhost: set a real one"))
    if not settings.ADMINS:
        found.append(
            Finding(
                FIX,
                "mail",
                "COUNCILGUARD_ADMINS is empty: nobody would hear of a failed backup",
            )
        )
    return found or [Finding(OK, "mail", f"SMTP via {settings.EMAIL_HOST}")]


def _database() -> list[Finding]:
    check = health.check_database()
    if not check.ok:
        return [Finding(FIX, "database", "does not answer: check DATABASE_URL")]
    found = []
    if connection.vendor != "postgresql":
        found.append(
            Finding(
                WARN,
                "database",
                f"{connection.vendor}: fine for trying out, PostgreSQL for production",
            )
        )
    try:
        plan = MigrationExecutor(connection).migration_plan(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
    except DatabaseError as exc:
        return [*found, Finding(FIX, "database", str(exc).splitlines()[0])]
    if plan:
        found.append(
            Finding(FIX, "database", f"{len(plan)} migrations not applied: councilguard migrate")
        )
    cache = settings.CACHES["default"]
    if cache["BACKEND"].endswith("DatabaseCache") and cache["LOCATION"] not in (
        connection.introspection.table_names()
    ):
        # Sign-in rate limits live there: without it every sign-in fails.
        found.append(Finding(FIX, "database", "no cache table: councilguard createcachetable"))
    return found or [Finding(OK, "database", f"{connection.vendor}, schema up to date")]


def _data_dir() -> list[Finding]:
    check = health.check_data_dir()
    if not check.ok:
        return [Finding(FIX, "data directory", f"{settings.DATA_DIR}: {check.detail}")]
    return [Finding(OK, "data directory", str(settings.DATA_DIR))]


def _worker() -> list[Finding]:
    try:
        check = health.check_worker()
    except DatabaseError:
        return [Finding(FIX, "worker", "not checked: no database")]
    if not check.ok:
        return [
            Finding(
                FIX,
                "worker",
                f"{check.detail}: start it (systemctl start councilguard-worker)",
            )
        ]
    return [Finding(OK, "worker", "running")]


def _time_zone() -> list[Finding]:
    found = []
    if settings.TIME_ZONE != "Europe/London":
        found.append(
            Finding(FIX, "time zone", "TIME_ZONE must be Europe/London (working hours are UK)")
        )
    if not settings.USE_TZ:
        found.append(Finding(FIX, "time zone", "USE_TZ must be on"))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT CURRENT_TIMESTAMP")
            value = cursor.fetchone()[0]
    except DatabaseError:
        return found
    if isinstance(value, str):  # SQLite answers in text, in UTC
        from datetime import UTC, datetime

        value = datetime.fromisoformat(value).replace(tzinfo=UTC)
    skew = abs((timezone.now() - value).total_seconds())
    if skew > 60:
        found.append(
            Finding(
                FIX, "time zone", f"this machine's clock and the database's differ by {skew:.0f} s"
            )
        )
    return found or [Finding(OK, "time zone", "Europe/London, clocks agree")]


def _backups() -> list[Finding]:
    from councilguard.operations.models import BackupRun

    if not settings.BACKUP_DIR:
        return [Finding(FIX, "backups", "COUNCILGUARD_BACKUP_DIR is not set: no nightly backups")]
    try:
        # (A run still going, or one restored from its own backup, has not finished.)
        last = BackupRun.objects.filter(
            trigger=BackupRun.Trigger.SCHEDULE, finished_at__isnull=False
        ).first()
    except DatabaseError:
        return [Finding(FIX, "backups", "not checked: no database")]
    if last is not None and not last.ok:
        return [Finding(FIX, "backups", f"the last backup failed: {last.message}")]
    when = f", last {last.started_at:%Y-%m-%d %H:%M}" if last else ", none taken yet"
    return [
        Finding(
            OK,
            "backups",
            f"daily at {settings.BACKUP_TIME} into {settings.BACKUP_DIR}, "
            f"keeping {settings.BACKUP_KEEP}{when}",
        )
    ]
