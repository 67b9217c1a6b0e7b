"""The reports pages (C27): the monthly monitoring report and the committee packs."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.charts import bar_chart_svg
from councilguard.core.contributions import Bars
from councilguard.core.exports import audited_csv_export
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_POST
from councilguard.monitoring.monthly import monthly_report
from councilguard.reports.models import CommitteePack
from councilguard.reports.periods import PeriodError, last_month, month_period, parse_month
from councilguard.reports.services import make_committee_pack


def _month(request):
    """The month asked for (?month=YYYY-MM), last month by default; an error in words."""
    text = request.GET.get("month") or request.POST.get("month")
    if not text:
        return last_month(), ""
    try:
        return parse_month(text), ""
    except PeriodError:
        return last_month(), "Enter the month as a year and month, for example 2026-03."


@council_view(Action.VIEW_MONITORING_REPORT)
@require_GET
def index(request):
    return redirect("reports:monitoring", council=request.council.slug)


@council_view(Action.VIEW_MONITORING_REPORT)
@require_GET
def monitoring(request):
    """Per source: events taken in, findings by rule, reviews, raw-event views, retention and
    holds. Names only for the roles that answer for monitoring; the committee sees totals."""
    month, error = _month(request)
    names = request.membership.can(Action.SEE_NAMES_IN_REPORTS)
    report = monthly_report(request.council, month_period(month), names=names)
    charts = [
        bar_chart_svg(
            Bars(
                "Events taken in per source",
                [(s.label, s.events, f"{s.events:,}") for s in report.sources],
            ),
            "events",
        ),
        bar_chart_svg(
            Bars(
                "How findings were reviewed", [(k, v, str(v)) for k, v in report.outcomes.items()]
            ),
            "outcomes",
        ),
    ]
    return render(
        request,
        "reports/monitoring.html",
        {
            "report": report,
            "month": month,
            "error": error,
            "charts": charts,
            "can_packs": request.membership.can(Action.VIEW_COMMITTEE_PACKS),
        },
    )


@council_view(Action.VIEW_MONITORING_REPORT)
@require_GET
def monitoring_export(request):
    """The month's figures per source as CSV (audited)."""
    month, _ = _month(request)
    names = request.membership.can(Action.SEE_NAMES_IN_REPORTS)
    report = monthly_report(request.council, month_period(month), names=names)
    rows = [
        [
            f"{month:%Y-%m}",
            s.label,
            s.batches,
            s.events,
            s.rejected,
            s.raised,
            s.reviewed,
            s.open_at_end,
        ]
        for s in report.sources
    ]
    return audited_csv_export(
        request,
        name=f"monitoring-report-{month:%Y-%m}",
        header=[
            "Month",
            "Source",
            "Batches",
            "Events taken in",
            "Lines rejected",
            "Findings raised",
            "Findings reviewed",
            "Open at month end",
        ],
        rows=rows,
        event=Event.MONITORING_REPORT_EXPORTED,
    )


@council_view(Action.VIEW_COMMITTEE_PACKS)
@require_GET
def pack_list(request):
    packs = CommitteePack.objects.in_council(request.council).defer("pdf")
    month, error = _month(request)
    return render(
        request,
        "reports/packs.html",
        {
            "packs": packs,
            "month": month,
            "error": error,
            "can_make": request.membership.can(Action.MAKE_COMMITTEE_PACKS),
        },
    )


@council_view(Action.MAKE_COMMITTEE_PACKS)
@require_POST
def pack_make(request):
    """Print the month's pack now and keep it for the committee."""
    month, error = _month(request)
    if error:
        messages.error(request, error)
        return redirect("reports:pack_list", council=request.council.slug)
    pack = make_committee_pack(request.council, month, actor=Actor.for_request(request))
    messages.success(request, f"The committee pack for {month:%B %Y} is ready.")
    return redirect("reports:pack_download", council=request.council.slug, pk=pack.pk)


@council_view(Action.VIEW_COMMITTEE_PACKS)
@require_GET
def pack_download(request, pk: int):
    pack = get_object_or_404(CommitteePack.objects.in_council(request.council), pk=pk)
    if not pack.pdf:
        raise Http404
    response = HttpResponse(bytes(pack.pdf), content_type="application/pdf")
    name = f"{request.council.slug}-committee-pack-{pack.month:%Y-%m}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
