from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "councilguard.policies"
    label = "policies"
    verbose_name = "Policies and acknowledgements"

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.policies.personal_data.provide"
    # --- end rights ---
