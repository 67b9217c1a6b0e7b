"""One filter for the findings page and the API (the NetBox way)."""

from __future__ import annotations

import django_filters

from councilguard.monitoring.models import Finding, FindingStatus, SourceKind
from councilguard.monitoring.templatetags.monitoring import rule_label
from councilguard.people.models import Person


class FindingFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=FindingStatus.choices, empty_label="Any")
    source_kind = django_filters.ChoiceFilter(
        label="Source", choices=SourceKind.choices, empty_label="Any"
    )
    rule_kind = django_filters.ChoiceFilter(label="Rule", choices=[], empty_label="Any")
    person = django_filters.ModelChoiceFilter(queryset=Person.objects.none(), empty_label="Anyone")
    start = django_filters.DateFilter(
        label="From (YYYY-MM-DD)", field_name="period_end", lookup_expr="gte"
    )
    end = django_filters.DateFilter(
        label="To (YYYY-MM-DD)", field_name="period_start", lookup_expr="lte"
    )

    class Meta:
        model = Finding
        fields = ["status", "source_kind", "rule_kind", "person", "start", "end"]

    def __init__(self, data=None, queryset=None, **kwargs) -> None:
        super().__init__(data, queryset=queryset, **kwargs)
        # Only the rules and people of the findings this member may see are choices. Set on
        # this instance's own fields: a filter's field is built once and may already exist (the
        # API schema builds it on the class's filters, which each instance copies).
        visible = self.queryset
        kinds = visible.order_by("rule_kind").values_list("rule_kind", flat=True).distinct()
        self.filters["rule_kind"].field.choices = [("", "Any")] + [
            (k, rule_label(k)) for k in kinds
        ]
        people = Person.objects.filter(pk__in=visible.values("person")).order_by("full_name")
        self.filters["person"].queryset = people
        self.filters["person"].field.queryset = people
