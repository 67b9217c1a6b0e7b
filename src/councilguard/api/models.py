"""Per-council API tokens (C29) for the IT provider's scripts."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

from councilguard.core.models import CouncilOwned

TOKEN_PREFIX = "cg_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiToken(CouncilOwned):
    """A bearer token that acts as one user with that user's role in one council. Only its
    SHA-256 is stored; the token itself is shown once, when issued."""

    name = models.CharField(max_length=100, help_text="What uses it, e.g. 'nightly MDM upload'.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="The first characters, to recognise it.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


PROVIDER_TOKEN_PREFIX = "cgp_"


def new_provider_token() -> str:
    return PROVIDER_TOKEN_PREFIX + secrets.token_urlsafe(32)


class ProviderToken(models.Model):
    """A bearer token of an IT provider who serves several councils (C29, C30): it acts as its
    person, with the IT provider role, in each council of its list and nowhere else. The list
    only ever shrinks: the person's own revocation, a clerk's for their council, or the role
    lost in a council (``provider_access_removed``). Only the SHA-256 is stored."""

    name = models.CharField(max_length=100, help_text="What uses it, e.g. 'nightly uploads'.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="provider_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="The first characters, to recognise it.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def audit_label(self) -> str:
        """Who acted, in every audit entry the token writes: the person and which token (its
        first characters before its name, which the trail's 200 characters may cut short)."""
        return f"{self.user.email} via IT provider token {self.hint}… {self.name!r}"


class ProviderTokenCouncil(CouncilOwned):
    """One council a provider token reaches; ``removed_at`` set once it no longer does (kept,
    so the clerk sees when and why)."""

    token = models.ForeignKey(ProviderToken, on_delete=models.CASCADE, related_name="reaches")
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_because = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["council__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["token", "council"], name="provider_token_council_once")
        ]
        indexes = [
            models.Index(fields=["council", "removed_at"], name="provider_token_reach"),
        ]

    def __str__(self) -> str:
        return f"{self.token} in {self.council}"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None and self.token.revoked_at is None
