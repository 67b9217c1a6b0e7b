"""Findings a later analysis no longer makes (C11, C18): an open finding whose period was
analysed again without it (a threshold raised, an identity corrected, a site allowed) is
withdrawn, so nobody is asked to review what the rules no longer say; found again, it opens
again. Reviewed findings are left as their reviewer left them. Both analyses (web and DNS,
phone bills) call these inside their own transaction, with their audit entries."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council
from councilguard.monitoring.models import Finding, FindingStatus


def withdraw_unfound(
    council: Council,
    findings: QuerySet[Finding],
    found: set[tuple[int, str, object]],
    *,
    covered: Callable[[Finding], bool],
    actor: Actor,
) -> int:
    """Withdraws the open findings among ``findings`` whose period the analysis covered for
    that person (``covered``) and that are not in ``found`` (person id, rule kind, period
    start)."""
    withdrawn = 0
    now = timezone.now()
    for finding in findings.filter(status=FindingStatus.OPEN).select_for_update():
        key = (finding.person_id, finding.rule_kind, finding.period_start)
        if key in found or not covered(finding):
            continue
        finding.status, finding.updated_at = FindingStatus.WITHDRAWN, now
        finding.save(update_fields=["status", "updated_at"])
        audit.record(
            council,
            Event.FINDING_WITHDRAWN,
            actor=actor,
            target=finding,
            changes={"rule": finding.rule_kind, "summary": finding.summary},
        )
        withdrawn += 1
    return withdrawn


def reopen(finding: Finding) -> bool:
    """Opens a withdrawn finding that an analysis makes again (the caller saves it and records
    the refresh); whether it was withdrawn."""
    if finding.status != FindingStatus.WITHDRAWN:
        return False
    finding.status = FindingStatus.OPEN
    return True
