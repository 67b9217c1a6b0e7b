"""Device background jobs, declared on DevicesConfig.schedules and fired by the worker."""

from django_tasks import task


@task()
def escalate_device_tasks() -> int:
    """C5, C7: tell the clerk of device tasks left past their date."""
    from councilguard.devices.services import escalate_overdue_tasks

    return escalate_overdue_tasks()


@task()
def sync_leavers() -> int:
    """C24: a checklist for every leave date; tick what has happened since; propose charges
    for devices not back by the leave date."""
    from councilguard.devices.leavers import sync_all

    return sync_all()
