"""Every kind of event the audit trail records. Apps add theirs here, grouped by app."""

from django.db import models


class Event(models.TextChoices):
    COUNCIL_CREATED = "council.created", "Council created"
    MEMBERSHIP_GRANTED = "membership.granted", "Role granted"
    MEMBERSHIP_CHANGED = "membership.changed", "Role changed"
    MEMBERSHIP_REVOKED = "membership.revoked", "Role removed"
    USER_CREATED = "user.created", "User account created"
    USER_DISABLED = "user.disabled", "User account disabled"
    USER_ENABLED = "user.enabled", "User account enabled"
    PERSON_CREATED = "person.created", "Person added"
    PERSON_UPDATED = "person.updated", "Person changed"
    PEOPLE_IMPORTED = "people.imported", "People imported"
    PEOPLE_EXPORTED = "people.exported", "People exported"
    API_TOKEN_ISSUED = "api_token.issued", "API token issued"
    API_TOKEN_REVOKED = "api_token.revoked", "API token revoked"
    AUDIT_VERIFIED = "audit.verified", "Audit trail verified"

    # --- policies (policy register, clauses, acknowledgements, rules) ---
    POLICY_CREATED = "policy.created", "Policy added"
    POLICY_UPDATED = "policy.updated", "Policy details changed"
    VERSION_DRAFTED = "policy.version_drafted", "Policy version drafted"
    VERSION_UPDATED = "policy.version_updated", "Policy version changed"
    VERSION_APPROVED = "policy.version_approved", "Policy version approved"
    VERSION_PUBLISHED = "policy.version_published", "Policy version published"
    VERSION_DISCARDED = "policy.version_discarded", "Draft policy version discarded"
    POLICY_REVIEWED = "policy.reviewed", "Policy review recorded"
    POLICY_ACKNOWLEDGED = "policy.acknowledged", "Policy acknowledged"
    ACKNOWLEDGEMENTS_CARRIED = "policy.acknowledgements_carried", "Acknowledgements carried over"
    ACKNOWLEDGEMENT_REMINDERS = "policy.reminders_sent", "Acknowledgement reminders sent"
    REMOTE_RULES_ACCEPTED = "policy.remote_rules_accepted", "Remote-working rules accepted"
    RULE_CREATED = "rule.created", "Rule added"
    RULE_UPDATED = "rule.updated", "Rule changed"
    # Later apps record this whenever someone looks at a person's monitoring data; the person's
    # own page lists these entries (C18, B 5.1.2).
    MONITORING_VIEWED = "monitoring.viewed", "Monitoring data viewed"

    # --- vault (shared credentials) ---
    VAULT_ENTRY_CREATED = "vault.entry_created", "Vault entry added"
    VAULT_ENTRY_UPDATED = "vault.entry_updated", "Vault entry changed"
    VAULT_ENTRY_RETIRED = "vault.entry_retired", "Vault entry retired"
    VAULT_SECRET_REVEALED = "vault.secret_revealed", "Vault secret revealed"
    VAULT_SECRET_ROTATED = "vault.secret_rotated", "Vault secret changed"
    VAULT_ROTATION_REQUESTED = "vault.rotation_requested", "Vault secret to be changed now"
    VAULT_ACCESS_REFUSED = "vault.access_refused", "Vault access refused"
    VAULT_REVEALS_LIMITED = "vault.reveals_limited", "Vault reveals over the limit"
    VAULT_SECRET_UNREADABLE = "vault.secret_unreadable", "Vault secret failed its check"
    VAULT_ACCESS_REVOKED = "vault.access_revoked", "Vault access removed"
    VAULT_ACCESS_RESTORED = "vault.access_restored", "Vault access restored"
    VAULT_KEY_ROTATED = "vault.key_rotated", "Vault key changed"

    # --- devices (register, posture, losses, approvals, scans, charges, leavers) ---
    DEVICE_CREATED = "device.created", "Device added"
    DEVICE_UPDATED = "device.updated", "Device changed"
    DEVICES_IMPORTED = "device.imported", "Devices imported"
    DEVICES_EXPORTED = "device.exported", "Devices exported"
    DEVICE_ISSUED = "device.issued", "Device issued"
    DEVICE_RETURNED = "device.returned", "Device returned"
    DEVICE_TERMS_ACCEPTED = "device.terms_accepted", "Device terms accepted"
    DEVICE_SETTINGS_CHANGED = "device.settings_changed", "Device settings changed"
    OWN_DEVICE_REGISTERED = "device.own_registered", "Own device registered"
    POSTURE_ATTESTED = "device.posture_attested", "Own device security attested"
    POSTURE_IMPORTED = "device.posture_imported", "MDM export imported"
    DEVICE_TASK_DONE = "device.task_done", "Device task done"
    DEVICE_TASKS_ESCALATED = "device.tasks_escalated", "Overdue device tasks escalated"
    DEVICE_LOSS_REPORTED = "device.loss_reported", "Device loss reported"
    DEVICE_LOSS_POLICE_NUMBER = "device.loss_police_number", "Police incident number added"
    DEVICE_LOSS_DECIDED = "device.loss_decided", "Reimbursement decided"

    # --- incidents (security incidents) ---
    INCIDENT_OPENED = "incident.opened", "Security incident opened"
    INCIDENT_UPDATED = "incident.updated", "Security incident updated"
    INCIDENT_BREACH_DECIDED = "incident.breach_decided", "Breach reporting decided"
    INCIDENT_CLOSED = "incident.closed", "Security incident closed"
    INCIDENT_SETTINGS_CHANGED = "incident.settings_changed", "Incident settings changed"

    # --- monitoring engine (identities, ingest, analysis, retention) ---
    IDENTITY_ADDED = "monitoring.identity_added", "Identity added"
    IDENTITY_CHANGED = "monitoring.identity_changed", "Identity changed"
    EVENTS_INGESTED = "monitoring.ingested", "Monitoring events ingested"
    FINDINGS_ANALYSED = "monitoring.analysed", "Monitoring rules run"
    FINDING_RAISED = "monitoring.finding_raised", "Finding raised"
    FINDING_REFRESHED = "monitoring.finding_refreshed", "Finding brought up to date"
    EVENTS_PURGED = "monitoring.purged", "Monitoring events deleted after retention"

    # --- phones (phone bills: profiles, directory, imports, analysis, review, recovery) ---
    PHONE_PROFILE_SAVED = "phone.profile_saved", "Phone bill profile saved"
    PHONE_PROFILE_EXPORTED = "phone.profile_exported", "Phone bill profile exported"
    PHONE_BUSINESS_NUMBER_ADDED = "phone.business_number_added", "Business number added"
    PHONE_BUSINESS_NUMBER_REMOVED = "phone.business_number_removed", "Business number removed"
    PHONE_PERSONAL_NUMBER_ADDED = "phone.personal_number_added", "Personal number added"
    PHONE_PERSONAL_NUMBER_REMOVED = "phone.personal_number_removed", "Personal number removed"
    PHONE_FINDING_REVIEWED = "phone.finding_reviewed", "Phone finding reviewed"
    PHONE_FINDING_EXPLAINED = "phone.finding_explained", "Phone finding explained by the person"
    PHONE_PERSONAL_USE_AGREED = "phone.personal_use_agreed", "Personal phone use to recover agreed"
    PHONE_REPORT_EXPORTED = "phone.report_exported", "Phone usage report exported"
