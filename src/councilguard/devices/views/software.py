"""The software catalogue (C9) and inventory scans (C10)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST
from councilguard.devices import approvals, forms
from councilguard.devices.models import CatalogueEntry, Device, LicenceFinding, SoftwareScan
from councilguard.devices.software import MAX_BYTES, import_inventory, installations
from councilguard.devices.views.register import _go


@council_view(Action.VIEW_CATALOGUE)
@require_GET
def catalogue(request):
    entries = CatalogueEntry.objects.in_council(request.council).select_related("approval")
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    # Installations and licence findings only for entries that count licences (B 8.1.1).
    counts = installations(request.council, page.object_list)
    over = (
        {
            f.entry_id: f
            for f in LicenceFinding.objects.in_council(request.council).filter(
                entry__in=list(counts), resolved_at__isnull=True
            )
        }
        if counts
        else {}
    )
    for entry in page.object_list:
        entry.installed_on = counts.get(entry.pk)
        entry.open_licence_finding = over.get(entry.pk)
    return render(
        request,
        "devices/catalogue.html",
        {
            "page_obj": page,
            "can_manage": request.membership.can(Action.MANAGE_CATALOGUE),
            "licence_findings": list(over.values()),
        },
    )


@council_view(Action.MANAGE_CATALOGUE)
@require_GET_or_POST
def catalogue_add(request):
    form = forms.CatalogueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = approvals.set_catalogue_entry(
                request.council, **form.cleaned_data, actor=Actor.for_request(request)
            )
        except approvals.ApprovalError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{entry} saved in the catalogue.")
            return _go(request, "catalogue")
    return render(
        request,
        "devices/_form_page.html",
        {
            "form": form,
            "heading": "Add to the software catalogue",
            "submit_label": "Save",
            "back_url": _go(request, "catalogue")["Location"],
        },
    )


@council_view(Action.VIEW_DEVICES)
@require_GET
def scan_list(request):
    scans = (
        SoftwareScan.objects.in_council(request.council)
        .select_related("device", "source")
        .annotate(open_findings=Count("findings", filter=Q(findings__resolved_at__isnull=True)))
        .order_by(*SoftwareScan._meta.ordering)
    )
    return render(
        request,
        "devices/scan_list.html",
        {
            "page_obj": Paginator(scans, 50).get_page(request.GET.get("page")),
            "can_import": request.membership.can(Action.IMPORT_SOFTWARE),
        },
    )


@council_view(Action.IMPORT_SOFTWARE)
@require_GET_or_POST
def scan_import(request):
    form = forms.InventoryImportForm(
        request.POST or None,
        request.FILES or None,
        devices=Device.objects.in_council(request.council),
    )
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_inventory(
            request.council,
            form.cleaned_data["file"].read(MAX_BYTES + 1),
            device=form.cleaned_data["device"],
            actor=Actor.for_request(request),
        )
        if report.ok and len(report.scans) == 1:
            messages.success(request, "Inventory imported.")
            return _go(request, "scan_detail", pk=report.scans[0])
    return render(request, "devices/scan_import.html", {"form": form, "report": report})


@council_view(Action.VIEW_DEVICES)
@require_GET
def scan_detail(request, pk: int):
    scan = get_object_or_404(
        SoftwareScan.objects.in_council(request.council).select_related("device", "source"),
        pk=pk,
    )
    return render(
        request,
        "devices/scan_detail.html",
        {
            "scan": scan,
            "software": scan.software.all(),
            "usb_devices": scan.usb_devices.all(),
            "findings": scan.device.software_findings.filter(
                Q(resolved_at__isnull=True) | Q(resolved_by_scan=scan)
            ).select_related("task"),
        },
    )
