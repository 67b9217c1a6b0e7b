"""The reminder engine's records and each council's settings (C27)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from councilguard.core.models import CouncilOwned


class ReminderSettings(CouncilOwned):
    """How a council's reminders go out: one digest a day per person, at ``digest_hour``
    (UK time), and, if ``urgent_at_once``, a mail as soon as something is overdue or due
    soon rather than waiting for the next digest."""

    urgent_at_once = models.BooleanField(
        "Send urgent reminders at once",
        default=True,
        help_text="Overdue clocks and those about to run out are mailed within the hour "
        "instead of waiting for the next morning's digest.",
    )
    digest_hour = models.PositiveSmallIntegerField(
        "Hour of the daily digest",
        default=7,
        help_text="UK time, from 0 (midnight) to 23.",
    )

    class Meta:
        verbose_name_plural = "reminder settings"
        constraints = [
            models.UniqueConstraint(fields=["council"], name="reminder_settings_one_per_council"),
            models.CheckConstraint(
                condition=Q(digest_hour__gte=0) & Q(digest_hour__lte=23),
                name="reminder_settings_hour_of_day",
            ),
        ]

    def __str__(self) -> str:
        return f"digest at {self.digest_hour:02d}:00"


class SentReminder(CouncilOwned):
    """One reminder sent to one address: what it was about (the waiting item's key and its
    urgency), in which mail, and when. A person never gets the same reminder twice in a day:
    the database refuses a second row for the same address, reminder and UK day."""

    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    key = models.CharField(max_length=120)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    deadline = models.DateTimeField(null=True, blank=True)
    urgency = models.CharField(max_length=10)
    digest = models.BooleanField(help_text="Sent in the daily digest rather than at once.")
    sent_on = models.DateField(help_text="The UK day it was sent.")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "pk"]
        indexes = [models.Index(fields=["council", "email", "key"], name="reminder_sent_lookup")]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "email", "key", "sent_on"], name="reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.title} ({self.sent_on})"
