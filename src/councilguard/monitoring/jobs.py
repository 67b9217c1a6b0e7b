"""Monitoring background jobs, declared on MonitoringConfig.schedules."""

from django_tasks import task


@task()
def purge_monitoring_events() -> int:
    """C19: delete events past each source's retention, keeping those under legal hold."""
    from councilguard.monitoring.retention import purge_all

    return len(purge_all())
