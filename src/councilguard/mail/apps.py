from datetime import timedelta

from django.apps import AppConfig

# name -> (source kind, label): the exports this app reads (issue 19), kept here so that
# registering them loads neither Polars nor the parsers.
EXPORTS = {
    "m365-trace": ("email", "Microsoft 365 message trace"),
    "gmail-log": ("email", "Google Workspace Gmail log export"),
    "entra-signin": ("signin", "Entra ID sign-in log"),
    "google-login": ("signin", "Google Workspace login audit"),
}


def _ingest(fmt: str):
    def ingest(*args, **kwargs):
        # Imported when an export arrives: Polars and the parsers are not paid for by every
        # other command.
        from councilguard.mail.ingest import ingest_export

        path = args[1]
        council = args[0]
        return ingest_export(
            council, path, actor=kwargs["actor"], file_name=kwargs["file_name"], fmt=fmt
        )

    return ingest


class MailConfig(AppConfig):
    name = "councilguard.mail"
    label = "mail"
    verbose_name = "E-mail and sign-ins"
    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.mail.demo.load_mail_demo"
    # Read by core.jobs.all_schedules: the rules run again every week.
    schedules = (("mail.analyse", timedelta(days=7), "councilguard.mail.jobs.analyse_mail"),)
    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.mail.personal_data.provide"
    # --- end rights ---
    # Its findings are reviewed, explained and opened like every other finding, on the
    # monitoring app's pages; it adds its rule kinds in words.
    monitoring_hooks = {
        kind: {
            "rule_label": "councilguard.mail.services.rule_label",
            "raw_events": "councilguard.mail.services.records_behind",
            "raw_events_table": "mail/_records.html",
        }
        for kind in ("email", "signin")
    }

    def ready(self) -> None:
        from councilguard.monitoring.ingest import EXPORT_FORMATS, WHOLE_FILE_FORMATS

        for fmt, (kind, label) in EXPORTS.items():
            WHOLE_FILE_FORMATS[fmt] = _ingest(fmt)
            EXPORT_FORMATS[fmt] = (kind, label)
