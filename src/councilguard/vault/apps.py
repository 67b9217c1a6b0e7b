from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "councilguard.vault"
    label = "vault"
    verbose_name = "Shared-credential vault"

    def ready(self) -> None:
        from councilguard.vault import checks  # noqa: F401  (registers the key check)
