from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "councilguard.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from councilguard.api import schema  # noqa: F401 (registers the OpenAPI extension)
