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

        from councilguard.phones.services import monitoring_notices
        from councilguard.policies.notices import PROVIDERS

        if monitoring_notices not in PROVIDERS:
            PROVIDERS.append(monitoring_notices)
