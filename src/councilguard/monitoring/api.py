"""Monitoring through the API (C29): findings to list, read and review; batches and their
receipts; and log uploads for the IT provider's scripts. The same rules as the pages: a manager
sees only their own team's findings, the IT provider none of them."""

from __future__ import annotations

from collections.abc import Mapping

from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from councilguard.api.base import CouncilScopedMixin
from councilguard.api.errors import ReceiptLineSerializer
from councilguard.api.strict import JSONTypesMixin
from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.monitoring import services
from councilguard.monitoring.filters import FindingFilterSet
from councilguard.monitoring.ingest import EXPORT_FORMATS
from councilguard.monitoring.models import (
    Finding,
    FindingStatus,
    IngestBatch,
    RejectedLine,
    SourceKind,
    UnattributedIdentifier,
)
from councilguard.monitoring.parsers import FORMATS
from councilguard.monitoring.services import MIN_REASON, REASON_MAX, MonitoringError
from councilguard.privacy.services import WORK_PURPOSES, PrivacyError, record_finding_opened

_COUNCIL = OpenApiParameter("council", str, OpenApiParameter.PATH)
# A finding about a named person is opened for a work purpose, every time through the API
# (there is no session to remember it in): A "Monitoring" allows work purposes only (C18).
_PURPOSE = OpenApiParameter(
    "purpose",
    str,
    OpenApiParameter.QUERY,
    required=True,
    enum=[code for code, _ in WORK_PURPOSES],
    description="Why the finding is opened: review (reviewing the finding), explanation "
    "(considering the person's explanation), case (a disciplinary, grievance or capability "
    "matter), request (answering a request for the person's data) or other (say which in "
    "detail). Recorded as monitoring data viewed; the person sees it on their own page.",
)
_PURPOSE_DETAIL = OpenApiParameter(
    "detail",
    str,
    OpenApiParameter.QUERY,
    description="More about the purpose; needed when the purpose is other.",
)


class FindingSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    person_has_acknowledged = serializers.SerializerMethodField(
        help_text="False when the person has not acknowledged a policy version in force (C2)."
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "person",
            "person_name",
            "person_has_acknowledged",
            "source_kind",
            "rule_kind",
            "clause_reference",
            "period_start",
            "period_end",
            "severity",
            "summary",
            "evidence",
            "status",
            "review_note",
            "reviewed_at",
            "reviewed_by_label",
            "explanation",
            "found_at",
        ]
        read_only_fields = fields

    def get_person_has_acknowledged(self, finding: Finding) -> bool:
        return finding.person_id not in self.context.get("unacknowledged", {})


class NoteSerializer(JSONTypesMixin, serializers.Serializer):
    """Note a finding: read, nothing further for now; a note is optional."""

    decision = serializers.ChoiceField(choices=[FindingStatus.NOTED])
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=REASON_MAX, default="", help_text="A note."
    )


class DecisionWithReasonSerializer(JSONTypesMixin, serializers.Serializer):
    """Dismiss or escalate a finding, saying why (the person can read it)."""

    decision = serializers.ChoiceField(choices=[FindingStatus.DISMISSED, FindingStatus.ESCALATED])
    reason = serializers.CharField(
        max_length=REASON_MAX,
        min_length=MIN_REASON,
        error_messages={"required": "Say why", "blank": "Say why"},
    )


REVIEW_REQUEST = PolymorphicProxySerializer(
    component_name="Review",
    serializers=[NoteSerializer, DecisionWithReasonSerializer],
    resource_type_field_name=None,
)


_REVIEWS = {
    FindingStatus.NOTED: lambda f, text, actor: services.note_finding(f, note=text, actor=actor),
    FindingStatus.DISMISSED: lambda f, text, actor: services.dismiss_finding(
        f, reason=text, actor=actor
    ),
    FindingStatus.ESCALATED: lambda f, text, actor: services.escalate_finding(
        f, reason=text, actor=actor
    ),
}


@extend_schema(parameters=[_COUNCIL])
class FindingViewSet(
    CouncilScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Monitoring findings the member reviews: everyone's for the clerk and the data protection
    lead, their own team's for a manager."""

    serializer_class = FindingSerializer
    filterset_class = FindingFilterSet
    actions = {
        "list": Action.REVIEW_FINDINGS,
        "retrieve": Action.REVIEW_FINDINGS,
        "review": Action.REVIEW_FINDINGS,
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Finding.objects.none()
        return (
            services.findings_for(self.request.membership)
            .select_related("person")
            .order_by(*Finding._meta.ordering, "pk")
        )

    def filter_queryset(self, queryset):
        # The filters narrow the list; one finding is found whatever the query string says.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        council = getattr(self.request, "council", None)
        if council is not None and not getattr(self, "swagger_fake_view", False):
            people = self.get_queryset().values_list("person_id", flat=True).distinct()
            context["unacknowledged"] = services.unacknowledged(council, people)
        return context

    @extend_schema(parameters=[_PURPOSE, _PURPOSE_DETAIL])
    def retrieve(self, request, *args, **kwargs):
        """One finding about a named person, opened for a work purpose, which is recorded."""
        finding = self.get_object()
        # Refused rather than guessed at: a misspelt "purpose" must not pass for a missing one.
        unknown = sorted(set(request.query_params) - {"purpose", "detail"})
        if unknown:
            raise serializers.ValidationError(
                {name: ["Not a parameter of this request."] for name in unknown}
            )
        try:
            record_finding_opened(
                finding,
                purpose=request.query_params.get("purpose", ""),
                detail=request.query_params.get("detail", ""),
                actor=Actor.for_request(request),
            )
        except PrivacyError as exc:
            raise serializers.ValidationError({"purpose": [str(exc)]}) from None
        return Response(self.get_serializer(finding).data)

    @extend_schema(request=REVIEW_REQUEST, responses={200: FindingSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, *args, **kwargs):
        """Note, dismiss (with a reason) or escalate (with a reason) a finding."""
        finding = self.get_object()
        data = request.data if isinstance(request.data, Mapping) else {}
        reasoned = data.get("decision") in (FindingStatus.DISMISSED, FindingStatus.ESCALATED)
        body = (DecisionWithReasonSerializer if reasoned else NoteSerializer)(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            finding = _REVIEWS[body.validated_data["decision"]](
                finding, body.validated_data["reason"], Actor.for_request(request)
            )
        except MonitoringError as exc:
            raise serializers.ValidationError({"decision": [str(exc)]}) from None
        return Response(self.get_serializer(finding).data)


class RejectedLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = RejectedLine
        fields = ["line_number", "reason"]


class UnattributedSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnattributedIdentifier
        fields = ["identifier", "events"]


class BatchSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="source.kind", read_only=True)

    class Meta:
        model = IngestBatch
        fields = [
            "id",
            "public_id",
            "kind",
            "format",
            "file_name",
            "sha256",
            "size_bytes",
            "status",
            "lines",
            "accepted",
            "rejected",
            "unattributed",
            "first_event_at",
            "last_event_at",
            "days",
            "seconds",
            "created_at",
            "created_by_label",
        ]
        read_only_fields = fields


class BatchDetailSerializer(BatchSerializer):
    rejections = serializers.SerializerMethodField()
    unattributed_identifiers = serializers.SerializerMethodField()

    class Meta(BatchSerializer.Meta):
        fields = [*BatchSerializer.Meta.fields, "rejections", "unattributed_identifiers"]
        read_only_fields = fields

    @extend_schema_field(RejectedLineSerializer(many=True))
    def get_rejections(self, batch: IngestBatch) -> list[dict]:
        return RejectedLineSerializer(batch.rejections.all()[:500], many=True).data

    @extend_schema_field(UnattributedSerializer(many=True))
    def get_unattributed_identifiers(self, batch: IngestBatch) -> list[dict]:
        return UnattributedSerializer(batch.unattributed_ids.all()[:500], many=True).data


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    kind = serializers.ChoiceField(
        choices=sorted(
            {(f.kind, SourceKind(f.kind).label) for f in FORMATS.values()}
            | {(kind, SourceKind(kind).label) for kind, _ in EXPORT_FORMATS.values()}
        ),
        help_text="The kind of log; it must be the kind of the format.",
    )
    format = serializers.ChoiceField(
        choices=[(name, f.label) for name, f in FORMATS.items()]
        + [(name, label) for name, (_, label) in EXPORT_FORMATS.items()]
        + [
            ("web-log", "Any other web log, through a log profile"),
            ("dns-log", "Any other DNS log, through a log profile"),
        ],  # fmt: skip
        help_text="How the log is written.",
    )
    profile = serializers.CharField(
        required=False,
        max_length=60,
        help_text="For web-log and dns-log: the log profile that reads the file "
        "(docs/web-profiles.md).",
    )

    def validate(self, data):
        # Refusals name the file, as the other refusals of a file that cannot be taken in do.
        if data["format"] in ("web-log", "dns-log"):
            if not data.get("profile"):
                raise serializers.ValidationError(
                    {"file": [f"A {data['format']} is read through a log profile: name it."]}
                )
            expected = "proxy" if data["format"] == "web-log" else "dns"
            if data["kind"] != expected:
                raise serializers.ValidationError(
                    {"file": [f"A {data['format']} goes into the {expected} source."]}
                )
            data["format"] = f"profile:{data['profile']}"
        return data


class IngestReceiptSerializer(serializers.Serializer):
    """What became of a log file (``monitoring.ingest.Receipt``)."""

    batch = serializers.UUIDField()
    file = serializers.CharField()
    format = serializers.CharField()
    sha256 = serializers.CharField()
    lines = serializers.IntegerField()
    accepted = serializers.IntegerField()
    rejected = serializers.IntegerField()
    unattributed = serializers.IntegerField()
    events = serializers.IntegerField()
    days = serializers.ListField(child=serializers.DateField())
    seconds = serializers.FloatField()
    duplicate = serializers.BooleanField(help_text="The same file was taken before: nothing new.")
    rejected_lines = ReceiptLineSerializer(many=True, help_text="The first 20.")


@extend_schema(parameters=[_COUNCIL])
class BatchViewSet(
    CouncilScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Log files taken in (ingest batches) and their receipts."""

    actions = {
        "list": Action.VIEW_MONITORING,
        "retrieve": Action.VIEW_MONITORING,
        "ingest": Action.UPLOAD_MONITORING,
    }

    def get_serializer_class(self):
        return BatchDetailSerializer if self.action == "retrieve" else BatchSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return IngestBatch.objects.none()
        return IngestBatch.objects.in_council(self.request.council).select_related("source")

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={200: IngestReceiptSerializer, 201: IngestReceiptSerializer},
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def ingest(self, request, *args, **kwargs):
        """Take in a log file as one batch; the receipt says what became of each line. The same
        file again is a no-op (200 with ``duplicate``); a source not fully set up is refused."""
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        try:
            receipt = services.take_upload(
                request.council,
                data["kind"],
                data["format"],
                data["file"],
                actor=Actor.for_request(request),
            )
        except MonitoringError as exc:
            raise serializers.ValidationError({"file": [str(exc)]}) from None
        code = status.HTTP_200_OK if receipt.duplicate else status.HTTP_201_CREATED
        return Response(receipt.as_dict(), status=code)
