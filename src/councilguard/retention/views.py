"""The retention schedule page and the change of one period. Thin: the services count, change
and run (C19, B 5.1.3)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from councilguard.audit.actors import Actor
from councilguard.core.models import ScheduleRun
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST
from councilguard.retention import services
from councilguard.retention.forms import PeriodForm

RUN_EVERY = timedelta(days=1)


@council_view(Action.MANAGE_RETENTION)
@require_GET
def schedule(request):
    receipt = services.last_receipt(request.council)
    last_lines = {line["kind"]: line for line in receipt.lines} if receipt else {}
    fired = ScheduleRun.objects.filter(name="retention.run").first()
    rows = [(row, last_lines.get(row.kind.key)) for row in services.schedule(request.council)]
    return render(
        request,
        "retention/schedule.html",
        {
            "rows": rows,
            "receipt": receipt,
            "next_run": fired.last_fired_at + RUN_EVERY if fired else None,
        },
    )


@council_view(Action.MANAGE_RETENTION)
@require_GET_or_POST
def period_edit(request, kind: str):
    row = next((r for r in services.schedule(request.council) if r.kind.key == kind), None)
    if row is None or not row.kind.editable:
        raise Http404
    form = PeriodForm(
        request.POST or None,
        initial={"days": row.days, "reason": row.changed.reason if row.changed else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_period(
                request.council,
                kind,
                days=form.cleaned_data["days"],
                reason=form.cleaned_data["reason"],
                actor=Actor.for_request(request),
            )
        except services.RetentionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{row.kind.label}: the period is saved.")
            return redirect("retention:schedule", council=request.council.slug)
    return render(request, "retention/period.html", {"row": row, "form": form})
