from datetime import timedelta

from django.apps import AppConfig


class CctvConfig(AppConfig):
    name = "councilguard.cctv"
    label = "cctv"
    verbose_name = "CCTV"
    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.cctv.demo.load_cctv_demo"
    # What waits for a member on the dashboard, and its reminders (core.contributions).
    waiting_items = "councilguard.cctv.waiting.waiting_items"
    # Its part of the committee pack (core.contributions.committee_sections).
    committee_section = "councilguard.cctv.committee.committee_section"
    # The personal data this app holds about a person (core.personal_data): viewings they made,
    # requests for their own footage.
    personal_data = "councilguard.cctv.personal_data.provide"
    # Its kind in the retention schedule (retention.kinds): the log of viewings and disclosures.
    retention_kinds = "councilguard.cctv.retention_kinds.kinds"


# A recorder's real retention is checked against the register at least this often (A "CCTV":
# footage kept no longer than the register says).
RETENTION_CHECK_EVERY = timedelta(days=365)
