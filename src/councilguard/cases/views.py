"""Case pages. Thin: find the case the member may see, parse the form, call the service, say
what happened. Every look at a case or its evidence is recorded against its subjects."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from councilguard.audit.actors import Actor
from councilguard.cases import services
from councilguard.cases.access import case_for, cases_for
from councilguard.cases.forms import (
    AccountForm,
    AppointForm,
    CaseForm,
    DocumentForm,
    ExportForm,
    ExtractForm,
    FindingsForm,
    InterviewForm,
    LinkFindingForm,
    OutcomeForm,
    ReasonForm,
    SettingsForm,
    TellForm,
)
from councilguard.cases.models import Case, CaseSubject, Evidence, Stage
from councilguard.cases.timeline import timeline
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST
from councilguard.people.access import own_person

TEXT_TYPES = ("text/plain", "text/csv")


def _detail(request, case: Case):
    return redirect("cases:case_detail", council=request.council.slug, pk=case.pk)


def _ids(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


@council_view(Action.WORK_ON_CASES)
@require_GET
def case_list(request):
    cases = cases_for(request.membership).prefetch_related("subjects__person")
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        cases = cases.filter(stage=stage)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/case_list.html",
        {
            "page_obj": page,
            "stages": Stage.choices,
            "stage": stage,
            "can_manage": request.membership.can(Action.MANAGE_CASES),
        },
    )


@council_view(Action.MANAGE_CASES)
@require_GET_or_POST
def case_create(request):
    finding_ids = _ids(request.GET.getlist("finding"))
    form = CaseForm(request.POST or None, council=request.council, finding_ids=finding_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.open_case(
                request.council,
                services.NewCase(
                    title=data["title"],
                    kind=data["kind"],
                    origin=data["origin"],
                    allegation=data["allegation"],
                    clauses=services.parse_clauses(data["clauses"]),
                    subjects=list(data["subjects"]),
                    findings=list(data["findings"]),
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                ),
                actor=Actor.for_request(request),
            )
        except services.CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Case {case.reference} is open, and its subjects' monitoring data is held.",
            )
            return _detail(request, case)
    return render(request, "cases/case_form.html", {"form": form})


@council_view(Action.WORK_ON_CASES)
@require_GET
def case_detail(request, pk: int):
    case = case_for(request, pk)
    services.record_viewed(case, what="the case record", actor=Actor.for_request(request))
    subjects = case.subjects.select_related("person", "hold")
    settings = services.settings_for(request.council)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "subjects": subjects,
            "evidence": case.evidence.defer("content"),
            "timeline": timeline(case),
            "exports": case.exports.select_related("disclosure"),
            "can_manage": request.membership.can(Action.MANAGE_CASES),
            "can_extract": request.membership.can(Action.OPEN_RAW_EVENTS),
            "appeal_days": settings.appeal_days,
            "Stage": Stage,
        },
    )


def _step_page(request, pk, *, form_class, title, intro, submit, act, form_kwargs=None):
    """One stage's form: show it, or take it and go back to the case."""
    case = case_for(request, pk)
    extra = form_kwargs(case) if form_kwargs else {}
    form = form_class(request.POST or None, request.FILES or None, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            message = act(case, form.cleaned_data, Actor.for_request(request))
        except services.CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, message)
            return _detail(request, case)
    return render(
        request,
        "cases/step_form.html",
        {"case": case, "form": form, "title": title, "intro": intro, "submit": submit},
    )


@council_view(Action.MANAGE_CASES)
@require_GET_or_POST
def case_review(request, pk: int):
    def act(case, data, actor):
        services.start_review(case, reason=data["reason"], actor=actor)
        return "The preliminary review has started."

    return _step_page(
        request,
        pk,
        form_class=ReasonForm,
        title="Start the preliminary review",
        intro="Look at what is known so far and decide whether a formal investigation is needed.",
        submit="Start the review",
        act=act,
    )


@council_view(Action.MANAGE_CASES)
@require_GET_or_POST
def case_appoint(request, pk: int):
    def act(case, data, actor):
        services.appoint_investigator(
            case, data["investigator"], terms=data["terms"], reason=data["reason"], actor=actor
        )
        return "The investigator is appointed and the formal investigation has started."

    return _step_page(
        request,
        pk,
        form_class=AppointForm,
        title="Appoint an investigator",
        intro="The formal investigation establishes the facts before anything else happens.",
        submit="Appoint",
        act=act,
        form_kwargs=lambda case: {"council": request.council},
    )


@council_view(Action.WORK_ON_CASES)
@require_GET_or_POST
def case_findings(request, pk: int):
    def act(case, data, actor):
        services.record_findings(case, findings=data["findings"], actor=actor)
        return "The findings of the investigation are recorded."

    return _step_page(
        request,
        pk,
        form_class=FindingsForm,
        title="Record the findings of the investigation",
        intro="Say what the evidence shows for each allegation and clause.",
        submit="Record the findings",
        act=act,
    )


@council_view(Action.MANAGE_CASES)
@require_GET_or_POST
def case_outcome(request, pk: int):
    def act(case, data, actor):
        services.record_outcome(case, outcome=data["outcome"], reason=data["reason"], actor=actor)
        return "The outcome is recorded."

    return _step_page(
        request,
        pk,
        form_class=OutcomeForm,
        title="Record the outcome",
        intro="This records what follows the investigation. Any disciplinary step is taken "
        "outside this product, under the council's disciplinary procedure.",
        submit="Record the outcome",
        act=act,
    )


@council_view(Action.MANAGE_CASES)
@require_GET_or_POST
def case_close(request, pk: int):
    def act(case, data, actor):
        services.close_case(case, reason=data["reason"], actor=actor)
        return "The case is closed. Its legal hold stays until the appeal period ends."

    return _step_page(
        request,
        pk,
        form_class=ReasonForm,
        title="Close the case",
        intro="The evidence stays as it is; the legal hold ends after the appeal period.",
        submit="Close the case",
        act=act,
    )


@council_view(Action.WORK_ON_CASES)
@require_GET_or_POST
def case_tell(request, pk: int):
    def act(case, data, actor):
        subject = get_object_or_404(CaseSubject, case=case, pk=data["subject"])
        services.tell_subject(
            subject, how=data["how"], told_at=data["told_at"], notice=data["notice"], actor=actor
        )
        return f"{subject.person.full_name} is recorded as told in writing."

    return _step_page(
        request,
        pk,
        form_class=TellForm,
        title="Record that the subject was told in writing",
        intro="Record when and how the letter or e-mail was given, and what it said.",
        submit="Record",
        act=act,
        form_kwargs=lambda case: {"subjects": case.subjects.select_related("person")},
    )


@council_view(Action.WORK_ON_CASES)
@require_GET_or_POST
def evidence_link(request, pk: int):
    def act(case, data, actor):
        services.link_finding(case, data["finding"], actor=actor)
        return "The finding is part of the case's evidence."

    return _step_page(
        request,
        pk,
        form_class=LinkFindingForm,
        title="Add a finding to the evidence",
        intro="Findings about the case's subjects, of any source.",
        submit="Add the finding",
        act=act,
        form_kwargs=lambda case: {"case": case},
    )


@council_view(Action.OPEN_RAW_EVENTS)
@require_GET_or_POST
def evidence_extract(request, pk: int):
    def act(case, data, actor):
        services.take_extract(case, data["finding"], purpose=data["purpose"], actor=actor)
        return "The raw events are copied into the case with their fingerprint."

    return _step_page(
        request,
        pk,
        form_class=ExtractForm,
        title="Copy raw events into the case",
        intro="The events behind a finding are copied out of the event store, so later "
        "retention cannot change them. The person's own page will show who looked and why.",
        submit="Copy the events",
        act=act,
        form_kwargs=lambda case: {"case": case},
    )


@council_view(Action.WORK_ON_CASES)
@require_GET_or_POST
def evidence_document(request, pk: int):
    def act(case, data, actor):
        upload = data["upload"]
        services.add_document(
            case,
            title=data["title"],
            file_name=upload.name,
            data=upload.read(),
            relied_on=data["relied_on"],
            actor=actor,
        )
        return "The document is part of the case's evidence."

    return _step_page(
        request,
        pk,
        form_class=DocumentForm,
        title="Upload a document",
        intro="A letter, a screenshot, a saved e-mail. It is kept with its fingerprint and "
        "never changed.",
        submit="Upload",
        act=act,
    )


@council_view(Action.WORK_ON_CASES)
@require_GET_or_POST
def evidence_interview(request, pk: int):
    def act(case, data, actor):
        services.add_interview(
            case, title=data["title"], notes=data["notes"], relied_on=data["relied_on"], actor=actor
        )
        return "The interview notes are part of the case's evidence."

    return _step_page(
        request,
        pk,
        form_class=InterviewForm,
        title="Add interview notes",
        intro="Notes of a meeting with a witness or the subject.",
        submit="Add the notes",
        act=act,
    )


def _item_response(item: Evidence, *, download: bool):
    if download or item.content_type not in TEXT_TYPES:
        response = HttpResponse(
            bytes(item.content), content_type=item.content_type or "application/octet-stream"
        )
        name = item.file_name or f"evidence-{item.pk}.txt"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
    return None


@council_view(Action.WORK_ON_CASES)
@require_GET
def evidence_detail(request, pk: int, item: int):
    case = case_for(request, pk)
    evidence = get_object_or_404(case.evidence, pk=item)
    services.record_viewed(
        case, what=f"evidence “{evidence.title}”", actor=Actor.for_request(request)
    )
    response = _item_response(evidence, download="download" in request.GET)
    if response is not None:
        return response
    return render(
        request,
        "cases/evidence_detail.html",
        {"case": case, "item": evidence, "back": "cases:case_detail"},
    )


@council_view(Action.MANAGE_CASES)
@require_GET_or_POST
def case_export(request, pk: int):
    """The adviser bundle: to whom and why, recorded as a disclosure (B 5.1.2)."""
    from councilguard.cases.bundle import export_case

    case = case_for(request, pk)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            export_case(
                case,
                recipient=form.cleaned_data["recipient"],
                reason=form.cleaned_data["reason"],
                actor=Actor.for_request(request),
            )
        except services.CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The adviser bundle is ready to download below.")
            return _detail(request, case)
    return render(
        request,
        "cases/step_form.html",
        {
            "case": case,
            "form": form,
            "title": "Export for an outside adviser",
            "intro": "A ZIP of the case's summary, evidence and hashes for a legal adviser. "
            "Everyone but the people the case is about is shown as a pseudonym. The export "
            "is recorded as a disclosure: to whom, why, when and by whom.",
            "submit": "Export",
        },
    )


@council_view(Action.MANAGE_CASES)
@require_GET
def export_download(request, pk: int, export: int):
    from django.http import FileResponse

    from councilguard.disclosure.engine import open_bundle

    case = case_for(request, pk)
    found = get_object_or_404(case.exports.select_related("disclosure"), pk=export)
    response = FileResponse(
        open_bundle(found.disclosure),
        as_attachment=True,
        filename=f"{case.reference}-adviser-bundle.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response


@council_view(Action.MANAGE_CASES)
@require_GET_or_POST
def case_settings(request):
    current = services.settings_for(request.council)
    form = SettingsForm(request.POST or None, initial={"appeal_days": current.appeal_days})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(
                request.council,
                appeal_days=form.cleaned_data["appeal_days"],
                actor=Actor.for_request(request),
            )
        except services.CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The case settings are saved.")
            return redirect("cases:case_list", council=request.council.slug)
    return render(request, "cases/settings.html", {"form": form})


@council_view(Action.MANAGE_CASES)
@require_GET
def hold_list(request):
    from councilguard.monitoring.models import LegalHold

    holds = (
        LegalHold.objects.in_council(request.council)
        .select_related("person")
        .prefetch_related("case_subjects__case")
        .order_by("released_at", "-placed_at")
    )
    page = Paginator(holds, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/hold_list.html",
        {"page_obj": page, "appeal_days": services.settings_for(request.council).appeal_days},
    )


# --- the subject's own pages -----------------------------------------------------------------


def _own_subject(request, pk: int) -> CaseSubject:
    """A case about the member, once they have been told of it in writing."""
    person = own_person(request.membership)
    subject = (
        CaseSubject.objects.select_related("case", "person")
        .filter(case__council=request.council, person=person, told_at__isnull=False, case_id=pk)
        .first()
    )
    if subject is None:
        raise Http404
    return subject


@council_view(Action.OWN_CASES)
@require_GET
def mine(request):
    person = own_person(request.membership)
    subjects = CaseSubject.objects.filter(
        case__council=request.council, person=person, told_at__isnull=False
    ).select_related("case")
    return render(request, "cases/mine.html", {"subjects": subjects})


@council_view(Action.OWN_CASES)
@require_GET_or_POST
def my_case(request, pk: int):
    subject = _own_subject(request, pk)
    case = subject.case
    form = AccountForm(request.POST or None, initial={"account": subject.account})
    if request.method == "POST" and form.is_valid():
        try:
            services.give_account(
                subject, form.cleaned_data["account"], actor=Actor.for_request(request)
            )
        except services.CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Your account is added to the case.")
            return redirect("cases:my_case", council=request.council.slug, pk=case.pk)
    return render(
        request,
        "cases/my_case.html",
        {
            "case": case,
            "subject": subject,
            "evidence": case.evidence.filter(relied_on=True).defer("content"),
            "steps": case.steps.all(),
            "form": form,
            "may_answer": case.stage not in (Stage.OUTCOME, Stage.CLOSED),
        },
    )


@council_view(Action.OWN_CASES)
@require_GET
def my_evidence(request, pk: int, item: int):
    subject = _own_subject(request, pk)
    evidence = get_object_or_404(subject.case.evidence.filter(relied_on=True), pk=item)
    response = _item_response(evidence, download="download" in request.GET)
    if response is not None:
        return response
    return render(
        request,
        "cases/evidence_detail.html",
        {"case": subject.case, "item": evidence, "back": "cases:my_case"},
    )
