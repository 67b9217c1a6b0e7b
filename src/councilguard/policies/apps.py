from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "councilguard.policies"
    label = "policies"
    verbose_name = "Policies and acknowledgements"
    # Its part of the dashboard: acknowledgement campaigns and their chart (core.views.home).
    dashboard_context = "councilguard.policies.dashboard.policy_dashboard"
    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.policies.demo.load_policies_demo"
    # What waits for a member on the dashboard, and its reminders (core.contributions).
    waiting_items = "councilguard.policies.waiting.waiting_items"
    # Its part of the committee pack (core.contributions.committee_sections).
    committee_section = "councilguard.policies.committee.committee_section"
    reminder_recipients = "councilguard.policies.waiting.reminder_recipients"

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.policies.personal_data.provide"
    # --- end rights ---
