"""Pages for private contacts. Thin: parse the form, call the service, say what happened."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST, require_POST
from councilguard.people.access import own_person, person_of
from councilguard.privacy import services
from councilguard.privacy.forms import AlwaysForm, AskForm, DecideForm
from councilguard.privacy.models import AlwaysProtected, ProtectionRequest, RequestStatus
from councilguard.privacy.settings import personal_use_words


@council_view(Action.ASK_PROTECTION)
@require_GET_or_POST
def mine(request):
    """Ask for a number, address or site to be kept from view; follow the answers."""
    person = person_of(request.membership)
    form = AskForm(request.POST or None)
    if request.method == "POST":
        person = own_person(request.membership)
        if form.is_valid():
            try:
                made = services.ask_protection(
                    person,
                    kind=form.cleaned_data["kind"],
                    value=form.cleaned_data["value"],
                    extent=form.cleaned_data["extent"],
                    on_date=form.cleaned_data["on_date"],
                    reason=form.cleaned_data["reason"],
                    actor=Actor.for_request(request),
                )
            except services.PrivacyError as exc:
                form.add_error(None, str(exc))
            else:
                who = made.get_decided_by_role_display().replace("Your", "your")
                messages.success(request, f"Your request has gone to {who} to decide.")
                return redirect("privacy:mine", council=request.council.slug)
    own = []
    decider = None
    if person is not None:
        own = list(ProtectionRequest.objects.filter(council=request.council, person=person))
        decider = services.decider_for(person)[0]
    return render(
        request,
        "privacy/mine.html",
        {
            "person": person,
            "form": form,
            "own": own,
            "decider": decider,
            "always": AlwaysProtected.objects.filter(council=request.council),
            "allowed": personal_use_words(request.council),
        },
    )


@council_view(Action.ASK_PROTECTION)
@require_POST
def withdraw(request, pk: int):
    person = own_person(request.membership)
    row = get_object_or_404(
        ProtectionRequest.objects.filter(council=request.council, person=person), pk=pk
    )
    try:
        services.withdraw_protection(row, person=person, actor=Actor.for_request(request))
    except services.PrivacyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Withdrawn: that contact is no longer protected.")
    return redirect("privacy:mine", council=request.council.slug)


@council_view(Action.VIEW_PROTECTION_REQUESTS)
@require_GET
def request_list(request):
    """Requests this member decides: waiting ones first, then those decided."""
    rows = list(services.decided_by(request.membership).select_related("person"))
    # Oldest first: whoever has waited longest is answered first.
    waiting = sorted(
        (r for r in rows if r.status == RequestStatus.WAITING),
        key=lambda r: (r.requested_at, r.pk),
    )
    decided = [r for r in rows if r.status != RequestStatus.WAITING]
    return render(
        request, "privacy/request_list.html", {"waiting": waiting, "decided": decided[:200]}
    )


@council_view(Action.VIEW_PROTECTION_REQUESTS)
@require_GET_or_POST
def decide(request, pk: int):
    row = get_object_or_404(services.decided_by(request.membership).select_related("person"), pk=pk)
    if not services.may_decide(request.membership, row):
        raise Http404
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = Actor.for_request(request)
        try:
            if form.cleaned_data["decision"] == "grant":
                services.grant_protection(row, membership=request.membership, actor=actor)
                messages.success(request, f"Protected. {row.person} can see your decision.")
            else:
                services.refuse_protection(
                    row,
                    membership=request.membership,
                    reason=form.cleaned_data["refusal_reason"],
                    actor=actor,
                )
                messages.success(request, f"Refused. {row.person} can see your reason.")
        except services.PrivacyError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("privacy:request_list", council=request.council.slug)
    return render(request, "privacy/decide.html", {"row": row, "form": form})


@council_view(Action.MANAGE_ALWAYS_PROTECTED)
@require_GET_or_POST
def always_list(request):
    """The council's numbers, addresses and sites protected for everyone."""
    form = AlwaysForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.add_always_protected(
                request.council,
                kind=form.cleaned_data["kind"],
                value=form.cleaned_data["value"],
                label=form.cleaned_data["label"],
                actor=Actor.for_request(request),
            )
        except services.PrivacyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{entry.label} is now protected for everyone.")
            return redirect("privacy:always_list", council=request.council.slug)
    return render(
        request,
        "privacy/always_list.html",
        {"form": form, "entries": AlwaysProtected.objects.filter(council=request.council)},
    )


@council_view(Action.MANAGE_ALWAYS_PROTECTED)
@require_POST
def always_standard(request):
    added = services.add_standard_list(request.council, actor=Actor.for_request(request))
    messages.success(
        request,
        f"{added} standard number{'s' if added != 1 else ''} added."
        if added
        else "The standard numbers are already on the list.",
    )
    return redirect("privacy:always_list", council=request.council.slug)


@council_view(Action.MANAGE_ALWAYS_PROTECTED)
@require_POST
def always_remove(request, pk: int):
    entry = get_object_or_404(AlwaysProtected.objects.filter(council=request.council), pk=pk)
    services.remove_always_protected(entry, actor=Actor.for_request(request))
    messages.success(request, f"{entry.label} is no longer protected for everyone.")
    return redirect("privacy:always_list", council=request.council.slug)
