from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "councilguard.api"
    label = "api"
    verbose_name = "API"

    # --- provider tokens: losing the role in a council takes it off every provider token ---
    access_removed = "councilguard.api.services.provider_access_removed"
    role_changed = "councilguard.api.services.provider_role_changed"
    # --- end provider tokens ---
    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.api.personal_data.provide"
    # --- end rights ---
