"""Leavers (C24): one checklist per leaver, ticked as things happen, with charges proposed for
devices not back by the leave date."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from councilguard.audit.events import Event
from councilguard.devices.leavers import start_leaving, sync_all
from councilguard.devices.models import Charge, ChargeKind, LeaverChecklist, LeaverItem
from councilguard.devices.services import register_own_device, return_device
from councilguard.devices.testing import make_issued_device, make_leaver
from councilguard.people.importing import import_people
from councilguard.people.services import PersonData, update_person
from councilguard.testing.audit import assert_audited
from councilguard.testing.vault import make_entry
from councilguard.testing.world import SETUP

# (Dates of purchase are taken when each test runs: a suite may run across midnight.)
TODAY = timezone.localdate()
LEAVES = TODAY + timedelta(days=30)


def _after_leaving(days: int, hour: int = 9) -> datetime:
    return datetime.combine(LEAVES + timedelta(days=days), time(hour), tzinfo=UTC)


def _url(world, name, **kwargs):
    return reverse(f"devices:{name}", kwargs={"council": world.council.slug, **kwargs})


def _leave(person, on: date) -> None:
    data = PersonData(
        full_name=person.full_name,
        kind=person.kind,
        emails=[e.address for e in person.emails.all()],
        line_manager=person.line_manager,
        leave_date=on,
        working_pattern=person.working_pattern,
    )
    update_person(person, data, actor=SETUP)


def _items(checklist) -> dict[str, bool]:
    return {i.title: i.done_at is not None for i in checklist.items.all()}


def test_a_leavers_checklist_from_leave_date_to_complete(client, world):
    staff = world.people["staff"]
    phone = make_issued_device(world, serial="PHONE1")
    laptop = make_issued_device(
        world,
        kind="laptop",
        serial="LAPTOP1",
        purchase_cost=Decimal("800.00"),
        purchased_on=timezone.localdate() - timedelta(days=730),
    )
    own = register_own_device(staff, kind="phone", description="My Pixel", actor=SETUP)
    entry = make_entry(world, owner_role="staff", name="Parish website")

    # Setting the leave date (people.services) makes the checklist, once.
    with assert_audited(world.council, Event.PERSON_UPDATED, Event.LEAVER_STARTED):
        _leave(staff, LEAVES)
    checklist = LeaverChecklist.objects.get(person=staff)
    assert _items(checklist) == {
        f"Return {phone}": False,
        f"Return {laptop}": False,
        "Staff member of Ashby deletes council data and contacts from My Pixel": False,
        "Disable staff@ashby.example": False,
        # B 7.1.3: the council e-mail account, and accounts on the council's other systems.
        "Withdraw the council e-mail account staff@ashby.example": False,
        "Withdraw their accounts on the council's other systems (website, banking, social "
        "media, suppliers)": False,
        "Revoke shared passwords; change those seen": False,
        "Send the final charges statement": False,
    }
    with assert_audited(world.council, Event.PERSON_UPDATED, Event.LEAVER_DATE_CHANGED):
        _leave(staff, LEAVES + timedelta(days=1))
    _leave(staff, LEAVES)
    assert LeaverChecklist.objects.filter(person=staff).count() == 1
    assert LeaverItem.objects.filter(checklist__person=staff).count() == 8

    client.force_login(world.clerk)
    page = client.get(_url(world, "leaver_detail", pk=checklist.pk)).content.decode()
    assert "0 of 8 done" in page and "£400.00" in page  # the laptop's present value today

    # The phone comes back: its item ticks itself.
    with assert_audited(world.council, Event.DEVICE_RETURNED, Event.LEAVER_ITEM_DONE):
        client.post(
            _url(world, "device_return", pk=phone.pk), {"condition": "good", "status": "in_stock"}
        )
    # The leaver confirms deletion from their own phone themselves (B 9.1.6).
    client.force_login(world.staff)
    assert (
        b"I have deleted all council data from My Pixel" in client.get(_url(world, "mine")).content
    )
    with assert_audited(world.council, Event.OWN_DEVICE_DATA_DELETED, Event.LEAVER_ITEM_DONE):
        client.post(_url(world, "own_data_deleted"), {"item": own.pk})
    own.refresh_from_db()
    assert own.deletion_attested_at and own.retired_at

    # The day after leaving, the laptop is still out: a charge is proposed at its present value.
    sync_all(now=_after_leaving(0))
    assert not Charge.objects.exists()  # not yet: the leave date is the last day
    sync_all(now=_after_leaving(1))
    proposal = Charge.objects.get(kind=ChargeKind.NON_RETURN)
    assert (proposal.person, proposal.amount, proposal.status) == (
        staff,
        Decimal("383.01"),  # 800 × (1 − 761/1460): four years' life, 761 days old
        "pending",
    )
    sync_all(now=_after_leaving(2))
    assert Charge.objects.filter(kind=ChargeKind.NON_RETURN).count() == 1

    # Shared passwords: revoked from the checklist, shown, and done once changed.
    client.force_login(world.clerk)
    client.post(_url(world, "leaver_revoke", pk=checklist.pk))
    page = client.get(_url(world, "leaver_detail", pk=checklist.pk)).content.decode()
    assert "Parish website" in page
    assert not _items(checklist)["Revoke shared passwords; change those seen"]
    from councilguard.vault.services import rotate_secret

    rotate_secret(entry, "copper walrus meadow lantern", actor=SETUP)
    sync_all(now=_after_leaving(2, hour=10))
    assert _items(checklist)["Revoke shared passwords; change those seen"]

    # The account: removed from the checklist, which ticks it.
    client.post(_url(world, "leaver_disable", pk=checklist.pk))
    world.staff.refresh_from_db()
    assert not world.staff.is_active
    assert _items(checklist)["Disable staff@ashby.example"]

    # The rest by hand; the last one completes the checklist.
    for title in (
        f"Return {laptop}",
        "Send the final charges statement",
        "Withdraw the council e-mail account staff@ashby.example",
        "Withdraw their accounts on the council's other systems (website, banking, social "
        "media, suppliers)",
    ):
        item = checklist.items.get(title=title)
        client.post(
            _url(world, "leaver_tick", pk=checklist.pk),
            {"item": item.pk, "note": "Charged the laptop; statement sent to payroll"},
        )
    checklist.refresh_from_db()
    assert checklist.completed_at is not None
    from councilguard.audit.models import AuditEntry

    assert AuditEntry.objects.filter(council=world.council, event=Event.LEAVER_COMPLETED).exists()
    assert "Complete" in client.get(_url(world, "leaver_list")).content.decode()


def test_a_device_back_late_waives_the_proposal_and_back_damaged_proposes_a_share(world):
    staff = world.people["staff"]
    phone = make_issued_device(world, purchase_cost=Decimal("300.00"))
    tablet = make_issued_device(
        world,
        kind="tablet",
        purchase_cost=Decimal("300.00"),
        purchased_on=timezone.localdate() - timedelta(days=365),
    )
    _leave(staff, LEAVES)
    sync_all(now=_after_leaving(1))
    assert Charge.objects.filter(kind=ChargeKind.NON_RETURN, status="pending").count() == 2
    return_device(phone, actor=SETUP, condition="good")
    late = Charge.objects.get(device=phone)
    assert (late.status, late.status_note) == ("waived", "returned after all")
    return_device(tablet, actor=SETUP, condition="damaged", status="in_repair")
    poor = Charge.objects.get(device=tablet, kind=ChargeKind.POOR_CONDITION)
    assert poor.amount == Decimal("100.00")  # half of 300 × (1 − 365/1095)


def test_the_people_import_starts_a_checklist_once_and_the_explicit_start_agrees(world):
    content = b"full_name,role,email,leave_date\nPat Leaving,staff,pat@ashby.example,2026-05-31\n"
    report = import_people(world.council, content, actor=SETUP)
    assert report.ok, report.problems
    checklist = LeaverChecklist.objects.get(person__full_name="Pat Leaving")
    assert checklist.leave_date == date(2026, 5, 31)
    import_people(world.council, content, actor=SETUP)
    again = start_leaving(checklist.person, actor=SETUP)
    assert again.pk == checklist.pk
    assert LeaverChecklist.objects.count() == 1


def test_the_leavers_list_costs_the_same_queries_for_one_leaver_or_many(client, world):
    client.force_login(world.clerk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(world, "leaver_list")).status_code == 200
        return len(captured)

    make_leaver(world)
    queries()
    one = queries()
    for _ in range(5):
        make_leaver(world)
    assert queries() == one


def test_the_clerks_start_leaving_sets_the_leave_date_in_the_people_register(client, world):
    manager = world.people["manager"]
    client.force_login(world.clerk)
    with assert_audited(world.council, Event.PERSON_UPDATED, Event.LEAVER_STARTED):
        response = client.post(
            _url(world, "leaver_start"), {"person": manager.pk, "leave_date": LEAVES.isoformat()}
        )
    checklist = LeaverChecklist.objects.get(person=manager)
    assert response["Location"] == _url(world, "leaver_detail", pk=checklist.pk)
    manager.refresh_from_db()
    assert manager.leave_date == checklist.leave_date == LEAVES
    # The same again changes nothing.
    with assert_audited(world.council):
        client.post(
            _url(world, "leaver_start"), {"person": manager.pk, "leave_date": LEAVES.isoformat()}
        )


def _clear_leave_date(person) -> None:
    person.refresh_from_db()
    _leave(person, None)


def test_clearing_the_leave_date_withdraws_the_checklist_and_waives_its_proposals(client, world):
    staff = world.people["staff"]
    laptop = make_issued_device(world, kind="laptop", purchase_cost=Decimal("600.00"))
    _leave(staff, LEAVES)
    sync_all(now=_after_leaving(1))
    proposal = Charge.objects.get(kind=ChargeKind.NON_RETURN, device=laptop)
    checklist = LeaverChecklist.objects.get(person=staff)

    with assert_audited(
        world.council, Event.PERSON_UPDATED, Event.CHARGE_CHANGED, Event.LEAVER_WITHDRAWN
    ):
        _clear_leave_date(staff)
    checklist.refresh_from_db()
    assert checklist.withdrawn_at is not None
    assert checklist.withdrawn_reason == "the leave date was cleared"
    proposal.refresh_from_db()
    assert (proposal.status, proposal.status_note) == ("waived", "not leaving after all")
    # Withdrawn checklists are no longer worked: the daily job leaves them alone, nothing
    # waits on the dashboard, and the page shows it as withdrawn with no buttons.
    sync_all(now=_after_leaving(3))
    assert Charge.objects.filter(kind=ChargeKind.NON_RETURN).count() == 1
    client.force_login(world.clerk)
    page = client.get(_url(world, "leaver_detail", pk=checklist.pk)).content.decode()
    assert "is not leaving; this checklist is kept as a record" in page
    assert "Mark done by hand" not in page
    assert "Withdrawn" in client.get(_url(world, "leaver_list")).content.decode()
    dashboard = client.get(reverse("core:home", kwargs={"council": world.council.slug}))
    assert "leaving checklist" not in dashboard.content.decode()

    # Leaving again later starts a fresh checklist; the withdrawn one stays as the record.
    _leave(staff, LEAVES + timedelta(days=60))
    assert LeaverChecklist.objects.filter(person=staff).count() == 2
    assert LeaverChecklist.objects.active().get(person=staff).pk != checklist.pk


def test_restoring_a_leaver_clears_the_date_and_records_why(client, world):
    checklist = make_leaver(world)
    person = checklist.person
    client.force_login(world.clerk)
    url = _url(world, "leaver_restore", pk=checklist.pk)
    with assert_audited(world.council):
        client.post(url, {"reason": ""})  # a reason is needed; nothing changes without one
    with assert_audited(world.council, Event.LEAVER_WITHDRAWN, Event.PERSON_UPDATED):
        response = client.post(url, {"reason": "Contract extended"})
    assert response["Location"] == _url(world, "leaver_detail", pk=checklist.pk)
    person.refresh_from_db()
    checklist.refresh_from_db()
    assert person.leave_date is None
    assert (checklist.withdrawn_reason, checklist.withdrawn_by_label) == (
        "Contract extended",
        "clerk@ashby.example",
    )
    # Twice is refused, with nothing written.
    with assert_audited(world.council):
        client.post(url, {"reason": "Again"})
    # A withdrawn checklist's items can no longer be ticked.
    item = checklist.items.filter(done_at__isnull=True).first()
    with assert_audited(world.council):
        client.post(_url(world, "leaver_tick", pk=checklist.pk), {"item": item.pk, "note": "x"})
