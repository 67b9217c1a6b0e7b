"""The one link to the charges statement (C8): agreed personal phone use becomes a charge.

``councilguard.devices.charges`` (the statement, built on another branch) offers
``add_charge(person, *, kind, amount, description, source_reference, actor, device=None,
loss=None)``. Until it is merged the agreed items stay in ``PersonalUseItem`` alone, shown on
the recovery page; once it is, each new item also becomes a charge and keeps its id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilguard.audit.actors import Actor

if TYPE_CHECKING:
    from councilguard.phones.models import PersonalUseItem


class RecoveryError(ValueError):
    """The statement refused the charge; the message says why."""


def statement_available() -> bool:
    try:
        import councilguard.devices.charges  # noqa: F401
    except ImportError:
        return False
    return True


def add_personal_use_charge(item: PersonalUseItem, *, actor: Actor) -> int | None:
    """Put ``item`` on the person's charges statement; the charge's id, or None without one."""
    try:
        from councilguard.devices.charges import ChargeError, ChargeKind, add_charge
    except ImportError:
        return None
    try:
        charge = add_charge(
            item.person,
            kind=ChargeKind.PERSONAL_PHONE_USE,
            amount=item.amount,
            description=item.description,
            source_reference=item.bill_reference,
            actor=actor,
        )
    except ChargeError as error:
        raise RecoveryError(str(error)) from None
    return charge.pk
