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


@task()
def software_checks() -> dict[str, object]:
    """B 5.1.8, B 8.1.1: devices not scanned within the council's days, and more installations
    than licences, for every council."""
    from councilguard.audit.actors import Actor
    from councilguard.core.jobs import for_each_council
    from councilguard.devices.software import daily_checks

    actor = Actor.system("worker")
    return for_each_council(lambda council: daily_checks(council, actor=actor))
