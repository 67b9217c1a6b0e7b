"""Background jobs and the schedules that fire them (DESIGN 12): no cron, no broker."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import management
from django.core.mail import send_mail
from django_tasks import task

from councilguard.audit.services import verify_chain
from councilguard.core.models import Council, Membership
from councilguard.core.roles import Role
from councilguard.policies.services import send_due_reminders
from councilguard.vault.jobs import revoke_leavers_access

logger = logging.getLogger(__name__)


@task()
def verify_audit_trails() -> dict[str, str]:
    """Check every council's audit chain and tell its clerks at once if one is broken."""
    results = {}
    for council in Council.objects.all():
        report = verify_chain(council)
        results[council.slug] = "intact" if report.ok else str(report.first_break)
        if not report.ok:
            logger.error("audit trail broken: %s", report.first_break)
            clerks = Membership.objects.active().filter(council=council, role=Role.CLERK)
            send_mail(
                f"councilguard: the audit trail of {council} has been tampered with",
                f"The nightly check found a break in the audit trail:\n\n{report.first_break}\n\n"
                f"Check it yourself with: councilguard audit verify {council.slug}\n",
                settings.DEFAULT_FROM_EMAIL,
                [m.user.email for m in clerks.select_related("user")],
            )
    return results


@task()
def clear_expired_sessions() -> None:
    management.call_command("clearsessions")


@task()
def send_acknowledgement_reminders() -> int:
    """C2, C27: remind everyone who has not acknowledged a policy in force."""
    return sum(len(run.sent_to) for run in send_due_reminders())


# --- devices ---
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


# --- end devices ---


# --- monitoring ---
@task()
def purge_monitoring_events() -> int:
    """C19: delete events past each source's retention, keeping those under legal hold."""
    from councilguard.monitoring.retention import purge_all

    return len(purge_all())


# --- end monitoring ---


# --- phones ---
@task()
def analyse_phone_bills() -> dict[str, int]:
    """C13, DESIGN 12: analyse every council's phone bills again each month, so a corrected
    identity, directory or working pattern reaches the findings without a new bill."""
    from councilguard.audit.actors import Actor
    from councilguard.monitoring.models import BatchStatus, IngestBatch, SourceKind
    from councilguard.phones.services import analyse_council

    raised = {}
    councils = Council.objects.filter(
        pk__in=IngestBatch.objects.filter(
            source__kind=SourceKind.PHONE, status=BatchStatus.COMMITTED
        ).values("council")
    )
    for council in councils:
        raised[council.slug] = analyse_council(council, actor=Actor.system("worker")).created
    return raised


# --- end phones ---


@dataclass(frozen=True)
class Schedule:
    name: str
    every: timedelta
    job: object


SCHEDULES = (
    Schedule("audit.verify", timedelta(days=1), verify_audit_trails),
    Schedule("sessions.clear", timedelta(days=1), clear_expired_sessions),
    Schedule("policies.remind", timedelta(days=1), send_acknowledgement_reminders),
    Schedule("vault.leavers", timedelta(days=1), revoke_leavers_access),
    # --- devices ---
    Schedule("devices.escalate", timedelta(hours=1), escalate_device_tasks),
    Schedule("devices.leavers", timedelta(days=1), sync_leavers),
    # --- end devices ---
    # --- monitoring ---
    Schedule("monitoring.purge", timedelta(days=1), purge_monitoring_events),
    # --- end monitoring ---
    # --- phones ---
    Schedule("phones.analyse", timedelta(days=30), analyse_phone_bills),
    # --- end phones ---
)


def app_schedules() -> tuple[Schedule, ...]:
    """Schedules an app declares on its app config as ``schedules``: (name, every, dotted path
    of a task). The centre walks the installed apps and imports none of them by name
    (DESIGN 17)."""
    from django.apps import apps
    from django.utils.module_loading import import_string

    return tuple(
        Schedule(name, every, import_string(path))
        for config in apps.get_app_configs()
        for name, every, path in getattr(config, "schedules", ())
    )
