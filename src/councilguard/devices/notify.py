"""E-mails about devices, sent after the transaction that made the change commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from councilguard.core.models import Membership


def loss_reported(loss_pk: int) -> None:
    """Tell the clerks at once, with what they need to stop the number (B 2.2.4, seed A)."""
    from councilguard.devices.models import LossReport

    loss = (
        LossReport.objects.select_related("council", "device", "own_device", "person")
        .filter(pk=loss_pk)
        .first()
    )
    if loss is None:
        return
    recipients = Membership.objects.clerks_office(loss.council).emails()
    if not recipients:
        return
    device = loss.subject
    url = settings.SITE_URL.rstrip("/") + reverse(
        "devices:loss_detail", kwargs={"council": loss.council.slug, "pk": loss.pk}
    )
    lines = [
        f"{loss.person} reported {device} {loss.get_kind_display().lower()}"
        + (
            " (their own device: wipe the work profile or council data)."
            if loss.own_device_id
            else "."
        ),
        "",
        f"IMEI: {device.imei or 'not recorded'}",
        f"SIM: {device.sim_number or 'not recorded'}",
        f"Phone number: {getattr(device, 'phone_number', '') or 'not recorded'}",
        f"Police incident number: {_police_words(loss)}",
        *_late_lines(loss),
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


def _police_words(loss) -> str:
    if loss.police_reference:
        return loss.police_reference
    if loss.police_due_at is None:
        return "not asked for (the device was accessed, not lost)"
    return f"due by {timezone.localtime(loss.police_due_at):%d %B %Y %H:%M}"


def _late_lines(loss) -> list[str]:
    # A "Lost or Stolen": the 24 hours run from the loss, so a late report is overdue at once.
    if loss.police_reference or not loss.reported_late:
        return []
    return [
        f"Reported {loss.hours_before_report} hours after it was lost or last seen: the 24 "
        "hours to tell the police have already run out.",
    ]


def approval_requested(request_pk: int) -> None:
    """Tell those who decide a new request that it is waiting (C9): the holders of each
    approving role, or for a recording everyone listed as present, each of whom must agree."""
    from councilguard.core.roles import APPROVERS, VIRUS_CHECKERS
    from councilguard.devices.models import ApprovalKind, ApprovalRequest

    request = (
        ApprovalRequest.objects.select_related("council", "requester").filter(pk=request_pk).first()
    )
    if request is None:
        return
    base = settings.SITE_URL.rstrip("/")
    if request.kind == ApprovalKind.RECORDING:
        recipients = sorted(
            {
                consent.person.primary_email
                for consent in request.consents.select_related("person").prefetch_related(
                    "person__emails"
                )
                if consent.person and consent.person.primary_email
            }
        )
        url = base + reverse("devices:my_approvals", kwargs={"council": request.council.slug})
        ask = "You are listed as present; the recording needs everyone's agreement."
    else:
        roles = set().union(*APPROVERS.get(request.kind, {}).values())
        if request.kind == ApprovalKind.SOFTWARE:
            roles |= VIRUS_CHECKERS
        from councilguard.devices.approvals import chair_stands_in

        who = Q(role__in=roles)
        if chair_stands_in(request):  # a clerk's own request, no deputy clerk
            who |= Q(is_committee_chair=True)
        members = (
            Membership.objects.active()
            .filter(who, council=request.council)
            .exclude(user_id=request.requester.user_id)
        )
        recipients = sorted(set(members.values_list("user__email", flat=True)))
        url = base + reverse(
            "devices:approval_detail", kwargs={"council": request.council.slug, "pk": request.pk}
        )
        ask = "It is waiting for your decision."
    if not recipients:
        return
    send_mail(
        f"councilguard: {request.get_kind_display().lower()} request from {request.requester}",
        "\n".join([f"{request.requester} asks: {request}.", "", request.reason, "", ask, url]),
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
