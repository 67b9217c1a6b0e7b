"""E-mails about social media, sent after the transaction that made the change commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from councilguard.core.models import Membership


def _clerks(council) -> list[str]:
    return Membership.objects.clerks_office(council).emails()


def _link(name: str, council, pk: int) -> str:
    path = reverse(f"socialmedia:{name}", kwargs={"council": council.slug, "pk": pk})
    return settings.SITE_URL.rstrip("/") + path


def enquiry_received(enquiry_pk: int) -> None:
    """A press enquiry goes to the clerk at once (A "Social Media": enquiries go to the
    clerk), with the question and when the answer is due."""
    from councilguard.socialmedia.models import Enquiry

    enquiry = Enquiry.objects.select_related("council").filter(pk=enquiry_pk).first()
    recipients = _clerks(enquiry.council) if enquiry else []
    if not recipients:
        return
    received = timezone.localtime(enquiry.received_at)
    lines = [
        f"{enquiry.journalist} of {enquiry.outlet} asked on {received:%d %B %Y at %H:%M}:",
        "",
        enquiry.question,
        "",
        f"Answer by: {enquiry.answer_by:%d %B %Y}",
        f"Reach them at: {enquiry.contact}",
        f"Taken by: {enquiry.taken_by_label}",
        "",
        _link("enquiry_detail", enquiry.council, enquiry.pk),
    ]
    send_mail(f"councilguard: press enquiry from {enquiry.outlet} ({enquiry.council})",
              "\n".join(lines), settings.DEFAULT_FROM_EMAIL, recipients)  # fmt: skip


def post_reported(report_pk: int) -> None:
    """The clerk triages every report of a post (no details of the post in the mail)."""
    from councilguard.socialmedia.models import PostReport

    report = PostReport.objects.select_related("council").filter(pk=report_pk).first()
    recipients = _clerks(report.council) if report else []
    if not recipients:
        return
    lines = [
        f"A post on {report.get_platform_display()} that may breach the policy was reported. "
        "Decide whether it needs no action, a request to remove it, or an investigation.",
        "",
        _link("report_detail", report.council, report.pk),
    ]
    send_mail(f"councilguard: a post was reported ({report.council})", "\n".join(lines),
              settings.DEFAULT_FROM_EMAIL, recipients)  # fmt: skip
