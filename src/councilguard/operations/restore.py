"""Restoring a backup (operations/backup.py) into an empty database and data directory.

Every file is checked against the manifest before anything is written; the database is
restored with the engine's own tool, the event and category stores copied into DATA_DIR, the
schema migrated forward (a backup of an older councilguard), and then the result is proven:
every council's audit chain must verify and end at the head the manifest recorded, and the
vault key in use must open every entry.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from councilguard.audit.models import ChainHead
from councilguard.audit.services import verify_chain
from councilguard.core.models import Council
from councilguard.monitoring import eventstore
from councilguard.operations.backup import (
    DATA,
    BackupError,
    Progress,
    _first_line,
    postgres_command,
    verify_backup,
)
from councilguard.vault import crypto
from councilguard.vault.services import check_key, current_kek


@dataclass
class RestoreReport:
    councils: dict[str, int] = field(default_factory=dict)
    vault_entries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def restore(source: Path, *, progress: Progress | None = None) -> RestoreReport:
    """Restore the backup at ``source`` into the configured database and DATA_DIR, which must
    be empty; raise BackupError before writing anything if the backup or target is unfit."""
    say = progress or (lambda message: None)
    source = Path(source)
    manifest = verify_backup(source)
    say(f"all {len(manifest['files'])} files match the manifest")
    _check_fit(manifest)
    database = source / manifest["database"]["file"]
    if connection.vendor == "sqlite":
        _restore_sqlite(database)
    else:
        _restore_postgres(database)
    say("database restored")
    data = source / DATA
    if data.is_dir():
        shutil.copytree(data, eventstore.root(), dirs_exist_ok=True)
    say("event store restored")
    call_command("migrate", interactive=False, verbosity=0)
    say("schema migrated to this version")
    return prove(manifest)


def _check_fit(manifest: dict) -> None:
    engine = manifest["database"]["engine"]
    if engine != connection.vendor:
        raise BackupError(
            f"this is a backup of a {engine} database, and DATABASE_URL names a "
            f"{connection.vendor} one: restore it into the same kind of database"
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    for app, name in sorted(manifest["schema"].items()):
        if (app, name) not in known:
            raise BackupError(
                f"the backup is from a newer councilguard ({manifest['councilguard_version']}: "
                f"{app} migration {name} is unknown here); install that version or later first"
            )
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"the database already has {len(tables)} tables: restore goes into an empty "
            "database (create a new one, or point DATABASE_URL at a new SQLite file)"
        )
    root = eventstore.root()
    if root.exists() and any(root.iterdir()):
        raise BackupError(
            f"the data directory {root} is not empty: restore goes into an empty one "
            "(set COUNCILGUARD_DATA_DIR to a new directory)"
        )


def _restore_sqlite(database: Path) -> None:
    connection.close()
    name = connection.settings_dict["NAME"]
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    backup = sqlite3.connect(f"file:{database}?mode=ro&immutable=1", uri=True)
    target = sqlite3.connect(name)
    try:
        backup.backup(target)
    finally:
        target.close()
        backup.close()


def _restore_postgres(database: Path) -> None:
    if shutil.which("pg_restore") is None:
        raise BackupError("pg_restore is not installed (Debian: apt install postgresql-client)")
    args, env = postgres_command("pg_restore")
    # The objects belong to whoever restores them: the backup's roles may not exist here.
    args += ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    args += [f"--dbname={connection.settings_dict['NAME']}", str(database)]
    done = subprocess.run(args, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {_first_line(done.stderr)}")


def prove(manifest: dict) -> RestoreReport:
    """Check the restored deployment against the manifest: chains and vault key."""
    report = RestoreReport()
    for slug, head in sorted(manifest["councils"].items()):
        council = Council.objects.filter(slug=slug).first()
        if council is None:
            report.problems.append(f"{slug}: the council is missing after the restore")
            continue
        chain = verify_chain(council)
        if not chain.ok:
            report.problems.append(f"audit trail broken: {chain.first_break}")
            continue
        stored = ChainHead.objects.filter(council=council).first()
        now = (stored.sequence, stored.entry_hash) if stored else (0, "")
        if now != (head["sequence"], head["hash"]):
            report.problems.append(
                f"{slug}: the audit trail ends at entry {now[0]}, the manifest at "
                f"{head['sequence']} ({head['hash'][:12]})"
            )
            continue
        report.councils[slug] = chain.entries
    try:
        kek = current_kek()
    except crypto.VaultKeyError as exc:
        report.problems.append(f"vault key: {exc}")
        return report
    wrong = sorted(set(manifest["vault_key_ids"]) - {crypto.key_id(kek)})
    if wrong:
        report.problems.append(
            f"the vault entries need key {', '.join(wrong)}, and COUNCILGUARD_VAULT_KEY is key "
            f"{crypto.key_id(kek)}: set the key the backup's deployment used"
        )
        return report
    count, problems = check_key()
    report.vault_entries = count
    report.problems += problems
    return report
