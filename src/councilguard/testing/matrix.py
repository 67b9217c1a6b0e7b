"""The permission matrix: every page and API endpoint, by URL and method, who may use it, how to
reach it, and how an allowed change proves it happened.

``test_permission_matrix`` (core/tests) requests each entry as: nobody signed in, every role of
the council, a member of every role who is not on the people list, and the clerk of another
council; and checks that every URL the project serves, with every method it accepts, is listed
here, so a new page (or a new method on a page) without an entry fails the suite.

The expectations are written out here, never read from ``core.roles`` (the code under test): a
wrong grant there must fail this matrix. To add an entry:

    Entry(
        "app:url_name",
        only(Role.CLERK, Role.DP_LEAD),   # who may, written out (EVERYONE for all roles)
        _council,                         # URL kwargs, or _pk(make_thing) for a page about one
        method="post",                    # one entry per method the URL accepts
        data=lambda w: {...},             # what the form or endpoint is sent
        audits=Event.THING_CHANGED,       # a change: the audit entry it must write, and/or
        redirect_to="app:thing_detail",   # the page an HTML change must send the user on to
        off_the_list=only(Role.CLERK),    # who may when not on the people list (if not the same)
        foreign_kwargs=_foreign(_thing),  # a page about one object: the other council's object
    )

``w.acting`` is the member making the request (``w.acting_person`` their person, ``None`` when
off the list), for data that must be the requester's own (their task, their consent).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model

from councilguard.api.models import ApiToken
from councilguard.api.services import issue_token
from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.devices.testing import (
    make_charge,
    make_device,
    make_issued_device,
    make_leaver,
    make_loss,
    make_scan,
    make_software_request,
)
from councilguard.monitoring import testing as monitoring
from councilguard.people.models import Person
from councilguard.phones.testing import (
    make_business_number,
    make_phone_finding,
    make_profile,
    make_reviewed_phone_finding,
    phone_bill_upload,
)
from councilguard.testing.policies import make_policy
from councilguard.testing.vault import entry_form, make_entry, make_incident
from councilguard.testing.world import SETUP, World

EVERYONE = frozenset(Role)


def only(*roles: Role) -> frozenset[Role]:
    """The roles allowed, written out."""
    return frozenset(roles)


@dataclass(frozen=True)
class Entry:
    url_name: str
    allowed: frozenset[Role]
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    method: str = "get"
    data: Callable[[World], dict] = field(default=lambda w: {})
    api: bool = False
    council_scoped: bool = True
    # For pages about one object: kwargs pointing at an object of *another* council, reached
    # through this council's URL; must be 404 even for the clerk.
    foreign_kwargs: Callable[[World, World], dict] | None = None
    # A page that answers by sending the user on (to their council) rather than with a page.
    redirects: bool = False
    # A page for machines that needs no sign-in and says nothing about any council (/healthz):
    # everyone, signed in or not, gets the same answer.
    public: bool = False
    # An allowed change proves it happened: the audit entry it writes to the council's chain,
    # and (HTML) the page it sends the user on to. A form shown again is not proof.
    audits: str | None = None
    redirect_to: str | None = None
    # An HTML change whose answer is a page rather than a redirect (a secret revealed, raw
    # events opened); its audit entry is the proof.
    answers_with_page: bool = False
    # Who may when they hold the role but are not on the people list (people.access); None:
    # the same as ``allowed``. Actions on one's own things refuse such a member.
    off_the_list: frozenset[Role] | None = None

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}"

    @property
    def writes(self) -> bool:
        return self.method != "get"

    def allowed_for(self, role: Role, *, on_the_list: bool = True) -> bool:
        if on_the_list or self.off_the_list is None:
            return role in self.allowed
        return role in self.off_the_list


def _council(w: World) -> dict:
    return {"council": w.council.slug}


def _pk(make: Callable[[World], Model]) -> Callable[[World], dict]:
    """Kwargs of a page about one object, which ``make`` sets up in the world's council."""
    return lambda w: {**_council(w), "pk": make(w).pk}


def _foreign(kwargs: Callable[[World], dict]) -> Callable[[World, World], dict]:
    """The same page, about the other council's object, through this council's URL."""
    return lambda w, other: {**kwargs(other), "council": w.council.slug}


def _matrix_token(w: World) -> ApiToken:
    token, _ = issue_token(w.council, name="matrix", user=w.users[Role.IT_PROVIDER], actor=SETUP)
    return token


_person = _pk(lambda w: w.people[Role.STAFF])
_membership = _pk(lambda w: w.users[Role.STAFF].memberships.get())
_token = _pk(_matrix_token)
_policy = _pk(lambda w: make_policy(w).policy)
_in_force = _pk(lambda w: make_policy(w).in_force)
_draft = _pk(lambda w: make_policy(w).draft)
_clause = _pk(lambda w: make_policy(w).clause)
_rule = _pk(lambda w: make_policy(w).rule)
_vault_entry = _pk(make_entry)
_device = _pk(make_device)


def _edited_device(w: World):
    """One device, the same for the URL and the form sent to it."""
    if not hasattr(w, "edited_device"):
        w.edited_device = make_device(w)
    return w.edited_device


_issued_device = _pk(make_issued_device)
_loss = _pk(make_loss)
_approval = _pk(make_software_request)
_scan = _pk(make_scan)
_charge = _pk(make_charge)
_leaver = _pk(make_leaver)
_incident = _pk(make_incident)
_phone_finding = _pk(make_phone_finding)
_reviewed_phone_finding = _pk(make_reviewed_phone_finding)
_phone_profile = _pk(make_profile)
_business_number = _pk(make_business_number)
# The default thresholds as the settings form posts them.
PHONE_SETTINGS = {
    "ratio": "3.5", "spread_multiple": "5.0", "spread_floor_percent": 10, "peer_ratio": "4.0",
    "history_months": 6, "min_history": 3, "min_peers": 4,
    "floor_calls": 30, "floor_minutes": 90, "floor_texts": 40, "floor_data_mb": 512,
    "floor_cost_pence": 500, "international_min_minutes": 5, "long_call_minutes": 20,
    "long_calls_out_of_hours": 2, "bundle_data_gb": 10,
}  # fmt: skip
# --- rights ---
from councilguard.rights import testing as rights  # noqa: E402

_rights_request = _pk(rights.make_request)
_paused_rights_request = _pk(rights.make_paused_request)
_checked_request = _pk(rights.make_checked_request)
_prepared_request = _pk(rights.make_prepared_request)
_erasure_request = _pk(rights.make_erasure_request)
_rectification_request = _pk(rights.make_rectification_request)


def _withheld_item(w: World) -> dict:
    item = rights.make_withheld_item(w)
    return {**_council(w), "pk": item.request_id, "item": item.pk}


def _released_request(w: World) -> dict:
    request, token = rights.make_released_request(w)
    return {**_council(w), "pk": request.pk, "token": token}


def _today() -> str:
    from datetime import date

    return date.today().isoformat()


# --- end rights ---
# --- monitoring ---
# Findings are about the staff member, who reports to the matrix's manager.
_finding = _pk(lambda w: monitoring.make_finding(w))
_batch = _pk(monitoring.make_batch)
_category = _pk(monitoring.make_category_meaning)
_domain = _pk(monitoring.make_domain_rule)
_identity = _pk(monitoring.make_identity)
_hold = _pk(monitoring.make_hold)


def _mdm_upload(serial: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = f"SerialNumber,CompliantState\n{serial},Compliant\n".encode()
    return SimpleUploadedFile("intune.csv", content, content_type="text/csv")


def _squid_upload(w: World):
    """One line of a Squid log, for a proxy source set up in full."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    monitoring.make_source(w, "proxy")
    line = (
        b"1772445600.000 120 10.0.0.1 TCP_MISS/200 1520 GET http://example.org/ - HIER_NONE/- -\n"
    )
    return SimpleUploadedFile("access.log", line)


def _inventory_upload(w: World):
    """An osquery programs table for a fresh device of ``w``, named by its serial."""
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    serial = make_device(w).serial
    rows = [{"name": "Firefox", "version": "128.0", "hardware_serial": serial}]
    return SimpleUploadedFile("programs.json", json.dumps(rows).encode())


def _pack(w: World):
    from councilguard.reports.testing import make_pack

    return make_pack(w)


# --- the acting member's own things (w.acting is set by the test before data is made) ---
# Members off the people list have nothing of their own: only those who run the register act
# on anyone's (their data is then the staff member's).
NOBODY = only()


def _mine(w: World) -> Person:
    return w.acting_person or w.people[Role.STAFF]


def _own_task(w: World) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from councilguard.devices.models import Task

    now = timezone.now()
    task = Task.objects.create(
        council=w.council, person=_mine(w), title="Fit a case", created_at=now,
        due_at=now + timedelta(days=7),
    )  # fmt: skip
    return {"item": task.pk}


def _own_assignment(w: World) -> dict:
    from councilguard.devices.services import issue_device

    device = make_device(w)
    return {"item": issue_device(device, _mine(w), actor=SETUP, condition="good").pk}


def _own_loss(w: World) -> dict:
    from councilguard.devices.services import LossData, issue_device, report_loss

    device = make_device(w)
    issue_device(device, _mine(w), actor=SETUP, condition="good")
    loss = report_loss(device, LossData(kind="lost", what_happened="On the bus."), actor=SETUP)
    return {"loss": loss.pk, "police_reference": "CAD 1234"}


def _own_loss_report(w: World) -> dict:
    from councilguard.devices.services import issue_device

    device = make_device(w)
    issue_device(device, _mine(w), actor=SETUP, condition="good")
    return {"device": device.pk, "kind": "lost", "what_happened": "Left on the bus."}


def _own_attestation(w: World) -> dict:
    from councilguard.devices.services import register_own_device

    own = register_own_device(_mine(w), kind="phone", description="My own phone", actor=SETUP)
    answers = ("encrypted", "passcode", "wipe_after_failures", "remote_wipe", "security_intact")
    return {"own_device": own.pk, "lock_after_minutes": 2, **dict.fromkeys(answers, "yes")}


def _own_request(w: World) -> dict:
    from councilguard.devices.approvals import request_approval

    item = request_approval(
        _mine(w), "website_link", summary="Link to the county", reason="Residents ask.",
        details={"url": "https://county.example.org/"}, actor=SETUP,
    )  # fmt: skip
    return {"item": item.pk}


def _recording(w: World, attendee: Person):
    from datetime import date

    from councilguard.devices.approvals import request_approval

    return request_approval(
        w.people[Role.CLERK], "recording", summary="Record the hearing", reason="A true note.",
        details={"meeting": "Staffing", "meeting_on": date(2026, 4, 1)},
        attendees=[attendee, "Mrs J. Resident"], actor=SETUP,
    )  # fmt: skip


def _own_consent(w: World) -> dict:
    consent = _recording(w, _mine(w)).consents.get(person=_mine(w))
    return {"consent": consent.pk, "agreed": "yes"}


def _outsiders_consent(w: World) -> dict:
    """The pending answer of the recording request ``_recording_request`` made, for the
    clerk to record (made by the kwargs, which run first)."""
    from councilguard.devices.models import RecordingConsent

    consent = (
        RecordingConsent.objects.filter(council=w.council, person__isnull=True)
        .order_by("pk")
        .last()
    )
    return {"consent": consent.pk if consent else 0, "agreed": "yes"}


def _own_device(w: World) -> dict:
    from councilguard.devices.services import register_own_device

    own = register_own_device(_mine(w), kind="phone", description="Pixel", actor=SETUP)
    return {"item": own.pk}


def _own_number(w: World) -> dict:
    from councilguard.phones.services import add_personal_number

    number = add_personal_number(_mine(w), "07700 900777", "Home", actor=SETUP)
    return {"item": number.pk}


def _own_finding(w: World) -> dict:
    finding = monitoring.make_finding(w, _mine(w))
    return {"finding": finding.pk, "explanation": "I was checking a complaint."}


def _revoked_person(w: World) -> Person:
    from councilguard.vault.services import revoke_access_of

    person = w.people[Role.STAFF]
    revoke_access_of(person, actor=SETUP)
    return person


def _leaver_with_account(w: World):
    from councilguard.accounts.services import grant_role

    checklist = make_leaver(w)
    grant_role(w.council, email=checklist.person.primary_email, role=Role.STAFF, actor=SETUP)
    return checklist


def _open_leaver_item(w: World) -> dict:
    from councilguard.devices.models import LeaverChecklist

    checklist = LeaverChecklist.objects.filter(council=w.council).order_by("pk").last()
    item = checklist.items.filter(done_at__isnull=True).first() if checklist else None
    return {"item": item.pk if item else 0, "note": "Collected at the office."}


def _policy_without_draft(w: World):
    from councilguard.policies.services import discard_draft

    setup = make_policy(w)
    discard_draft(setup.draft, actor=SETUP)
    return setup.policy


def _approved_draft(w: World):
    from datetime import date

    from councilguard.policies.services import approve_version

    draft = make_policy(w).draft
    approve_version(draft, actor=SETUP, approving_body="full_council",
                    approved_on=date(2026, 2, 1), minute_reference="C.2")  # fmt: skip
    return draft


PAGES = [
    Entry("core:home", EVERYONE, _council),
    Entry(
        "people:person_list",
        only(Role.CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    Entry(
        "people:person_export",
        only(Role.CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    # Managers see their own team; the staff member reports to the matrix's manager.
    Entry(
        "people:person_detail",
        only(Role.CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
        _person,
        foreign_kwargs=_foreign(_person),
        off_the_list=only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
    ),
    Entry("people:person_create", only(Role.CLERK), _council),
    Entry(
        "people:person_create",
        only(Role.CLERK),
        _council,
        method="post",
        data=lambda w: {
            "full_name": "New Person",
            "kind": "staff",
            "emails": "new.person@example.org",
        },
        audits=Event.PERSON_CREATED,
        redirect_to="people:person_detail",
    ),
    Entry("people:person_edit", only(Role.CLERK), _person, foreign_kwargs=_foreign(_person)),
    Entry(
        "people:person_edit",
        only(Role.CLERK),
        _person,
        method="post",
        data=lambda w: _person_form(w.people[Role.STAFF], job_title="Caretaker"),
        foreign_kwargs=_foreign(_person),
        audits=Event.PERSON_UPDATED,
        redirect_to="people:person_detail",
    ),
    Entry("people:person_import", only(Role.CLERK), _council),
    Entry(
        "people:person_import",
        only(Role.CLERK),
        _council,
        method="post",
        data=lambda w: {"file": _csv_upload()},
        audits=Event.PEOPLE_IMPORTED,
        redirect_to="people:person_list",
    ),
    Entry("accounts:access_list", only(Role.CLERK), _council),
    Entry(
        "accounts:access_list",
        only(Role.CLERK),
        _council,
        method="post",
        data=lambda w: {
            "email": "new.member@example.org",
            "full_name": "New Member",
            "role": "staff",
        },
        audits=Event.MEMBERSHIP_GRANTED,
        redirect_to="accounts:access_list",
    ),
    Entry(
        "accounts:access_change",
        only(Role.CLERK),
        _membership,
        method="post",
        data=lambda w: {f"m{w.users[Role.STAFF].memberships.get().pk}-role": "councillor"},
        foreign_kwargs=_foreign(_membership),
        audits=Event.MEMBERSHIP_CHANGED,
        redirect_to="accounts:access_list",
    ),
    Entry(
        "accounts:access_remove",
        only(Role.CLERK),
        _membership,
        method="post",
        foreign_kwargs=_foreign(_membership),
        audits=Event.MEMBERSHIP_REVOKED,
        redirect_to="accounts:access_list",
    ),
    Entry("tokens:token_list", only(Role.CLERK), _council),
    Entry(
        "tokens:token_list",
        only(Role.CLERK),
        _council,
        method="post",
        data=lambda w: {"user": w.users[Role.IT_PROVIDER].pk, "name": "Nightly backup"},
        audits=Event.API_TOKEN_ISSUED,
        answers_with_page=True,  # the new token is shown once, on the list
    ),
    Entry(
        "tokens:token_revoke",
        only(Role.CLERK),
        _token,
        method="post",
        foreign_kwargs=_foreign(_token),
        audits=Event.API_TOKEN_REVOKED,
        redirect_to="tokens:token_list",
    ),
    Entry("audit:entry_list", only(Role.CLERK, Role.DP_LEAD), _council),
    # Not council pages: any signed-in user.
    # --- policies ---
    Entry("policies:policy_list", EVERYONE, _council),
    Entry("policies:policy_create", only(Role.CLERK), _council),
    Entry(
        "policies:policy_create",
        only(Role.CLERK),
        _council,
        method="post",
        data=lambda w: {"title": "Social Media", "code": "S"},
        audits=Event.POLICY_CREATED,
        redirect_to="policies:policy_detail",
    ),
    Entry("policies:policy_import", only(Role.CLERK), _council),
    # The second step: the clause text, checked and corrected, saved as a draft (the first,
    # the file, only shows the clauses it makes).
    Entry(
        "policies:policy_import",
        only(Role.CLERK),
        _council,
        method="post",
        data=lambda w: {
            "code": "S",
            "label": "1.0",
            "material_change": "on",
            "title": "Social Media",
            "markdown": _POLICY_MARKDOWN,
        },
        audits=Event.VERSION_DRAFTED,
        redirect_to="policies:version_detail",
    ),
    Entry(
        "policies:policy_detail",
        EVERYONE,
        _policy,
        foreign_kwargs=_foreign(_policy),
    ),
    Entry(
        "policies:policy_edit",
        only(Role.CLERK),
        _policy,
        foreign_kwargs=_foreign(_policy),
    ),
    Entry(
        "policies:policy_edit",
        only(Role.CLERK),
        _policy,
        method="post",
        data=lambda w: {"oversight_committee": "Staffing Committee", "review_due": "2031-01-01"},
        foreign_kwargs=_foreign(_policy),
        audits=Event.POLICY_UPDATED,
        redirect_to="policies:policy_detail",
    ),
    Entry(
        "policies:review_create",
        only(Role.CLERK),
        _policy,
        foreign_kwargs=_foreign(_policy),
    ),
    Entry(
        "policies:review_create",
        only(Role.CLERK),
        _policy,
        method="post",
        data=lambda w: {
            "reviewed_on": _today(),
            "review_type": "Annual review",
            "actions": "No changes needed.",
            "completed_by": "The clerk",
        },
        foreign_kwargs=_foreign(_policy),
        audits=Event.POLICY_REVIEWED,
        redirect_to="policies:policy_detail",
    ),
    Entry(
        "policies:version_new",
        only(Role.CLERK),
        _pk(_policy_without_draft),
        method="post",
        data=lambda w: {"label": "2.0"},
        foreign_kwargs=_foreign(_policy),
        audits=Event.VERSION_DRAFTED,
        redirect_to="policies:version_detail",
    ),
    Entry(
        "policies:version_detail",
        EVERYONE,
        _in_force,
        foreign_kwargs=_foreign(_in_force),
    ),
    Entry(
        "policies:version_clauses",
        only(Role.CLERK),
        _draft,
        foreign_kwargs=_foreign(_draft),
    ),
    Entry(
        "policies:version_clauses",
        only(Role.CLERK),
        _draft,
        method="post",
        data=lambda w: {"markdown": _POLICY_MARKDOWN},
        foreign_kwargs=_foreign(_draft),
        audits=Event.VERSION_UPDATED,
        redirect_to="policies:version_detail",
    ),
    Entry(
        "policies:version_settings",
        only(Role.CLERK),
        _draft,
        method="post",
        data=lambda w: {"reminder_every_days": 3},
        foreign_kwargs=_foreign(_draft),
        audits=Event.VERSION_UPDATED,
        redirect_to="policies:version_detail",
    ),
    Entry(
        "policies:version_approve",
        only(Role.CLERK, Role.COMMITTEE),
        _draft,
        method="post",
        data=lambda w: {"approving_body": "full_council", "approved_on": "2026-02-01"},
        foreign_kwargs=_foreign(_draft),
        audits=Event.VERSION_APPROVED,
        redirect_to="policies:version_detail",
    ),
    Entry(
        "policies:version_publish",
        only(Role.CLERK),
        _pk(_approved_draft),
        method="post",
        foreign_kwargs=_foreign(_draft),
        audits=Event.VERSION_PUBLISHED,
        redirect_to="policies:version_detail",
    ),
    Entry(
        "policies:version_discard",
        only(Role.CLERK),
        _draft,
        method="post",
        foreign_kwargs=_foreign(_draft),
        audits=Event.VERSION_DISCARDED,
        redirect_to="policies:policy_detail",
    ),
    Entry(
        "policies:acknowledgements",
        only(Role.CLERK, Role.DP_LEAD, Role.COMMITTEE),
        _in_force,
        foreign_kwargs=_foreign(_in_force),
    ),
    # A paper acknowledgement recorded for someone: only those who manage policies.
    Entry(
        "policies:acknowledgements",
        only(Role.CLERK),
        _in_force,
        method="post",
        data=lambda w: {"person": w.people[Role.STAFF].pk},
        foreign_kwargs=_foreign(_in_force),
        audits=Event.POLICY_ACKNOWLEDGED,
        redirect_to="policies:acknowledgements",
    ),
    Entry(
        "policies:my_acknowledge",
        EVERYONE,
        _in_force,
        method="post",
        data=lambda w: {"confirm": "yes"},
        foreign_kwargs=_foreign(_in_force),
        audits=Event.POLICY_ACKNOWLEDGED,
        redirect_to="policies:my_page",
        off_the_list=NOBODY,
    ),
    Entry(
        "policies:my_accept_remote_rules",
        EVERYONE,
        _in_force,
        method="post",
        foreign_kwargs=_foreign(_in_force),
        audits=Event.REMOTE_RULES_ACCEPTED,
        redirect_to="policies:my_page",
        off_the_list=NOBODY,
    ),
    Entry(
        "policies:clause_detail",
        EVERYONE,
        _clause,
        foreign_kwargs=_foreign(_clause),
    ),
    Entry(
        "policies:rule_list",
        only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD, Role.COMMITTEE),
        _council,
    ),
    Entry("policies:rule_create", only(Role.CLERK, Role.DP_LEAD), _council),
    Entry(
        "policies:rule_create",
        only(Role.CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: _rule_form(w, name="Screens locked quickly"),
        audits=Event.RULE_CREATED,
        redirect_to="policies:rule_list",
    ),
    Entry(
        "policies:rule_edit", only(Role.CLERK, Role.DP_LEAD), _rule, foreign_kwargs=_foreign(_rule)
    ),
    Entry(
        "policies:rule_edit",
        only(Role.CLERK, Role.DP_LEAD),
        _rule,
        method="post",
        data=lambda w: _rule_form(w, name="Screens locked (renamed)"),
        foreign_kwargs=_foreign(_rule),
        audits=Event.RULE_UPDATED,
        redirect_to="policies:rule_list",
    ),
    Entry("policies:my_page", EVERYONE, _council),
    # --- vault ---
    Entry("vault:entry_list", EVERYONE, _council),
    Entry("vault:generate", EVERYONE, _council),
    Entry(
        "vault:entry_create",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        off_the_list=only(Role.CLERK),
    ),
    Entry(
        "vault:entry_create",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {**entry_form(w), "secret": "otter satchel glacier"},
        audits=Event.VAULT_ENTRY_CREATED,
        redirect_to="vault:entry_detail",
        off_the_list=only(Role.CLERK),
    ),
    # Every role may use the matrix's entry (it names them all), so the role gate decides; an
    # entry one may not use is 404 plus an incident, tested in vault/tests.
    Entry(
        "vault:entry_detail",
        EVERYONE,
        _vault_entry,
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "vault:entry_edit",
        only(Role.CLERK, Role.IT_PROVIDER),
        _vault_entry,
        foreign_kwargs=_foreign(_vault_entry),
        off_the_list=only(Role.CLERK),
    ),
    Entry(
        "vault:entry_edit",
        only(Role.CLERK, Role.IT_PROVIDER),
        _vault_entry,
        method="post",
        data=entry_form,
        foreign_kwargs=_foreign(_vault_entry),
        audits=Event.VAULT_ENTRY_UPDATED,
        redirect_to="vault:entry_detail",
        off_the_list=only(Role.CLERK),
    ),
    Entry(
        "vault:entry_reveal",
        EVERYONE,
        _vault_entry,
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "vault:entry_reveal",
        EVERYONE,
        _vault_entry,
        method="post",
        data=lambda w: {"reason": "matrix"},
        foreign_kwargs=_foreign(_vault_entry),
        audits=Event.VAULT_SECRET_REVEALED,
        answers_with_page=True,
    ),
    Entry(
        "vault:entry_rotate",
        only(Role.CLERK, Role.IT_PROVIDER),
        _vault_entry,
        foreign_kwargs=_foreign(_vault_entry),
        off_the_list=only(Role.CLERK),
    ),
    Entry(
        "vault:entry_rotate",
        only(Role.CLERK, Role.IT_PROVIDER),
        _vault_entry,
        method="post",
        data=lambda w: {"secret": "marble puffin orchard"},
        foreign_kwargs=_foreign(_vault_entry),
        audits=Event.VAULT_SECRET_ROTATED,
        redirect_to="vault:entry_detail",
        off_the_list=only(Role.CLERK),
    ),
    Entry(
        "vault:entry_change_now",
        EVERYONE,
        _vault_entry,
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "vault:entry_change_now",
        EVERYONE,
        _vault_entry,
        method="post",
        data=lambda w: {"note": "seen on a sticky note"},
        foreign_kwargs=_foreign(_vault_entry),
        audits=Event.VAULT_ROTATION_REQUESTED,
        redirect_to="vault:entry_detail",
    ),
    Entry(
        "vault:entry_retire",
        only(Role.CLERK, Role.IT_PROVIDER),
        _vault_entry,
        method="post",
        foreign_kwargs=_foreign(_vault_entry),
        audits=Event.VAULT_ENTRY_RETIRED,
        redirect_to="vault:entry_list",
        off_the_list=only(Role.CLERK),
    ),
    Entry("vault:leaver_list", only(Role.CLERK), _council),
    Entry("vault:person_access", only(Role.CLERK), _person, foreign_kwargs=_foreign(_person)),
    Entry(
        "vault:person_access",
        only(Role.CLERK),
        _person,
        method="post",
        foreign_kwargs=_foreign(_person),
        audits=Event.VAULT_ACCESS_REVOKED,
        redirect_to="vault:person_access",
    ),
    Entry(
        "vault:person_restore",
        only(Role.CLERK),
        _pk(_revoked_person),
        method="post",
        foreign_kwargs=_foreign(_person),
        audits=Event.VAULT_ACCESS_RESTORED,
        redirect_to="vault:person_access",
    ),
    # --- devices ---
    Entry("devices:device_list", only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD), _council),
    Entry("devices:device_export", only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD), _council),
    Entry(
        "devices:device_detail",
        only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _device,
        foreign_kwargs=_foreign(_device),
    ),
    Entry("devices:device_create", only(Role.CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "devices:device_create",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {
            "kind": "laptop",
            "make": "Lenovo",
            "model": "ThinkPad E14",
            "serial": "PF3NEW01",
            "condition": "good",
            "status": "in_stock",
        },
        audits=Event.DEVICE_CREATED,
        redirect_to="devices:device_detail",
    ),
    Entry(
        "devices:device_edit",
        only(Role.CLERK, Role.IT_PROVIDER),
        _device,
        foreign_kwargs=_foreign(_device),
    ),
    Entry(
        "devices:device_edit",
        only(Role.CLERK, Role.IT_PROVIDER),
        _pk(_edited_device),
        method="post",
        data=lambda w: _device_form(w),
        foreign_kwargs=_foreign(_device),
        audits=Event.DEVICE_UPDATED,
        redirect_to="devices:device_detail",
    ),
    Entry(
        "devices:device_issue",
        only(Role.CLERK, Role.IT_PROVIDER),
        _device,
        foreign_kwargs=_foreign(_device),
    ),
    Entry(
        "devices:device_issue",
        only(Role.CLERK, Role.IT_PROVIDER),
        _device,
        method="post",
        data=lambda w: {"person": w.people[Role.STAFF].pk, "condition": "good"},
        foreign_kwargs=_foreign(_device),
        audits=Event.DEVICE_ISSUED,
        redirect_to="devices:device_detail",
    ),
    Entry(
        "devices:device_return",
        only(Role.CLERK, Role.IT_PROVIDER),
        _issued_device,
        foreign_kwargs=_foreign(_issued_device),
    ),
    Entry(
        "devices:device_return",
        only(Role.CLERK, Role.IT_PROVIDER),
        _issued_device,
        method="post",
        data=lambda w: {"condition": "good", "status": "in_stock"},
        foreign_kwargs=_foreign(_issued_device),
        audits=Event.DEVICE_RETURNED,
        redirect_to="devices:device_detail",
    ),
    Entry("devices:device_import", only(Role.CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "devices:device_import",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {"file": _device_csv_upload()},
        audits=Event.DEVICES_IMPORTED,
        redirect_to="devices:device_list",
    ),
    Entry("devices:posture_import", only(Role.CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "devices:posture_import",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {"file": _mdm_upload(make_device(w).serial)},
        audits=Event.POSTURE_IMPORTED,
        answers_with_page=True,  # the import's report, on the same page
    ),
    Entry("devices:settings", only(Role.CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "devices:settings",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {
            "max_lock_minutes": 3,
            "stale_after_days": 30,
            "patch_max_age_days": 90,
            "grace_days": 7,
            "insurance_excess": "50.00",
        },
        audits=Event.DEVICE_SETTINGS_CHANGED,
        redirect_to="devices:device_list",
    ),
    Entry("devices:own_device_list", only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD), _council),
    Entry("devices:loss_list", only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD), _council),
    Entry(
        "devices:loss_detail",
        only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _loss,
        foreign_kwargs=_foreign(_loss),
    ),
    Entry(
        "devices:loss_decide",
        only(Role.CLERK),
        _loss,
        method="post",
        data=lambda w: {"decision": "excess_only"},
        foreign_kwargs=_foreign(_loss),
        audits=Event.DEVICE_LOSS_DECIDED,
        redirect_to="devices:loss_detail",
    ),
    # A person's own pages: each form offers only the person's own things, so a choice that is
    # not theirs is refused by the form, not by a 404.
    Entry("devices:mine", EVERYONE, _council),
    Entry(
        "devices:accept_terms",
        EVERYONE,
        _council,
        method="post",
        data=_own_assignment,
        audits=Event.DEVICE_TERMS_ACCEPTED,
        redirect_to="devices:mine",
        off_the_list=NOBODY,
    ),
    Entry(
        "devices:own_device_create",
        EVERYONE,
        _council,
        off_the_list=NOBODY,
    ),
    Entry(
        "devices:own_device_create",
        EVERYONE,
        _council,
        method="post",
        data=lambda w: {"kind": "phone", "description": "My own phone", "accept": "on"},
        off_the_list=NOBODY,
        audits=Event.OWN_DEVICE_REGISTERED,
        redirect_to="devices:own_device_attest",
    ),
    Entry(
        "devices:own_device_attest",
        EVERYONE,
        _council,
        off_the_list=NOBODY,
    ),
    Entry(
        "devices:own_device_attest",
        EVERYONE,
        _council,
        method="post",
        data=lambda w: _own_attestation(w),
        off_the_list=NOBODY,
        audits=Event.POSTURE_ATTESTED,
        redirect_to="devices:mine",
    ),
    # Those who run the register close anyone's task, on the people list or not.
    Entry(
        "devices:task_done",
        EVERYONE,
        _council,
        method="post",
        data=_own_task,
        audits=Event.DEVICE_TASK_DONE,
        redirect_to="devices:mine",
        off_the_list=only(Role.CLERK, Role.IT_PROVIDER),
    ),
    Entry(
        "devices:loss_report",
        EVERYONE,
        _council,
        off_the_list=only(Role.CLERK, Role.IT_PROVIDER),
    ),
    # One's own issued device; off the list, those who run the register report the staff
    # member's.
    Entry(
        "devices:loss_report",
        EVERYONE,
        _council,
        method="post",
        data=lambda w: _own_loss_report(w),
        off_the_list=only(Role.CLERK, Role.IT_PROVIDER),
        audits=Event.DEVICE_LOSS_REPORTED,
        redirect_to="devices:mine",
    ),
    Entry(
        "devices:loss_police",
        EVERYONE,
        _council,
        method="post",
        data=_own_loss,
        audits=Event.DEVICE_LOSS_POLICE_NUMBER,
        redirect_to="devices:mine",
        off_the_list=only(Role.CLERK, Role.IT_PROVIDER),
    ),
    # Approvals (C9): the detail pages are for those who decide or oversee; a person follows
    # their own requests on "my requests".
    Entry(
        "devices:approval_list",
        only(Role.CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    Entry("devices:approval_start", EVERYONE, _council),
    Entry(
        "devices:approval_create",
        EVERYONE,
        lambda w: {**_council(w), "kind": "software"},
        off_the_list=NOBODY,
    ),
    Entry(
        "devices:approval_create",
        EVERYONE,
        lambda w: {**_council(w), "kind": "website_link"},
        method="post",
        data=lambda w: {
            "summary": "Link to the county",
            "reason": "Residents ask for it.",
            "url": "https://county.example.org/",
        },
        audits=Event.APPROVAL_REQUESTED,
        redirect_to="devices:my_approvals",
        off_the_list=NOBODY,
    ),
    Entry(
        "devices:approval_detail",
        only(Role.CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
        _approval,
        foreign_kwargs=_foreign(_approval),
    ),
    Entry(
        "devices:approval_decide",
        only(Role.CLERK, Role.MANAGER, Role.IT_PROVIDER),
        _approval,
        method="post",
        data=lambda w: {"decision": "refuse", "note": "Not needed."},
        foreign_kwargs=_foreign(_approval),
        audits=Event.APPROVAL_DECISION,
        redirect_to="devices:approval_detail",
    ),
    Entry(
        "devices:approval_virus",
        only(Role.CLERK, Role.IT_PROVIDER),
        _approval,
        method="post",
        data=lambda w: {"sha256": "a" * 64, "scanner": "ClamAV", "result": "clean"},
        foreign_kwargs=_foreign(_approval),
        audits=Event.APPROVAL_VIRUS_CHECKED,
        redirect_to="devices:approval_detail",
    ),
    Entry(
        "devices:approval_consent",
        only(Role.CLERK, Role.MANAGER, Role.IT_PROVIDER),
        _pk(lambda w: _recording(w, w.people[Role.STAFF])),
        method="post",
        data=_outsiders_consent,
        foreign_kwargs=_foreign(_approval),
        audits=Event.APPROVAL_CONSENT,
        redirect_to="devices:approval_detail",
    ),
    Entry("devices:cctv_aims", only(Role.CLERK), _council),
    Entry(
        "devices:cctv_aims",
        only(Role.CLERK),
        _council,
        method="post",
        data=lambda w: {"text": "Deterring vandalism of the pavilion"},
        audits=Event.CCTV_AIM_CHANGED,
        redirect_to="devices:cctv_aims",
    ),
    Entry("devices:my_approvals", EVERYONE, _council),
    Entry(
        "devices:approval_withdraw",
        EVERYONE,
        _council,
        method="post",
        data=_own_request,
        audits=Event.APPROVAL_WITHDRAWN,
        redirect_to="devices:my_approvals",
        off_the_list=NOBODY,
    ),
    # Off the list, a member must not answer for outside attendees (their person is empty).
    Entry(
        "devices:my_consent",
        EVERYONE,
        _council,
        method="post",
        data=_own_consent,
        audits=Event.APPROVAL_CONSENT,
        redirect_to="devices:my_approvals",
        off_the_list=NOBODY,
    ),
    # Software (C9 catalogue, C10 scans).
    Entry("devices:catalogue", EVERYONE, _council),
    Entry("devices:catalogue_add", only(Role.CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "devices:catalogue_add",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {"name": "LibreOffice", "publisher": "The Document Foundation"},
        audits=Event.CATALOGUE_CHANGED,
        redirect_to="devices:catalogue",
    ),
    Entry("devices:scan_list", only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD), _council),
    Entry("devices:scan_import", only(Role.CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "devices:scan_import",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {"file": _inventory_upload(w)},
        audits=Event.SOFTWARE_IMPORTED,
        redirect_to="devices:scan_detail",
    ),
    Entry(
        "devices:scan_detail",
        only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _scan,
        foreign_kwargs=_foreign(_scan),
    ),
    # Charges (C8).
    Entry("devices:charge_list", only(Role.CLERK), _council),
    Entry("devices:charge_add", only(Role.CLERK), _council),
    Entry(
        "devices:charge_add",
        only(Role.CLERK),
        _council,
        method="post",
        data=lambda w: {
            "person": w.people[Role.STAFF].pk,
            "kind": "repair",
            "amount": "45.00",
            "description": "Cracked screen",
            "source_reference": "Repair invoice 4411",
        },
        audits=Event.CHARGE_ADDED,
        redirect_to="devices:statement",
    ),
    Entry(
        "devices:charge_change",
        only(Role.CLERK),
        _charge,
        method="post",
        data=lambda w: {"amount": "35.00", "status": "agreed"},
        foreign_kwargs=_foreign(_charge),
        audits=Event.CHARGE_CHANGED,
        redirect_to="devices:statement",
    ),
    Entry("devices:statement", only(Role.CLERK), _person, foreign_kwargs=_foreign(_person)),
    Entry(
        "devices:statement_export",
        only(Role.CLERK),
        _person,
        foreign_kwargs=_foreign(_person),
    ),
    Entry("devices:my_statement", EVERYONE, _council),
    # Leavers (C24).
    Entry("devices:leaver_list", only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD), _council),
    Entry("devices:leaver_start", only(Role.CLERK), _council),
    Entry(
        "devices:leaver_start",
        only(Role.CLERK),
        _council,
        method="post",
        data=lambda w: {"person": w.people[Role.STAFF].pk, "leave_date": _today()},
        audits=Event.LEAVER_STARTED,
        redirect_to="devices:leaver_detail",
    ),
    Entry(
        "devices:leaver_detail",
        only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _leaver,
        foreign_kwargs=_foreign(_leaver),
    ),
    Entry(
        "devices:leaver_tick",
        only(Role.CLERK),
        _leaver,
        method="post",
        data=_open_leaver_item,
        foreign_kwargs=_foreign(_leaver),
        audits=Event.LEAVER_ITEM_DONE,
        redirect_to="devices:leaver_detail",
    ),
    Entry(
        "devices:leaver_disable",
        only(Role.CLERK),
        _pk(_leaver_with_account),
        method="post",
        foreign_kwargs=_foreign(_leaver),
        audits=Event.USER_DISABLED,
        redirect_to="devices:leaver_detail",
    ),
    Entry(
        "devices:leaver_revoke",
        only(Role.CLERK),
        _leaver,
        method="post",
        foreign_kwargs=_foreign(_leaver),
        audits=Event.LEAVER_ITEM_DONE,
        redirect_to="devices:leaver_detail",
    ),
    Entry(
        "devices:own_data_deleted",
        EVERYONE,
        _council,
        method="post",
        data=_own_device,
        audits=Event.OWN_DEVICE_DATA_DELETED,
        redirect_to="devices:mine",
        off_the_list=NOBODY,
    ),
    # --- phones ---
    Entry("phones:report", only(Role.CLERK, Role.MANAGER, Role.DP_LEAD), _council),
    Entry("phones:report_export", only(Role.CLERK, Role.MANAGER, Role.DP_LEAD), _council),
    Entry(
        "phones:finding_agree",
        only(Role.CLERK),
        _reviewed_phone_finding,
        method="post",
        data=lambda w: {"amount": "12.50", "note": "Agreed in supervision"},
        foreign_kwargs=_foreign(_reviewed_phone_finding),
        audits=Event.PHONE_PERSONAL_USE_AGREED,
        redirect_to="monitoring:finding_detail",
    ),
    Entry("phones:recovery_list", only(Role.CLERK), _council),
    Entry("phones:settings", only(Role.CLERK), _council),
    Entry(
        "phones:settings",
        only(Role.CLERK),
        _council,
        method="post",
        data=lambda w: {**PHONE_SETTINGS, "ratio": "4.0"},
        audits=Event.PHONE_SETTINGS_CHANGED,
        redirect_to="phones:setup",
    ),
    Entry("phones:setup", only(Role.CLERK, Role.IT_PROVIDER), _council),
    Entry("phones:bill_import", only(Role.CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "phones:bill_import",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {"profile": "canonical", "file": phone_bill_upload(w)},
        audits=Event.EVENTS_INGESTED,
        redirect_to="phones:setup",
    ),
    Entry("phones:profile_build", only(Role.CLERK, Role.IT_PROVIDER), _council),
    # The last step: the columns mapped on a sample of the bill, saved (the earlier steps, the
    # sample and the preview, only show).
    Entry(
        "phones:profile_build",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {
            "sample": "Mobile;When;Dialled;Charge\n07700900321;10/03/2026 11:00;09098790123;1.25\n",
            "name": "acme-mobile",
            "delimiter": ";",
            "datetime_format": "%d/%m/%Y %H:%M",
            "date_format": "%d/%m/%Y",
            "time_format": "%H:%M:%S",
            "duration_format": "seconds",
            "data_unit": "MB",
            "cost_unit": "pounds",
            "default_usage": "voice",
            "in_bundle_values": "yes",
            "col_line_number": "Mobile",
            "col_start": "When",
            "col_called_number": "Dialled",
            "col_cost": "Charge",
            "save": "1",
        },
        audits=Event.PHONE_PROFILE_SAVED,
        redirect_to="phones:setup",
    ),
    Entry("phones:profile_import", only(Role.CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "phones:profile_import",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {"file": _phone_profile_upload()},
        audits=Event.PHONE_PROFILE_SAVED,
        redirect_to="phones:setup",
    ),
    Entry(
        "phones:profile_export",
        only(Role.CLERK, Role.IT_PROVIDER),
        _phone_profile,
        foreign_kwargs=_foreign(_phone_profile),
    ),
    Entry("phones:directory", only(Role.CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "phones:directory",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {"number": "01632 960123", "label": "Pavilion cleaner", "kind": "supplier"},
        audits=Event.PHONE_BUSINESS_NUMBER_ADDED,
        redirect_to="phones:directory",
    ),
    Entry(
        "phones:directory_remove",
        only(Role.CLERK, Role.IT_PROVIDER),
        _business_number,
        method="post",
        foreign_kwargs=_foreign(_business_number),
        audits=Event.PHONE_BUSINESS_NUMBER_REMOVED,
        redirect_to="phones:directory",
    ),
    Entry("phones:mine", EVERYONE, _council),
    Entry(
        "phones:mine_number_add",
        EVERYONE,
        _council,
        method="post",
        data=lambda w: {"number": "07700 900777", "label": "Home"},
        audits=Event.PHONE_PERSONAL_NUMBER_ADDED,
        redirect_to="phones:mine",
        off_the_list=NOBODY,
    ),
    Entry(
        "phones:mine_number_remove",
        EVERYONE,
        _council,
        method="post",
        data=_own_number,
        audits=Event.PHONE_PERSONAL_NUMBER_REMOVED,
        redirect_to="phones:mine",
        off_the_list=NOBODY,
    ),
    # --- incidents ---
    Entry("incidents:incident_list", only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD), _council),
    Entry("incidents:incident_report", EVERYONE, _council),
    Entry(
        "incidents:incident_report",
        EVERYONE,
        _council,
        method="post",
        data=lambda w: {
            "kind": "malware",
            "title": "Odd pop-ups",
            "description": "The office PC shows odd pop-ups.",
        },
        audits=Event.INCIDENT_OPENED,
    ),
    Entry("incidents:incident_settings", only(Role.CLERK, Role.DP_LEAD), _council),
    Entry(
        "incidents:incident_settings",
        only(Role.CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {"failed_sign_in_limit": 6, "failed_sign_in_minutes": 20},
        audits=Event.INCIDENT_SETTINGS_CHANGED,
        redirect_to="incidents:incident_list",
    ),
    Entry(
        "incidents:incident_detail",
        only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _incident,
        foreign_kwargs=_foreign(_incident),
    ),
    Entry(
        "incidents:incident_update",
        only(Role.CLERK, Role.DP_LEAD),
        _incident,
        foreign_kwargs=_foreign(_incident),
    ),
    Entry(
        "incidents:incident_update",
        only(Role.CLERK, Role.DP_LEAD),
        _incident,
        method="post",
        data=lambda w: {"actions": "Asked the recipient to delete it."},
        foreign_kwargs=_foreign(_incident),
        audits=Event.INCIDENT_UPDATED,
        redirect_to="incidents:incident_detail",
    ),
    Entry(
        "incidents:incident_decide",
        only(Role.CLERK, Role.DP_LEAD),
        _incident,
        foreign_kwargs=_foreign(_incident),
    ),
    Entry(
        "incidents:incident_decide",
        only(Role.CLERK, Role.DP_LEAD),
        _incident,
        method="post",
        data=lambda w: {"decision": "not_reportable", "reason": "One address, deleted."},
        foreign_kwargs=_foreign(_incident),
        audits=Event.INCIDENT_BREACH_DECIDED,
        redirect_to="incidents:incident_detail",
    ),
    Entry(
        "incidents:incident_close",
        only(Role.CLERK, Role.DP_LEAD),
        _incident,
        foreign_kwargs=_foreign(_incident),
    ),
    Entry(
        "incidents:incident_close",
        only(Role.CLERK, Role.DP_LEAD),
        _pk(lambda w: make_incident(w, "malware")),
        method="post",
        data=lambda w: {"outcome": "Contained."},
        audits=Event.INCIDENT_CLOSED,
        redirect_to="incidents:incident_detail",
        foreign_kwargs=_foreign(_incident),
    ),
    # --- monitoring ---
    Entry("monitoring:source_list", only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD), _council),
    Entry(
        "monitoring:source_edit",
        only(Role.CLERK, Role.DP_LEAD),
        lambda w: {**_council(w), "kind": "dns"},
    ),
    Entry(
        "monitoring:source_edit",
        only(Role.CLERK, Role.DP_LEAD),
        lambda w: {**_council(w), "kind": "dns"},
        method="post",
        data=lambda w: {"purpose": "To find prohibited sites.", "retention_days": 30},
        audits=Event.MONITORING_SOURCE_SET,
        redirect_to="monitoring:source_list",
    ),
    Entry("monitoring:finding_list", only(Role.CLERK, Role.MANAGER, Role.DP_LEAD), _council),
    Entry("monitoring:finding_export", only(Role.CLERK, Role.MANAGER, Role.DP_LEAD), _council),
    Entry(
        "monitoring:finding_detail",
        only(Role.CLERK, Role.MANAGER, Role.DP_LEAD),
        _finding,
        foreign_kwargs=_foreign(_finding),
        off_the_list=only(Role.CLERK, Role.DP_LEAD),
    ),
    Entry(
        "monitoring:finding_review",
        only(Role.CLERK, Role.MANAGER, Role.DP_LEAD),
        _finding,
        foreign_kwargs=_foreign(_finding),
        off_the_list=only(Role.CLERK, Role.DP_LEAD),
    ),
    Entry(
        "monitoring:finding_review",
        only(Role.CLERK, Role.MANAGER, Role.DP_LEAD),
        _finding,
        method="post",
        data=lambda w: {"decision": "noted", "reason": ""},
        foreign_kwargs=_foreign(_finding),
        audits=Event.FINDING_NOTED,
        redirect_to="monitoring:finding_detail",
        off_the_list=only(Role.CLERK, Role.DP_LEAD),
    ),
    Entry(
        "monitoring:finding_events",
        only(Role.CLERK, Role.DP_LEAD),
        _finding,
        foreign_kwargs=_foreign(_finding),
    ),
    Entry(
        "monitoring:finding_events",
        only(Role.CLERK, Role.DP_LEAD),
        _finding,
        method="post",
        data=lambda w: {"purpose": "Checking the explanation given."},
        foreign_kwargs=_foreign(_finding),
        audits=Event.MONITORING_VIEWED,
        answers_with_page=True,
    ),
    # The bill lines behind a phone finding, through the same page and rules.
    Entry(
        "monitoring:finding_events",
        only(Role.CLERK, Role.DP_LEAD),
        _phone_finding,
        method="post",
        data=lambda w: {"purpose": "Checking the explanation given."},
        foreign_kwargs=_foreign(_phone_finding),
        audits=Event.MONITORING_VIEWED,
        answers_with_page=True,
    ),
    Entry("monitoring:mine", EVERYONE, _council),
    Entry(
        "monitoring:explain",
        EVERYONE,
        _council,
        method="post",
        data=_own_finding,
        audits=Event.FINDING_EXPLAINED,
        redirect_to="monitoring:mine",
        off_the_list=NOBODY,
    ),
    Entry("monitoring:category_list", only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD), _council),
    Entry(
        "monitoring:category_list",
        only(Role.CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {"category": "gambling", "meaning": "prohibited"},
        audits=Event.CATEGORY_MEANING_SET,
        redirect_to="monitoring:category_list",
    ),
    Entry(
        "monitoring:category_remove",
        only(Role.CLERK, Role.DP_LEAD),
        _category,
        method="post",
        foreign_kwargs=_foreign(_category),
        audits=Event.CATEGORY_MEANING_REMOVED,
        redirect_to="monitoring:category_list",
    ),
    Entry("monitoring:domain_add", only(Role.CLERK, Role.DP_LEAD), _council),
    Entry(
        "monitoring:domain_add",
        only(Role.CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {"domain": "parish-news.example", "meaning": "social"},
        audits=Event.DOMAIN_RULE_ADDED,
        redirect_to="monitoring:category_list",
    ),
    Entry(
        "monitoring:domain_remove",
        only(Role.CLERK, Role.DP_LEAD),
        _domain,
        method="post",
        foreign_kwargs=_foreign(_domain),
        audits=Event.DOMAIN_RULE_REMOVED,
        redirect_to="monitoring:category_list",
    ),
    Entry("monitoring:batch_list", only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD), _council),
    Entry(
        "monitoring:batch_detail",
        only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _batch,
        foreign_kwargs=_foreign(_batch),
    ),
    Entry("monitoring:upload", only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD), _council),
    Entry(
        "monitoring:upload",
        only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {"kind": "proxy", "format": "squid", "file": _squid_upload(w)},
        audits=Event.EVENTS_INGESTED,
        redirect_to="monitoring:batch_detail",
    ),
    Entry("monitoring:identity_list", only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD), _council),
    Entry("monitoring:identity_add", only(Role.CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "monitoring:identity_add",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {
            "kind": "proxy_user",
            "value": "new.proxy.user",
            "person": w.people[Role.STAFF].pk,
            "valid_from": "2026-03-01T09:00",
        },
        audits=Event.IDENTITY_ADDED,
        redirect_to="monitoring:identity_list",
    ),
    Entry(
        "monitoring:identity_end",
        only(Role.CLERK, Role.IT_PROVIDER),
        _identity,
        method="post",
        data=lambda w: {"at": "2026-03-01T09:00"},
        foreign_kwargs=_foreign(_identity),
        audits=Event.IDENTITY_CHANGED,
        redirect_to="monitoring:identity_list",
    ),
    Entry("monitoring:hold_list", only(Role.CLERK, Role.DP_LEAD), _council),
    Entry(
        "monitoring:hold_list",
        only(Role.CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {
            "person": w.people[Role.STAFF].pk,
            "reason": "Grievance hearing on 1 March",
        },
        audits=Event.LEGAL_HOLD_PLACED,
        redirect_to="monitoring:hold_list",
    ),
    Entry(
        "monitoring:hold_release",
        only(Role.CLERK, Role.DP_LEAD),
        _hold,
        method="post",
        data=lambda w: {"reason": "The case is closed."},
        foreign_kwargs=_foreign(_hold),
        audits=Event.LEGAL_HOLD_RELEASED,
        redirect_to="monitoring:hold_list",
    ),
    Entry("monitoring:purge_list", only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD), _council),
    Entry("monitoring:settings", only(Role.CLERK, Role.DP_LEAD), _council),
    Entry(
        "monitoring:settings",
        only(Role.CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {
            "personal_minutes_in_hours": 10,
            "personal_minutes_per_day": 45,
            "personal_days_over": 3,
            "social_share_percent": 15,
            "personal_share_percent": 25,
            "prohibited_min_requests": 5,
            "prohibited_share_percent": "0.5",
            "visit_gap_minutes": 5,
            "single_request_minutes": 1,
            "bank_holiday_region": "scotland",
        },
        audits=Event.MONITORING_SETTINGS_CHANGED,
        redirect_to="monitoring:source_list",
    ),
    Entry("core:start", EVERYONE, council_scoped=False, redirects=True),
    Entry(
        "core:switch",
        EVERYONE,
        data=lambda w: {"council": w.council.slug},
        council_scoped=False,
        redirects=True,
    ),
    # --- operations ---
    # /healthz: no sign-in, nothing about any council (operations/health.py); 200 or 503 by
    # the deployment's state, the same for everyone.
    Entry("operations:healthz", EVERYONE, council_scoped=False, public=True),
    # --- end operations ---
    # --- reminders and reports (oversight) ---
    # Reminder settings: clerk.
    Entry("reminders:settings", only(Role.CLERK), _council),
    Entry(
        "reminders:settings",
        only(Role.CLERK),
        _council,
        method="post",
        data=lambda w: {"urgent_at_once": "on", "digest_hour": "8"},
        audits=Event.REMINDER_SETTINGS_CHANGED,
        redirect_to="reminders:settings",
    ),
    # Monthly monitoring report and its CSV: clerk, data protection lead, committee (totals).
    Entry(
        "reports:index", only(Role.CLERK, Role.DP_LEAD, Role.COMMITTEE), _council, redirects=True
    ),
    Entry("reports:monitoring", only(Role.CLERK, Role.DP_LEAD, Role.COMMITTEE), _council),
    Entry("reports:monitoring_export", only(Role.CLERK, Role.DP_LEAD, Role.COMMITTEE), _council),
    # Committee packs: clerk, data protection lead, committee read them; the clerk prints them.
    Entry("reports:pack_list", only(Role.CLERK, Role.DP_LEAD, Role.COMMITTEE), _council),
    Entry(
        "reports:pack_make",
        only(Role.CLERK),
        _council,
        method="post",
        data=lambda w: {"month": "2026-02"},
        audits=Event.COMMITTEE_PACK_MADE,
        redirect_to="reports:pack_download",
    ),
    Entry(
        "reports:pack_download",
        only(Role.CLERK, Role.DP_LEAD, Role.COMMITTEE),
        _pk(_pack),
        foreign_kwargs=_foreign(_pk(_pack)),
    ),
]

API = [
    Entry("api:council_list", EVERYONE, api=True, council_scoped=False),
    Entry(
        "api:person-list",
        only(Role.CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
        api=True,
    ),
    Entry(
        "api:person-detail",
        only(Role.CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
        _person,
        api=True,
        foreign_kwargs=_foreign(_person),
        off_the_list=only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
    ),
    Entry(
        "api:person-list",
        only(Role.CLERK),
        _council,
        method="post",
        api=True,
        data=lambda w: {
            "full_name": "New Person",
            "kind": "staff",
            "emails": ["new.person@example.org"],
        },
        audits=Event.PERSON_CREATED,
    ),
    Entry(
        "api:person-detail",
        only(Role.CLERK),
        _person,
        method="patch",
        api=True,
        data=lambda w: {"job_title": "Caretaker"},
        foreign_kwargs=_foreign(_person),
        audits=Event.PERSON_UPDATED,
    ),
    Entry(
        "api:person-detail",
        only(Role.CLERK),
        _person,
        method="put",
        api=True,
        data=lambda w: {"full_name": "Renamed", "kind": "staff", "emails": ["staff@ashby.example"]},
        foreign_kwargs=_foreign(_person),
        audits=Event.PERSON_UPDATED,
    ),
    Entry(
        "api:person-import-csv",
        only(Role.CLERK),
        _council,
        method="post",
        api=True,
        data=lambda w: {"file": _csv_upload()},
        audits=Event.PEOPLE_IMPORTED,
    ),
    # --- policies ---
    # --- vault ---
    Entry("api:vault-entry-list", EVERYONE, _council, api=True),
    Entry(
        "api:vault-entry-detail",
        EVERYONE,
        _vault_entry,
        api=True,
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "api:vault-entry-reveal",
        EVERYONE,
        _vault_entry,
        method="post",
        api=True,
        data=lambda w: {"reason": "matrix"},
        foreign_kwargs=_foreign(_vault_entry),
        audits=Event.VAULT_SECRET_REVEALED,
    ),
    Entry(
        "api:vault-entry-rotate",
        only(Role.CLERK, Role.IT_PROVIDER),
        _vault_entry,
        method="post",
        api=True,
        data=lambda w: {"secret": "marble puffin orchard"},
        foreign_kwargs=_foreign(_vault_entry),
        audits=Event.VAULT_SECRET_ROTATED,
        off_the_list=only(Role.CLERK),
    ),
    Entry(
        "api:vault-entry-change-now",
        EVERYONE,
        _vault_entry,
        method="post",
        api=True,
        data=lambda w: {"note": "seen"},
        foreign_kwargs=_foreign(_vault_entry),
        audits=Event.VAULT_ROTATION_REQUESTED,
    ),
    Entry(
        "api:vault-person-detail",
        only(Role.CLERK),
        _person,
        api=True,
        foreign_kwargs=_foreign(_person),
    ),
    Entry(
        "api:vault-person-revoke",
        only(Role.CLERK),
        _person,
        method="post",
        api=True,
        foreign_kwargs=_foreign(_person),
        audits=Event.VAULT_ACCESS_REVOKED,
    ),
    # --- devices ---
    Entry("api:device-list", only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD), _council, api=True),
    Entry(
        "api:device-detail",
        only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _device,
        api=True,
        foreign_kwargs=_foreign(_device),
    ),
    Entry(
        "api:device-mdm-import",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        api=True,
        data=lambda w: {"file": _mdm_upload(make_device(w).serial)},
        audits=Event.POSTURE_IMPORTED,
    ),
    Entry(
        "api:device-software-import",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        api=True,
        data=lambda w: {"file": _inventory_upload(w)},
        audits=Event.SOFTWARE_IMPORTED,
    ),
    # --- phones ---
    Entry(
        "api:phone-bill-list",
        only(Role.CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        api=True,
        data=lambda w: {"file": phone_bill_upload(w), "profile": "canonical"},
        audits=Event.EVENTS_INGESTED,
    ),
    # --- incidents ---
    Entry(
        "api:incident-list", only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD), _council, api=True
    ),
    Entry(
        "api:incident-list",
        EVERYONE,
        _council,
        method="post",
        api=True,
        data=lambda w: {
            "kind": "malware",
            "title": "Odd pop-ups",
            "description": "The office PC shows odd pop-ups.",
        },
        audits=Event.INCIDENT_OPENED,
    ),
    Entry(
        "api:incident-detail",
        only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _incident,
        api=True,
        foreign_kwargs=_foreign(_incident),
    ),
    # --- monitoring ---
    Entry(
        "api:monitoring-finding-list",
        only(Role.CLERK, Role.MANAGER, Role.DP_LEAD),
        _council,
        api=True,
    ),
    Entry(
        "api:monitoring-finding-detail",
        only(Role.CLERK, Role.MANAGER, Role.DP_LEAD),
        _finding,
        api=True,
        foreign_kwargs=_foreign(_finding),
        off_the_list=only(Role.CLERK, Role.DP_LEAD),
    ),
    Entry(
        "api:monitoring-finding-review",
        only(Role.CLERK, Role.MANAGER, Role.DP_LEAD),
        _finding,
        method="post",
        api=True,
        data=lambda w: {"decision": "escalated", "reason": "Third time this month."},
        foreign_kwargs=_foreign(_finding),
        audits=Event.FINDING_ESCALATED,
        off_the_list=only(Role.CLERK, Role.DP_LEAD),
    ),
    Entry(
        "api:monitoring-batch-list",
        only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
        api=True,
    ),
    Entry(
        "api:monitoring-batch-ingest",
        only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
        method="post",
        api=True,
        data=lambda w: {"kind": "proxy", "format": "squid", "file": _squid_upload(w)},
        audits=Event.EVENTS_INGESTED,
    ),
    Entry(
        "api:monitoring-batch-detail",
        only(Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _batch,
        api=True,
        foreign_kwargs=_foreign(_batch),
    ),
    Entry("api-schema", EVERYONE, api=True, council_scoped=False),
    Entry("api-docs", EVERYONE, api=True, council_scoped=False),
    Entry("api-redoc", EVERYONE, api=True, council_scoped=False),
    # --- rights (allowed: clerk and data protection lead run requests; the DP lead alone
    # reviews and releases; everyone makes and follows their own) ---
    Entry("rights:request_list", only(Role.CLERK, Role.DP_LEAD), _council),
    Entry("rights:request_create", only(Role.CLERK, Role.DP_LEAD), _council),
    Entry(
        "rights:request_create",
        only(Role.CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {
            "kind": "access",
            "requester_name": "Alex Walker",
            "channel": "letter",
            "received_on": _today(),
        },
        audits=Event.RIGHTS_REQUEST_RECORDED,
        redirect_to="rights:request_detail",
    ),
    Entry("rights:settings", only(Role.CLERK, Role.DP_LEAD), _council),
    Entry(
        "rights:settings",
        only(Role.CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {"region": "scotland"},
        audits=Event.RIGHTS_SETTINGS_CHANGED,
        redirect_to="rights:request_list",
    ),
    Entry("rights:mine", EVERYONE, _council),
    Entry(
        "rights:mine",
        EVERYONE,
        _council,
        method="post",
        data=lambda w: {"kind": "access"},
        audits=Event.RIGHTS_REQUEST_RECORDED,
        redirect_to="rights:mine",
        off_the_list=NOBODY,  # nothing is held about a member not on the list
    ),
    Entry(
        "rights:request_detail",
        only(Role.CLERK, Role.DP_LEAD),
        _rights_request,
        foreign_kwargs=_foreign(_rights_request),
    ),
    *[
        Entry(
            f"rights:request_{step}",
            only(Role.CLERK, Role.DP_LEAD),
            kwargs,
            method=method,
            data=data,
            foreign_kwargs=_foreign(kwargs),
            audits=event if method == "post" else None,
            redirect_to="rights:request_detail" if method == "post" else None,
        )
        for step, kwargs, data, event in [
            (
                "identity",
                _rights_request,
                lambda w: {"checked_on": _today(), "method": "Known"},
                Event.RIGHTS_IDENTITY_CHECKED,
            ),
            (
                "pause",
                _rights_request,
                lambda w: {"reason": "identity", "started_on": _today()},
                Event.RIGHTS_CLOCK_PAUSED,
            ),
            (
                "resume",
                _paused_rights_request,
                lambda w: {"reply_on": _today()},
                Event.RIGHTS_CLOCK_RESUMED,
            ),
            (
                "extend",
                _rights_request,
                lambda w: {"reason": "Many files", "told_on": _today()},
                Event.RIGHTS_EXTENDED,
            ),
            (
                "close",
                _rights_request,
                lambda w: {"status": "withdrawn", "outcome": "Withdrawn"},
                Event.RIGHTS_REQUEST_CLOSED,
            ),
        ]
        for method in ("get", "post")
    ],
    Entry(
        "rights:bundle_prepare",
        only(Role.CLERK, Role.DP_LEAD),
        _checked_request,
        method="post",
        foreign_kwargs=_foreign(_checked_request),
        audits=Event.RIGHTS_BUNDLE_BUILT,
        redirect_to="rights:bundle_review",
    ),
    Entry(
        "rights:bundle_review",
        only(Role.DP_LEAD),
        _prepared_request,
    ),
    Entry(
        "rights:bundle_draft",
        only(Role.DP_LEAD),
        _prepared_request,
    ),
    Entry(
        "rights:bundle_withhold",
        only(Role.DP_LEAD),
        _prepared_request,
        method="post",
        data=lambda w: {
            "source_key": "roles",
            "roles-exemption": "crime",
            "roles-reason": "Investigation",
        },
        audits=Event.RIGHTS_ITEM_WITHHELD,
        redirect_to="rights:bundle_review",
    ),
    Entry(
        "rights:bundle_restore",
        only(Role.DP_LEAD),
        _withheld_item,
        method="post",
        audits=Event.RIGHTS_ITEM_RESTORED,
        redirect_to="rights:bundle_review",
    ),
    Entry(
        "rights:bundle_show_person",
        only(Role.DP_LEAD),
        _prepared_request,
        method="post",
        # The staff member's line manager is named in their record: shown, with a reason.
        data=lambda w: {
            "owner_key": f"p:{w.people[Role.MANAGER].pk}",
            f"p-{w.people[Role.MANAGER].pk}-basis": "reasonable",
            f"p-{w.people[Role.MANAGER].pk}-reason": "Acting as line manager",
        },
        audits=Event.RIGHTS_THIRD_PARTY_DISCLOSED,
        redirect_to="rights:bundle_review",
    ),
    Entry(
        "rights:bundle_release",
        only(Role.DP_LEAD),
        _prepared_request,
        method="post",
        audits=Event.RIGHTS_BUNDLE_RELEASED,
        answers_with_page=True,  # the link to send, shown once
    ),
    Entry("rights:request_erasure", only(Role.DP_LEAD), _erasure_request),
    Entry(
        "rights:request_erasure",
        only(Role.DP_LEAD),
        _erasure_request,
        method="post",
        data=lambda w: {
            "source_key": "roles",
            "roles-outcome": "keep",
            "roles-reason": "Needed to run the council",
        },
        audits=Event.RIGHTS_ERASURE_DECIDED,
        redirect_to="rights:request_erasure",
    ),
    Entry(
        "rights:request_rectify",
        only(Role.CLERK, Role.DP_LEAD),
        _rectification_request,
        foreign_kwargs=_foreign(_rectification_request),
    ),
    Entry(
        "rights:request_rectify",
        only(Role.CLERK, Role.DP_LEAD),
        _rectification_request,
        method="post",
        data=lambda w: {"job_title": "Head Groundsman"},
        foreign_kwargs=_foreign(_rectification_request),
        audits=Event.RIGHTS_RECTIFIED,
        redirect_to="rights:request_detail",
    ),
    # (The pages above are the data protection lead's alone, and the matrix reaches another
    # council's objects as the clerk: rights/tests check the DP lead meets a 404 there.)
    # The link works for the requester (the staff member) and those who run requests.
    Entry(
        "rights:download",
        only(Role.STAFF, Role.CLERK, Role.DP_LEAD),
        _released_request,
        foreign_kwargs=_foreign(_released_request),
        # Off the list, the staff member is not the requester the link was made for.
        off_the_list=only(Role.CLERK, Role.DP_LEAD),
    ),
    # --- end rights ---
]

# Served, but outside the matrix, each for a reason.
EXEMPT_PREFIXES = {
    "account_": "allauth sign-in pages: public by nature, tested in accounts/tests",
    "mfa_": "allauth MFA pages: the signed-in user's own factors, tested in accounts/tests",
    "usersessions_": "allauth: the signed-in user's own sessions",
}


_POLICY_MARKDOWN = """# Social Media

## 1 Posting

1.1 Say nothing on the council's behalf that the council has not decided.
"""


def _rule_form(w: World, *, name: str) -> dict:
    """A rule citing a clause of the policy ``make_policy`` sets up."""
    policy = make_policy(w).policy
    return {
        "name": name,
        "kind": "device_posture",
        "severity": "medium",
        "parameters": '{"minutes": 5}',
        "citations": f"{policy.code} 1.2",
        "enabled": "on",
    }


def _person_form(person: Person, **changes) -> dict:
    """The person edit form as it is shown for ``person``, with ``changes``."""
    from councilguard.people.forms import PersonForm

    initial = PersonForm.initial_for(person)
    initial["line_manager"] = initial["line_manager"].pk if initial["line_manager"] else ""
    form = {k: ("" if v is None else v) for k, v in initial.items()}
    if not form["uses_display_screen"]:
        del form["uses_display_screen"]  # an unticked box is not sent
    return {**form, **changes}


def _device_form(w: World) -> dict:
    """The device edit form as it is shown for the device it edits, a note added."""
    from councilguard.devices.forms import DeviceForm

    initial = DeviceForm.initial_for(_edited_device(w))
    form = {k: ("" if v is None else v) for k, v in initial.items()}
    return {**form, "notes": "Screen replaced"}


def _device_csv_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "devices.csv",
        b"kind,serial,make,model,condition,status\n"
        b"laptop,PF3CSV01,Lenovo,ThinkPad E14,good,in_stock\n",
        content_type="text/csv",
    )


def _phone_profile_upload():
    """A carrier's bill profile as the profile export writes it (docs/phone-profiles.md)."""
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    profile = {
        "format": "councilguard-phone-profile",
        "version": 1,
        "name": "carrier-y",
        "columns": {"line_number": "Number", "start": "When", "cost": "Cost"},
        "datetime_format": "%d/%m/%Y %H:%M",
        "cost_unit": "pounds",
    }
    return SimpleUploadedFile("carrier-y.phone-profile.json", json.dumps(profile).encode())


def _csv_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "people.csv",
        b"full_name,role,email\nNew Person,staff,new.person@example.org\n",
        content_type="text/csv",
    )
