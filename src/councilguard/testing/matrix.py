"""The permission matrix: every page and API endpoint, who may use it, and how to reach it.

``test_permission_matrix`` (core/tests) requests each entry as: nobody signed in, every role of
the council, and the clerk of another council; and checks that every URL the project serves is
listed here, so a new page without an entry fails the suite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model

from councilguard.api.models import ApiToken
from councilguard.api.services import issue_token
from councilguard.core.roles import GRANTS, Action, Role
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

ALL_ROLES = frozenset(Role)


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

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}"


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
    "ratio": "3.5", "peer_ratio": "4.0", "history_months": 6, "min_history": 3, "min_peers": 4,
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


def _mdm_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "intune.csv", b"SerialNumber,CompliantState\nNOSUCH1,Compliant\n", content_type="text/csv"
    )


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


def can(action: Action) -> frozenset[Role]:
    return frozenset(GRANTS[action])


PAGES = [
    Entry("core:home", can(Action.VIEW_DASHBOARD), _council),
    Entry("people:person_list", can(Action.VIEW_PEOPLE), _council),
    Entry("people:person_export", can(Action.VIEW_PEOPLE), _council),
    # Managers see their own team; the staff member reports to the matrix's manager.
    Entry(
        "people:person_detail", can(Action.VIEW_PEOPLE), _person, foreign_kwargs=_foreign(_person)
    ),
    Entry("people:person_create", can(Action.CHANGE_PEOPLE), _council),
    Entry(
        "people:person_edit", can(Action.CHANGE_PEOPLE), _person, foreign_kwargs=_foreign(_person)
    ),
    Entry("people:person_import", can(Action.CHANGE_PEOPLE), _council),
    Entry("accounts:access_list", can(Action.MANAGE_ACCESS), _council),
    Entry(
        "accounts:access_change",
        can(Action.MANAGE_ACCESS),
        _membership,
        method="post",
        data=lambda w: {f"m{w.users[Role.STAFF].memberships.get().pk}-role": "councillor"},
        foreign_kwargs=_foreign(_membership),
    ),
    Entry(
        "accounts:access_remove",
        can(Action.MANAGE_ACCESS),
        _membership,
        method="post",
        foreign_kwargs=_foreign(_membership),
    ),
    Entry("tokens:token_list", can(Action.MANAGE_TOKENS), _council),
    Entry(
        "tokens:token_revoke",
        can(Action.MANAGE_TOKENS),
        _token,
        method="post",
        foreign_kwargs=_foreign(_token),
    ),
    Entry("audit:entry_list", can(Action.VIEW_AUDIT), _council),
    # Not council pages: any signed-in user.
    # --- policies ---
    Entry("policies:policy_list", can(Action.VIEW_POLICIES), _council),
    Entry("policies:policy_create", can(Action.MANAGE_POLICIES), _council),
    Entry("policies:policy_import", can(Action.MANAGE_POLICIES), _council),
    Entry(
        "policies:policy_detail",
        can(Action.VIEW_POLICIES),
        _policy,
        foreign_kwargs=_foreign(_policy),
    ),
    Entry(
        "policies:policy_edit",
        can(Action.MANAGE_POLICIES),
        _policy,
        foreign_kwargs=_foreign(_policy),
    ),
    Entry(
        "policies:review_create",
        can(Action.MANAGE_POLICIES),
        _policy,
        foreign_kwargs=_foreign(_policy),
    ),
    Entry(
        "policies:version_new",
        can(Action.MANAGE_POLICIES),
        _policy,
        method="post",
        data=lambda w: {"label": "2.0"},
        foreign_kwargs=_foreign(_policy),
    ),
    Entry(
        "policies:version_detail",
        can(Action.VIEW_POLICIES),
        _in_force,
        foreign_kwargs=_foreign(_in_force),
    ),
    Entry(
        "policies:version_clauses",
        can(Action.MANAGE_POLICIES),
        _draft,
        foreign_kwargs=_foreign(_draft),
    ),
    Entry(
        "policies:version_settings",
        can(Action.MANAGE_POLICIES),
        _draft,
        method="post",
        data=lambda w: {"reminder_every_days": 3},
        foreign_kwargs=_foreign(_draft),
    ),
    Entry(
        "policies:version_approve",
        can(Action.APPROVE_POLICIES),
        _draft,
        method="post",
        data=lambda w: {"approving_body": "full_council", "approved_on": "2026-02-01"},
        foreign_kwargs=_foreign(_draft),
    ),
    Entry(
        "policies:version_publish",
        can(Action.MANAGE_POLICIES),
        _draft,
        method="post",
        foreign_kwargs=_foreign(_draft),
    ),
    Entry(
        "policies:version_discard",
        can(Action.MANAGE_POLICIES),
        _draft,
        method="post",
        foreign_kwargs=_foreign(_draft),
    ),
    Entry(
        "policies:acknowledgements",
        can(Action.VIEW_ACKNOWLEDGEMENTS),
        _in_force,
        foreign_kwargs=_foreign(_in_force),
    ),
    Entry(
        "policies:my_acknowledge",
        can(Action.VIEW_OWN_PAGE),
        _in_force,
        method="post",
        data=lambda w: {"confirm": "yes"},
        foreign_kwargs=_foreign(_in_force),
    ),
    Entry(
        "policies:my_accept_remote_rules",
        can(Action.VIEW_OWN_PAGE),
        _in_force,
        method="post",
        foreign_kwargs=_foreign(_in_force),
    ),
    Entry(
        "policies:clause_detail",
        can(Action.VIEW_POLICIES),
        _clause,
        foreign_kwargs=_foreign(_clause),
    ),
    Entry("policies:rule_list", can(Action.VIEW_RULES), _council),
    Entry("policies:rule_create", can(Action.MANAGE_RULES), _council),
    Entry("policies:rule_edit", can(Action.MANAGE_RULES), _rule, foreign_kwargs=_foreign(_rule)),
    Entry("policies:my_page", can(Action.VIEW_OWN_PAGE), _council),
    # --- vault ---
    Entry("vault:entry_list", can(Action.VIEW_VAULT), _council),
    Entry("vault:generate", can(Action.VIEW_VAULT), _council),
    Entry("vault:entry_create", can(Action.KEEP_VAULT_ENTRIES), _council),
    Entry(
        "vault:entry_create",
        can(Action.KEEP_VAULT_ENTRIES),
        _council,
        method="post",
        data=lambda w: {**entry_form(w), "secret": "otter satchel glacier"},
    ),
    # Every role may use the matrix's entry (it names them all), so the role gate decides; an
    # entry one may not use is 404 plus an incident, tested in vault/tests.
    Entry(
        "vault:entry_detail",
        can(Action.VIEW_VAULT),
        _vault_entry,
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "vault:entry_edit",
        can(Action.KEEP_VAULT_ENTRIES),
        _vault_entry,
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "vault:entry_edit",
        can(Action.KEEP_VAULT_ENTRIES),
        _vault_entry,
        method="post",
        data=entry_form,
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "vault:entry_reveal",
        can(Action.VIEW_VAULT),
        _vault_entry,
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "vault:entry_reveal",
        can(Action.VIEW_VAULT),
        _vault_entry,
        method="post",
        data=lambda w: {"reason": "matrix"},
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "vault:entry_rotate",
        can(Action.KEEP_VAULT_ENTRIES),
        _vault_entry,
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "vault:entry_rotate",
        can(Action.KEEP_VAULT_ENTRIES),
        _vault_entry,
        method="post",
        data=lambda w: {"secret": "marble puffin orchard"},
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "vault:entry_change_now",
        can(Action.VIEW_VAULT),
        _vault_entry,
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "vault:entry_change_now",
        can(Action.VIEW_VAULT),
        _vault_entry,
        method="post",
        data=lambda w: {"note": "seen on a sticky note"},
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "vault:entry_retire",
        can(Action.KEEP_VAULT_ENTRIES),
        _vault_entry,
        method="post",
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry("vault:leaver_list", can(Action.MANAGE_VAULT), _council),
    Entry(
        "vault:person_access", can(Action.MANAGE_VAULT), _person, foreign_kwargs=_foreign(_person)
    ),
    Entry(
        "vault:person_access",
        can(Action.MANAGE_VAULT),
        _person,
        method="post",
        foreign_kwargs=_foreign(_person),
    ),
    Entry(
        "vault:person_restore",
        can(Action.MANAGE_VAULT),
        _person,
        method="post",
        foreign_kwargs=_foreign(_person),
    ),
    # --- devices ---
    Entry("devices:device_list", can(Action.VIEW_DEVICES), _council),
    Entry("devices:device_export", can(Action.VIEW_DEVICES), _council),
    Entry(
        "devices:device_detail", can(Action.VIEW_DEVICES), _device, foreign_kwargs=_foreign(_device)
    ),
    Entry("devices:device_create", can(Action.MANAGE_DEVICES), _council),
    Entry(
        "devices:device_edit", can(Action.MANAGE_DEVICES), _device, foreign_kwargs=_foreign(_device)
    ),
    Entry(
        "devices:device_issue",
        can(Action.MANAGE_DEVICES),
        _device,
        foreign_kwargs=_foreign(_device),
    ),
    Entry(
        "devices:device_return",
        can(Action.MANAGE_DEVICES),
        _issued_device,
        foreign_kwargs=_foreign(_issued_device),
    ),
    Entry("devices:device_import", can(Action.MANAGE_DEVICES), _council),
    Entry("devices:posture_import", can(Action.MANAGE_DEVICES), _council),
    Entry("devices:settings", can(Action.MANAGE_DEVICES), _council),
    Entry("devices:own_device_list", can(Action.VIEW_DEVICES), _council),
    Entry("devices:loss_list", can(Action.VIEW_DEVICES), _council),
    Entry("devices:loss_detail", can(Action.VIEW_DEVICES), _loss, foreign_kwargs=_foreign(_loss)),
    Entry(
        "devices:loss_decide",
        can(Action.DECIDE_DEVICE_CHARGES),
        _loss,
        method="post",
        data=lambda w: {"decision": "excess_only"},
        foreign_kwargs=_foreign(_loss),
    ),
    # A person's own pages: each form offers only the person's own things, so a choice that is
    # not theirs is refused by the form, not by a 404.
    Entry("devices:mine", can(Action.OWN_DEVICES), _council),
    Entry("devices:accept_terms", can(Action.OWN_DEVICES), _council, method="post"),
    Entry("devices:own_device_create", can(Action.OWN_DEVICES), _council),
    Entry("devices:own_device_attest", can(Action.OWN_DEVICES), _council),
    Entry("devices:task_done", can(Action.OWN_DEVICES), _council, method="post"),
    Entry("devices:loss_report", can(Action.REPORT_DEVICE_LOSS), _council),
    Entry("devices:loss_police", can(Action.REPORT_DEVICE_LOSS), _council, method="post"),
    # Approvals (C9): the detail pages are for those who decide or oversee; a person follows
    # their own requests on "my requests".
    Entry("devices:approval_list", can(Action.VIEW_APPROVALS), _council),
    Entry("devices:approval_start", can(Action.REQUEST_APPROVAL), _council),
    Entry(
        "devices:approval_create",
        can(Action.REQUEST_APPROVAL),
        lambda w: {**_council(w), "kind": "software"},
    ),
    Entry(
        "devices:approval_create",
        can(Action.REQUEST_APPROVAL),
        lambda w: {**_council(w), "kind": "website_link"},
        method="post",
        data=lambda w: {
            "summary": "Link to the county",
            "reason": "Residents ask for it.",
            "url": "https://county.example.org/",
        },
    ),
    Entry(
        "devices:approval_detail",
        can(Action.VIEW_APPROVALS),
        _approval,
        foreign_kwargs=_foreign(_approval),
    ),
    Entry(
        "devices:approval_decide",
        can(Action.DECIDE_APPROVALS),
        _approval,
        method="post",
        data=lambda w: {"decision": "refuse", "note": "Not needed."},
        foreign_kwargs=_foreign(_approval),
    ),
    Entry(
        "devices:approval_virus",
        can(Action.DECIDE_APPROVALS),
        _approval,
        method="post",
        data=lambda w: {"sha256": "a" * 64, "scanner": "ClamAV", "result": "clean"},
        foreign_kwargs=_foreign(_approval),
    ),
    Entry(
        "devices:approval_consent",
        can(Action.DECIDE_APPROVALS),
        _approval,
        method="post",
        foreign_kwargs=_foreign(_approval),
    ),
    Entry("devices:cctv_aims", can(Action.MANAGE_CCTV_AIMS), _council),
    Entry("devices:my_approvals", can(Action.REQUEST_APPROVAL), _council),
    Entry("devices:approval_withdraw", can(Action.REQUEST_APPROVAL), _council, method="post"),
    Entry("devices:my_consent", can(Action.REQUEST_APPROVAL), _council, method="post"),
    # Software (C9 catalogue, C10 scans).
    Entry("devices:catalogue", can(Action.VIEW_CATALOGUE), _council),
    Entry("devices:catalogue_add", can(Action.MANAGE_CATALOGUE), _council),
    Entry("devices:scan_list", can(Action.VIEW_DEVICES), _council),
    Entry("devices:scan_import", can(Action.IMPORT_SOFTWARE), _council),
    Entry("devices:scan_detail", can(Action.VIEW_DEVICES), _scan, foreign_kwargs=_foreign(_scan)),
    # Charges (C8).
    Entry("devices:charge_list", can(Action.VIEW_CHARGES), _council),
    Entry("devices:charge_add", can(Action.VIEW_CHARGES), _council),
    Entry(
        "devices:charge_change",
        can(Action.VIEW_CHARGES),
        _charge,
        method="post",
        data=lambda w: {"amount": "35.00", "status": "agreed"},
        foreign_kwargs=_foreign(_charge),
    ),
    Entry("devices:statement", can(Action.VIEW_CHARGES), _person, foreign_kwargs=_foreign(_person)),
    Entry(
        "devices:statement_export",
        can(Action.VIEW_CHARGES),
        _person,
        foreign_kwargs=_foreign(_person),
    ),
    Entry("devices:my_statement", can(Action.OWN_DEVICES), _council),
    # Leavers (C24).
    Entry("devices:leaver_list", can(Action.VIEW_LEAVERS), _council),
    Entry("devices:leaver_start", can(Action.MANAGE_LEAVERS), _council),
    Entry(
        "devices:leaver_detail", can(Action.VIEW_LEAVERS), _leaver, foreign_kwargs=_foreign(_leaver)
    ),
    Entry(
        "devices:leaver_tick",
        can(Action.MANAGE_LEAVERS),
        _leaver,
        method="post",
        foreign_kwargs=_foreign(_leaver),
    ),
    Entry(
        "devices:leaver_disable",
        can(Action.MANAGE_LEAVERS),
        _leaver,
        method="post",
        foreign_kwargs=_foreign(_leaver),
    ),
    Entry(
        "devices:leaver_revoke",
        can(Action.MANAGE_LEAVERS),
        _leaver,
        method="post",
        foreign_kwargs=_foreign(_leaver),
    ),
    Entry("devices:own_data_deleted", can(Action.OWN_DEVICES), _council, method="post"),
    # --- phones ---
    Entry("phones:report", can(Action.VIEW_PHONE_FINDINGS), _council),
    Entry("phones:report_export", can(Action.VIEW_PHONE_FINDINGS), _council),
    Entry(
        "phones:finding_agree",
        can(Action.DECIDE_PHONE_CHARGES),
        _reviewed_phone_finding,
        method="post",
        data=lambda w: {"amount": "12.50", "note": "Agreed in supervision"},
        foreign_kwargs=_foreign(_reviewed_phone_finding),
    ),
    Entry("phones:recovery_list", can(Action.DECIDE_PHONE_CHARGES), _council),
    Entry("phones:settings", can(Action.MANAGE_PHONE_SETTINGS), _council),
    Entry(
        "phones:settings",
        can(Action.MANAGE_PHONE_SETTINGS),
        _council,
        method="post",
        data=lambda w: {**PHONE_SETTINGS, "ratio": "4.0"},
    ),
    Entry("phones:setup", can(Action.MANAGE_PHONES), _council),
    Entry("phones:bill_import", can(Action.MANAGE_PHONES), _council),
    Entry(
        "phones:bill_import",
        can(Action.MANAGE_PHONES),
        _council,
        method="post",
        data=lambda w: {"profile": "canonical", "file": phone_bill_upload(w)},
    ),
    Entry("phones:profile_build", can(Action.MANAGE_PHONES), _council),
    Entry("phones:profile_import", can(Action.MANAGE_PHONES), _council),
    Entry(
        "phones:profile_export",
        can(Action.MANAGE_PHONES),
        _phone_profile,
        foreign_kwargs=_foreign(_phone_profile),
    ),
    Entry("phones:directory", can(Action.MANAGE_PHONES), _council),
    Entry(
        "phones:directory_remove",
        can(Action.MANAGE_PHONES),
        _business_number,
        method="post",
        foreign_kwargs=_foreign(_business_number),
    ),
    Entry("phones:mine", can(Action.OWN_PHONE_USE), _council),
    Entry(
        "phones:mine_number_add",
        can(Action.OWN_PHONE_USE),
        _council,
        method="post",
        data=lambda w: {"number": "07700 900777", "label": "Home"},
    ),
    Entry(
        "phones:mine_number_remove",
        can(Action.OWN_PHONE_USE),
        _council,
        method="post",
        data=lambda w: {"item": 0},
    ),
    # --- incidents ---
    Entry("incidents:incident_list", can(Action.VIEW_INCIDENTS), _council),
    Entry("incidents:incident_report", can(Action.REPORT_INCIDENT), _council),
    Entry(
        "incidents:incident_report",
        can(Action.REPORT_INCIDENT),
        _council,
        method="post",
        data=lambda w: {
            "kind": "malware",
            "title": "Odd pop-ups",
            "description": "The office PC shows odd pop-ups.",
        },
    ),
    Entry("incidents:incident_settings", can(Action.MANAGE_INCIDENTS), _council),
    Entry(
        "incidents:incident_settings",
        can(Action.MANAGE_INCIDENTS),
        _council,
        method="post",
        data=lambda w: {"failed_sign_in_limit": 6, "failed_sign_in_minutes": 20},
    ),
    Entry(
        "incidents:incident_detail",
        can(Action.VIEW_INCIDENTS),
        _incident,
        foreign_kwargs=_foreign(_incident),
    ),
    Entry(
        "incidents:incident_update",
        can(Action.MANAGE_INCIDENTS),
        _incident,
        foreign_kwargs=_foreign(_incident),
    ),
    Entry(
        "incidents:incident_update",
        can(Action.MANAGE_INCIDENTS),
        _incident,
        method="post",
        data=lambda w: {"actions": "Asked the recipient to delete it."},
        foreign_kwargs=_foreign(_incident),
    ),
    Entry(
        "incidents:incident_decide",
        can(Action.MANAGE_INCIDENTS),
        _incident,
        foreign_kwargs=_foreign(_incident),
    ),
    Entry(
        "incidents:incident_decide",
        can(Action.MANAGE_INCIDENTS),
        _incident,
        method="post",
        data=lambda w: {"decision": "not_reportable", "reason": "One address, deleted."},
        foreign_kwargs=_foreign(_incident),
    ),
    Entry(
        "incidents:incident_close",
        can(Action.MANAGE_INCIDENTS),
        _incident,
        foreign_kwargs=_foreign(_incident),
    ),
    Entry(
        "incidents:incident_close",
        can(Action.MANAGE_INCIDENTS),
        _incident,
        method="post",
        data=lambda w: {"outcome": "Contained."},
        foreign_kwargs=_foreign(_incident),
    ),
    # --- monitoring ---
    Entry("monitoring:source_list", can(Action.VIEW_MONITORING), _council),
    Entry(
        "monitoring:source_edit",
        can(Action.MANAGE_MONITORING),
        lambda w: {**_council(w), "kind": "dns"},
    ),
    Entry(
        "monitoring:source_edit",
        can(Action.MANAGE_MONITORING),
        lambda w: {**_council(w), "kind": "dns"},
        method="post",
        data=lambda w: {"purpose": "To find prohibited sites.", "retention_days": 30},
    ),
    Entry("monitoring:finding_list", can(Action.REVIEW_FINDINGS), _council),
    Entry("monitoring:finding_export", can(Action.REVIEW_FINDINGS), _council),
    Entry(
        "monitoring:finding_detail",
        can(Action.REVIEW_FINDINGS),
        _finding,
        foreign_kwargs=_foreign(_finding),
    ),
    Entry(
        "monitoring:finding_review",
        can(Action.REVIEW_FINDINGS),
        _finding,
        method="post",
        data=lambda w: {"decision": "noted", "reason": ""},
        foreign_kwargs=_foreign(_finding),
    ),
    Entry(
        "monitoring:finding_events",
        can(Action.OPEN_RAW_EVENTS),
        _finding,
        foreign_kwargs=_foreign(_finding),
    ),
    Entry(
        "monitoring:finding_events",
        can(Action.OPEN_RAW_EVENTS),
        _finding,
        method="post",
        data=lambda w: {"purpose": "Checking the explanation given."},
        foreign_kwargs=_foreign(_finding),
    ),
    # The bill lines behind a phone finding, through the same page and rules.
    Entry(
        "monitoring:finding_events",
        can(Action.OPEN_RAW_EVENTS),
        _phone_finding,
        method="post",
        data=lambda w: {"purpose": "Checking the explanation given."},
        foreign_kwargs=_foreign(_phone_finding),
    ),
    Entry("monitoring:mine", can(Action.OWN_FINDINGS), _council),
    Entry(
        "monitoring:explain",
        can(Action.OWN_FINDINGS),
        _council,
        method="post",
        data=lambda w: {
            "finding": monitoring.make_finding(w).pk,
            "explanation": "I was checking a complaint.",
        },
    ),
    Entry("monitoring:category_list", can(Action.VIEW_MONITORING), _council),
    Entry(
        "monitoring:category_list",
        can(Action.MANAGE_MONITORING),
        _council,
        method="post",
        data=lambda w: {"category": "gambling", "meaning": "prohibited"},
    ),
    Entry(
        "monitoring:category_remove",
        can(Action.MANAGE_MONITORING),
        _category,
        method="post",
        foreign_kwargs=_foreign(_category),
    ),
    Entry("monitoring:domain_add", can(Action.MANAGE_MONITORING), _council),
    Entry(
        "monitoring:domain_remove",
        can(Action.MANAGE_MONITORING),
        _domain,
        method="post",
        foreign_kwargs=_foreign(_domain),
    ),
    Entry("monitoring:batch_list", can(Action.VIEW_MONITORING), _council),
    Entry(
        "monitoring:batch_detail",
        can(Action.VIEW_MONITORING),
        _batch,
        foreign_kwargs=_foreign(_batch),
    ),
    Entry("monitoring:upload", can(Action.UPLOAD_MONITORING), _council),
    Entry(
        "monitoring:upload",
        can(Action.UPLOAD_MONITORING),
        _council,
        method="post",
        data=lambda w: {"kind": "proxy", "format": "squid", "file": _squid_upload(w)},
    ),
    Entry("monitoring:identity_list", can(Action.VIEW_MONITORING), _council),
    Entry("monitoring:identity_add", can(Action.MANAGE_IDENTITIES), _council),
    Entry(
        "monitoring:identity_end",
        can(Action.MANAGE_IDENTITIES),
        _identity,
        method="post",
        data=lambda w: {"at": "2026-03-01T09:00"},
        foreign_kwargs=_foreign(_identity),
    ),
    Entry("monitoring:hold_list", can(Action.MANAGE_MONITORING), _council),
    Entry(
        "monitoring:hold_release",
        can(Action.MANAGE_MONITORING),
        _hold,
        method="post",
        data=lambda w: {"reason": "The case is closed."},
        foreign_kwargs=_foreign(_hold),
    ),
    Entry("monitoring:purge_list", can(Action.VIEW_MONITORING), _council),
    Entry("monitoring:settings", can(Action.MANAGE_MONITORING), _council),
    Entry(
        "monitoring:settings",
        can(Action.MANAGE_MONITORING),
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
        },
    ),
    Entry("core:start", ALL_ROLES, council_scoped=False, redirects=True),
    Entry(
        "core:switch",
        ALL_ROLES,
        data=lambda w: {"council": w.council.slug},
        council_scoped=False,
        redirects=True,
    ),
]

API = [
    Entry("api:council_list", ALL_ROLES, api=True, council_scoped=False),
    Entry("api:person-list", can(Action.VIEW_PEOPLE), _council, api=True),
    Entry(
        "api:person-detail",
        can(Action.VIEW_PEOPLE),
        _person,
        api=True,
        foreign_kwargs=_foreign(_person),
    ),
    Entry(
        "api:person-list",
        can(Action.CHANGE_PEOPLE),
        _council,
        method="post",
        api=True,
        data=lambda w: {
            "full_name": "New Person",
            "kind": "staff",
            "emails": ["new.person@example.org"],
        },
    ),
    Entry(
        "api:person-detail",
        can(Action.CHANGE_PEOPLE),
        _person,
        method="patch",
        api=True,
        data=lambda w: {"job_title": "Caretaker"},
        foreign_kwargs=_foreign(_person),
    ),
    Entry(
        "api:person-detail",
        can(Action.CHANGE_PEOPLE),
        _person,
        method="put",
        api=True,
        data=lambda w: {"full_name": "Renamed", "kind": "staff", "emails": ["staff@ashby.example"]},
        foreign_kwargs=_foreign(_person),
    ),
    Entry(
        "api:person-import-csv",
        can(Action.CHANGE_PEOPLE),
        _council,
        method="post",
        api=True,
        data=lambda w: {"file": _csv_upload()},
    ),
    # --- policies ---
    # --- vault ---
    Entry("api:vault-entry-list", can(Action.VIEW_VAULT), _council, api=True),
    Entry(
        "api:vault-entry-detail",
        can(Action.VIEW_VAULT),
        _vault_entry,
        api=True,
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "api:vault-entry-reveal",
        can(Action.VIEW_VAULT),
        _vault_entry,
        method="post",
        api=True,
        data=lambda w: {"reason": "matrix"},
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "api:vault-entry-rotate",
        can(Action.KEEP_VAULT_ENTRIES),
        _vault_entry,
        method="post",
        api=True,
        data=lambda w: {"secret": "marble puffin orchard"},
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "api:vault-entry-change-now",
        can(Action.VIEW_VAULT),
        _vault_entry,
        method="post",
        api=True,
        data=lambda w: {"note": "seen"},
        foreign_kwargs=_foreign(_vault_entry),
    ),
    Entry(
        "api:vault-person-detail",
        can(Action.MANAGE_VAULT),
        _person,
        api=True,
        foreign_kwargs=_foreign(_person),
    ),
    Entry(
        "api:vault-person-revoke",
        can(Action.MANAGE_VAULT),
        _person,
        method="post",
        api=True,
        foreign_kwargs=_foreign(_person),
    ),
    # --- devices ---
    Entry("api:device-list", can(Action.VIEW_DEVICES), _council, api=True),
    Entry(
        "api:device-detail",
        can(Action.VIEW_DEVICES),
        _device,
        api=True,
        foreign_kwargs=_foreign(_device),
    ),
    Entry(
        "api:device-mdm-import",
        can(Action.MANAGE_DEVICES),
        _council,
        method="post",
        api=True,
        data=lambda w: {"file": _mdm_upload()},
    ),
    Entry(
        "api:device-software-import",
        can(Action.IMPORT_SOFTWARE),
        _council,
        method="post",
        api=True,
        data=lambda w: {"file": _inventory_upload(w)},
    ),
    # --- phones ---
    Entry(
        "api:phone-bill-list",
        can(Action.MANAGE_PHONES),
        _council,
        method="post",
        api=True,
        data=lambda w: {"file": phone_bill_upload(w), "profile": "canonical"},
    ),
    # --- incidents ---
    Entry("api:incident-list", can(Action.VIEW_INCIDENTS), _council, api=True),
    Entry(
        "api:incident-list",
        can(Action.REPORT_INCIDENT),
        _council,
        method="post",
        api=True,
        data=lambda w: {
            "kind": "malware",
            "title": "Odd pop-ups",
            "description": "The office PC shows odd pop-ups.",
        },
    ),
    Entry(
        "api:incident-detail",
        can(Action.VIEW_INCIDENTS),
        _incident,
        api=True,
        foreign_kwargs=_foreign(_incident),
    ),
    # --- monitoring ---
    Entry("api:monitoring-finding-list", can(Action.REVIEW_FINDINGS), _council, api=True),
    Entry(
        "api:monitoring-finding-detail",
        can(Action.REVIEW_FINDINGS),
        _finding,
        api=True,
        foreign_kwargs=_foreign(_finding),
    ),
    Entry(
        "api:monitoring-finding-review",
        can(Action.REVIEW_FINDINGS),
        _finding,
        method="post",
        api=True,
        data=lambda w: {"decision": "escalated", "reason": "Third time this month."},
        foreign_kwargs=_foreign(_finding),
    ),
    Entry("api:monitoring-batch-list", can(Action.VIEW_MONITORING), _council, api=True),
    Entry(
        "api:monitoring-batch-ingest",
        can(Action.UPLOAD_MONITORING),
        _council,
        method="post",
        api=True,
        data=lambda w: {"kind": "proxy", "format": "squid", "file": _squid_upload(w)},
    ),
    Entry(
        "api:monitoring-batch-detail",
        can(Action.VIEW_MONITORING),
        _batch,
        api=True,
        foreign_kwargs=_foreign(_batch),
    ),
    Entry("api-schema", ALL_ROLES, api=True, council_scoped=False),
    Entry("api-docs", ALL_ROLES, api=True, council_scoped=False),
    Entry("api-redoc", ALL_ROLES, api=True, council_scoped=False),
    # --- rights (allowed: clerk and data protection lead run requests; the DP lead alone
    # reviews and releases; everyone makes and follows their own) ---
    Entry("rights:request_list", can(Action.VIEW_RIGHTS_REQUESTS), _council),
    Entry("rights:request_create", can(Action.MANAGE_RIGHTS_REQUESTS), _council),
    Entry(
        "rights:request_create",
        can(Action.MANAGE_RIGHTS_REQUESTS),
        _council,
        method="post",
        data=lambda w: {
            "kind": "access",
            "requester_name": "Alex Walker",
            "channel": "letter",
            "received_on": _today(),
        },
    ),
    Entry("rights:settings", can(Action.MANAGE_RIGHTS_REQUESTS), _council),
    Entry(
        "rights:settings",
        can(Action.MANAGE_RIGHTS_REQUESTS),
        _council,
        method="post",
        data=lambda w: {"region": "scotland"},
    ),
    Entry("rights:mine", can(Action.OWN_RIGHTS_REQUESTS), _council),
    Entry(
        "rights:mine",
        can(Action.OWN_RIGHTS_REQUESTS),
        _council,
        method="post",
        data=lambda w: {"kind": "access"},
    ),
    Entry(
        "rights:request_detail",
        can(Action.VIEW_RIGHTS_REQUESTS),
        _rights_request,
        foreign_kwargs=_foreign(_rights_request),
    ),
    *[
        Entry(
            f"rights:request_{step}",
            can(Action.MANAGE_RIGHTS_REQUESTS),
            kwargs,
            method=method,
            data=data,
            foreign_kwargs=_foreign(kwargs),
        )
        for step, kwargs, data in [
            ("identity", _rights_request, lambda w: {"checked_on": _today(), "method": "Known"}),
            ("pause", _rights_request, lambda w: {"reason": "identity", "started_on": _today()}),
            ("resume", _paused_rights_request, lambda w: {"reply_on": _today()}),
            ("extend", _rights_request, lambda w: {"reason": "Many files", "told_on": _today()}),
            ("close", _rights_request, lambda w: {"status": "withdrawn", "outcome": "Withdrawn"}),
        ]
        for method in ("get", "post")
    ],
    Entry(
        "rights:bundle_prepare",
        can(Action.MANAGE_RIGHTS_REQUESTS),
        _checked_request,
        method="post",
        foreign_kwargs=_foreign(_checked_request),
    ),
    Entry(
        "rights:bundle_review",
        can(Action.REVIEW_DISCLOSURES),
        _prepared_request,
    ),
    Entry(
        "rights:bundle_draft",
        can(Action.REVIEW_DISCLOSURES),
        _prepared_request,
    ),
    Entry(
        "rights:bundle_withhold",
        can(Action.REVIEW_DISCLOSURES),
        _prepared_request,
        method="post",
        data=lambda w: {
            "source_key": "roles",
            "roles-exemption": "crime",
            "roles-reason": "Investigation",
        },
    ),
    Entry(
        "rights:bundle_restore",
        can(Action.REVIEW_DISCLOSURES),
        _withheld_item,
        method="post",
    ),
    Entry(
        "rights:bundle_show_person",
        can(Action.REVIEW_DISCLOSURES),
        _prepared_request,
        method="post",
        data=lambda w: {"owner_key": "p:0"},
    ),
    Entry(
        "rights:bundle_release",
        can(Action.REVIEW_DISCLOSURES),
        _prepared_request,
        method="post",
    ),
    Entry("rights:request_erasure", can(Action.REVIEW_DISCLOSURES), _erasure_request),
    Entry(
        "rights:request_erasure",
        can(Action.REVIEW_DISCLOSURES),
        _erasure_request,
        method="post",
        data=lambda w: {
            "source_key": "charges",
            "charges-outcome": "keep",
            "charges-reason": "Pay records",
        },
    ),
    Entry(
        "rights:request_rectify",
        can(Action.MANAGE_RIGHTS_REQUESTS),
        _rectification_request,
        foreign_kwargs=_foreign(_rectification_request),
    ),
    Entry(
        "rights:request_rectify",
        can(Action.MANAGE_RIGHTS_REQUESTS),
        _rectification_request,
        method="post",
        data=lambda w: {"job_title": "Head Groundsman"},
        foreign_kwargs=_foreign(_rectification_request),
    ),
    # (The pages above are the data protection lead's alone, and the matrix reaches another
    # council's objects as the clerk: rights/tests check the DP lead meets a 404 there.)
    # The link works for the requester (the staff member) and those who run requests.
    Entry(
        "rights:download",
        frozenset({Role.STAFF}) | can(Action.MANAGE_RIGHTS_REQUESTS),
        _released_request,
        foreign_kwargs=_foreign(_released_request),
        redirects=True,
    ),
    # --- end rights ---
]

# Served, but outside the matrix, each for a reason.
EXEMPT_PREFIXES = {
    "account_": "allauth sign-in pages: public by nature, tested in accounts/tests",
    "mfa_": "allauth MFA pages: the signed-in user's own factors, tested in accounts/tests",
    "usersessions_": "allauth: the signed-in user's own sessions",
}


def _csv_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "people.csv",
        b"full_name,role,email\nNew Person,staff,new.person@example.org\n",
        content_type="text/csv",
    )
