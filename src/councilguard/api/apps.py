from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "councilguard.api"
    label = "api"
    verbose_name = "API"

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.api.personal_data.provide"
    # --- end rights ---
