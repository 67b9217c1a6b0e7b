from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "councilguard.policies"
    label = "policies"
    verbose_name = "Policies and acknowledgements"
