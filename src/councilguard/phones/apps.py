from django.apps import AppConfig


# The phones services (Polars, Ibis, phone number data) load when they are used, not with
# every command and page: these thin functions are what the monitoring app holds.
def _ingest_phone_bill(*args, **kwargs):
    from councilguard.phones.services import ingest_phone_bill

    return ingest_phone_bill(*args, **kwargs)


def _bill_lines_behind(finding, limit):
    from councilguard.phones.services import bill_lines_behind

    return bill_lines_behind(finding, limit)


def _finding_panel(request, finding):
    from councilguard.phones.views import finding_panel

    return finding_panel(request, finding)


class PhonesConfig(AppConfig):
    name = "councilguard.phones"
    label = "phones"
    verbose_name = "Phone bills"

    def ready(self) -> None:
        from councilguard.monitoring import services, views
        from councilguard.monitoring.ingest import WHOLE_FILE_FORMATS
        from councilguard.monitoring.models import SourceKind

        # Phone bills are read whole through a carrier profile, not as a line log.
        WHOLE_FILE_FORMATS["phone-bill"] = _ingest_phone_bill
        # Phone findings are reviewed, explained and opened like every other finding, on the
        # monitoring app's pages; phones adds the bill lines and the personal use to recover.
        services.RAW_EVENT_READERS[SourceKind.PHONE] = _bill_lines_behind
        views.RAW_EVENT_TABLES[SourceKind.PHONE] = "phones/_bill_lines.html"
        views.FINDING_PANELS[SourceKind.PHONE] = _finding_panel
        # Each person's own page describes phone-bill monitoring through the monitoring app's
        # notice for every source that is set up (monitoring.notices).
