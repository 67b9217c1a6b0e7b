from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from councilguard.audit.details import describe_changes, person_numbers
from councilguard.audit.forms import AuditFilterForm
from councilguard.audit.models import AuditEntry
from councilguard.audit.services import verify_chain
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET
from councilguard.people.models import Person


@council_view(Action.VIEW_AUDIT)
@require_GET
def entry_list(request):
    entries = AuditEntry.objects.in_council(request.council).order_by("-sequence")
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["event"]:
            entries = entries.filter(event=data["event"])
        if data["actor"]:
            entries = entries.filter(actor_label__icontains=data["actor"])
        if data["target"]:
            entries = entries.filter(target_label__icontains=data["target"])
        if data["since"]:
            entries = entries.filter(occurred_at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(occurred_at__date__lte=data["until"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    _add_details(request.council, page.object_list)
    report = verify_chain(request.council) if request.GET.get("verify") else None
    return render(
        request,
        "audit/entry_list.html",
        {"filter_form": form, "page_obj": page, "report": report},
    )


def _add_details(council, entries) -> None:
    """Each entry's changes in words, a line each. Some entries store a person's row
    number: those are named with one query for the page, within this council only."""
    wanted = set().union(*(person_numbers(e.changes) for e in entries)) if entries else set()
    people = dict(
        Person.objects.in_council(council).filter(pk__in=wanted).values_list("pk", "full_name")
    )
    for entry in entries:
        entry.details = describe_changes(entry.event, entry.changes, people=people)
