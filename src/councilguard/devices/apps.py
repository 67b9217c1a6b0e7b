from django.apps import AppConfig


class DevicesConfig(AppConfig):
    name = "councilguard.devices"
    label = "devices"
    verbose_name = "Devices"
