"""A request for a private call goes from the person to whoever decides and back, through the
pages, with its audit entries; the reason stays with the decider (C18, A "Monitoring of
Personal Communications": "discuss this with your Manager")."""

from __future__ import annotations

import json
from datetime import date

from django.urls import reverse

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Role
from councilguard.privacy import services
from councilguard.privacy.models import ProtectionRequest, RequestStatus
from councilguard.privacy.services import PrivacyError
from councilguard.privacy.testing import make_request, membership
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.refusals import assert_refused
from councilguard.testing.world import SETUP

REASON = "My trade union representative about my grievance"


def _url(world, name, **kwargs):
    return reverse(f"privacy:{name}", kwargs={"council": world.council.slug, **kwargs})


def test_a_staff_request_goes_to_their_manager_and_back(client, world):
    client.force_login(world.staff)
    with assert_audited(world.council, Event.PROTECTION_REQUESTED):
        response = client.post(
            _url(world, "mine"),
            {
                "kind": "number",
                "value": "01632 960 123",
                "extent": "standing",
                "reason": REASON,
            },
        )
    assert response.status_code == 302
    asked = ProtectionRequest.objects.get()
    assert (asked.value, asked.decided_by_role, asked.decider) == (
        "+441632960123",
        "manager",
        world.manager,
    )
    page = client.get(_url(world, "mine")).content.decode()
    assert "Your request has gone to your line manager to decide." in page
    assert "Waiting for a decision" in page
    # The trail says what kind of contact and for how long, never the number or the reason.
    entry = AuditEntry.objects.filter(event=Event.PROTECTION_REQUESTED).get()
    written = json.dumps(entry.changes) + entry.summary
    assert "960" not in written and "union" not in written
    assert entry.changes == {
        "contact": "telephone number",
        "extent": "until withdrawn",
        "decided_by": "the line manager",
    }

    # The clerk neither lists nor opens it: it is the manager's to decide.
    client.force_login(world.clerk)
    assert "Staff member of Ashby" not in client.get(_url(world, "request_list")).content.decode()
    assert client.get(_url(world, "decide", pk=asked.pk)).status_code == 404

    client.force_login(world.manager)
    listing = client.get(_url(world, "request_list")).content.decode()
    assert "Staff member of Ashby" in listing
    decide = client.get(_url(world, "decide", pk=asked.pk)).content.decode()
    assert REASON in decide and "+441632960123" in decide
    # A refusal needs its reason.
    with assert_not_audited(world.council):
        response = client.post(_url(world, "decide", pk=asked.pk), {"decision": "refuse"})
    assert "Give the reason for refusing: the person will read it." in response.content.decode()
    with assert_audited(world.council, Event.PROTECTION_REFUSED):
        response = client.post(
            _url(world, "decide", pk=asked.pk),
            {"decision": "refuse", "refusal_reason": "Use the office phone in room 2 instead."},
        )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == RequestStatus.REFUSED
    assert asked.decided_by == world.manager and asked.decided_at is not None

    client.force_login(world.staff)
    page = client.get(_url(world, "mine")).content.decode()
    assert "Refused" in page
    assert "Reason: Use the office phone in room 2 instead." in page
    # Asked again, and this time protected.
    again = make_request(world, value="01632 960 123", reason=REASON)
    client.force_login(world.manager)
    with assert_audited(world.council, Event.PROTECTION_GRANTED):
        client.post(_url(world, "decide", pk=again.pk), {"decision": "grant"})
    client.force_login(world.staff)
    page = client.get(_url(world, "mine")).content.decode()
    assert "<strong>Protected</strong>" in page
    with assert_audited(world.council, Event.PROTECTION_WITHDRAWN):
        client.post(_url(world, "withdraw", pk=again.pk))
    again.refresh_from_db()
    assert again.status == RequestStatus.WITHDRAWN


def test_the_clerk_decides_for_a_manager_and_a_councillor(world):
    for role in (Role.MANAGER, Role.COUNCILLOR, Role.COMMITTEE):
        asked = make_request(world, role, value=f"01632 960 {list(Role).index(role):03d}")
        assert (asked.decided_by_role, asked.decider) == ("clerk", None), role
        assert services.may_decide(membership(world, Role.CLERK), asked)
        assert not services.may_decide(membership(world, Role.MANAGER), asked)
    # The clerk's own request is not theirs to decide.
    own = make_request(world, Role.CLERK, value="01632 960 999")
    assert not services.may_decide(membership(world, Role.CLERK), own)


def test_only_the_decider_decides_and_only_once(world):
    asked = make_request(world)
    assert_refused(
        lambda: services.grant_protection(
            asked, membership=membership(world, Role.CLERK), actor=SETUP
        ),
        PrivacyError,
        "This request is for someone else to decide.",
    )
    services.grant_protection(asked, membership=membership(world, Role.MANAGER), actor=SETUP)
    assert_refused(
        lambda: services.refuse_protection(
            asked, membership=membership(world, Role.MANAGER), reason="No", actor=SETUP
        ),
        PrivacyError,
        "This request has already been decided.",
    )


def test_bad_requests_are_refused_in_words_and_change_nothing(world):
    staff = world.people[Role.STAFF]

    def ask(**kwargs):
        values = {"kind": "number", "value": "01632 960 123", "extent": "standing"}
        values.update(kwargs)
        values.setdefault("reason", REASON)
        return lambda: services.ask_protection(staff, actor=SETUP, **values)

    cases = [
        (ask(value="call me"), "call me is not a telephone number."),
        (ask(kind="email", value="not an address"), "not an address is not an e-mail address."),
        (ask(kind="site", value="no dots"), "no dots is not a website (for example, example.org)."),
        (ask(value=""), "Enter the number, address or website."),
        (ask(reason="  "), "Give a reason: only the person who decides will read it."),
        (ask(extent="once"), "Give the day of the call or contact."),
        (ask(extent="always"), "Say whether it is for one day or until you withdraw it."),
        (ask(kind="fax"), "Choose a telephone number, an e-mail address or a website."),
    ]
    for call, words in cases:
        assert_refused(call, PrivacyError, words)
    make_request(world, value="01632 960 123")
    assert_refused(ask(), PrivacyError, "You have already asked for this; it is listed below.")


def test_the_same_contact_written_differently_is_one_contact(world):
    site = make_request(world, kind="site", value="HTTPS://WWW.Union.Example/join?x=1")
    assert site.value == "www.union.example"
    mail = make_request(world, kind="email", value=" Rep@Union.Example ")
    assert mail.value == "rep@union.example"
    once = make_request(world, value="01632960123", extent="once", on_date=date(2026, 3, 5))
    assert (once.value, once.on_date) == ("+441632960123", date(2026, 3, 5))


def test_the_councils_list_is_kept_by_the_clerk(client, world):
    client.force_login(world.clerk)
    with assert_audited(world.council, *[Event.ALWAYS_PROTECTED_ADDED] * 4):
        client.post(_url(world, "always_standard"))
    page = client.get(_url(world, "always_list")).content.decode()
    for words in ("Emergency services (999)", "NHS 111", "Samaritans", "116123"):
        assert words in page
    # The same list twice adds nothing.
    with assert_not_audited(world.council):
        response = client.post(_url(world, "always_standard"), follow=True)
    assert "The standard numbers are already on the list." in response.content.decode()
    with assert_not_audited(world.council):
        response = client.post(
            _url(world, "always_list"), {"kind": "number", "value": "111", "label": "Again"}
        )
    assert "111 is already protected for everyone." in response.content.decode()
    # Everyone reads the list on their own page.
    client.force_login(world.staff)
    assert "Samaritans (116123)" in client.get(_url(world, "mine")).content.decode()


def test_the_own_page_says_what_is_allowed_beside_what_is_monitored(client, world):
    client.force_login(world.staff)
    page = client.get(_url(world, "mine")).content.decode()
    assert (
        "Outside your working hours you may make reasonable personal use of the council&#x27;s "
        "internet; more than 120 minutes of personal browsing on a day is looked at "
        "(A Personal use of Council systems)."
    ) in page
    assert "Personal social media is not allowed during your working hours (B 9.1.2)." in page
    assert "those calls are still monitored" in page


def test_a_member_off_the_people_list_cannot_ask(client, world):
    from councilguard.testing.world import add_member_off_the_list

    user = add_member_off_the_list(world, Role.STAFF)
    client.force_login(user)
    assert "nothing of yours to protect" in client.get(_url(world, "mine")).content.decode()
    response = client.post(
        _url(world, "mine"),
        {"kind": "number", "value": "111", "extent": "standing", "reason": "x"},
    )
    assert response.status_code == 403
    assert ProtectionRequest.objects.count() == 0
