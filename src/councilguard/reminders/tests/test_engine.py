"""C27: one reminder engine. Each clock reminds the right person before it runs out and tells
the clerk when it has; one digest a day per person, urgent ones at once if the council wants;
every reminder recorded, never the same one twice in a day. The clock is moved by passing
``now``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.devices.models import LossReport
from councilguard.devices.services import LossData, create_task, report_loss
from councilguard.devices.testing import make_issued_device
from councilguard.incidents.models import IncidentKind
from councilguard.incidents.services import open_incident
from councilguard.policies import services as policies
from councilguard.policies.models import Policy
from councilguard.reminders.models import SentReminder
from councilguard.reminders.services import send_reminders, update_settings
from councilguard.testing.policies import make_policy
from councilguard.testing.vault import make_entry
from councilguard.testing.world import SETUP
from councilguard.vault.models import VaultEntry

UTC = UTC
# Monday 2 March 2026; UK time is UTC in March before the clocks change.
MONDAY = datetime(2026, 3, 2, tzinfo=UTC)

# The breach's reference (SI-<id>) is filled in by the fixture: ids differ between databases.
BREACH = (
    "Decide whether to report the personal-data breach SI-{} (Minutes sent to the wrong "
    "address) to the ICO"
)
POLICE_MINE = "Give the police incident number for your lost mobile phone"
POLICE_CLERK = "Police number for Staff member of Ashby's lost mobile phone is overdue"
TASK = "Turn on encryption on your laptop"
REVIEW = "Review the Computers and Phones"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute)


@pytest.fixture
def clocks(world):
    """A breach detected on Sunday at 13:00 (the 72 hours end on Wednesday at 13:00), the staff
    member's phone lost on Monday at 03:00 (police number due Tuesday 03:00), a task for them
    due on Wednesday at 09:00, and a policy review due on Thursday 12 March. The policy was
    acknowledged by everyone, so only these clocks remind."""
    setup = make_policy(world)
    for role in Role:
        policies.acknowledge(setup.in_force, world.people[role], actor=SETUP, on_paper=True)
    Policy.objects.filter(pk=setup.policy.pk).update(review_due=date(2026, 3, 12))
    breach = open_incident(
        world.council,
        IncidentKind.DATA_BREACH,
        actor=SETUP,
        title="Minutes sent to the wrong address",
        description="Draft minutes naming a resident were e-mailed to the wrong person.",
        detected_at=at(-1, 13),
    )
    device = make_issued_device(world, Role.STAFF)
    report_loss(
        device, LossData(kind="lost", what_happened="Left on the bus."), actor=SETUP, now=at(0, 3)
    )
    create_task(world.council, TASK, now=at(0, 3), due_at=at(2, 9), person=world.people[Role.STAFF])
    mail.outbox.clear()
    world.breach_title = BREACH.format(breach.pk)
    return world


def _received(mails) -> dict[str, list[str]]:
    """Who got what: each address's mail, as the reminder titles in it."""
    return {m.email: [i.title for i in m.items] for m in mails}


def test_urgent_clocks_go_at_once_and_the_rest_in_the_morning_digest(clocks):
    council = clocks.council
    breach = clocks.breach_title
    early = send_reminders(council, now=at(0, 6))
    # Before the 07:00 digest only what is urgent goes: the running breach clock to those who
    # decide it, the police number and the task due in two days to the staff member, and the
    # clerk's own loss tasks and the review due in ten days.
    received = _received(early)
    assert received["dp_lead@ashby.example"] == [breach]
    assert received["staff@ashby.example"] == [POLICE_MINE, TASK]
    assert received["clerk@ashby.example"][0].startswith("Cancel the number of Samsung Galaxy")
    assert breach in received["clerk@ashby.example"]
    assert REVIEW in received["clerk@ashby.example"]
    assert all(not m.digest for m in early)
    assert len(mail.outbox) == len(early)  # one mail per person, however many items
    staff_mail = next(m for m in mail.outbox if m.to == ["staff@ashby.example"])
    assert staff_mail.subject == "Ashby Town Council: 2 urgent things waiting for you"
    assert "http://127.0.0.1:8000/c/ashby/devices/mine/" in staff_mail.body

    # Within the same day nothing is sent twice, at the digest hour or after.
    assert send_reminders(council, now=at(0, 6, 30)) == []
    assert send_reminders(council, now=at(0, 7)) == []
    assert send_reminders(council, now=at(0, 18)) == []

    # Tuesday's digest: still running clocks again, and the police number, now overdue, to the
    # staff member and (for the first time) to the clerk.
    tuesday = _received(send_reminders(council, now=at(1, 7)))
    assert tuesday["staff@ashby.example"] == [POLICE_MINE, TASK]  # the overdue clock first
    assert POLICE_CLERK in tuesday["clerk@ashby.example"]
    assert breach in tuesday["dp_lead@ashby.example"]

    # Wednesday 13:00 the 72 hours run out: the clerk and the data protection lead are told
    # within the hour, although they had the running reminder that morning.
    send_reminders(council, now=at(2, 7))
    ran_out = _received(send_reminders(council, now=at(2, 14)))
    assert ran_out["clerk@ashby.example"] == [breach + ": the 72 hours have run out"]
    assert ran_out["dp_lead@ashby.example"] == [breach + ": the 72 hours have run out"]
    # The deputy clerk decides breaches as the clerk does.
    assert ran_out["deputy_clerk@ashby.example"] == [breach + ": the 72 hours have run out"]
    # The staff member's task ran out at 09:00: they are told too (the clerk hears of it from
    # the devices escalation).
    assert ran_out["staff@ashby.example"] == [TASK]
    assert set(ran_out) == {
        "clerk@ashby.example",
        "deputy_clerk@ashby.example",
        "dp_lead@ashby.example",
        "staff@ashby.example",
    }


def test_without_urgent_mails_everything_waits_for_the_digest(clocks):
    update_settings(clocks.council, urgent_at_once=False, digest_hour=8, actor=SETUP)
    assert send_reminders(clocks.council, now=at(0, 7, 59)) == []
    digest = send_reminders(clocks.council, now=at(0, 8))
    assert _received(digest)["staff@ashby.example"] == [POLICE_MINE, TASK]
    assert all(m.digest for m in digest)
    assert mail.outbox[0].subject.endswith("things waiting for you")


def test_every_reminder_sent_is_recorded_and_audited_and_never_twice_a_day(clocks):
    mails = send_reminders(clocks.council, now=at(0, 6))
    rows = SentReminder.objects.filter(council=clocks.council)
    assert rows.count() == sum(len(m.items) for m in mails)
    staff_rows = rows.filter(email="staff@ashby.example").order_by("title")
    assert [(r.title, r.urgency, r.digest, r.sent_on) for r in staff_rows] == [
        (POLICE_MINE, "soon", False, date(2026, 3, 2)),
        (TASK, "soon", False, date(2026, 3, 2)),
    ]
    from councilguard.audit.models import AuditEntry

    entries = AuditEntry.objects.filter(council=clocks.council, event=Event.REMINDERS_SENT)
    assert entries.count() == len(mails)
    row = staff_rows.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        SentReminder.objects.create(
            council=row.council,
            email=row.email,
            key=row.key,
            title=row.title,
            url=row.url,
            urgency=row.urgency,
            digest=True,
            sent_on=row.sent_on,
            sent_at=at(0, 23),
        )


def test_the_police_clock_stops_reminding_once_the_number_is_given(clocks):
    send_reminders(clocks.council, now=at(0, 6))
    LossReport.objects.update(police_reference="")  # still waiting
    from councilguard.devices.services import add_police_reference

    loss = LossReport.objects.get()
    add_police_reference(loss, "CAD 4711", actor=SETUP)
    tuesday = _received(send_reminders(clocks.council, now=at(1, 7)))
    assert POLICE_MINE not in tuesday.get("staff@ashby.example", [])
    assert POLICE_CLERK not in tuesday.get("clerk@ashby.example", [])


def test_a_scheduled_password_change_reminds_its_owner_two_weeks_ahead_then_weekly(world):
    entry = make_entry(world, name="Payroll portal")
    VaultEntry.objects.filter(pk=entry.pk).update(last_rotated_at=at(0, 9) - timedelta(days=365))
    update_settings(world.council, urgent_at_once=False, digest_hour=7, actor=SETUP)
    title = "Change the password of Payroll portal"
    # Due Monday 2 March at 09:00: reminders start on Monday 16 February.
    assert send_reminders(world.council, now=at(-15, 7)) == []
    first = _received(send_reminders(world.council, now=at(-14, 10)))
    assert first["it_provider@ashby.example"] == [title]
    assert first["clerk@ashby.example"] == [title]
    assert send_reminders(world.council, now=at(-10, 7)) == []
    assert _received(send_reminders(world.council, now=at(-7, 10)))[
        "it_provider@ashby.example"
    ] == [title]
    late = _received(send_reminders(world.council, now=at(1, 7)))
    assert late["it_provider@ashby.example"] == [title + " (overdue)"]
