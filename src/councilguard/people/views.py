from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.contributions import person_links
from councilguard.core.exports import audited_csv_export
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST
from councilguard.people.filters import PersonFilterSet
from councilguard.people.forms import PeopleImportForm, PersonForm
from councilguard.people.importing import MAX_BYTES, import_people
from councilguard.people.models import Person
from councilguard.people.services import PersonError, create_person, update_person

EXPORT_COLUMNS = (
    "full_name",
    "role",
    "email",
    "job_title",
    "line_manager_email",
    "peer_group",
    "start_date",
    "leave_date",
    "display_screen",
    "working_pattern",
)


def _people(request):
    return (
        Person.objects.for_membership(request.membership)
        .select_related("line_manager", "peer_group")
        .prefetch_related("emails", "line_manager__emails")
    )


def _filtered(request) -> PersonFilterSet:
    return PersonFilterSet(request.GET or None, queryset=_people(request))


@council_view(Action.VIEW_PEOPLE)
@require_GET
def person_list(request):
    filterset = _filtered(request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/person_list.html",
        {
            "filter_form": filterset.form,
            "page_obj": page,
            "can_change": request.membership.can(Action.CHANGE_PEOPLE),
        },
    )


@council_view(Action.VIEW_PEOPLE)
@require_GET
def person_export(request):
    """The filtered list as CSV, in the import layout so it can be edited and imported back."""
    rows = (
        [
            person.full_name,
            person.kind,
            ";".join(e.address for e in person.emails.all()),
            person.job_title,
            person.line_manager.primary_email if person.line_manager else "",
            person.peer_group.name if person.peer_group else "",
            person.start_date,
            person.leave_date,
            "yes" if person.uses_display_screen else "no",
            person.working_pattern,
        ]
        for person in _filtered(request).qs
    )
    return audited_csv_export(
        request, name="people", header=EXPORT_COLUMNS, rows=rows, event=Event.PEOPLE_EXPORTED
    )


@council_view(Action.VIEW_PEOPLE)
@require_GET
def person_detail(request, pk: int):
    person = get_object_or_404(_people(request), pk=pk)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "can_change": request.membership.can(Action.CHANGE_PEOPLE),
            "reports": _people(request).filter(line_manager=person),
            # Devices, charges, findings, vault access, leaving: what the apps hold about them.
            "about": person_links(request.membership, person),
        },
    )


@council_view(Action.CHANGE_PEOPLE)
@require_GET_or_POST
def person_create(request):
    form = PersonForm(request.POST or None, council=request.council)
    if request.method == "POST" and form.is_valid():
        try:
            person = create_person(
                request.council, form.to_data(), actor=Actor.for_request(request)
            )
        except PersonError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{person} added.")
            return redirect("people:person_detail", council=request.council.slug, pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": None})


@council_view(Action.CHANGE_PEOPLE)
@require_GET_or_POST
def person_edit(request, pk: int):
    person = get_object_or_404(_people(request), pk=pk)
    form = PersonForm(
        request.POST or None,
        council=request.council,
        person=person,
        initial=PersonForm.initial_for(person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = update_person(person, form.to_data(), actor=Actor.for_request(request))
        except PersonError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{person} updated." if changed else "Nothing changed.")
            return redirect("people:person_detail", council=request.council.slug, pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@council_view(Action.CHANGE_PEOPLE)
@require_GET_or_POST
def person_import(request):
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_people(
            request.council,
            form.cleaned_data["file"].read(MAX_BYTES + 1),
            actor=Actor.for_request(request),
            dry_run=form.cleaned_data["dry_run"],
        )
        if report.ok and not report.dry_run:
            messages.success(
                request,
                f"Imported: {report.created} added, {report.updated} changed, "
                f"{report.unchanged} unchanged.",
            )
            return redirect("people:person_list", council=request.council.slug)
    return render(request, "people/person_import.html", {"form": form, "report": report})
