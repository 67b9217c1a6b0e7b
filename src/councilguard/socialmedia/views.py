"""Pages of the social media registers. Thin: parse the form, call the service, say what
happened."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.exports import audited_csv_export
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST, require_POST
from councilguard.people.access import own_person, person_of
from councilguard.socialmedia import forms, services
from councilguard.socialmedia.models import (
    Account,
    Enquiry,
    GroupChat,
    GroupMember,
    PostReport,
    RemovalRequest,
    RemovalStatus,
    Triage,
)
from councilguard.socialmedia.screenshots import ScreenshotRefused, read_screenshot


def _go(request, name: str, **kwargs):
    return redirect(f"socialmedia:{name}", council=request.council.slug, **kwargs)


def _url(request, name: str, **kwargs) -> str:
    return _go(request, name, **kwargs)["Location"]


def _form_page(request, form, heading, submit, back, intro="", multipart=False):
    return render(request, "socialmedia/form_page.html", {
        "form": form, "heading": heading, "submit_label": submit, "back_url": back,
        "intro": intro, "multipart": multipart,
    })  # fmt: skip


@council_view(Action.VIEW_SOCIAL_MEDIA)
@require_GET
def index(request):
    council = request.council
    return render(request, "socialmedia/index.html", {
        "accounts": Account.objects.in_council(council).select_related("vault_entry")
        .prefetch_related("posters"),
        "enquiries": Enquiry.objects.in_council(council).filter(answered_on__isnull=True),
        "answered": Enquiry.objects.in_council(council).filter(answered_on__isnull=False)[:20],
        "reports": PostReport.objects.in_council(council).filter(status=Triage.NEW)
        .defer("screenshot"),
        "removals": RemovalRequest.objects.in_council(council).filter(status=RemovalStatus.OPEN)
        .select_related("report"),
        "groups": GroupChat.objects.in_council(council).prefetch_related("members__person"),
        "today": timezone.localdate(),
        "can_manage": request.membership.can(Action.MANAGE_SOCIAL_MEDIA),
    })  # fmt: skip


# --- official accounts ---


@council_view(Action.MANAGE_SOCIAL_MEDIA)
@require_GET_or_POST
def account_edit(request, pk: int | None = None):
    account = get_object_or_404(Account.objects.in_council(request.council), pk=pk) if pk else None
    initial = {}
    if account:
        initial = {"platform": account.platform, "handle": account.handle,
                   "purpose": account.purpose, "posters": list(account.posters.all()),
                   "vault_entry": account.vault_entry}  # fmt: skip
    form = forms.AccountForm(request.POST or None, initial=initial, council=request.council)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_account(request.council, services.AccountData(**form.cleaned_data),
                                  actor=Actor.for_request(request), account=account)  # fmt: skip
        except services.SocialMediaError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Account saved.")
            return _go(request, "index")
    heading = f"Change {account}" if account else "Add an official account"
    return _form_page(request, form, heading, "Save the account", _url(request, "index"))


# --- press enquiries ---


@council_view(Action.REPORT_POST)
@require_GET_or_POST
def enquiry_add(request):
    form = forms.EnquiryForm(
        request.POST or None,
        initial={"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_enquiry(request.council, services.EnquiryData(**form.cleaned_data),
                                    actor=Actor.for_request(request))  # fmt: skip
        except services.SocialMediaError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Enquiry passed to the clerk, who answers for the "
                                      "council.")  # fmt: skip
            return redirect("core:home", council=request.council.slug)
    return _form_page(
        request,
        form,
        "Log a press enquiry",
        "Send to the clerk",
        _url(request, "index")
        if request.membership.can(Action.VIEW_SOCIAL_MEDIA)
        else redirect("core:home", council=request.council.slug)["Location"],
        "Questions from journalists are answered by the clerk for the council. "
        "Write down what they asked and pass it on; do not answer yourself.",
    )


@council_view(Action.VIEW_SOCIAL_MEDIA)
@require_GET
def enquiry_detail(request, pk: int):
    enquiry = get_object_or_404(Enquiry.objects.in_council(request.council), pk=pk)
    can_answer = request.membership.can(Action.MANAGE_SOCIAL_MEDIA) and not enquiry.answered_on
    return render(request, "socialmedia/enquiry_detail.html", {
        "enquiry": enquiry, "can_answer": can_answer, "today": timezone.localdate(),
    })  # fmt: skip


@council_view(Action.MANAGE_SOCIAL_MEDIA)
@require_GET_or_POST
def enquiry_answer(request, pk: int):
    enquiry = get_object_or_404(Enquiry.objects.in_council(request.council), pk=pk)
    form = forms.AnswerForm(request.POST or None,
                            initial={"answered_on": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_enquiry(enquiry, **form.cleaned_data,
                                    actor=Actor.for_request(request))  # fmt: skip
        except services.SocialMediaError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Answer recorded.")
            return _go(request, "enquiry_detail", pk=enquiry.pk)
    return _form_page(request, form, f"Answer {enquiry.journalist} of {enquiry.outlet}",
                      "Record the answer", _url(request, "enquiry_detail", pk=pk),
                      f"They asked: {enquiry.question}")  # fmt: skip


# --- reports of posts ---


@council_view(Action.REPORT_POST)
@require_GET_or_POST
def report_add(request):
    form = forms.ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = data["screenshot"]
            screenshot = read_screenshot(upload.read()) if upload else None
            services.report_post(
                request.council, url=data["url"], platform=data["platform"],
                concern=data["concern"], reporter=person_of(request.membership),
                screenshot=screenshot, actor=Actor.for_request(request),
            )  # fmt: skip
        except ScreenshotRefused as exc:
            message = str(exc)
            form.add_error("screenshot", message[0].upper() + message[1:])
        except services.SocialMediaError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Thank you: the clerk will look at the post.")
            return redirect("core:home", council=request.council.slug)
    return _form_page(
        request,
        form,
        "Report a post",
        "Send the report",
        redirect("core:home", council=request.council.slug)["Location"],
        "A post by anyone connected with the council that may breach the policy "
        "on social media: the clerk decides what happens next.",
        multipart=True,
    )


def _reports(request):
    return PostReport.objects.in_council(request.council).defer("screenshot")


@council_view(Action.VIEW_SOCIAL_MEDIA)
@require_GET
def report_detail(request, pk: int):
    report = get_object_or_404(_reports(request).select_related("reported_by"), pk=pk)
    removal = RemovalRequest.objects.filter(report=report).first()
    manage = request.membership.can(Action.MANAGE_SOCIAL_MEDIA)
    return render(request, "socialmedia/report_detail.html", {
        "report": report, "removal": removal,
        "can_triage": manage and report.status == Triage.NEW,
        "can_close": manage and removal is not None and removal.status == RemovalStatus.OPEN,
        "today": timezone.localdate(),
    })  # fmt: skip


@council_view(Action.VIEW_SOCIAL_MEDIA)
@require_GET
def report_screenshot(request, pk: int):
    report = get_object_or_404(PostReport.objects.in_council(request.council), pk=pk)
    if not report.screenshot:
        raise Http404("no screenshot")
    with transaction.atomic():
        audit.record(request.council, Event.SOCIAL_SCREENSHOT_VIEWED,
                     actor=Actor.for_request(request), target=report)  # fmt: skip
    response = HttpResponse(bytes(report.screenshot), content_type=report.screenshot_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@council_view(Action.MANAGE_SOCIAL_MEDIA)
@require_GET_or_POST
def report_triage(request, pk: int):
    report = get_object_or_404(_reports(request), pk=pk)
    form = forms.TriageForm(request.POST or None, initial={"asked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data, actor = form.cleaned_data, Actor.for_request(request)
        try:
            if data["decision"] == "removal":
                services.request_removal(report, asked_of=data["asked_of"],
                                         asked_on=data["asked_on"], note=data["note"],
                                         follow_up_days=data["follow_up_days"] or 7,
                                         actor=actor)  # fmt: skip
            elif data["decision"] == "referred":
                services.refer_for_investigation(report, note=data["note"], actor=actor)
            else:
                services.triage_no_action(report, note=data["note"], actor=actor)
        except services.SocialMediaError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Decision recorded.")
            return _go(request, "report_detail", pk=report.pk)
    return _form_page(request, form, "Decide what happens to the reported post", "Record",
                      _url(request, "report_detail", pk=pk))  # fmt: skip


@council_view(Action.MANAGE_SOCIAL_MEDIA)
@require_GET_or_POST
def removal_close(request, pk: int):
    removal = get_object_or_404(RemovalRequest.objects.in_council(request.council), pk=pk)
    form = forms.CloseRemovalForm(request.POST or None,
                                  initial={"closed_on": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.close_removal(removal, **form.cleaned_data, actor=Actor.for_request(request))
        except services.SocialMediaError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Removal request closed.")
            return _go(request, "report_detail", pk=removal.report_id)
    return _form_page(request, form, f"Close the removal asked of {removal.asked_of}",
                      "Close it", _url(request, "report_detail", pk=removal.report_id))  # fmt: skip


# --- group chats ---


@council_view(Action.MANAGE_SOCIAL_MEDIA)
@require_GET_or_POST
def group_edit(request, pk: int | None = None):
    group = get_object_or_404(GroupChat.objects.in_council(request.council), pk=pk) if pk else None
    initial = {}
    if group:
        initial = {
            "name": group.name,
            "platform": group.platform,
            "purpose": group.purpose,
            "members": [m.person for m in group.members.select_related("person")],
        }
    form = forms.GroupForm(request.POST or None, initial=initial, council=request.council)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_group(request.council, **form.cleaned_data, group=group,
                                actor=Actor.for_request(request))  # fmt: skip
        except services.SocialMediaError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Group saved. New members are asked to acknowledge that "
                                      "decisions are not taken there.")  # fmt: skip
            return _go(request, "index")
    heading = f"Change {group.name}" if group else "Add a council business group chat"
    return _form_page(request, form, heading, "Save the group", _url(request, "index"))


def _my_memberships(request):
    person = person_of(request.membership)
    if person is None:
        return GroupMember.objects.none()
    return (
        GroupMember.objects.in_council(request.council)
        .filter(person=person)
        .select_related("group")
    )


@council_view(Action.OWN_GROUP_CHATS)
@require_GET
def my_groups(request):
    return render(request, "socialmedia/my_groups.html", {
        "memberships": _my_memberships(request),
        "on_the_list": person_of(request.membership) is not None,
    })  # fmt: skip


@council_view(Action.OWN_GROUP_CHATS)
@require_POST
def group_acknowledge(request):
    own_person(request.membership)
    member = _my_memberships(request).filter(pk=request.POST.get("member") or 0).first()
    if member is None:
        raise Http404("not a group of yours")
    try:
        services.acknowledge_group_rule(member, actor=Actor.for_request(request))
    except services.SocialMediaError as exc:
        message = str(exc)
        messages.error(request, message[0].upper() + message[1:] + ".")
    else:
        messages.success(request, f"Acknowledged: no decisions are taken in {member.group.name}.")
    return _go(request, "my_groups")


# --- permission to post photographs ---


@council_view(Action.REPORT_POST)
@require_GET_or_POST
def photo_permission(request):
    me = own_person(request.membership)
    form = forms.PhotoPermissionForm(request.POST or None, council=request.council)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_photo_permission(me, **form.cleaned_data,
                                              actor=Actor.for_request(request))  # fmt: skip
        except services.SocialMediaError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Request sent to the clerk. You will be told the decision.")
            return redirect("devices:my_approvals", council=request.council.slug)
    return _form_page(request, form, "Ask to post photographs of a council activity",
                      "Send the request", redirect("devices:my_approvals",
                                                   council=request.council.slug)["Location"],
                      "Photographs on the council's accounts are posted with the clerk's "
                      "permission, and only when everyone pictured has agreed.")  # fmt: skip


# --- CSV exports ---

REPORT_COLUMNS = ("Reported", "Platform", "Link", "What may breach the policy", "Decision",
                  "Decided on", "Removal asked of", "Asked on", "Follow up by",
                  "Removal outcome", "Closed on")  # fmt: skip
ENQUIRY_COLUMNS = ("Came in", "Publication or programme", "Journalist", "What they asked",
                   "Answer by", "Answer", "Answered on")  # fmt: skip


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@council_view(Action.VIEW_SOCIAL_MEDIA)
@require_GET
def reports_export(request):
    reports = _reports(request).select_related("removal")
    rows = []
    for r in reports:
        removal = getattr(r, "removal", None)
        rows.append([
            _local(r.reported_at), r.get_platform_display(), r.url, r.concern,
            r.get_status_display(), _local(r.triaged_at),
            removal.asked_of if removal else "", removal.asked_on if removal else "",
            removal.follow_up_on if removal else "",
            (f"{removal.get_status_display()}: {removal.outcome}" if removal and removal.closed_on
             else ""),
            removal.closed_on if removal else "",
        ])  # fmt: skip
    return audited_csv_export(request, name="reported-posts", header=REPORT_COLUMNS, rows=rows,
                              event=Event.SOCIAL_REPORTS_EXPORTED)  # fmt: skip


@council_view(Action.VIEW_SOCIAL_MEDIA)
@require_GET
def enquiries_export(request):
    rows = (
        [_local(e.received_at), e.outlet, e.journalist, e.question, e.answer_by, e.answer,
         e.answered_on]
        for e in Enquiry.objects.in_council(request.council)
    )  # fmt: skip
    return audited_csv_export(request, name="press-enquiries", header=ENQUIRY_COLUMNS,
                              rows=rows, event=Event.SOCIAL_ENQUIRIES_EXPORTED)  # fmt: skip
