"""The vault through the API: entries' details (never their secrets), reveal with a reason,
record a new password, "change now", and a person's access for leavers. Same rules as the pages:
an entry one may not use is a 404 and a security incident."""

from __future__ import annotations

from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from councilguard.api.base import CouncilScopedMixin
from councilguard.api.errors import ErrorSerializer
from councilguard.api.models import ApiToken
from councilguard.api.strict import JSONTypesMixin
from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.core.tenancy import membership_for
from councilguard.people.models import Person
from councilguard.vault import crypto
from councilguard.vault.access import Purpose, access_entry, listed_entries
from councilguard.vault.models import VaultEntry, Via
from councilguard.vault.services import (
    REASON_MAX,
    EntryRefused,
    RecentMFARequired,
    RevealsLimited,
    VaultError,
    access_of,
    record_refusal,
    request_rotation,
    reveal_secret,
    revoke_access_of,
    rotate_secret,
)


class VaultEntrySerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.full_name", read_only=True)
    allowed_people = serializers.SlugRelatedField(many=True, read_only=True, slug_field="full_name")
    allowed_roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    rotation_due_at = serializers.DateTimeField(read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = VaultEntry
        # Metadata only: the secret, its ciphertext and wrapped key never leave the server here.
        fields = [
            "id",
            "name",
            "system",
            "username",
            "address",
            "owner",
            "allowed_people",
            "allowed_roles",
            "privileged",
            "rotation_days",
            "last_rotated_at",
            "rotation_due_at",
            "rotation_flag",
            "overdue",
        ]

    def get_overdue(self, entry: VaultEntry) -> bool:
        return entry.is_overdue()


class RevealSerializer(JSONTypesMixin, serializers.Serializer):
    """Why the password is needed now (recorded, B 4.1.5)."""

    reason = serializers.CharField(max_length=REASON_MAX)


class SecretSerializer(JSONTypesMixin, serializers.Serializer):
    """The new password, checked as a sign-in password is."""

    secret = serializers.CharField(max_length=500, trim_whitespace=False, write_only=True)


class ChangeNowSerializer(JSONTypesMixin, serializers.Serializer):
    """Why the password may be compromised (optional)."""

    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


_ENTRY_PURPOSES = {
    "retrieve": Purpose.VIEW,
    "reveal": Purpose.REVEAL,
    "rotate": Purpose.CHANGE,
    "change_now": Purpose.FLAG,
}


UNREADABLE = (
    "The password cannot be read. This has been recorded; tell whoever runs councilguard for "
    "the council."
)


# A new secret arrives in the body of "rotate": keep it out of error reports.
@method_decorator(sensitive_post_parameters("secret"), name="dispatch")
@extend_schema(parameters=[OpenApiParameter("council", str, OpenApiParameter.PATH)])
class VaultEntryViewSet(
    CouncilScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Shared passwords the role may use: their details, never their secrets unless revealed."""

    serializer_class = VaultEntrySerializer
    actions = {
        "list": Action.VIEW_VAULT,
        "retrieve": Action.VIEW_VAULT,
        "reveal": Action.VIEW_VAULT,
        "rotate": Action.KEEP_VAULT_ENTRIES,
        "change_now": Action.VIEW_VAULT,
    }

    def initial(self, request, *args, **kwargs) -> None:
        try:
            super().initial(request, *args, **kwargs)
        except exceptions.PermissionDenied:
            # A role that may not take the action at all: 403 whether or not the id exists,
            # and an incident if it does (B 4.1.5), as on the pages.
            self._note_role_refusal(request, kwargs)
            raise

    def _note_role_refusal(self, request, kwargs) -> None:
        purpose = _ENTRY_PURPOSES.get(getattr(self, "action", ""))
        pk = str(kwargs.get("pk", ""))
        if purpose is None or not pk.isdigit() or not request.user:
            return
        try:
            membership = membership_for(request.user, kwargs.get("council", ""))
        except Http404:  # no role here at all: a plain refusal
            return
        # Only an entry of this council, as on the pages: another council's id is not noted.
        entry = VaultEntry.objects.in_council(membership.council).filter(pk=int(pk)).first()
        if entry is None:
            return
        record_refusal(
            membership,
            entry=entry,
            purpose=purpose,
            actor=Actor.for_request(request),
            via=Via.API,
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return VaultEntry.objects.none()
        return (
            listed_entries(self.request.membership)
            .select_related("owner")
            .prefetch_related("allowed_people", "role_grants")
        )

    def get_object(self) -> VaultEntry:
        pk = str(self.kwargs.get("pk", ""))
        if not pk.isdigit():
            raise exceptions.NotFound()
        return access_entry(
            self.request.membership,
            int(pk),
            _ENTRY_PURPOSES[self.action],
            actor=Actor.for_request(self.request),
            via=Via.API,
        )

    @extend_schema(
        request=RevealSerializer,
        responses={
            200: inline_serializer(
                "RevealedSecret",
                {"id": serializers.IntegerField(), "secret": serializers.CharField()},
            ),
            403: OpenApiResponse(
                ErrorSerializer,
                description="The role may not use the vault, or the entry is administrative "
                "(revealed only on the page, after a fresh second factor).",
            ),
            429: OpenApiResponse(
                ErrorSerializer, description="Too many passwords revealed lately; try later."
            ),
            500: OpenApiResponse(
                ErrorSerializer,
                description="The password cannot be decrypted (recorded; the key is wrong or "
                "the row was altered).",
            ),
        },
    )
    @action(detail=True, methods=["post"])
    @method_decorator(sensitive_variables("secret"))
    def reveal(self, request, *args, **kwargs):
        """Reveal the secret with a reason (recorded). Administrative entries can only be
        revealed on the pages, after a fresh second factor."""
        entry = self.get_object()
        body = RevealSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            secret = reveal_secret(
                entry,
                membership=request.membership,
                reason=body.validated_data["reason"],
                actor=Actor.for_request(request),
                via=Via.API,
                recent_mfa=self._recent_mfa(request),
            )
        except VaultError as exc:
            raise serializers.ValidationError({"reason": [str(exc)]}) from None
        except RecentMFARequired:
            raise exceptions.PermissionDenied(
                "This is an administrative password: reveal it on the page, after confirming "
                "it is you with your authenticator."
            ) from None
        except RevealsLimited:
            raise exceptions.Throttled(detail="Too many passwords revealed; try later.") from None
        except EntryRefused:
            raise exceptions.NotFound() from None
        except (crypto.SecretUnreadable, crypto.VaultKeyError):
            # The detail (which key, which layer) is in the log and the audit trail, not here.
            return Response(
                {"detail": UNREADABLE},
                status=status.HTTP_500_INTERNAL_SERVER_ERROR,
            )
        response = Response({"id": entry.pk, "secret": secret})
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(request=SecretSerializer, responses=VaultEntrySerializer)
    @action(detail=True, methods=["post"])
    @method_decorator(sensitive_variables())
    def rotate(self, request, *args, **kwargs):
        """Record a new password (checked as a sign-in password is)."""
        entry = self.get_object()
        body = SecretSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            entry = rotate_secret(
                entry, body.validated_data["secret"], actor=Actor.for_request(request)
            )
        except VaultError as exc:
            raise serializers.ValidationError({"secret": [str(exc)]}) from None
        return Response(self.get_serializer(entry).data)

    @extend_schema(request=ChangeNowSerializer, responses=VaultEntrySerializer)
    @action(detail=True, methods=["post"], url_path="change-now")
    def change_now(self, request, *args, **kwargs):
        """B 4.1.4: mark the password possibly compromised; its owner is asked to change it."""
        entry = self.get_object()
        body = ChangeNowSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        request_rotation(entry, actor=Actor.for_request(request), note=body.validated_data["note"])
        entry.refresh_from_db()
        return Response(self.get_serializer(entry).data)

    @staticmethod
    def _recent_mfa(request) -> bool:
        if isinstance(request.auth, ApiToken):
            return False  # a token has no second factor behind it
        from councilguard.vault.views import has_recent_mfa

        return has_recent_mfa(request._request)


class EntryNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RevealRecordSerializer(serializers.Serializer):
    entry = serializers.IntegerField()
    name = serializers.CharField()
    at = serializers.DateTimeField()
    reason = serializers.CharField()


class PersonAccessSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.full_name")
    access_removed_at = serializers.DateTimeField(
        source="revocation.revoked_at", default=None, allow_null=True
    )
    could_use = serializers.SerializerMethodField()
    revealed = serializers.SerializerMethodField()
    to_change = serializers.SerializerMethodField()

    @extend_schema_field(EntryNameSerializer(many=True))
    def get_could_use(self, access) -> list[dict]:
        if access.revocation is not None:
            return list(access.revocation.could_use)
        return [{"id": e.pk, "name": e.name} for e in access.could_use]

    @extend_schema_field(RevealRecordSerializer(many=True))
    def get_revealed(self, access) -> list[dict]:
        return [
            {"entry": r.entry_id, "name": r.entry.name, "at": r.at.isoformat(), "reason": r.reason}
            for r in access.reveals
        ]

    @extend_schema_field(EntryNameSerializer(many=True))
    def get_to_change(self, access) -> list[dict]:
        return [
            {"id": e.pk, "name": e.name}
            for e in access.revealed_entries
            if e.rotation_flag and not e.retired_at
        ]


@extend_schema(parameters=[OpenApiParameter("council", str, OpenApiParameter.PATH)])
class PersonVaultAccessViewSet(CouncilScopedMixin, viewsets.GenericViewSet):
    """A person's use of the vault, for leavers (issue 7 part 5)."""

    serializer_class = PersonAccessSerializer
    actions = {"retrieve": Action.MANAGE_VAULT, "revoke": Action.MANAGE_VAULT}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Person.objects.none()
        return Person.objects.in_council(self.request.council)

    def retrieve(self, request, *args, **kwargs):
        return Response(PersonAccessSerializer(access_of(self.get_object())).data)

    @extend_schema(request=None, responses=PersonAccessSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, *args, **kwargs):
        """Remove their access now and mark every password they saw to be changed."""
        access = revoke_access_of(self.get_object(), actor=Actor.for_request(request))
        return Response(PersonAccessSerializer(access).data)
