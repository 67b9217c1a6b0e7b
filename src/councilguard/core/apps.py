from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "councilguard.core"
    label = "core"
    verbose_name = "Councils and roles"

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.core.personal_data_roles.provide"
    # --- end rights ---
