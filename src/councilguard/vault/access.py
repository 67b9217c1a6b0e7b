"""Who may use and who may change a vault entry (B 4.1.2: only the assigned users), and the one
gate every page and endpoint goes through to reach an entry.

Role-level permission (may this role open the vault at all, add entries, manage them all) is in
core.roles; this module applies each entry's own list of people and roles.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.models import Membership
from councilguard.core.roles import Action
from councilguard.people.access import person_of
from councilguard.vault.models import VaultEntry, VaultEntryQuerySet, VaultRevocation


class Purpose(StrEnum):
    VIEW = "view"  # read its details (not the secret)
    REVEAL = "reveal"  # see or copy the secret
    FLAG = "flag"  # "change now": anyone who may use it may say it is compromised
    CHANGE = "change"  # edit, set a new secret, retire


def is_cut_off(membership: Membership) -> bool:
    """A leaver (leaving date passed) or someone whose vault access was removed uses nothing,
    whatever their role still says (issue 7 part 5: their access goes at once)."""
    person = person_of(membership)
    if person is not None and person.has_left(timezone.localdate()):
        return True
    return VaultRevocation.objects.filter(
        council=membership.council, person__user=membership.user
    ).exists()


def usable_entries(membership: Membership, *, as_if_current: bool = False) -> VaultEntryQuerySet:
    """Live entries of the council that this member may reveal: they are named on it, hold a
    role named on it, or own it. ``as_if_current`` lists them even for a leaver, for the
    leaver's checklist."""
    entries = VaultEntry.objects.in_council(membership.council).live()
    if not as_if_current and (not membership.user.is_active or is_cut_off(membership)):
        return entries.none()
    user = membership.user
    return entries.filter(
        Q(allowed_people__user=user) | Q(role_grants__role=membership.role) | Q(owner__user=user)
    ).distinct()


def listed_entries(membership: Membership) -> VaultEntryQuerySet:
    """The entries this member sees in the vault: the clerk sees every one (without being able
    to reveal those not assigned to them); the IT provider also sees the ones it owns."""
    entries = VaultEntry.objects.in_council(membership.council).live()
    if membership.can(Action.MANAGE_VAULT):
        return entries
    usable = usable_entries(membership)
    if membership.can(Action.KEEP_VAULT_ENTRIES) and not is_cut_off(membership):
        return entries.filter(Q(pk__in=usable.values("pk")) | Q(owner__user=membership.user))
    return usable


def can_use(membership: Membership, entry: VaultEntry) -> bool:
    return usable_entries(membership).filter(pk=entry.pk).exists()


def can_change(membership: Membership, entry: VaultEntry) -> bool:
    if entry.council_id != membership.council_id or entry.retired_at is not None:
        return False
    if is_cut_off(membership) or not membership.user.is_active:
        return False
    if membership.can(Action.MANAGE_VAULT):
        return True
    return membership.can(Action.KEEP_VAULT_ENTRIES) and entry.owner.user_id == membership.user_id


def allows(membership: Membership, entry: VaultEntry, purpose: Purpose) -> bool:
    if purpose == Purpose.REVEAL:
        return can_use(membership, entry)
    if purpose == Purpose.CHANGE:
        return can_change(membership, entry)
    return can_use(membership, entry) or can_change(membership, entry)


def access_entry(
    membership: Membership, pk: int, purpose: Purpose, *, actor: Actor, via: str
) -> VaultEntry:
    """The entry ``pk`` of the member's council if they may do ``purpose`` with it.

    Refusals all look like a missing entry (404), so nobody learns an entry exists. An entry of
    this council that they may not use is an attempt: B 4.1.5 makes it a security incident,
    opened here at once. So is an id that is no entry of this council (another council's, or
    one that exists nowhere: the two are treated alike, so nothing is learnt of other councils);
    the incident is in this council, the one whose address was used. A retired entry of this
    council is only a 404: an old link, not an attempt.
    """
    from councilguard.vault.services import record_refusal

    entry = (
        VaultEntry.objects.in_council(membership.council)
        .select_related("owner", "council")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        record_refusal(membership, entry=None, entry_id=pk, purpose=purpose, actor=actor, via=via)
        raise Http404
    if entry.retired_at is not None:
        raise Http404
    if allows(membership, entry, purpose):
        return entry
    record_refusal(membership, entry=entry, purpose=purpose, actor=actor, via=via)
    raise Http404
