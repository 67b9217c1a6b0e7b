"""Devices through the API (C29): list and read the register, import an MDM export or a
software inventory; requests for approval, asked for and decided (C9); charges and each
person's statement (C8); leavers' checklists (C24). Every change goes through the services the
pages call (devices.approvals, devices.charges, devices.leavers), which also say who may decide
a request: the API answers their refusal of the person with a 403."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from councilguard.api.base import CouncilScopedMixin, caller_person
from councilguard.api.errors import LineProblemSerializer
from councilguard.api.schema import refused_whole
from councilguard.api.strict import (
    JSONTypesMixin,
    KnownFieldsMixin,
    MoneyField,
    refuse_unknown_parameters,
)
from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.devices import approvals
from councilguard.devices.approvals import GENERIC_KINDS, KIND_FIELDS, ApprovalError
from councilguard.devices.charges import (
    MAX_AMOUNT,
    PENNY,
    ChargeError,
    add_charge,
    statement_for,
)
from councilguard.devices.filters import DeviceFilterSet
from councilguard.devices.leavers import LeaverError, tick_item
from councilguard.devices.models import (
    ApprovalDecision,
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Charge,
    ChargeKind,
    ChargeStatus,
    Device,
    LeaverChecklist,
    LeaverItem,
    ScanResult,
)
from councilguard.devices.posture import MAX_BYTES, import_mdm_export
from councilguard.devices.software import MAX_BYTES as INVENTORY_MAX_BYTES
from councilguard.devices.software import import_inventory
from councilguard.people.models import Person


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


# --- approvals (C9): request and decide, through devices.approvals --------------------------

_COUNCIL = OpenApiParameter("council", str, OpenApiParameter.PATH)
# The kinds asked for here: those of the generic form with no list of people present (a
# recording's attendees answer on the pages). A CCTV viewing is asked for at
# cctv/viewing-requests/ and decided here like every request.
API_KINDS = [
    (kind, label)
    for kind, label in GENERIC_KINDS
    if kind in (ApprovalKind.SOFTWARE, ApprovalKind.REMOVABLE_MEDIA, ApprovalKind.WEBSITE_LINK,
                ApprovalKind.DOMAIN)
]  # fmt: skip
_DETAIL_FIELDS = sorted({name for kind, _ in API_KINDS for name in KIND_FIELDS[kind]})


def _refused(exc: ApprovalError):
    """The service's refusal: of who is acting (403), or of what was sent (400)."""
    if isinstance(exc, approvals.NotYoursToDecide):
        return exceptions.PermissionDenied(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
    return serializers.ValidationError({"non_field_errors": [str(exc)]})


class ApprovalDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApprovalDecision
        fields = ["capacity", "approved", "note", "decided_by_label", "decided_at"]
        read_only_fields = fields


class ApprovalSerializer(serializers.ModelSerializer):
    """A request for approval, what it is about, its virus check and each decision on it."""

    requester_name = serializers.CharField(source="requester.full_name", read_only=True)
    cctv_aim = serializers.CharField(source="cctv_aim.text", read_only=True, allow_null=True)
    decisions = ApprovalDecisionSerializer(many=True, read_only=True)
    # Blank where the kind does not ask for them (not web addresses, then).
    source_url = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True)
    scan_result = serializers.ChoiceField(
        choices=ScanResult.choices, allow_blank=True, read_only=True, help_text="Blank: unchecked."
    )

    class Meta:
        model = ApprovalRequest
        fields = [
            "id",
            "kind",
            "status",
            "requester",
            "requester_name",
            "requested_at",
            "summary",
            "reason",
            "software_name",
            "publisher",
            "version",
            "source_url",
            "file_sha256",
            "scanner",
            "scan_result",
            "scanned_at",
            "media_description",
            "media_serial",
            "url",
            "name_to_register",
            "cctv_aim",
            "footage",
            "decisions",
            "decided_at",
            "refusal_reason",
        ]
        read_only_fields = fields


class ApprovalRequestSerializer(KnownFieldsMixin, JSONTypesMixin, serializers.Serializer):
    """Ask for an approval. Give the fields of the kind asked for (a software request: at least
    software_name; removable media: media_description; a link: url; a domain:
    name_to_register); a field of another kind is refused."""

    kind = serializers.ChoiceField(choices=API_KINDS)
    summary = serializers.CharField(max_length=200, help_text="What the request is for.")
    reason = serializers.CharField(max_length=5000, help_text="The business reason.")
    software_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    publisher = serializers.CharField(max_length=200, required=False, allow_blank=True)
    version = serializers.CharField(max_length=60, required=False, allow_blank=True)
    source_url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    media_description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    media_serial = serializers.CharField(max_length=100, required=False, allow_blank=True)
    url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    name_to_register = serializers.CharField(max_length=200, required=False, allow_blank=True)

    def validate(self, data: dict) -> dict:
        asked = KIND_FIELDS[data["kind"]]
        other = sorted(name for name in _DETAIL_FIELDS if name in data and name not in asked)
        if other:
            raise serializers.ValidationError(
                {name: ["Not asked for in a request of this kind."] for name in other}
            )
        return data


class DecisionSerializer(KnownFieldsMixin, JSONTypesMixin, serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", "Approve"), ("refuse", "Refuse")])
    note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, help_text="Needed to refuse: why."
    )


class VirusCheckSerializer(KnownFieldsMixin, JSONTypesMixin, serializers.Serializer):
    sha256 = serializers.RegexField(
        r"^[0-9a-fA-F]{64}$", help_text="The installer's SHA-256, 64 hexadecimal characters."
    )
    scanner = serializers.CharField(max_length=100, help_text="The virus scanner used.")
    result = serializers.ChoiceField(choices=ScanResult.choices)


class ApprovalFilterSet(django_filters.FilterSet):
    """A status or kind outside the lists is refused (400), not quietly an empty list."""

    status = django_filters.ChoiceFilter(choices=ApprovalStatus.choices)
    kind = django_filters.ChoiceFilter(choices=ApprovalKind.choices)

    class Meta:
        model = ApprovalRequest
        fields = ["status", "kind"]


@extend_schema(parameters=[_COUNCIL])
class ApprovalViewSet(
    CouncilScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Requests for approval (C9): anyone asks; the approvers of each kind decide
    (devices.approvals says who, and refuses anyone else with a 403)."""

    serializer_class = ApprovalSerializer
    filterset_class = ApprovalFilterSet
    actions = {
        "list": Action.VIEW_APPROVALS,
        "retrieve": Action.VIEW_APPROVALS,
        "create": Action.REQUEST_APPROVAL,
        "mine": Action.REQUEST_APPROVAL,
        "withdraw": Action.REQUEST_APPROVAL,
        "decide": Action.DECIDE_APPROVALS,
        "virus_check": Action.DECIDE_APPROVALS,
    }
    _PARAMETERS = {
        "list": ("status", "kind", "limit", "offset"),
        "mine": ("status", "kind", "limit", "offset"),
    }

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        refuse_unknown_parameters(request.query_params, self._PARAMETERS.get(self.action, ()))

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApprovalRequest.objects.none()
        requests = (
            ApprovalRequest.objects.in_council(self.request.council)
            .select_related("requester", "cctv_aim")
            .prefetch_related("decisions")
        )
        if self.action in ("mine", "withdraw"):
            # Never a filter on a missing person: off the people list is a refusal (403).
            requests = requests.filter(requester=caller_person(self.request))
        elif self.action in ("list", "retrieve", "decide", "virus_check"):
            # A committee chair sees only the clerk's requests they may stand in for.
            requests = approvals.visible_requests(requests, self.request.membership)
        return requests

    def filter_queryset(self, queryset):
        listed = self.action in ("list", "mine")
        return super().filter_queryset(queryset) if listed else queryset

    @extend_schema(request=ApprovalRequestSerializer, responses={201: ApprovalSerializer})
    def create(self, request, *args, **kwargs):
        """Ask for an approval, as oneself (refused, 403, to a member not on the people list)."""
        person = caller_person(request)
        body = ApprovalRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        kind = data.pop("kind")
        try:
            item = approvals.request_approval(
                person,
                kind,
                summary=data.pop("summary"),
                reason=data.pop("reason"),
                details=data,
                actor=Actor.for_request(request),
            )
        except ApprovalError as exc:
            raise _refused(exc) from None
        item = self.get_queryset().get(pk=item.pk)
        return Response(ApprovalSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ApprovalSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def mine(self, request, *args, **kwargs):
        """The caller's own requests, newest first (refused, 403, to a member not on the
        people list)."""
        mine = self.filter_queryset(self.get_queryset()).order_by("-requested_at", "-pk")
        page = self.paginate_queryset(mine)
        return self.get_paginated_response(ApprovalSerializer(page, many=True).data)

    @extend_schema(request=None, responses={200: ApprovalSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        """The requester no longer needs it (only one's own requests are found here)."""
        try:
            item = approvals.withdraw(self.get_object(), actor=Actor.for_request(request))
        except ApprovalError as exc:
            raise _refused(exc) from None
        return Response(ApprovalSerializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(request=DecisionSerializer, responses={200: ApprovalSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, *args, **kwargs):
        """Approve or refuse (with the reason), in the capacity the caller decides this kind in;
        refused (403) to anyone who does not decide it, or who asked for it."""
        item = self.get_object()
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            approvals.decide(
                item,
                approve=body.validated_data["decision"] == "approve",
                note=body.validated_data.get("note", ""),
                role=request.membership.role,
                actor=Actor.for_request(request),
            )
        except ApprovalError as exc:
            raise _refused(exc) from None
        return Response(ApprovalSerializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(request=VirusCheckSerializer, responses={200: ApprovalSerializer})
    @action(detail=True, methods=["post"], url_path="virus-check")
    def virus_check(self, request, *args, **kwargs):
        """The installer's hash, the scanner and its result, before a software request is
        approved (A "Use of Email"); recorded by those the service allows (others: 403)."""
        item = self.get_object()
        body = VirusCheckSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            approvals.record_virus_check(
                item,
                sha256=body.validated_data["sha256"],
                scanner=body.validated_data["scanner"],
                result=body.validated_data["result"],
                role=request.membership.role,
                actor=Actor.for_request(request),
            )
        except ApprovalError as exc:
            raise _refused(exc) from None
        return Response(ApprovalSerializer(self.get_queryset().get(pk=item.pk)).data)


# --- charges (C8): through devices.charges ---------------------------------------------------


class ChargeSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    amount = MoneyField(max_value=MAX_AMOUNT - PENNY, read_only=True)

    class Meta:
        model = Charge
        fields = [
            "id",
            "person",
            "person_name",
            "kind",
            "amount",
            "description",
            "source_reference",
            "device",
            "loss",
            "evidence",
            "status",
            "status_note",
            "settlement",
            "created_at",
            "created_by_label",
        ]
        read_only_fields = fields


class ChargeAddSerializer(KnownFieldsMixin, JSONTypesMixin, serializers.Serializer):
    """Add a pending charge to a person's statement."""

    person = serializers.IntegerField(help_text="The id of the person charged.")
    kind = serializers.ChoiceField(choices=ChargeKind.choices)
    amount = MoneyField(
        max_value=MAX_AMOUNT - PENNY,
        help_text='In pounds, as text: "12.50". A JSON number is refused.',
    )
    description = serializers.CharField(max_length=300)
    source_reference = serializers.CharField(
        max_length=200, help_text="Where the charge comes from, e.g. repair invoice 4411."
    )
    device = serializers.IntegerField(
        required=False, allow_null=True, help_text="The council device concerned, if any."
    )
    evidence = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        help_text="What shows it is owed; needed for a personal app or content purchase.",
    )


class StatementSerializer(serializers.Serializer):
    """A person's statement: every charge, what is owed, and whether it is invoiced (a
    councillor, not an employee) or deducted from pay."""

    person = serializers.IntegerField(source="person.pk")
    person_name = serializers.CharField(source="person.full_name")
    invoiced = serializers.BooleanField(help_text="Invoiced rather than deducted from pay.")
    total = MoneyField(max_value=Decimal("10000000000"), help_text="Every charge not waived.")
    outstanding = MoneyField(
        max_value=Decimal("10000000000"), help_text="Pending or agreed, not yet settled."
    )
    charges = ChargeSerializer(many=True)


class ChargeFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ChargeStatus.choices)

    class Meta:
        model = Charge
        fields = ["status"]


@extend_schema(parameters=[_COUNCIL])
class ChargeViewSet(
    CouncilScopedMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Charges to people (C8): the council's list, and adding one."""

    serializer_class = ChargeSerializer
    filterset_class = ChargeFilterSet
    actions = {"list": Action.VIEW_CHARGES, "create": Action.VIEW_CHARGES}

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        known = ("status", "limit", "offset") if self.action == "list" else ()
        refuse_unknown_parameters(request.query_params, known)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Charge.objects.none()
        return Charge.objects.in_council(self.request.council).select_related("person")

    @extend_schema(request=ChargeAddSerializer, responses={201: ChargeSerializer})
    def create(self, request, *args, **kwargs):
        body = ChargeAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        council = request.council
        person = Person.objects.in_council(council).filter(pk=data["person"]).first()
        if person is None:
            raise serializers.ValidationError({"person": ["No such person in this council."]})
        device = None
        if data.get("device") is not None:
            device = Device.objects.in_council(council).filter(pk=data["device"]).first()
            if device is None:
                raise serializers.ValidationError({"device": ["No such device in this council."]})
        try:
            charge = add_charge(
                person,
                kind=data["kind"],
                amount=data["amount"],
                description=data["description"],
                source_reference=data["source_reference"],
                device=device,
                evidence=data.get("evidence", ""),
                actor=Actor.for_request(request),
            )
        except ChargeError as exc:
            raise serializers.ValidationError({"non_field_errors": [str(exc)]}) from None
        charge = self.get_queryset().get(pk=charge.pk)
        return Response(ChargeSerializer(charge).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[_COUNCIL])
class StatementViewSet(CouncilScopedMixin, viewsets.GenericViewSet):
    """Each person's statement of charges: anyone's for the clerk, one's own for everyone."""

    serializer_class = StatementSerializer
    actions = {"retrieve": Action.VIEW_CHARGES, "mine": Action.OWN_DEVICES}

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        refuse_unknown_parameters(request.query_params, ())

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Person.objects.none()
        return Person.objects.in_council(self.request.council)

    @extend_schema(
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="A person.")]
    )
    def retrieve(self, request, *args, **kwargs):
        """The statement of the person with this id."""
        return Response(StatementSerializer(statement_for(self.get_object())).data)

    @action(detail=False, methods=["get"])
    def mine(self, request, *args, **kwargs):
        """The caller's own statement (refused, 403, to a member not on the people list)."""
        return Response(StatementSerializer(statement_for(caller_person(request))).data)


# --- leavers (C24): through devices.leavers --------------------------------------------------


class LeaverItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = LeaverItem
        fields = ["id", "kind", "title", "device", "own_device", "charge", "done_at",
                  "done_by_label", "note"]  # fmt: skip
        read_only_fields = fields


class LeaverChecklistSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    items = LeaverItemSerializer(many=True, read_only=True)

    class Meta:
        model = LeaverChecklist
        fields = [
            "id",
            "person",
            "person_name",
            "leave_date",
            "started_at",
            "completed_at",
            "withdrawn_at",
            "withdrawn_reason",
            "items",
        ]
        read_only_fields = fields


class TickSerializer(KnownFieldsMixin, JSONTypesMixin, serializers.Serializer):
    item = serializers.IntegerField(help_text="The id of an item of this checklist not yet done.")
    note = serializers.CharField(max_length=300, help_text='How it was done, e.g. "collected".')


@extend_schema(parameters=[_COUNCIL])
class LeaverViewSet(
    CouncilScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Leavers' checklists (C24): each item, done or not; the clerk ticks one by hand."""

    serializer_class = LeaverChecklistSerializer
    actions = {
        "list": Action.VIEW_LEAVERS,
        "retrieve": Action.VIEW_LEAVERS,
        "tick": Action.MANAGE_LEAVERS,
    }

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        known = ("limit", "offset") if self.action == "list" else ()
        refuse_unknown_parameters(request.query_params, known)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LeaverChecklist.objects.none()
        return (
            LeaverChecklist.objects.in_council(self.request.council)
            .select_related("person")
            .prefetch_related(Prefetch("items", LeaverItem.objects.order_by("pk")))
        )

    @extend_schema(request=TickSerializer, responses={200: LeaverChecklistSerializer})
    @action(detail=True, methods=["post"])
    def tick(self, request, *args, **kwargs):
        """Mark an item done by hand, saying how (e.g. "device written off")."""
        checklist = self.get_object()
        body = TickSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = checklist.items.filter(pk=body.validated_data["item"]).first()
        if item is None:
            raise serializers.ValidationError({"item": ["No such item on this checklist."]})
        try:
            tick_item(item, note=body.validated_data["note"], actor=Actor.for_request(request))
        except LeaverError as exc:
            raise serializers.ValidationError({"non_field_errors": [str(exc)]}) from None
        return Response(LeaverChecklistSerializer(self.get_queryset().get(pk=checklist.pk)).data)
