from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "councilguard.people"
    label = "people"
    verbose_name = "People"

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.people.personal_data.provide"
    personal_identifiers = "councilguard.people.personal_data.identifiers"
    # --- end rights ---
