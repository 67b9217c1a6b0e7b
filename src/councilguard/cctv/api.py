"""The CCTV register through the API (C21, A "CCTV"): the cameras (list, read, add, change),
requests to view footage (list, read, ask: decided as approvals, devices/api.py), and the logs
of viewings and of footage handed over (list), with the pages' roles and audit entries (every
change goes through cctv.services)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from councilguard.api.base import CouncilScopedMixin, caller_person
from councilguard.api.strict import JSONTypesMixin, KnownFieldsMixin, refuse_unknown_parameters
from councilguard.audit.actors import Actor
from councilguard.cctv.models import (
    MAX_RETENTION_DAYS,
    Camera,
    Disclosure,
    Viewing,
    ViewingRequest,
)
from councilguard.cctv.services import (
    CameraData,
    CctvError,
    add_camera,
    request_viewing,
    update_camera,
)
from councilguard.core.roles import Action
from councilguard.devices.models import CctvAim, Device, DeviceKind


class CameraSerializer(JSONTypesMixin, serializers.ModelSerializer):
    """A camera on the register; the retention check's findings are read-only (recorded on the
    retention page)."""

    aims = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=CctvAim.objects.none(),
        allow_empty=False,
        help_text="Ids of the council's legitimate aims the camera serves (at least one).",
    )
    device = serializers.PrimaryKeyRelatedField(
        queryset=Device.objects.none(),
        allow_null=True,
        required=False,
        help_text="The CCTV camera on the device register that this is, if it is there.",
    )
    retention_days = serializers.IntegerField(min_value=1, max_value=MAX_RETENTION_DAYS)
    keeps_too_long = serializers.BooleanField(
        read_only=True, help_text="The recorder was found to keep footage longer than this."
    )

    class Meta:
        model = Camera
        fields = [
            "id",
            "name",
            "site",
            "location",
            "coverage",
            "records_sound",
            "signage",
            "aims",
            "retention_days",
            "impact_assessment",
            "device",
            "recorder_retention_days",
            "retention_checked_on",
            "keeps_too_long",
            "retired_on",
        ]
        read_only_fields = ["recorder_retention_days", "retention_checked_on", "retired_on"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and hasattr(request, "council"):
            aims = CctvAim.objects.filter(council=request.council, retired_at__isnull=True)
            self.fields["aims"].child_relation.queryset = aims
            self.fields["device"].queryset = Device.objects.in_council(request.council).filter(
                kind=DeviceKind.CCTV_CAMERA
            )

    def to_data(self, base: Camera | None = None) -> CameraData:
        values = dict(self.validated_data)
        if base is not None:  # PATCH: keep what was not sent
            writable = [name for name, f in self.fields.items() if not f.read_only]
            kept = {name: getattr(base, name) for name in writable}
            kept["aims"] = list(base.aims.all())
            values = {**kept, **values}
        values.pop("id", None)
        return CameraData(
            name=values["name"],
            site=values["site"],
            location=values["location"],
            coverage=values["coverage"],
            retention_days=values["retention_days"],
            aims=list(values["aims"]),
            records_sound=values.get("records_sound", False),
            signage=values.get("signage", False),
            impact_assessment=values.get("impact_assessment", ""),
            device=values.get("device"),
        )


class ViewingSerializer(serializers.ModelSerializer):
    """One actual viewing of footage under an approved request."""

    camera = serializers.IntegerField(source="request.camera_id", read_only=True)
    camera_name = serializers.CharField(source="request.camera.name", read_only=True)
    viewing_request = serializers.IntegerField(source="request_id", read_only=True)
    aim = serializers.CharField(source="request.approval.cctv_aim.text", read_only=True)
    viewer = serializers.CharField(source="viewer.full_name", read_only=True)

    class Meta:
        model = Viewing
        fields = [
            "id",
            "camera",
            "camera_name",
            "viewing_request",
            "aim",
            "viewer",
            "viewed_at",
            "footage",
            "seen",
            "outcome",
            "recorded_by_label",
        ]
        read_only_fields = fields


class DisclosureSerializer(serializers.ModelSerializer):
    """Footage handed over outside the council, with both references."""

    camera_name = serializers.CharField(source="camera.name", read_only=True)
    rights_request = serializers.CharField(
        source="rights_request.reference", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "reference",
            "camera",
            "camera_name",
            "viewing",
            "rights_request",
            "recipient",
            "recipient_name",
            "their_reference",
            "footage",
            "reason",
            "disclosed_on",
            "recorded_by_label",
        ]
        read_only_fields = fields


_COUNCIL = OpenApiParameter("council", str, OpenApiParameter.PATH)


@extend_schema(parameters=[_COUNCIL])
class CameraViewSet(
    CouncilScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The camera register: where each camera is, what it covers, its aims and retention."""

    serializer_class = CameraSerializer
    actions = {
        "list": Action.VIEW_CCTV,
        "retrieve": Action.VIEW_CCTV,
        "create": Action.MANAGE_CCTV,
        "update": Action.MANAGE_CCTV,
        "partial_update": Action.MANAGE_CCTV,
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Camera.objects.none()
        return Camera.objects.in_council(self.request.council).prefetch_related("aims")

    def perform_create(self, serializer: CameraSerializer) -> None:
        try:
            camera = add_camera(
                self.request.council, serializer.to_data(), actor=Actor.for_request(self.request)
            )
        except CctvError as exc:
            raise serializers.ValidationError({"non_field_errors": [str(exc)]}) from None
        serializer.instance = self.get_queryset().get(pk=camera.pk)

    def perform_update(self, serializer: CameraSerializer) -> None:
        camera = serializer.instance
        data = serializer.to_data(base=camera if serializer.partial else None)
        try:
            update_camera(camera, data, actor=Actor.for_request(self.request))
        except CctvError as exc:
            raise serializers.ValidationError({"non_field_errors": [str(exc)]}) from None
        serializer.instance = self.get_queryset().get(pk=camera.pk)  # fresh, whatever changed


@extend_schema(parameters=[_COUNCIL])
class ViewingViewSet(CouncilScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The viewing log: each time approved footage was watched, by whom and what was seen."""

    serializer_class = ViewingSerializer
    actions = {"list": Action.VIEW_CCTV}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Viewing.objects.none()
        return Viewing.objects.in_council(self.request.council).select_related(
            "request__camera", "request__approval__cctv_aim", "viewer"
        )


@extend_schema(parameters=[_COUNCIL])
class DisclosureViewSet(CouncilScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The disclosure log: footage handed to the police, an insurer or a person, numbered."""

    serializer_class = DisclosureSerializer
    actions = {"list": Action.VIEW_CCTV}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Disclosure.objects.none()
        return Disclosure.objects.in_council(self.request.council).select_related(
            "camera", "rights_request"
        )


class ViewingRequestSerializer(serializers.ModelSerializer):
    """A request to view one camera's footage for one period and aim. It is decided as an
    approval (``approval``: POST .../approvals/{approval}/decide/), by whom devices.approvals
    says."""

    camera_name = serializers.CharField(source="camera.name", read_only=True)
    aim = serializers.IntegerField(source="approval.cctv_aim_id", read_only=True)
    aim_text = serializers.CharField(source="approval.cctv_aim.text", read_only=True)
    reason = serializers.CharField(source="approval.reason", read_only=True)
    requester_name = serializers.CharField(source="approval.requester.full_name", read_only=True)
    status = serializers.CharField(
        source="approval.status", read_only=True, help_text="The approval's status."
    )

    class Meta:
        model = ViewingRequest
        fields = [
            "id",
            "camera",
            "camera_name",
            "period_start",
            "period_end",
            "aim",
            "aim_text",
            "reason",
            "requester_name",
            "approval",
            "status",
        ]
        read_only_fields = fields


class ViewingAskSerializer(KnownFieldsMixin, JSONTypesMixin, serializers.Serializer):
    """Ask to view footage: the camera, the period (ended, not in the future), one of the
    legitimate aims the camera serves, and why."""

    camera = serializers.IntegerField(help_text="A camera of this council on the register.")
    aim = serializers.IntegerField(help_text="The id of a legitimate aim the camera serves.")
    period_start = serializers.DateTimeField()
    period_end = serializers.DateTimeField()
    reason = serializers.CharField(max_length=5000)


@extend_schema(parameters=[_COUNCIL])
class ViewingRequestViewSet(
    CouncilScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Requests to view CCTV footage (A "CCTV"), each decided as an approval."""

    serializer_class = ViewingRequestSerializer
    actions = {"list": Action.VIEW_CCTV, "retrieve": Action.VIEW_CCTV, "create": Action.VIEW_CCTV}

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        known = ("limit", "offset") if self.action == "list" else ()
        refuse_unknown_parameters(request.query_params, known)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ViewingRequest.objects.none()
        return ViewingRequest.objects.in_council(self.request.council).select_related(
            "camera", "approval__cctv_aim", "approval__requester"
        )

    @extend_schema(request=ViewingAskSerializer, responses={201: ViewingRequestSerializer})
    def create(self, request, *args, **kwargs):
        """Ask, as oneself (refused, 403, to a member not on the people list)."""
        person = caller_person(request)
        body = ViewingAskSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        camera = Camera.objects.in_council(request.council).filter(pk=data["camera"]).first()
        if camera is None:
            raise serializers.ValidationError({"camera": ["No such camera in this council."]})
        aim = CctvAim.objects.in_council(request.council).filter(pk=data["aim"]).first()
        try:
            viewing = request_viewing(
                person,
                camera,
                aim=aim,
                period_start=data["period_start"],
                period_end=data["period_end"],
                reason=data["reason"],
                actor=Actor.for_request(request),
            )
        except CctvError as exc:
            raise serializers.ValidationError({"non_field_errors": [str(exc)]}) from None
        viewing = self.get_queryset().get(pk=viewing.pk)
        return Response(ViewingRequestSerializer(viewing).data, status=status.HTTP_201_CREATED)
