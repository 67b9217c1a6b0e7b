from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.module_loading import import_string

from councilguard.audit.models import AuditEntry
from councilguard.core.charts import bar_chart_svg
from councilguard.core.contributions import glance_charts, waiting_for
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, membership_for, require_GET
from councilguard.people.access import person_of
from councilguard.people.models import Person, PersonKind


@require_GET
@login_required
def start(request):
    """Send the user to their council, or let them choose when they have several."""
    memberships = list(request.user.memberships.select_related("council"))
    if len(memberships) == 1:
        return redirect("core:home", council=memberships[0].council.slug)
    return render(request, "core/choose_council.html", {"memberships": memberships})


@require_GET
@login_required
def switch(request):
    slug = request.GET.get("council", "")
    membership_for(request.user, slug)
    return redirect("core:home", council=slug)


@council_view(Action.VIEW_DASHBOARD)
@require_GET
def home(request):
    council, membership = request.council, request.membership
    # C26: what waits for this member comes first, soonest deadline first, each one link away.
    context = {"waiting": waiting_for(membership)}
    # Then compliance at a glance, each app's charts with their figures as tables.
    context["glance"] = [
        {"chart": c, "svg": bar_chart_svg(c.chart, c.ident)} for c in glance_charts(membership)
    ]
    if membership.can(Action.VIEW_PEOPLE):
        people = Person.objects.for_membership(membership).current(timezone.localdate())
        context["people_counts"] = [
            (label, people.filter(kind=kind).count()) for kind, label in PersonKind.choices
        ]
        context["people_total"] = people.count()
    if membership.can(Action.VIEW_AUDIT):
        context["recent_audit"] = AuditEntry.objects.in_council(council).order_by("-sequence")[:5]
    me = person_of(membership)
    context["my_person"] = me
    # Parts of the dashboard an app adds (DESIGN 17): ``dashboard_context`` on its config, a
    # function of the membership and the member's person giving template variables.
    for config in apps.get_app_configs():
        if path := getattr(config, "dashboard_context", None):
            context.update(import_string(path)(membership, me))
    return render(request, "core/home.html", context)
