from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "councilguard.reports"
    label = "reports"
    verbose_name = "Reports and committee packs"
