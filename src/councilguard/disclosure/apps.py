from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "councilguard.disclosure"
    label = "disclosure"
    verbose_name = "Disclosures"

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.disclosure.personal_data.provide"
    # --- end rights ---
