"""Log profile pages (issue 23): the council's profiles for any other vendor's web or DNS log,
built from a pasted or uploaded sample with a preview of its first rows as ingest would read
them (bad lines named by number), edited, deleted, exported and imported as a JSON file."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST, require_POST
from councilguard.monitoring import log_profile_services as services
from councilguard.monitoring.log_profile_forms import LogProfileFileForm, LogProfileForm
from councilguard.monitoring.logprofiles import BUILT_IN, ProfileError, preview
from councilguard.monitoring.models import VendorLogProfile
from councilguard.monitoring.services import MonitoringError

PREVIEW_ROWS = 10
SHOWN_REJECTS = 20


def _go(request):
    return redirect("monitoring:log_profile_list", council=request.council.slug)


@council_view(Action.MANAGE_LOG_PROFILES)
@require_GET
def log_profile_list(request):
    return render(
        request,
        "monitoring/log_profile_list.html",
        {
            "stored": VendorLogProfile.objects.in_council(request.council),
            "built_in": sorted(BUILT_IN.values(), key=lambda p: p.name),
        },
    )


def _columns(sample: str, form: LogProfileForm) -> list[str]:
    """The first line's column names, to help map a CSV with a header row."""
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    if not sample or data.get("shape", "csv") != "csv" or not data.get("header", True):
        return []
    first = sample.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = data.get("delimiter") or ","
    return [c.strip().strip('"') for c in first.split(delimiter)][:60]


def _edit(request, row: VendorLogProfile | None):
    """Build (row None) or edit a profile: Preview reads the sample through it; Save keeps it
    once the sample reads at least one event."""
    initial = {}
    if row is not None:
        initial = LogProfileForm.initial_for(services.profile_for(request.council, row.name))
    form = LogProfileForm(request.POST or None, request.FILES or None, initial=initial)
    shown = rejects = None
    lines = 0
    status = 200
    if request.method == "POST":
        if form.is_valid():
            sample = form.cleaned_data["sample"]
            # A sample file's first lines stay on the page, for the next preview or the save.
            form.data = form.data.copy()
            form.data["sample"] = sample
            try:
                shown, rejects, lines = preview(form.profile, sample.encode())
            except ProfileError as error:
                form.add_error(None, str(error))
            else:
                if request.POST.get("save"):
                    if not shown:
                        form.add_error(
                            "sample",
                            "Paste or choose a sample with at least one line the profile reads: "
                            "a profile is saved only once its preview shows it reads the log",
                        )
                    else:
                        try:
                            if row is None:
                                services.save_profile(
                                    request.council, form.profile, actor=Actor.for_request(request)
                                )
                            else:
                                services.rename_or_save(
                                    request.council, row, form.profile,
                                    actor=Actor.for_request(request),
                                )  # fmt: skip
                        except MonitoringError as error:
                            form.add_error(None, str(error))
                        else:
                            messages.success(request, f"Profile {form.profile.name} saved.")
                            return _go(request)
        if form.errors:
            status = 400
    sample = form.data.get("sample", "") if form.is_bound else ""
    if hasattr(form, "cleaned_data") and form.cleaned_data.get("sample"):
        sample = form.cleaned_data["sample"]
    return render(
        request,
        "monitoring/log_profile_form.html",
        {
            "form": form,
            "row": row,
            "rows": shown,
            "rejects": (rejects or [])[:SHOWN_REJECTS],
            "reject_count": len(rejects or []),
            "lines": lines,
            "columns": _columns(sample, form) if form.is_bound else [],
        },
        status=status,
    )


@council_view(Action.MANAGE_LOG_PROFILES)
@require_GET_or_POST
def log_profile_build(request):
    return _edit(request, None)


@council_view(Action.MANAGE_LOG_PROFILES)
@require_GET_or_POST
def log_profile_edit(request, pk: int):
    row = get_object_or_404(VendorLogProfile.objects.in_council(request.council), pk=pk)
    return _edit(request, row)


@council_view(Action.MANAGE_LOG_PROFILES)
@require_POST
def log_profile_delete(request, pk: int):
    row = get_object_or_404(VendorLogProfile.objects.in_council(request.council), pk=pk)
    name = row.name
    services.delete_profile(row, actor=Actor.for_request(request))
    messages.success(request, f"Profile {name} deleted.")
    return _go(request)


@council_view(Action.MANAGE_LOG_PROFILES)
@require_GET
def log_profile_export(request, pk: int):
    row = get_object_or_404(VendorLogProfile.objects.in_council(request.council), pk=pk)
    text = services.export_profile(row, actor=Actor.for_request(request))
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{row.name}.log-profile.json"'
    return response


@council_view(Action.MANAGE_LOG_PROFILES)
@require_GET_or_POST
def log_profile_import(request):
    form = LogProfileFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(request.council, form.profile, actor=Actor.for_request(request))
        except MonitoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Profile {form.profile.name} imported.")
            return _go(request)
    return render(
        request,
        "monitoring/log_profile_import.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
