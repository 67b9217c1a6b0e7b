from django.apps import AppConfig


class ProviderConfig(AppConfig):
    """The IT provider who serves many councils (C29, C30): one page of what waits in each,
    and the pages for the provider's own tokens. It adds no council page, and core knows it
    only through the role rule ``core.roles.serves_many_councils``."""

    name = "councilguard.provider"
    label = "provider"
    verbose_name = "IT provider"

    # Its part of the demo council (core.demo walks the apps in INSTALLED_APPS order).
    demo = "councilguard.provider.demo.load_provider_demo"
