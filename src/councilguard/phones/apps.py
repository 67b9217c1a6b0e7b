from django.apps import AppConfig


def _ingest_phone_bill(*args, **kwargs):
    # Imported when a bill arrives: the phone services bring Ibis and the number metadata,
    # which every other command (a proxy log's ingest included) would otherwise pay for at
    # start-up.
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
