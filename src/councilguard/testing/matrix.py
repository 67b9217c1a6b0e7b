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
from councilguard.api.services import TokenError, issue_provider_token, issue_token
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
from councilguard.dse import testing as dse
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
    # Where an HTML change sends a member who is not on the people list, when not where it
    # sends the others (a loss reported for a colleague lands on that loss, not on "My devices").
    redirect_off_the_list: str | None = None

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


def _make_remote_worker(w: World):
    from datetime import date

    from councilguard.policies.services import add_remote_worker

    return add_remote_worker(
        w.people[Role.COUNCILLOR], where="At home", since=date(2026, 1, 5), actor=SETUP
    )


_remote_worker = _pk(_make_remote_worker)
_membership = _pk(lambda w: w.users[Role.STAFF].memberships.get())
_token = _pk(_matrix_token)


def _provider_token(w: World):
    """A provider token of the acting member when they may hold one (their own is the only one
    they may revoke), else the council's IT provider's."""
    for holder in (w.acting, w.users[Role.IT_PROVIDER]):
        if holder is None:
            continue
        try:
            token, _ = issue_provider_token(
                holder, name="matrix", councils=[w.council], actor=SETUP
            )
        except TokenError:
            continue
        return token
    raise AssertionError("the world has no IT provider")


def _provider_reach(w: World):
    return _provider_token(w).reaches.get()


_reach = _pk(_provider_reach)


def _route(w: World):
    from councilguard.provider.services import add_route

    source = monitoring.make_source(w, "proxy")
    return add_route(source, "file_name", f"{w.council.slug}-*.log", actor=SETUP)


def _routed_upload(w: World) -> dict:
    """One Squid line in a file the world's proxy source claims by its name."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    _route(w)
    line = (
        b"1772445600.000 120 10.0.0.1 TCP_MISS/200 1520 GET http://example.org/ - HIER_NONE/- -\n"
    )
    return {"format": "squid", "files": [SimpleUploadedFile(f"{w.council.slug}-1.log", line)]}


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
_log_profile = _pk(monitoring.make_log_profile)
# A vendor's web log mapped on a two-line sample (monitoring:log_profile_build and _edit).
LOG_PROFILE_FORM = {
    "sample": "When;Address;Site;Result\n2026-03-10 11:00:00;10.0.0.9;news.example;allowed\n",
    "name": "acme-filter",
    "log": "web",
    "shape": "csv",
    "header": "on",
    "delimiter": ";",
    "time_format": "%Y-%m-%d %H:%M:%S",
    "time_zone": "Europe/London",
    "blocked_values": "blocked",
    "part_time": "When",
    "part_client": "Address",
    "part_host": "Site",
    "part_action": "Result",
}
_business_number = _pk(make_business_number)


def _make_mail_contact(w: World):
    from councilguard.mail.services import add_contact

    return add_contact(w.council, f"supplier-{w.council.slug}.example", "supplier", actor=SETUP)


def _make_personal_address(w: World):
    from councilguard.mail.services import add_personal_address

    return add_personal_address(
        w.council, w.people[Role.STAFF], f"home-{w.council.slug}@mail.example", actor=SETUP
    )


_mail_contact = _pk(_make_mail_contact)
_personal_address = _pk(_make_personal_address)
# The default thresholds as the settings form posts them.
PHONE_SETTINGS = {
    "ratio": "3.5", "spread_multiple": "5.5", "spread_floor_percent": 14, "peer_ratio": "4.5",
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

# --- cases ---
from councilguard.cases import testing as cases  # noqa: E402

_case_open = _pk(lambda w: cases.make_case(w))
_case_reviewed = _pk(lambda w: cases.make_case(w, "preliminary_review"))
_case_investigated = _pk(lambda w: cases.make_case(w, "formal_investigation"))
_case_found = _pk(lambda w: cases.make_case(w, "findings"))
_case_decided = _pk(lambda w: cases.make_case(w, "outcome"))
_case_phone = _pk(cases.make_phone_case)
_own_case = _pk(cases.make_own_case)


def _evidence(w: World) -> dict:
    case, item = cases.make_evidence(w)
    return {**_council(w), "pk": case.pk, "item": item.pk}


def _own_evidence(w: World) -> dict:
    case = cases.make_own_case(w)
    return {**_council(w), "pk": case.pk, "item": case.evidence.get().pk}


def _export(w: World) -> dict:
    export = cases.make_export(w)
    return {**_council(w), "pk": export.case_id, "export": export.pk}


def _new_finding_of_subject(w: World) -> dict:
    return {"finding": monitoring.make_finding(w, w.people[Role.STAFF]).pk}


def _phone_case_finding(w: World) -> dict:
    from councilguard.cases.models import Case

    case = Case.objects.filter(council=w.council).latest("pk")
    return {"finding": case.findings.get().pk, "purpose": "To check the calls made that month."}


def _told_now() -> str:
    from django.utils import timezone

    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def _told_data(w: World) -> dict:
    from councilguard.cases.models import CaseSubject

    # Through another council's URL there is no subject of this council: the page is a 404.
    subject = CaseSubject.objects.filter(case__council=w.council).order_by("-pk").first()
    return {
        "subject": subject.pk if subject else 0,
        "how": "email",
        "told_at": _told_now(),
        "notice": "You are told in writing that the council is investigating.",
    }


def _letter():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("letter.txt", b"A letter from a colleague about the laptop.\n")


# The clerk, the data protection lead and the appointed investigator (the manager, in these
# cases) see a case; its subject (the staff member) and everyone else are refused.
CASE_WORKERS = only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.MANAGER)
CASE_MANAGERS = only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD)
# --- end cases ---


# --- dse ---
_screen_person = _pk(dse.make_screen_user)
_review = _pk(lambda w: dse.make_assessment(w))
_glasses = _pk(lambda w: dse.make_taken_test(w, glasses_for_screen=True))


def _own_offer(w: World) -> dict:
    return {"test": dse.make_offer(w, _mine(w)).pk, "answer": "yes"}


def _own_test(w: World) -> dict:
    from django.utils import timezone

    test = dse.make_offer(w, _mine(w))
    return {
        "test": test.pk,
        "tested_on": timezone.localdate().isoformat(),
        "tested_by": "A. Optician, High Street",
        "glasses_for_screen": "on",
    }


def _own_eye_test_request(w: World) -> dict:
    dse.screen_user(_mine(w))
    return {"reason": "visual_difficulty"}


def _own_assessment(w: World) -> dict:
    from django.utils import timezone

    dse.screen_user(_mine(w))
    return {
        "done_on": timezone.localdate().isoformat(),
        "place": "home",
        "problems": ["chair", "eyes"],
    }


def _today_iso() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


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
    from datetime import timedelta

    from django.utils import timezone

    from councilguard.devices.services import issue_device

    # Issued the day before, lost five minutes ago: a loss cannot be before its issue.
    device = make_device(w)
    yesterday = timezone.now() - timedelta(days=1)
    issue_device(device, _mine(w), actor=SETUP, condition="good", now=yesterday)
    lost = timezone.localtime(timezone.now() - timedelta(minutes=5))
    return {
        "device": device.pk,
        "kind": "lost",
        "what_happened": "Left on the bus.",
        "occurred_at": f"{lost:%Y-%m-%dT%H:%M}",
    }


def _own_attestation(w: World) -> dict:
    from councilguard.devices.services import register_own_device

    own = register_own_device(_mine(w), kind="phone", description="My own phone", actor=SETUP)
    answers = ("encrypted", "passcode", "wipe_after_failures", "remote_wipe", "security_intact")
    return {"own_device": own.pk, "lock_after_minutes": 2, **dict.fromkeys(answers, "yes")}


def _own_numbers(w: World) -> dict:
    from councilguard.devices.services import register_own_device

    own = register_own_device(_mine(w), kind="phone", description="My own phone", actor=SETUP)
    return {"own_device": own.pk, "imei": "352099001761481", "sim_number": "8944110000000000009"}


def _own_duties(w: World) -> dict:
    from councilguard.devices.models import OwnDeviceDuty
    from councilguard.devices.services import register_own_device

    own = register_own_device(_mine(w), kind="phone", description="My own phone", actor=SETUP)
    return {"own_device": own.pk, "duties": list(OwnDeviceDuty.values)}


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


def _own_personal_address(w: World) -> dict:
    from councilguard.mail.services import add_personal_address

    held = add_personal_address(
        w.council, _mine(w), f"own-{w.council.slug}@mail.example", actor=SETUP
    )
    return {"item": held.pk}


def _own_finding(w: World) -> dict:
    finding = monitoring.make_finding(w, _mine(w))
    return {"finding": finding.pk, "explanation": "I was checking a complaint."}


def _own_protection(w: World) -> dict:
    from councilguard.privacy.services import ask_protection

    asked = ask_protection(
        _mine(w),
        kind="site",
        value="union.example",
        extent="standing",
        reason="My union",
        actor=SETUP,
    )
    return {**_council(w), "pk": asked.pk}


def _protection_to_decide(w: World) -> dict:
    from councilguard.privacy.services import ask_protection

    # The staff member's request goes to their line manager; a councillor's to the clerk.
    asker = Role.STAFF if w.acting == w.users.get(Role.MANAGER) else Role.COUNCILLOR
    asked = ask_protection(
        w.people[asker],
        kind="number",
        value="01632 960 888",
        extent="standing",
        reason="My doctor",
        actor=SETUP,
    )
    return {**_council(w), "pk": asked.pk}


def _always_protected(w: World) -> dict:
    from councilguard.privacy.testing import make_always

    return {**_council(w), "pk": make_always(w).pk}


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


# --- issue 21 API: policies, approvals, charges, leavers ---
def _media_request(w: World):
    """A staff member's request to use a memory stick: the clerk alone decides it (B 1.1.6)."""
    from councilguard.devices.approvals import request_approval

    return request_approval(
        w.people[Role.STAFF], "removable_media", summary="Copy the minutes to the printer's",
        reason="The printer takes sticks only.", details={"media_description": "USB stick 3"},
        actor=SETUP,
    )  # fmt: skip


def _own_pending_request(w: World):
    """A pending request of the acting member's own (the staff member's when off the list)."""
    from councilguard.devices.models import ApprovalRequest

    return ApprovalRequest.objects.get(pk=_own_request(w)["item"])


def _viewing_approval(w: World):
    """The approval behind a manager's request to view CCTV footage: the clerk decides it."""
    from councilguard.cctv.testing import make_viewing_request

    return make_viewing_request(w).approval


_media = _pk(_media_request)
_own_pending = _pk(_own_pending_request)
_viewing_approval_pk = _pk(_viewing_approval)


def _charge_json(w: World) -> dict:
    return {
        "person": w.people[Role.STAFF].pk,
        "kind": "repair",
        "amount": "45.00",
        "description": "Cracked screen",
        "source_reference": "Repair invoice 4411",
    }


# --- end issue 21 API ---


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
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    Entry(
        "people:person_export",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    # Managers see their own team; the staff member reports to the matrix's manager.
    Entry(
        "people:person_detail",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
        _person,
        foreign_kwargs=_foreign(_person),
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
    ),
    Entry("people:person_create", only(Role.CLERK, Role.DEPUTY_CLERK), _council),
    Entry(
        "people:person_create",
        only(Role.CLERK, Role.DEPUTY_CLERK),
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
    Entry(
        "people:person_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _person,
        foreign_kwargs=_foreign(_person),
    ),
    Entry(
        "people:person_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _person,
        method="post",
        data=lambda w: _person_form(w.people[Role.STAFF], job_title="Caretaker"),
        foreign_kwargs=_foreign(_person),
        audits=Event.PERSON_UPDATED,
        redirect_to="people:person_detail",
    ),
    Entry("people:person_import", only(Role.CLERK, Role.DEPUTY_CLERK), _council),
    Entry(
        "people:person_import",
        only(Role.CLERK, Role.DEPUTY_CLERK),
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
        "accounts:access_chair",
        only(Role.CLERK),
        _membership,
        method="post",
        data=lambda w: {"chair": "yes"},
        foreign_kwargs=_foreign(_membership),
        audits=Event.MEMBERSHIP_CHAIR,
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
    # --- provider tokens: the clerk takes an IT provider's token off this council ---
    Entry(
        "tokens:provider_token_withdraw",
        only(Role.CLERK),
        _reach,
        method="post",
        foreign_kwargs=_foreign(_reach),
        audits=Event.PROVIDER_TOKEN_WITHDRAWN,
        redirect_to="tokens:token_list",
    ),
    # --- end provider tokens ---
    # --- provider: upload routes, set by the clerk or the IT provider ---
    Entry("routes:route_list", only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "routes:route_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {
            "source": monitoring.make_source(w, "proxy").pk,
            "kind": "host",
            "pattern": "proxy-ashby",
        },
        audits=Event.ROUTE_ADDED,
        redirect_to="routes:route_list",
    ),
    Entry(
        "routes:route_remove",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _pk(_route),
        method="post",
        foreign_kwargs=_foreign(_pk(_route)),
        audits=Event.ROUTE_REMOVED,
        redirect_to="routes:route_list",
    ),
    Entry("audit:entry_list", only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD), _council),
    # Not council pages: any signed-in user.
    # --- policies ---
    Entry("policies:policy_list", EVERYONE, _council),
    Entry("policies:policy_create", only(Role.CLERK, Role.DEPUTY_CLERK), _council),
    Entry(
        "policies:policy_create",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _council,
        method="post",
        data=lambda w: {"title": "Social Media", "code": "S"},
        audits=Event.POLICY_CREATED,
        redirect_to="policies:policy_detail",
    ),
    Entry("policies:policy_import", only(Role.CLERK, Role.DEPUTY_CLERK), _council),
    # The second step: the clause text, checked and corrected, saved as a draft (the first,
    # the file, only shows the clauses it makes).
    Entry(
        "policies:policy_import",
        only(Role.CLERK, Role.DEPUTY_CLERK),
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
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _policy,
        foreign_kwargs=_foreign(_policy),
    ),
    Entry(
        "policies:policy_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _policy,
        method="post",
        data=lambda w: {"oversight_committee": "Staffing Committee", "review_due": "2031-01-01"},
        foreign_kwargs=_foreign(_policy),
        audits=Event.POLICY_UPDATED,
        redirect_to="policies:policy_detail",
    ),
    Entry(
        "policies:review_create",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _policy,
        foreign_kwargs=_foreign(_policy),
    ),
    Entry(
        "policies:review_create",
        only(Role.CLERK, Role.DEPUTY_CLERK),
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
        only(Role.CLERK, Role.DEPUTY_CLERK),
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
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _draft,
        foreign_kwargs=_foreign(_draft),
    ),
    Entry(
        "policies:version_clauses",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _draft,
        method="post",
        data=lambda w: {"markdown": _POLICY_MARKDOWN},
        foreign_kwargs=_foreign(_draft),
        audits=Event.VERSION_UPDATED,
        redirect_to="policies:version_detail",
    ),
    Entry(
        "policies:version_settings",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _draft,
        method="post",
        data=lambda w: {"reminder_every_days": 3},
        foreign_kwargs=_foreign(_draft),
        audits=Event.VERSION_UPDATED,
        redirect_to="policies:version_detail",
    ),
    Entry(
        "policies:version_approve",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.COMMITTEE),
        _draft,
        method="post",
        data=lambda w: {"approving_body": "full_council", "approved_on": "2026-02-01"},
        foreign_kwargs=_foreign(_draft),
        audits=Event.VERSION_APPROVED,
        redirect_to="policies:version_detail",
    ),
    Entry(
        "policies:version_publish",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _pk(_approved_draft),
        method="post",
        foreign_kwargs=_foreign(_draft),
        audits=Event.VERSION_PUBLISHED,
        redirect_to="policies:version_detail",
    ),
    Entry(
        "policies:version_discard",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _draft,
        method="post",
        foreign_kwargs=_foreign(_draft),
        audits=Event.VERSION_DISCARDED,
        redirect_to="policies:policy_detail",
    ),
    Entry(
        "policies:acknowledgements",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.COMMITTEE),
        _in_force,
        foreign_kwargs=_foreign(_in_force),
    ),
    # A paper acknowledgement recorded for someone: only those who manage policies.
    Entry(
        "policies:acknowledgements",
        only(Role.CLERK, Role.DEPUTY_CLERK),
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
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD, Role.COMMITTEE),
        _council,
    ),
    Entry("policies:rule_create", only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD), _council),
    Entry(
        "policies:rule_create",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: _rule_form(w, name="Screens locked quickly"),
        audits=Event.RULE_CREATED,
        redirect_to="policies:rule_list",
    ),
    Entry(
        "policies:rule_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _rule,
        foreign_kwargs=_foreign(_rule),
    ),
    Entry(
        "policies:rule_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _rule,
        method="post",
        data=lambda w: _rule_form(w, name="Screens locked (renamed)"),
        foreign_kwargs=_foreign(_rule),
        audits=Event.RULE_UPDATED,
        redirect_to="policies:rule_list",
    ),
    Entry("policies:my_page", EVERYONE, _council),
    # Who works away from the office (B 6.1.1): seen by those who see acknowledgements, kept
    # by those who run the policies.
    Entry(
        "policies:remote_workers",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.COMMITTEE),
        _council,
    ),
    Entry("policies:remote_worker_add", only(Role.CLERK, Role.DEPUTY_CLERK), _council),
    Entry(
        "policies:remote_worker_add",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _council,
        method="post",
        data=lambda w: {
            "person": w.people[Role.STAFF].pk,
            "where": "At home on Mondays",
            "since": "2026-01-05",
        },
        audits=Event.REMOTE_WORKER_ADDED,
        redirect_to="policies:remote_workers",
    ),
    Entry(
        "policies:remote_worker_end",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _remote_worker,
        method="post",
        foreign_kwargs=_foreign(_remote_worker),
        audits=Event.REMOTE_WORKER_ENDED,
        redirect_to="policies:remote_workers",
    ),
    # --- vault ---
    Entry("vault:entry_list", EVERYONE, _council),
    Entry("vault:generate", EVERYONE, _council),
    Entry(
        "vault:entry_create",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK),
    ),
    Entry(
        "vault:entry_create",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {**entry_form(w), "secret": "otter satchel glacier"},
        audits=Event.VAULT_ENTRY_CREATED,
        redirect_to="vault:entry_detail",
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK),
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
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _vault_entry,
        foreign_kwargs=_foreign(_vault_entry),
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK),
    ),
    Entry(
        "vault:entry_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _vault_entry,
        method="post",
        data=entry_form,
        foreign_kwargs=_foreign(_vault_entry),
        audits=Event.VAULT_ENTRY_UPDATED,
        redirect_to="vault:entry_detail",
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK),
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
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _vault_entry,
        foreign_kwargs=_foreign(_vault_entry),
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK),
    ),
    Entry(
        "vault:entry_rotate",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _vault_entry,
        method="post",
        data=lambda w: {"secret": "marble puffin orchard"},
        foreign_kwargs=_foreign(_vault_entry),
        audits=Event.VAULT_SECRET_ROTATED,
        redirect_to="vault:entry_detail",
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK),
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
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _vault_entry,
        method="post",
        foreign_kwargs=_foreign(_vault_entry),
        audits=Event.VAULT_ENTRY_RETIRED,
        redirect_to="vault:entry_list",
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK),
    ),
    Entry("vault:leaver_list", only(Role.CLERK, Role.DEPUTY_CLERK), _council),
    Entry(
        "vault:person_access",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _person,
        foreign_kwargs=_foreign(_person),
    ),
    Entry(
        "vault:person_access",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _person,
        method="post",
        foreign_kwargs=_foreign(_person),
        audits=Event.VAULT_ACCESS_REVOKED,
        redirect_to="vault:person_access",
    ),
    Entry(
        "vault:person_restore",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _pk(_revoked_person),
        method="post",
        foreign_kwargs=_foreign(_person),
        audits=Event.VAULT_ACCESS_RESTORED,
        redirect_to="vault:person_access",
    ),
    # --- devices ---
    Entry(
        "devices:device_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    Entry(
        "devices:device_export",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    Entry(
        "devices:device_detail",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _device,
        foreign_kwargs=_foreign(_device),
    ),
    Entry("devices:device_create", only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "devices:device_create",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
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
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _device,
        foreign_kwargs=_foreign(_device),
    ),
    Entry(
        "devices:device_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _pk(_edited_device),
        method="post",
        data=lambda w: _device_form(w),
        foreign_kwargs=_foreign(_device),
        audits=Event.DEVICE_UPDATED,
        redirect_to="devices:device_detail",
    ),
    Entry(
        "devices:device_issue",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _device,
        foreign_kwargs=_foreign(_device),
    ),
    Entry(
        "devices:device_issue",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _device,
        method="post",
        data=lambda w: {"person": w.people[Role.STAFF].pk, "condition": "good"},
        foreign_kwargs=_foreign(_device),
        audits=Event.DEVICE_ISSUED,
        redirect_to="devices:device_detail",
    ),
    Entry(
        "devices:device_return",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _issued_device,
        foreign_kwargs=_foreign(_issued_device),
    ),
    Entry(
        "devices:device_return",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _issued_device,
        method="post",
        data=lambda w: {"condition": "good", "status": "in_stock"},
        foreign_kwargs=_foreign(_issued_device),
        audits=Event.DEVICE_RETURNED,
        redirect_to="devices:device_detail",
    ),
    Entry("devices:device_import", only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "devices:device_import",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {"file": _device_csv_upload()},
        audits=Event.DEVICES_IMPORTED,
        redirect_to="devices:device_list",
    ),
    Entry(
        "devices:posture_import", only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER), _council
    ),
    Entry(
        "devices:posture_import",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {"file": _mdm_upload(make_device(w).serial)},
        audits=Event.POSTURE_IMPORTED,
        answers_with_page=True,  # the import's report, on the same page
    ),
    Entry("devices:settings", only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "devices:settings",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {
            "max_lock_minutes": 3,
            "stale_after_days": 30,
            "patch_max_age_days": 90,
            "grace_days": 7,
            "insurance_excess": "50.00",
            "duties_renew_days": 365,
            "scan_max_age_days": 35,
        },
        audits=Event.DEVICE_SETTINGS_CHANGED,
        redirect_to="devices:device_list",
    ),
    Entry(
        "devices:own_device_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    Entry(
        "devices:loss_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    Entry(
        "devices:loss_detail",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
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
    # B 2.2.4: the own device's IMEI and SIM kept on file, and its duties confirmed.
    Entry("devices:own_device_numbers", EVERYONE, _council, off_the_list=NOBODY),
    Entry(
        "devices:own_device_numbers",
        EVERYONE,
        _council,
        method="post",
        data=_own_numbers,
        off_the_list=NOBODY,
        audits=Event.OWN_DEVICE_NUMBERS_CHANGED,
        redirect_to="devices:mine",
    ),
    Entry("devices:own_device_duties", EVERYONE, _council, off_the_list=NOBODY),
    Entry(
        "devices:own_device_duties",
        EVERYONE,
        _council,
        method="post",
        data=_own_duties,
        off_the_list=NOBODY,
        audits=Event.OWN_DEVICE_DUTIES_CONFIRMED,
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
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
    ),
    Entry(
        "devices:loss_report",
        EVERYONE,
        _council,
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
    ),
    # One's own issued device; off the list, those who run the register report the staff
    # member's.
    Entry(
        "devices:loss_report",
        EVERYONE,
        _council,
        method="post",
        data=lambda w: _own_loss_report(w),
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        audits=Event.DEVICE_LOSS_REPORTED,
        redirect_to="devices:mine",
        redirect_off_the_list="devices:loss_detail",
    ),
    Entry(
        "devices:loss_police",
        EVERYONE,
        _council,
        method="post",
        data=_own_loss,
        audits=Event.DEVICE_LOSS_POLICE_NUMBER,
        redirect_to="devices:mine",
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        redirect_off_the_list="devices:loss_detail",
    ),
    # Approvals (C9): the detail pages are for those who decide or oversee; a person follows
    # their own requests on "my requests".
    Entry(
        "devices:approval_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
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
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
        _approval,
        foreign_kwargs=_foreign(_approval),
    ),
    Entry(
        "devices:approval_decide",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.IT_PROVIDER),
        _approval,
        method="post",
        data=lambda w: {"decision": "refuse", "note": "Not needed."},
        foreign_kwargs=_foreign(_approval),
        audits=Event.APPROVAL_DECISION,
        redirect_to="devices:approval_detail",
    ),
    Entry(
        "devices:approval_virus",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _approval,
        method="post",
        data=lambda w: {"sha256": "a" * 64, "scanner": "ClamAV", "result": "clean"},
        foreign_kwargs=_foreign(_approval),
        audits=Event.APPROVAL_VIRUS_CHECKED,
        redirect_to="devices:approval_detail",
    ),
    Entry(
        "devices:approval_consent",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.IT_PROVIDER),
        _pk(lambda w: _recording(w, w.people[Role.STAFF])),
        method="post",
        data=_outsiders_consent,
        foreign_kwargs=_foreign(_approval),
        audits=Event.APPROVAL_CONSENT,
        redirect_to="devices:approval_detail",
    ),
    Entry("devices:cctv_aims", only(Role.CLERK, Role.DEPUTY_CLERK), _council),
    Entry(
        "devices:cctv_aims",
        only(Role.CLERK, Role.DEPUTY_CLERK),
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
    Entry("devices:catalogue_add", only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "devices:catalogue_add",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {"name": "LibreOffice", "publisher": "The Document Foundation"},
        audits=Event.CATALOGUE_CHANGED,
        redirect_to="devices:catalogue",
    ),
    Entry(
        "devices:scan_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    Entry("devices:scan_import", only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "devices:scan_import",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {"file": _inventory_upload(w)},
        audits=Event.SOFTWARE_IMPORTED,
        redirect_to="devices:scan_detail",
    ),
    Entry(
        "devices:scan_detail",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
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
    Entry(
        "devices:leaver_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    Entry("devices:leaver_start", only(Role.CLERK, Role.DEPUTY_CLERK), _council),
    Entry(
        "devices:leaver_start",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _council,
        method="post",
        data=lambda w: {"person": w.people[Role.STAFF].pk, "leave_date": _today()},
        audits=Event.LEAVER_STARTED,
        redirect_to="devices:leaver_detail",
    ),
    Entry(
        "devices:leaver_detail",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _leaver,
        foreign_kwargs=_foreign(_leaver),
    ),
    Entry(
        "devices:leaver_tick",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _leaver,
        method="post",
        data=_open_leaver_item,
        foreign_kwargs=_foreign(_leaver),
        audits=Event.LEAVER_ITEM_DONE,
        redirect_to="devices:leaver_detail",
    ),
    Entry(
        "devices:leaver_disable",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _pk(_leaver_with_account),
        method="post",
        foreign_kwargs=_foreign(_leaver),
        audits=Event.USER_DISABLED,
        redirect_to="devices:leaver_detail",
    ),
    Entry(
        "devices:leaver_revoke",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _leaver,
        method="post",
        foreign_kwargs=_foreign(_leaver),
        audits=Event.LEAVER_ITEM_DONE,
        redirect_to="devices:leaver_detail",
    ),
    Entry(
        "devices:leaver_restore",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _leaver,
        method="post",
        data=lambda w: {"reason": "Staying on after all."},
        foreign_kwargs=_foreign(_leaver),
        audits=Event.LEAVER_WITHDRAWN,
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
    Entry(
        "phones:report", only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.DP_LEAD), _council
    ),
    Entry(
        "phones:report_export",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.DP_LEAD),
        _council,
    ),
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
    Entry("phones:settings", only(Role.CLERK, Role.DEPUTY_CLERK), _council),
    Entry(
        "phones:settings",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _council,
        method="post",
        data=lambda w: {**PHONE_SETTINGS, "ratio": "4.0"},
        audits=Event.PHONE_SETTINGS_CHANGED,
        redirect_to="phones:setup",
    ),
    Entry("phones:setup", only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER), _council),
    Entry("phones:bill_import", only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "phones:bill_import",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {"profile": "canonical", "file": phone_bill_upload(w)},
        audits=Event.EVENTS_INGESTED,
        redirect_to="phones:setup",
    ),
    Entry("phones:profile_build", only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER), _council),
    # The last step: the columns mapped on a sample of the bill, saved (the earlier steps, the
    # sample and the preview, only show).
    Entry(
        "phones:profile_build",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
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
    Entry("phones:profile_import", only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "phones:profile_import",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {"file": _phone_profile_upload()},
        audits=Event.PHONE_PROFILE_SAVED,
        redirect_to="phones:setup",
    ),
    Entry(
        "phones:profile_export",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _phone_profile,
        foreign_kwargs=_foreign(_phone_profile),
    ),
    Entry("phones:directory", only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER), _council),
    Entry(
        "phones:directory",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {"number": "01632 960123", "label": "Pavilion cleaner", "kind": "supplier"},
        audits=Event.PHONE_BUSINESS_NUMBER_ADDED,
        redirect_to="phones:directory",
    ),
    Entry(
        "phones:directory_remove",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _business_number,
        method="post",
        foreign_kwargs=_foreign(_business_number),
        audits=Event.PHONE_BUSINESS_NUMBER_REMOVED,
        redirect_to="phones:directory",
    ),
    # --- e-mail and sign-ins ---
    Entry(
        "mail:coverage",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.IT_PROVIDER),
        _council,
    ),
    Entry(
        "mail:coverage_export",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.IT_PROVIDER),
        _council,
    ),
    Entry("mail:setup", only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD), _council),
    Entry(
        "mail:setup",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {
            "s-personal_use": "none",
            "s-personal_messages_per_week": "20",
            "s-forward_messages_per_week": "10",
            "s-business_from_personal_per_week": "3",
            "s-auto_forward_messages": "5",
            "s-auto_forward_minutes": "2",
            "s-failed_signins_per_day": "10",
            "s-allowed_countries": "GB",
        },
        audits=Event.MAIL_SETTINGS_CHANGED,
        redirect_to="mail:setup",
    ),
    Entry(
        "mail:contact_add",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {"c-value": "county.gov.uk", "c-kind": "council", "c-note": "County"},
        audits=Event.MAIL_CONTACT_ADDED,
        redirect_to="mail:setup",
    ),
    Entry(
        "mail:contact_remove",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _mail_contact,
        method="post",
        foreign_kwargs=_foreign(_mail_contact),
        audits=Event.MAIL_CONTACT_REMOVED,
        redirect_to="mail:setup",
    ),
    Entry(
        "mail:personal_add",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {
            "p-person": w.people[Role.STAFF].pk,
            "p-address": "staff.home@mail.example",
        },
        audits=Event.MAIL_PERSONAL_ADDRESS_ADDED,
        redirect_to="mail:setup",
    ),
    Entry(
        "mail:personal_remove",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _personal_address,
        method="post",
        foreign_kwargs=_foreign(_personal_address),
        audits=Event.MAIL_PERSONAL_ADDRESS_REMOVED,
        redirect_to="mail:setup",
    ),
    Entry(
        "mail:analyse",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _council,
        method="post",
        audits=Event.FINDINGS_ANALYSED,
        redirect_to="mail:setup",
    ),
    Entry("mail:mine", EVERYONE, _council),
    Entry(
        "mail:mine_add",
        EVERYONE,
        _council,
        method="post",
        data=lambda w: {"address": "me.at.home@mail.example"},
        audits=Event.MAIL_PERSONAL_ADDRESS_ADDED,
        redirect_to="mail:mine",
        off_the_list=NOBODY,
    ),
    Entry(
        "mail:mine_remove",
        EVERYONE,
        _council,
        method="post",
        data=_own_personal_address,
        audits=Event.MAIL_PERSONAL_ADDRESS_REMOVED,
        redirect_to="mail:mine",
        off_the_list=NOBODY,
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
    # --- dse (display screen equipment: clerk runs, DP lead looks, everyone has their own) ---
    Entry("dse:register", only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD), _council),
    Entry("dse:register_export", only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD), _council),
    Entry(
        "dse:user_add",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _council,
        method="post",
        data=lambda w: {"person": w.people[Role.STAFF].pk, "since": "2025-01-06"},
        audits=Event.DSE_USER_ADDED,
        redirect_to="dse:person",
    ),
    Entry("dse:settings", only(Role.CLERK, Role.DEPUTY_CLERK), _council),
    Entry(
        "dse:settings",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _council,
        method="post",
        data=lambda w: {
            "eye_test_every_months": 12,
            "offer_answer_days": 21,
            "assessment_every_months": 12,
            "glasses_contribution": "90.00",
        },
        audits=Event.DSE_SETTINGS_CHANGED,
        redirect_to="dse:register",
    ),
    Entry(
        "dse:person",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _screen_person,
        foreign_kwargs=_foreign(_screen_person),
    ),
    Entry(
        "dse:user_end",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _screen_person,
        method="post",
        data=lambda w: {"ended_on": _today_iso()},
        audits=Event.DSE_USER_ENDED,
        redirect_to="dse:person",
        foreign_kwargs=_foreign(_screen_person),
    ),
    Entry(
        "dse:offer",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _screen_person,
        method="post",
        data=lambda w: {"reason": "periodic"},
        audits=Event.DSE_EYE_TEST_OFFERED,
        redirect_to="dse:person",
        foreign_kwargs=_foreign(_screen_person),
    ),
    Entry(
        "dse:assessment_review",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _review,
        method="post",
        data=lambda w: {"actions": "Anti-glare screen ordered."},
        audits=Event.DSE_ASSESSMENT_REVIEWED,
        redirect_to="dse:person",
        foreign_kwargs=_foreign(_review),
    ),
    Entry(
        "dse:contribution",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _glasses,
        method="post",
        data=lambda w: {"amount": "45.00", "paid_on": _today_iso(), "reference": "BACS 17"},
        audits=Event.DSE_CONTRIBUTION_RECORDED,
        redirect_to="dse:person",
        foreign_kwargs=_foreign(_glasses),
    ),
    Entry("dse:mine", EVERYONE, _council),
    Entry(
        "dse:mine_answer",
        EVERYONE,
        _council,
        method="post",
        data=_own_offer,
        audits=Event.DSE_EYE_TEST_ANSWERED,
        redirect_to="dse:mine",
        off_the_list=NOBODY,
    ),
    Entry(
        "dse:mine_request",
        EVERYONE,
        _council,
        method="post",
        data=_own_eye_test_request,
        audits=Event.DSE_EYE_TEST_REQUESTED,
        redirect_to="dse:mine",
        off_the_list=NOBODY,
    ),
    Entry(
        "dse:mine_test",
        EVERYONE,
        _council,
        method="post",
        data=_own_test,
        audits=Event.DSE_EYE_TEST_TAKEN,
        redirect_to="dse:mine",
        off_the_list=NOBODY,
    ),
    Entry("dse:mine_assessment", EVERYONE, _council, off_the_list=NOBODY),
    Entry(
        "dse:mine_assessment",
        EVERYONE,
        _council,
        method="post",
        data=_own_assessment,
        audits=Event.DSE_ASSESSMENT_SUBMITTED,
        redirect_to="dse:mine",
        off_the_list=NOBODY,
    ),
    # --- incidents ---
    Entry(
        "incidents:incident_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
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
    Entry(
        "incidents:incident_settings", only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD), _council
    ),
    Entry(
        "incidents:incident_settings",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {"failed_sign_in_limit": 6, "failed_sign_in_minutes": 20},
        audits=Event.INCIDENT_SETTINGS_CHANGED,
        redirect_to="incidents:incident_list",
    ),
    Entry(
        "incidents:incident_detail",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _incident,
        foreign_kwargs=_foreign(_incident),
    ),
    Entry(
        "incidents:incident_update",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _incident,
        foreign_kwargs=_foreign(_incident),
    ),
    Entry(
        "incidents:incident_update",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _incident,
        method="post",
        data=lambda w: {"actions": "Asked the recipient to delete it."},
        foreign_kwargs=_foreign(_incident),
        audits=Event.INCIDENT_UPDATED,
        redirect_to="incidents:incident_detail",
    ),
    Entry(
        "incidents:incident_decide",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _incident,
        foreign_kwargs=_foreign(_incident),
    ),
    Entry(
        "incidents:incident_decide",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _incident,
        method="post",
        data=lambda w: {"decision": "not_reportable", "reason": "One address, deleted."},
        foreign_kwargs=_foreign(_incident),
        audits=Event.INCIDENT_BREACH_DECIDED,
        redirect_to="incidents:incident_detail",
    ),
    Entry(
        "incidents:incident_close",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _incident,
        foreign_kwargs=_foreign(_incident),
    ),
    Entry(
        "incidents:incident_close",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _pk(lambda w: make_incident(w, "malware")),
        method="post",
        data=lambda w: {"outcome": "Contained."},
        audits=Event.INCIDENT_CLOSED,
        redirect_to="incidents:incident_detail",
        foreign_kwargs=_foreign(_incident),
    ),
    # --- monitoring ---
    Entry(
        "monitoring:source_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    Entry(
        "monitoring:source_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        lambda w: {**_council(w), "kind": "dns"},
    ),
    Entry(
        "monitoring:source_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        lambda w: {**_council(w), "kind": "dns"},
        method="post",
        data=lambda w: {"purpose": "To find prohibited sites.", "retention_days": 30},
        audits=Event.MONITORING_SOURCE_SET,
        redirect_to="monitoring:source_list",
    ),
    Entry(
        "monitoring:finding_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.DP_LEAD),
        _council,
    ),
    Entry(
        "monitoring:finding_export",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.DP_LEAD),
        _council,
    ),
    Entry(
        "monitoring:finding_detail",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.DP_LEAD),
        _finding,
        foreign_kwargs=_foreign(_finding),
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
    ),
    Entry(
        "monitoring:finding_review",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.DP_LEAD),
        _finding,
        foreign_kwargs=_foreign(_finding),
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
    ),
    Entry(
        "monitoring:finding_review",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.DP_LEAD),
        _finding,
        method="post",
        data=lambda w: {"decision": "noted", "reason": ""},
        foreign_kwargs=_foreign(_finding),
        audits=Event.FINDING_NOTED,
        redirect_to="monitoring:finding_detail",
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
    ),
    # A finding about a named person is opened for a work purpose (C18).
    Entry(
        "monitoring:finding_purpose",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.DP_LEAD),
        _finding,
        foreign_kwargs=_foreign(_finding),
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
    ),
    Entry(
        "monitoring:finding_purpose",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.DP_LEAD),
        _finding,
        method="post",
        data=lambda w: {"purpose": "review", "detail": ""},
        foreign_kwargs=_foreign(_finding),
        audits=Event.MONITORING_VIEWED,
        redirect_to="monitoring:finding_detail",
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
    ),
    Entry(
        "monitoring:finding_events",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _finding,
        foreign_kwargs=_foreign(_finding),
    ),
    Entry(
        "monitoring:finding_events",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
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
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
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
    Entry(
        "monitoring:category_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    Entry(
        "monitoring:category_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {"category": "gambling", "meaning": "prohibited"},
        audits=Event.CATEGORY_MEANING_SET,
        redirect_to="monitoring:category_list",
    ),
    Entry(
        "monitoring:category_remove",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _category,
        method="post",
        foreign_kwargs=_foreign(_category),
        audits=Event.CATEGORY_MEANING_REMOVED,
        redirect_to="monitoring:category_list",
    ),
    Entry("monitoring:domain_add", only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD), _council),
    Entry(
        "monitoring:domain_add",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {"domain": "parish-news.example", "meaning": "social"},
        audits=Event.DOMAIN_RULE_ADDED,
        redirect_to="monitoring:category_list",
    ),
    Entry(
        "monitoring:domain_remove",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _domain,
        method="post",
        foreign_kwargs=_foreign(_domain),
        audits=Event.DOMAIN_RULE_REMOVED,
        redirect_to="monitoring:category_list",
    ),
    Entry(
        "monitoring:batch_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    Entry(
        "monitoring:batch_detail",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _batch,
        foreign_kwargs=_foreign(_batch),
    ),
    Entry(
        "monitoring:upload",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    Entry(
        "monitoring:upload",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {"kind": "proxy", "format": "squid", "file": _squid_upload(w)},
        audits=Event.EVENTS_INGESTED,
        redirect_to="monitoring:batch_detail",
    ),
    # Web and DNS log profiles (issue 23): the IT provider who runs the filter, and the clerk.
    Entry(
        "monitoring:log_profile_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
    ),
    Entry(
        "monitoring:log_profile_build",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
    ),
    # Preview only shows; saving (with a sample the profile reads) is the change.
    Entry(
        "monitoring:log_profile_build",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {**LOG_PROFILE_FORM, "save": "1"},
        audits=Event.LOG_PROFILE_SAVED,
        redirect_to="monitoring:log_profile_list",
    ),
    Entry(
        "monitoring:log_profile_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _log_profile,
        foreign_kwargs=_foreign(_log_profile),
    ),
    Entry(
        "monitoring:log_profile_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _log_profile,
        method="post",
        data=lambda w: {**LOG_PROFILE_FORM, "name": "office-filter-edited", "save": "1"},
        foreign_kwargs=_foreign(_log_profile),
        audits=Event.LOG_PROFILE_SAVED,
        redirect_to="monitoring:log_profile_list",
    ),
    Entry(
        "monitoring:log_profile_delete",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _log_profile,
        method="post",
        foreign_kwargs=_foreign(_log_profile),
        audits=Event.LOG_PROFILE_DELETED,
        redirect_to="monitoring:log_profile_list",
    ),
    Entry(
        "monitoring:log_profile_export",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _log_profile,
        foreign_kwargs=_foreign(_log_profile),
    ),
    Entry(
        "monitoring:log_profile_import",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
    ),
    Entry(
        "monitoring:log_profile_import",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        data=lambda w: {"file": _log_profile_upload()},
        audits=Event.LOG_PROFILE_SAVED,
        redirect_to="monitoring:log_profile_list",
    ),
    Entry(
        "monitoring:identity_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    Entry(
        "monitoring:identity_add", only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER), _council
    ),
    Entry(
        "monitoring:identity_add",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
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
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _identity,
        method="post",
        data=lambda w: {"at": "2026-03-01T09:00"},
        foreign_kwargs=_foreign(_identity),
        audits=Event.IDENTITY_CHANGED,
        redirect_to="monitoring:identity_list",
    ),
    Entry("monitoring:hold_list", only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD), _council),
    Entry(
        "monitoring:hold_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
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
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _hold,
        method="post",
        data=lambda w: {"reason": "The case is closed."},
        foreign_kwargs=_foreign(_hold),
        audits=Event.LEGAL_HOLD_RELEASED,
        redirect_to="monitoring:hold_list",
    ),
    Entry(
        "monitoring:purge_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
    ),
    Entry("monitoring:settings", only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD), _council),
    Entry(
        "monitoring:settings",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
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
    # --- provider: the IT provider's own pages, across its councils (403 for anyone else) ---
    Entry("provider:home", only(Role.IT_PROVIDER), council_scoped=False),
    Entry("provider:tokens", only(Role.IT_PROVIDER), council_scoped=False),
    Entry(
        "provider:tokens",
        only(Role.IT_PROVIDER),
        method="post",
        data=lambda w: {"name": "Nightly uploads", "councils": [w.council.slug]},
        council_scoped=False,
        audits=Event.PROVIDER_TOKEN_ISSUED,
        answers_with_page=True,  # the new token is shown once, on the list
    ),
    Entry(
        "provider:token_revoke",
        only(Role.IT_PROVIDER),
        lambda w: {"pk": _provider_token(w).pk},
        method="post",
        council_scoped=False,
        audits=Event.PROVIDER_TOKEN_REVOKED,
        redirect_to="provider:tokens",
    ),
    # --- end provider ---
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
    Entry("reminders:settings", only(Role.CLERK, Role.DEPUTY_CLERK), _council),
    Entry(
        "reminders:settings",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _council,
        method="post",
        data=lambda w: {"urgent_at_once": "on", "digest_hour": "8"},
        audits=Event.REMINDER_SETTINGS_CHANGED,
        redirect_to="reminders:settings",
    ),
    # Monthly monitoring report and its CSV: clerk, data protection lead, committee (totals).
    Entry(
        "reports:index",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.COMMITTEE),
        _council,
        redirects=True,
    ),
    Entry(
        "reports:monitoring",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.COMMITTEE),
        _council,
    ),
    Entry(
        "reports:monitoring_export",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.COMMITTEE),
        _council,
    ),
    # Committee packs: clerk, data protection lead, committee read them; the clerk prints them.
    Entry(
        "reports:pack_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.COMMITTEE),
        _council,
    ),
    Entry(
        "reports:pack_make",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _council,
        method="post",
        data=lambda w: {"month": "2026-02"},
        audits=Event.COMMITTEE_PACK_MADE,
        redirect_to="reports:pack_download",
    ),
    Entry(
        "reports:pack_download",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.COMMITTEE),
        _pk(_pack),
        foreign_kwargs=_foreign(_pk(_pack)),
    ),
]

API = [
    Entry("api:council_list", EVERYONE, api=True, council_scoped=False),
    # --- provider: routed uploads reach the councils where the caller may upload logs ---
    Entry(
        "api:routed-upload",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.IT_PROVIDER),
        method="post",
        api=True,
        council_scoped=False,
        data=_routed_upload,
        audits=Event.EVENTS_INGESTED,
    ),
    Entry(
        "api:person-list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
        api=True,
    ),
    Entry(
        "api:person-detail",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
        _person,
        api=True,
        foreign_kwargs=_foreign(_person),
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
    ),
    Entry(
        "api:person-list",
        only(Role.CLERK, Role.DEPUTY_CLERK),
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
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _person,
        method="patch",
        api=True,
        data=lambda w: {"job_title": "Caretaker"},
        foreign_kwargs=_foreign(_person),
        audits=Event.PERSON_UPDATED,
    ),
    Entry(
        "api:person-detail",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _person,
        method="put",
        api=True,
        data=lambda w: {"full_name": "Renamed", "kind": "staff", "emails": ["staff@ashby.example"]},
        foreign_kwargs=_foreign(_person),
        audits=Event.PERSON_UPDATED,
    ),
    Entry(
        "api:person-import-csv",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _council,
        method="post",
        api=True,
        data=lambda w: {"file": _csv_upload()},
        audits=Event.PEOPLE_IMPORTED,
    ),
    # --- policies (issue 21): everyone reads the policies and acknowledges for themselves;
    # who has not acknowledged is for those who chase it; the clerk records paper copies ---
    Entry("api:policy-list", EVERYONE, _council, api=True),
    Entry("api:policy-detail", EVERYONE, _policy, api=True, foreign_kwargs=_foreign(_policy)),
    Entry("api:policy-mine", EVERYONE, _council, api=True, off_the_list=NOBODY),
    Entry(
        "api:policy-version-acknowledgements",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.COMMITTEE),
        _in_force,
        api=True,
        foreign_kwargs=_foreign(_in_force),
    ),
    Entry(
        "api:policy-version-acknowledge",
        EVERYONE,
        _in_force,
        method="post",
        api=True,
        data=lambda w: {"confirm": True},
        foreign_kwargs=_foreign(_in_force),
        audits=Event.POLICY_ACKNOWLEDGED,
        off_the_list=NOBODY,
    ),
    Entry(
        "api:policy-version-paper-acknowledgement",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _in_force,
        method="post",
        api=True,
        data=lambda w: {"person": w.people[Role.STAFF].pk},
        foreign_kwargs=_foreign(_in_force),
        audits=Event.POLICY_ACKNOWLEDGED,
    ),
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
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _vault_entry,
        method="post",
        api=True,
        data=lambda w: {"secret": "marble puffin orchard"},
        foreign_kwargs=_foreign(_vault_entry),
        audits=Event.VAULT_SECRET_ROTATED,
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK),
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
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _person,
        api=True,
        foreign_kwargs=_foreign(_person),
    ),
    Entry(
        "api:vault-person-revoke",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _person,
        method="post",
        api=True,
        foreign_kwargs=_foreign(_person),
        audits=Event.VAULT_ACCESS_REVOKED,
    ),
    # --- devices ---
    Entry(
        "api:device-list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
        api=True,
    ),
    Entry(
        "api:device-detail",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _device,
        api=True,
        foreign_kwargs=_foreign(_device),
    ),
    Entry(
        "api:device-mdm-import",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        api=True,
        data=lambda w: {"file": _mdm_upload(make_device(w).serial)},
        audits=Event.POSTURE_IMPORTED,
    ),
    Entry(
        "api:device-software-import",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        api=True,
        data=lambda w: {"file": _inventory_upload(w)},
        audits=Event.SOFTWARE_IMPORTED,
    ),
    # Approvals (issue 21, C9): anyone asks, as themselves; the roles that decide or oversee
    # read them all; who decides each kind is devices.approvals' answer (a role let through to
    # decide but not an approver of the kind is refused there, 403).
    Entry(
        "api:approval-list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
        api=True,
    ),
    Entry(
        "api:approval-list",
        EVERYONE,
        _council,
        method="post",
        api=True,
        data=lambda w: {
            "kind": "removable_media",
            "summary": "Copy the minutes to the printer's",
            "reason": "The printer takes sticks only.",
            "media_description": "USB stick 3",
        },
        audits=Event.APPROVAL_REQUESTED,
        off_the_list=NOBODY,
    ),
    Entry(
        "api:approval-detail",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD),
        _approval,
        api=True,
        foreign_kwargs=_foreign(_approval),
    ),
    Entry("api:approval-mine", EVERYONE, _council, api=True, off_the_list=NOBODY),
    Entry(
        "api:approval-withdraw",
        EVERYONE,
        _own_pending,
        method="post",
        api=True,
        foreign_kwargs=_foreign(_own_pending),
        audits=Event.APPROVAL_WITHDRAWN,
        off_the_list=NOBODY,
    ),
    # Software: the IT provider, and the clerk or a manager as senior manager.
    Entry(
        "api:approval-decide",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.IT_PROVIDER),
        _approval,
        method="post",
        api=True,
        data=lambda w: {"decision": "refuse", "note": "Not needed."},
        foreign_kwargs=_foreign(_approval),
        audits=Event.APPROVAL_DECISION,
    ),
    # Removable media (B 1.1.6): the clerk alone.
    Entry(
        "api:approval-decide",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _media,
        method="post",
        api=True,
        data=lambda w: {"decision": "approve"},
        foreign_kwargs=_foreign(_media),
        audits=Event.APPROVAL_GRANTED,
    ),
    # A CCTV viewing (A "CCTV"), asked for at cctv/viewing-requests/: the clerk alone.
    Entry(
        "api:approval-decide",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _viewing_approval_pk,
        method="post",
        api=True,
        data=lambda w: {"decision": "approve"},
        foreign_kwargs=_foreign(_viewing_approval_pk),
        audits=Event.APPROVAL_GRANTED,
    ),
    Entry(
        "api:approval-virus-check",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _approval,
        method="post",
        api=True,
        data=lambda w: {"sha256": "a" * 64, "scanner": "ClamAV", "result": "clean"},
        foreign_kwargs=_foreign(_approval),
        audits=Event.APPROVAL_VIRUS_CHECKED,
    ),
    # Charges (issue 21, C8): the clerk's; everyone reads their own statement.
    Entry("api:charge-list", only(Role.CLERK), _council, api=True),
    Entry(
        "api:charge-list",
        only(Role.CLERK),
        _council,
        method="post",
        api=True,
        data=_charge_json,
        audits=Event.CHARGE_ADDED,
    ),
    Entry(
        "api:statement-detail",
        only(Role.CLERK),
        _person,
        api=True,
        foreign_kwargs=_foreign(_person),
    ),
    Entry("api:statement-mine", EVERYONE, _council, api=True, off_the_list=NOBODY),
    # Leavers (issue 21, C24).
    Entry(
        "api:leaver-list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
        api=True,
    ),
    Entry(
        "api:leaver-detail",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _leaver,
        api=True,
        foreign_kwargs=_foreign(_leaver),
    ),
    Entry(
        "api:leaver-tick",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _leaver,
        method="post",
        api=True,
        data=_open_leaver_item,
        foreign_kwargs=_foreign(_leaver),
        audits=Event.LEAVER_ITEM_DONE,
    ),
    # --- phones ---
    Entry(
        "api:phone-bill-list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER),
        _council,
        method="post",
        api=True,
        data=lambda w: {"file": phone_bill_upload(w), "profile": "canonical"},
        audits=Event.EVENTS_INGESTED,
    ),
    # --- incidents ---
    Entry(
        "api:incident-list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
        api=True,
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
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _incident,
        api=True,
        foreign_kwargs=_foreign(_incident),
    ),
    # --- monitoring ---
    Entry(
        "api:monitoring-finding-list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.DP_LEAD),
        _council,
        api=True,
    ),
    Entry(
        "api:monitoring-finding-detail",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.DP_LEAD),
        _finding,
        api=True,
        data=lambda w: {"purpose": "review"},
        foreign_kwargs=_foreign(_finding),
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
    ),
    Entry(
        "api:monitoring-finding-review",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.DP_LEAD),
        _finding,
        method="post",
        api=True,
        data=lambda w: {"decision": "escalated", "reason": "Third time this month."},
        foreign_kwargs=_foreign(_finding),
        audits=Event.FINDING_ESCALATED,
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
    ),
    Entry(
        "api:monitoring-batch-list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
        api=True,
    ),
    Entry(
        "api:monitoring-batch-ingest",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _council,
        method="post",
        api=True,
        data=lambda w: {"kind": "proxy", "format": "squid", "file": _squid_upload(w)},
        audits=Event.EVENTS_INGESTED,
    ),
    Entry(
        "api:monitoring-batch-detail",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD),
        _batch,
        api=True,
        foreign_kwargs=_foreign(_batch),
    ),
    Entry("api-schema", EVERYONE, api=True, council_scoped=False),
    Entry("api-docs", EVERYONE, api=True, council_scoped=False),
    Entry("api-redoc", EVERYONE, api=True, council_scoped=False),
    # --- rights (allowed: clerk and data protection lead run requests; the DP lead alone
    # reviews and releases; everyone makes and follows their own) ---
    Entry("rights:request_list", only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD), _council),
    Entry("rights:request_create", only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD), _council),
    Entry(
        "rights:request_create",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
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
    Entry("rights:settings", only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD), _council),
    Entry(
        "rights:settings",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
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
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _rights_request,
        foreign_kwargs=_foreign(_rights_request),
    ),
    *[
        Entry(
            f"rights:request_{step}",
            only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
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
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
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
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _rectification_request,
        foreign_kwargs=_foreign(_rectification_request),
    ),
    Entry(
        "rights:request_rectify",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
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
        only(Role.STAFF, Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _released_request,
        foreign_kwargs=_foreign(_released_request),
        # Off the list, the staff member is not the requester the link was made for.
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
    ),
    # --- end rights ---
    # --- privacy ---
    Entry("privacy:mine", EVERYONE, _council),
    Entry(
        "privacy:mine",
        EVERYONE,
        _council,
        method="post",
        data=lambda w: {
            "kind": "number",
            "value": "01632 960 555",
            "extent": "standing",
            "reason": "My trade union representative",
        },
        audits=Event.PROTECTION_REQUESTED,
        redirect_to="privacy:mine",
        off_the_list=NOBODY,  # nothing of theirs to protect
    ),
    Entry(
        "privacy:withdraw",
        EVERYONE,
        _own_protection,
        method="post",
        foreign_kwargs=_foreign(_own_protection),
        audits=Event.PROTECTION_WITHDRAWN,
        redirect_to="privacy:mine",
        off_the_list=NOBODY,
    ),
    Entry("privacy:request_list", only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER), _council),
    # The manager decides for their team, the clerk for a councillor (the acting member's
    # own share: another member's request is missing to them).
    Entry(
        "privacy:decide",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER),
        _protection_to_decide,
        foreign_kwargs=_foreign(_protection_to_decide),
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK),
    ),
    Entry(
        "privacy:decide",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER),
        _protection_to_decide,
        method="post",
        data=lambda w: {"decision": "refuse", "refusal_reason": "Use your own phone for it"},
        foreign_kwargs=_foreign(_protection_to_decide),
        audits=Event.PROTECTION_REFUSED,
        redirect_to="privacy:request_list",
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK),
    ),
    Entry("privacy:always_list", only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD), _council),
    Entry(
        "privacy:always_list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _council,
        method="post",
        data=lambda w: {"kind": "number", "value": "0800 123 4567", "label": "Helpline"},
        audits=Event.ALWAYS_PROTECTED_ADDED,
        redirect_to="privacy:always_list",
    ),
    Entry(
        "privacy:always_standard",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _council,
        method="post",
        audits=Event.ALWAYS_PROTECTED_ADDED,
        redirect_to="privacy:always_list",
    ),
    Entry(
        "privacy:always_remove",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _always_protected,
        method="post",
        foreign_kwargs=_foreign(_always_protected),
        audits=Event.ALWAYS_PROTECTED_REMOVED,
        redirect_to="privacy:always_list",
    ),
    # --- end privacy ---
    # --- cases (the investigator is a person, not a role: the matrix's cases name the
    # manager; off the list, a manager is not that person) ---
    Entry("cases:case_list", EVERYONE, _council),
    Entry("cases:case_create", CASE_MANAGERS, _council),
    Entry(
        "cases:case_create",
        CASE_MANAGERS,
        _council,
        method="post",
        data=lambda w: {
            "title": "Offensive post on a council page",
            "kind": "social_media",
            "origin": "complaint",
            "subjects": [w.people[Role.STAFF].pk],
            "allegation": "A resident complained about a post made from the council account.",
            "clauses": "A Social Media",
        },
        audits=Event.CASE_OPENED,
        redirect_to="cases:case_detail",
    ),
    Entry("cases:settings", CASE_MANAGERS, _council),
    Entry(
        "cases:settings",
        CASE_MANAGERS,
        _council,
        method="post",
        data=lambda w: {"appeal_days": "42"},
        audits=Event.CASE_SETTINGS_CHANGED,
        redirect_to="cases:case_list",
    ),
    Entry("cases:hold_list", CASE_MANAGERS, _council),
    Entry("cases:mine", EVERYONE, _council, off_the_list=NOBODY),
    Entry("cases:my_case", EVERYONE, _own_case, off_the_list=NOBODY),
    Entry(
        "cases:my_case",
        EVERYONE,
        _own_case,
        method="post",
        data=lambda w: {"account": "I did not use the laptop on those days."},
        audits=Event.CASE_ACCOUNT_GIVEN,
        redirect_to="cases:my_case",
        off_the_list=NOBODY,
    ),
    Entry("cases:my_evidence", EVERYONE, _own_evidence, off_the_list=NOBODY),
    Entry(
        "cases:case_detail",
        CASE_WORKERS,
        _case_investigated,
        foreign_kwargs=_foreign(_case_investigated),
        off_the_list=CASE_MANAGERS,
    ),
    Entry(
        "cases:evidence_detail",
        CASE_WORKERS,
        _evidence,
        foreign_kwargs=_foreign(_evidence),
        off_the_list=CASE_MANAGERS,
    ),
    Entry(
        "cases:case_review",
        CASE_MANAGERS,
        _case_open,
        foreign_kwargs=_foreign(_case_open),
    ),
    Entry(
        "cases:case_review",
        CASE_MANAGERS,
        _case_open,
        method="post",
        data=lambda w: {"reason": "A first look at the findings."},
        foreign_kwargs=_foreign(_case_open),
        audits=Event.CASE_STAGE_CHANGED,
        redirect_to="cases:case_detail",
    ),
    Entry(
        "cases:case_appoint",
        CASE_MANAGERS,
        _case_reviewed,
        foreign_kwargs=_foreign(_case_reviewed),
    ),
    Entry(
        "cases:case_appoint",
        CASE_MANAGERS,
        _case_reviewed,
        method="post",
        data=lambda w: {
            "investigator": w.users[Role.MANAGER].memberships.get(council=w.council).pk,
            "terms": "Establish who used the laptop and when, within four weeks.",
            "reason": "There is a case to investigate.",
        },
        foreign_kwargs=_foreign(_case_reviewed),
        audits=Event.CASE_INVESTIGATOR_APPOINTED,
        redirect_to="cases:case_detail",
    ),
    Entry(
        "cases:case_findings",
        CASE_WORKERS,
        _case_investigated,
        foreign_kwargs=_foreign(_case_investigated),
        off_the_list=CASE_MANAGERS,
    ),
    Entry(
        "cases:case_findings",
        CASE_WORKERS,
        _case_investigated,
        method="post",
        data=lambda w: {"findings": "The visits were made from her account in working hours."},
        foreign_kwargs=_foreign(_case_investigated),
        audits=Event.CASE_FINDINGS_RECORDED,
        redirect_to="cases:case_detail",
        off_the_list=CASE_MANAGERS,
    ),
    Entry(
        "cases:case_outcome",
        CASE_MANAGERS,
        _case_found,
        foreign_kwargs=_foreign(_case_found),
    ),
    Entry(
        "cases:case_outcome",
        CASE_MANAGERS,
        _case_found,
        method="post",
        data=lambda w: {"outcome": "no_case", "reason": "Someone else used the laptop."},
        foreign_kwargs=_foreign(_case_found),
        audits=Event.CASE_OUTCOME_RECORDED,
        redirect_to="cases:case_detail",
    ),
    Entry(
        "cases:case_close",
        CASE_MANAGERS,
        _case_decided,
        foreign_kwargs=_foreign(_case_decided),
    ),
    Entry(
        "cases:case_close",
        CASE_MANAGERS,
        _case_decided,
        method="post",
        data=lambda w: {"reason": "The outcome was told to her."},
        foreign_kwargs=_foreign(_case_decided),
        audits=Event.CASE_CLOSED,
        redirect_to="cases:case_detail",
    ),
    Entry(
        "cases:case_tell",
        CASE_WORKERS,
        _case_investigated,
        foreign_kwargs=_foreign(_case_investigated),
        off_the_list=CASE_MANAGERS,
    ),
    Entry(
        "cases:case_tell",
        CASE_WORKERS,
        _case_investigated,
        method="post",
        data=_told_data,
        foreign_kwargs=_foreign(_case_investigated),
        audits=Event.CASE_SUBJECT_TOLD,
        redirect_to="cases:case_detail",
        off_the_list=CASE_MANAGERS,
    ),
    Entry(
        "cases:evidence_link",
        CASE_WORKERS,
        _case_investigated,
        foreign_kwargs=_foreign(_case_investigated),
        off_the_list=CASE_MANAGERS,
    ),
    Entry(
        "cases:evidence_link",
        CASE_WORKERS,
        _case_investigated,
        method="post",
        data=_new_finding_of_subject,
        foreign_kwargs=_foreign(_case_investigated),
        audits=Event.CASE_EVIDENCE_ADDED,
        redirect_to="cases:case_detail",
        off_the_list=CASE_MANAGERS,
    ),
    # Raw events are for those who answer for monitoring, even to an appointed investigator.
    Entry(
        "cases:evidence_extract",
        CASE_MANAGERS,
        _case_investigated,
        foreign_kwargs=_foreign(_case_investigated),
    ),
    Entry(
        "cases:evidence_extract",
        CASE_MANAGERS,
        _case_phone,
        method="post",
        data=_phone_case_finding,
        audits=Event.CASE_EVIDENCE_ADDED,
        redirect_to="cases:case_detail",
    ),
    Entry(
        "cases:evidence_document",
        CASE_WORKERS,
        _case_investigated,
        foreign_kwargs=_foreign(_case_investigated),
        off_the_list=CASE_MANAGERS,
    ),
    Entry(
        "cases:evidence_document",
        CASE_WORKERS,
        _case_investigated,
        method="post",
        data=lambda w: {"title": "Letter from a colleague", "upload": _letter(), "relied_on": "on"},
        foreign_kwargs=_foreign(_case_investigated),
        audits=Event.CASE_EVIDENCE_ADDED,
        redirect_to="cases:case_detail",
        off_the_list=CASE_MANAGERS,
    ),
    Entry(
        "cases:evidence_interview",
        CASE_WORKERS,
        _case_investigated,
        foreign_kwargs=_foreign(_case_investigated),
        off_the_list=CASE_MANAGERS,
    ),
    Entry(
        "cases:evidence_interview",
        CASE_WORKERS,
        _case_investigated,
        method="post",
        data=lambda w: {
            "title": "Interview with the office's other laptop user, 3 March",
            "notes": "Did not use the laptop in the weeks concerned; it stays in the office.",
        },
        foreign_kwargs=_foreign(_case_investigated),
        audits=Event.CASE_EVIDENCE_ADDED,
        redirect_to="cases:case_detail",
        off_the_list=CASE_MANAGERS,
    ),
    Entry(
        "cases:case_export",
        CASE_MANAGERS,
        _case_investigated,
        foreign_kwargs=_foreign(_case_investigated),
    ),
    Entry(
        "cases:case_export",
        CASE_MANAGERS,
        _case_investigated,
        method="post",
        data=lambda w: {"recipient": "Ann Wells, Wells & Co", "reason": "Advice on the case"},
        foreign_kwargs=_foreign(_case_investigated),
        audits=Event.CASE_EXPORTED,
        redirect_to="cases:case_detail",
    ),
    Entry("cases:export_download", CASE_MANAGERS, _export, foreign_kwargs=_foreign(_export)),
    # --- end cases ---
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


def _log_profile_upload():
    """A vendor's log profile as the profile export writes it (docs/web-profiles.md)."""
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    profile = {
        "format": "councilguard-log-profile",
        "version": 1,
        "name": "vendor-y",
        "log": "dns",
        "fields": {"time": "Time", "client": "Client", "host": "Domain"},
        "blocked_values": [],
    }
    return SimpleUploadedFile("vendor-y.log-profile.json", json.dumps(profile).encode())


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


# --- cctv (A "CCTV": the clerk runs the register, the DP lead oversees it, managers ask to
# view footage and log what they saw) ---
from councilguard.cctv import testing as cctv  # noqa: E402

_CCTV_VIEW = only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.MANAGER)
_camera = _pk(cctv.make_camera)
_viewing_request = _pk(cctv.make_viewing_request)
_approved_viewing = _pk(cctv.make_approved_viewing)


def _minutes_ago(minutes: int) -> str:
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localtime(timezone.now() - timedelta(minutes=minutes)).strftime(
        "%Y-%m-%dT%H:%M"
    )


def _camera_form(w: World) -> dict:
    return {
        "name": "Car park", "site": "Town hall", "location": "Lamp post by the entrance",
        "coverage": "The car park.", "records_sound": "no", "signage": "yes",
        "aims": [cctv.make_aim(w).pk], "retention_days": 14,
    }  # fmt: skip


def _edited_camera(w: World):
    """One camera, the same for the URL and the form sent to it."""
    if not hasattr(w, "edited_camera"):
        w.edited_camera = cctv.make_camera(w)
    return w.edited_camera


def _viewing_request_form(w: World) -> dict:
    return {
        "camera": cctv.make_camera(w).pk, "aim": cctv.make_aim(w).pk,
        "period_start": _minutes_ago(600), "period_end": _minutes_ago(300),
        "reason": "A window was broken.",
    }  # fmt: skip


PAGES += [
    Entry("cctv:camera_list", _CCTV_VIEW, _council),
    Entry("cctv:camera_export", _CCTV_VIEW, _council),
    Entry("cctv:camera_add", only(Role.CLERK, Role.DEPUTY_CLERK), _council),
    Entry(
        "cctv:camera_add",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _council,
        method="post",
        data=_camera_form,
        audits=Event.CCTV_CAMERA_ADDED,
        redirect_to="cctv:camera_detail",
    ),
    Entry("cctv:camera_detail", _CCTV_VIEW, _camera, foreign_kwargs=_foreign(_camera)),
    Entry(
        "cctv:camera_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _camera,
        foreign_kwargs=_foreign(_camera),
    ),
    Entry(
        "cctv:camera_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _pk(_edited_camera),
        method="post",
        data=lambda w: {**_camera_form(w), "name": _edited_camera(w).name},
        foreign_kwargs=_foreign(_camera),
        audits=Event.CCTV_CAMERA_UPDATED,
        redirect_to="cctv:camera_detail",
    ),
    Entry("cctv:retention", _CCTV_VIEW, _council),
    Entry(
        "cctv:retention_record",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _camera,
        foreign_kwargs=_foreign(_camera),
    ),
    Entry(
        "cctv:retention_record",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _camera,
        method="post",
        data=lambda w: {"recorder_days": 45, "checked_on": _today()},
        foreign_kwargs=_foreign(_camera),
        audits=Event.CCTV_RETENTION_CHECKED,
        redirect_to="cctv:retention",
    ),
    Entry(
        "cctv:disclosure_add",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _camera,
        foreign_kwargs=_foreign(_camera),
    ),
    Entry(
        "cctv:disclosure_add",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _camera,
        method="post",
        data=lambda w: {
            "recipient": "police",
            "recipient_name": "Shire Constabulary",
            "their_reference": "CRI/1",
            "footage": "Channel 1, 01:00 to 02:00",
            "reason": "Evidence of a break-in.",
            "disclosed_on": _today(),
        },  # fmt: skip
        foreign_kwargs=_foreign(_camera),
        audits=Event.CCTV_FOOTAGE_DISCLOSED,
        redirect_to="cctv:disclosure_list",
    ),
    Entry(
        "cctv:own_footage",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _camera,
        foreign_kwargs=_foreign(_camera),
    ),
    Entry(
        "cctv:own_footage",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _camera,
        method="post",
        data=lambda w: {
            "requester_name": "Jordan Hale",
            "requester_contact": "jordan@example.net",
            "channel": "email",
            "received_on": _today(),
            "period_start": _minutes_ago(600),
            "period_end": _minutes_ago(300),
            "description": "Red coat",
        },  # fmt: skip
        foreign_kwargs=_foreign(_camera),
        audits=Event.CCTV_OWN_FOOTAGE_REQUESTED,
        redirect_to="cctv:camera_detail",
    ),
    Entry("cctv:viewing_list", _CCTV_VIEW, _council),
    Entry("cctv:viewing_request", _CCTV_VIEW, _council, off_the_list=NOBODY),
    Entry(
        "cctv:viewing_request",
        _CCTV_VIEW,
        _council,
        method="post",
        data=_viewing_request_form,
        audits=Event.CCTV_VIEWING_REQUESTED,
        redirect_to="cctv:viewing_detail",
        off_the_list=NOBODY,
    ),
    Entry(
        "cctv:viewing_detail",
        _CCTV_VIEW,
        _viewing_request,
        foreign_kwargs=_foreign(_viewing_request),
    ),
    Entry(
        "cctv:viewing_log",
        _CCTV_VIEW,
        _approved_viewing,
        foreign_kwargs=_foreign(_approved_viewing),
        off_the_list=NOBODY,
    ),
    Entry(
        "cctv:viewing_log",
        _CCTV_VIEW,
        _approved_viewing,
        method="post",
        data=lambda w: {
            "viewed_at": _minutes_ago(5),
            "footage": "Channel 1, 01:00 to 02:00",
            "seen": "Nobody came near the door.",
            "outcome": "nothing",
        },  # fmt: skip
        foreign_kwargs=_foreign(_approved_viewing),
        audits=Event.CCTV_FOOTAGE_VIEWED,
        redirect_to="cctv:viewing_detail",
        off_the_list=NOBODY,
    ),
    Entry("cctv:disclosure_list", _CCTV_VIEW, _council),
]


def _camera_json(w: World) -> dict:
    return {**_camera_form(w), "records_sound": False, "signage": True}


API += [
    Entry("api:cctv-camera-list", _CCTV_VIEW, _council, api=True),
    Entry(
        "api:cctv-camera-list",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _council,
        method="post",
        api=True,
        data=_camera_json,
        audits=Event.CCTV_CAMERA_ADDED,
    ),
    Entry(
        "api:cctv-camera-detail", _CCTV_VIEW, _camera, api=True, foreign_kwargs=_foreign(_camera)
    ),
    Entry(
        "api:cctv-camera-detail",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _pk(_edited_camera),
        method="put",
        api=True,
        data=lambda w: {**_camera_json(w), "name": _edited_camera(w).name},
        foreign_kwargs=_foreign(_camera),
        audits=Event.CCTV_CAMERA_UPDATED,
    ),
    Entry(
        "api:cctv-camera-detail",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _camera,
        method="patch",
        api=True,
        data=lambda w: {"retention_days": 20},
        foreign_kwargs=_foreign(_camera),
        audits=Event.CCTV_CAMERA_UPDATED,
    ),
    Entry("api:cctv-viewing-list", _CCTV_VIEW, _council, api=True),
    # Asked for as oneself; decided as an approval (api:approval-decide, above).
    Entry("api:cctv-viewing-request-list", _CCTV_VIEW, _council, api=True),
    Entry(
        "api:cctv-viewing-request-list",
        _CCTV_VIEW,
        _council,
        method="post",
        api=True,
        data=_viewing_request_form,
        audits=Event.CCTV_VIEWING_REQUESTED,
        off_the_list=NOBODY,
    ),
    Entry(
        "api:cctv-viewing-request-detail",
        _CCTV_VIEW,
        _viewing_request,
        api=True,
        foreign_kwargs=_foreign(_viewing_request),
    ),
    Entry("api:cctv-disclosure-list", _CCTV_VIEW, _council, api=True),
]
# --- end cctv ---


# --- socialmedia (the clerk runs it and answers the press, the DP lead oversees; anyone
# reports a post or logs an enquiry; everyone sees their own group chats) ---
from councilguard.socialmedia import testing as social  # noqa: E402

_SOCIAL_VIEW = only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD)
_account = _pk(social.make_account)
_enquiry = _pk(social.make_enquiry)
_post_report = _pk(social.make_report)
_removal = _pk(social.make_removal)
_group = _pk(social.make_group)


def _account_form(w: World) -> dict:
    return {"platform": "instagram", "handle": "ashby.council", "purpose": "Photographs.",
            "posters": [w.people[Role.CLERK].pk]}  # fmt: skip


def _group_form(w: World) -> dict:
    return {"name": "Allotments team", "platform": "whatsapp", "purpose": "The allotments.",
            "members": [w.people[Role.CLERK].pk, w.people[Role.STAFF].pk]}  # fmt: skip


def _own_group_membership(w: World) -> dict:
    """A group the acting member (or, for outsiders, the staff member) is in."""
    from councilguard.socialmedia.services import save_group

    group = save_group(w.council, name=f"Events team for {_mine(w).full_name}",
                       platform="whatsapp", purpose="The fete.", members=[_mine(w)],
                       actor=SETUP)  # fmt: skip
    return {"member": group.members.get().pk}


def _screenshot_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("post.png", social.png(), content_type="image/png")


PAGES += [
    Entry("socialmedia:index", _SOCIAL_VIEW, _council),
    Entry("socialmedia:reports_export", _SOCIAL_VIEW, _council),
    Entry("socialmedia:enquiries_export", _SOCIAL_VIEW, _council),
    Entry("socialmedia:account_add", only(Role.CLERK, Role.DEPUTY_CLERK), _council),
    Entry(
        "socialmedia:account_add",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _council,
        method="post",
        data=_account_form,
        audits=Event.SOCIAL_ACCOUNT_SAVED,
        redirect_to="socialmedia:index",
    ),
    Entry(
        "socialmedia:account_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _account,
        foreign_kwargs=_foreign(_account),
    ),  # fmt: skip
    Entry(
        "socialmedia:account_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _account,
        method="post",
        data=_account_form,
        foreign_kwargs=_foreign(_account),
        audits=Event.SOCIAL_ACCOUNT_SAVED,
        redirect_to="socialmedia:index",
    ),
    Entry("socialmedia:enquiry_add", EVERYONE, _council),
    Entry(
        "socialmedia:enquiry_add",
        EVERYONE,
        _council,
        method="post",
        data=lambda w: {
            "outlet": "Ashby Gazette",
            "journalist": "Kim Parry",
            "contact": "kim@gazette.example",
            "question": "Is the pavilion closed?",
            "received_at": _minutes_ago(10),
        },  # fmt: skip
        audits=Event.SOCIAL_ENQUIRY_RECORDED,
        redirect_to="core:home",
    ),
    Entry(
        "socialmedia:enquiry_detail", _SOCIAL_VIEW, _enquiry, foreign_kwargs=_foreign(_enquiry)
    ),  # fmt: skip
    Entry(
        "socialmedia:enquiry_answer",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _enquiry,
        foreign_kwargs=_foreign(_enquiry),
    ),  # fmt: skip
    Entry(
        "socialmedia:enquiry_answer",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _enquiry,
        method="post",
        data=lambda w: {"answer": "It reopens on Saturday.", "answered_on": _today()},
        foreign_kwargs=_foreign(_enquiry),
        audits=Event.SOCIAL_ENQUIRY_ANSWERED,
        redirect_to="socialmedia:enquiry_detail",
    ),
    Entry("socialmedia:report_add", EVERYONE, _council),
    Entry(
        "socialmedia:report_add",
        EVERYONE,
        _council,
        method="post",
        data=lambda w: {
            "url": "https://social.example/post/1",
            "platform": "facebook",
            "concern": "A colleague is insulted.",
            "screenshot": _screenshot_upload(),
        },  # fmt: skip
        audits=Event.SOCIAL_POST_REPORTED,
        redirect_to="core:home",
    ),
    Entry(
        "socialmedia:report_detail",
        _SOCIAL_VIEW,
        _post_report,
        foreign_kwargs=_foreign(_post_report),
    ),  # fmt: skip
    Entry(
        "socialmedia:report_screenshot",
        _SOCIAL_VIEW,
        _post_report,
        foreign_kwargs=_foreign(_post_report),
    ),
    Entry(
        "socialmedia:report_triage",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _post_report,
        foreign_kwargs=_foreign(_post_report),
    ),  # fmt: skip
    Entry(
        "socialmedia:report_triage",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _post_report,
        method="post",
        data=lambda w: {
            "decision": "removal",
            "asked_of": "The poster",
            "asked_on": _today(),
            "follow_up_days": 7,
        },  # fmt: skip
        foreign_kwargs=_foreign(_post_report),
        audits=Event.SOCIAL_REMOVAL_REQUESTED,
        redirect_to="socialmedia:report_detail",
    ),
    Entry(
        "socialmedia:removal_close",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _removal,
        foreign_kwargs=_foreign(_removal),
    ),  # fmt: skip
    Entry(
        "socialmedia:removal_close",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _removal,
        method="post",
        data=lambda w: {"removed": "yes", "outcome": "Taken down.", "closed_on": _today()},
        foreign_kwargs=_foreign(_removal),
        audits=Event.SOCIAL_REMOVAL_CLOSED,
        redirect_to="socialmedia:report_detail",
    ),
    Entry("socialmedia:group_add", only(Role.CLERK, Role.DEPUTY_CLERK), _council),
    Entry(
        "socialmedia:group_add",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _council,
        method="post",
        data=_group_form,
        audits=Event.SOCIAL_GROUP_SAVED,
        redirect_to="socialmedia:index",
    ),
    Entry(
        "socialmedia:group_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _group,
        foreign_kwargs=_foreign(_group),
    ),
    Entry(
        "socialmedia:group_edit",
        only(Role.CLERK, Role.DEPUTY_CLERK),
        _group,
        method="post",
        data=_group_form,
        foreign_kwargs=_foreign(_group),
        audits=Event.SOCIAL_GROUP_SAVED,
        redirect_to="socialmedia:index",
    ),
    Entry("socialmedia:my_groups", EVERYONE, _council),
    Entry(
        "socialmedia:group_acknowledge",
        EVERYONE,
        _council,
        method="post",
        data=_own_group_membership,
        audits=Event.SOCIAL_GROUP_RULE_ACKNOWLEDGED,
        redirect_to="socialmedia:my_groups",
        off_the_list=NOBODY,
    ),
    Entry("socialmedia:photo_permission", EVERYONE, _council, off_the_list=NOBODY),
    Entry(
        "socialmedia:photo_permission",
        EVERYONE,
        _council,
        method="post",
        data=lambda w: {
            "account": social.make_account(w).pk,
            "activity": "The summer fete",
            "taken_on": _today(),
            "everyone_agreed": "yes",
            "children_pictured": "no",
            "reason": "To show the fete.",
        },  # fmt: skip
        audits=Event.SOCIAL_PHOTO_PERMISSION_REQUESTED,
        redirect_to="devices:my_approvals",
        off_the_list=NOBODY,
    ),
]
API += [
    Entry("api:social-account-list", _SOCIAL_VIEW, _council, api=True),
    Entry("api:social-enquiry-list", _SOCIAL_VIEW, _council, api=True),
    Entry(
        "api:social-enquiry-list",
        EVERYONE,
        _council,
        method="post",
        api=True,
        data=lambda w: {
            "outlet": "Ashby Gazette",
            "journalist": "Kim Parry",
            "contact": "kim@gazette.example",
            "question": "Is the pavilion closed?",
            "received_at": _minutes_ago(10),
        },  # fmt: skip
        audits=Event.SOCIAL_ENQUIRY_RECORDED,
    ),
    Entry("api:social-report-list", _SOCIAL_VIEW, _council, api=True),
]
# --- end socialmedia ---

# --- retention (C19, B 5.1.3) ---
RETENTION_MANAGERS = only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD)


def _findings_period(w: World) -> dict:
    return {"council": w.council.slug, "kind": "monitoring.findings"}


PAGES += [
    Entry("retention:schedule", RETENTION_MANAGERS, _council),
    Entry("retention:period_edit", RETENTION_MANAGERS, _findings_period),
    Entry(
        "retention:period_edit",
        RETENTION_MANAGERS,
        _findings_period,
        method="post",
        data=lambda w: {"days": "200", "reason": "Agreed by the staffing committee."},
        audits=Event.RETENTION_PERIOD_CHANGED,
        redirect_to="retention:schedule",
    ),
]
# --- end retention ---


# --- dse (API: the register and its tests are health data, read by the clerk and the data
# protection lead; a test taken is recorded by its person, or by the clerk for anyone) ---
def _own_eye_test(w: World) -> dict:
    return {**_council(w), "pk": dse.make_offer(w, _mine(w)).pk}


API += [
    Entry(
        "api:dse-user-list", only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD), _council, api=True
    ),
    Entry(
        "api:dse-eye-test-list",
        only(Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD),
        _council,
        api=True,
    ),
    Entry(
        "api:dse-eye-test-record",
        EVERYONE,
        _own_eye_test,
        method="post",
        api=True,
        data=lambda w: {"tested_on": _today_iso(), "tested_by": "A. Optician, High Street"},
        foreign_kwargs=_foreign(_own_eye_test),
        audits=Event.DSE_EYE_TEST_TAKEN,
        # Off the list only the clerk, who runs the register, records someone's test.
        off_the_list=only(Role.CLERK, Role.DEPUTY_CLERK),
    ),
]
# --- end dse (API) ---
