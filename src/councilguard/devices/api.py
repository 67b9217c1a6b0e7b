"""Devices through the API (C29): list and read the register, import an MDM export or a
software inventory."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from councilguard.api.base import CouncilScopedMixin
from councilguard.api.errors import LineProblemSerializer
from councilguard.api.schema import refused_whole
from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.devices.filters import DeviceFilterSet
from councilguard.devices.models import Device
from councilguard.devices.posture import MAX_BYTES, import_mdm_export
from councilguard.devices.software import MAX_BYTES as INVENTORY_MAX_BYTES
from councilguard.devices.software import import_inventory


class DeviceSerializer(serializers.ModelSerializer):
    holder = serializers.SerializerMethodField()

    class Meta:
        model = Device
        fields = [
            "id",
            "kind",
            "make",
            "model",
            "serial",
            "host_name",
            "imei",
            "sim_number",
            "phone_number",
            "purchased_on",
            "purchase_cost",
            "condition",
            "status",
            "notes",
            "holder",
        ]
        read_only_fields = fields

    def get_holder(self, device: Device) -> int | None:
        holder = device.holder
        return holder.pk if holder else None


class MdmImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class MdmReportSerializer(serializers.Serializer):
    """What an MDM import did (``devices.posture.MdmReport``)."""

    sha256 = serializers.CharField()
    rows = serializers.IntegerField()
    matched = serializers.IntegerField()
    recorded = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    findings_opened = serializers.IntegerField()
    findings_resolved = serializers.IntegerField()
    recognised = serializers.DictField(
        child=serializers.CharField(), help_text="Which column was read as what."
    )
    unknown_columns = serializers.ListField(child=serializers.CharField())
    unmatched = LineProblemSerializer(many=True, help_text="Rows naming no device here.")
    problems = LineProblemSerializer(many=True)


class ScanReportSerializer(serializers.Serializer):
    """What a software inventory import did (``devices.software.ScanReport``)."""

    sha256 = serializers.CharField()
    format = serializers.CharField()
    records = serializers.IntegerField()
    devices = serializers.IntegerField()
    software = serializers.IntegerField()
    new = serializers.IntegerField()
    findings_opened = serializers.IntegerField()
    findings_resolved = serializers.IntegerField()
    licence_findings = serializers.IntegerField(
        help_text="Programs found installed on more devices than the council has licences for."
    )
    already_imported = serializers.BooleanField()
    scans = serializers.ListField(child=serializers.IntegerField())
    problems = LineProblemSerializer(many=True)


class InventoryImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    device = serializers.IntegerField(
        required=False,
        help_text="The device's id, when the rows carry neither its serial nor its host name.",
    )


@extend_schema(parameters=[OpenApiParameter("council", str, OpenApiParameter.PATH)])
class DeviceViewSet(
    CouncilScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The device register: what the council owns and who holds it."""

    serializer_class = DeviceSerializer
    filterset_class = DeviceFilterSet
    actions = {
        "list": Action.VIEW_DEVICES,
        "retrieve": Action.VIEW_DEVICES,
        "mdm_import": Action.MANAGE_DEVICES,
        "software_import": Action.IMPORT_SOFTWARE,
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Device.objects.none()
        return Device.objects.in_council(self.request.council).with_holder()

    @extend_schema(
        request={"multipart/form-data": MdmImportSerializer},
        responses={200: MdmReportSerializer, 400: refused_whole(MdmReportSerializer, "MdmReport")},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="mdm-import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def mdm_import(self, request, *args, **kwargs):
        """Import an MDM export (Intune CSV or Graph JSON); refused whole (400) if unreadable."""
        upload = MdmImportSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        report = import_mdm_export(
            request.council,
            upload.validated_data["file"].read(MAX_BYTES + 1),
            actor=Actor.for_request(request),
        )
        code = status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST
        return Response(report.as_dict(), status=code)

    @extend_schema(
        request={"multipart/form-data": InventoryImportSerializer},
        responses={
            200: ScanReportSerializer,
            400: refused_whole(ScanReportSerializer, "ScanReport"),
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="software-import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def software_import(self, request, *args, **kwargs):
        """Import a software inventory (osquery JSON, Fleet per-host CSV or plain CSV); refused
        whole (400) with its problems; the same file twice changes nothing."""
        upload = InventoryImportSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        device = None
        if "device" in upload.validated_data:
            device = (
                Device.objects.in_council(request.council)
                .filter(pk=upload.validated_data["device"])
                .first()
            )
            if device is None:
                raise serializers.ValidationError({"device": ["no such device in this council"]})
        report = import_inventory(
            request.council,
            upload.validated_data["file"].read(INVENTORY_MAX_BYTES + 1),
            device=device,
            actor=Actor.for_request(request),
        )
        code = status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST
        return Response(report.as_dict(), status=code)
