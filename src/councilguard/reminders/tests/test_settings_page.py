"""C27: the clerk sets when the daily digest goes and whether urgent reminders go at once."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from councilguard.audit.events import Event
from councilguard.reminders.models import ReminderSettings
from councilguard.reminders.services import settings_for
from councilguard.testing.audit import assert_audited


def _clerk(world) -> Client:
    client = Client()
    client.force_login(world.clerk)
    return client


def test_the_clerk_changes_the_digest_hour_and_urgent_mails(world):
    url = reverse("reminders:settings", kwargs={"council": world.council.slug})
    assert (
        settings_for(world.council).digest_hour,
        settings_for(world.council).urgent_at_once,
    ) == (
        7,
        True,
    )
    with assert_audited(world.council, Event.REMINDER_SETTINGS_CHANGED):
        response = _clerk(world).post(url, {"digest_hour": "8"})  # the box left unticked
    assert response.status_code == 302
    saved = ReminderSettings.objects.get(council=world.council)
    assert (saved.digest_hour, saved.urgent_at_once) == (8, False)
    # The same values again change nothing and record nothing.
    with assert_audited(world.council):
        _clerk(world).post(url, {"digest_hour": "8"})


def test_an_hour_outside_the_day_is_refused_and_nothing_changes(world):
    url = reverse("reminders:settings", kwargs={"council": world.council.slug})
    with assert_audited(world.council):
        response = _clerk(world).post(url, {"digest_hour": "24", "urgent_at_once": "on"})
    assert response.status_code == 200
    assert "Choose one of the options for time of the daily summary" in response.content.decode()
    assert not ReminderSettings.objects.filter(council=world.council).exists()
