"""Security incidents through the API: the register (list, read) and reporting one."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets

from councilguard.api.base import CouncilScopedMixin
from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.incidents.models import IncidentKind, IncidentStatus, SecurityIncident
from councilguard.incidents.services import IncidentError, IncidentReport, report_incident


class IncidentSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    affected_people = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="full_name"
    )
    report_deadline = serializers.DateTimeField(read_only=True)
    breach_clock = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(
        choices=[c for c in IncidentKind.choices if c[0] != IncidentKind.FAILED_SIGN_INS]
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

    def get_breach_clock(self, incident: SecurityIncident) -> str:
        return incident.breach_clock()


@extend_schema(parameters=[OpenApiParameter("council", str, OpenApiParameter.PATH)])
class IncidentViewSet(
    CouncilScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = IncidentSerializer
    actions = {
        "list": Action.VIEW_INCIDENTS,
        "retrieve": Action.VIEW_INCIDENTS,
        "create": Action.REPORT_INCIDENT,
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SecurityIncident.objects.none()
        incidents = SecurityIncident.objects.in_council(self.request.council).prefetch_related(
            "affected_people"
        )
        params = self.request.query_params
        if kind := params.get("kind"):
            incidents = incidents.filter(kind=kind)
        if status := params.get("status"):
            incidents = incidents.filter(status=status)
        return incidents

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=IncidentKind.values),
            OpenApiParameter("status", str, enum=IncidentStatus.values),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

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
