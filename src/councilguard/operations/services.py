"""Backups as the deployment runs them: each one recorded, old ones pruned, failures mailed."""

from __future__ import annotations

import re
import shutil
from datetime import datetime, time
from pathlib import Path

from django.conf import settings
from django.core.mail import mail_admins
from django.utils import timezone

from councilguard.operations.backup import MANIFEST, BackupError, Progress, take_backup
from councilguard.operations.models import BackupRun

# Scheduled backups are named by their UTC start, so sorting the names sorts them by age.
SCHEDULED_NAME = re.compile(r"councilguard-\d{8}-\d{6}")


def run_backup(
    target: Path,
    *,
    trigger: str,
    council_slug: str | None = None,
    progress: Progress | None = None,
) -> BackupRun:
    """Take a backup into ``target`` and record it, whether it worked or not."""
    run = BackupRun.objects.create(
        started_at=timezone.now(),
        trigger=trigger,
        directory=str(target),
        council_slug=council_slug or "",
    )
    try:
        manifest = take_backup(target, council_slug=council_slug, progress=progress)
    except (BackupError, OSError) as exc:
        run.message = str(exc)
    else:
        run.ok = True
        run.size_bytes = sum(f["bytes"] for f in manifest["files"].values())
        count = len(manifest["councils"])
        run.message = f"{len(manifest['files'])} files, {count} council{'' if count == 1 else 's'}"
    run.finished_at = timezone.now()
    run.save(update_fields=["ok", "size_bytes", "message", "finished_at"])
    return run


def backup_due(now: datetime | None = None) -> bool:
    """Whether today's scheduled backup is due: a directory is set, BACKUP_TIME (UK time) has
    passed today, and no scheduled backup has been attempted since then."""
    if not settings.BACKUP_DIR:
        return False
    now = timezone.localtime(now or timezone.now())
    hour, minute = (int(part) for part in settings.BACKUP_TIME.split(":"))
    today_at = timezone.make_aware(datetime.combine(now.date(), time(hour, minute)))
    if now < today_at:
        return False
    return not BackupRun.objects.filter(
        trigger=BackupRun.Trigger.SCHEDULE, started_at__gte=today_at
    ).exists()


def scheduled_backup(now: datetime | None = None) -> BackupRun | None:
    """Today's backup, when due; keep the newest BACKUP_KEEP; mail ADMINS if it failed."""
    if not backup_due(now):
        return None
    base = Path(settings.BACKUP_DIR)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    run = run_backup(base / f"councilguard-{stamp}", trigger=BackupRun.Trigger.SCHEDULE)
    if run.ok:
        prune(base, keep=settings.BACKUP_KEEP)
    else:
        # The administrators of the deployment, not any council's clerk: a backup is the
        # deployment's (docs/architecture.md "Operations"). The message names no council.
        mail_admins(
            "the nightly backup failed",
            f"The backup into {run.directory} failed at {run.started_at:%Y-%m-%d %H:%M} UTC:\n\n"
            f"{run.message}\n\nThe backups kept before it are untouched. Try it by hand with:\n"
            f"councilguard backup --to {base}/councilguard-manual\n",
        )
    return run


def prune(base: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` complete scheduled backups in ``base``; a directory
    without a manifest (a failed run) is deleted once a newer backup is complete."""
    found = sorted(
        (p for p in base.iterdir() if p.is_dir() and SCHEDULED_NAME.fullmatch(p.name)),
        key=lambda p: p.name,
        reverse=True,
    )
    complete = [p for p in found if (p / MANIFEST).is_file()]
    kept = set(complete[:keep])
    newest_complete = complete[0].name if complete else ""
    removed = []
    for path in found:
        if path in kept or (path not in complete and path.name > newest_complete):
            continue
        shutil.rmtree(path)
        removed.append(path)
    return removed
