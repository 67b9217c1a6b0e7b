"""POST /api/routed-uploads/ (C29, C30): logs for many councils in one call, each file taken
into the council whose source claims it. Not under one council's URL by nature; it reaches only
the councils where the caller may upload logs, and a token only those it is for (the same rule
as api.base's gate)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from councilguard.api.models import ApiToken, ProviderToken
from councilguard.api.schema import FORBIDDEN, INVALID
from councilguard.audit.actors import Actor
from councilguard.core.models import Membership
from councilguard.core.roles import Action, serves_many_councils
from councilguard.monitoring.logprofiles import SOURCE_NAMES
from councilguard.monitoring.parsers import FORMATS
from councilguard.monitoring.services import UPLOAD_MAX_BYTES

# One call is a night's collection for some of an IT provider's councils, not an archive;
# well under the files Django reads in one request (DATA_UPLOAD_MAX_NUMBER_FILES, beyond
# which it answers 413), so one file too many is a 400 that says so. Send more in more calls.
MAX_FILES = 50


class RoutedUploadSerializer(serializers.Serializer):
    format = serializers.ChoiceField(
        choices=[
            *((name, f.label) for name, f in FORMATS.items()),
            ("web-log", "Another vendor's web log, read through a log profile"),
            ("dns-log", "Another vendor's DNS log, read through a log profile"),
        ],
        help_text="How the logs are written; every file of the call is in this format.",
    )
    profile = serializers.CharField(
        required=False,
        default="",
        max_length=100,
        help_text="For web-log and dns-log: the name of the log profile that reads them, as "
        "each council keeps it (or a built-in one). A council without it is told so for its "
        "file; the others go in.",
    )
    files = serializers.ListField(
        child=serializers.FileField(),
        min_length=1,
        max_length=MAX_FILES,
        help_text="The log files. Each goes to the council whose source claims its name or "
        "its proxy's host name (the sender of its first line, when it came by syslog).",
    )

    def validate(self, data):
        if data["format"] in SOURCE_NAMES and not data["profile"]:
            raise serializers.ValidationError(
                {"profile": ["Name the log profile that reads these files."]}
            )
        if data["profile"] and data["format"] not in SOURCE_NAMES:
            raise serializers.ValidationError(
                {"profile": ["A log profile reads web-log and dns-log files only."]}
            )
        return data


class RoutedReceiptSerializer(serializers.Serializer):
    file = serializers.CharField()
    council = serializers.CharField(help_text="The council's short name.")
    receipt = serializers.DictField(required=False, help_text="As a council's ingest gives.")
    error = serializers.CharField(required=False, help_text="Why this file was not taken.")


class RoutedResultSerializer(serializers.Serializer):
    files = RoutedReceiptSerializer(many=True)


def councils_in_reach(request) -> list:
    """The councils this caller may upload logs to, narrowed to what its token is for."""
    memberships = Membership.objects.filter(user=request.user).select_related("council")
    token = request.auth
    reach = []
    for membership in memberships:
        if not membership.can(Action.UPLOAD_MONITORING):
            continue
        if isinstance(token, ApiToken) and token.council_id != membership.council_id:
            continue
        if isinstance(token, ProviderToken) and not (
            serves_many_councils(membership.role)
            and token.reaches.filter(
                council_id=membership.council_id, removed_at__isnull=True
            ).exists()
        ):
            continue
        reach.append(membership.council)
    return reach


class RoutedUploadView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": RoutedUploadSerializer},
        responses={
            201: RoutedResultSerializer,
            # An unclaimed file is refused in the shape of any refused field: ``files``.
            400: INVALID,
            403: FORBIDDEN,
        },
    )
    def post(self, request):
        """Take in log files for many councils: one receipt per file, each naming its council.
        A file no council in reach claims, or that two claim, refuses the call by name and
        nothing is taken in."""
        from councilguard.provider.routing import RoutingError, Upload, hosts_of, route

        councils = councils_in_reach(request)
        if not councils:
            raise PermissionDenied("You may upload logs to no council.")
        body = RoutedUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        files = body.validated_data["files"]
        large = [f.name for f in files if f.size > UPLOAD_MAX_BYTES]
        if large:
            limit = UPLOAD_MAX_BYTES // 2**20
            raise serializers.ValidationError(
                {"files": [f"{', '.join(large)}: larger than {limit} MB; nothing was taken in"]}
            )
        with tempfile.TemporaryDirectory(prefix="councilguard-routed-") as folder:
            uploads = []
            for n, upload in enumerate(files):
                path = Path(folder) / f"{n}.log"
                with path.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                name = Path(upload.name or "upload").name[:255]
                uploads.append(Upload(name, path, hosts_of(path, folder=False)))
            try:
                outcomes = route(
                    uploads,
                    body.validated_data["format"],
                    actor=Actor.for_request(request),
                    councils=councils,
                    profile=body.validated_data["profile"],
                )
            except RoutingError as exc:
                raise serializers.ValidationError({"files": [str(exc)]}) from None
        results = []
        for outcome in outcomes:
            item = {"file": outcome.upload.name, "council": outcome.council.slug}
            if outcome.error:
                item["error"] = outcome.error
            else:
                item["receipt"] = outcome.receipt.as_dict()
            results.append(item)
        return Response({"files": results}, status=status.HTTP_201_CREATED)
