from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "councilguard.monitoring"
    verbose_name = "Monitoring"
