from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "councilguard.audit"
    label = "audit"
    verbose_name = "Audit trail"

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.audit.personal_data.provide"
    # --- end rights ---
