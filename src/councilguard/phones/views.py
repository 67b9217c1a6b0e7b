from __future__ import annotations

import json

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.exports import audited_csv_export
from councilguard.core.roles import Action, Role
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST, require_POST
from councilguard.monitoring import services as monitoring_services
from councilguard.monitoring.models import FindingStatus, IngestBatch
from councilguard.monitoring.views import render_finding
from councilguard.people.access import own_person, person_of
from councilguard.people.models import Person
from councilguard.phones import forms, recovery, report, services
from councilguard.phones.canonical import read_bill, read_header
from councilguard.phones.labels import METRIC_LABELS, format_amount
from councilguard.phones.models import (
    BusinessNumber,
    CarrierProfile,
    PersonalNumber,
    PersonalUseItem,
)
from councilguard.phones.services import PhoneError

SAMPLE_LINES = 30


def _go(request, name: str, **kwargs):
    return redirect(f"phones:{name}", council=request.council.slug, **kwargs)


def _visible_people(request):
    """Whose phone use this member may see: everyone for the clerk and the data protection
    lead; a manager's own team, not themselves (DESIGN 9: no one reviews their own use)."""
    people = Person.objects.for_membership(request.membership)
    if request.membership.role == Role.MANAGER:
        people = people.exclude(user=request.user)
    return people


def _findings(request):
    """Phone findings this member may review: the monitoring app's rule for every source."""
    return (
        monitoring_services.findings_for(request.membership)
        .filter(source_kind=services.SOURCE)
        .select_related("person")
    )


# --- the monthly report and findings ---


def _report(request) -> report.MonthlyReport:
    visible = list(_visible_people(request).select_related("peer_group"))
    people = {str(p.pk): (p.full_name, p.peer_group.name if p.peer_group else "") for p in visible}
    return report.build(
        services.monthly_summaries(request.council, visible),
        month=request.GET.get("month"),
        people=people,
        bundle_gb=services.settings_for(request.council).bundle_data_gb,
    )


@council_view(Action.VIEW_PHONE_FINDINGS)
@require_GET
def report_page(request):
    monthly = _report(request)
    if monthly.month:
        with transaction.atomic():
            audit.record(
                request.council,
                Event.MONITORING_VIEWED,
                actor=Actor.for_request(request),
                summary=f"Phone usage report for {monthly.month} ({len(monthly.people)} people)",
            )
    open_count = _findings(request).filter(status=FindingStatus.OPEN).count()
    return render(
        request,
        "phones/report.html",
        {"report": monthly, "open_findings": open_count},
    )


@council_view(Action.VIEW_PHONE_FINDINGS)
@require_GET
def report_export(request):
    monthly = _report(request)
    rows = (
        [
            monthly.month,
            p.name,
            p.peer_group,
            p.calls,
            round(p.minutes),
            p.texts,
            round(p.data / 1024**2),
            f"{p.cost / 100:.2f}",
            p.out_of_hours_calls,
            round(p.data_median / 1024**2) if p.data_median else "",
        ]
        for p in monthly.people
    )
    return audited_csv_export(
        request,
        name="phone-usage",
        header=[
            "month",
            "person",
            "peer_group",
            "calls",
            "minutes",
            "texts",
            "data_mb",
            "cost_gbp",
            "calls_out_of_hours",
            "median_data_mb_earlier_months",
        ],  # fmt: skip
        rows=rows,
        event=Event.PHONE_REPORT_EXPORTED,
    )


def _cost(finding) -> dict:
    pence = finding.evidence.get("cost_pence") or 0
    return {"amount": f"{pence / 100:.2f}"} if pence else {}


def finding_panel(request, finding, agree_form=None) -> dict:
    """What a phone finding adds to the monitoring app's finding page (the app's
    "finding_panel" hook): the bill lines it rests on and the personal use to
    recover, which the clerk records after the review."""
    # The panel shows the numbers called and their cost: looking is recorded and shown on the
    # person's own page (C18), as the raw bill lines are.
    with transaction.atomic():
        audit.record(
            request.council,
            Event.MONITORING_VIEWED,
            actor=Actor.for_request(request),
            target=finding.person,
            summary=f"Phone finding: {finding.summary}"[:500],
        )
    item = PersonalUseItem.objects.filter(finding=finding).first()
    return {
        "template": "phones/_finding_panel.html",
        "evidence": evidence_rows(finding.evidence),
        "agree_form": agree_form or forms.AgreeForm(initial=_cost(finding)),
        "item": item,
        "bill_reference": services.bill_reference_of(finding),
        "can_agree": request.membership.can(Action.DECIDE_PHONE_CHARGES)
        and item is None
        and finding.status in (FindingStatus.NOTED, FindingStatus.ESCALATED)
        and finding.person.is_employee,
    }


def evidence_rows(evidence: dict) -> list[tuple[str, str]]:
    """A phone finding's numbers in words, for the finding's page (the bill lines have their
    own row in the panel)."""
    cost = f"£{(evidence.get('cost_pence') or 0) / 100:,.2f}"
    if evidence.get("kind") != "high_usage":
        rows = [
            ("Calls", str(evidence.get("calls", ""))),
            ("Minutes", f"{evidence.get('minutes', 0):g}"),
            ("Numbers", ", ".join(evidence.get("numbers") or []) or "none"),
        ]
        if evidence.get("countries"):
            rows.append(("Countries", ", ".join(evidence["countries"])))
        return [*rows, ("Cost", cost)]
    if "measures" in evidence:
        # One finding per month with every measure that was high, strongest first.
        rows = []
        for measure in evidence["measures"]:
            rows += _measure_rows({**evidence, **measure})
        return [*rows, ("Cost that month", cost)]
    return [*_measure_rows(evidence), ("Cost that month", cost)]


def _measure_rows(evidence: dict) -> list[tuple[str, str]]:
    metric = evidence.get("metric", "")
    rows = [
        ("Measure", METRIC_LABELS.get(metric, metric)),
        ("This month", format_amount(metric, evidence.get("value") or 0)),
    ]
    if evidence.get("own_variation") is not None:
        usual = format_amount(metric, evidence["own_variation"])
        if evidence.get("variation_pooled"):
            # The variation of all their use over the last year (phones.analysis._deviations).
            usual += " (from all their calls, minutes, texts and data over the last year)"
        rows.append(("Usual variation", usual))
    if evidence.get("own_median") is not None:
        rows.append(
            (
                f"Median of the {evidence.get('own_months')} months before",
                f"{format_amount(metric, evidence['own_median'])} "
                f"(high from {evidence.get('ratio_needed')} times)",
            )
        )
    if evidence.get("peer_median") is not None and evidence.get("peer_group"):
        rows.append(
            (
                f"Median of {evidence['peer_group']} ({evidence.get('peers')} people)",
                f"{format_amount(metric, evidence['peer_median'])} "
                f"(high from {evidence.get('peer_ratio_needed')} times)",
            )
        )
    return rows


@council_view(Action.DECIDE_PHONE_CHARGES)
@require_POST
def finding_agree(request, pk: int):
    finding = get_object_or_404(_findings(request), pk=pk)
    form = forms.AgreeForm(request.POST)
    if form.is_valid():
        try:
            item = services.agree_personal_use(
                finding,
                amount=form.cleaned_data["amount"],
                note=form.cleaned_data["note"],
                actor=Actor.for_request(request),
            )
        except PhoneError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"£{item.amount} to recover from {item.person} recorded.")
            return redirect(
                "monitoring:finding_detail", council=request.council.slug, pk=finding.pk
            )
    return render_finding(
        request, finding, panel=finding_panel(request, finding, agree_form=form), status=400
    )


@council_view(Action.DECIDE_PHONE_CHARGES)
@require_GET
def recovery_list(request):
    items = PersonalUseItem.objects.in_council(request.council).select_related("person", "finding")
    return render(
        request,
        "phones/recovery_list.html",
        {"items": items, "statement": recovery.statement_available()},
    )


# --- setup: bills, profiles, the business directory ---


@council_view(Action.MANAGE_PHONE_SETTINGS)
@require_GET_or_POST
def phone_settings(request):
    """The clerk's thresholds for high and clearly personal use."""
    current = services.settings_for(request.council)
    form = forms.SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "analyse_now"}
        actor = Actor.for_request(request)
        try:
            changed = services.update_settings(request.council, values, actor=actor)
        except PhoneError as error:
            form.add_error(None, str(error))
        else:
            message = "Thresholds saved." if changed else "Nothing changed."
            if form.cleaned_data["analyse_now"]:
                outcome = services.analyse_council(request.council, actor=actor)
                message += (
                    f" Bills analysed again: {outcome.created} new findings, "
                    f"{outcome.updated} brought up to date, {outcome.withdrawn} withdrawn."
                )
            messages.success(request, message)
            return _go(request, "setup")
    form.instance.refresh_from_db()
    return render(
        request, "phones/settings.html", {"form": form}, status=400 if form.errors else 200
    )


@council_view(Action.MANAGE_PHONES)
@require_GET
def setup(request):
    return render(
        request,
        "phones/setup.html",
        {
            "profiles": services.profile_names(request.council),
            "stored": CarrierProfile.objects.in_council(request.council),
            "batches": IngestBatch.objects.in_council(request.council).filter(
                source__kind=services.SOURCE
            )[:24],
            "directory_count": BusinessNumber.objects.in_council(request.council).count(),
            "can_set_thresholds": request.membership.can(Action.MANAGE_PHONE_SETTINGS),
        },
    )


@council_view(Action.MANAGE_PHONES)
@require_GET_or_POST
def bill_import(request):
    form = forms.BillUploadForm(
        request.POST or None,
        request.FILES or None,
        profiles=services.profile_names(request.council),
    )
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.import_bill(
                request.council,
                upload.read(services.MAX_BILL_BYTES + 1),
                file_name=upload.name,
                profile_name=form.cleaned_data["profile"],
                actor=Actor.for_request(request),
            )
        except PhoneError as error:
            form.add_error(None, str(error))
        else:
            if result.ok:
                messages.success(
                    request,
                    "That bill was imported before; nothing changed."
                    if result.already_imported
                    else f"{result.accepted} bill lines imported; {result.findings_created} new "
                    f"findings.",
                )
                return _go(request, "setup")
    return render(request, "phones/bill_import.html", {"form": form, "result": result})


@council_view(Action.MANAGE_PHONES)
@require_GET_or_POST
def profile_build(request):
    """Build a profile from a sample of the carrier's bill, with a preview before saving."""
    if request.method == "POST" and "name" not in request.POST:
        sample_form = forms.SampleForm(request.POST, request.FILES)
        if not sample_form.is_valid():
            return render(request, "phones/profile_sample.html", {"form": sample_form}, status=400)
        raw = sample_form.cleaned_data["file"].read(200_000)
        sample = b"\n".join(raw.splitlines()[: SAMPLE_LINES + 1]).decode("utf-8", "replace")
        delimiter = (
            ";"
            if sample.split("\n", 1)[0].count(";") > sample.split("\n", 1)[0].count(",")
            else ","
        )
        headers = read_header(sample.encode(), delimiter)
        form = forms.ProfileForm(
            headers=headers, initial={"sample": sample, "delimiter": delimiter}
        )
        return render(request, "phones/profile_form.html", {"form": form, "headers": headers})
    if request.method != "POST":
        return render(request, "phones/profile_sample.html", {"form": forms.SampleForm()})
    sample = request.POST.get("sample", "")
    headers = read_header(sample.encode(), request.POST.get("delimiter", ",") or ",")
    form = forms.ProfileForm(request.POST, headers=headers)
    preview = None
    if form.is_valid():
        preview = read_bill(sample.encode(), form.profile)
        if request.POST.get("save") and preview.records.height:
            try:
                services.save_profile(
                    request.council, form.profile, actor=Actor.for_request(request)
                )
            except PhoneError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Profile {form.profile.name} saved.")
                return _go(request, "setup")
    rows = preview.records.head(10).iter_rows(named=True) if preview is not None else []
    return render(
        request,
        "phones/profile_form.html",
        {"form": form, "headers": headers, "preview": preview, "rows": list(rows)},
    )


@council_view(Action.MANAGE_PHONES)
@require_GET
def profile_export(request, pk: int):
    row = get_object_or_404(CarrierProfile.objects.in_council(request.council), pk=pk)
    with transaction.atomic():
        audit.record(
            request.council, Event.PHONE_PROFILE_EXPORTED, actor=Actor.for_request(request),
            target=row,
        )  # fmt: skip
    response = HttpResponse(
        json.dumps(row.definition, indent=2, ensure_ascii=False) + "\n",
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{row.name}.phone-profile.json"'
    return response


@council_view(Action.MANAGE_PHONES)
@require_GET_or_POST
def profile_import(request):
    form = forms.ProfileFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(request.council, form.profile, actor=Actor.for_request(request))
        except PhoneError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Profile {form.profile.name} imported.")
            return _go(request, "setup")
    return render(request, "phones/profile_import.html", {"form": form})


@council_view(Action.MANAGE_PHONES)
@require_GET_or_POST
def directory(request):
    form = forms.BusinessNumberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_business_number(
                request.council,
                form.cleaned_data["number"],
                form.cleaned_data["label"],
                kind=form.cleaned_data["kind"],
                actor=Actor.for_request(request),
            )
        except PhoneError as error:
            form.add_error("number", str(error))
        else:
            messages.success(request, "Number added to the business directory.")
            return _go(request, "directory")
    return render(
        request,
        "phones/directory.html",
        {"form": form, "entries": BusinessNumber.objects.in_council(request.council)},
    )


@council_view(Action.MANAGE_PHONES)
@require_POST
def directory_remove(request, pk: int):
    entry = get_object_or_404(BusinessNumber.objects.in_council(request.council), pk=pk)
    services.remove_business_number(entry, actor=Actor.for_request(request))
    messages.success(request, f"{entry.number} removed from the business directory.")
    return _go(request, "directory")


# --- a person's own page: no other person's object is ever reachable from here ---


def _mine_context(request, person, **extra):
    return {
        "person": person,
        # Explained on "My monitoring" like every finding; listed here so the person sees
        # what their bills gave.
        "findings": monitoring_services.own_findings(request.council, request.user).filter(
            source_kind=services.SOURCE
        ),
        "numbers": PersonalNumber.objects.filter(person=person) if person else [],
        "number_form": extra.get("number_form") or forms.PersonalNumberForm(),
    }


@council_view(Action.OWN_PHONE_USE)
@require_GET
def mine(request):
    return render(
        request, "phones/mine.html", _mine_context(request, person_of(request.membership))
    )


@council_view(Action.OWN_PHONE_USE)
@require_POST
def mine_number_add(request):
    person = own_person(request.membership)
    form = forms.PersonalNumberForm(request.POST)
    if form.is_valid():
        try:
            services.add_personal_number(
                person,
                form.cleaned_data["number"],
                form.cleaned_data["label"],
                actor=Actor.for_request(request),
            )
        except PhoneError as error:
            form.add_error("number", str(error))
        else:
            messages.success(request, "Number added to your personal numbers.")
            return _go(request, "mine")
    return render(
        request, "phones/mine.html", _mine_context(request, person, number_form=form), status=400
    )


@council_view(Action.OWN_PHONE_USE)
@require_POST
def mine_number_remove(request):
    person = own_person(request.membership)
    form = forms.ItemForm(request.POST)
    if not form.is_valid():
        return _go(request, "mine")
    entry = PersonalNumber.objects.filter(person=person, pk=form.cleaned_data["item"]).first()
    if entry is None:
        messages.error(request, "That number is not one of yours.")
        return _go(request, "mine")
    services.remove_personal_number(entry, actor=Actor.for_request(request))
    messages.success(request, f"{entry.number} removed.")
    return _go(request, "mine")
