from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "councilguard.incidents"
    label = "incidents"
    verbose_name = "Security incidents"
    # What waits for a member on the dashboard, and its reminders (core.contributions).
    waiting_items = "councilguard.incidents.waiting.waiting_items"
    # Its part of the committee pack (core.contributions.committee_sections).
    committee_section = "councilguard.incidents.committee.committee_section"
    # Its charts in the dashboard's "Compliance at a glance" (core.contributions.glance_charts).
    dashboard_charts = "councilguard.incidents.glance.dashboard_charts"

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.incidents.personal_data.provide"
    # --- end rights ---

    def ready(self) -> None:
        from councilguard.incidents import signals  # noqa: F401  (connects the receivers)
