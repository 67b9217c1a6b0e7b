"""Monitoring background jobs, declared on MonitoringConfig.schedules. Retention of events and
findings runs in the retention app's nightly run (monitoring.retention_kinds)."""

from django_tasks import task


@task()
def sweep_event_store() -> int:
    """Clear staging folders a crashed ingest left behind (never visible to readers)."""
    from councilguard.monitoring import eventstore

    return eventstore.sweep()
