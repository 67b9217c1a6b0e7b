from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "councilguard.core"
    label = "core"
    verbose_name = "Councils and roles"
