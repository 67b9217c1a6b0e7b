from datetime import timedelta

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running a deployment: backups and restores, /healthz, doctor, machine-readable logs."""

    name = "councilguard.operations"
    verbose_name = "Operations"
    # Read by core.jobs.all_schedules. The job itself decides whether today's backup is due
    # (after BACKUP_TIME, none yet today), so a quarter-hour check is enough.
    schedules = (
        (
            "operations.backup",
            timedelta(minutes=15),
            "councilguard.operations.jobs.scheduled_backup",
        ),
    )

    def ready(self) -> None:
        from councilguard.operations import logs

        logs.connect_job_signals()
