"""E-mails about incidents, sent after the transaction that opened them commits."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from councilguard.core.models import Membership
from councilguard.core.roles import CLERKS_OFFICE, Role
from councilguard.incidents.models import IncidentKind, SecurityIncident

logger = logging.getLogger(__name__)


def incident_opened(incident_pk: int) -> None:
    """Tell the council's clerks (and for a personal-data breach its data protection leads) that
    an incident was opened, at once (B 4.1.5)."""
    incident = SecurityIncident.objects.select_related("council").filter(pk=incident_pk).first()
    if incident is None:
        return
    roles = list(CLERKS_OFFICE)
    if incident.kind == IncidentKind.DATA_BREACH:
        roles.append(Role.DP_LEAD)
    recipients = sorted(
        Membership.objects.active()
        .filter(council=incident.council, role__in=roles)
        .values_list("user__email", flat=True)
    )
    if not recipients:
        logger.warning("incident %s opened in %s: nobody to tell", incident.pk, incident.council)
        return
    url = settings.SITE_URL.rstrip("/") + reverse(
        "incidents:incident_detail",
        kwargs={"council": incident.council.slug, "pk": incident.pk},
    )
    when = timezone.localtime(incident.reported_at)
    lines = [
        f"A security incident was opened in {incident.council}.",
        "",
        f"Reference: {incident.reference}",
        f"Kind: {incident.get_kind_display()}",
        f"When: {when:%d %B %Y %H:%M}",
        f"Reported by: {incident.reported_by_label}",
        "",
        incident.description,
        "",
    ]
    if incident.is_breach:
        deadline = timezone.localtime(incident.report_deadline)
        lines += [
            "This is a personal-data breach: decide whether to report it to the ICO by "
            f"{deadline:%d %B %Y %H:%M} (72 hours after it was detected).",
            "",
        ]
    lines.append(f"Open it: {url}")
    send_mail(
        f"councilguard: security incident {incident.reference} in {incident.council}: "
        f"{incident.get_kind_display()}",
        "\n".join(lines),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
