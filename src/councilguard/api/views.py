from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from councilguard.accounts.models import User
from councilguard.api.models import ApiToken, ProviderToken, ProviderTokenCouncil
from councilguard.api.services import (
    TokenError,
    issue_token,
    revoke_token,
    withdraw_provider_token,
)
from councilguard.audit.actors import Actor
from councilguard.core.models import Membership
from councilguard.core.roles import SERVES_MANY_COUNCILS, Action
from councilguard.core.tenancy import council_view, require_GET_or_POST, require_POST


class MembershipSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="council.slug")
    name = serializers.CharField(source="council.name")

    class Meta:
        model = Membership
        fields = ["slug", "name", "role"]


class CouncilList(ListAPIView):
    """The councils the caller holds a role in (a token: only its own)."""

    serializer_class = MembershipSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        memberships = Membership.objects.filter(user=self.request.user).select_related("council")
        token = self.request.auth
        if isinstance(token, ApiToken):
            memberships = memberships.filter(council=token.council)
        elif isinstance(token, ProviderToken):
            reached = token.reaches.filter(removed_at__isnull=True).values("council")
            memberships = memberships.filter(
                council__in=reached, role__in=sorted(SERVES_MANY_COUNCILS)
            )
        return memberships


@council_view(Action.MANAGE_TOKENS)
@require_GET_or_POST
def token_list(request):
    members = User.objects.filter(memberships__council=request.council, is_active=True)
    issued = None
    error = ""
    if request.method == "POST":
        user = members.filter(pk=request.POST.get("user") or 0).first()
        if user is None:
            error = "Choose who the token acts as."
        else:
            try:
                issued = issue_token(
                    request.council,
                    name=request.POST.get("name", ""),
                    user=user,
                    actor=Actor.for_request(request),
                )
            except TokenError as exc:
                error = str(exc)
    tokens = ApiToken.objects.in_council(request.council).select_related("user", "created_by")
    # C29: the IT provider's own tokens that reach this council too, which the clerk may
    # take off this council (the provider's other councils are theirs to answer for).
    provider_tokens = ProviderTokenCouncil.objects.in_council(request.council).select_related(
        "token__user"
    )
    response = render(
        request,
        "api/token_list.html",
        {
            "tokens": tokens,
            "provider_tokens": provider_tokens,
            "members": members,
            "issued": issued,
            "error": error,
        },
    )
    add_never_cache_headers(response)  # the new token is on this page once
    return response


@council_view(Action.MANAGE_TOKENS)
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.in_council(request.council), pk=pk)
    revoke_token(token, actor=Actor.for_request(request))
    messages.success(request, f"Token {token.name!r} revoked; it no longer works.")
    return redirect("tokens:token_list", council=request.council.slug)


@council_view(Action.MANAGE_TOKENS)
@require_POST
def provider_token_withdraw(request, pk: int):
    reach = get_object_or_404(
        ProviderTokenCouncil.objects.in_council(request.council).select_related("token"), pk=pk
    )
    withdraw_provider_token(
        reach, because="Revoked for this council by its clerk.", actor=Actor.for_request(request)
    )
    messages.success(
        request, f"Token {reach.token.name!r} no longer works in {request.council.name}."
    )
    return redirect("tokens:token_list", council=request.council.slug)
