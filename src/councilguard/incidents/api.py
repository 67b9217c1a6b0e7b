"""Security incidents through the API: the register (list, read) and reporting one."""

from __future__ import annotations

from datetime import UTC, datetime

import django_filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets

from councilguard.api.base import CouncilScopedMixin
from councilguard.api.strict import JSONTypesMixin
from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.incidents.models import (
    BreachDecision,
    IncidentKind,
    IncidentStatus,
    SecurityIncident,
)
from councilguard.incidents.services import IncidentError, IncidentReport, report_incident

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _since_1970(value: datetime | None) -> datetime | None:
    # An incident before 1970 is a slip of the keyboard (and before 1847 UK time had no
    # whole-minute offset from UTC to write it back with).
    if value is not None and value < _EPOCH:
        raise serializers.ValidationError("Give a date since 1970.")
    return value


class IncidentSerializer(JSONTypesMixin, serializers.ModelSerializer):
    """A security incident on the register; reporting one sets what is not read-only."""

    reference = serializers.CharField(read_only=True)
    affected_people = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="full_name"
    )
    report_deadline = serializers.DateTimeField(read_only=True, allow_null=True)
    breach_clock = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(
        choices=[c for c in IncidentKind.choices if c[0] != IncidentKind.FAILED_SIGN_INS]
    )
    # Blank until the clerk decides (only data breaches are decided).
    breach_decision = serializers.ChoiceField(
        choices=BreachDecision.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = SecurityIncident
        fields = [
            "id",
            "reference",
            "kind",
            "status",
            "title",
            "description",
            "occurred_at",
            "reported_at",
            "reported_by_label",
            "source",
            "attempts",
            "affected_people",
            "affected_data",
            "actions",
            "outcome",
            "detected_at",
            "report_deadline",
            "breach_clock",
            "breach_decision",
            "breach_decision_reason",
            "closed_at",
        ]
        read_only_fields = [
            "status",
            "reported_at",
            "reported_by_label",
            "source",
            "attempts",
            "actions",
            "outcome",
            "breach_decision",
            "breach_decision_reason",
            "closed_at",
        ]

    def validate_occurred_at(self, value):
        return _since_1970(value)

    def validate_detected_at(self, value):
        return _since_1970(value)

    def get_breach_clock(self, incident: SecurityIncident) -> str:
        return incident.breach_clock()


class IncidentFilterSet(django_filters.FilterSet):
    """A kind or status outside the lists is refused (400), not quietly an empty list."""

    kind = django_filters.ChoiceFilter(choices=IncidentKind.choices)
    status = django_filters.ChoiceFilter(choices=IncidentStatus.choices)

    class Meta:
        model = SecurityIncident
        fields = ["kind", "status"]


@extend_schema(parameters=[OpenApiParameter("council", str, OpenApiParameter.PATH)])
class IncidentViewSet(
    CouncilScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The security incident register, with the 72-hour breach clock (UK GDPR Art. 33)."""

    serializer_class = IncidentSerializer
    filterset_class = IncidentFilterSet
    actions = {
        "list": Action.VIEW_INCIDENTS,
        "retrieve": Action.VIEW_INCIDENTS,
        "create": Action.REPORT_INCIDENT,
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SecurityIncident.objects.none()
        return SecurityIncident.objects.in_council(self.request.council).prefetch_related(
            "affected_people"
        )

    def perform_create(self, serializer: IncidentSerializer) -> None:
        data = serializer.validated_data
        try:
            serializer.instance = report_incident(
                self.request.council,
                IncidentReport(
                    kind=data["kind"],
                    title=data["title"],
                    description=data["description"],
                    occurred_at=data.get("occurred_at"),
                    detected_at=data.get("detected_at"),
                    affected_data=data.get("affected_data", ""),
                ),
                actor=Actor.for_request(self.request),
            )
        except IncidentError as exc:
            raise serializers.ValidationError({"non_field_errors": [str(exc)]}) from None
