from django.apps import AppConfig


class PhonesConfig(AppConfig):
    name = "councilguard.phones"
    label = "phones"
    verbose_name = "Phone bills"
