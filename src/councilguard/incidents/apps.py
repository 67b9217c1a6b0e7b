from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "councilguard.incidents"
    label = "incidents"
    verbose_name = "Security incidents"

    def ready(self) -> None:
        from councilguard.incidents import signals  # noqa: F401  (connects the receivers)
