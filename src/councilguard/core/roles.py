"""Roles a user holds in a council, and what each role may do.

All role logic lives here: views, the API and services ask ``can(membership, action)`` and never
compare role names themselves.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    CLERK = "clerk", "Clerk"
    MANAGER = "manager", "Manager"
    IT_PROVIDER = "it_provider", "IT provider"
    DP_LEAD = "dp_lead", "Data protection lead"
    COMMITTEE = "committee", "Committee member"
    STAFF = "staff", "Staff member"
    COUNCILLOR = "councillor", "Councillor"


# C14 / B 4.1.1: these roles reach other people's data or the council's systems, so they must
# have a second factor before they can do anything.
PRIVILEGED_ROLES = frozenset({Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD})


class Action(StrEnum):
    VIEW_DASHBOARD = "dashboard.view"
    VIEW_PEOPLE = "people.view"
    CHANGE_PEOPLE = "people.change"
    VIEW_AUDIT = "audit.view"
    MANAGE_ACCESS = "access.manage"
    MANAGE_TOKENS = "tokens.manage"
    # --- policies ---
    VIEW_POLICIES = "policies.view"
    VIEW_POLICY_DRAFTS = "policies.view_drafts"
    MANAGE_POLICIES = "policies.manage"
    APPROVE_POLICIES = "policies.approve"
    VIEW_ACKNOWLEDGEMENTS = "policies.view_acknowledgements"
    VIEW_RULES = "rules.view"
    MANAGE_RULES = "rules.manage"
    VIEW_OWN_PAGE = "me.view"
    # --- vault ---
    VIEW_VAULT = "vault.view"
    KEEP_VAULT_ENTRIES = "vault.keep"
    MANAGE_VAULT = "vault.manage"
    # --- devices ---
    VIEW_DEVICES = "devices.view"
    MANAGE_DEVICES = "devices.manage"
    DECIDE_DEVICE_CHARGES = "devices.decide_charges"
    OWN_DEVICES = "devices.own"
    REPORT_DEVICE_LOSS = "devices.report_loss"
    REQUEST_APPROVAL = "devices.request_approval"
    VIEW_APPROVALS = "devices.view_approvals"
    DECIDE_APPROVALS = "devices.decide_approvals"
    MANAGE_CCTV_AIMS = "devices.manage_cctv_aims"
    VIEW_CATALOGUE = "devices.view_catalogue"
    MANAGE_CATALOGUE = "devices.manage_catalogue"
    IMPORT_SOFTWARE = "devices.import_software"
    VIEW_CHARGES = "devices.view_charges"
    VIEW_LEAVERS = "devices.view_leavers"
    MANAGE_LEAVERS = "devices.manage_leavers"
    # --- incidents ---
    VIEW_INCIDENTS = "incidents.view"
    REPORT_INCIDENT = "incidents.report"
    MANAGE_INCIDENTS = "incidents.manage"
    # --- phones ---
    VIEW_PHONE_FINDINGS = "phones.view"
    DECIDE_PHONE_CHARGES = "phones.decide_charges"
    MANAGE_PHONE_SETTINGS = "phones.settings"
    MANAGE_PHONES = "phones.manage"
    OWN_PHONE_USE = "phones.own"
    # --- monitoring ---
    VIEW_MONITORING = "monitoring.view"
    MANAGE_MONITORING = "monitoring.manage"
    UPLOAD_MONITORING = "monitoring.upload"
    MANAGE_IDENTITIES = "monitoring.identities"
    REVIEW_FINDINGS = "monitoring.review"
    OPEN_RAW_EVENTS = "monitoring.raw_events"
    OWN_FINDINGS = "monitoring.own_findings"
    # --- e-mail and sign-ins ---
    VIEW_MFA_COVERAGE = "mail.mfa_coverage"
    # --- reminders and reports ---
    MANAGE_REMINDERS = "reminders.manage"
    VIEW_MONITORING_REPORT = "reports.monitoring"
    SEE_NAMES_IN_REPORTS = "reports.names"
    VIEW_COMMITTEE_PACKS = "reports.committee_packs"
    MAKE_COMMITTEE_PACKS = "reports.make_committee_packs"
    # --- rights ---
    VIEW_RIGHTS_REQUESTS = "rights.view"
    MANAGE_RIGHTS_REQUESTS = "rights.manage"
    REVIEW_DISCLOSURES = "rights.review"
    OWN_RIGHTS_REQUESTS = "rights.own"


_EVERYONE = frozenset(Role)
GRANTS: dict[Action, frozenset[Role]] = {
    Action.VIEW_DASHBOARD: _EVERYONE,
    # Managers see only their own team (DESIGN 9); the queryset narrows that, not this table.
    Action.VIEW_PEOPLE: frozenset({Role.CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD}),
    Action.CHANGE_PEOPLE: frozenset({Role.CLERK}),
    Action.VIEW_AUDIT: frozenset({Role.CLERK, Role.DP_LEAD}),
    Action.MANAGE_ACCESS: frozenset({Role.CLERK}),
    Action.MANAGE_TOKENS: frozenset({Role.CLERK}),
    # --- policies ---
    # Everyone reads the policies in force; drafts are for those who prepare and approve them.
    Action.VIEW_POLICIES: _EVERYONE,
    Action.VIEW_POLICY_DRAFTS: frozenset({Role.CLERK, Role.DP_LEAD, Role.COMMITTEE}),
    Action.MANAGE_POLICIES: frozenset({Role.CLERK}),
    # The clerk records a decision taken by the council or a committee (C1).
    Action.APPROVE_POLICIES: frozenset({Role.CLERK, Role.COMMITTEE}),
    Action.VIEW_ACKNOWLEDGEMENTS: frozenset({Role.CLERK, Role.DP_LEAD, Role.COMMITTEE}),
    Action.VIEW_RULES: frozenset({Role.CLERK, Role.DP_LEAD, Role.IT_PROVIDER, Role.COMMITTEE}),
    Action.MANAGE_RULES: frozenset({Role.CLERK, Role.DP_LEAD}),
    Action.VIEW_OWN_PAGE: _EVERYONE,
    # --- vault ---
    # Anyone may open the vault; each entry then says who may use it (B 4.1.2), and the list
    # shows only those entries.
    Action.VIEW_VAULT: _EVERYONE,
    # Add entries and change the ones they own: the clerk, and the IT provider for the systems it
    # looks after.
    Action.KEEP_VAULT_ENTRIES: frozenset({Role.CLERK, Role.IT_PROVIDER}),
    # Every entry, whoever owns it, and the leavers' list.
    Action.MANAGE_VAULT: frozenset({Role.CLERK}),
    # --- devices ---
    # The register holds who has what, IMEIs and SIM numbers and each person's findings: the
    # clerk and IT provider run it and the data protection lead oversees it. Managers are left
    # out until the council decides they should see their team's kit.
    Action.VIEW_DEVICES: frozenset({Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD}),
    Action.MANAGE_DEVICES: frozenset({Role.CLERK, Role.IT_PROVIDER}),
    # Charging a person for a loss is an employment matter for the clerk, not the IT provider.
    Action.DECIDE_DEVICE_CHARGES: frozenset({Role.CLERK}),
    # Everyone, for themselves only: accept device terms, register and attest own devices
    # (B 2.2), mark their tasks done; the views narrow every choice to the person's own.
    Action.OWN_DEVICES: _EVERYONE,
    # Anyone must be able to report a loss at once (seed A, B 2.2.4).
    Action.REPORT_DEVICE_LOSS: _EVERYONE,
    # C9: anyone may ask; each person sees their own requests (and meetings they attend).
    Action.REQUEST_APPROVAL: _EVERYONE,
    # Everyone who decides some kind of request sees them all; see APPROVERS for who decides
    # which kind.
    Action.VIEW_APPROVALS: frozenset({Role.CLERK, Role.IT_PROVIDER, Role.MANAGER, Role.DP_LEAD}),
    Action.DECIDE_APPROVALS: frozenset({Role.CLERK, Role.IT_PROVIDER, Role.MANAGER}),
    # A "CCTV": the legitimate aims come from the council's CCTV policy, which the clerk keeps.
    Action.MANAGE_CCTV_AIMS: frozenset({Role.CLERK}),
    # Everyone may see what software is allowed before asking for something else.
    Action.VIEW_CATALOGUE: _EVERYONE,
    Action.MANAGE_CATALOGUE: frozenset({Role.CLERK, Role.IT_PROVIDER}),
    Action.IMPORT_SOFTWARE: frozenset({Role.CLERK, Role.IT_PROVIDER}),
    # Charges are an employment matter (payroll): the clerk; each person sees their own
    # statement through OWN_DEVICES.
    Action.VIEW_CHARGES: frozenset({Role.CLERK}),
    Action.VIEW_LEAVERS: frozenset({Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD}),
    Action.MANAGE_LEAVERS: frozenset({Role.CLERK}),
    # --- incidents ---
    # Anyone may report an incident (C16); the register itself holds other people's data, so only
    # the roles who act on incidents read it.
    Action.VIEW_INCIDENTS: frozenset({Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD}),
    Action.REPORT_INCIDENT: _EVERYONE,
    Action.MANAGE_INCIDENTS: frozenset({Role.CLERK, Role.DP_LEAD}),
    # --- phones ---
    # The monthly report is monitoring data (DESIGN 9): the clerk, managers for their own team
    # only (the querysets narrow that), and the data protection lead who oversees monitoring.
    # Phone findings are reviewed like every finding (REVIEW_FINDINGS below); seed A: a
    # manager reviews before anything happens.
    Action.VIEW_PHONE_FINDINGS: frozenset({Role.CLERK, Role.MANAGER, Role.DP_LEAD}),
    # Recovering costs from pay is an employment matter for the clerk (like device charges).
    Action.DECIDE_PHONE_CHARGES: frozenset({Role.CLERK}),
    # What counts as high or clearly personal use is the responsible officer's call (seed A:
    # the clerk decides what is reasonable).
    Action.MANAGE_PHONE_SETTINGS: frozenset({Role.CLERK}),
    # Profiles, the business directory and bill uploads: the clerk and the IT provider, who
    # receives the bills; uploading shows no one's usage.
    Action.MANAGE_PHONES: frozenset({Role.CLERK, Role.IT_PROVIDER}),
    # Everyone, for themselves: their findings, their explanation, their personal numbers.
    Action.OWN_PHONE_USE: _EVERYONE,
    # --- monitoring (C11-C13, C18, C19) ---
    # The machinery: sources and their legal footing, batches and their receipts, category
    # lists, purge receipts. The IT provider uploads the logs, so it sees what became of them;
    # none of these pages shows what a person did.
    Action.VIEW_MONITORING: frozenset({Role.CLERK, Role.DP_LEAD, Role.IT_PROVIDER}),
    # Why the council monitors, for how long, what a category means under the policy, legal
    # holds and thresholds are the responsible officer's and the data protection lead's calls.
    Action.MANAGE_MONITORING: frozenset({Role.CLERK, Role.DP_LEAD}),
    Action.UPLOAD_MONITORING: frozenset({Role.CLERK, Role.DP_LEAD, Role.IT_PROVIDER}),
    # Who held which address or account when: the IT provider knows, the clerk checks.
    Action.MANAGE_IDENTITIES: frozenset({Role.CLERK, Role.IT_PROVIDER}),
    # Findings about people (DESIGN 9): the clerk and data protection lead review all of them,
    # a manager only their own team's (Person.objects.for_membership narrows it). The IT
    # provider is an outside company that runs the systems: it sees none of people's findings.
    Action.REVIEW_FINDINGS: frozenset({Role.CLERK, Role.DP_LEAD, Role.MANAGER}),
    # Raw events are detail beyond the summary a finding gives: only the roles who answer for
    # monitoring open them, with a purpose typed each time, for one finding's person and
    # period. Managers work from the summaries and ask the clerk if more is needed.
    Action.OPEN_RAW_EVENTS: frozenset({Role.CLERK, Role.DP_LEAD}),
    # B 4.1.1 (MFA "wherever possible"): who signs in to which system with a second factor is
    # for the clerk and the IT provider who sets MFA up, and the data protection lead; it shows
    # accounts and systems, not what anyone did.
    Action.VIEW_MFA_COVERAGE: frozenset({Role.CLERK, Role.DP_LEAD, Role.IT_PROVIDER}),
    # Everyone sees the findings about themselves and may explain them.
    Action.OWN_FINDINGS: _EVERYONE,
    # --- reminders and reports (C26, C27) ---
    # How the council's reminders go out is the clerk's call.
    Action.MANAGE_REMINDERS: frozenset({Role.CLERK}),
    # The monthly monitoring report: the clerk and the data protection lead who answer for
    # monitoring, and the oversight committee (A front matter) in aggregate only.
    Action.VIEW_MONITORING_REPORT: frozenset({Role.CLERK, Role.DP_LEAD, Role.COMMITTEE}),
    Action.SEE_NAMES_IN_REPORTS: frozenset({Role.CLERK, Role.DP_LEAD}),
    # The committee reads the packs made for its meetings; the clerk prepares them.
    Action.VIEW_COMMITTEE_PACKS: frozenset({Role.CLERK, Role.DP_LEAD, Role.COMMITTEE}),
    Action.MAKE_COMMITTEE_PACKS: frozenset({Role.CLERK}),
    # --- rights (B 5.1.4, UK GDPR Art 15-21) ---
    # The data protection lead and the clerk run requests: record them, check identity, stop
    # and restart the clock, extend, prepare the bundle, close.
    Action.VIEW_RIGHTS_REQUESTS: frozenset({Role.CLERK, Role.DP_LEAD}),
    Action.MANAGE_RIGHTS_REQUESTS: frozenset({Role.CLERK, Role.DP_LEAD}),
    # What leaves the council, what is withheld and under which exemption, whose data beyond
    # the requester's is disclosed, and what is erased: the data protection lead's call alone.
    Action.REVIEW_DISCLOSURES: frozenset({Role.DP_LEAD}),
    # Everyone may ask about their own data and follow their own requests.
    Action.OWN_RIGHTS_REQUESTS: _EVERYONE,
}

# --- devices ---
# C9: who decides each kind of approval request, by capacity. A request is approved when every
# capacity of its kind has approved it, each by a different person (software: the council's IT
# company and a senior manager, A "Use of Email"); one refusal refuses it. Recording a meeting
# has no approver: everyone present must agree (B 2.1.4).
APPROVERS: dict[str, dict[str, frozenset[Role]]] = {
    "software": {
        "it_provider": frozenset({Role.IT_PROVIDER}),
        "senior_manager": frozenset({Role.CLERK, Role.MANAGER}),
    },
    "removable_media": {"clerk": frozenset({Role.CLERK})},  # B 1.1.6
    "recording": {},  # B 2.1.4
    "website_link": {"clerk": frozenset({Role.CLERK})},  # B 8.2.1
    "domain": {"clerk": frozenset({Role.CLERK})},  # B 8.2.1
    "cctv_viewing": {"clerk": frozenset({Role.CLERK})},  # A "CCTV"
}
# Those who may record the virus check on a software request.
VIRUS_CHECKERS = frozenset({Role.IT_PROVIDER, Role.CLERK})


def approval_capacities(role: str, kind: str) -> list[str]:
    """The capacities in which ``role`` may decide a request of ``kind``."""
    return [name for name, roles in APPROVERS.get(kind, {}).items() if role in roles]


# --- end devices ---

# Roles whose holders see every person of the council rather than only themselves or their team.
SEES_EVERYONE = frozenset({Role.CLERK, Role.IT_PROVIDER, Role.DP_LEAD})


def role_can(role: str, action: Action) -> bool:
    return role in GRANTS[action]
