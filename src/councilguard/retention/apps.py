from datetime import timedelta

from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "councilguard.retention"
    label = "retention"
    verbose_name = "Retention"
    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.retention.demo.load_retention_demo"
    # Every night, every kind of every council, one receipt per council (C19, B 5.1.3).
    schedules = (("retention.run", timedelta(days=1), "councilguard.retention.jobs.run_retention"),)
