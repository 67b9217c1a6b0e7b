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
        """A job of the system, named in words: the label is what the audit trail and every
        "by ..." on a page shows (never a code like "system:worker")."""
        return cls(label=SYSTEM_JOBS.get(job, f"the {job.replace('-', ' ')} job"))


# What each system job is called where a person reads who did something ("by the scheduled
# jobs"). A job not listed reads "the <job> job".
SYSTEM_JOBS = {
    "command-line": "the command line",
    "demo": "the demo set-up",
    "leaver check": "the leavers' check",
    "reminders": "the reminders",
    "report-command": "the report command",
    "sign-in monitor": "the sign-in monitor",
    "test-setup": "the test set-up",
    "vault": "the vault",
    "worker": "the scheduled jobs",
}
