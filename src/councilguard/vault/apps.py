from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "councilguard.vault"
    label = "vault"
    verbose_name = "Shared-credential vault"
