"""Pages of the CCTV register. Thin: parse the form, call the service, say what happened."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.cctv import forms, services
from councilguard.cctv.models import Camera, Disclosure, ViewingRequest
from councilguard.core.exports import audited_csv_export
from councilguard.core.roles import Action, role_can
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST
from councilguard.devices.approvals import membership_capacities
from councilguard.devices.models import ApprovalStatus
from councilguard.people.access import own_person


def _go(request, name: str, **kwargs):
    return redirect(f"cctv:{name}", council=request.council.slug, **kwargs)


def _cameras(request):
    return Camera.objects.in_council(request.council).select_related("device")


def _form_page(request, form, heading: str, submit: str, back: str, intro: str = ""):
    return render(request, "cctv/form_page.html", {
        "form": form, "heading": heading, "submit_label": submit, "back_url": back,
        "intro": intro,
    })  # fmt: skip


# --- the camera register ---


@council_view(Action.VIEW_CCTV)
@require_GET
def camera_list(request):
    cameras = _cameras(request).prefetch_related("aims")
    return render(request, "cctv/camera_list.html", {
        "page_obj": Paginator(cameras, 50).get_page(request.GET.get("page")),
        "can_manage": request.membership.can(Action.MANAGE_CCTV),
    })  # fmt: skip


COLUMNS = ("Camera", "Site", "Where on the site", "What it covers", "Records sound",
           "Signs in place", "Legitimate aims", "Footage kept for (days)",
           "Impact assessment reference", "Device serial number",
           "Recorder keeps (days)", "Retention checked on")  # fmt: skip


@council_view(Action.VIEW_CCTV)
@require_GET
def camera_export(request):
    def yes_no(value: bool) -> str:
        return "Yes" if value else "No"

    rows = (
        [c.name, c.site, c.location, c.coverage, yes_no(c.records_sound), yes_no(c.signage),
         "; ".join(a.text for a in c.aims.all()), c.retention_days, c.impact_assessment,
         c.device.serial if c.device else "", c.recorder_retention_days,
         c.retention_checked_on]
        for c in _cameras(request).prefetch_related("aims")
    )  # fmt: skip
    return audited_csv_export(request, name="cctv-cameras", header=COLUMNS, rows=rows,
                              event=Event.CCTV_REGISTER_EXPORTED)  # fmt: skip


def _camera_data(form) -> services.CameraData:
    return services.CameraData(**form.cleaned_data)


@council_view(Action.MANAGE_CCTV)
@require_GET_or_POST
def camera_add(request):
    form = forms.CameraForm(request.POST or None, council=request.council)
    if request.method == "POST" and form.is_valid():
        try:
            camera = services.add_camera(request.council, _camera_data(form),
                                         actor=Actor.for_request(request))  # fmt: skip
        except services.CctvError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{camera.name} is on the register.")
            return _go(request, "camera_detail", pk=camera.pk)
    back = redirect("cctv:camera_list", council=request.council.slug)["Location"]
    return _form_page(request, form, "Add a camera", "Add the camera", back)


@council_view(Action.VIEW_CCTV)
@require_GET
def camera_detail(request, pk: int):
    camera = get_object_or_404(_cameras(request), pk=pk)
    requests = camera.viewing_requests.select_related("approval__cctv_aim", "approval__requester")
    return render(request, "cctv/camera_detail.html", {
        "camera": camera,
        "aims": camera.aims.all(),
        "viewing_requests": requests.prefetch_related("viewings"),
        "disclosures": camera.disclosures.all(),
        "footage_requests": camera.footage_requests.select_related("rights_request"),
        "can_manage": request.membership.can(Action.MANAGE_CCTV),
    })  # fmt: skip


@council_view(Action.MANAGE_CCTV)
@require_GET_or_POST
def camera_edit(request, pk: int):
    camera = get_object_or_404(_cameras(request), pk=pk)
    initial = {
        "name": camera.name, "site": camera.site, "location": camera.location,
        "coverage": camera.coverage, "records_sound": "yes" if camera.records_sound else "no",
        "signage": "yes" if camera.signage else "no", "aims": list(camera.aims.all()),
        "retention_days": camera.retention_days,
        "impact_assessment": camera.impact_assessment, "device": camera.device,
    }  # fmt: skip
    form = forms.CameraForm(request.POST or None, initial=initial, council=request.council)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_camera(camera, _camera_data(form), actor=Actor.for_request(request))
        except services.CctvError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Camera saved.")
            return _go(request, "camera_detail", pk=camera.pk)
    back = redirect("cctv:camera_detail", council=request.council.slug, pk=pk)["Location"]
    return _form_page(request, form, f"Change {camera.name}", "Save", back)


# --- the retention check ---


@council_view(Action.VIEW_CCTV)
@require_GET
def retention(request):
    cameras = list(_cameras(request).filter(retired_on__isnull=True))
    return render(request, "cctv/retention.html", {
        "too_long": [c for c in cameras if c.keeps_too_long],
        "unchecked": [c for c in cameras if c.retention_checked_on is None],
        "cameras": cameras,
        "can_manage": request.membership.can(Action.MANAGE_CCTV),
    })  # fmt: skip


@council_view(Action.MANAGE_CCTV)
@require_GET_or_POST
def retention_record(request, pk: int):
    camera = get_object_or_404(_cameras(request), pk=pk)
    form = forms.RetentionCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            camera = services.record_retention_check(
                camera, recorder_days=form.cleaned_data["recorder_days"],
                checked_on=form.cleaned_data["checked_on"], actor=Actor.for_request(request),
            )  # fmt: skip
        except services.CctvError as exc:
            form.add_error(None, str(exc))
        else:
            if camera.keeps_too_long:
                messages.warning(request, f"{camera.name}'s recorder keeps footage "
                                 f"{camera.recorder_retention_days} days, longer than the "
                                 f"{camera.retention_days} days the register allows.")  # fmt: skip
            else:
                messages.success(request, "Check recorded: the recorder keeps no more than "
                                          "the register allows.")  # fmt: skip
            return _go(request, "retention")
    back = redirect("cctv:retention", council=request.council.slug)["Location"]
    intro = f"The register allows {camera.retention_days} days of footage for {camera.name}."
    return _form_page(request, form, f"Check the recorder of {camera.name}", "Record the check",
                      back, intro)  # fmt: skip


# --- viewings ---


def _viewing_requests(request):
    return ViewingRequest.objects.in_council(request.council).select_related(
        "camera", "approval__cctv_aim", "approval__requester"
    )


@council_view(Action.VIEW_CCTV)
@require_GET
def viewing_list(request):
    page = Paginator(_viewing_requests(request).prefetch_related("viewings"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "cctv/viewing_list.html", {"page_obj": page})


@council_view(Action.VIEW_CCTV)
@require_GET_or_POST
def viewing_request(request):
    me = own_person(request.membership)
    form = forms.ViewingRequestForm(request.POST or None, council=request.council,
                                    initial={"camera": request.GET.get("camera")})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.request_viewing(
                me, data["camera"], aim=data["aim"], period_start=data["period_start"],
                period_end=data["period_end"], reason=data["reason"],
                actor=Actor.for_request(request),
            )  # fmt: skip
        except services.CctvError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Request sent to the clerk. Footage may be viewed once "
                                      "it is approved.")  # fmt: skip
            return _go(request, "viewing_detail", pk=created.pk)
    back = redirect("cctv:viewing_list", council=request.council.slug)["Location"]
    return _form_page(request, form, "Ask to view CCTV footage", "Send the request", back,
                      "Footage is viewed only for one of the council's legitimate aims, once the "
                      "clerk has approved the request (A \u201cCCTV\u201d).")  # fmt: skip


@council_view(Action.VIEW_CCTV)
@require_GET
def viewing_detail(request, pk: int):
    item = get_object_or_404(_viewing_requests(request), pk=pk)
    return render(request, "cctv/viewing_detail.html", {
        "item": item,
        "approval": item.approval,
        "viewings": item.viewings.select_related("viewer"),
        "approved": item.approval.status == ApprovalStatus.APPROVED,
        # devices.approvals says who may decide it now (the deputy or the committee chair
        # for the clerk's own request); those who decide any see the approval either way.
        "can_decide": bool(membership_capacities(item.approval, request.membership)),
        "sees_approvals": role_can(request.membership.role, Action.VIEW_APPROVALS),
        "can_manage": request.membership.can(Action.MANAGE_CCTV),
    })  # fmt: skip


@council_view(Action.VIEW_CCTV)
@require_GET_or_POST
def viewing_log(request, pk: int):
    item = get_object_or_404(_viewing_requests(request), pk=pk)
    me = own_person(request.membership)
    form = forms.ViewingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_viewing(item, me, **form.cleaned_data, actor=Actor.for_request(request))
        except services.CctvError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Viewing logged.")
            return _go(request, "viewing_detail", pk=item.pk)
    back = redirect("cctv:viewing_detail", council=request.council.slug, pk=pk)["Location"]
    return _form_page(request, form, f"Log a viewing of {item.camera.name}", "Log the viewing",
                      back, f"Approved footage: {item.approval.footage}.")  # fmt: skip


# --- disclosures and own-footage requests ---


@council_view(Action.VIEW_CCTV)
@require_GET
def disclosure_list(request):
    items = Disclosure.objects.in_council(request.council).select_related("camera")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "cctv/disclosure_list.html", {"page_obj": page})


@council_view(Action.MANAGE_CCTV)
@require_GET_or_POST
def disclosure_add(request, pk: int):
    camera = get_object_or_404(_cameras(request), pk=pk)
    form = forms.DisclosureForm(request.POST or None, camera=camera)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.record_disclosure(
                camera, services.DisclosureData(**form.cleaned_data),
                actor=Actor.for_request(request),
            )  # fmt: skip
        except services.CctvError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Disclosure {item.reference} recorded.")
            return _go(request, "disclosure_list")
    back = redirect("cctv:camera_detail", council=request.council.slug, pk=pk)["Location"]
    return _form_page(request, form, f"Record footage handed over from {camera.name}",
                      "Record the disclosure", back)  # fmt: skip


@council_view(Action.MANAGE_CCTV)
@require_GET_or_POST
def own_footage(request, pk: int):
    camera = get_object_or_404(_cameras(request), pk=pk)
    form = forms.OwnFootageForm(request.POST or None, council=request.council)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.request_own_footage(
                camera, services.OwnFootageData(**form.cleaned_data),
                actor=Actor.for_request(request),
            )  # fmt: skip
        except services.CctvError as exc:
            form.add_error(None, str(exc))
        else:
            reference = item.rights_request.reference
            messages.success(request, f"Recorded as subject access request {reference}: "
                                      "its clock has started.")  # fmt: skip
            return _go(request, "camera_detail", pk=camera.pk)
    back = redirect("cctv:camera_detail", council=request.council.slug, pk=pk)["Location"]
    return _form_page(request, form, f"A request for own footage from {camera.name}",
                      "Record the request", back,
                      "A person asking for footage of themselves is making a subject access "
                      "request: it goes on the data requests register with its one-month "
                      "clock.")  # fmt: skip
