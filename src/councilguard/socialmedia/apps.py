from django.apps import AppConfig


class SocialMediaConfig(AppConfig):
    name = "councilguard.socialmedia"
    label = "socialmedia"
    verbose_name = "Social media"
    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.socialmedia.demo.load_social_media_demo"
    # What waits for a member on the dashboard, and its reminders (core.contributions).
    waiting_items = "councilguard.socialmedia.waiting.waiting_items"
    # Its part of the committee pack (core.contributions.committee_sections).
    committee_section = "councilguard.socialmedia.committee.committee_section"
    # The personal data this app holds about a person (core.personal_data).
    personal_data = "councilguard.socialmedia.personal_data.provide"
