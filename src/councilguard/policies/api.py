"""Policies and acknowledgements through the API (C1, C2): the policies and the version of each
in force, one's own acknowledgements (and acknowledging), and who has and has not acknowledged
a version, for those who may see it. Every change goes through policies.services, with the
pages' roles and audit entries."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from councilguard.api.base import CouncilScopedMixin, caller_person
from councilguard.api.strict import JSONTypesMixin, KnownFieldsMixin, refuse_unknown_parameters
from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.people.models import Person
from councilguard.policies import services
from councilguard.policies.models import Acknowledgement, Policy, PolicyVersion, VersionStatus

_COUNCIL = OpenApiParameter("council", str, OpenApiParameter.PATH)


class VersionInForceSerializer(serializers.ModelSerializer):
    """The version of a policy in force: what everyone is asked to acknowledge."""

    approved_by = serializers.CharField(
        source="approval_text", read_only=True, help_text="Who approved it, when, and the minute."
    )

    class Meta:
        model = PolicyVersion
        fields = ["id", "label", "approved_by", "approved_on", "published_at", "material_change"]
        read_only_fields = fields


class PolicySerializer(serializers.ModelSerializer):
    in_force = serializers.SerializerMethodField(help_text="None while no version is in force.")

    class Meta:
        model = Policy
        fields = ["id", "title", "code", "oversight_committee", "review_due", "in_force"]
        read_only_fields = fields

    @extend_schema_field(VersionInForceSerializer(allow_null=True))
    def get_in_force(self, policy: Policy) -> dict | None:
        # The versions are prefetched, in force only (PolicyViewSet.get_queryset).
        version = next(iter(policy.versions.all()), None)
        return VersionInForceSerializer(version).data if version else None


class MyAcknowledgementSerializer(serializers.Serializer):
    """A version in force and the caller's acknowledgement of it (None: not yet)."""

    policy = serializers.IntegerField(source="version.policy_id")
    policy_title = serializers.CharField(source="version.policy.title")
    version = serializers.IntegerField(source="version.pk")
    label = serializers.CharField(source="version.label")
    acknowledged_at = serializers.DateTimeField(source="ack.acknowledged_at", allow_null=True)
    method = serializers.CharField(source="ack.method", allow_null=True)


class AcknowledgementSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    version_label = serializers.CharField(source="version.label", read_only=True)

    class Meta:
        model = Acknowledgement
        fields = [
            "id",
            "person",
            "person_name",
            "version",
            "version_label",
            "acknowledged_at",
            "method",
        ]
        read_only_fields = fields


class OutstandingPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "full_name", "kind"]
        read_only_fields = fields


class AcknowledgementsSerializer(serializers.Serializer):
    """Who has and who has not acknowledged a version in force."""

    version = serializers.IntegerField()
    label = serializers.CharField()
    in_scope = serializers.IntegerField(help_text="Everyone the policy covers today.")
    acknowledged = AcknowledgementSerializer(many=True)
    outstanding = OutstandingPersonSerializer(many=True)


class ConfirmSerializer(KnownFieldsMixin, JSONTypesMixin, serializers.Serializer):
    confirm = serializers.BooleanField(help_text="true: I have read this version.")

    def validate_confirm(self, value: bool) -> bool:
        if value is not True:
            raise serializers.ValidationError("Confirm you have read it (true).")
        return value


class PaperAcknowledgementSerializer(KnownFieldsMixin, JSONTypesMixin, serializers.Serializer):
    person = serializers.IntegerField(help_text="The id of the person who signed the paper copy.")


@extend_schema(parameters=[_COUNCIL])
class PolicyViewSet(
    CouncilScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The council's policies, each with the version in force (everyone may read them)."""

    serializer_class = PolicySerializer
    pagination_class = None
    actions = {
        "list": Action.VIEW_POLICIES,
        "retrieve": Action.VIEW_POLICIES,
        "mine": Action.VIEW_OWN_PAGE,
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Policy.objects.none()
        in_force = PolicyVersion.objects.filter(status=VersionStatus.PUBLISHED)
        return Policy.objects.in_council(self.request.council).prefetch_related(
            Prefetch("versions", queryset=in_force)
        )

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        refuse_unknown_parameters(request.query_params, ())

    @extend_schema(responses={200: MyAcknowledgementSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def mine(self, request, *args, **kwargs):
        """Each version in force and whether the caller has acknowledged it (refused, 403, to a
        member who is not on the people list)."""
        person = caller_person(request)
        versions = (
            PolicyVersion.objects.in_council(request.council)
            .filter(status=VersionStatus.PUBLISHED)
            .select_related("policy")
            .order_by("policy__title")
        )
        acks = {
            a.version_id: a
            for a in Acknowledgement.objects.filter(person=person, version__in=versions)
        }
        rows = [{"version": v, "ack": acks.get(v.pk)} for v in versions]
        return Response(MyAcknowledgementSerializer(rows, many=True).data)


@extend_schema(parameters=[_COUNCIL])
class PolicyVersionViewSet(CouncilScopedMixin, viewsets.GenericViewSet):
    """A version in force: acknowledge it, and see who has."""

    serializer_class = AcknowledgementSerializer
    actions = {
        "acknowledgements": Action.VIEW_ACKNOWLEDGEMENTS,
        "acknowledge": Action.VIEW_OWN_PAGE,
        "paper_acknowledgement": Action.MANAGE_POLICIES,
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PolicyVersion.objects.none()
        return (
            PolicyVersion.objects.in_council(self.request.council)
            .filter(status=VersionStatus.PUBLISHED)
            .select_related("policy")
        )

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        refuse_unknown_parameters(request.query_params, ())

    @extend_schema(responses={200: AcknowledgementsSerializer})
    @action(detail=True, methods=["get"])
    def acknowledgements(self, request, *args, **kwargs):
        """Who has acknowledged this version, and who in scope has not."""
        version = self.get_object()
        done = version.acknowledgements.select_related("person", "version").order_by(
            "person__full_name", "pk"
        )
        outstanding = services.outstanding_people(version).order_by("full_name", "pk")
        body = {
            "version": version.pk,
            "label": version.label,
            "in_scope": services.people_in_scope(request.council).count(),
            "acknowledged": done,
            "outstanding": outstanding,
        }
        return Response(AcknowledgementsSerializer(body).data)

    @extend_schema(request=ConfirmSerializer, responses={201: AcknowledgementSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, *args, **kwargs):
        """The caller acknowledges this version for themselves (refused, 403, to a member who is
        not on the people list)."""
        version = self.get_object()
        person = caller_person(request)
        ConfirmSerializer(data=request.data).is_valid(raise_exception=True)
        return self._acknowledge(version, person, on_paper=False)

    @extend_schema(
        request=PaperAcknowledgementSerializer, responses={201: AcknowledgementSerializer}
    )
    @action(detail=True, methods=["post"], url_path="paper-acknowledgement")
    def paper_acknowledgement(self, request, *args, **kwargs):
        """The clerk records a paper copy signed by someone in this council."""
        version = self.get_object()
        body = PaperAcknowledgementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        person = (
            Person.objects.in_council(request.council)
            .filter(pk=body.validated_data["person"])
            .first()
        )
        if person is None:
            raise serializers.ValidationError({"person": ["No such person in this council."]})
        return self._acknowledge(version, person, on_paper=True)

    def _acknowledge(self, version: PolicyVersion, person: Person, *, on_paper: bool):
        try:
            ack = services.acknowledge(
                version, person, actor=Actor.for_request(self.request), on_paper=on_paper
            )
        except services.PolicyError as exc:
            raise serializers.ValidationError({"non_field_errors": [str(exc)]}) from None
        return Response(AcknowledgementSerializer(ack).data, status=status.HTTP_201_CREATED)
