from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "councilguard.incidents"
    label = "incidents"
    verbose_name = "Security incidents"
