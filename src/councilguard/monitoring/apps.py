from datetime import timedelta

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "councilguard.monitoring"
    verbose_name = "Monitoring"
    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.monitoring.demo.load_monitoring_demo"
    # Links from a person's page (core.contributions.person_links).
    person_links = "councilguard.monitoring.person_links.links"
    # Raw events and findings in the council's retention schedule; the retention app's nightly
    # run purges them (C19, B 5.1.3).
    retention_kinds = "councilguard.monitoring.retention_kinds.kinds"
    # Who is under legal hold, for every kind of the schedule (retention.kinds.held_for).
    legal_holds = "councilguard.monitoring.retention_kinds.held_people"
    # Read by core.jobs.all_schedules: clear what a crashed ingest left in staging.
    schedules = (
        ("monitoring.sweep", timedelta(days=1), "councilguard.monitoring.jobs.sweep_event_store"),
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
