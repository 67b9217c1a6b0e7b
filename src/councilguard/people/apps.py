from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "councilguard.people"
    label = "people"
    verbose_name = "People"
