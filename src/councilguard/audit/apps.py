from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "councilguard.audit"
    label = "audit"
    verbose_name = "Audit trail"
