"""Who did something: a signed-in user, an API token, or a named system job (DESIGN 4)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest

    from councilguard.accounts.models import User


@dataclass(frozen=True)
class Actor:
    label: str
    user: User | None = None
    ip_address: str | None = None

    @classmethod
    def for_user(cls, user: User, ip_address: str | None = None) -> Actor:
        return cls(label=user.email, user=user, ip_address=ip_address)

    @classmethod
    def for_request(cls, request: HttpRequest) -> Actor:
        ip = request.META.get("REMOTE_ADDR") or None
        token = getattr(request, "auth", None)
        user = request.user
        if token is not None and hasattr(token, "audit_label"):
            # A provider token: the entry says which token acted (C29).
            return cls(label=token.audit_label, user=user, ip_address=ip)
        if token is not None and hasattr(token, "name"):
            issuer = token.created_by.email if token.created_by_id else "the command line"
            label = f"{user.email} via API token {token.name!r} issued by {issuer}"
            return cls(label=label, user=user, ip_address=ip)
        return cls.for_user(user, ip)

    @classmethod
    def system(cls, job: str) -> Actor:
        return cls(label=f"system:{job}")
