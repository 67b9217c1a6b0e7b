"""Roles a user holds in a council, and what each role may do.

All role logic lives here: views, the API and services ask ``can(membership, action)`` and never
compare role names themselves.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    CLERK = "clerk", "Clerk"
    # B 1.1.6, 2.1.4, 8.2.1: stands in for the clerk, and decides the clerk's own requests.
    DEPUTY_CLERK = "deputy_clerk", "Deputy clerk"
    MANAGER = "manager", "Manager"
    IT_PROVIDER = "it_provider", "IT provider"
    DP_LEAD = "dp_lead", "Data protection lead"
    COMMITTEE = "committee", "Committee member"
    STAFF = "staff", "Staff member"
    COUNCILLOR = "councillor", "Councillor"


# C14 / B 4.1.1: these roles reach other people's data or the council's systems, so they must
# have a second factor before they can do anything.
PRIVILEGED_ROLES = frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD})


# B 1.1.6: the deputy clerk stands in for the clerk, so what the clerk is told at once (an
# incident, a lost device, an eye test asked for, a broken audit trail) goes to both.
CLERKS_OFFICE = frozenset({Role.CLERK, Role.DEPUTY_CLERK})


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
    MANAGE_LOG_PROFILES = "monitoring.log_profiles"
    REVIEW_FINDINGS = "monitoring.review"
    OPEN_RAW_EVENTS = "monitoring.raw_events"
    OWN_FINDINGS = "monitoring.own_findings"
    MANAGE_ROUTES = "monitoring.routes"
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
    # --- privacy ---
    ASK_PROTECTION = "privacy.ask"
    VIEW_PROTECTION_REQUESTS = "privacy.view_requests"
    DECIDE_TEAM_PROTECTION = "privacy.decide_team"
    DECIDE_PROTECTION = "privacy.decide"
    MANAGE_ALWAYS_PROTECTED = "privacy.always_protected"
    # --- dse (display screen equipment, B 3.1.1) ---
    VIEW_DSE = "dse.view"
    MANAGE_DSE = "dse.manage"
    OWN_DSE = "dse.own"
    # --- cctv ---
    VIEW_CCTV = "cctv.view"
    MANAGE_CCTV = "cctv.manage"
    # --- socialmedia ---
    VIEW_SOCIAL_MEDIA = "socialmedia.view"
    MANAGE_SOCIAL_MEDIA = "socialmedia.manage"
    REPORT_POST = "socialmedia.report_post"
    OWN_GROUP_CHATS = "socialmedia.own_group_chats"
    # --- cases ---
    WORK_ON_CASES = "cases.work"
    MANAGE_CASES = "cases.manage"
    OWN_CASES = "cases.own"
    # --- mail ---
    OWN_PERSONAL_ADDRESSES = "mail.own_personal_addresses"
    # --- retention ---
    MANAGE_RETENTION = "retention.manage"


_EVERYONE = frozenset(Role)
GRANTS: dict[Action, frozenset[Role]] = {
    Action.VIEW_DASHBOARD: _EVERYONE,
    # Managers see only their own team (DESIGN 9); the queryset narrows that, not this table.
    Action.VIEW_PEOPLE: frozenset(
        {Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.IT_PROVIDER, Role.DP_LEAD}
    ),
    Action.CHANGE_PEOPLE: frozenset({Role.CLERK, Role.DEPUTY_CLERK}),
    Action.VIEW_AUDIT: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD}),
    Action.MANAGE_ACCESS: frozenset({Role.CLERK}),
    Action.MANAGE_TOKENS: frozenset({Role.CLERK}),
    # --- policies ---
    # Everyone reads the policies in force; drafts are for those who prepare and approve them.
    Action.VIEW_POLICIES: _EVERYONE,
    Action.VIEW_POLICY_DRAFTS: frozenset(
        {Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.COMMITTEE}
    ),
    Action.MANAGE_POLICIES: frozenset({Role.CLERK, Role.DEPUTY_CLERK}),
    # The clerk records a decision taken by the council or a committee (C1).
    Action.APPROVE_POLICIES: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.COMMITTEE}),
    Action.VIEW_ACKNOWLEDGEMENTS: frozenset(
        {Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.COMMITTEE}
    ),
    Action.VIEW_RULES: frozenset(
        {Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.IT_PROVIDER, Role.COMMITTEE}
    ),
    Action.MANAGE_RULES: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD}),
    Action.VIEW_OWN_PAGE: _EVERYONE,
    # --- vault ---
    # Anyone may open the vault; each entry then says who may use it (B 4.1.2), and the list
    # shows only those entries.
    Action.VIEW_VAULT: _EVERYONE,
    # Add entries and change the ones they own: the clerk, and the IT provider for the systems it
    # looks after.
    Action.KEEP_VAULT_ENTRIES: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER}),
    # Every entry, whoever owns it, and the leavers' list.
    Action.MANAGE_VAULT: frozenset({Role.CLERK, Role.DEPUTY_CLERK}),
    # --- devices ---
    # The register holds who has what, IMEIs and SIM numbers and each person's findings: the
    # clerk and IT provider run it and the data protection lead oversees it. Managers are left
    # out until the council decides they should see their team's kit.
    Action.VIEW_DEVICES: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD}),
    Action.MANAGE_DEVICES: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER}),
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
    Action.VIEW_APPROVALS: frozenset(
        {Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.MANAGER, Role.DP_LEAD}
    ),
    Action.DECIDE_APPROVALS: frozenset(
        {Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.MANAGER}
    ),
    # A "CCTV": the legitimate aims come from the council's CCTV policy, which the clerk keeps.
    Action.MANAGE_CCTV_AIMS: frozenset({Role.CLERK, Role.DEPUTY_CLERK}),
    # Everyone may see what software is allowed before asking for something else.
    Action.VIEW_CATALOGUE: _EVERYONE,
    Action.MANAGE_CATALOGUE: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER}),
    Action.IMPORT_SOFTWARE: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER}),
    # Charges are an employment matter (payroll): the clerk; each person sees their own
    # statement through OWN_DEVICES.
    Action.VIEW_CHARGES: frozenset({Role.CLERK}),
    Action.VIEW_LEAVERS: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD}),
    Action.MANAGE_LEAVERS: frozenset({Role.CLERK, Role.DEPUTY_CLERK}),
    # --- incidents ---
    # Anyone may report an incident (C16); the register itself holds other people's data, so only
    # the roles who act on incidents read it.
    Action.VIEW_INCIDENTS: frozenset(
        {Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD}
    ),
    Action.REPORT_INCIDENT: _EVERYONE,
    Action.MANAGE_INCIDENTS: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD}),
    # --- phones ---
    # The monthly report is monitoring data (DESIGN 9): the clerk, managers for their own team
    # only (the querysets narrow that), and the data protection lead who oversees monitoring.
    # Phone findings are reviewed like every finding (REVIEW_FINDINGS below); seed A: a
    # manager reviews before anything happens.
    Action.VIEW_PHONE_FINDINGS: frozenset(
        {Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER, Role.DP_LEAD}
    ),
    # Recovering costs from pay is an employment matter for the clerk (like device charges).
    Action.DECIDE_PHONE_CHARGES: frozenset({Role.CLERK}),
    # What counts as high or clearly personal use is the responsible officer's call (seed A:
    # the clerk decides what is reasonable).
    Action.MANAGE_PHONE_SETTINGS: frozenset({Role.CLERK, Role.DEPUTY_CLERK}),
    # Profiles, the business directory and bill uploads: the clerk and the IT provider, who
    # receives the bills; uploading shows no one's usage.
    Action.MANAGE_PHONES: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER}),
    # Everyone, for themselves: their findings, their explanation, their personal numbers.
    Action.OWN_PHONE_USE: _EVERYONE,
    # --- monitoring (C11-C13, C18, C19) ---
    # The machinery: sources and their legal footing, batches and their receipts, category
    # lists, purge receipts. The IT provider uploads the logs, so it sees what became of them;
    # none of these pages shows what a person did.
    Action.VIEW_MONITORING: frozenset(
        {Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.IT_PROVIDER}
    ),
    # Why the council monitors, for how long, what a category means under the policy, legal
    # holds and thresholds are the responsible officer's and the data protection lead's calls.
    Action.MANAGE_MONITORING: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD}),
    Action.UPLOAD_MONITORING: frozenset(
        {Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.IT_PROVIDER}
    ),
    # Who held which address or account when: the IT provider knows, the clerk checks.
    Action.MANAGE_IDENTITIES: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER}),
    # How another vendor's web or DNS log is read (log profiles): the IT provider who runs the
    # filter, and the clerk; like the phone bill profiles, they show no one's use.
    Action.MANAGE_LOG_PROFILES: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER}),
    # Findings about people (DESIGN 9): the clerk and data protection lead review all of them,
    # a manager only their own team's (Person.objects.for_membership narrows it). The IT
    # provider is an outside company that runs the systems: it sees none of people's findings.
    Action.REVIEW_FINDINGS: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.MANAGER}),
    # Raw events are detail beyond the summary a finding gives: only the roles who answer for
    # monitoring open them, with a purpose typed each time, for one finding's person and
    # period. Managers work from the summaries and ask the clerk if more is needed.
    Action.OPEN_RAW_EVENTS: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD}),
    # B 4.1.1 (MFA "wherever possible"): who signs in to which system with a second factor is
    # for the clerk and the IT provider who sets MFA up, and the data protection lead; it shows
    # accounts and systems, not what anyone did.
    Action.VIEW_MFA_COVERAGE: frozenset(
        {Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.IT_PROVIDER}
    ),
    # Everyone sees the findings about themselves and may explain them.
    Action.OWN_FINDINGS: _EVERYONE,
    # Which files are this council's when an upload names no council (C29): the clerk, and
    # the IT provider who names its collectors' files and hosts.
    Action.MANAGE_ROUTES: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER}),
    # --- reminders and reports (C26, C27) ---
    # How the council's reminders go out is the clerk's call.
    Action.MANAGE_REMINDERS: frozenset({Role.CLERK, Role.DEPUTY_CLERK}),
    # The monthly monitoring report: the clerk and the data protection lead who answer for
    # monitoring, and the oversight committee (A front matter) in aggregate only.
    Action.VIEW_MONITORING_REPORT: frozenset(
        {Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.COMMITTEE}
    ),
    Action.SEE_NAMES_IN_REPORTS: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD}),
    # The committee reads the packs made for its meetings; the clerk prepares them.
    Action.VIEW_COMMITTEE_PACKS: frozenset(
        {Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.COMMITTEE}
    ),
    Action.MAKE_COMMITTEE_PACKS: frozenset({Role.CLERK, Role.DEPUTY_CLERK}),
    # --- rights (B 5.1.4, UK GDPR Art 15-21) ---
    # The data protection lead and the clerk run requests: record them, check identity, stop
    # and restart the clock, extend, prepare the bundle, close.
    Action.VIEW_RIGHTS_REQUESTS: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD}),
    Action.MANAGE_RIGHTS_REQUESTS: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD}),
    # What leaves the council, what is withheld and under which exemption, whose data beyond
    # the requester's is disclosed, and what is erased: the data protection lead's call alone.
    Action.REVIEW_DISCLOSURES: frozenset({Role.DP_LEAD}),
    # Everyone may ask about their own data and follow their own requests.
    Action.OWN_RIGHTS_REQUESTS: _EVERYONE,
    # --- privacy (A "Monitoring of Personal Communications", C18) ---
    # Everyone may ask, for themselves, that a number, address or site be kept from view.
    Action.ASK_PROTECTION: _EVERYONE,
    # A staff member asks their line manager; a manager, a councillor or anyone without a
    # manager asks the clerk (DECIDE_PROTECTION). Holders of DECIDE_TEAM_PROTECTION are
    # themselves "managers" for this purpose, so their own requests go to the clerk.
    Action.DECIDE_TEAM_PROTECTION: frozenset({Role.MANAGER}),
    # The list of requests to decide: those who decide some (each sees only their own share).
    Action.VIEW_PROTECTION_REQUESTS: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER}),
    Action.DECIDE_PROTECTION: frozenset({Role.CLERK, Role.DEPUTY_CLERK}),
    # The council's list of numbers and sites protected for everyone (999, 111, helplines).
    Action.MANAGE_ALWAYS_PROTECTED: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD}),
    # --- dse ---
    # Eye tests and workstation assessments are health records of employees: the clerk runs
    # them, the data protection lead may look; nobody else sees another person's.
    Action.VIEW_DSE: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD}),
    Action.MANAGE_DSE: frozenset({Role.CLERK, Role.DEPUTY_CLERK}),
    # Everyone has a page of their own screen work (it says so when they are not a user).
    Action.OWN_DSE: _EVERYONE,
    # --- cctv (A "CCTV") ---
    # The camera register, the viewings and what was handed over: the clerk runs it, the data
    # protection lead oversees it, and managers who look after premises ask to view footage
    # and log what they saw (approved by the clerk, APPROVERS["cctv_viewing"]).
    Action.VIEW_CCTV: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD, Role.MANAGER}),
    # Cameras, disclosures, the retention check and requests for one's own footage.
    Action.MANAGE_CCTV: frozenset({Role.CLERK, Role.DEPUTY_CLERK}),
    # --- socialmedia (A "Social Media", A "What's App and Group Chat", B 9.1.3-9.1.5) ---
    # The official accounts, enquiries, reports and removals: media enquiries go to the clerk
    # (A "Social Media"); the data protection lead oversees reports that name people.
    Action.VIEW_SOCIAL_MEDIA: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD}),
    Action.MANAGE_SOCIAL_MEDIA: frozenset({Role.CLERK, Role.DEPUTY_CLERK}),
    # Anyone may report a post that may breach the policy, and log a press enquiry they took.
    Action.REPORT_POST: _EVERYONE,
    # Everyone sees the council business groups they are in and acknowledges their rule.
    Action.OWN_GROUP_CHATS: _EVERYONE,
    # --- cases (C17, B 5.1.7 "Misuse") ---
    # A case is seen by the clerk, the data protection lead and the investigator appointed to
    # it, whatever the investigator's role (a manager only when appointed); every case page
    # then checks the member is one of those and not a subject (cases.access), so this grant
    # only lets a member reach the cases they were appointed to.
    Action.WORK_ON_CASES: _EVERYONE,
    # Opening cases, appointing the investigator, the outcome, closing and the adviser export.
    Action.MANAGE_CASES: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD}),
    # Everyone, for themselves: the cases about them, what is relied on, their account.
    Action.OWN_CASES: _EVERYONE,
    # --- mail (issue 19 item 3) ---
    # Everyone lists their own personal e-mail addresses, which the rules then know are theirs.
    Action.OWN_PERSONAL_ADDRESSES: _EVERYONE,
    # --- retention (C19, B 5.1.3) ---
    # The schedule over every kind of monitoring data, its periods and its receipts: those who
    # manage monitoring (the clerk and the data protection lead).
    Action.MANAGE_RETENTION: frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.DP_LEAD}),
}

# --- devices ---
# C9: who decides each kind of approval request, by capacity. A request is approved when every
# capacity of its kind has approved it, each by a different person (software: the council's IT
# company and a senior manager, A "Use of Email"); one refusal refuses it. Recording a meeting
# has no approver: everyone present must agree (B 2.1.4).
# The deputy clerk decides in the clerk's capacity (and the clerk's own requests, which nobody
# may decide for themselves); with no active deputy, the chair of the oversight committee
# (Membership.is_committee_chair) stands in for a clerk's own requests: devices.approvals
# .chair_stands_in, the one place that rule lives.
CLERKS = frozenset({Role.CLERK, Role.DEPUTY_CLERK})
APPROVERS: dict[str, dict[str, frozenset[Role]]] = {
    "software": {
        "it_provider": frozenset({Role.IT_PROVIDER}),
        "senior_manager": frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.MANAGER}),
    },
    "removable_media": {"clerk": CLERKS},  # B 1.1.6
    "recording": {},  # B 2.1.4
    "website_link": {"clerk": CLERKS},  # B 8.2.1
    "domain": {"clerk": CLERKS},  # B 8.2.1
    "cctv_viewing": {"clerk": CLERKS},  # A "CCTV"
    "photo_posting": {"clerk": CLERKS},  # B 9.1.3, A "Social Media"
}
# What the chair's flag adds to their role: reaching the approvals pages, where they see and
# decide only the requests they stand in for.
CHAIR_ACTIONS = frozenset({Action.VIEW_APPROVALS, Action.DECIDE_APPROVALS})
# Those who may record the virus check on a software request.
VIRUS_CHECKERS = frozenset({Role.IT_PROVIDER, Role.CLERK, Role.DEPUTY_CLERK})


def approval_capacities(role: str, kind: str) -> list[str]:
    """The capacities in which ``role`` may decide a request of ``kind``."""
    return [name for name, roles in APPROVERS.get(kind, {}).items() if role in roles]


# --- end devices ---

# Roles whose holders see every person of the council rather than only themselves or their team.
SEES_EVERYONE = frozenset({Role.CLERK, Role.DEPUTY_CLERK, Role.IT_PROVIDER, Role.DP_LEAD})


# --- provider (C29, C30) ---
# The council's outside IT company often serves many councils: the roles that get the page
# listing what waits in each, and that may hold one API token reaching several of them.
SERVES_MANY_COUNCILS = frozenset({Role.IT_PROVIDER})


def serves_many_councils(role: str) -> bool:
    return role in SERVES_MANY_COUNCILS


# --- end provider ---


def role_can(role: str, action: Action, *, committee_chair: bool = False) -> bool:
    return role in GRANTS[action] or (committee_chair and action in CHAIR_ACTIONS)
