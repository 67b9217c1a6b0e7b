"""A council's upload routes (C29, C30): which files are this council's when an IT provider
sends logs for many councils in one call."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET_or_POST, require_POST
from councilguard.monitoring.models import MonitoringSource
from councilguard.provider.models import RouteKind, SourceRoute
from councilguard.provider.services import RouteError, add_route, remove_route


@council_view(Action.MANAGE_ROUTES)
@require_GET_or_POST
def route_list(request):
    council = request.council
    sources = list(MonitoringSource.objects.in_council(council))
    errors: dict[str, str] = {}
    values = {"source": "", "kind": RouteKind.FILE_NAME, "pattern": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in values}
        source = next((s for s in sources if str(s.pk) == values["source"]), None)
        if source is None:
            errors["source"] = "Choose the source the files belong to."
        else:
            try:
                add_route(
                    source, values["kind"], values["pattern"], actor=Actor.for_request(request)
                )
            except RouteError as exc:
                errors["pattern"] = str(exc)
        if not errors:
            messages.success(request, f"Files matching {values['pattern']} now come here.")
            return redirect("routes:route_list", council=council.slug)
    routes = SourceRoute.objects.in_council(council).select_related("source")
    return render(
        request,
        "provider/route_list.html",
        {
            "routes": routes,
            "sources": sources,
            "kinds": RouteKind.choices,
            "errors": errors,
            "values": values,
        },
        status=400 if errors else 200,
    )


@council_view(Action.MANAGE_ROUTES)
@require_POST
def route_remove(request, pk: int):
    route = get_object_or_404(SourceRoute.objects.in_council(request.council), pk=pk)
    remove_route(route, actor=Actor.for_request(request))
    messages.success(request, f"Files matching {route.pattern} no longer come here.")
    return redirect("routes:route_list", council=request.council.slug)
