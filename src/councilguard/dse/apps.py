from django.apps import AppConfig


class DseConfig(AppConfig):
    name = "councilguard.dse"
    label = "dse"
    verbose_name = "Display screen equipment"
    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.dse.demo.load_dse_demo"
    # What waits for a member on the dashboard, and its reminders (core.contributions): offers
    # unanswered, tests and assessments falling due (B 3.1.1).
    waiting_items = "councilguard.dse.waiting.waiting_items"
    # Its part of the committee pack (core.contributions.committee_sections).
    committee_section = "councilguard.dse.committee.committee_section"

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.dse.personal_data.provide"
    # --- end rights ---

    def ready(self) -> None:
        from councilguard.dse.services import follow_people_list
        from councilguard.people.services import DISPLAY_SCREEN_HOOKS

        if follow_people_list not in DISPLAY_SCREEN_HOOKS:
            DISPLAY_SCREEN_HOOKS.append(follow_people_list)
