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

        # The monitoring app may describe every source itself (then phone bills too).
        covered = any(p.__module__ == "councilguard.monitoring.notices" for p in PROVIDERS)
        if not covered and monitoring_notices not in PROVIDERS:
            PROVIDERS.append(monitoring_notices)
