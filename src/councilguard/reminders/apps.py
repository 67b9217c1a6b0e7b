from datetime import timedelta

from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "councilguard.reminders"
    label = "reminders"
    verbose_name = "Reminders"
    # Read by core.jobs.all_schedules: hourly, so urgent items go within the hour and each
    # person's digest at their council's hour.
    schedules = (
        ("reminders.send", timedelta(hours=1), "councilguard.reminders.jobs.send_reminders"),
    )
