"""E-mail and sign-in pages: the multi-factor coverage (and its CSV), and the setup the clerk
keeps (settings, business contacts, people's personal addresses, running the rules). Findings
are reviewed on the monitoring pages like every other."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.exports import audited_csv_export
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST, require_POST
from councilguard.mail import coverage, forms, services
from councilguard.mail.models import BusinessContact, PersonalAddress
from councilguard.mail.services import MailError
from councilguard.people.access import own_person, person_of
from councilguard.people.models import Person


def _go(request, name: str, **kwargs):
    return redirect(f"mail:{name}", council=request.council.slug, **kwargs)


def _actor(request) -> Actor:
    return Actor.for_request(request)


@council_view(Action.VIEW_MFA_COVERAGE)
@require_GET
def coverage_page(request):
    rows = coverage.coverage(request.council)
    people = {r.person_id for r in rows}
    covered = {r.person_id for r in rows if r.mfa == "Yes"}
    return render(
        request,
        "mail/coverage.html",
        {
            "rows": rows,
            "people": len(people),
            "fully_covered": len(covered - {r.person_id for r in rows if r.mfa != "Yes"}),
        },
    )


@council_view(Action.VIEW_MFA_COVERAGE)
@require_GET
def coverage_export(request):
    rows = coverage.coverage(request.council)
    return audited_csv_export(
        request,
        name="mfa-coverage",
        header=[
            "Person",
            "System",
            "Successful sign-ins",
            "With MFA",
            "MFA (%)",
            "MFA",
            "Last sign-in (UTC)",
        ],  # fmt: skip
        rows=(
            [
                r.person,
                r.system,
                r.sign_ins,
                r.with_mfa,
                r.share,
                r.mfa,
                f"{r.last_sign_in:%Y-%m-%d %H:%M}",
            ]  # fmt: skip
            for r in rows
        ),
        event=Event.MFA_COVERAGE_EXPORTED,
    )


def _people(request):
    return Person.objects.in_council(request.council).order_by("full_name")


def _setup_context(request, **forms_given):
    current = services.settings_for(request.council)
    return {
        "settings_form": forms_given.get("settings_form")
        or forms.SettingsForm(instance=current, prefix="s"),
        "contact_form": forms_given.get("contact_form") or forms.ContactForm(prefix="c"),
        "personal_form": forms_given.get("personal_form")
        or forms.PersonalAddressForm(prefix="p", people=_people(request)),
        "contacts": BusinessContact.objects.in_council(request.council),
        "addresses": PersonalAddress.objects.in_council(request.council).select_related("person"),
    }


@council_view(Action.MANAGE_MONITORING)
@require_GET_or_POST
def setup(request):
    """The settings form; contacts and addresses have their own actions below it."""
    if request.method == "POST":
        form = forms.SettingsForm(
            request.POST, instance=services.settings_for(request.council), prefix="s"
        )
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.update_settings(request.council, values, actor=_actor(request))
            except MailError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "E-mail and sign-in settings saved.")
                return _go(request, "setup")
        return render(request, "mail/setup.html", _setup_context(request, settings_form=form))
    return render(request, "mail/setup.html", _setup_context(request))


@council_view(Action.MANAGE_MONITORING)
@require_POST
def contact_add(request):
    form = forms.ContactForm(request.POST, prefix="c")
    if form.is_valid():
        try:
            services.add_contact(
                request.council,
                form.cleaned_data["value"],
                form.cleaned_data["kind"],
                form.cleaned_data["note"],
                actor=_actor(request),
            )
        except MailError as exc:
            form.add_error("value", str(exc))
        else:
            messages.success(request, f"{form.cleaned_data['value']} added.")
            return _go(request, "setup")
    return render(request, "mail/setup.html", _setup_context(request, contact_form=form))


@council_view(Action.MANAGE_MONITORING)
@require_POST
def contact_remove(request, pk: int):
    contact = get_object_or_404(BusinessContact.objects.in_council(request.council), pk=pk)
    services.remove_contact(request.council, contact, actor=_actor(request))
    messages.success(request, f"{contact.value} removed.")
    return _go(request, "setup")


@council_view(Action.MANAGE_MONITORING)
@require_POST
def personal_add(request):
    form = forms.PersonalAddressForm(request.POST, prefix="p", people=_people(request))
    if form.is_valid():
        try:
            services.add_personal_address(
                request.council,
                form.cleaned_data["person"],
                form.cleaned_data["address"],
                actor=_actor(request),
            )
        except MailError as exc:
            form.add_error("address", str(exc))
        else:
            messages.success(request, f"{form.cleaned_data['address']} added.")
            return _go(request, "setup")
    return render(request, "mail/setup.html", _setup_context(request, personal_form=form))


@council_view(Action.MANAGE_MONITORING)
@require_POST
def personal_remove(request, pk: int):
    held = get_object_or_404(PersonalAddress.objects.in_council(request.council), pk=pk)
    services.remove_personal_address(request.council, held, actor=_actor(request))
    messages.success(request, f"{held.address} removed.")
    return _go(request, "setup")


@council_view(Action.MANAGE_MONITORING)
@require_POST
def analyse(request):
    outcome = services.analyse_council(request.council, actor=_actor(request))
    messages.success(
        request,
        f"Rules run over {outcome.messages:,} message records and {outcome.signins:,} sign-ins: "
        f"{outcome.created} findings raised, {outcome.updated} brought up to date, "
        f"{outcome.withdrawn} withdrawn.",
    )
    return _go(request, "setup")


# --- a person's own page: their personal addresses (issue 19 item 3); nobody else's address
# is reachable from here ---


def _mine_context(request, person, **extra):
    return {
        "person": person,
        "addresses": PersonalAddress.objects.in_council(request.council).filter(person=person)
        if person
        else [],
        "form": extra.get("form") or forms.OwnAddressForm(),
    }


@council_view(Action.OWN_PERSONAL_ADDRESSES)
@require_GET
def mine(request):
    return render(request, "mail/mine.html", _mine_context(request, person_of(request.membership)))


@council_view(Action.OWN_PERSONAL_ADDRESSES)
@require_POST
def mine_add(request):
    person = own_person(request.membership)
    form = forms.OwnAddressForm(request.POST)
    if form.is_valid():
        try:
            services.add_personal_address(
                request.council, person, form.cleaned_data["address"], actor=_actor(request)
            )
        except MailError as exc:
            form.add_error("address", str(exc)[0].upper() + str(exc)[1:])
        else:
            messages.success(request, f"{form.cleaned_data['address']} added to your addresses.")
            return _go(request, "mine")
    return render(request, "mail/mine.html", _mine_context(request, person, form=form), status=400)


@council_view(Action.OWN_PERSONAL_ADDRESSES)
@require_POST
def mine_remove(request):
    person = own_person(request.membership)
    form = forms.ItemForm(request.POST)
    held = None
    if form.is_valid():
        held = (
            PersonalAddress.objects.in_council(request.council)
            .filter(person=person, pk=form.cleaned_data["item"])
            .first()
        )
    if held is None:
        messages.error(request, "That address is not one of yours.")
        return _go(request, "mine")
    services.remove_personal_address(request.council, held, actor=_actor(request))
    messages.success(request, f"{held.address} removed from your addresses.")
    return _go(request, "mine")
