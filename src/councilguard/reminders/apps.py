from datetime import timedelta

from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "councilguard.reminders"
    label = "reminders"
    verbose_name = "Reminders"
    # The reminders sent to a person, for their subject access bundle (core.personal_data).
    personal_data = "councilguard.reminders.personal_data.provide"
    # Read by core.jobs.all_schedules: hourly, so urgent items go within the hour and each
    # person's digest at their council's hour.
    schedules = (
        ("reminders.send", timedelta(hours=1), "councilguard.reminders.jobs.send_reminders"),
    )
