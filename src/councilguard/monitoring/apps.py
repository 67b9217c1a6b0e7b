from datetime import timedelta

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "councilguard.monitoring"
    verbose_name = "Monitoring"
    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.monitoring.demo.load_monitoring_demo"
    # Links from a person's page (core.contributions.person_links).
    person_links = "councilguard.monitoring.person_links.links"
    # Read by core.jobs.all_schedules: retention every night (C19).
    schedules = (
        (
            "monitoring.purge",
            timedelta(days=1),
            "councilguard.monitoring.jobs.purge_monitoring_events",
        ),
    )
    # What waits for a member on the dashboard, and its reminders (core.contributions).
    waiting_items = "councilguard.monitoring.waiting.waiting_items"
    # Its part of the committee pack (core.contributions.committee_sections).
    committee_section = "councilguard.monitoring.monthly.committee_section"
    # Its charts in the dashboard's "Compliance at a glance" (core.contributions.glance_charts).
    dashboard_charts = "councilguard.monitoring.glance.dashboard_charts"
    # A finding's rule in words on the audit trail (audit.details).
    audit_value_words = "councilguard.monitoring.audit_words.value_words"

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.monitoring.personal_data.provide"
    personal_identifiers = "councilguard.monitoring.personal_data.identifiers"
    personal_data_erasure = "councilguard.monitoring.erasure.erase"
    # --- end rights ---

    def ready(self) -> None:
        # Each person's own page describes the monitoring that applies to them (C18).
        from councilguard.monitoring.notices import source_notices
        from councilguard.policies.notices import PROVIDERS

        if source_notices not in PROVIDERS:
            PROVIDERS.append(source_notices)
