"""``councilguard backup --to DIR [--council SLUG]``: take a backup into a new directory.
``councilguard backup verify DIR``: check a backup against its manifest without restoring it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from councilguard.operations.backup import BackupError, verify_backup
from councilguard.operations.models import BackupRun
from councilguard.operations.services import run_backup


class Command(BaseCommand):
    help = "Back up the database, event store and category store, with a manifest of hashes."

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", nargs="?", choices=["verify"], help="verify a backup")
        parser.add_argument("directory", nargs="?", help="the backup to verify")
        parser.add_argument("--to", help="a new or empty directory for the backup")
        parser.add_argument(
            "--council",
            help="limit the event store and the chain heads to one council (the database "
            "is always whole)",
        )

    def handle(self, *args, action=None, directory=None, to=None, council=None, **options):
        if action == "verify":
            if not directory:
                raise CommandError("say which backup: councilguard backup verify DIR")
            try:
                manifest = verify_backup(Path(directory))
            except BackupError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(
                f"{directory}: all {len(manifest['files'])} files match the manifest "
                f"(councilguard {manifest['councilguard_version']}, taken "
                f"{manifest['created_at']}, councils: {len(manifest['councils'])})"
            )
            return
        if directory or not to:
            raise CommandError("say where: councilguard backup --to DIR")
        run = run_backup(
            Path(to),
            trigger=BackupRun.Trigger.COMMAND,
            council_slug=council,
            progress=lambda line: self.stdout.write(line),
        )
        if not run.ok:
            raise CommandError(f"backup failed: {run.message}")
        self.stdout.write(f"backup written to {to}: {run.message}, {run.size_bytes} bytes")
