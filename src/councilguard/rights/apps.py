from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "councilguard.rights"
    label = "rights"
    verbose_name = "Individuals' rights"
