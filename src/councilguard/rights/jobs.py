"""The rights app's background job, declared on its app config (RightsConfig.schedules)."""

from __future__ import annotations

from django_tasks import task


@task()
def remind_of_deadlines() -> int:
    """Daily: reminders 7 and 2 days before each open request's deadline and when it passes."""
    from councilguard.rights.reminders import send_deadline_reminders

    return len(send_deadline_reminders())
