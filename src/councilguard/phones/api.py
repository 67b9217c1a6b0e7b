"""Phone bills through the API (C29): the IT provider's scripts upload each month's bill."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from councilguard.api.base import CouncilScopedMixin
from councilguard.api.errors import ReceiptLineSerializer
from councilguard.api.schema import refused_whole
from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.phones import services


class BillUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    profile = serializers.CharField(required=False, default="canonical", max_length=60)


class BillReceiptSerializer(serializers.Serializer):
    """What a bill import did (``phones.services.BillReport``): the ingest receipt."""

    batch = serializers.CharField(help_text="The batch's public id; empty if nothing was taken.")
    file = serializers.CharField()
    format = serializers.CharField()
    profile = serializers.CharField()
    sha256 = serializers.CharField()
    lines = serializers.IntegerField()
    accepted = serializers.IntegerField()
    rejected = serializers.IntegerField()
    unattributed = serializers.IntegerField()
    days = serializers.ListField(child=serializers.CharField())
    seconds = serializers.FloatField()
    duplicate = serializers.BooleanField()
    rejected_lines = ReceiptLineSerializer(many=True)
    findings_raised = serializers.IntegerField()
    findings_refreshed = serializers.IntegerField()
    timings = serializers.DictField(child=serializers.FloatField(), help_text="Seconds per step.")


@extend_schema(parameters=[OpenApiParameter("council", str, OpenApiParameter.PATH)])
class PhoneBillViewSet(CouncilScopedMixin, viewsets.ViewSet):
    """Itemised phone bills, for the IT provider's scripts (C13)."""

    actions = {"create": Action.MANAGE_PHONES}
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": BillUploadSerializer},
        responses={
            200: BillReceiptSerializer,
            201: BillReceiptSerializer,
            400: refused_whole(BillReceiptSerializer, "BillReceipt"),
        },
    )
    def create(self, request, *args, **kwargs):
        """Import an itemised bill through a carrier profile: taken whole (201, or 200 when the
        same file was imported before) or not at all (400, with the lines that failed)."""
        upload = BillUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        try:
            report = services.import_bill(
                request.council,
                file.read(services.MAX_BILL_BYTES + 1),
                file_name=file.name,
                profile_name=upload.validated_data["profile"],
                actor=Actor.for_request(request),
            )
        except services.PhoneError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        if not report.ok:
            code = status.HTTP_400_BAD_REQUEST
        elif report.already_imported:
            code = status.HTTP_200_OK
        else:
            code = status.HTTP_201_CREATED
        return Response(report.as_dict(), status=code)
