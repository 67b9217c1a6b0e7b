"""Every list page and API list costs a fixed number of queries, whatever the number of rows:
measured with 2 rows and with 20, as the clerk and as a manager (who sees their own team), each
under the same written-out bound. A count that grows with the rows is an N+1."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from councilguard.cctv import testing as cctv
from councilguard.core.roles import Role
from councilguard.devices import testing as devices
from councilguard.monitoring import testing as monitoring
from councilguard.people.services import PersonData, create_person
from councilguard.socialmedia import testing as social
from councilguard.testing.vault import make_entry, make_incident
from councilguard.testing.world import SETUP, World

_n = itertools.count(1)


def _team_member(w: World):
    """A new staff member in the manager's team, so the manager's lists grow too."""
    i = next(_n)
    return create_person(
        w.council,
        PersonData(
            full_name=f"Team Member {i}",
            kind="staff",
            emails=[f"member.{i}@{w.council.slug}.example"],
            line_manager=w.people[Role.MANAGER],
            working_pattern="Mon-Fri 09:00-17:00",
        ),
        actor=SETUP,
    )


def _issued_to_member(w: World):
    device = devices.make_device(w)
    from councilguard.devices.services import issue_device

    issue_device(device, _team_member(w), actor=SETUP, condition="good")
    return device


def _loss(w: World):
    from councilguard.devices.services import LossData, report_loss

    report_loss(_issued_to_member(w), LossData(kind="lost", what_happened="Bus."), actor=SETUP)


def _request(w: World):
    from councilguard.devices.approvals import request_approval

    request_approval(
        _team_member(w),
        "website_link",
        summary="Link to the county",
        reason="Residents ask.",
        details={"url": "https://county.example.org/"},
        actor=SETUP,
    )


def _charge(w: World):
    from decimal import Decimal

    from councilguard.devices.charges import ChargeKind, add_charge

    add_charge(
        _team_member(w),
        kind=ChargeKind.REPAIR,
        amount=Decimal("40.00"),
        description="Cracked screen",
        source_reference="Invoice",
        actor=SETUP,
    )


def _own_device(w: World):
    from councilguard.devices.services import register_own_device

    register_own_device(_team_member(w), kind="phone", description="Pixel", actor=SETUP)


def _finding(w: World):
    monitoring.make_finding(w, _team_member(w))


def _identity(w: World):
    from councilguard.monitoring.services import add_identity

    i = next(_n)
    add_identity(
        w.council, "ip", f"10.1.{i // 250}.{i % 250}", _team_member(w),
        valid_from=monitoring.dt.datetime(2026, 1, 1, tzinfo=monitoring.dt.UTC), actor=SETUP,
    )  # fmt: skip


def _hold(w: World):
    from councilguard.monitoring.services import place_hold

    place_hold(_team_member(w), reason="A grievance.", actor=SETUP)


def _vault_entry(w: World):
    make_entry(w, name=f"System {next(_n)}")


def _policy(w: World):
    from councilguard.policies.services import create_policy

    i = next(_n)
    create_policy(w.council, title=f"Policy {i}", code=f"P{i}", actor=SETUP,
                  review_due=date(2030, 1, 1))  # fmt: skip


def _remote_worker(w: World):
    from councilguard.policies.services import add_remote_worker

    add_remote_worker(_team_member(w), where="At home", since=date(2026, 1, 5), actor=SETUP)


def _token(w: World):
    from councilguard.api.services import issue_token

    issue_token(w.council, name=f"token {next(_n)}", user=w.users[Role.CLERK], actor=SETUP)


def _provider_token(w: World):
    from councilguard.accounts.services import grant_role
    from councilguard.api.services import issue_provider_token

    user = grant_role(w.council, email=f"provider.{next(_n)}@fixit.example",
                      role=Role.IT_PROVIDER, actor=SETUP).user  # fmt: skip
    issue_provider_token(user, name="nightly", councils=[w.council], actor=SETUP)


def _catalogue(w: World):
    from councilguard.devices.approvals import set_catalogue_entry

    set_catalogue_entry(w.council, name=f"Program {next(_n)}", actor=SETUP)


def _member(w: World):
    from councilguard.accounts.services import grant_role

    grant_role(w.council, email=f"member.{next(_n)}@elsewhere.example", role=Role.STAFF,
               actor=SETUP)  # fmt: skip


def _screen_user(w: World):
    """A new screen user with an offer, a taken test and an assessment behind them."""
    from councilguard.dse import testing as dse

    person = _team_member(w)
    dse.make_taken_test(w, person)
    dse.make_offer(w, person)
    dse.make_assessment(w, person)


def _case(w: World):
    from councilguard.cases.testing import make_case

    make_case(w, "formal_investigation", person=_team_member(w))


@dataclass(frozen=True)
class ListPage:
    url_name: str
    add_row: Callable[[World], object]
    bound: int  # the most queries the page may take, rows or no rows
    roles: tuple[Role, ...] = (Role.CLERK,)
    api: bool = False

    @property
    def id(self) -> str:
        return self.url_name


def _protection_requests(w: World):
    """A team member's request (their manager decides) and a councillor's (the clerk does)."""
    from councilguard.privacy.services import ask_protection

    i = next(_n)
    councillor = create_person(
        w.council,
        PersonData(
            full_name=f"Councillor {i}", kind="councillor", emails=[f"cllr.{i}@example.org"]
        ),
        actor=SETUP,
    )
    for person in (_team_member(w), councillor):
        ask_protection(
            person,
            kind="number",
            value=f"01632 960 {i:03d}",
            extent="standing",
            reason="My union",
            actor=SETUP,
        )


def _own_protection_request(w: World):
    from councilguard.privacy.services import ask_protection

    ask_protection(
        w.people[Role.CLERK],
        kind="site",
        value=f"site{next(_n)}.example",
        extent="standing",
        reason="My doctor",
        actor=SETUP,
    )


def _always_protected(w: World):
    from councilguard.privacy.testing import make_always

    i = next(_n)
    make_always(w, f"0800 000 {i:04d}", f"Helpline {i}")


def _mail_contacts_and_addresses(w: World):
    from councilguard.mail.services import add_contact, add_personal_address

    i = next(_n)
    add_contact(w.council, f"supplier-{i}.example", "supplier", actor=SETUP)
    add_personal_address(w.council, _team_member(w), f"home.{i}@mail.example", actor=SETUP)


LISTS = [
    ListPage("people:person_list", _team_member, 15, (Role.CLERK, Role.MANAGER)),
    ListPage("accounts:access_list", _member, 20),
    ListPage("tokens:token_list", _token, 14),
    ListPage("tokens:token_list", _provider_token, 14),
    ListPage("audit:entry_list", _team_member, 13),
    ListPage("policies:policy_list", _policy, 13, (Role.CLERK, Role.MANAGER)),
    ListPage("policies:remote_workers", _remote_worker, 13),
    ListPage("vault:entry_list", _vault_entry, 18, (Role.CLERK, Role.MANAGER)),
    ListPage("devices:device_list", devices.make_device, 14),
    ListPage("devices:own_device_list", _own_device, 13),
    ListPage("devices:loss_list", _loss, 13),
    ListPage("devices:approval_list", _request, 14, (Role.CLERK, Role.MANAGER)),
    ListPage("devices:catalogue", _catalogue, 13, (Role.CLERK, Role.MANAGER)),
    ListPage("devices:scan_list", lambda w: devices.make_scan(w), 13),
    ListPage("devices:charge_list", _charge, 13),
    ListPage("devices:leaver_list", devices.make_leaver, 13),
    ListPage("incidents:incident_list", make_incident, 14),
    ListPage("dse:register", _screen_user, 16),
    ListPage("monitoring:finding_list", _finding, 20, (Role.CLERK, Role.MANAGER)),
    ListPage("monitoring:batch_list", monitoring.make_batch, 13),
    ListPage("monitoring:identity_list", _identity, 13),
    ListPage("monitoring:hold_list", _hold, 13),
    ListPage("monitoring:log_profile_list", monitoring.make_log_profile, 12),
    ListPage("privacy:request_list", _protection_requests, 13, (Role.CLERK, Role.MANAGER)),
    ListPage("privacy:mine", _own_protection_request, 19),
    ListPage("privacy:always_list", _always_protected, 12),
    ListPage("cases:case_list", _case, 17, (Role.CLERK, Role.MANAGER)),
    ListPage("cases:hold_list", _case, 16),
    ListPage("mail:setup", _mail_contacts_and_addresses, 15),
    ListPage("api:person-list", _team_member, 13, (Role.CLERK, Role.MANAGER), api=True),
    ListPage("api:vault-entry-list", _vault_entry, 16, (Role.CLERK, Role.MANAGER), api=True),
    ListPage("api:device-list", devices.make_device, 13, api=True),
    ListPage("api:incident-list", make_incident, 13, api=True),
    ListPage("api:monitoring-finding-list", _finding, 16, (Role.CLERK, Role.MANAGER), api=True),
    ListPage("api:monitoring-batch-list", monitoring.make_batch, 12, api=True),
]
# --- cctv ---
LISTS += [
    ListPage("cctv:camera_list", lambda w: cctv.make_camera(w), 14, (Role.CLERK, Role.MANAGER)),
    ListPage(
        "cctv:viewing_list", lambda w: cctv.make_viewing_request(w), 14, (Role.CLERK, Role.MANAGER)
    ),  # fmt: skip
    ListPage("cctv:disclosure_list", cctv.make_disclosure, 14),
    ListPage("api:cctv-camera-list", lambda w: cctv.make_camera(w), 13, api=True),
    ListPage("api:cctv-viewing-list", lambda w: cctv.make_viewing(w), 12, api=True),
    ListPage("api:cctv-disclosure-list", cctv.make_disclosure, 12, api=True),
]
# --- end cctv ---
# --- socialmedia: the overview lists reports, removals, enquiries, accounts and groups ---
LISTS += [
    ListPage("socialmedia:index", lambda w: _social_rows(w), 20),
    ListPage("api:social-account-list", lambda w: social.make_account(w), 13, api=True),
    ListPage("api:social-enquiry-list", lambda w: social.make_enquiry(w), 12, api=True),
    ListPage("api:social-report-list", lambda w: social.make_removal(w), 12, api=True),
    ListPage("api:dse-user-list", _screen_user, 14, api=True),
    ListPage("api:dse-eye-test-list", _screen_user, 12, api=True),
]
# --- issue 21: policies, approvals, CCTV viewing requests, charges, leavers through the API ---
LISTS += [
    ListPage("api:policy-list", _policy, 12, (Role.CLERK, Role.MANAGER), api=True),
    ListPage("api:approval-list", _request, 13, (Role.CLERK, Role.MANAGER), api=True),
    ListPage("api:cctv-viewing-request-list", lambda w: cctv.make_viewing_request(w), 12, api=True),
    ListPage("api:charge-list", _charge, 12, api=True),
    ListPage("api:leaver-list", devices.make_leaver, 13, api=True),
]
# --- end issue 21 ---


def _social_rows(w: World) -> None:
    social.make_enquiry(w)
    social.make_removal(w)
    social.make_report(w)
    social.make_account(w)
    social.make_group(w)


# --- end socialmedia ---


def _queries(page: ListPage, world: World, role: Role, assert_max) -> int:
    client = APIClient() if page.api else Client()
    client.force_login(world.users[role])
    url = reverse(page.url_name, kwargs={"council": world.council.slug})
    client.get(url)  # warm: the session's first use is not the page's cost
    with assert_max(page.bound) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(queries)


@pytest.mark.parametrize(
    ("page", "role"),
    [(page, role) for page in LISTS for role in page.roles],
    ids=lambda v: v.id if isinstance(v, ListPage) else v.value,
)
def test_a_list_costs_the_same_queries_for_2_rows_as_for_20(
    page, role, world, django_assert_max_num_queries
):
    for _ in range(2):
        page.add_row(world)
    few = _queries(page, world, role, django_assert_max_num_queries)
    for _ in range(18):
        page.add_row(world)
    many = _queries(page, world, role, django_assert_max_num_queries)
    assert many == few, f"{few} queries for 2 rows, {many} for 20: one per row"
