"""Social media through the API (C22; A "Social Media"): the official accounts and the reported
posts (list), and press enquiries (list, and log one, which goes to the clerk as from the page).
The same roles and audit entries as the pages; every change goes through socialmedia.services."""

from __future__ import annotations

from datetime import UTC, datetime

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets

from councilguard.api.base import CouncilScopedMixin
from councilguard.api.strict import JSONTypesMixin
from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.socialmedia.models import Account, Enquiry, PostReport, RemovalStatus
from councilguard.socialmedia.services import EnquiryData, SocialMediaError, record_enquiry

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class AccountSerializer(serializers.ModelSerializer):
    """An official account; its password stays in the vault (only the entry's id is given)."""

    posters = serializers.SlugRelatedField(many=True, read_only=True, slug_field="full_name")

    class Meta:
        model = Account
        fields = ["id", "platform", "handle", "purpose", "posters", "vault_entry", "added_at"]
        read_only_fields = fields


class EnquirySerializer(JSONTypesMixin, serializers.ModelSerializer):
    """A question from the media, for the clerk to answer (A "Social Media")."""

    answer_by = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Their deadline; without one, two days after it came in.",
    )

    class Meta:
        model = Enquiry
        fields = [
            "id",
            "received_at",
            "outlet",
            "journalist",
            "contact",
            "question",
            "answer_by",
            "taken_by_label",
            "answer",
            "answered_on",
            "answered_by_label",
        ]
        read_only_fields = [
            "taken_by_label",
            "answer",
            "answered_on",
            "answered_by_label",
        ]

    def validate_received_at(self, value: datetime) -> datetime:
        # Before 1970 is a slip of the keyboard (and early UK time has no whole-minute offset).
        if value < _EPOCH:
            raise serializers.ValidationError("Give a date since 1970.")
        return value


class RemovalSerializer(serializers.Serializer):
    asked_of = serializers.CharField()
    asked_on = serializers.DateField()
    follow_up_on = serializers.DateField()
    status = serializers.ChoiceField(choices=RemovalStatus.choices)
    closed_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField()


class PostReportSerializer(serializers.ModelSerializer):
    """A reported post and the clerk's triage; the screenshot itself is opened on its page,
    where each opening is recorded."""

    has_screenshot = serializers.SerializerMethodField()
    removal = serializers.SerializerMethodField()

    class Meta:
        model = PostReport
        fields = [
            "id",
            "reported_at",
            "reported_by_label",
            "url",
            "platform",
            "concern",
            "has_screenshot",
            "screenshot_sha256",
            "status",
            "triage_note",
            "triaged_at",
            "case_reference",
            "removal",
        ]
        read_only_fields = fields

    def get_has_screenshot(self, report: PostReport) -> bool:
        return bool(report.screenshot_sha256)

    @extend_schema_field(RemovalSerializer(allow_null=True))
    def get_removal(self, report: PostReport) -> dict | None:
        removal = getattr(report, "removal", None)
        return RemovalSerializer(removal).data if removal is not None else None


_COUNCIL = OpenApiParameter("council", str, OpenApiParameter.PATH)


@extend_schema(parameters=[_COUNCIL])
class AccountViewSet(CouncilScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The council's official social media accounts and who may post for the council."""

    serializer_class = AccountSerializer
    actions = {"list": Action.VIEW_SOCIAL_MEDIA}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Account.objects.none()
        return Account.objects.in_council(self.request.council).prefetch_related("posters")


@extend_schema(parameters=[_COUNCIL])
class EnquiryViewSet(
    CouncilScopedMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Press enquiries: anyone logs one they took, the clerk answers for the council."""

    serializer_class = EnquirySerializer
    actions = {"list": Action.VIEW_SOCIAL_MEDIA, "create": Action.REPORT_POST}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enquiry.objects.none()
        return Enquiry.objects.in_council(self.request.council)

    def perform_create(self, serializer: EnquirySerializer) -> None:
        data = serializer.validated_data
        try:
            serializer.instance = record_enquiry(
                self.request.council,
                EnquiryData(
                    outlet=data["outlet"],
                    journalist=data["journalist"],
                    contact=data["contact"],
                    question=data["question"],
                    received_at=data["received_at"],
                    answer_by=data.get("answer_by"),
                ),
                actor=Actor.for_request(self.request),
            )
        except SocialMediaError as exc:
            raise serializers.ValidationError({"non_field_errors": [str(exc)]}) from None


@extend_schema(parameters=[_COUNCIL])
class PostReportViewSet(CouncilScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Reported posts that may breach the policy, with their triage and any removal asked."""

    serializer_class = PostReportSerializer
    actions = {"list": Action.VIEW_SOCIAL_MEDIA}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PostReport.objects.none()
        return (
            PostReport.objects.in_council(self.request.council)
            .defer("screenshot")
            .select_related("removal")
        )
