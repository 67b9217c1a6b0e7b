from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "councilguard.reports"
    label = "reports"
    verbose_name = "Reports and committee packs"
    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.reports.demo.load_reports_demo"
