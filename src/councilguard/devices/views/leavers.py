"""Leavers (C24): the checklist per leaver, and the person's own deletion attestation."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST, require_POST
from councilguard.devices import forms, leavers
from councilguard.devices.charges import ChargeKind, proposed_leaving_charge, statement_for
from councilguard.devices.models import LeaverChecklist, LeaverItemKind, OwnDevice
from councilguard.devices.views.register import _go
from councilguard.people.access import own_person
from councilguard.people.models import Person


def _checklists(request):
    return LeaverChecklist.objects.in_council(request.council).select_related("person")


@council_view(Action.VIEW_LEAVERS)
@require_GET
def leaver_list(request):
    checklists = (
        _checklists(request)
        .annotate(total=Count("items"), done=Count("items", filter=Q(items__done_at__isnull=False)))
        .order_by(*LeaverChecklist._meta.ordering)
    )
    return render(
        request,
        "devices/leaver_list.html",
        {
            "page_obj": Paginator(checklists, 50).get_page(request.GET.get("page")),
            "can_manage": request.membership.can(Action.MANAGE_LEAVERS),
        },
    )


@council_view(Action.MANAGE_LEAVERS)
@require_GET_or_POST
def leaver_start(request):
    form = forms.StartLeavingForm(
        request.POST or None, people=Person.objects.in_council(request.council)
    )
    if request.method == "POST" and form.is_valid():
        try:
            checklist = leavers.set_leave_date(
                form.cleaned_data["person"],
                form.cleaned_data["leave_date"],
                actor=Actor.for_request(request),
            )
        except leavers.LeaverError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Checklist for {checklist.person} ready.")
            return _go(request, "leaver_detail", pk=checklist.pk)
    return render(
        request,
        "devices/_form_page.html",
        {
            "form": form,
            "heading": "Start someone's leaving",
            "submit_label": "Start the checklist",
            "back_url": _go(request, "leaver_list")["Location"],
        },
    )


@council_view(Action.VIEW_LEAVERS)
@require_GET
def leaver_detail(request, pk: int):
    from councilguard.vault.models import VaultRevocation

    checklist = get_object_or_404(_checklists(request), pk=pk)
    items = list(checklist.items.select_related("device", "own_device", "charge"))
    for item in items:
        if item.kind == LeaverItemKind.RETURN_DEVICE and item.done_at is None:
            item.proposal = proposed_leaving_charge(item.device, ChargeKind.NON_RETURN)
    return render(
        request,
        "devices/leaver_detail.html",
        {
            "checklist": checklist,
            "items": items,
            "progress": leavers.progress_of(checklist),
            "revocation": VaultRevocation.objects.filter(person=checklist.person).first(),
            "statement": statement_for(checklist.person),
            "can_manage": request.membership.can(Action.MANAGE_LEAVERS),
            "can_see_charges": request.membership.can(Action.VIEW_CHARGES),
            "restore_form": forms.RestoreLeaverForm(),
        },
    )


@council_view(Action.MANAGE_LEAVERS)
@require_POST
def leaver_restore(request, pk: int):
    """The person is staying: clear their leave date and withdraw the checklist."""
    checklist = _checklist_for_change(request, pk)
    form = forms.RestoreLeaverForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why they are not leaving.")
        return _go(request, "leaver_detail", pk=checklist.pk)
    try:
        leavers.restore_leaver(
            checklist, actor=Actor.for_request(request), reason=form.cleaned_data["reason"]
        )
    except leavers.LeaverError as exc:
        messages.error(request, str(exc)[:1].upper() + str(exc)[1:] + ".")
    else:
        messages.success(
            request, f"{checklist.person} is no longer leaving; the checklist is withdrawn."
        )
    return _go(request, "leaver_detail", pk=checklist.pk)


def _checklist_for_change(request, pk: int) -> LeaverChecklist:
    return get_object_or_404(_checklists(request), pk=pk)


@council_view(Action.MANAGE_LEAVERS)
@require_POST
def leaver_tick(request, pk: int):
    checklist = _checklist_for_change(request, pk)
    form = forms.TickForm(request.POST, items=checklist.items.filter(done_at__isnull=True))
    if form.is_valid():
        try:
            leavers.tick_item(
                form.cleaned_data["item"],
                note=form.cleaned_data["note"],
                actor=Actor.for_request(request),
            )
        except leavers.LeaverError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Item done.")
    else:
        messages.error(request, "Say how the item was done.")
    return _go(request, "leaver_detail", pk=checklist.pk)


@council_view(Action.MANAGE_LEAVERS)
@require_POST
def leaver_disable(request, pk: int):
    checklist = _checklist_for_change(request, pk)
    try:
        leavers.disable_account(checklist, actor=Actor.for_request(request))
    except leavers.LeaverError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{checklist.person}'s access removed.")
    return _go(request, "leaver_detail", pk=checklist.pk)


@council_view(Action.MANAGE_LEAVERS)
@require_POST
def leaver_revoke(request, pk: int):
    checklist = _checklist_for_change(request, pk)
    access = leavers.revoke_vault(checklist, actor=Actor.for_request(request))
    flagged = access.revocation.flagged_for_rotation if access.revocation else []
    messages.success(
        request,
        f"Shared passwords withdrawn; {len(flagged)} to be changed."
        if flagged
        else "Shared passwords withdrawn; none to change.",
    )
    return _go(request, "leaver_detail", pk=checklist.pk)


@council_view(Action.OWN_DEVICES)
@require_POST
def own_data_deleted(request):
    """The person confirms they deleted council data from their own device (B 9.1.6)."""
    form = forms.PickForm(
        request.POST,
        queryset=OwnDevice.objects.in_council(request.council).filter(
            person=own_person(request.membership), deletion_attested_at__isnull=True
        ),
    )
    if form.is_valid():
        leavers.attest_deletion(form.cleaned_data["item"], actor=Actor.for_request(request))
        messages.success(request, "Thank you. Deletion recorded.")
    else:
        messages.error(request, "Choose one of your own devices.")
    return _go(request, "mine")
