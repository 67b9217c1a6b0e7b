"""Issue and revoke API tokens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from councilguard.accounts.models import User
from councilguard.api.models import ApiToken, hash_token, new_token
from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council, Membership


class TokenError(ValueError):
    pass


@transaction.atomic
def issue_token(council: Council, *, name: str, user: User, actor: Actor) -> tuple[ApiToken, str]:
    """Issue a token acting as ``user`` (who must hold a role here); return it and its secret,
    which is never stored and cannot be shown again."""
    if not Membership.objects.filter(council=council, user=user, user__is_active=True).exists():
        raise TokenError(f"{user.email} has no role in {council}")
    name = name.strip()[:100] or "unnamed"
    raw = new_token()
    token = ApiToken.objects.create(
        council=council,
        name=name,
        user=user,
        key_hash=hash_token(raw),
        hint=raw[:10],
        created_by=actor.user,
    )
    audit.record(
        council,
        Event.API_TOKEN_ISSUED,
        actor=actor,
        target=token,
        changes={"acts_as": user.email},
    )
    return token, raw


def revoke_tokens_of(user: User, council: Council, *, actor: Actor) -> int:
    """Revoke every live token acting as ``user`` in ``council`` (access removed or account
    disabled), so giving the role back later does not bring old tokens back to life."""
    tokens = list(ApiToken.objects.in_council(council).filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        revoke_token(token, actor=actor)
    return len(tokens)


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: Actor) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(token.council, Event.API_TOKEN_REVOKED, actor=actor, target=token)
    return token
