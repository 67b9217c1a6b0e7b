"""Issue and revoke API tokens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from councilguard.accounts.models import User
from councilguard.api.models import (
    ApiToken,
    ProviderToken,
    ProviderTokenCouncil,
    hash_token,
    new_provider_token,
    new_token,
)
from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council, Membership
from councilguard.core.roles import serves_many_councils


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


# --- provider tokens (C29, C30) ---


def provider_councils(user: User) -> list[Council]:
    """The councils where ``user`` holds a role that may hold a provider token, by name."""
    memberships = Membership.objects.filter(user=user, user__is_active=True).select_related(
        "council"
    )
    return sorted(
        (m.council for m in memberships if serves_many_councils(m.role)), key=lambda c: c.name
    )


@transaction.atomic
def issue_provider_token(
    user: User, *, name: str, councils: list[Council], actor: Actor
) -> tuple[ProviderToken, str]:
    """Issue ``user`` a token reaching exactly ``councils``, each one where they hold the IT
    provider role; return it and its secret, shown once. Recorded in each council's trail,
    since each clerk answers for what reaches their council."""
    if not councils:
        raise TokenError("Choose at least one council the token may reach.")
    allowed = {c.pk for c in provider_councils(user)}
    outside = sorted(c.name for c in councils if c.pk not in allowed)
    if outside:
        raise TokenError("You do not hold the IT provider role in " + ", ".join(outside) + ".")
    name = name.strip()[:100]
    if not name:
        raise TokenError("Say what will use the token.")
    raw = new_provider_token()
    token = ProviderToken.objects.create(
        name=name, user=user, key_hash=hash_token(raw), hint=raw[:11]
    )
    chosen = sorted({c.pk: c for c in councils}.values(), key=lambda c: c.name)
    ProviderTokenCouncil.objects.bulk_create(
        ProviderTokenCouncil(token=token, council=c) for c in chosen
    )
    names = [c.name for c in chosen]
    for council in chosen:
        audit.record(
            council,
            Event.PROVIDER_TOKEN_ISSUED,
            actor=actor,
            target=token,
            changes={"acts_as": user.email, "token": token.hint, "councils": names},
        )
    return token, raw


@transaction.atomic
def revoke_provider_token(token: ProviderToken, *, actor: Actor) -> ProviderToken:
    """The holder ends the token everywhere at once; each council it still reached records it."""
    token = ProviderToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    for reach in token.reaches.filter(removed_at__isnull=True).select_related("council"):
        audit.record(
            reach.council,
            Event.PROVIDER_TOKEN_REVOKED,
            actor=actor,
            target=token,
            changes={"token": token.hint},
        )
    return token


@transaction.atomic
def withdraw_provider_token(
    reach: ProviderTokenCouncil, *, because: str, actor: Actor
) -> ProviderTokenCouncil:
    """Take one council off a token (its clerk's revocation, or the role lost there); the
    token keeps working in its other councils."""
    reach = ProviderTokenCouncil.objects.select_for_update(of=("self",)).get(pk=reach.pk)
    if reach.removed_at is not None:
        return reach
    reach.removed_at = timezone.now()
    reach.removed_because = because[:200]
    reach.save(update_fields=["removed_at", "removed_because"])
    audit.record(
        reach.council,
        Event.PROVIDER_TOKEN_WITHDRAWN,
        actor=actor,
        target=reach.token,
        changes={"token": reach.token.hint, "because": because},
    )
    return reach


def provider_access_removed(user: User, council: Council, *, actor: Actor) -> None:
    """The ``access_removed`` hook (accounts.services): a member who lost their role in
    ``council``, or whose account is disabled, has every provider token of theirs withdrawn
    from it in the same transaction, so the next request with the token is refused there."""
    _withdraw_all(user, council, because="Their role in this council was removed.", actor=actor)


def provider_role_changed(membership: Membership, *, old_role: str, actor: Actor) -> None:
    """The ``role_changed`` hook: a role that may no longer hold a provider token loses it."""
    if serves_many_councils(old_role) and not serves_many_councils(membership.role):
        _withdraw_all(
            membership.user,
            membership.council,
            because="They no longer hold the IT provider role here.",
            actor=actor,
        )


def _withdraw_all(user: User, council: Council, *, because: str, actor: Actor) -> None:
    reaches = ProviderTokenCouncil.objects.in_council(council).filter(
        token__user=user, removed_at__isnull=True
    )
    for reach in reaches.select_related("token", "council"):
        withdraw_provider_token(reach, because=because, actor=actor)


# --- end provider tokens ---
