from datetime import timedelta

from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "councilguard.rights"
    label = "rights"
    verbose_name = "Individuals' rights"
    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.rights.demo.load_rights_demo"

    # --- rights: what this app declares for the centre (DESIGN 17) ---
    # The worker fires these (core.jobs.app_schedules): deadline reminders, daily, idempotent.
    schedules = (
        ("rights.reminders", timedelta(days=1), "councilguard.rights.jobs.remind_of_deadlines"),
    )
    # The personal data this app holds about a person (core.personal_data): their requests.
    personal_data = "councilguard.rights.personal_data.provide"
    personal_identifiers = "councilguard.rights.personal_data.identifiers"
    # --- end rights ---
