"""The restore drill (C29): the demo council with logs and a phone bill ingested is backed up,
restored by `councilguard restore` into a new database and data directory, and everything a
council relies on comes back; a backup with one byte changed is refused, naming the file.

Runs on the database the suite runs on: SQLite by default, PostgreSQL with DATABASE_URL (the
restore then goes into a database created here and dropped after)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from councilguard.core.demo import DEMO_SLUG, load_demo
from councilguard.core.models import Council
from councilguard.monitoring.ingest import ingest_file
from councilguard.monitoring.tests.engine import TESTER, squid_line, write_lists
from councilguard.operations.backup import take_backup
from councilguard.operations.tests.drill import fingerprint
from councilguard.testing.world import make_world

SRC = Path(__file__).resolve().parents[3]
FINGERPRINT = (
    "import django, json; django.setup(); "
    "from councilguard.operations.tests.drill import fingerprint; "
    "print(json.dumps(fingerprint()))"
)


def _demo_with_logs(tmp_path: Path) -> None:
    load_demo()
    council = Council.objects.get(slug=DEMO_SLUG)
    write_lists(tmp_path)
    log = tmp_path / "access.log"
    log.write_text(
        "\n".join(
            [
                squid_line("2026-03-02 10:00:00", "10.20.0.31", "http://facebook.com/", "stully"),
                squid_line("2026-03-02 10:01:00", "10.20.0.31", "http://facebook.com/", "stully"),
                squid_line("2026-03-03 11:00:00", "10.20.0.44", "http://casino.example/"),
                squid_line("2026-03-04 09:30:00", "10.20.0.99", "http://shop.example/", "dkemp"),
            ]
        )
        + "\n"
    )
    receipt = ingest_file(council, "proxy", "squid", log, actor=TESTER)
    assert receipt.events == 4


@pytest.fixture
def restore_target(tmp_path):
    """A new database (a file for SQLite, a database created here for PostgreSQL) and data
    directory, as the environment of a separate `councilguard` process."""
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "DJANGO_SETTINGS_MODULE": "councilguard.settings",
        "COUNCILGUARD_VAR_DIR": str(tmp_path / "restored-var"),
        "COUNCILGUARD_DATA_DIR": str(tmp_path / "restored-data"),
        "COUNCILGUARD_VAULT_KEY": settings.VAULT_KEY,
    }
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        yield env
        return
    import psycopg

    db = connection.settings_dict
    name = f"ops_restore_{uuid.uuid4().hex[:8]}"
    params = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}{password}@{params['host']}:{params['port']}/{name}"
    )
    try:
        yield env
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _councilguard(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "councilguard.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_to_the_same_people_findings_events_secrets_and_trails(
    tmp_path, restore_target
):
    _demo_with_logs(tmp_path)
    before = fingerprint()
    ashcombe = before["councils"][DEMO_SLUG]
    # The drill proves something only if there is something to lose.
    assert len(ashcombe["people"]) > 10 and len(ashcombe["findings"]) > 3
    assert sum(ashcombe["events_per_day"]["proxy"].values()) == 4
    assert len(ashcombe["events_per_day"]["phone"]) > 100
    assert len(ashcombe["vault"]) == 4 and before["categories"]

    manifest = take_backup(tmp_path / "backup")
    assert manifest["councils"][DEMO_SLUG]["sequence"] == ashcombe["audit_head"][0]
    assert manifest["councils"][DEMO_SLUG]["hash"] == ashcombe["audit_head"][1]

    done = _councilguard(restore_target, "restore", str(tmp_path / "backup"))
    assert done.returncode == 0, done.stderr
    assert f"{DEMO_SLUG}: audit trail intact" in done.stdout
    assert "the vault key opens all 4 entries" in done.stdout

    after = subprocess.run(
        [sys.executable, "-c", FINGERPRINT],
        env=restore_target,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(json.dumps(before))


@pytest.mark.django_db(transaction=True)
def test_a_backup_with_one_byte_changed_is_refused_naming_the_file(tmp_path, restore_target):
    _demo_with_logs(tmp_path)
    take_backup(tmp_path / "backup")
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    name = next(n for n in sorted(manifest["files"]) if "/proxy/" in n and "/day=" in n)
    damaged = tmp_path / "backup" / name
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged.write_bytes(bytes(data))

    verify = _councilguard(restore_target, "backup", "verify", str(tmp_path / "backup"))
    assert verify.returncode == 1
    assert f"damaged backup: {name} does not match its SHA-256" in verify.stderr
    restore = _councilguard(restore_target, "restore", str(tmp_path / "backup"))
    assert restore.returncode == 1
    assert f"nothing restored: damaged backup: {name}" in restore.stderr
    assert not (Path(restore_target["COUNCILGUARD_DATA_DIR"])).exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_from_an_older_version_is_migrated_forward(tmp_path, restore_target):
    if connection.vendor != "sqlite":
        pytest.skip("the older schema is made by editing the SQLite copy; the drill covers both")
    make_world("ashby")
    take_backup(tmp_path / "backup")
    # Make the copy what an older councilguard, before the operations app, would have written.
    backup = tmp_path / "backup"
    with sqlite3.connect(backup / "database.sqlite3") as older:
        older.execute("DROP TABLE operations_backuprun")
        older.execute("DELETE FROM django_migrations WHERE app = 'operations'")
    older.close()

    def without_operations(manifest: dict) -> None:
        del manifest["schema"]["operations"]
        path = backup / "database.sqlite3"
        manifest["files"]["database.sqlite3"] = {
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "bytes": path.stat().st_size,
        }

    manifest = json.loads((backup / "manifest.json").read_text())
    without_operations(manifest)
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    (backup / "manifest.json").write_text(text)
    (backup / "manifest.sha256").write_text(hashlib.sha256(text.encode()).hexdigest() + "\n")

    done = _councilguard(restore_target, "restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert "ashby: audit trail intact" in done.stdout
    name = restore_target["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(name) as restored:
        applied = restored.execute(
            "SELECT name FROM django_migrations WHERE app = 'operations'"
        ).fetchall()
        assert applied == [("0001_initial",)]
        assert restored.execute("SELECT COUNT(*) FROM operations_backuprun").fetchone() == (0,)
    restored.close()
