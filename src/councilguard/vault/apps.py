from datetime import timedelta

from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "councilguard.vault"
    label = "vault"
    verbose_name = "Shared-credential vault"
    # Links from a person's page (core.contributions.person_links).
    person_links = "councilguard.vault.person_links.links"
    # Called by accounts when a member loses their role or their account is disabled.
    access_removed = "councilguard.vault.services.access_removed"
    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.vault.demo.load_vault_and_incidents_demo"
    # Read by core.jobs.all_schedules: leavers lose access without waiting for the clerk.
    schedules = (
        ("vault.leavers", timedelta(days=1), "councilguard.vault.jobs.revoke_leavers_access"),
    )
    # What waits for a member on the dashboard, and its reminders (core.contributions).
    waiting_items = "councilguard.vault.waiting.waiting_items"

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.vault.personal_data.provide"
    # --- end rights ---

    def ready(self) -> None:
        from councilguard.vault import checks  # noqa: F401  (registers the key check)
