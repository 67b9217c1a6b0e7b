"""A leaver's checklist (C24): made once when a leave date is set, ticked as things happen (a
device comes back, the account is disabled, the shared passwords are revoked and changed, the
person confirms they deleted council data from their own devices) or by the clerk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council, Membership
from councilguard.devices import charges
from councilguard.devices.models import (
    Assignment,
    ChargeKind,
    ChargeStatus,
    Condition,
    LeaverChecklist,
    LeaverItem,
    LeaverItemKind,
    OwnDevice,
)
from councilguard.people.models import Person

WORKER = Actor.system("worker")


class LeaverError(ValueError):
    """A step of a leaver's checklist that cannot be taken; the message says why."""


def start_leaving_hook(person: Person, actor: Actor) -> None:
    """people.services calls this when a leave date is set, moved or cleared."""
    if person.leave_date is None:
        withdraw_leaving(person, actor=actor, reason="the leave date was cleared")
    else:
        start_leaving(person, actor=actor)


@transaction.atomic
def start_leaving(
    person: Person, *, actor: Actor, leave_date: date | None = None, now: datetime | None = None
) -> LeaverChecklist:
    """Make the person's checklist, or (when it exists) move its date; never a second one."""
    now = now or timezone.now()
    person = Person.objects.select_for_update().get(pk=person.pk)
    leave_date = leave_date or person.leave_date
    if leave_date is None:
        raise LeaverError("set the date the person leaves")
    checklist = LeaverChecklist.objects.active().filter(person=person).first()
    if checklist is None:
        checklist = LeaverChecklist.objects.create(
            council=person.council,
            person=person,
            leave_date=leave_date,
            started_at=now,
            started_by_label=actor.label[:200],
        )
        _add_items(checklist)
        audit.record(
            person.council,
            Event.LEAVER_STARTED,
            actor=actor,
            target=person,
            changes={
                "leave_date": leave_date.isoformat(),
                "items": [i.title for i in checklist.items.all()],
            },
        )
    elif checklist.leave_date != leave_date:
        before = checklist.leave_date
        checklist.leave_date = leave_date
        checklist.save(update_fields=["leave_date"])
        audit.record(
            person.council,
            Event.LEAVER_DATE_CHANGED,
            actor=actor,
            target=person,
            changes={"leave_date": [before.isoformat(), leave_date.isoformat()]},
        )
    _sync(checklist, actor=actor, now=now)
    return checklist


def set_leave_date(person: Person, leave_date: date, *, actor: Actor) -> LeaverChecklist:
    """The clerk's "start leaving": the person's leave date is set in the people register
    (so everything that reads it, such as the vault's daily leavers job, agrees), which makes
    or moves the checklist through the people hook; an unchanged date just returns it."""

    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.leave_date != leave_date:
            _change_leave_date(person, leave_date, actor=actor)
        return start_leaving(person, actor=actor, leave_date=leave_date)


def _change_leave_date(person: Person, leave_date: date | None, *, actor: Actor) -> None:
    from councilguard.people.services import PersonData, update_person

    data = PersonData(
        full_name=person.full_name,
        kind=person.kind,
        emails=[e.address for e in person.emails.all()],
        job_title=person.job_title,
        line_manager=person.line_manager,
        peer_group=person.peer_group.name if person.peer_group_id else "",
        start_date=person.start_date,
        leave_date=leave_date,
        uses_display_screen=person.uses_display_screen,
        working_pattern=person.working_pattern,
    )
    try:
        update_person(person, data, actor=actor)
    except ValueError as exc:
        raise LeaverError(str(exc)) from None


@transaction.atomic
def withdraw_leaving(
    person: Person, *, actor: Actor, reason: str, now: datetime | None = None
) -> LeaverChecklist | None:
    """The person is not leaving after all: their open checklist is withdrawn (kept, with who
    and why) and charges it proposed for devices not yet back are waived. None if there was
    no checklist to withdraw."""
    now = now or timezone.now()
    checklist = LeaverChecklist.objects.select_for_update().active().filter(person=person).first()
    if checklist is None:
        return None
    checklist.withdrawn_at, checklist.withdrawn_by_label = now, actor.label[:200]
    checklist.withdrawn_reason = reason.strip()[:300]
    checklist.save(update_fields=["withdrawn_at", "withdrawn_by_label", "withdrawn_reason"])
    waived = []
    for item in checklist.items.filter(charge__isnull=False).select_related("charge"):
        charge = item.charge
        if charge.kind == ChargeKind.NON_RETURN and charge.status == ChargeStatus.PENDING:
            charges.change_charge(
                charge, actor=actor, status=ChargeStatus.WAIVED, note="not leaving after all"
            )
            waived.append(charge.description)
    audit.record(
        person.council,
        Event.LEAVER_WITHDRAWN,
        actor=actor,
        target=person,
        changes={
            "leave_date": checklist.leave_date.isoformat(),
            "reason": checklist.withdrawn_reason,
            "items_not_done": [i.title for i in checklist.items.filter(done_at__isnull=True)],
            "charges_waived": waived,
        },
    )
    return checklist


@transaction.atomic
def restore_leaver(checklist: LeaverChecklist, *, actor: Actor, reason: str) -> Person:
    """The clerk restores a leaver who is staying: the checklist is withdrawn with the reason
    and the leave date cleared on the people list (which everything else reads). Access
    removed on the way out is not given back here: the clerk grants it again if needed."""
    checklist = LeaverChecklist.objects.select_for_update().get(pk=checklist.pk)
    if checklist.withdrawn_at is not None:
        raise LeaverError("this checklist was already withdrawn")
    if not reason.strip():
        raise LeaverError("say why they are not leaving")
    person = Person.objects.select_for_update().get(pk=checklist.person_id)
    withdraw_leaving(person, actor=actor, reason=reason)
    if person.leave_date is not None:
        _change_leave_date(person, None, actor=actor)
    return person


def _held(person: Person):
    return Assignment.objects.filter(person=person, returned_at__isnull=True).select_related(
        "device"
    )


def _add_items(checklist: LeaverChecklist) -> None:
    """Items for everything the person has now; existing items are left as they are."""
    person = checklist.person
    wanted: list[tuple[str, str, dict]] = []
    for assignment in _held(person):
        device = assignment.device
        wanted.append((LeaverItemKind.RETURN_DEVICE, f"Return {device}", {"device": device}))
    for own in OwnDevice.objects.filter(person=person, deletion_attested_at__isnull=True):
        wanted.append(
            (
                LeaverItemKind.OWN_DEVICE_DELETION,
                f"{person} deletes council data and contacts from {own.description}",
                {"own_device": own},
            )
        )
    if person.user_id:
        wanted.append((LeaverItemKind.DISABLE_ACCOUNT, f"Disable {person.user.email}", {}))
    # B 7.1.3: the council e-mail account given for the role is withdrawn with it.
    addresses = ", ".join(e.address for e in person.emails.all())
    if addresses:
        wanted.append(
            (LeaverItemKind.WITHDRAW_EMAIL, f"Withdraw the council e-mail account {addresses}", {})
        )
    wanted.append(
        (
            LeaverItemKind.OTHER_ACCOUNTS,
            "Withdraw their accounts on the council's other systems (website, banking, "
            "social media, suppliers)",
            {},
        )
    )
    wanted.append((LeaverItemKind.REVOKE_VAULT, "Revoke shared passwords; change those seen", {}))
    wanted.append((LeaverItemKind.FINAL_STATEMENT, "Send the final charges statement", {}))
    for kind, title, refs in wanted:
        LeaverItem.objects.get_or_create(
            council=checklist.council,
            checklist=checklist,
            kind=kind,
            device=refs.get("device"),
            own_device=refs.get("own_device"),
            defaults={"title": title[:200]},
        )


def sync_person(person: Person, *, actor: Actor, now: datetime | None = None) -> None:
    """Tick what has happened on the person's open checklist, if they have one."""
    checklist = (
        LeaverChecklist.objects.active().filter(person=person, completed_at__isnull=True).first()
    )
    if checklist is not None:
        _sync(checklist, actor=actor, now=now or timezone.now())


def _has_account_here(person: Person) -> bool:
    if not person.user_id or not person.user.is_active:
        return False
    return Membership.objects.filter(council=person.council, user_id=person.user_id).exists()


def _vault_done(person: Person) -> tuple[bool, str]:
    from councilguard.vault.models import VaultEntry, VaultRevocation

    revocation = VaultRevocation.objects.filter(person=person).first()
    if revocation is None:
        return False, ""
    ids = [e["id"] for e in revocation.flagged_for_rotation]
    waiting = list(
        VaultEntry.objects.filter(pk__in=ids, retired_at__isnull=True)
        .exclude(rotation_flag="")
        .values_list("name", flat=True)
    )
    if waiting:
        return False, ""
    return True, f"revoked; {len(ids)} entr{'y' if len(ids) == 1 else 'ies'} changed"


def _sync(checklist: LeaverChecklist, *, actor: Actor, now: datetime) -> None:
    # One sync at a time per checklist: a return and the daily job must not tick an item (or
    # propose a charge) twice.
    checklist = LeaverChecklist.objects.select_for_update().get(pk=checklist.pk)
    if checklist.completed_at is not None or checklist.withdrawn_at is not None:
        return
    _add_items(checklist)
    person = checklist.person
    left = timezone.localdate(now) > checklist.leave_date
    for item in checklist.items.filter(done_at__isnull=True).select_related(
        "device", "own_device", "charge"
    ):
        note = ""
        if item.kind == LeaverItemKind.RETURN_DEVICE:
            note = _device_item(item, person, left=left, actor=actor, now=now)
        elif item.kind == LeaverItemKind.OWN_DEVICE_DELETION:
            if item.own_device.deletion_attested_at:
                note = "deletion confirmed by the person"
        elif item.kind == LeaverItemKind.DISABLE_ACCOUNT:
            if not _has_account_here(person):
                note = "no active account in this council"
        elif item.kind == LeaverItemKind.REVOKE_VAULT:
            done, note = _vault_done(person)
            note = note if done else ""
        if note:
            _tick(item, actor=actor, now=now, note=note)
    _complete_if_done(checklist, actor=actor, now=now)


def _device_item(
    item: LeaverItem, person: Person, *, left: bool, actor: Actor, now: datetime
) -> str:
    """The note to tick a device item with, or "" while it is still out. A device not back by
    the leave date gets a proposed charge; returned in poor condition, likewise."""
    device = item.device
    returned = (
        Assignment.objects.filter(device=device, person=person, returned_at__isnull=False)
        .order_by("-returned_at")
        .first()
    )
    still_out = Assignment.objects.filter(
        device=device, person=person, returned_at__isnull=True
    ).exists()
    if still_out:
        if left and item.charge_id is None:
            item.charge = charges.add_charge(
                person,
                kind=ChargeKind.NON_RETURN,
                amount=charges.proposed_leaving_charge(
                    device, ChargeKind.NON_RETURN, timezone.localdate(now)
                ),
                description=f"{device} not returned by the leave date (present value)",
                source_reference=f"Leaver's checklist of {person} "
                f"(leaving {item.checklist.leave_date:%d %b %Y})",
                actor=actor,
                device=device,
            )
            item.save(update_fields=["charge"])
        return ""
    if returned is None:  # lost, or otherwise no longer with them
        return "no longer held by the person"
    charged = item.charge_id and item.charge.kind == ChargeKind.NON_RETURN
    if charged and item.charge.status == ChargeStatus.PENDING:
        charges.change_charge(
            item.charge, actor=actor, status=ChargeStatus.WAIVED, note="returned after all"
        )
    if returned.returned_condition in (Condition.DAMAGED, Condition.FAULTY) and not (
        item.charge_id and item.charge.kind == ChargeKind.POOR_CONDITION
    ):
        item.charge = charges.add_charge(
            person,
            kind=ChargeKind.POOR_CONDITION,
            amount=charges.proposed_leaving_charge(
                device, ChargeKind.POOR_CONDITION, timezone.localdate(now)
            ),
            description=f"{device} returned {returned.returned_condition} at leaving "
            "(proportionate amount)",
            source_reference=f"Leaver's checklist of {person} "
            f"(leaving {item.checklist.leave_date:%d %b %Y})",
            actor=actor,
            device=device,
        )
        item.save(update_fields=["charge"])
    return f"returned {returned.returned_condition} on {returned.returned_at:%d %b %Y}"


def _tick(item: LeaverItem, *, actor: Actor, now: datetime, note: str) -> None:
    item.done_at, item.done_by_label, item.note = now, actor.label[:200], note[:300]
    item.save(update_fields=["done_at", "done_by_label", "note"])
    audit.record(
        item.council,
        Event.LEAVER_ITEM_DONE,
        actor=actor,
        target=item.checklist.person,
        changes={"item": item.title, "note": item.note},
    )


def _complete_if_done(checklist: LeaverChecklist, *, actor: Actor, now: datetime) -> None:
    if checklist.items.filter(done_at__isnull=True).exists():
        return
    checklist.completed_at = now
    checklist.save(update_fields=["completed_at"])
    audit.record(checklist.council, Event.LEAVER_COMPLETED, actor=actor, target=checklist.person)


@transaction.atomic
def tick_item(
    item: LeaverItem, *, actor: Actor, note: str, now: datetime | None = None
) -> LeaverItem:
    """The clerk marks an item done by hand, saying how (e.g. "device written off")."""
    now = now or timezone.now()
    item = LeaverItem.objects.select_for_update().select_related("checklist").get(pk=item.pk)
    if item.done_at is not None:
        raise LeaverError("that item is already done")
    if item.checklist.withdrawn_at is not None:
        raise LeaverError("this checklist was withdrawn: the person is not leaving")
    if not note.strip():
        raise LeaverError("say how it was done")
    _tick(item, actor=actor, now=now, note=note.strip())
    _complete_if_done(item.checklist, actor=actor, now=now)
    return item


@transaction.atomic
def disable_account(checklist: LeaverChecklist, *, actor: Actor) -> None:
    """Remove the person's role in this council (accounts.services), which ends their sessions,
    revokes their shared passwords and disables an account left with no role."""
    from councilguard.accounts.services import remove_access

    person = checklist.person
    if not person.user_id:
        raise LeaverError(f"{person} has no account")
    memberships = Membership.objects.filter(council=person.council, user_id=person.user_id)
    if not memberships.exists():
        raise LeaverError(f"{person} has no role in this council")
    for membership in memberships:
        try:
            remove_access(membership, actor=actor)
        except ValueError as exc:
            raise LeaverError(str(exc)) from None
    sync_person(person, actor=actor)


@transaction.atomic
def revoke_vault(checklist: LeaverChecklist, *, actor: Actor):
    """Withdraw the shared passwords; those seen or owned are flagged to be changed."""
    from councilguard.vault.services import revoke_access_of

    access = revoke_access_of(checklist.person, actor=actor)
    sync_person(checklist.person, actor=actor)
    return access


@transaction.atomic
def attest_deletion(own: OwnDevice, *, actor: Actor, now: datetime | None = None) -> OwnDevice:
    """The person confirms they deleted council data and third-party contacts from their own
    device (B 9.1.6); the device is no longer used for council work."""
    now = now or timezone.now()
    own = OwnDevice.objects.select_for_update().get(pk=own.pk)
    if own.deletion_attested_at is not None:
        raise LeaverError("deletion from this device was already confirmed")
    own.deletion_attested_at = now
    own.retired_at = own.retired_at or now
    own.save(update_fields=["deletion_attested_at", "retired_at"])
    audit.record(
        own.council,
        Event.OWN_DEVICE_DATA_DELETED,
        actor=actor,
        target=own,
        changes={"person": own.person.full_name, "device": own.description},
    )
    sync_person(own.person, actor=actor, now=now)
    return own


@dataclass
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def progress_of(checklist: LeaverChecklist) -> Progress:
    items = list(checklist.items.all())
    return Progress(sum(1 for i in items if i.done_at), len(items))


def sync_all(now: datetime | None = None) -> int:
    """Daily: a checklist for anyone with a leave date and none yet; tick what has happened;
    propose charges for devices not back by the leave date. Return open checklists seen."""
    now = now or timezone.now()
    count = 0
    for council in Council.objects.all():
        open_checklist = LeaverChecklist.objects.active().filter(person=OuterRef("pk"))
        people = Person.objects.in_council(council).filter(
            ~Exists(open_checklist), leave_date__isnull=False
        )
        for person in people:
            start_leaving(person, actor=WORKER, now=now)
        for checklist in (
            LeaverChecklist.objects.in_council(council).active().filter(completed_at__isnull=True)
        ):
            with transaction.atomic():
                _sync(checklist, actor=WORKER, now=now)
            count += 1
    return count
