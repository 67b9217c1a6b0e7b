from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from councilguard.audit.forms import AuditFilterForm
from councilguard.audit.models import AuditEntry
from councilguard.audit.services import verify_chain
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view


@council_view(Action.VIEW_AUDIT)
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
    report = verify_chain(request.council) if request.GET.get("verify") else None
    return render(
        request,
        "audit/entry_list.html",
        {"filter_form": form, "page_obj": page, "report": report},
    )
