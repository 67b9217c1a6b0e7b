from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST
from councilguard.incidents.forms import (
    CloseForm,
    DecisionForm,
    IncidentFilterForm,
    ReportForm,
    SettingsForm,
    UpdateForm,
)
from councilguard.incidents.models import SecurityIncident
from councilguard.incidents.services import (
    IncidentError,
    change_settings,
    close_incident,
    record_breach_decision,
    report_incident,
    settings_for,
    update_incident,
)


def _incidents(request):
    return SecurityIncident.objects.in_council(request.council).select_related("subject_user")


@council_view(Action.VIEW_INCIDENTS)
@require_GET
def incident_list(request):
    form = IncidentFilterForm(request.GET or None)
    incidents = _incidents(request)
    if form.is_valid():
        if kind := form.cleaned_data["kind"]:
            incidents = incidents.filter(kind=kind)
        if status := form.cleaned_data["status"]:
            incidents = incidents.filter(status=status)
    page = Paginator(incidents, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "incidents/incident_list.html",
        {
            "filter_form": form,
            "page_obj": page,
            "now": timezone.now(),
            "overdue": _incidents(request).breach_clock_overdue().count(),
            "can_manage": request.membership.can(Action.MANAGE_INCIDENTS),
        },
    )


@council_view(Action.VIEW_INCIDENTS)
@require_GET
def incident_detail(request, pk: int):
    incident = get_object_or_404(_incidents(request), pk=pk)
    return render(
        request,
        "incidents/incident_detail.html",
        {
            "incident": incident,
            "clock": incident.breach_clock(),
            "hours_left": incident.hours_left(),
            "can_manage": request.membership.can(Action.MANAGE_INCIDENTS),
            "affected_people": incident.affected_people.all(),
        },
    )


@council_view(Action.REPORT_INCIDENT)
@require_GET_or_POST
def incident_report(request):
    """Anyone may report an incident (C16), from a phone too."""
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = report_incident(
                request.council, form.to_report(), actor=Actor.for_request(request)
            )
        except IncidentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Thank you: incident {incident.reference} is recorded and the clerk has been "
                "told.",
            )
            if request.membership.can(Action.VIEW_INCIDENTS):
                return redirect(
                    "incidents:incident_detail", council=request.council.slug, pk=incident.pk
                )
            return redirect("core:home", council=request.council.slug)
    return render(request, "incidents/incident_report.html", {"form": form})


@council_view(Action.MANAGE_INCIDENTS)
@require_GET_or_POST
def incident_update(request, pk: int):
    incident = get_object_or_404(_incidents(request), pk=pk)
    form = UpdateForm(
        request.POST or None,
        council=request.council,
        initial={
            "affected_people": list(incident.affected_people.all()),
            "affected_data": incident.affected_data,
            "actions": incident.actions,
            "outcome": incident.outcome,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = update_incident(
                incident,
                actor=Actor.for_request(request),
                actions=form.cleaned_data["actions"],
                outcome=form.cleaned_data["outcome"],
                affected_data=form.cleaned_data["affected_data"],
                affected_people=form.cleaned_data["affected_people"],
            )
        except IncidentError as exc:
            form.add_error(None, _sentence(exc))
        else:
            messages.success(request, "Incident updated." if changed else "Nothing changed.")
            return redirect(
                "incidents:incident_detail", council=request.council.slug, pk=incident.pk
            )
    return render(
        request,
        "incidents/incident_form.html",
        {"form": form, "incident": incident, "step": "update"},
    )


@council_view(Action.MANAGE_INCIDENTS)
@require_GET_or_POST
def incident_decide(request, pk: int):
    """Record whether a personal-data breach went to the ICO, and why."""
    incident = get_object_or_404(_incidents(request), pk=pk)
    if not incident.is_breach:
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_breach_decision(
                incident,
                actor=Actor.for_request(request),
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                ico_reference=form.cleaned_data["ico_reference"],
            )
        except IncidentError as exc:
            form.add_error(None, _sentence(exc))
        else:
            messages.success(request, "The decision is recorded.")
            return redirect(
                "incidents:incident_detail", council=request.council.slug, pk=incident.pk
            )
    return render(
        request,
        "incidents/incident_form.html",
        {"form": form, "incident": incident, "step": "decide"},
    )


@council_view(Action.MANAGE_INCIDENTS)
@require_GET_or_POST
def incident_close(request, pk: int):
    incident = get_object_or_404(_incidents(request), pk=pk)
    form = CloseForm(request.POST or None, initial={"outcome": incident.outcome})
    if request.method == "POST" and form.is_valid():
        try:
            close_incident(
                incident, actor=Actor.for_request(request), outcome=form.cleaned_data["outcome"]
            )
        except IncidentError as exc:
            form.add_error(None, _sentence(exc))
        else:
            messages.success(request, f"Incident {incident.reference} is closed.")
            return redirect(
                "incidents:incident_detail", council=request.council.slug, pk=incident.pk
            )
    return render(
        request,
        "incidents/incident_form.html",
        {"form": form, "incident": incident, "step": "close"},
    )


@council_view(Action.MANAGE_INCIDENTS)
@require_GET_or_POST
def incident_settings(request):
    current = settings_for(request.council)
    form = SettingsForm(
        request.POST or None,
        initial={
            "failed_sign_in_limit": current.failed_sign_in_limit,
            "failed_sign_in_minutes": current.failed_sign_in_minutes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = change_settings(
                request.council, actor=Actor.for_request(request), **form.cleaned_data
            )
        except IncidentError as exc:
            form.add_error(None, _sentence(exc))
        else:
            messages.success(request, "Settings saved." if changed else "Nothing changed.")
            return redirect("incidents:incident_list", council=request.council.slug)
    return render(request, "incidents/incident_settings.html", {"form": form})


def _sentence(exc: Exception) -> str:
    message = str(exc)
    return message[:1].upper() + message[1:]
