"""Backups a restore can prove (C29): the relational database, the event store and the
category store as they were at one committed moment, and a manifest that says what is in them.

A backup directory holds::

    manifest.json          what the backup holds: every file with its SHA-256 and size, the
                           schema (latest migration of each app), the councilguard version,
                           each council's audit chain head and the vault key id the entries need
    manifest.sha256        the SHA-256 of manifest.json, so a changed manifest is caught too
    database.sqlite3       SQLite: a copy made with SQLite's online backup API
    database.pgdump        PostgreSQL: pg_dump's custom format
    data/events/...        the event files of committed batches (eventstore layout)
    data/categories/...    the shared category store

One committed moment: the database copy is a snapshot (SQLite's backup API copies one read
transaction; pg_dump runs on a snapshot exported from the transaction that also reads the
manifest's facts), and the list of committed batches is read from that same snapshot. Event
files are written once under their batch's id and moved into place before their batch row
commits (monitoring/eventstore.py), so every file of a batch committed in the snapshot is
complete, and files of batches committed later, or still in staging/, are left out. Retention
may delete a day while the files are copied; the copy then starts again.

The vault's key is never in a backup: the manifest names the key id (vault/crypto.key_id) the
entries were sealed with, and a restore checks that the key it is given opens them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.db import connection, transaction

from councilguard.audit.models import ChainHead
from councilguard.core.models import Council
from councilguard.monitoring import eventstore
from councilguard.monitoring.models import BatchStatus, IngestBatch
from councilguard.vault.models import VaultEntry

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
DATA = "data"
COPY_ATTEMPTS = 3

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup cannot be taken, verified or restored; the message says why, naming the file."""


class _FileVanished(Exception):
    """An event file listed in the snapshot was deleted (by retention) while being copied."""


def councilguard_version() -> str:
    try:
        return version("councilguard")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown"


@dataclass
class Facts:
    """What the manifest says about the database, read inside the snapshot that was copied."""

    councils: dict[str, dict] = field(default_factory=dict)
    committed: set[str] = field(default_factory=set)
    council_ids: dict[str, int] = field(default_factory=dict)
    key_ids: set[str] = field(default_factory=set)
    schema: dict[str, str] = field(default_factory=dict)


def _read_facts(cursor, council_slug: str | None) -> Facts:
    """Read the facts with plain SQL, so the same code reads a SQLite copy and the PostgreSQL
    snapshot (the table names come from the models; no value comes from outside)."""
    council, head = Council._meta.db_table, ChainHead._meta.db_table
    batch, entry = IngestBatch._meta.db_table, VaultEntry._meta.db_table
    facts = Facts()
    cursor.execute(
        f"SELECT c.id, c.slug, h.sequence, h.entry_hash FROM {council} c "  # noqa: S608
        f"LEFT JOIN {head} h ON h.council_id = c.id ORDER BY c.slug"
    )
    for pk, slug, sequence, entry_hash in cursor.fetchall():
        if council_slug and slug != council_slug:
            continue
        facts.council_ids[slug] = pk
        facts.councils[slug] = {"sequence": sequence or 0, "hash": entry_hash or ""}
    wanted = set(facts.council_ids.values())
    committed = BatchStatus.COMMITTED.value
    cursor.execute(
        f"SELECT public_id, council_id FROM {batch} WHERE status = '{committed}'"  # noqa: S608
    )
    for public_id, council_id in cursor.fetchall():
        if council_id in wanted:
            # SQLite keeps UUIDs as 32 hex digits, PostgreSQL as uuid: the file names have dashes.
            facts.committed.add(str(_uuid(public_id)))
    cursor.execute(f"SELECT DISTINCT key_id, council_id FROM {entry}")  # noqa: S608
    facts.key_ids = {key for key, council_id in cursor.fetchall() if council_id in wanted}
    cursor.execute("SELECT app, name FROM django_migrations")
    for app, name in cursor.fetchall():
        if name > facts.schema.get(app, ""):
            facts.schema[app] = name
    return facts


def _uuid(value):
    import uuid

    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


# --- taking a backup ---------------------------------------------------------------------------


def take_backup(
    target: Path, *, council_slug: str | None = None, progress: Progress | None = None
) -> dict:
    """Write a backup into ``target`` (new or empty) and return its manifest."""
    say = progress or (lambda message: None)
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} is not an empty directory: a backup goes into a new one")
    if council_slug and not Council.objects.filter(slug=council_slug).exists():
        raise BackupError(f"no council called {council_slug!r}")
    target.mkdir(parents=True, exist_ok=True)
    for _attempt in range(COPY_ATTEMPTS):
        try:
            return _take(target, council_slug, say)
        except _FileVanished as exc:
            say(f"{exc} was removed while it was copied (retention); starting again")
            for entry in target.iterdir():
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    raise BackupError(
        f"event files kept changing during {COPY_ATTEMPTS} attempts; try again after the "
        "nightly retention has finished"
    )


def _take(target: Path, council_slug: str | None, say: Progress) -> dict:
    if connection.vendor == "sqlite":
        database, facts = SQLITE_FILE, _dump_sqlite(target / SQLITE_FILE, council_slug)
    elif connection.vendor == "postgresql":
        database, facts = POSTGRES_FILE, _dump_postgres(target / POSTGRES_FILE, council_slug)
    else:
        raise BackupError(f"cannot back up a {connection.vendor} database")
    say(f"database copied ({_councils(len(facts.councils))})")
    copied = _copy_event_files(target / DATA, facts)
    say(f"{copied} event files copied")
    categories = eventstore.root() / "categories" / "domains.parquet"
    if categories.exists():
        # Replaced whole by one rename (categories.import_lists): any open copy is complete.
        (target / DATA / "categories").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(categories, target / DATA / "categories" / "domains.parquet")
    manifest = {
        "format": FORMAT,
        "councilguard_version": councilguard_version(),
        "created_at": datetime.now(UTC).isoformat(),
        "database": {"engine": connection.vendor, "file": database},
        # A council's backup still holds the whole relational database (accounts, and rows
        # of other councils they share, cannot be cut out safely); only the event store and
        # the chain heads are limited to it. docs/deploy.md says so.
        "council": council_slug,
        "schema": dict(sorted(facts.schema.items())),
        "councils": facts.councils,
        "vault_key_ids": sorted(facts.key_ids),
        "files": {
            path.relative_to(target).as_posix(): {
                "sha256": sha256(path),
                "bytes": path.stat().st_size,
            }
            for path in sorted(p for p in target.rglob("*") if p.is_file())
        },
    }
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    (target / MANIFEST).write_text(text, encoding="utf-8")
    (target / MANIFEST_SUM).write_text(
        f"{hashlib.sha256(text.encode()).hexdigest()}  {MANIFEST}\n", encoding="utf-8"
    )
    return manifest


def _dump_sqlite(path: Path, council_slug: str | None) -> Facts:
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        # One step (all pages), so the copy is one read transaction of the live database,
        # taken beside the server's and worker's connections (WAL lets them keep writing).
        connection.connection.backup(copy)
        # One self-contained file (the live database's WAL mode came with the pages).
        copy.execute("PRAGMA journal_mode=DELETE")
        return _read_facts(copy.cursor(), council_slug)
    finally:
        copy.close()


def postgres_command(program: str, settings_dict: dict | None = None) -> tuple[list[str], dict]:
    """``program`` with the connection arguments of the database, and its environment (the
    password goes in PGPASSWORD, never on the command line)."""
    db = settings_dict or connection.settings_dict
    args = [program, "--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if (db.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return args, env


def _dump_postgres(path: Path, council_slug: str | None) -> Facts:
    if shutil.which("pg_dump") is None:
        raise BackupError("pg_dump is not installed (Debian: apt install postgresql-client)")
    if connection.in_atomic_block:
        raise BackupError("a backup must start outside a transaction")
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_dump reads the snapshot this transaction exported, so the dump and the facts
        # below (the committed batches above all) describe one moment.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        args, env = postgres_command("pg_dump")
        args += ["--format=custom", f"--snapshot={snapshot}", f"--file={path}"]
        args.append(connection.settings_dict["NAME"])
        done = subprocess.run(args, env=env, capture_output=True, text=True)  # noqa: S603
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {_first_line(done.stderr)}")
        return _read_facts(cursor, council_slug)


def _councils(count: int) -> str:
    return f"{count} council" if count == 1 else f"{count} councils"


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "no message"


def _copy_event_files(target: Path, facts: Facts) -> int:
    root = eventstore.root()
    councils = {f"council={pk}" for pk in facts.council_ids.values()}
    count = 0
    for pattern in ("*/council=*/day=*/*.parquet", "*/council=*/hosts/*.parquet"):
        for path in sorted((root / "events").glob(pattern)):
            relative = path.relative_to(root)
            if path.stem not in facts.committed or relative.parts[2] not in councils:
                continue
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copyfile(path, destination)
            except FileNotFoundError:
                raise _FileVanished(relative.as_posix()) from None
            count += 1
    return count


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# --- verifying a backup ------------------------------------------------------------------------


def verify_backup(source: Path) -> dict:
    """Check every file of the backup at ``source`` against its manifest; return the manifest,
    or raise BackupError naming the first file that is missing, damaged or unexpected."""
    source = Path(source)
    if not source.is_dir():
        raise BackupError(f"{source} is not a directory")
    for name in (MANIFEST, MANIFEST_SUM):
        if not (source / name).is_file():
            raise BackupError(f"incomplete backup: {name} is missing")
    text = (source / MANIFEST).read_bytes()
    expected = (source / MANIFEST_SUM).read_text(encoding="utf-8", errors="replace").split()
    if not expected or hashlib.sha256(text).hexdigest() != expected[0]:
        raise BackupError(f"damaged backup: {MANIFEST} does not match {MANIFEST_SUM}")
    try:
        manifest = json.loads(text)
        files = manifest["files"]
        database = manifest["database"]["file"]
    except (ValueError, KeyError, TypeError):
        raise BackupError(f"damaged backup: {MANIFEST} cannot be read") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST}: backup format {manifest.get('format')} is not known")
    for name, expected_file in sorted(files.items()):
        path = source / name
        if not path.is_file():
            raise BackupError(f"incomplete backup: {name} is missing")
        if path.stat().st_size != expected_file["bytes"] or sha256(path) != expected_file["sha256"]:
            raise BackupError(f"damaged backup: {name} does not match its SHA-256 in {MANIFEST}")
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        name = path.relative_to(source).as_posix()
        if name not in files and name not in (MANIFEST, MANIFEST_SUM):
            raise BackupError(f"unexpected file in the backup: {name} is not in {MANIFEST}")
    if database not in files:
        raise BackupError(f"incomplete backup: {database} is not in {MANIFEST}")
    _check_database_file(source / database, manifest["database"]["engine"])
    return manifest


def _check_database_file(path: Path, engine: str) -> None:
    if engine == "sqlite":
        try:
            with sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True) as check:
                result = check.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"damaged backup: {path.name}: {exc}") from None
        if result != "ok":
            raise BackupError(f"damaged backup: {path.name}: {result}")
    elif engine == "postgresql" and shutil.which("pg_restore"):
        listing = ["pg_restore", "--list", str(path)]
        done = subprocess.run(listing, capture_output=True, text=True)  # noqa: S603, S607
        if done.returncode != 0:
            raise BackupError(f"damaged backup: {path.name}: {_first_line(done.stderr)}")
