"""One filter for the people list, the CSV export and the API (the NetBox way)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone

from councilguard.people.models import Person, PersonKind


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Name or e-mail", method="filter_q")
    kind = django_filters.ChoiceFilter(label="Role", choices=PersonKind.choices, empty_label="Any")
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[("current", "Current"), ("left", "Left"), ("all", "Everyone")],
        method="filter_status",
        empty_label=None,
    )

    class Meta:
        model = Person
        fields = ["q", "kind", "status"]

    def __init__(self, data=None, *args, **kwargs) -> None:
        # Current people unless asked otherwise: leavers stay on record but out of the way.
        data = data.copy() if data is not None else {}
        data.setdefault("status", "current")
        super().__init__(data, *args, **kwargs)

    def filter_q(self, people, name, value):
        if not value:
            return people
        matches = Q(full_name__icontains=value) | Q(emails__address__icontains=value)
        return people.filter(pk__in=people.filter(matches).values("pk"))

    def filter_status(self, people, name, value):
        today = timezone.localdate()
        if value == "current":
            return people.current(today)
        if value == "left":
            return people.filter(leave_date__lt=today)
        return people
