"""People through the API (C29): list, read, add, change and import, as on the pages."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from councilguard.api.base import CouncilScopedMixin
from councilguard.api.errors import LineProblemSerializer
from councilguard.api.schema import refused_whole
from councilguard.api.strict import JSONTypesMixin
from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.people.filters import PersonFilterSet
from councilguard.people.importing import MAX_BYTES, import_people
from councilguard.people.models import Person
from councilguard.people.services import (
    PersonData,
    PersonError,
    create_person,
    normalise_pattern,
    parse_emails,
    update_person,
)


class EmailListField(serializers.ListField):
    def get_attribute(self, person: Person) -> list[str]:
        return [e.address for e in person.emails.all()]


class PeerGroupField(serializers.CharField):
    def get_attribute(self, person: Person) -> str:
        return person.peer_group.name if person.peer_group else ""


class PersonSerializer(JSONTypesMixin, serializers.ModelSerializer):
    """Someone on the council's people list."""

    emails = EmailListField(child=serializers.EmailField(), min_length=1)
    line_manager = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), allow_null=True, required=False
    )
    peer_group = PeerGroupField(allow_blank=True, required=False, default="")
    account = serializers.EmailField(
        source="user.email",
        read_only=True,
        default=None,
        allow_null=True,
        help_text="The sign-in of their account here, if they have one.",
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "kind",
            "job_title",
            "emails",
            "line_manager",
            "peer_group",
            "start_date",
            "leave_date",
            "uses_display_screen",
            "working_pattern",
            "account",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and hasattr(request, "council"):
            self.fields["line_manager"].queryset = Person.objects.in_council(request.council)

    def validate_emails(self, value: list[str]) -> list[str]:
        return self._parse(parse_emails, ";".join(value))

    def validate_working_pattern(self, value: str) -> str:
        return self._parse(normalise_pattern, value)

    @staticmethod
    def _parse(parse, value):
        try:
            return parse(value)
        except PersonError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def to_data(self, base: Person | None = None) -> PersonData:
        values = dict(self.validated_data)
        if base is not None:  # PATCH: keep what was not sent
            current = self.to_representation(base)
            current["line_manager"] = base.line_manager
            current["start_date"], current["leave_date"] = base.start_date, base.leave_date
            values = {**current, **values}
        return PersonData(
            full_name=values["full_name"],
            kind=values["kind"],
            emails=values["emails"],
            job_title=values.get("job_title", ""),
            line_manager=values.get("line_manager"),
            peer_group=values.get("peer_group", ""),
            start_date=values.get("start_date"),
            leave_date=values.get("leave_date"),
            uses_display_screen=values.get("uses_display_screen", False),
            working_pattern=values.get("working_pattern", ""),
        )


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)


class ImportReportSerializer(serializers.Serializer):
    """What a people import did (``core.csvkit.ImportReport``)."""

    sha256 = serializers.CharField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    dry_run = serializers.BooleanField()
    problems = LineProblemSerializer(many=True)


@extend_schema(parameters=[OpenApiParameter("council", str, OpenApiParameter.PATH)])
class PersonViewSet(
    CouncilScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The council's people list: councillors, staff and others the policies apply to."""

    serializer_class = PersonSerializer
    actions = {
        "list": Action.VIEW_PEOPLE,
        "retrieve": Action.VIEW_PEOPLE,
        "create": Action.CHANGE_PEOPLE,
        "update": Action.CHANGE_PEOPLE,
        "partial_update": Action.CHANGE_PEOPLE,
        "import_csv": Action.CHANGE_PEOPLE,
    }

    filterset_class = PersonFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Person.objects.none()
        return (
            Person.objects.for_membership(self.request.membership)
            .select_related("line_manager", "peer_group", "user")
            .prefetch_related("emails")
        )

    def filter_queryset(self, queryset):
        # The list filters (current people by default); one person is found whatever their
        # status, so a leaver can still be read and changed.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def perform_create(self, serializer: PersonSerializer) -> None:
        try:
            serializer.instance = create_person(
                self.request.council, serializer.to_data(), actor=Actor.for_request(self.request)
            )
        except PersonError as exc:
            raise serializers.ValidationError({"non_field_errors": [str(exc)]}) from None

    def perform_update(self, serializer: PersonSerializer) -> None:
        person = serializer.instance
        data = serializer.to_data(base=person if serializer.partial else None)
        try:
            update_person(person, data, actor=Actor.for_request(self.request))
        except PersonError as exc:
            raise serializers.ValidationError({"non_field_errors": [str(exc)]}) from None
        serializer.instance = self.get_queryset().get(pk=person.pk)  # fresh, whatever changed

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={
            200: ImportReportSerializer,
            400: refused_whole(ImportReportSerializer, "ImportReport"),
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_csv(self, request, *args, **kwargs):
        """Import people from a CSV file; refused whole (400) with every problem by line."""
        upload = ImportSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        report = import_people(
            request.council,
            upload.validated_data["file"].read(MAX_BYTES + 1),
            actor=Actor.for_request(request),
            dry_run=upload.validated_data["dry_run"],
        )
        code = status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST
        return Response(report.as_dict(), status=code)
