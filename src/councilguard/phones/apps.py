from datetime import timedelta

from django.apps import AppConfig


def _ingest_phone_bill(*args, **kwargs):
    # Imported when a bill arrives: the phone services bring Polars and the number metadata,
    # which every other command (a proxy log's ingest included) would otherwise pay for at
    # start-up.
    from councilguard.phones.services import ingest_phone_bill

    return ingest_phone_bill(*args, **kwargs)


class PhonesConfig(AppConfig):
    name = "councilguard.phones"
    # Monthly summaries in the council's retention schedule (C19, B 5.1.3).
    retention_kinds = "councilguard.phones.retention_kinds.kinds"
    label = "phones"
    verbose_name = "Phone bills"
    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.phones.demo.load_phones_demo"
    # Read by core.jobs.all_schedules: every bill analysed again monthly.
    schedules = (
        ("phones.analyse", timedelta(days=30), "councilguard.phones.jobs.analyse_phone_bills"),
    )

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.phones.personal_data.provide"
    personal_identifiers = "councilguard.phones.personal_data.identifiers"
    personal_data_erasure = "councilguard.phones.erasure.erase"
    # --- end rights ---
    # Phone findings are reviewed, explained and opened like every other finding, on the
    # monitoring app's pages (monitoring.services.source_hook); phones adds the bill lines
    # behind a finding and the personal use to recover.
    monitoring_hooks = {
        "phone": {
            "raw_events": "councilguard.phones.services.bill_lines_behind",
            "raw_events_table": "phones/_bill_lines.html",
            "finding_panel": "councilguard.phones.views.finding_panel",
            "rule_label": "councilguard.phones.services.rule_label",
        }
    }

    def ready(self) -> None:
        # Phone bills are read whole through a carrier profile, not as a line log.
        from councilguard.monitoring.ingest import WHOLE_FILE_FORMATS

        WHOLE_FILE_FORMATS["phone-bill"] = _ingest_phone_bill
        # Each person's own page describes phone-bill monitoring through the monitoring app's
        # notice for every source that is set up (monitoring.notices).
