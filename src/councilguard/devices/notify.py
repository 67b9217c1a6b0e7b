"""E-mails about devices, sent after the transaction that made the change commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from councilguard.core.models import Membership
from councilguard.core.roles import Role


def loss_reported(loss_pk: int) -> None:
    """Tell the clerks at once, with what they need to stop the number (B 2.2.4, seed A)."""
    from councilguard.devices.models import LossReport

    loss = (
        LossReport.objects.select_related("council", "device", "person").filter(pk=loss_pk).first()
    )
    if loss is None:
        return
    clerks = Membership.objects.active().filter(council=loss.council, role=Role.CLERK)
    recipients = sorted(clerks.values_list("user__email", flat=True))
    if not recipients:
        return
    device = loss.device
    url = settings.SITE_URL.rstrip("/") + reverse(
        "devices:loss_detail", kwargs={"council": loss.council.slug, "pk": loss.pk}
    )
    due = timezone.localtime(loss.police_due_at)
    lines = [
        f"{loss.person} reported {device} {loss.get_kind_display().lower()}.",
        "",
        f"IMEI: {device.imei or 'not recorded'}",
        f"SIM: {device.sim_number or 'not recorded'}",
        f"Phone number: {device.phone_number or 'not recorded'}",
        f"Police incident number: {loss.police_reference or f'due by {due:%d %B %Y %H:%M}'}",
        f"Earlier losses by {loss.person}: {loss.earlier_losses}",
        "",
        loss.what_happened,
        "",
        url,
    ]
    send_mail(
        f"councilguard: {device} {loss.get_kind_display().lower()} ({loss.council})",
        "\n".join(lines),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


def approval_decided(request_pk: int) -> None:
    """Tell the requester how their request was decided, and why if it was refused."""
    from councilguard.devices.models import ApprovalRequest

    request = (
        ApprovalRequest.objects.select_related("council", "requester").filter(pk=request_pk).first()
    )
    if request is None or not request.requester.primary_email:
        return
    url = settings.SITE_URL.rstrip("/") + reverse(
        "devices:my_approvals", kwargs={"council": request.council.slug}
    )
    lines = [f"Your request was {request.get_status_display().lower()}: {request}."]
    if request.refusal_reason:
        lines += ["", f"Reason: {request.refusal_reason}"]
    lines += ["", url]
    send_mail(
        f"councilguard: your request was {request.get_status_display().lower()}",
        "\n".join(lines),
        settings.DEFAULT_FROM_EMAIL,
        [request.requester.primary_email],
    )
