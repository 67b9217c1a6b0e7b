"""``councilguard restore DIR``: restore a backup into an empty database and data directory,
then prove it (audit chains against the manifest, the vault key against the entries)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from councilguard.operations.backup import BackupError
from councilguard.operations.restore import restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database (DATABASE_URL) and data directory."
    # The empty target has no tables yet, and the vault check would stop the restore that
    # is about to create them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", help="the backup (councilguard backup --to DIR)")

    def handle(self, *args, directory: str, **options) -> None:
        try:
            report = restore(Path(directory), progress=lambda line: self.stdout.write(line))
        except BackupError as exc:
            raise CommandError(f"nothing restored: {exc}") from None
        for slug, entries in sorted(report.councils.items()):
            self.stdout.write(f"{slug}: audit trail intact, {entries} entries, as in the manifest")
        if not report.ok:
            for line in report.problems:
                self.stdout.write(line)
            raise CommandError(
                f"restored, but {len(report.problems)} problems found: do not use it yet"
            )
        self.stdout.write(f"the vault key opens all {report.vault_entries} entries; restore done")
