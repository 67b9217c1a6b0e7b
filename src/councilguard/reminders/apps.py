from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "councilguard.reminders"
    label = "reminders"
    verbose_name = "Reminders"
