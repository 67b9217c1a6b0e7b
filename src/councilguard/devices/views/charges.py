"""Charges (C8): the council's list, one statement per person (page and CSV for payroll), and
each person's own statement."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.exports import audited_csv_export
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST, require_POST
from councilguard.devices import forms
from councilguard.devices.charges import ChargeError, add_charge, change_charge, statement_for
from councilguard.devices.models import Charge, ChargeStatus, Device
from councilguard.devices.views.register import _go
from councilguard.people.access import person_of
from councilguard.people.models import Person

STATEMENT_HEADER = (
    "date",
    "person",
    "kind",
    "description",
    "source",
    "amount_gbp",
    "status",
    "settlement",
    "evidence",
)


@council_view(Action.VIEW_CHARGES)
@require_GET
def charge_list(request):
    charges = Charge.objects.in_council(request.council).select_related("person", "device")
    status = request.GET.get("status", "")
    if status in ChargeStatus.values:
        charges = charges.filter(status=status)
    return render(
        request,
        "devices/charge_list.html",
        {
            "page_obj": Paginator(charges, 50).get_page(request.GET.get("page")),
            "statuses": ChargeStatus.choices,
            "status": status,
        },
    )


@council_view(Action.VIEW_CHARGES)
@require_GET_or_POST
def charge_add(request):
    form = forms.ChargeForm(
        request.POST or None,
        people=Person.objects.in_council(request.council),
        devices=Device.objects.in_council(request.council),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            charge = add_charge(
                data["person"],
                kind=data["kind"],
                amount=data["amount"],
                description=data["description"],
                source_reference=data["source_reference"],
                device=data["device"],
                evidence=data["evidence"],
                actor=Actor.for_request(request),
            )
        except ChargeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Charge added to {charge.person}'s statement.")
            return _go(request, "statement", pk=charge.person_id)
    return render(
        request,
        "devices/_form_page.html",
        {
            "form": form,
            "heading": "Add a charge",
            "submit_label": "Add the charge",
            "back_url": _go(request, "charge_list")["Location"],
        },
    )


@council_view(Action.VIEW_CHARGES)
@require_POST
def charge_change(request, pk: int):
    charge = get_object_or_404(Charge.objects.in_council(request.council), pk=pk)
    form = forms.ChargeChangeForm(request.POST)
    if form.is_valid():
        try:
            changed = change_charge(
                charge,
                amount=form.cleaned_data["amount"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                actor=Actor.for_request(request),
            )
        except ChargeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Charge changed." if changed else "Nothing changed.")
    else:
        messages.error(request, "Give an amount and a status.")
    return _go(request, "statement", pk=charge.person_id)


@council_view(Action.VIEW_CHARGES)
@require_GET
def statement(request, pk: int):
    person = get_object_or_404(Person.objects.in_council(request.council), pk=pk)
    statement = statement_for(person)
    # A councillor's charge is invoiced, never sent to payroll, and the other way about.
    settled_otherwise = (
        ChargeStatus.PAID_TO_PAYROLL if statement.invoiced else ChargeStatus.INVOICED
    )
    return render(
        request,
        "devices/statement.html",
        {
            "statement": statement,
            "can_change": True,
            "statuses": [c for c in ChargeStatus.choices if c[0] != settled_otherwise],
        },
    )


@council_view(Action.VIEW_CHARGES)
@require_GET
def statement_export(request, pk: int):
    """The statement as CSV for payroll (audited; formula cells guarded)."""
    person = get_object_or_404(Person.objects.in_council(request.council), pk=pk)
    rows = (
        [
            f"{c.created_at:%Y-%m-%d}",
            person.full_name,
            c.get_kind_display(),
            c.description,
            c.source_reference,
            c.amount,
            c.get_status_display(),
            c.get_settlement_display(),
            c.evidence,
        ]
        for c in statement_for(person).charges
    )
    return audited_csv_export(
        request,
        name=f"charges-{person.pk}",
        header=STATEMENT_HEADER,
        rows=rows,
        event=Event.CHARGES_EXPORTED,
    )


@council_view(Action.OWN_DEVICES)
@require_GET
def my_statement(request):
    me = person_of(request.membership)
    return render(
        request,
        "devices/statement.html",
        {"statement": statement_for(me) if me else None, "mine": True},
    )
