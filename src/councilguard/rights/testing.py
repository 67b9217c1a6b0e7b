"""Rights requests set up through the real services, for tests and the permission matrix."""

from __future__ import annotations

from datetime import date, timedelta

from councilguard.core.roles import Role
from councilguard.rights.models import Channel, RequestKind, RightsRequest
from councilguard.rights.services import NewRequest, record_request
from councilguard.testing.world import SETUP, World


def make_request(
    w: World, *, kind: str = RequestKind.ACCESS, received: date | None = None
) -> RightsRequest:
    """A subject access request from the world's staff member, received a week ago."""
    return record_request(
        w.council,
        NewRequest(
            kind=kind,
            channel=Channel.EMAIL,
            received_on=received or date.today() - timedelta(days=7),
            person=w.people[Role.STAFF],
            details="Everything you hold on me.",
        ),
        actor=SETUP,
    )


def make_paused_request(w: World) -> RightsRequest:
    from councilguard.rights.services import pause_clock

    request = make_request(w)
    pause_clock(
        request, reason="identity", asked="Photo ID", started_on=request.received_on, actor=SETUP
    )
    return request


# Other people's identifiers seeded around the subject (the redaction test looks for each).
OTHER_IP = "10.0.0.77"
OTHER_PROXY_USER = "m.manager"
OTHER_NUMBER = "+447700900555"
SUBJECT_IP = "10.0.0.5"
SUBJECT_PROXY_USER = "s.staff"


def seed_everything(w: World, tmp_path) -> dict:
    """The staff member of ``w`` with data in every app, among other people whose identifiers
    turn up in it: their line manager's name, the clerk reviewing, the data protection lead
    looking at their monitoring data, a colleague's number called, others named in an
    incident. Needs settings.DATA_DIR pointed at a temporary directory."""
    from django.db import transaction

    from councilguard.api.services import issue_token
    from councilguard.audit.actors import Actor
    from councilguard.devices import testing as devices
    from councilguard.incidents.services import open_incident
    from councilguard.monitoring import services as monitoring
    from councilguard.monitoring import testing as monitoring_testing
    from councilguard.monitoring.identities import import_identities
    from councilguard.monitoring.ingest import ingest_file
    from councilguard.monitoring.tests.engine import govern, squid_line
    from councilguard.phones import services as phones
    from councilguard.phones import testing as phone_testing
    from councilguard.policies import services as policies
    from councilguard.rights.services import check_identity
    from councilguard.testing.policies import make_policy
    from councilguard.testing.vault import make_entry
    from councilguard.vault.services import reveal_secret

    staff, manager = w.people[Role.STAFF], w.people[Role.MANAGER]
    clerk = Actor.for_user(w.users[Role.CLERK])
    dp_lead = Actor.for_user(w.users[Role.DP_LEAD])
    # monitoring: sources, identities, a day of web and DNS events for both
    govern(w)
    csv = (
        "kind,value,person_email,valid_from,valid_to\n"
        f"proxy_user,{SUBJECT_PROXY_USER},{staff.primary_email},2025-01-01,\n"
        f"ip,{SUBJECT_IP},{staff.primary_email},2025-01-01,\n"
        f"proxy_user,{OTHER_PROXY_USER},{manager.primary_email},2025-01-01,\n"
        f"ip,{OTHER_IP},{manager.primary_email},2025-01-01,\n"
    ).encode()
    assert import_identities(w.council, csv, actor=SETUP).ok
    log = tmp_path / "access.log"
    log.write_text(
        "\n".join(
            [
                squid_line(
                    "2025-03-03 10:00:00", SUBJECT_IP, "http://news.example/a", SUBJECT_PROXY_USER
                ),
                squid_line(
                    "2025-03-03 10:05:00", SUBJECT_IP, "http://shop.example/", SUBJECT_PROXY_USER
                ),
                squid_line(
                    "2025-03-03 10:06:00", OTHER_IP, "http://bank.example/", OTHER_PROXY_USER
                ),
            ]
        )
        + "\n"
    )
    ingest_file(w.council, "proxy", "squid", log, actor=SETUP)
    dns = tmp_path / "dns.log"
    dns.write_text(
        f"Mar  3 10:00:01 dnsmasq[1]: query[A] news.example from {SUBJECT_IP}\n"
        f"Mar  3 10:00:02 dnsmasq[1]: query[A] bank.example from {OTHER_IP}\n"
    )
    ingest_file(w.council, "dns", "dnsmasq", dns, actor=SETUP, reference_date=date(2025, 3, 3))
    finding = monitoring_testing.make_finding(w, staff)
    monitoring.note_finding(finding, note="Spoke to them.", actor=clerk)
    with transaction.atomic():
        monitoring.open_raw_events(finding, purpose="Checking the finding", actor=dp_lead)
    # phones: a council phone, a bill calling a colleague's personal number
    phones.add_personal_number(manager, OTHER_NUMBER, "Mobile", actor=SETUP)
    phone_testing.make_phone_source(w)
    phone_testing.issue_phone(w, Role.STAFF, "07700 900321")
    phones.import_bill(
        w.council,
        phone_testing.bill(
            phone_testing.premium_call("07700 900321"),
            f"07700 900321,2026-03-11 12:00:00,{OTHER_NUMBER},Mobile,voice,out,60,0,10,true,",
        ),
        file_name="bill.csv",
        actor=SETUP,
    )
    phones.analyse_council(w.council, actor=SETUP)
    # privacy: a number they asked to be kept from view
    from councilguard.privacy.services import ask_protection

    ask_protection(
        staff,
        kind="number",
        value="01632 960 321",
        extent="standing",
        reason="My trade union representative",
        actor=SETUP,
    )
    # mail: a personal address the staff member listed, and a colleague's
    from councilguard.mail.services import add_personal_address

    add_personal_address(w.council, staff, "staff.home@mail.example", actor=SETUP)
    add_personal_address(w.council, manager, "manager.home@mail.example", actor=SETUP)
    # policies, vault, incidents, api, devices
    policy = make_policy(w)
    policies.acknowledge(policy.in_force, staff, actor=Actor.for_user(w.users[Role.STAFF]))
    entry = make_entry(w)
    with transaction.atomic():
        reveal_secret(
            entry,
            membership=w.users[Role.STAFF].memberships.get(),
            reason="Printer set-up",
            actor=Actor.for_user(w.users[Role.STAFF]),
            via="page",
            recent_mfa=True,
        )
    open_incident(
        w.council,
        "data_breach",
        actor=clerk,
        title="Letter sent to the wrong address",
        description=f"{staff.full_name}'s payslip went to {manager.full_name} "
        f"({manager.primary_email}, user {OTHER_PROXY_USER}, {OTHER_IP}, {OTHER_NUMBER}).",
        affected_people=[staff],
    )
    issue_token(w.council, name="my script", user=w.users[Role.STAFF], actor=SETUP)
    _reminder_sent(w, staff)
    devices.make_charge(w)
    devices.make_scan(w)
    devices.make_software_request(w)
    from councilguard.dse import testing as dse

    dse.make_assessment(w, staff)
    dse.make_offer(w, staff)
    # --- cctv: a viewing of footage the staff member made ---
    from councilguard.cctv.testing import make_viewing

    make_viewing(w, viewer=Role.STAFF)
    # --- end cctv ---
    # --- socialmedia: a post the staff member reported, a group they are in, an account ---
    from councilguard.socialmedia import testing as social
    from councilguard.socialmedia.services import AccountData, save_account

    social.make_report(w)
    social.make_group(w, Role.STAFF)
    save_account(w.council, AccountData(platform="x", handle="@AshbyTC", purpose="News.",
                                        posters=[staff]), actor=SETUP)  # fmt: skip
    # --- end socialmedia ---
    _closed_case(w, finding)
    request = make_request(w)
    check_identity(
        request, checked_on=request.received_on, method="Known to the clerk", actor=clerk
    )
    return {"request": request, "finding": finding}


def _closed_case(w: World, finding) -> None:
    """A misuse case about them, closed, its legal hold ended after the appeal period (so the
    erasure tests meet no hold they did not place)."""
    from django.utils import timezone

    from councilguard.cases import services as cases
    from councilguard.cases.testing import make_case

    case = make_case(w, "outcome", finding=finding)
    cases.close_case(case, reason="The outcome was told to them.", actor=SETUP)
    later = timezone.now() + timedelta(days=400)
    cases.release_expired_holds(w.council, now=later, actor=SETUP)


def make_checked_request(w: World) -> RightsRequest:
    from councilguard.rights.services import check_identity

    request = make_request(w)
    check_identity(request, checked_on=request.received_on, method="Known", actor=SETUP)
    return request


def make_prepared_request(w: World) -> RightsRequest:
    from councilguard.rights.access import prepare_bundle

    request = make_checked_request(w)
    prepare_bundle(request, actor=SETUP)
    return request


def make_withheld_item(w: World):
    from councilguard.rights.access import withhold

    request = make_prepared_request(w)
    return withhold(
        request,
        source_key="roles",
        source_title="Roles",
        exemption="crime",
        reason="Investigation",
        actor=SETUP,
    )


def make_released_request(w: World) -> tuple[RightsRequest, str]:
    from councilguard.rights.access import release

    request = make_prepared_request(w)
    _, token = release(request, actor=SETUP)
    return request, token


def make_erasure_request(w: World) -> RightsRequest:
    """An erasure request whose requester's identity is checked (nothing is erased before)."""
    from councilguard.rights.services import check_identity

    request = make_request(w, kind=RequestKind.ERASURE)
    check_identity(request, checked_on=request.received_on, method="Known", actor=SETUP)
    return request


def make_rectification_request(w: World) -> RightsRequest:
    return make_request(w, kind=RequestKind.RECTIFICATION)


def _reminder_sent(w: World, person) -> None:
    """A reminder the engine sent the person yesterday, as it records one."""
    from django.utils import timezone

    from councilguard.reminders.models import SentReminder

    sent_at = timezone.now() - timedelta(days=1)
    SentReminder.objects.create(
        council=w.council,
        email=person.primary_email,
        user=person.user,
        key="policies.ack:1:due_soon",
        title="Acknowledge the IT policy",
        url=f"/c/{w.council.slug}/",
        urgency="due_soon",
        digest=True,
        sent_on=timezone.localdate(sent_at),
        sent_at=sent_at,
    )
