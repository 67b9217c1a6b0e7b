"""Pages of the display screen register (B 3.1.1): the clerk's register and a person's page,
and each person's own screen work. Thin: every change is a service call."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.exports import audited_csv_export
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST, require_POST
from councilguard.dse import forms, services
from councilguard.dse.models import EyeTest, ScreenUser, WorkstationAssessment
from councilguard.dse.register import standings
from councilguard.dse.services import DseError
from councilguard.people.access import own_person, person_of
from councilguard.people.models import Person


def _sentence(exc: Exception) -> str:
    message = str(exc)
    return message[:1].upper() + message[1:]


def _go(request, name: str, **kwargs):
    return redirect(f"dse:{name}", council=request.council.slug, **kwargs)


# --- the clerk's register ---------------------------------------------------------------------


@council_view(Action.VIEW_DSE)
@require_GET
def register(request):
    return _register_page(request, forms.AddUserForm(council=request.council))


def _register_page(request, add_form, status: int = 200):
    council = request.council
    settings = services.settings_for(council)
    return render(
        request,
        "dse/register.html",
        {
            "standings": standings(council, settings),
            "settings": settings,
            "add_form": add_form,
            "can_manage": request.membership.can(Action.MANAGE_DSE),
        },
        status=status,
    )


@council_view(Action.VIEW_DSE)
@require_GET
def register_export(request):
    rows = [
        (
            s.person.full_name,
            s.person.get_kind_display(),
            s.use.since,
            s.last_test.tested_on if s.last_test else "",
            s.test_due,
            s.open_test.get_status_display() if s.open_test else "",
            s.last_assessment.done_on if s.last_assessment else "",
            s.assessment_due,
            len(s.last_assessment.problems) if s.last_assessment else "",
        )
        for s in standings(request.council, services.settings_for(request.council))
    ]
    return audited_csv_export(
        request,
        name="screen-users",
        header=[
            "Name",
            "Kind",
            "Screen user since",
            "Last eye test",
            "Next eye test due",
            "Eye test in hand",
            "Last workstation assessment",
            "Next assessment due",
            "Problems found at the last assessment",
        ],
        rows=rows,
        event=Event.DSE_REGISTER_EXPORTED,
    )


@council_view(Action.MANAGE_DSE)
@require_POST
def user_add(request):
    form = forms.AddUserForm(request.POST, council=request.council)
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.add_screen_user(
                person, form.cleaned_data["since"], actor=Actor.for_request(request)
            )
        except DseError as exc:
            form.add_error(None, _sentence(exc))
        else:
            messages.success(request, f"{person.full_name} added to the screen users.")
            return _go(request, "person", pk=person.pk)
    return _register_page(request, form, status=400)


@council_view(Action.MANAGE_DSE)
@require_GET_or_POST
def dse_settings(request):
    current = services.settings_for(request.council)
    form = forms.SettingsForm(
        request.POST or None,
        initial={
            "eye_test_every_months": current.eye_test_every_months,
            "offer_answer_days": current.offer_answer_days,
            "assessment_every_months": current.assessment_every_months,
            "glasses_contribution": Decimal(current.glasses_contribution_limit_pence) / 100,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.change_settings(
                request.council,
                actor=Actor.for_request(request),
                eye_test_every_months=data["eye_test_every_months"],
                offer_answer_days=data["offer_answer_days"],
                assessment_every_months=data["assessment_every_months"],
                glasses_contribution_limit_pence=int(data["glasses_contribution"] * 100),
            )
        except DseError as exc:
            form.add_error(None, _sentence(exc))
        else:
            messages.success(request, "Settings saved." if changed else "Nothing changed.")
            return _go(request, "register")
    return render(request, "dse/settings.html", {"form": form}, status=400 if form.errors else 200)


# --- one person, as the clerk sees them ---------------------------------------------------------


def _person(request, pk: int) -> Person:
    return get_object_or_404(Person.objects.in_council(request.council), pk=pk)


def _person_page(request, person: Person, status: int = 200, **forms_given):
    found = standings(
        request.council, services.settings_for(request.council), person=person, current_only=False
    )
    standing = found[0] if found else None
    if standing is not None:
        # One form per thing on the page, each with its own ids; a refused one comes back filled.
        for assessment in standing.unreviewed:
            assessment.review_form = forms_given.pop(
                f"review_{assessment.pk}", None
            ) or forms.ReviewForm(auto_id=f"review-{assessment.pk}-%s")
        for test in standing.contribution_due:
            test.contribution_form = forms_given.pop(
                f"contribution_{test.pk}", None
            ) or forms.ContributionForm(auto_id=f"contribution-{test.pk}-%s")
    context = {
        "person": person,
        "standing": standing,
        "can_manage": request.membership.can(Action.MANAGE_DSE),
        "offer_form": forms.OfferForm(),
        "end_form": forms.EndUseForm(),
        "add_form": forms.AddUserForm(council=request.council, initial={"person": person.pk}),
    }
    context.update(forms_given)
    return render(request, "dse/person.html", context, status=status)


@council_view(Action.VIEW_DSE)
@require_GET
def person_detail(request, pk):
    return _person_page(request, _person(request, pk))


@council_view(Action.MANAGE_DSE)
@require_POST
def user_end(request, pk):
    person = _person(request, pk)
    form = forms.EndUseForm(request.POST)
    if form.is_valid():
        try:
            services.end_screen_use(
                person, form.cleaned_data["ended_on"], actor=Actor.for_request(request)
            )
        except DseError as exc:
            form.add_error(None, _sentence(exc))
        else:
            messages.success(request, f"{person.full_name} is no longer a screen user.")
            return _go(request, "person", pk=person.pk)
    return _person_page(request, person, status=400, end_form=form)


@council_view(Action.MANAGE_DSE)
@require_POST
def offer(request, pk):
    person = _person(request, pk)
    form = forms.OfferForm(request.POST)
    if form.is_valid():
        try:
            services.offer_eye_test(
                person, reason=form.cleaned_data["reason"], actor=Actor.for_request(request)
            )
        except DseError as exc:
            form.add_error(None, _sentence(exc))
        else:
            messages.success(request, f"Eye test offered to {person.full_name}.")
            return _go(request, "person", pk=person.pk)
    return _person_page(request, person, status=400, offer_form=form)


@council_view(Action.MANAGE_DSE)
@require_POST
def assessment_review(request, pk):
    assessment = get_object_or_404(
        WorkstationAssessment.objects.in_council(request.council).select_related("person"), pk=pk
    )
    form = forms.ReviewForm(request.POST, auto_id=f"review-{pk}-%s")
    if form.is_valid():
        try:
            services.review_assessment(
                assessment, actions=form.cleaned_data["actions"], actor=Actor.for_request(request)
            )
        except DseError as exc:
            form.add_error("actions", _sentence(exc))
        else:
            messages.success(request, "Assessment reviewed.")
            return _go(request, "person", pk=assessment.person_id)
    return _person_page(request, assessment.person, status=400, **{f"review_{assessment.pk}": form})


@council_view(Action.MANAGE_DSE)
@require_POST
def contribution(request, pk):
    test = get_object_or_404(
        EyeTest.objects.in_council(request.council).select_related("person"), pk=pk
    )
    form = forms.ContributionForm(request.POST, auto_id=f"contribution-{pk}-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_contribution(
                test,
                amount_pence=int(data["amount"] * 100),
                paid_on=data["paid_on"],
                reference=data["reference"],
                actor=Actor.for_request(request),
            )
        except DseError as exc:
            form.add_error(None, _sentence(exc))
        else:
            messages.success(request, "Contribution recorded.")
            return _go(request, "person", pk=test.person_id)
    return _person_page(request, test.person, status=400, **{f"contribution_{test.pk}": form})


# --- my own screen work -------------------------------------------------------------------------


def _mine_page(request, person: Person | None, status: int = 200, **forms_given):
    standing = None
    if person is not None:
        found = standings(request.council, services.settings_for(request.council), person=person)
        standing = found[0] if found else None
    open_test = standing.open_test if standing else None
    context = {
        "person": person,
        "standing": standing,
        "answer_form": forms.AnswerForm(initial={"test": open_test.pk}) if open_test else None,
        "request_form": forms.RequestForm(),
        "test_form": forms.TestForm(initial={"test": open_test.pk}) if open_test else None,
    }
    context.update(forms_given)
    return render(request, "dse/mine.html", context, status=status)


@council_view(Action.OWN_DSE)
@require_GET
def mine(request):
    return _mine_page(request, person_of(request.membership))


def _my_open_test(person: Person, pk: int) -> EyeTest | None:
    return EyeTest.objects.filter(person=person, pk=pk).first()


@council_view(Action.OWN_DSE)
@require_POST
def mine_answer(request):
    person = own_person(request.membership)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        test = _my_open_test(person, form.cleaned_data["test"])
        if test is None:
            messages.error(request, "That offer is not one of yours.")
            return _go(request, "mine")
        else:
            accept = form.cleaned_data["answer"] == "yes"
            try:
                services.answer_offer(test, accept=accept, actor=Actor.for_request(request))
            except DseError as exc:
                form.add_error(None, _sentence(exc))
            else:
                messages.success(
                    request,
                    "Thank you: the clerk will arrange your test."
                    if accept
                    else "Thank you: you can ask for a test here at any time.",
                )
                return _go(request, "mine")
    return _mine_page(request, person, status=400, answer_form=form)


@council_view(Action.OWN_DSE)
@require_POST
def mine_request(request):
    person = own_person(request.membership)
    form = forms.RequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_eye_test(
                person, reason=form.cleaned_data["reason"], actor=Actor.for_request(request)
            )
        except DseError as exc:
            form.add_error(None, _sentence(exc))
        else:
            messages.success(request, "Your request has gone to the clerk.")
            return _go(request, "mine")
    return _mine_page(request, person, status=400, request_form=form)


@council_view(Action.OWN_DSE)
@require_POST
def mine_test(request):
    person = own_person(request.membership)
    form = forms.TestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        test = _my_open_test(person, data["test"])
        if test is None:
            messages.error(request, "That test is not one of yours.")
            return _go(request, "mine")
        else:
            try:
                services.record_test(
                    test,
                    tested_on=data["tested_on"],
                    tested_by=data["tested_by"],
                    next_recommended_on=data["next_recommended_on"],
                    glasses_for_screen=data["glasses_for_screen"],
                    actor=Actor.for_request(request),
                )
            except DseError as exc:
                form.add_error(None, _sentence(exc))
            else:
                messages.success(request, "Eye test recorded.")
                return _go(request, "mine")
    return _mine_page(request, person, status=400, test_form=form)


@council_view(Action.OWN_DSE)
@require_GET_or_POST
def mine_assessment(request):
    person = own_person(request.membership)
    form = forms.AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_assessment(
                person,
                done_on=data["done_on"],
                place=data["place"],
                problems=data["problems"],
                comments=data["comments"],
                actor=Actor.for_request(request),
            )
        except DseError as exc:
            form.add_error(None, _sentence(exc))
        else:
            messages.success(request, "Thank you: your assessment has gone to the clerk.")
            return _go(request, "mine")
    is_user = ScreenUser.objects.filter(person=person, ended_on__isnull=True).exists()
    return render(
        request,
        "dse/assessment.html",
        {"form": form, "is_user": is_user},
        status=400 if form.errors else 200,
    )
