from datetime import timedelta

from django.apps import AppConfig


class DevicesConfig(AppConfig):
    name = "councilguard.devices"
    label = "devices"
    verbose_name = "Devices"
    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.devices.demo.load_devices_demo"
    # Read by core.jobs.all_schedules (name, interval, dotted path of the task).
    schedules = (
        ("devices.escalate", timedelta(hours=1), "councilguard.devices.jobs.escalate_device_tasks"),
        ("devices.leavers", timedelta(days=1), "councilguard.devices.jobs.sync_leavers"),
        ("devices.software", timedelta(days=1), "councilguard.devices.jobs.software_checks"),
    )
    # What waits for a member on the dashboard, and its reminders (core.contributions).
    waiting_items = "councilguard.devices.waiting.waiting_items"
    # The same for one user's memberships of many councils at once (the IT provider's page).
    waiting_items_across = "councilguard.devices.waiting.waiting_items_across"
    # Its part of the committee pack (core.contributions.committee_sections).
    committee_section = "councilguard.devices.committee.committee_section"
    # Its charts in the dashboard's "Compliance at a glance" (core.contributions.glance_charts).
    dashboard_charts = "councilguard.devices.glance.dashboard_charts"
    # Links from a person's page (core.contributions.person_links).
    person_links = "councilguard.devices.person_links.links"
    # Device checks put right and software scans in the retention schedule (C19, B 5.1.3).
    retention_kinds = "councilguard.devices.retention_kinds.kinds"

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.devices.personal_data.provide"
    # --- end rights ---

    def ready(self) -> None:
        from councilguard.devices.leavers import start_leaving_hook
        from councilguard.people.services import LEAVE_DATE_HOOKS

        if start_leaving_hook not in LEAVE_DATE_HOOKS:
            LEAVE_DATE_HOOKS.append(start_leaving_hook)
