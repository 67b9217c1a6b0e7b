"""Approvals (C9): anyone asks; the approvers of each kind decide; a recording needs everyone
present to agree; the clerk keeps the CCTV aims."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from councilguard.audit.actors import Actor
from councilguard.core.roles import VIRUS_CHECKERS, Action, role_can
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST, require_POST
from councilguard.devices import approvals, forms
from councilguard.devices.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    CctvAim,
    RecordingConsent,
)
from councilguard.devices.views.register import _go
from councilguard.people.access import own_person, person_of
from councilguard.people.models import Person


def _requests(request):
    return ApprovalRequest.objects.in_council(request.council).select_related(
        "requester", "cctv_aim"
    )


def _visible(request):
    """The requests this member sees here (a committee chair: those they may stand in for)."""
    return approvals.visible_requests(_requests(request), request.membership)


@council_view(Action.VIEW_APPROVALS)
@require_GET
def approval_list(request):
    requests = _visible(request).prefetch_related("decisions")
    status = request.GET.get("status", ApprovalStatus.PENDING)
    if status in ApprovalStatus.values:
        requests = requests.filter(status=status)
    return render(
        request,
        "devices/approval_list.html",
        {
            "page_obj": Paginator(requests, 50).get_page(request.GET.get("page")),
            "statuses": ApprovalStatus.choices,
            "status": status,
            "can_manage_aims": request.membership.can(Action.MANAGE_CCTV_AIMS),
        },
    )


@council_view(Action.VIEW_APPROVALS)
@require_GET
def approval_detail(request, pk: int):
    item = get_object_or_404(_visible(request), pk=pk)
    role = request.membership.role
    pending = item.status == ApprovalStatus.PENDING
    capacities = approvals.membership_capacities(item, request.membership) if pending else []
    return render(
        request,
        "devices/approval_detail.html",
        {
            "item": item,
            "decisions": item.decisions.all(),
            "consents": item.consents.all(),
            "can_decide": bool(capacities),
            "nobody_can_decide": approvals.nobody_can_decide(item),
            "can_check": pending and item.kind == ApprovalKind.SOFTWARE and role in VIRUS_CHECKERS,
            "can_record_consent": pending
            and item.kind == ApprovalKind.RECORDING
            and role_can(role, Action.DECIDE_APPROVALS),
            "decision_form": forms.ApprovalDecisionForm(),
            "virus_form": forms.VirusCheckForm(),
            "consent_form": forms.ConsentForm(consents=item.consents.filter(agreed__isnull=True)),
            # On whose behalf: "clerk", "deputy clerk", "committee chair".
            "acting_as": sorted({acting_as for _, acting_as in capacities}),
        },
    )


@council_view(Action.REQUEST_APPROVAL)
@require_GET
def approval_start(request):
    return render(request, "devices/approval_start.html", {
        "kinds": approvals.GENERIC_KINDS,
        "can_view_cctv": request.membership.can(Action.VIEW_CCTV),
    })  # fmt: skip


@council_view(Action.REQUEST_APPROVAL)
@require_GET_or_POST
def approval_create(request, kind: str):
    # CCTV viewings and photographs are asked for on their own forms (approvals.OWN_FORM_KINDS).
    if kind not in ApprovalKind.values or kind in approvals.OWN_FORM_KINDS:
        raise Http404("no such kind of request")
    me = own_person(request.membership)
    form = forms.ApprovalForm(
        request.POST or None,
        kind=kind,
        fields=approvals.KIND_FIELDS[kind],
        council=request.council,
        people=Person.objects.in_council(request.council).current(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            approvals.request_approval(
                me,
                kind,
                summary=form.cleaned_data["summary"],
                reason=form.cleaned_data["reason"],
                details=form.details(),
                attendees=form.attendees(),
                actor=Actor.for_request(request),
            )
        except approvals.ApprovalError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Request sent. You will be told the decision.")
            if kind in approvals.stuck_kinds(request.membership):
                messages.warning(
                    request,
                    "Nobody can decide it yet: there is no deputy clerk and no committee chair.",
                )
            return _go(request, "my_approvals")
    return render(
        request,
        "devices/_form_page.html",
        {
            "form": form,
            "heading": ApprovalKind(kind).label,
            "submit_label": "Send the request",
            "back_url": _go(request, "approval_start")["Location"],
        },
    )


@council_view(Action.DECIDE_APPROVALS)
@require_POST
def approval_decide(request, pk: int):
    item = get_object_or_404(_visible(request), pk=pk)
    form = forms.ApprovalDecisionForm(request.POST)
    if form.is_valid():
        try:
            approvals.decide(
                item,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                role=request.membership.role,
                actor=Actor.for_request(request),
            )
        except approvals.ApprovalError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Decision recorded.")
    else:
        messages.error(request, "Choose approve or refuse.")
    return _go(request, "approval_detail", pk=item.pk)


@council_view(Action.DECIDE_APPROVALS)
@require_POST
def approval_virus_check(request, pk: int):
    item = get_object_or_404(_visible(request), pk=pk)
    # Only those who may check installers (the IT provider and the clerk), not every approver.
    if request.membership.role not in VIRUS_CHECKERS:
        raise PermissionDenied
    form = forms.VirusCheckForm(request.POST)
    if form.is_valid():
        try:
            approvals.record_virus_check(
                item,
                sha256=form.cleaned_data["sha256"],
                scanner=form.cleaned_data["scanner"],
                result=form.cleaned_data["result"],
                role=request.membership.role,
                actor=Actor.for_request(request),
            )
        except approvals.ApprovalError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Virus check recorded.")
    else:
        messages.error(request, "Give the installer's SHA-256, the scanner and its result.")
    return _go(request, "approval_detail", pk=item.pk)


def _answer(request, consents):
    form = forms.ConsentForm(request.POST, consents=consents)
    if not form.is_valid():
        messages.error(request, "Choose who is answering, and yes or no.")
        return None
    try:
        approvals.record_consent(
            form.cleaned_data["consent"],
            agreed=form.cleaned_data["agreed"],
            actor=Actor.for_request(request),
        )
    except approvals.ApprovalError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Answer recorded.")
    return form.cleaned_data["consent"]


@council_view(Action.DECIDE_APPROVALS)
@require_POST
def approval_consent(request, pk: int):
    """The clerk (or a manager) records an answer given in the meeting or on paper."""
    item = get_object_or_404(_visible(request), pk=pk)
    _answer(request, item.consents.filter(agreed__isnull=True))
    return _go(request, "approval_detail", pk=item.pk)


@council_view(Action.REQUEST_APPROVAL)
@require_GET
def my_approvals(request):
    me = person_of(request.membership)
    mine = (
        _requests(request)
        .filter(requester=me)
        .prefetch_related("decisions", "consents")
        .order_by("-requested_at", "-pk")
        if me
        else []
    )
    asked = (
        RecordingConsent.objects.in_council(request.council)
        .filter(person=me, agreed__isnull=True, request__status=ApprovalStatus.PENDING)
        .select_related("request", "request__requester")
        if me
        else []
    )
    return render(
        request,
        "devices/my_approvals.html",
        {
            "me": me,
            "requests": mine,
            "asked": asked,
            # A clerk's own requests nobody could decide (no deputy clerk, no committee chair).
            "stuck_kinds": approvals.stuck_kinds(request.membership) if me else [],
        },
    )


@council_view(Action.REQUEST_APPROVAL)
@require_POST
def approval_withdraw(request):
    form = forms.PickForm(
        request.POST,
        queryset=ApprovalRequest.objects.in_council(request.council).filter(
            requester=own_person(request.membership), status=ApprovalStatus.PENDING
        ),
    )
    if form.is_valid():
        approvals.withdraw(form.cleaned_data["item"], actor=Actor.for_request(request))
        messages.success(request, "Request withdrawn.")
    else:
        messages.error(request, "Choose one of your pending requests.")
    return _go(request, "my_approvals")


@council_view(Action.REQUEST_APPROVAL)
@require_POST
def my_consent(request):
    """A person present answers for themselves (B 2.1.4): only their own consents, in this
    council, so a member off the people list answers nothing (not every outside attendee's)."""
    mine = RecordingConsent.objects.in_council(request.council).filter(
        person=own_person(request.membership), agreed__isnull=True
    )
    _answer(request, mine)
    return _go(request, "my_approvals")


@council_view(Action.MANAGE_CCTV_AIMS)
@require_GET_or_POST
def cctv_aims(request):
    aims = CctvAim.objects.in_council(request.council).filter(retired_at__isnull=True)
    form = forms.CctvAimForm(request.POST or None)
    if request.method == "POST" and "retire" in request.POST:
        pick = forms.PickForm({"item": request.POST.get("retire")}, queryset=aims)
        if pick.is_valid():
            approvals.retire_cctv_aim(pick.cleaned_data["item"], actor=Actor.for_request(request))
            messages.success(request, "Aim taken off the list.")
        return _go(request, "cctv_aims")
    if request.method == "POST" and form.is_valid():
        try:
            approvals.add_cctv_aim(
                request.council, form.cleaned_data["text"], actor=Actor.for_request(request)
            )
        except approvals.ApprovalError as exc:
            form.add_error("text", str(exc))
        else:
            messages.success(request, "Aim added.")
            return _go(request, "cctv_aims")
    return render(request, "devices/cctv_aims.html", {"form": form, "aims": aims})
