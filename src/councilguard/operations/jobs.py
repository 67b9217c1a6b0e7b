"""The operations app's background jobs (declared on OperationsConfig.schedules)."""

from __future__ import annotations

from django_tasks import task

from councilguard.operations.services import scheduled_backup as _scheduled_backup


@task()
def scheduled_backup() -> str:
    """C29: the deployment's daily backup, when it is due."""
    run = _scheduled_backup()
    if run is None:
        return "not due"
    return "ok" if run.ok else "failed"
