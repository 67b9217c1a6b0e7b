"""The CCTV register through the API (C21, A "CCTV"): the cameras (list, read, add, change),
and the logs of viewings and of footage handed over (list), with the pages' roles and audit
entries (every change goes through cctv.services)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets

from councilguard.api.base import CouncilScopedMixin
from councilguard.api.strict import JSONTypesMixin
from councilguard.audit.actors import Actor
from councilguard.cctv.models import MAX_RETENTION_DAYS, Camera, Disclosure, Viewing
from councilguard.cctv.services import CameraData, CctvError, add_camera, update_camera
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
