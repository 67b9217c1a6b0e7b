"""Pages of the rights register. Thin: parse the form, call the service, say what happened."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST
from councilguard.people.access import own_person, person_of
from councilguard.rights import erasure, services
from councilguard.rights.forms import (
    CloseForm,
    ExtendForm,
    IdentityForm,
    OwnRequestForm,
    PauseForm,
    RequestForm,
    ResumeForm,
    SettingsForm,
)
from councilguard.rights.models import RequestKind, RightsRequest, region_of


def _requests(request):
    return RightsRequest.objects.in_council(request.council).select_related("person")


def _detail(request, pk: int):
    return redirect("rights:request_detail", council=request.council.slug, pk=pk)


def _status(rights_request: RightsRequest, today: date) -> dict:
    current = rights_request.clock()
    return {"clock": current, "days_left": current.days_left(today)}


@council_view(Action.VIEW_RIGHTS_REQUESTS)
@require_GET
def request_list(request):
    today = date.today()
    page = Paginator(_requests(request).prefetch_related("pauses"), 50).get_page(
        request.GET.get("page")
    )
    rows = [{"request": r, **_status(r, today)} for r in page]
    return render(
        request,
        "rights/request_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "can_manage": request.membership.can(Action.MANAGE_RIGHTS_REQUESTS),
        },
    )


@council_view(Action.MANAGE_RIGHTS_REQUESTS)
@require_GET_or_POST
def request_create(request):
    form = RequestForm(request.POST or None, council=request.council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.record_request(
                request.council,
                services.NewRequest(
                    kind=data["kind"],
                    channel=data["channel"],
                    received_on=data["received_on"],
                    person=data["person"],
                    requester_name=data["requester_name"],
                    requester_contact=data["requester_contact"],
                    details=data["details"],
                ),
                actor=Actor.for_request(request),
            )
        except services.RightsError as exc:
            form.add_error(None, _sentence(exc))
        else:
            messages.success(request, f"{created.reference} is recorded.")
            return _detail(request, created.pk)
    return render(request, "rights/request_form.html", {"form": form})


@council_view(Action.VIEW_RIGHTS_REQUESTS)
@require_GET
def request_detail(request, pk: int):
    rights_request = get_object_or_404(_requests(request), pk=pk)
    today = date.today()
    return render(
        request,
        "rights/request_detail.html",
        {
            "rights_request": rights_request,
            **_status(rights_request, today),
            "pauses": rights_request.pauses.all(),
            "reminders": rights_request.reminders.all(),
            "erasures": rights_request.erasures.all(),
            "can_manage": request.membership.can(Action.MANAGE_RIGHTS_REQUESTS),
            "can_review": request.membership.can(Action.REVIEW_DISCLOSURES),
            "now": timezone.now(),
            **_extra_context(request, rights_request),
        },
    )


def _extra_context(request, rights_request) -> dict:
    """What later steps (the bundle, erasure) add to the request's page."""
    from councilguard.rights.bundles import detail_context

    return detail_context(request, rights_request)


# (form class, service call, success message, title, button) per step on one request.
def _step(request, pk: int, form_class, apply, done: str, title: str, button: str):
    rights_request = get_object_or_404(_requests(request), pk=pk)
    if not rights_request.is_open:
        raise Http404
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = apply(rights_request, form.cleaned_data, Actor.for_request(request))
        except services.RightsError as exc:
            form.add_error(None, _sentence(exc))
        else:
            messages.success(request, message or done)
            return _detail(request, pk)
    return render(
        request,
        "rights/step_form.html",
        {"form": form, "rights_request": rights_request, "title": title, "button": button},
    )


@council_view(Action.MANAGE_RIGHTS_REQUESTS)
@require_GET_or_POST
def request_identity(request, pk: int):
    def apply(r, data, actor):
        services.check_identity(
            r, checked_on=data["checked_on"], method=data["method"], actor=actor
        )

    return _step(
        request,
        pk,
        IdentityForm,
        apply,
        "Identity check recorded.",
        "Record the identity check",
        "Record it",
    )


@council_view(Action.MANAGE_RIGHTS_REQUESTS)
@require_GET_or_POST
def request_pause(request, pk: int):
    def apply(r, data, actor):
        services.pause_clock(
            r,
            reason=data["reason"],
            asked=data["asked"],
            started_on=data["started_on"],
            actor=actor,
        )
        return "The clock is stopped until the reply comes."

    return _step(
        request, pk, PauseForm, apply, "", "Stop the clock while waiting", "Stop the clock"
    )


@council_view(Action.MANAGE_RIGHTS_REQUESTS)
@require_GET_or_POST
def request_resume(request, pk: int):
    def apply(r, data, actor):
        due = services.resume_clock(r, reply_on=data["reply_on"], actor=actor)
        return f"The clock runs again: the request is now due on {due:%d %B %Y}."

    return _step(request, pk, ResumeForm, apply, "", "Record the reply", "Restart the clock")


@council_view(Action.MANAGE_RIGHTS_REQUESTS)
@require_GET_or_POST
def request_extend(request, pk: int):
    def apply(r, data, actor):
        due = services.extend(r, reason=data["reason"], told_on=data["told_on"], actor=actor)
        return f"Extended: the request is now due on {due:%d %B %Y}."

    return _step(request, pk, ExtendForm, apply, "", "Extend by two months", "Extend")


@council_view(Action.MANAGE_RIGHTS_REQUESTS)
@require_GET_or_POST
def request_close(request, pk: int):
    def apply(r, data, actor):
        services.close_request(r, status=data["status"], outcome=data["outcome"], actor=actor)

    return _step(
        request, pk, CloseForm, apply, "The request is closed.", "Close the request", "Close it"
    )


@council_view(Action.MANAGE_RIGHTS_REQUESTS)
@require_GET_or_POST
def rights_settings(request):
    form = SettingsForm(request.POST or None, initial={"region": region_of(request.council)})
    if request.method == "POST" and form.is_valid():
        changed = services.change_settings(
            request.council, region=form.cleaned_data["region"], actor=Actor.for_request(request)
        )
        messages.success(request, "Settings saved." if changed else "Nothing changed.")
        return redirect("rights:request_list", council=request.council.slug)
    return render(request, "rights/settings.html", {"form": form})


@council_view(Action.OWN_RIGHTS_REQUESTS)
@require_GET_or_POST
def mine(request):
    """A person asks about their own data and follows their requests (B 5.1.4)."""
    person = person_of(request.membership)
    form = OwnRequestForm(request.POST or None)
    if request.method == "POST":
        if person is None:
            own_person(request.membership)  # refuses: nothing is held about them here
        if form.is_valid():
            made = services.make_own_request(
                person,
                kind=form.cleaned_data["kind"],
                details=form.cleaned_data["details"],
                actor=Actor.for_request(request),
            )
            messages.success(
                request,
                f"Your request {made.reference} is recorded. The council will answer by "
                f"{made.clock().due:%d %B %Y}.",
            )
            return redirect("rights:mine", council=request.council.slug)
    today = date.today()
    rows = []
    if person is not None:
        own = RightsRequest.objects.in_council(request.council).filter(person=person)
        rows = [{"request": r, **_status(r, today)} for r in own.prefetch_related("pauses")]
    return render(
        request,
        "rights/mine.html",
        {
            "person": person,
            "form": form,
            "rows": rows,
            "now": timezone.now(),
            **_own_downloads(request, person),
        },
    )


def _own_downloads(request, person) -> dict:
    from councilguard.rights.bundles import own_downloads

    return own_downloads(request, person)


def _sentence(exc: Exception) -> str:
    text = str(exc)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


# --- rectification and erasure (Art 16, 17) ---


class ErasureForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=[("erase", "Erase it"), ("keep", "Keep it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to erase it or keep it"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give the reason for the decision"},
    )


class RectifyForm(forms.Form):
    full_name = forms.CharField(label="Name", required=False, max_length=200)
    job_title = forms.CharField(label="Job title", required=False, max_length=200)
    working_pattern = forms.CharField(
        label="Working pattern",
        required=False,
        max_length=300,
        help_text="For example: Mon-Fri 09:00-17:00. Leave a box empty to keep what is held.",
    )


@council_view(Action.REVIEW_DISCLOSURES)
@require_GET_or_POST
def request_erasure(request, pk: int):
    """The data protection lead decides, kind by kind, what is erased and what is kept."""
    rights_request = get_object_or_404(_requests(request), pk=pk)
    if rights_request.kind != RequestKind.ERASURE or rights_request.person is None:
        raise Http404
    if request.method == "POST":
        key = request.POST.get("source_key", "")
        form = ErasureForm(request.POST, prefix=key)
        if form.is_valid():
            try:
                decision = erasure.decide_erasure(
                    rights_request,
                    source_key=key,
                    erase=form.cleaned_data["outcome"] == "erase",
                    reason=form.cleaned_data["reason"],
                    actor=Actor.for_request(request),
                )
            except services.RightsError as exc:
                messages.error(request, _sentence(exc))
            else:
                messages.success(
                    request, f"{decision.source_title}: {decision.get_outcome_display().lower()}."
                )
        else:
            messages.error(request, "Choose whether to erase it or keep it, and give the reason.")
        return redirect("rights:request_erasure", council=request.council.slug, pk=pk)
    decided = {d.source_key: d for d in rights_request.erasures.all()}
    kinds = [
        {"kind": k, "decision": decided.get(k.key),
         "form": ErasureForm(prefix=k.key)}
        for k in erasure.kinds(rights_request)
        if k.rows
    ]  # fmt: skip
    return render(
        request, "rights/erasure.html", {"rights_request": rights_request, "kinds": kinds}
    )


@council_view(Action.MANAGE_RIGHTS_REQUESTS)
@require_GET_or_POST
def request_rectify(request, pk: int):
    rights_request = get_object_or_404(_requests(request), pk=pk)
    if rights_request.kind != RequestKind.RECTIFICATION or rights_request.person is None:
        raise Http404

    def apply(r, data, actor):
        fields = erasure.rectify(r, changes=data, actor=actor)
        return f"Corrected: {', '.join(fields)}."

    return _step(request, pk, RectifyForm, apply, "", "Correct their record", "Correct it")
