from datetime import timedelta

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "councilguard.cases"
    label = "cases"
    verbose_name = "Misuse cases"
    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.cases.demo.load_cases_demo"

    # --- cases: what this app declares for the centre (DESIGN 17) ---
    # Holds of closed cases end after the council's appeal period (C19).
    schedules = (
        ("cases.release_holds", timedelta(days=1), "councilguard.cases.jobs.release_holds"),
    )
    waiting_items = "councilguard.cases.waiting.items"
    # The same for one user's memberships of many councils at once (the IT provider's page).
    waiting_items_across = "councilguard.cases.waiting.items_across"
    personal_data = "councilguard.cases.personal_data.provide"
    # Closed cases and their evidence in the council's retention schedule (C19, B 5.1.3).
    retention_kinds = "councilguard.cases.retention_kinds.kinds"
    # --- end cases ---
