from django.apps import AppConfig


def _ingest_phone_bill(*args, **kwargs):
    """``councilguard ingest --source phone-bill``: the phones services (Polars, Ibis, phone
    number data) load when a bill comes in, not with every command and page."""
    from councilguard.phones.services import ingest_phone_bill

    return ingest_phone_bill(*args, **kwargs)


class PhonesConfig(AppConfig):
    name = "councilguard.phones"
    label = "phones"
    verbose_name = "Phone bills"

    def ready(self) -> None:
        # Phone bills are read whole through a carrier profile, not as a line log.
        from councilguard.monitoring.ingest import WHOLE_FILE_FORMATS

        WHOLE_FILE_FORMATS["phone-bill"] = _ingest_phone_bill
        # Each person's own page describes phone-bill monitoring through the monitoring app's
        # notice for every source that is set up (monitoring.notices).
