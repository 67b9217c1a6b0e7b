"""C26: each role's dashboard starts with what waits for it, soonest deadline first, each one
link away, counted in a fixed number of queries whatever the council's size."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councilguard.core.contributions import waiting_for
from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.core.tests.oversight_world import one_of_each
from councilguard.devices.testing import make_loss, make_software_request
from councilguard.incidents.models import IncidentKind
from councilguard.incidents.services import open_incident
from councilguard.monitoring.testing import make_finding
from councilguard.people.services import PersonData, create_person
from councilguard.testing.vault import make_entry
from councilguard.testing.world import SETUP

ACK = (
    "Read and acknowledge the Computers and Phones (version 1.0)",
    "/c/ashby/policies/versions/{version}/",
)
APPROVAL = (
    "Decide Staff member of Ashby's request: Install Inkscape",
    "/c/ashby/devices/approvals/{request}/",
)
REVIEW_FINDINGS = (
    "Review 1 web finding",
    "/c/ashby/monitoring/findings/?status=open&source_kind=proxy",
)
BREACH = (
    "Decide whether to report the personal-data breach SI-{breach} (Minutes sent to the wrong "
    "address) "
    "to the ICO",
    "/c/ashby/incidents/{breach}/",
)
POLICE_FOR_CLERK = (
    "Police number for Staff member of Ashby's lost mobile phone is awaited",
    "/c/ashby/devices/losses/{loss}/",
)
CHANGE_NOW = (
    "Change the password of Council website now (possibly compromised)",
    "/c/ashby/vault/{entry}/",
)

EXPECTED = {
    Role.CLERK: [
        CHANGE_NOW,
        ("Cancel the number of Samsung Galaxy A55 ({serial})", "/c/ashby/devices/{device}/"),
        POLICE_FOR_CLERK,
        ("Request a remote wipe of Samsung Galaxy A55 ({serial})", "/c/ashby/devices/{device}/"),
        BREACH,
        ("Review the Computers and Phones", "/c/ashby/policies/{policy}/"),
        (
            "Finish Lee Leaver's leaving checklist (5 things left)",
            "/c/ashby/devices/leavers/{leaver}/",
        ),
        ACK,
        APPROVAL,
        REVIEW_FINDINGS,
    ],
    # Their own team's findings and the approvals a senior manager gives.
    Role.MANAGER: [ACK, APPROVAL, REVIEW_FINDINGS],
    # Owns the flagged entry, runs the register, gives the IT company's approval.
    Role.IT_PROVIDER: [CHANGE_NOW, POLICE_FOR_CLERK, ACK, APPROVAL],
    Role.DP_LEAD: [BREACH, ACK, REVIEW_FINDINGS],
    Role.COMMITTEE: [ACK],
    Role.STAFF: [
        ("Give the police incident number for your lost mobile phone", "/c/ashby/devices/mine/"),
        ("Turn on encryption on your laptop", "/c/ashby/devices/mine/"),
        ACK,
        (
            "1 finding about you is open: read it and give your explanation if you wish",
            "/c/ashby/monitoring/mine/",
        ),
    ],
    Role.COUNCILLOR: [ACK],
}


def _expected(made, role) -> list[tuple[str, str]]:
    """EXPECTED with the ids of what ``one_of_each`` made (they differ between databases)."""
    ids = {
        "version": made.policy.in_force.pk,
        "policy": made.policy.policy.pk,
        "request": made.request.pk,
        "breach": made.breach.pk,
        "loss": made.loss.pk,
        "entry": made.entry.pk,
        "device": made.loss.device_id,
        "serial": made.loss.device.serial,
        "leaver": made.leaver.pk,
    }
    return [(title.format(**ids), url.format(**ids)) for title, url in EXPECTED[role]]


def _membership(world, role):
    return Membership.objects.get(council=world.council, user=world.users[role])


def test_each_role_sees_what_waits_for_it_soonest_deadline_first(world):
    made = one_of_each(world)
    for role in EXPECTED:
        items = waiting_for(_membership(world, role), made.now)
        assert [(i.title, i.url) for i in items] == _expected(made, role), role


def test_clocks_say_how_urgent_they_are(world):
    made = one_of_each(world)
    now = made.now
    clerk = {i.title: i for i in waiting_for(_membership(world, Role.CLERK), now)}
    assert clerk[CHANGE_NOW[0]].urgency == "overdue"
    breach = clerk[BREACH[0].format(breach=made.breach.pk)]
    # Detected 20 hours ago: 52 of the 72 hours are left.
    assert breach.urgency == "soon"
    assert breach.deadline - now == timedelta(hours=52)
    assert clerk[POLICE_FOR_CLERK[0]].urgency == "soon"
    assert clerk["Review the Computers and Phones"].urgency == "soon"
    leaver = clerk["Finish Lee Leaver's leaving checklist (5 things left)"]
    assert leaver.urgency == "waiting"
    # Once the 72 hours have run out the clerk is told so, as a new reminder.
    later = waiting_for(_membership(world, Role.CLERK), now + timedelta(hours=53))
    ran_out = [i for i in later if i.key == breach.key][0]
    assert ran_out.urgency == "overdue"
    assert ran_out.title.endswith("to the ICO: the 72 hours have run out")
    assert ran_out.reminder_key != breach.reminder_key


def test_a_role_held_with_no_entry_on_the_people_list_sees_only_what_its_role_decides(world):
    now = one_of_each(world).now
    manager = _membership(world, Role.MANAGER)
    # A second manager account with no person: approvals only, no acknowledgements of its own,
    # and no team (so no findings).
    from councilguard.accounts.services import grant_role

    bare = grant_role(world.council, email="interim@ashby.example", role=Role.MANAGER, actor=SETUP)
    assert [i.title for i in waiting_for(bare, now)] == [APPROVAL[0]]
    assert manager.role == bare.role


def _grow(world, n: int) -> None:
    """n more people with findings, losses, approvals, breaches and vault entries."""
    for k in range(n):
        person = create_person(
            world.council,
            PersonData(
                full_name=f"Extra {k}",
                kind="staff",
                emails=[f"extra{k}@ashby.example"],
                line_manager=world.people[Role.MANAGER],
            ),
            actor=SETUP,
        )
        for week in range(3):
            make_finding(world, person, start=date(2025, 1, 6) + timedelta(days=7 * (3 * k + week)))
        make_finding(world, person, source_kind="dns", start=date(2024, 1, 1) + timedelta(days=k))
    for _ in range(n // 3):
        make_loss(world)
        make_software_request(world)
        open_incident(
            world.council,
            IncidentKind.DATA_BREACH,
            actor=SETUP,
            title="Another",
            description="x",
        )
        make_entry(world)


def _queries(world, role, now) -> int:
    membership = _membership(world, role)
    with CaptureQueriesContext(connection) as captured:
        waiting_for(membership, now)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_council(world):
    now = one_of_each(world).now
    small = {role: _queries(world, role, now) for role in Role}
    _grow(world, 12)
    large = {role: _queries(world, role, now) for role in Role}
    assert large == small
    # The member's council, account and person, then per app: incidents 1, devices at most 6
    # (losses, tasks, approvals and their decisions, leavers, own devices due their duties),
    # monitoring 2, policies 3, vault 1, display screens 1, private calls 1, CCTV 2 (viewings, cameras due a check), social media
    # 7 for the clerk (reports, enquiries, removals, group chats and their members, accounts,
    # posters), cases 2 (cases, the member's own as a subject).
    assert max(small.values()) <= 29


def test_the_dashboard_page_lists_them_as_links_with_their_urgency(world):
    made = one_of_each(world)
    client = Client()
    client.force_login(world.staff)
    page = client.get(reverse("core:home", kwargs={"council": "ashby"}))
    html = page.content.decode()
    assert "What needs you" in html
    positions = [
        html.index(f'href="{url}">{title}</a>') for title, url in _expected(made, Role.STAFF)[:3]
    ]
    assert positions == sorted(positions)
    assert "Due soon" in html

    assert "Acknowledgement rate per policy" not in html  # staff do not see the campaigns

    client.force_login(world.clerk)
    clerk = client.get(reverse("core:home", kwargs={"council": "ashby"})).content.decode()
    # Nobody has acknowledged yet: eight people with roles and the leaver, whose date is ahead.
    assert '<title id="ack-rates-t">Acknowledgement rate per policy</title>' in clerk
    assert ">0% (0 of 9)</text>" in clerk

    client.force_login(world.councillor)
    only_ack = client.get(reverse("core:home", kwargs={"council": "ashby"})).content.decode()
    assert ACK[0] in only_ack and "Due soon" not in only_ack
