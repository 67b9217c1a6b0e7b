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
