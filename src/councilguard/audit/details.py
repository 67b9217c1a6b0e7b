"""An audit entry's details in words a clerk reads (issues 12 and 17): a change as a sentence
("Changed the phone number from 01234 to 05678."), what was recorded as a label and its value,
never a field name, a stored code or a Python value.

The services store what changed as plain JSON (``audit.services._json_safe``). This module is the
one place that turns it back into words, for the trail page. Keys are labelled from ``LABELS``,
kept in sections per app as audit/events.py is, and named in a sentence by ``NOUNS`` (or their
label); a key no section names yet is still shown, as its words ("history_months" as "History
months"), so a new event never breaks the page. A stored choice reads as the label its model
gives it ("in_app" is "Accepted by the person in councilguard").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from django.apps import apps
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.module_loading import import_string

from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.core.words import words

LABELS: dict[str, str] = {
    # --- core, accounts, people, API tokens ---
    "user": "Account",
    "role": "Role",
    "acts_as": "Acts as",
    "committee_chair": "Committee chair",
    "token": "Token",
    "councils": "Councils",
    "because": "Why",
    "matches": "Matches on",
    "pattern": "Pattern",
    "account": "Account",
    "full_name": "Name",
    "kind": "Kind",
    "job_title": "Job title",
    "emails": "E-mail addresses",
    "line_manager": "Line manager",
    "peer_group": "Peer group",
    "start_date": "Start date",
    "leave_date": "Leaving date",
    "uses_display_screen": "Uses a display screen",
    "working_pattern": "Working pattern",
    "sha256": "File fingerprint (SHA-256)",
    "rows": "Rows",
    # --- policies ---
    "code": "Policy",
    "responsible_officer": "Responsible officer",
    "oversight_committee": "Oversight committee",
    "review_due": "Review due",
    "clauses": "Clauses",
    "material_change": "Material change",
    "remote_working_reference": "Remote-working clause",
    "reminder_every_days": "Reminders every (days)",
    "approving_body": "Approved by",
    "committee": "Committee",
    "approved_on": "Approved on",
    "minute_reference": "Minute reference",
    "history_lines": "Version history lines read from the document",
    "reviews": "Reviews read from the document",
    "supersedes": "Replaces version",
    "review_type": "Kind of review",
    "person": "Person",
    "version": "Version",
    "method": "How",
    "clause": "Clause",
    "name": "Name",
    "severity": "Severity",
    "parameters": "Settings",
    "enabled": "Switched on",
    "citations": "Clauses cited",
    # --- vault ---
    "system": "System",
    "username": "User name",
    "address": "Address",
    "notes": "Notes",
    "owner": "Owner",
    "allowed_people": "People who may use it",
    "allowed_roles": "Roles that may use it",
    "privileged": "Administrative account",
    "rotation_days": "Change every (days)",
    "cleared_flag": "Cleared the request to change it",
    "key_id": "Key fingerprint",
    "flag": "Why it must change",
    "note": "Note",
    "reason": "Reason",
    "via": "Through",
    "limit": "Limit",
    "window_seconds": "Within (seconds)",
    "problem": "Problem",
    "entry_id": "Vault entry number asked for",
    "purpose": "Purpose",
    "could_use": "Could use",
    "revealed": "Had revealed",
    "owned": "Owned",
    "flagged_for_rotation": "Marked to be changed",
    "entries": "Entries",
    "old_key_id": "Old key fingerprint",
    "new_key_id": "New key fingerprint",
    # --- devices ---
    "make": "Make",
    "model": "Model",
    "serial": "Serial number",
    "imei": "IMEI",
    "sim_number": "SIM number",
    "phone_number": "Phone number",
    "purchased_on": "Bought on",
    "purchase_cost": "Cost",
    "condition": "Condition",
    "status": "Status",
    "terms": "Terms",
    "how": "How",
    "issued_condition": "Condition when issued",
    "returned_condition": "Condition when returned",
    "rules_accepted": "Rules accepted",
    "device": "Device",
    "police_reference": "Police incident number",
    "insurance_excess": "Insurance excess",
    "earlier_losses": "Earlier losses",
    "late": "Given late",
    "decision": "Decision",
    "max_lock_minutes": "Longest screen-lock time (minutes)",
    "stale_after_days": "Out of date after (days)",
    "patch_max_age_days": "Oldest security update allowed (days)",
    "grace_days": "Days to put things right",
    "encrypted": "Encrypted",
    "passcode": "Passcode",
    "lock_after_minutes": "Locks after (minutes)",
    "wipe_after_failures": "Wipes after failed attempts",
    "remote_wipe": "Can be wiped remotely",
    "os": "Operating system",
    "os_version": "Operating system version",
    "patch_date": "Security update of",
    "work_profile": "Work profile",
    "security_intact": "Security not bypassed",
    "mdm_verdict": "Device management verdict",
    "last_check_in": "Last checked in",
    "findings_opened": "Problems found",
    "findings_resolved": "Problems put right",
    "unknown_columns": "Columns not used",
    "requester": "Requested by",
    "software_name": "Software",
    "publisher": "Publisher",
    "source_url": "Where it comes from",
    "file_sha256": "Installer fingerprint (SHA-256)",
    "media_description": "Media",
    "media_serial": "Serial number of the media",
    "meeting": "Meeting",
    "meeting_on": "Meeting on",
    "url": "Address of the outside site",
    "name_to_register": "Domain name or trademark",
    "cctv_aim": "CCTV aim",
    "footage": "Which footage",
    "present": "People present",
    "scanner": "Virus scanner",
    "result": "Result",
    "capacity": "Decided as",
    "acting_as": "On behalf of",
    "approved": "Approved",
    "agreed": "Agreed",
    "added": "Added",
    "removed": "Removed",
    "versions": "Versions",
    "personal": "Personal use",
    "format": "Format",
    "scans": "Scans",
    "amount": "Amount",
    "source": "Source",
    "items": "Checklist",
    "items_not_done": "Not done",
    "evidence": "Evidence",
    "settlement": "Recovered by",
    "own_device": "Own device",
    "changed": "Changed",
    "confirmed": "Confirmed",
    "not_confirmed": "Not confirmed",
    "charges_waived": "Charges waived",
    "lost_or_last_seen": "Lost or last seen",
    "police_due": "Police number due by",
    "reported_late": "Reported after the 24 hours",
    "item": "Checklist item",
    "tasks": "Tasks",
    "host_name": "Host name",
    "scan_max_age_days": "Scanned at least every (days)",
    "store_apps_allowed": "Apps from recognised stores allowed",
    "malware_protection": "Malware protection",
    "realtime_protection": "Real-time protection",
    "signatures_current": "Virus definitions up to date",
    "licences": "Licences",
    "licence_findings_opened": "Licence problems found",
    "licence_findings_resolved": "Licence problems put right",
    "not_scanned": "Not scanned recently",
    # --- dse ---
    "since": "Uses a screen since",
    "ended_on": "Screen use ended",
    "done_on": "Assessed on",
    "place": "Workstation",
    "problems": "Problems found",
    "test_reason": "Why",
    "offer_accepted": "Offer accepted",
    "tested_on": "Tested on",
    "tested_by": "Tested by",
    "next_recommended_on": "Next test recommended by",
    "glasses_for_screen": "Glasses needed for screen work",
    "paid_on": "Paid on",
    "payment_reference": "Payment reference",
    "eye_test_every_months": "Months between eye tests",
    "offer_answer_days": "Days before an unanswered offer is chased",
    "assessment_every_months": "Months between workstation assessments",
    "glasses_contribution_limit_pence": "Most paid towards glasses (pence)",
    # --- incidents ---
    "title": "Title",
    "source_ref": "Raised from",
    "detected_at": "Detected",
    "affected_people": "People affected",
    "affected_data": "Data affected",
    "actions": "Actions taken",
    "outcome": "Outcome",
    "attempts": "Attempts so far",
    "what": "What happened",
    "ico_reference": "ICO reference",
    "within_72_hours": "Within 72 hours",
    "failed_sign_in_limit": "Failed sign-ins that open an incident",
    "failed_sign_in_minutes": "Within (minutes)",
    # --- monitoring ---
    "value": "Identifier",
    "valid_from": "From",
    "valid_to": "Until",
    "line": "Line of the file",
    "before": "Before",
    "after": "After",
    "file": "File",
    "lines": "Lines",
    "accepted": "Lines taken in",
    "rejected": "Lines rejected",
    "events": "Events",
    "unattributed": "Not matched to a person",
    "days": "Days",
    "from": "From",
    "to": "To",
    "files": "Files",
    "raised": "Findings raised",
    "refreshed": "Findings brought up to date",
    "unchanged": "Findings unchanged",
    "withdrawn": "Findings withdrawn",
    "rule": "Rule",
    "summary": "Summary",
    "kept_for_legal_hold": "Kept for a legal hold",
    "lawful_basis": "Lawful basis",
    "dpia_reference": "Impact assessment reference",
    "dpia_date": "Impact assessment date",
    "clause_reference": "Clause that tells people",
    "retention_days": "Kept for (days)",
    "category": "Category",
    "meaning": "Meaning",
    "domain": "Site",
    "explanation": "Explanation",
    "period": "Period",
    "personal_minutes_in_hours": "Personal browsing in working hours (minutes a day)",
    "personal_minutes_per_day": "Personal browsing (minutes a day)",
    "personal_days_over": "Days over in a week",
    "social_share_percent": "Social media share (%)",
    "personal_share_percent": "Personal browsing share (%)",
    "prohibited_min_requests": "Prohibited requests before a finding",
    "prohibited_share_percent": "Prohibited share (%)",
    "visit_gap_minutes": "Gap that ends a visit (minutes)",
    "single_request_minutes": "Time for a single request (minutes)",
    # --- mail ---
    "keep_subjects": "Message subjects kept",
    "keep_subjects_reason": "Why subjects are kept",
    "personal_use": "Personal use of council e-mail",
    "personal_messages_per_week": "Personal messages allowed a week",
    "forward_messages_per_week": "Messages to personal addresses in bulk (a week)",
    "business_from_personal_per_week": "Messages from a personal address before a finding",
    "auto_forward_messages": "Forwarded messages before a finding",
    "auto_forward_minutes": "Minutes within which a message is forwarded",
    "failed_signins_per_day": "Failed sign-ins in a day before a finding",
    "allowed_countries": "Countries sign-ins are expected from",
    "bank_holiday_region": "Bank holidays kept",
    # --- phones ---
    "created": "Created",
    "number": "Number",
    "label": "Label",
    "profile": "Profile",
    "unattributed_lines": "Lines not matched to a person",
    "months": "Months analysed",
    "bill_reference": "Bill line",
    "history_months": "Months compared",
    "min_history": "Months of history needed",
    "ratio": "High use: times one's own median",
    "peer_ratio": "High use: times the peer group's median",
    "spread_multiple": "High use: times one's usual variation",
    "spread_floor_percent": "Usual variation at least (% of the median)",
    "min_peers": "Peers needed",
    "floor_calls": "Floor: calls",
    "floor_minutes": "Floor: minutes",
    "floor_texts": "Floor: texts",
    "floor_data_mb": "Floor: data (MB)",
    "floor_cost_pence": "Floor: cost (pence)",
    "international_min_minutes": "Calls abroad from (minutes)",
    "long_call_minutes": "A long call (minutes)",
    "long_calls_out_of_hours": "Long calls out of hours before a finding",
    "bundle_data_gb": "Data bundle (GB)",
    # --- privacy ---
    "contact": "Contact",
    "extent": "For how long",
    "on_date": "Day protected",
    "decided_by": "Decided by",
    "contact_label": "Whose number or site",
    "contact_value": "Number, address or site",
    "work_purpose": "Work purpose",
    # --- cctv ---
    "site": "Site",
    "location": "Where on the site",
    "coverage": "What it covers",
    "records_sound": "Records sound",
    "signage": "Signs in place",
    "impact_assessment": "Impact assessment reference",
    "aims": "Legitimate aims",
    "camera": "Camera",
    "aim": "Legitimate aim",
    "viewer": "Viewed by",
    "viewed": "Viewed at",
    "seen": "What was seen",
    "recorder_keeps_days": "Recorder keeps (days)",
    "checked": "Checked on",
    "too_long": "Kept longer than the register allows",
    "reference": "Reference",
    "recipient": "Handed to",
    "handed_to": "Handed to",
    "their_reference": "Their reference",
    "disclosed": "Handed over on",
    "request": "Request",
    "overwritten": "Footage overwritten after",
    # --- socialmedia ---
    "platform": "Platform",
    "handle": "Name or handle",
    "posters": "Who may post",
    "vault_entry": "Password kept in the vault as",
    "outlet": "Publication or programme",
    "journalist": "Journalist",
    "received": "Came in",
    "answer_by": "Answer by",
    "answered": "Answered on",
    "link": "Link",
    "screenshot": "Screenshot fingerprint (SHA-256)",
    "asked_of": "Who was asked",
    "asked": "Asked on",
    "follow_up": "Follow up by",
    "closed": "Closed on",
    "activity": "Activity",
    "taken": "Taken on",
    "children_pictured": "Children pictured",
    # --- cases ---
    "subjects": "About",
    "findings_linked": "Findings it starts from",
    "evidence_kind": "Kind of evidence",
    "size_bytes": "Size (bytes)",
    "relied_on": "Relied on",
    "told_how": "How they were told",
    "told_at": "When they were told",
    "characters": "Length (characters)",
    "stage": "Stage",
    "investigator": "Investigator",
    "terms_of_reference": "Terms of reference",
    "appeal_days": "Appeal period (days)",
    "case": "Case",
    # --- reports, phone profiles, rules ---
    "chain_hash": "Trail fingerprint at the time",
    "chain_sequence": "Trail entries at the time",
    "chain_intact": "Trail intact at the time",
    "date_format": "Date format",
    "columns": "Columns",
    "categories": "Categories",
}

# How a key is named inside a sentence ("Changed the review date from ..."), where its label
# would not read: a label with a unit ("Kept for (days)"), a question or a yes/no. Any other key
# is named by its label ("the line manager"); a yes/no with no name here is quoted.
NOUNS: dict[str, str] = {
    "because": "the reason",
    "test_reason": "the reason",
    "review_due": "the review date",
    "leave_date": "the leaving date",
    "emails": "the e-mail addresses",
    "user": "the account",
    "value": "the identifier",
    "valid_from": "the date it applies from",
    "valid_to": "the date it applies until",
    "person": "the person",
    "via": "the way it came",
    "supersedes": "the version it replaces",
    "parameters": "the settings",
    "retention_days": "how long it is kept",
    "reminder_every_days": "how often reminders are sent",
    "rotation_days": "how often the password must change",
    "window_seconds": "the time allowed",
    "max_lock_minutes": "the longest screen-lock time",
    "stale_after_days": "when a device's report is out of date",
    "patch_max_age_days": "the oldest security update allowed",
    "grace_days": "the time to put things right",
    "scan_max_age_days": "how often every device is scanned",
    "lock_after_minutes": "the screen-lock time",
    "failed_sign_in_minutes": "the time within which failed sign-ins count",
    "personal_minutes_in_hours": "the personal browsing allowed in working hours",
    "personal_minutes_per_day": "the personal browsing allowed a day",
    "social_share_percent": "the social media share allowed",
    "personal_share_percent": "the personal browsing share allowed",
    "prohibited_share_percent": "the prohibited share allowed",
    "visit_gap_minutes": "the gap that ends a visit",
    "single_request_minutes": "the time counted for a single request",
    "ratio": "the high-use multiple of one's own median",
    "peer_ratio": "the high-use multiple of the peer group's median",
    "spread_multiple": "the high-use multiple of one's usual variation",
    "spread_floor_percent": "the smallest usual variation",
    "floor_calls": "the fewest calls looked at",
    "floor_minutes": "the fewest minutes looked at",
    "floor_texts": "the fewest texts looked at",
    "floor_data_mb": "the least data looked at",
    "floor_cost_pence": "the lowest cost looked at",
    "international_min_minutes": "the shortest call abroad counted",
    "long_call_minutes": "the length of a long call",
    "bundle_data_gb": "the data bundle",
    "appeal_days": "the appeal period",
    "recorder_keeps_days": "how long the recorder keeps footage",
    "glasses_contribution_limit_pence": "the most paid towards glasses",
    "eye_test_every_months": "the months between eye tests",
    "assessment_every_months": "the months between workstation assessments",
    "offer_answer_days": "the days before an unanswered offer is chased",
    "size_bytes": "the size",
    "characters": "the length",
}
# A label's unit in brackets is said after the number instead ("14 days").
_UNIT = re.compile(r" \((days|minutes|seconds|pence|bytes|characters|MB|GB|%)\)$")
# Units of keys whose label holds none.
UNITS = {
    "ratio": "times",
    "peer_ratio": "times",
    "spread_multiple": "times",
    "personal_minutes_in_hours": "minutes a day",
    "personal_minutes_per_day": "minutes a day",
}

# Events whose changes give each changed value as [before, after].
DIFF_EVENTS = frozenset(
    {
        Event.MEMBERSHIP_CHANGED,
        Event.MEMBERSHIP_CHAIR,
        Event.PERSON_UPDATED,
        Event.POLICY_UPDATED,
        Event.VERSION_UPDATED,
        Event.POLICY_REVIEWED,
        Event.RULE_UPDATED,
        Event.VAULT_ENTRY_UPDATED,
        Event.DEVICE_UPDATED,
        Event.DEVICE_SETTINGS_CHANGED,
        Event.DEVICE_LOSS_DECIDED,
        Event.APPROVAL_GRANTED,
        Event.APPROVAL_REFUSED,
        Event.APPROVAL_WITHDRAWN,
        Event.CATALOGUE_CHANGED,
        Event.CHARGE_CHANGED,
        Event.LEAVER_DATE_CHANGED,
        Event.INCIDENT_UPDATED,
        Event.INCIDENT_BREACH_DECIDED,
        Event.INCIDENT_SETTINGS_CHANGED,
        Event.IDENTITY_CHANGED,
        Event.MONITORING_SOURCE_SET,
        Event.MONITORING_SETTINGS_CHANGED,
        Event.CATEGORY_MEANING_SET,
        Event.CATEGORY_MEANING_REMOVED,
        Event.FINDING_NOTED,
        Event.FINDING_DISMISSED,
        Event.FINDING_ESCALATED,
        Event.FINDING_EXPLAINED,
        Event.PHONE_SETTINGS_CHANGED,
        Event.PHONE_PROFILE_SAVED,
        Event.LOG_PROFILE_SAVED,
        Event.CCTV_CAMERA_UPDATED,
        Event.SOCIAL_POST_TRIAGED,
        Event.SOCIAL_REMOVAL_REQUESTED,
        Event.SOCIAL_REMOVAL_CLOSED,
        # --- cases ---
        Event.CASE_STAGE_CHANGED,
        Event.CASE_INVESTIGATOR_APPOINTED,
        Event.CASE_FINDINGS_RECORDED,
        Event.CASE_OUTCOME_RECORDED,
        Event.CASE_CLOSED,
        Event.CASE_SETTINGS_CHANGED,
    }
)

# Row numbers of things the entry's own target, or an entry of their own, already names: of no
# use to a reader, so not shown.
HIDDEN_REFERENCES = frozenset(
    {"reveal", "finding", "charge", "loss", "incident", "approval", "device"}
)
# Values stored as the code of a choice ("in_stock"), shown as words.
CHOICE_KEYS = frozenset(
    {
        "kind",
        "status",
        "condition",
        "issued_condition",
        "returned_condition",
        "method",
        "purpose",
        "via",
        "severity",
        "decision",
        "capacity",
        "acting_as",
        "result",
        "meaning",
        "review_type",
        "format",
        "flag",
        "cleared_flag",
        "source",
        "mdm_verdict",
        "rule",
        "working_pattern",
        "terms",
        "how",
        "approving_body",
        "profile",
        "category",
        "categories",
        # --- dse ---
        "place",
        "test_reason",
        "bank_holiday_region",
        # --- devices: how a charge is recovered ---
        "settlement",
        # --- rights ---
        "region",
        # --- cctv ---
        "recipient",
        # --- socialmedia ---
        "platform",
        "channel",
        "exemption",
        "basis",
        "outcome",
    }
)
# A few stored values that read better said differently.
VALUE_WORDS = {
    ("via", "api"): "the API",
    ("via", "page"): "a page",
    ("via", "command"): "the command line",
    ("kind", "ip"): "IP address",
    ("source_ref", "vault.vaultentry:elsewhere"): "vault entries that are not this council's",
}
# Some services add a person's row number to their name to tell namesakes apart ("Mia Stone
# (#7)"); the reader gets the name.
_ROW_NUMBER = re.compile(r" \(#\d+\)$")
# "vault.vaultentry:3": where an incident or a charge came from, as a kind of thing.
_REFERENCE = re.compile(r"^([a-z_]+)\.([a-z_]+):\d+$")
REFERENCE_WORDS = {
    "vault.vaultentry": "a vault entry",
    "devices.lossreport": "a loss report",
    "devices.device": "a device",
    "devices.owndevice": "an own device",
    "accounts.user": "sign-in to an account",
}
MONEY_KEYS = frozenset({"amount", "insurance_excess", "purchase_cost"})
ROLE_KEYS = frozenset({"role", "allowed_roles"})

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_CODE = re.compile(r"^(?=[a-z0-9_.]*[a-z])[a-z0-9]+(?:[_.][a-z0-9]+)*$")  # "in_stock", "7_days"
NOTHING = "nothing"


def label_for(key: str) -> str:
    """The words for a key: its label, or the key as words."""
    return LABELS.get(key) or _words(key).capitalize()


def describe_changes(
    event: str, changes: Mapping[str, Any] | None, *, people: Mapping[int, str] | None = None
) -> list[str]:
    """An entry's changes, one line each: a change as a sentence ("Changed the status from In
    stock to In repair."), anything else recorded as "Label: value". ``people`` names person
    row numbers (some entries store the person's number, not their name)."""
    if not isinstance(changes, Mapping):
        return [] if not changes else [f"Details: {_value('', changes, people)}"]
    as_diff = event in DIFF_EVENTS
    lines: list[str] = []
    before, after = changes.get("before"), changes.get("after")
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        # One thing's state before and after (an identifier's line in an import).
        lines += _diff_mappings(before, after, people)
        changes = {k: v for k, v in changes.items() if k not in ("before", "after")}
    for key, value in changes.items():
        if key in HIDDEN_REFERENCES and (value is None or isinstance(value, int)):
            continue
        if key == "tasks" and isinstance(value, list):
            lines.append(f"{label_for(key)}: {len(value):,}")
            continue
        if key == "period" and isinstance(value, list) and len(value) == 2:
            start, end = (_value(key, v, people) for v in value)
            lines.append(f"{label_for(key)}: {start} to {end}")
            continue
        if as_diff and isinstance(value, list) and len(value) == 2:
            lines += _diff(key, value[0], value[1], people)
            continue
        lines.append(f"{label_for(key)}: {_value(key, value, people)}")
    return lines


def person_numbers(changes: Any) -> set[int]:
    """Person row numbers an entry's changes hold (at the top or one level down), to name them
    with one query for a whole page."""
    found: set[int] = set()
    if not isinstance(changes, Mapping):
        return found
    for key, value in changes.items():
        if key == "person" and isinstance(value, int) and not isinstance(value, bool):
            found.add(value)
        elif isinstance(value, Mapping):
            found |= person_numbers(value)
        elif isinstance(value, list):
            for item in value:
                found |= person_numbers(item)
    return found


def noun_for(key: str) -> str:
    """How a sentence names a key: "the leaving date", "how long it is kept", or its label
    quoted when the label is no name ('"Signs in place"')."""
    if key in NOUNS:
        return NOUNS[key]
    label = _UNIT.sub("", label_for(key))
    if ":" in label or "(" in label:
        return f"“{label}”"
    if label[:2].isupper():  # "IMEI", "SIM number", "CCTV aim"
        return f"the {label}"
    return f"the {label[:1].lower()}{label[1:]}"


def _diff(key: str, before: Any, after: Any, people: Mapping[int, str] | None) -> list[str]:
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        return _diff_mappings(before, after, people)
    if isinstance(before, bool) or isinstance(after, bool):
        name = NOUNS.get(key) or f"“{_UNIT.sub('', label_for(key))}”"
        was, now = _value(key, before, people), _value(key, after, people)
        return [_sentence(name, was, now, before, after)]
    name = noun_for(key)
    if _plain_list(before) and _plain_list(after) and before and after:
        added = [item for item in after if item not in before]
        removed = [item for item in before if item not in after]
        lines = []
        if added:
            lines.append(f"Added {_value(key, added, people)} to {name}.")
        if removed:
            lines.append(f"Removed {_value(key, removed, people)} from {name}.")
        return lines or [f"Kept {name} as {_value(key, after, people)}."]
    was, now = _measured(key, before, people), _measured(key, after, people)
    return [_sentence(name, was, now, before, after)]


def _sentence(name: str, was: str, now: str, before: Any, after: Any = True) -> str:
    if _empty(before):
        return f"Set {name} to {now}."
    if _empty(after):
        return f"Cleared {name} (it was {was})."
    if was == now:
        return f"Kept {name} as {now}."
    return f"Changed {name} from {was} to {now}."


def _diff_mappings(
    before: Mapping[str, Any], after: Mapping[str, Any], people: Mapping[int, str] | None
) -> list[str]:
    lines: list[str] = []
    for key in dict.fromkeys([*before, *after]):
        if before.get(key) != after.get(key):
            lines += _diff(str(key), before.get(key), after.get(key), people)
    return lines


def _plain_list(value: Any) -> bool:
    return isinstance(value, list) and not any(isinstance(v, Mapping | list) for v in value)


def _measured(key: str, value: Any, people: Mapping[int, str] | None) -> str:
    """A value with its unit, for a sentence: "14 days", "12.5%"."""
    text = _value(key, value, people)
    unit = UNITS.get(key)
    found = _UNIT.search(LABELS.get(key, ""))
    unit = unit or (found[1] if found else None)
    if not unit or _empty(value) or not re.fullmatch(r"-?[\d,]+(\.\d+)?", text):
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _value(key: str, value: Any, people: Mapping[int, str] | None) -> str:
    if value is None or value == "":
        return NOTHING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        if key == "person":
            return (people or {}).get(value) or "a person no longer on the list"
        return f"{value:,}"
    if isinstance(value, list):
        if not value:
            return "none"
        items = [_value(key, item, people) for item in value]
        if len(items) < 2 or any(isinstance(v, Mapping) for v in value):
            return "; ".join(items)
        return f"{', '.join(items[:-1])} and {items[-1]}"
    if isinstance(value, Mapping):
        if not value:
            return "none"
        return "; ".join(
            f"{label_for(str(k))}: {_value(str(k), v, people)}" for k, v in value.items()
        )
    text = _ROW_NUMBER.sub("", str(value))
    if (key, text) in VALUE_WORDS:
        return VALUE_WORDS[(key, text)]
    reference = _REFERENCE.match(text)
    if reference:
        model = f"{reference[1]}.{reference[2]}"
        return REFERENCE_WORDS.get(model) or f"a {_words(reference[2])}"
    if key in ROLE_KEYS and text in Role.values:
        return str(Role(text).label)
    if key in MONEY_KEYS and re.fullmatch(r"-?\d+(\.\d+)?", text):
        return f"£{text}"
    when = _when(text)
    if when:
        return when
    if key in CHOICE_KEYS and _CODE.match(text):
        return _hooked_words(key, text) or choice_labels().get(text) or words(text)
    return text


@cache
def choice_labels() -> dict[str, str]:
    """Every stored choice's label, by its code, from the models' own choices: the words the
    forms already show. A code two models label differently reads as its words instead."""
    labels: dict[str, set[str]] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for code, label in getattr(field, "flatchoices", None) or ():
                if isinstance(code, str) and _CODE.match(code):
                    labels.setdefault(code, set()).add(str(label))
    return {code: next(iter(found)) for code, found in labels.items() if len(found) == 1}


@cache
def _value_hooks() -> tuple:
    """Each app's ``audit_value_words(key, code) -> words or None`` on its AppConfig: codes
    only that app can name (a finding's rule). audit imports no domain app."""
    return tuple(
        import_string(config.audit_value_words)
        for config in apps.get_app_configs()
        if getattr(config, "audit_value_words", None)
    )


def _hooked_words(key: str, code: str) -> str | None:
    for hook in _value_hooks():
        found = hook(key, code)
        if found:
            return found
    return None


def _when(text: str) -> str:
    if _ISO_DATE.match(text):
        day = parse_date(text)
        return formats.date_format(day, "j M Y") if day else ""
    if _ISO_DATETIME.match(text):
        try:
            moment = parse_datetime(text.replace("Z", "+00:00"))
        except ValueError:
            return ""
        if moment is None:
            return ""
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "j M Y H:i")
    return ""


def _words(code: str) -> str:
    return code.replace("_", " ").replace(".", " ")
