"""Give, change and remove a user's access to a council; disable accounts (C3, C14, C24)."""

from __future__ import annotations

from allauth.usersessions.models import UserSession
from django.apps import apps
from django.db import transaction
from django.utils.module_loading import import_string

from councilguard.accounts.models import User
from councilguard.api.services import revoke_tokens_of
from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council, Membership
from councilguard.core.roles import Role
from councilguard.people.services import link_accounts_for


class AccessError(Exception):
    """A change to someone's access that the rules do not allow; the message says why."""


@transaction.atomic
def grant_role(
    council: Council, *, email: str, role: Role, actor: Actor, full_name: str = ""
) -> Membership:
    """Give the account for ``email`` (created without a usable password if new) ``role``."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, password=None, full_name=full_name)
        audit.record(council, Event.USER_CREATED, actor=actor, target=user)
    membership = Membership.objects.filter(user=user, council=council).first()
    if membership is not None:
        if membership.role == role:
            return membership
        return change_role(membership, role=role, actor=actor)
    membership = Membership.objects.create(user=user, council=council, role=role)
    audit.record(
        council,
        Event.MEMBERSHIP_GRANTED,
        actor=actor,
        target=membership,
        changes={"user": user.email, "role": role},
    )
    link_accounts_for(membership, actor=actor)
    return membership


@transaction.atomic
def change_role(membership: Membership, *, role: Role, actor: Actor) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return membership
    _refuse_removing_last_clerk(membership, new_role=role)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        membership.council,
        Event.MEMBERSHIP_CHANGED,
        actor=actor,
        target=membership,
        changes={"role": [old, role]},
    )
    _role_changed(membership, old_role=old, actor=actor)
    return membership


@transaction.atomic
def set_committee_chair(membership: Membership, *, chair: bool, actor: Actor) -> Membership:
    """Name (or stand down) the chair of the oversight committee (B 1.1.6, 2.1.4, 8.2.1), who
    decides a clerk's own requests when there is no deputy clerk. A council has one chair:
    naming another stands the previous one down, each recorded."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.is_committee_chair == chair:
        return membership
    if chair:
        if not membership.user.is_active:
            raise AccessError("a disabled account cannot chair the committee")
        previous = Membership.objects.select_for_update().filter(
            council=membership.council, is_committee_chair=True
        )
        for other in previous.exclude(pk=membership.pk):
            _set_chair(other, False, actor=actor)
    _set_chair(membership, chair, actor=actor)
    return membership


def _set_chair(membership: Membership, chair: bool, *, actor: Actor) -> None:
    membership.is_committee_chair = chair
    membership.save(update_fields=["is_committee_chair"])
    audit.record(
        membership.council,
        Event.MEMBERSHIP_CHAIR,
        actor=actor,
        target=membership,
        changes={"user": membership.user.email, "committee_chair": [not chair, chair]},
    )


@transaction.atomic
def remove_access(membership: Membership, *, actor: Actor) -> None:
    """Remove a role; the user's sessions end at once so nothing they had open keeps working,
    and an account left with no role anywhere is disabled (C24)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _refuse_removing_last_clerk(membership, new_role=None)
    council, user = membership.council, membership.user
    audit.record(
        council,
        Event.MEMBERSHIP_REVOKED,
        actor=actor,
        target=membership,
        changes={"user": user.email, "role": membership.role},
    )
    membership.delete()
    revoke_tokens_of(user, council, actor=actor)
    _access_removed(user, council, actor=actor)
    if not user.memberships.exists() and user.is_active:
        _disable(user, council=council, actor=actor)
    else:
        end_sessions(user)


@transaction.atomic
def disable_user(user: User, *, actor: Actor) -> User:
    """Disable an account everywhere and end all its sessions; recorded in every council the
    user holds a role in."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return user
    councils = [m.council for m in user.memberships.select_related("council")]
    for membership in user.memberships.filter(role=Role.CLERK):
        _refuse_removing_last_clerk(membership, new_role=None)
    _disable(user, councils=councils, actor=actor)
    return user


def _disable(user: User, *, actor: Actor, council: Council | None = None, councils=None) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    for each in councils if councils is not None else [council]:
        audit.record(each, Event.USER_DISABLED, actor=actor, target=user)
        revoke_tokens_of(user, each, actor=actor)
        _access_removed(user, each, actor=actor)
    end_sessions(user)


def _access_removed(user: User, council: Council, *, actor: Actor) -> None:
    """Tell every app that declares ``access_removed`` on its config (DESIGN 17): the member lost
    their role in ``council`` or their account is disabled (C24, B 4.1.5: the vault takes their
    shared passwords away and marks those they saw to be changed)."""
    for config in apps.get_app_configs():
        if path := getattr(config, "access_removed", None):
            import_string(path)(user, council, actor=actor)


def _role_changed(membership: Membership, *, old_role: str, actor: Actor) -> None:
    """Tell every app that declares ``role_changed`` on its config: what the old role allowed
    and the new one does not ends now (a provider token leaves a council where its holder is
    no longer the IT provider)."""
    for config in apps.get_app_configs():
        if path := getattr(config, "role_changed", None):
            import_string(path)(membership, old_role=old_role, actor=actor)


def end_sessions(user: User) -> int:
    """End every session the user has, on every device, now. (allauth records each sign-in's
    session; an inactive account is also refused on its next request by the auth backend.)"""
    sessions = list(UserSession.objects.filter(user=user))
    for user_session in sessions:
        user_session.end()
    return len(sessions)


def _refuse_removing_last_clerk(membership: Membership, *, new_role: Role | None) -> None:
    if membership.role != Role.CLERK or new_role == Role.CLERK:
        return
    others = Membership.objects.filter(
        council=membership.council, role=Role.CLERK, user__is_active=True
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise AccessError(
            f"{membership.council} would have no clerk left; give someone else the clerk role "
            "first."
        )
