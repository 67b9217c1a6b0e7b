from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "councilguard.api"
    label = "api"
    verbose_name = "API"
