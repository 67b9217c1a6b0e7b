from django.apps import AppConfig


class PhonesConfig(AppConfig):
    name = "councilguard.phones"
    label = "phones"
    verbose_name = "Phone bills"

    def ready(self) -> None:
        # Phone bills are read whole through a carrier profile, not as a line log.
        from councilguard.monitoring.ingest import WHOLE_FILE_FORMATS
        from councilguard.phones.services import ingest_phone_bill

        WHOLE_FILE_FORMATS["phone-bill"] = ingest_phone_bill
        # Each person's own page describes phone-bill monitoring through the monitoring app's
        # notice for every source that is set up (monitoring.notices).
