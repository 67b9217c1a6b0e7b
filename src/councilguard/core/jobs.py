"""Background jobs and the schedules that fire them (DESIGN 12): no cron, no broker.

The centre's own jobs are here; each app declares its own on its app config (``schedules``),
so the centre imports no domain app (DESIGN 17)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core import management
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from councilguard.audit.services import verify_chain
from councilguard.core.models import AuditCheck, Council, Membership

logger = logging.getLogger(__name__)


class CouncilsFailed(Exception):
    """Raised at the end of a per-council job when the work failed for some councils."""

    def __init__(self, slugs: list[str]) -> None:
        super().__init__(f"the job failed for these councils: {', '.join(slugs)}")
        self.slugs = slugs


def for_each_council(work, councils=None) -> dict[str, object]:
    """``work(council)`` for every council (or those given), each on its own: one council's
    failure (a damaged file, a setting that no longer fits) is logged and the others' nightly
    work still happens. The job fails at the end, naming the councils that failed, so the
    worker's log and the job's status say so rather than a quiet partial run."""
    results: dict[str, object] = {}
    failed: list[str] = []
    for council in Council.objects.order_by("pk") if councils is None else councils:
        try:
            results[council.slug] = work(council)
        except Exception:
            logger.exception("the job failed for council %s", council.slug)
            failed.append(council.slug)
    if failed:
        raise CouncilsFailed(failed)
    return results


@task()
def verify_audit_trails() -> dict[str, str]:
    """Check every council's audit chain and tell its clerks at once if one is broken."""
    results = {}
    councils = list(Council.objects.all())
    for council in councils:
        report = verify_chain(council)
        results[council.slug] = "intact" if report.ok else str(report.first_break)
        if not report.ok:
            logger.error("audit trail broken: %s", report.first_break)
            send_mail(
                f"councilguard: the audit trail of {council} has been tampered with",
                f"The nightly check found a break in the audit trail:\n\n{report.first_break}\n\n"
                f"Check it yourself with: councilguard audit verify {council.slug}\n",
                settings.DEFAULT_FROM_EMAIL,
                Membership.objects.clerks_office(council).emails(),
            )
    # Deployment-wide and without council names: what /healthz reads.
    broken = sum(1 for value in results.values() if value != "intact")
    AuditCheck.objects.create(checked_at=timezone.now(), councils=len(councils), broken=broken)
    return results


@task()
def clear_expired_sessions() -> None:
    management.call_command("clearsessions")


@dataclass(frozen=True)
class Schedule:
    name: str
    every: timedelta
    job: object


SCHEDULES = (
    Schedule("audit.verify", timedelta(days=1), verify_audit_trails),
    Schedule("sessions.clear", timedelta(days=1), clear_expired_sessions),
)


def all_schedules() -> tuple[Schedule, ...]:
    """SCHEDULES, and the schedules apps declare on their AppConfig (DESIGN 17): a ``schedules``
    attribute of (name, interval, dotted path of the task) tuples, imported only when used, so
    the centre imports no app."""
    declared = []
    for config in apps.get_app_configs():
        for name, every, job in getattr(config, "schedules", ()):
            declared.append(Schedule(name, every, import_string(job)))
    return SCHEDULES + tuple(declared)
