from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from councilguard.accounts.models import User
from councilguard.api.models import ApiToken
from councilguard.api.services import TokenError, issue_token, revoke_token
from councilguard.audit.actors import Actor
from councilguard.core.models import Membership
from councilguard.core.roles import Action
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
    response = render(
        request,
        "api/token_list.html",
        {"tokens": tokens, "members": members, "issued": issued, "error": error},
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
