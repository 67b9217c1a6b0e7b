from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "councilguard.accounts"
    label = "accounts"
    verbose_name = "Accounts and sign-in"

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.accounts.personal_data.provide"
    personal_identifiers = "councilguard.accounts.personal_data.identifiers"
    # --- end rights ---
