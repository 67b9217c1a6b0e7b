from django.contrib import messages
from django.shortcuts import redirect, render

from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET_or_POST
from councilguard.reminders.forms import ReminderSettingsForm
from councilguard.reminders.models import SentReminder
from councilguard.reminders.services import ReminderError, settings_for, update_settings


@council_view(Action.MANAGE_REMINDERS)
@require_GET_or_POST
def reminder_settings(request):
    """How the council's reminders go out, and the last ones sent (C27)."""
    current = settings_for(request.council)
    form = ReminderSettingsForm(
        request.POST or None,
        initial={"urgent_at_once": current.urgent_at_once, "digest_hour": current.digest_hour},
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_settings(request.council, actor=Actor.for_request(request), **form.cleaned_data)
        except ReminderError as exc:
            form.add_error(None, str(exc).capitalize())
        else:
            messages.success(request, "Reminder settings saved.")
            return redirect("reminders:settings", council=request.council.slug)
    recent = SentReminder.objects.in_council(request.council).order_by("-sent_at", "pk")[:50]
    return render(request, "reminders/settings.html", {"form": form, "recent": recent})
