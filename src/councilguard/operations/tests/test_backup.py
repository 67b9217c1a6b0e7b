"""Backups: what goes in (committed batches only, one council when asked), what verify refuses,
what restore refuses before writing anything, and the worker's daily backup."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection

from councilguard.monitoring import eventstore
from councilguard.monitoring.ingest import ingest_file
from councilguard.monitoring.tests.engine import TESTER, govern, squid_line, write_lists
from councilguard.operations.backup import BackupError, take_backup, verify_backup
from councilguard.operations.models import BackupRun
from councilguard.operations.restore import restore
from councilguard.operations.services import backup_due, prune, run_backup, scheduled_backup
from councilguard.testing.world import make_world

# Transactional: pg_dump reads only what is committed, from its own connection.
pytestmark = pytest.mark.django_db(transaction=True)
LONDON = ZoneInfo("Europe/London")


def _ingest(world, tmp_path: Path, day: str) -> str:
    log = tmp_path / f"{world.council.slug}-{day}.log"
    log.write_text(squid_line(f"{day} 10:00:00", "10.0.0.5", "http://shop.example/") + "\n")
    return str(ingest_file(world.council, "proxy", "squid", log, actor=TESTER).batch.public_id)


@pytest.fixture
def two_councils(tmp_path):
    ashby, burton = make_world("ashby"), make_world("burton")
    write_lists(tmp_path)
    for world in (ashby, burton):
        govern(world)
    return ashby, burton


def _rewrite_manifest(backup: Path, change) -> None:
    manifest = json.loads((backup / "manifest.json").read_text())
    change(manifest)
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    (backup / "manifest.json").write_text(text)
    digest = hashlib.sha256(text.encode()).hexdigest()
    (backup / "manifest.sha256").write_text(f"{digest}  manifest.json\n")


def test_only_files_of_committed_batches_go_in_never_staging(two_councils, tmp_path):
    ashby, _ = two_councils
    batch = _ingest(ashby, tmp_path, "2026-03-02")
    # What an ingest still running (or one that crashed) leaves: a staged file, and a file
    # moved into place whose batch row has not committed.
    root = eventstore.root()
    (root / "staging" / "abc").mkdir(parents=True)
    (root / "staging" / "abc" / "x.parquet").write_bytes(b"half")
    day = root / "events" / "proxy" / f"council={ashby.council.pk}" / "day=2026-03-02"
    (day / f"{uuid.uuid4()}.parquet").write_bytes(b"not committed")

    manifest = take_backup(tmp_path / "backup")
    events = [name for name in manifest["files"] if name.startswith("data/events/")]
    assert sorted(events) == [
        f"data/events/proxy/council={ashby.council.pk}/day=2026-03-02/{batch}.parquet",
        f"data/events/proxy/council={ashby.council.pk}/hosts/{batch}.parquet",
    ]
    assert "data/categories/domains.parquet" in manifest["files"]
    assert manifest["councils"]["ashby"]["sequence"] > 0
    assert manifest["schema"]["operations"] == "0001_initial"
    assert manifest["database"]["engine"] == connection.vendor


def test_a_council_backup_holds_only_that_councils_events_and_head(two_councils, tmp_path):
    ashby, burton = two_councils
    _ingest(ashby, tmp_path, "2026-03-02")
    theirs = _ingest(burton, tmp_path, "2026-03-03")
    manifest = take_backup(tmp_path / "backup", council_slug="burton")
    events = {name for name in manifest["files"] if name.startswith("data/events/")}
    assert events and all(f"council={burton.council.pk}/" in name for name in events)
    assert any(theirs in name for name in events)
    assert list(manifest["councils"]) == ["burton"]
    assert manifest["council"] == "burton"


def test_a_backup_goes_into_a_new_or_empty_directory(two_councils, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("keep me")
    with pytest.raises(BackupError, match="is not an empty directory"):
        take_backup(tmp_path / "used")
    with pytest.raises(BackupError, match="no council called 'nowhere'"):
        take_backup(tmp_path / "new", council_slug="nowhere")
    assert (tmp_path / "used" / "notes.txt").read_text() == "keep me"


@pytest.mark.parametrize(
    "damage, message",
    [
        (
            lambda b: (b / "manifest.sha256").unlink(),
            "incomplete backup: manifest.sha256 is missing",
        ),
        (lambda b: _first_event(b).unlink(), "incomplete backup: data/events/"),
        (lambda b: (b / "data" / "extra.txt").write_text("x"), "data/extra.txt is not in"),
        (
            lambda b: (b / "manifest.json").write_text(
                (b / "manifest.json").read_text().replace('"format": 1', '"format": 1 ')
            ),
            "damaged backup: manifest.json does not match manifest.sha256",
        ),
    ],
    ids=["manifest sum missing", "event file missing", "extra file", "manifest edited"],
)
def test_verify_names_what_is_missing_damaged_or_unexpected(
    two_councils, tmp_path, damage, message
):
    _ingest(two_councils[0], tmp_path, "2026-03-02")
    take_backup(tmp_path / "backup")
    verify_backup(tmp_path / "backup")  # sound before the damage
    damage(tmp_path / "backup")
    with pytest.raises(BackupError, match=message.replace(".", r"\.")):
        verify_backup(tmp_path / "backup")


def _first_event(backup: Path) -> Path:
    return sorted((backup / "data" / "events").rglob("*.parquet"))[0]


def test_restore_refuses_a_database_that_is_not_empty_before_writing(two_councils, tmp_path):
    take_backup(tmp_path / "backup")
    before = sorted(p.name for p in eventstore.root().rglob("*"))
    with pytest.raises(BackupError, match="the database already has .* tables"):
        restore(tmp_path / "backup")
    assert sorted(p.name for p in eventstore.root().rglob("*")) == before


def test_restore_refuses_a_backup_from_a_newer_version(two_councils, tmp_path):
    take_backup(tmp_path / "backup")
    _rewrite_manifest(
        tmp_path / "backup", lambda m: m["schema"].update(core="0999_from_the_future")
    )
    verify_backup(tmp_path / "backup")  # the files are sound; the version is not
    with pytest.raises(BackupError, match="from a newer councilguard .*core migration 0999"):
        restore(tmp_path / "backup")


def test_each_backup_is_recorded_whether_it_worked_or_not(two_councils, tmp_path):
    run = run_backup(tmp_path / "good", trigger=BackupRun.Trigger.COMMAND)
    assert run.ok and run.size_bytes > 0 and run.finished_at
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "x").write_text("x")
    failed = run_backup(tmp_path / "taken", trigger=BackupRun.Trigger.COMMAND)
    assert not failed.ok and "is not an empty directory" in failed.message
    assert BackupRun.objects.count() == 2


def _at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=LONDON)


def test_the_daily_backup_is_due_from_its_time_once_a_day(settings, tmp_path, db):
    settings.BACKUP_DIR, settings.BACKUP_TIME = str(tmp_path / "backups"), "02:30"
    assert not backup_due(_at("2026-06-01 02:29"))
    assert backup_due(_at("2026-06-01 02:30"))
    assert backup_due(_at("2026-06-01 02:31"))
    BackupRun.objects.create(
        started_at=_at("2026-06-01 02:31"), trigger="schedule", directory="x", ok=False
    )
    assert not backup_due(_at("2026-06-01 23:59"))  # one attempt a day, failed or not
    assert backup_due(_at("2026-06-02 02:30"))
    settings.BACKUP_DIR = ""
    assert not backup_due(_at("2026-06-02 02:30"))


def test_the_daily_backup_keeps_the_newest_and_mails_admins_when_it_fails(
    two_councils, settings, tmp_path
):
    base = tmp_path / "backups"
    # Due from midnight: whenever the test runs, today's backup is due.
    settings.BACKUP_DIR, settings.BACKUP_KEEP, settings.BACKUP_TIME = str(base), 2, "00:00"
    settings.ADMINS = [("Ops", "ops@provider.example")]
    for stamp in ("20260101-023000", "20260102-023000", "20260103-023000"):
        (base / f"councilguard-{stamp}").mkdir(parents=True)
        (base / f"councilguard-{stamp}" / "manifest.json").write_text("{}")
    (base / "councilguard-20251231-023000").mkdir()  # a failed run, older than all
    (base / "elsewhere").mkdir()  # not ours: never touched
    run = scheduled_backup()
    assert run is not None and run.ok, run and run.message
    assert sorted(p.name for p in base.iterdir()) == sorted(
        ["elsewhere", "councilguard-20260103-023000", Path(run.directory).name]
    )
    assert mail.outbox == []

    BackupRun.objects.all().delete()
    settings.BACKUP_DIR = str(tmp_path / "a-file")
    (tmp_path / "a-file").write_text("not a directory")
    failed = scheduled_backup()
    assert failed is not None and not failed.ok
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ops@provider.example"]
    assert "backup failed" in mail.outbox[0].subject
    assert failed.message in mail.outbox[0].body


def test_prune_keeps_a_failed_run_newer_than_every_complete_backup(tmp_path):
    for name in ("councilguard-20260101-000000", "councilguard-20260102-000000"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "manifest.json").write_text("{}")
    (tmp_path / "councilguard-20260103-000000").mkdir()  # failed, newest
    removed = prune(tmp_path, keep=1)
    assert [p.name for p in removed] == ["councilguard-20260101-000000"]


def test_the_worker_fires_the_daily_backup_declared_on_the_app_config():
    from councilguard.core.jobs import all_schedules
    from councilguard.operations.jobs import scheduled_backup as job

    declared = {s.name: s for s in all_schedules()}["operations.backup"]
    assert declared.job is job
    assert declared.every.total_seconds() == 15 * 60


def _batches_in_dump(dump: Path) -> set[str]:
    """The committed batches in a pg_dump file, read with pg_restore (not with our code)."""
    import subprocess

    done = subprocess.run(
        ["pg_restore", "--data-only", "--table=monitoring_ingestbatch", "--file=-", str(dump)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = iter(done.stdout.splitlines())
    for line in lines:
        if line.startswith("COPY ") and "monitoring_ingestbatch" in line:
            columns = [c.strip() for c in line[line.index("(") + 1 : line.index(")")].split(",")]
            break
    found = set()
    for line in lines:
        if line == "\\.":
            break
        row = dict(zip(columns, line.split("\t"), strict=True))
        if row["status"] == "committed":
            found.add(str(uuid.UUID(row["public_id"])))
    return found


def test_a_backup_taken_while_logs_come_in_holds_exactly_the_batches_of_its_moment(
    two_councils, tmp_path
):
    """The worker and the web server keep committing batches while a backup runs: the files
    in it are those of the batches its database holds, no more, no fewer."""
    import threading

    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database is one connection for every thread: PostgreSQL only")
    ashby, _ = two_councils
    committed: list[str] = []
    stop = threading.Event()

    def ingest_until_stopped() -> None:
        from django.db import connection as own

        try:
            day = 1
            while not stop.is_set() and day < 28:
                committed.append(_ingest(ashby, tmp_path, f"2026-02-{day:02d}"))
                day += 1
        finally:
            own.close()

    writer = threading.Thread(target=ingest_until_stopped)
    writer.start()
    try:
        while len(committed) < 2:
            stop.wait(0.05)
        manifest = take_backup(tmp_path / "backup")
        after = len(committed)
        while len(committed) == after and writer.is_alive():
            stop.wait(0.05)  # at least one batch commits after the backup
    finally:
        stop.set()
        writer.join()

    in_files = {Path(name).stem for name in manifest["files"] if name.startswith("data/events/")}
    in_database = _batches_in_dump(tmp_path / "backup" / "database.pgdump")
    assert in_files == in_database
    assert 2 <= len(in_database) < len(committed)
