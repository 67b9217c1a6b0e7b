"""Bearer-token authentication: ``Authorization: Bearer cg_...``."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from rest_framework import authentication, exceptions

from councilguard.api.models import (
    PROVIDER_TOKEN_PREFIX,
    TOKEN_PREFIX,
    ApiToken,
    ProviderToken,
    hash_token,
)


class CouncilTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header.startswith(f"{self.keyword} "):
            return None
        raw = header[len(self.keyword) + 1 :].strip()
        if raw.startswith(PROVIDER_TOKEN_PREFIX):
            # An IT provider's token for several councils; which councils it reaches is
            # checked per request by the tenancy gate (api.base).
            model, related = ProviderToken, ("user",)
        elif raw.startswith(TOKEN_PREFIX):
            model, related = ApiToken, ("user", "council", "created_by")
        else:
            raise exceptions.AuthenticationFailed("Invalid token.")
        token = (
            model.objects.select_related(*related)
            .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        now = timezone.now()
        # Write at most once a minute: the hot path of a script uploading many files.
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
            model.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword
