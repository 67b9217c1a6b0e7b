from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "councilguard.privacy"
    label = "privacy"
    verbose_name = "Private communications"
    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.privacy.demo.load_privacy_demo"
    # What waits for a member on the dashboard, and its reminders (core.contributions).
    waiting_items = "councilguard.privacy.waiting.waiting_items"

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.privacy.personal_data.provide"
    # --- end rights ---
