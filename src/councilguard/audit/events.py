"""Every kind of event the audit trail records. Apps add theirs here, grouped by app."""

from django.db import models


class Event(models.TextChoices):
    COUNCIL_CREATED = "council.created", "Council created"
    MEMBERSHIP_GRANTED = "membership.granted", "Role granted"
    MEMBERSHIP_CHANGED = "membership.changed", "Role changed"
    MEMBERSHIP_REVOKED = "membership.revoked", "Role removed"
    MEMBERSHIP_CHAIR = "membership.chair", "Committee chair named or stood down"
    USER_CREATED = "user.created", "User account created"
    USER_DISABLED = "user.disabled", "User account disabled"
    USER_ENABLED = "user.enabled", "User account enabled"
    PERSON_CREATED = "person.created", "Person added"
    PERSON_UPDATED = "person.updated", "Person changed"
    PEOPLE_IMPORTED = "people.imported", "People imported"
    PEOPLE_EXPORTED = "people.exported", "People exported"
    API_TOKEN_ISSUED = "api_token.issued", "API token issued"
    API_TOKEN_REVOKED = "api_token.revoked", "API token revoked"
    # --- provider tokens (one IT provider, several councils) ---
    PROVIDER_TOKEN_ISSUED = "provider_token.issued", "IT provider token issued"
    PROVIDER_TOKEN_REVOKED = "provider_token.revoked", "IT provider token revoked"
    PROVIDER_TOKEN_WITHDRAWN = (
        "provider_token.withdrawn",
        "IT provider token no longer reaches this council",
    )
    # --- end provider tokens ---
    # --- provider: routes by which uploads find their council ---
    ROUTE_ADDED = "provider.route_added", "Upload route added"
    ROUTE_REMOVED = "provider.route_removed", "Upload route removed"
    # --- end provider ---
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
    REMOTE_WORKER_ADDED = "policy.remote_worker_added", "Recorded as working away from the office"
    REMOTE_WORKER_ENDED = "policy.remote_worker_ended", "No longer works away from the office"
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
    APPROVAL_REQUESTED = "device.approval_requested", "Approval requested"
    APPROVAL_VIRUS_CHECKED = "device.approval_virus_checked", "Virus check recorded"
    APPROVAL_DECISION = "device.approval_decision", "Approver's decision recorded"
    APPROVAL_CONSENT = "device.approval_consent", "Consent to recording given or refused"
    APPROVAL_GRANTED = "device.approval_granted", "Approval granted"
    APPROVAL_REFUSED = "device.approval_refused", "Approval refused"
    APPROVAL_WITHDRAWN = "device.approval_withdrawn", "Approval request withdrawn"
    CCTV_AIM_CHANGED = "device.cctv_aim_changed", "CCTV legitimate aims changed"
    CATALOGUE_CHANGED = "device.catalogue_changed", "Software catalogue changed"
    SOFTWARE_IMPORTED = "device.software_imported", "Software inventory imported"
    SOFTWARE_SCANS_CHECKED = "device.software_scans_checked", "Scans and licences checked"
    CHARGE_ADDED = "device.charge_added", "Charge added"
    CHARGE_CHANGED = "device.charge_changed", "Charge changed"
    CHARGES_EXPORTED = "device.charges_exported", "Charges statement exported"
    LEAVER_STARTED = "device.leaver_started", "Leaver's checklist started"
    LEAVER_DATE_CHANGED = "device.leaver_date_changed", "Leaver's date changed"
    LEAVER_ITEM_DONE = "device.leaver_item_done", "Leaver's checklist item done"
    LEAVER_COMPLETED = "device.leaver_completed", "Leaver's checklist complete"
    LEAVER_WITHDRAWN = "device.leaver_withdrawn", "Leaver's checklist withdrawn"
    OWN_DEVICE_NUMBERS_CHANGED = "device.own_numbers_changed", "Own device's IMEI or SIM changed"
    OWN_DEVICE_DUTIES_CONFIRMED = "device.own_duties_confirmed", "Own-device duties confirmed"
    OWN_DEVICE_DATA_DELETED = "device.own_data_deleted", "Council data deleted from own device"

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
    FINDING_WITHDRAWN = "monitoring.finding_withdrawn", "Finding withdrawn by a later analysis"
    EVENTS_PURGED = "monitoring.purged", "Monitoring events deleted after retention"

    # --- phones (bills: profiles, directory, thresholds, recovery; reviews are monitoring's) ---
    PHONE_PROFILE_SAVED = "phone.profile_saved", "Phone bill profile saved"
    PHONE_PROFILE_EXPORTED = "phone.profile_exported", "Phone bill profile exported"
    PHONE_BUSINESS_NUMBER_ADDED = "phone.business_number_added", "Business number added"
    PHONE_BUSINESS_NUMBER_REMOVED = "phone.business_number_removed", "Business number removed"
    PHONE_PERSONAL_NUMBER_ADDED = "phone.personal_number_added", "Personal number added"
    PHONE_PERSONAL_NUMBER_REMOVED = "phone.personal_number_removed", "Personal number removed"
    PHONE_PERSONAL_USE_AGREED = "phone.personal_use_agreed", "Personal phone use to recover agreed"
    PHONE_REPORT_EXPORTED = "phone.report_exported", "Phone usage report exported"
    PHONE_SETTINGS_CHANGED = "phone.settings_changed", "Phone thresholds changed"
    # --- mail (e-mail and sign-in monitoring; reviews are monitoring's) ---
    MAIL_SETTINGS_CHANGED = "mail.settings_changed", "E-mail and sign-in settings changed"
    MAIL_CONTACT_ADDED = "mail.contact_added", "Business contact added"
    MAIL_CONTACT_REMOVED = "mail.contact_removed", "Business contact removed"
    MAIL_PERSONAL_ADDRESS_ADDED = "mail.personal_address_added", "Personal address added"
    MAIL_PERSONAL_ADDRESS_REMOVED = "mail.personal_address_removed", "Personal address removed"
    MFA_COVERAGE_EXPORTED = "mail.coverage_exported", "Multi-factor coverage exported"
    # --- monitoring pages (sources, findings review, categories, holds) ---
    MONITORING_SOURCE_SET = "monitoring.source_set", "Monitoring source set up"
    MONITORING_SETTINGS_CHANGED = "monitoring.settings_changed", "Monitoring thresholds changed"
    CATEGORY_MEANING_SET = "monitoring.category_set", "Category meaning set"
    CATEGORY_MEANING_REMOVED = "monitoring.category_removed", "Category meaning removed"
    LOG_PROFILE_SAVED = "monitoring.log_profile_saved", "Web or DNS log profile saved"
    LOG_PROFILE_DELETED = "monitoring.log_profile_deleted", "Web or DNS log profile deleted"
    LOG_PROFILE_EXPORTED = "monitoring.log_profile_exported", "Web or DNS log profile exported"
    DOMAIN_RULE_ADDED = "monitoring.domain_added", "Council's own site entry added"
    DOMAIN_RULE_REMOVED = "monitoring.domain_removed", "Council's own site entry removed"
    FINDING_NOTED = "monitoring.finding_noted", "Finding noted"
    FINDING_DISMISSED = "monitoring.finding_dismissed", "Finding dismissed"
    FINDING_ESCALATED = "monitoring.finding_escalated", "Finding escalated"
    FINDING_EXPLAINED = "monitoring.finding_explained", "Explanation given"
    FINDINGS_EXPORTED = "monitoring.findings_exported", "Findings exported"
    LEGAL_HOLD_PLACED = "monitoring.hold_placed", "Legal hold placed"
    LEGAL_HOLD_RELEASED = "monitoring.hold_released", "Legal hold released"
    # --- reminders and reports (oversight) ---
    REMINDERS_SENT = "reminders.sent", "Reminders sent"
    REMINDER_SETTINGS_CHANGED = "reminders.settings_changed", "Reminder settings changed"
    MONITORING_REPORT_EXPORTED = "reports.monitoring_exported", "Monthly monitoring report exported"
    COMMITTEE_PACK_MADE = "reports.committee_pack_made", "Committee pack made"
    # --- rights (subject access and the other individual rights; the disclosure engine) ---
    RIGHTS_REQUEST_RECORDED = "rights.request_recorded", "Rights request recorded"
    RIGHTS_IDENTITY_CHECKED = "rights.identity_checked", "Requester's identity checked"
    RIGHTS_CLOCK_PAUSED = "rights.clock_paused", "Request clock stopped while waiting"
    RIGHTS_CLOCK_RESUMED = "rights.clock_resumed", "Request clock restarted on the reply"
    RIGHTS_EXTENDED = "rights.extended", "Request deadline extended"
    RIGHTS_REQUEST_CLOSED = "rights.request_closed", "Rights request closed"
    RIGHTS_REMINDER_SENT = "rights.reminder_sent", "Request deadline reminder sent"
    RIGHTS_SETTINGS_CHANGED = "rights.settings_changed", "Rights settings changed"
    RIGHTS_BUNDLE_BUILT = "rights.bundle_built", "Subject access bundle prepared"
    RIGHTS_ITEM_WITHHELD = "rights.item_withheld", "Item withheld under an exemption"
    RIGHTS_ITEM_RESTORED = "rights.item_restored", "Withheld item put back"
    RIGHTS_THIRD_PARTY_DISCLOSED = (
        "rights.third_party_disclosed",
        "Another person's data to be disclosed",
    )
    RIGHTS_BUNDLE_RELEASED = "rights.bundle_released", "Subject access bundle released"
    RIGHTS_BUNDLE_DOWNLOADED = "rights.bundle_downloaded", "Subject access bundle downloaded"
    RIGHTS_RECTIFIED = "rights.rectified", "Personal data corrected on request"
    RIGHTS_ERASURE_DECIDED = "rights.erasure_decided", "Erasure decided"
    RIGHTS_DATA_ERASED = "rights.data_erased", "Personal data erased on request"
    DISCLOSURE_RECORDED = "disclosure.recorded", "Disclosure recorded"

    # --- privacy (private contacts kept from view, C18) ---
    PROTECTION_REQUESTED = "privacy.requested", "Protection of a private contact asked for"
    PROTECTION_GRANTED = "privacy.granted", "Private contact protected"
    PROTECTION_REFUSED = "privacy.refused", "Protection of a private contact refused"
    PROTECTION_WITHDRAWN = "privacy.withdrawn", "Protection of a private contact withdrawn"
    ALWAYS_PROTECTED_ADDED = "privacy.always_added", "Contact protected for everyone"
    ALWAYS_PROTECTED_REMOVED = "privacy.always_removed", "Contact no longer protected for everyone"
    # --- dse (display screen equipment: users, workstation assessments, eye tests) ---
    DSE_USER_ADDED = "dse.user_added", "Display screen user added"
    DSE_USER_ENDED = "dse.user_ended", "Display screen use ended"
    DSE_ASSESSMENT_SUBMITTED = "dse.assessment_submitted", "Workstation self-assessment sent"
    DSE_ASSESSMENT_REVIEWED = "dse.assessment_reviewed", "Workstation assessment reviewed"
    DSE_EYE_TEST_OFFERED = "dse.eye_test_offered", "Eye test offered"
    DSE_EYE_TEST_REQUESTED = "dse.eye_test_requested", "Eye test asked for"
    DSE_EYE_TEST_ANSWERED = "dse.eye_test_answered", "Eye test offer answered"
    DSE_EYE_TEST_TAKEN = "dse.eye_test_taken", "Eye test recorded"
    DSE_CONTRIBUTION_RECORDED = "dse.contribution_recorded", "Contribution to glasses recorded"
    DSE_SETTINGS_CHANGED = "dse.settings_changed", "Display screen settings changed"
    DSE_REGISTER_EXPORTED = "dse.register_exported", "Display screen register exported"
    # --- cctv (A "CCTV") ---
    CCTV_CAMERA_ADDED = "cctv.camera_added", "CCTV camera added to the register"
    CCTV_CAMERA_UPDATED = "cctv.camera_updated", "CCTV camera changed"
    CCTV_VIEWING_REQUESTED = "cctv.viewing_requested", "CCTV viewing requested"
    CCTV_FOOTAGE_VIEWED = "cctv.footage_viewed", "CCTV footage viewed"
    CCTV_FOOTAGE_DISCLOSED = "cctv.footage_disclosed", "CCTV footage handed over"
    CCTV_RETENTION_CHECKED = "cctv.retention_checked", "CCTV recorder retention checked"
    CCTV_OWN_FOOTAGE_REQUESTED = "cctv.own_footage_requested", "Request for own CCTV footage"
    CCTV_REGISTER_EXPORTED = "cctv.register_exported", "CCTV register exported"
    # --- socialmedia (A "Social Media", A "What's App and Group Chat", B 9.1.3 to 9.1.5) ---
    SOCIAL_ACCOUNT_SAVED = "socialmedia.account_saved", "Official social media account saved"
    SOCIAL_ENQUIRY_RECORDED = "socialmedia.enquiry_recorded", "Press enquiry recorded"
    SOCIAL_ENQUIRY_ANSWERED = "socialmedia.enquiry_answered", "Press enquiry answered"
    SOCIAL_POST_REPORTED = "socialmedia.post_reported", "Social media post reported"
    SOCIAL_POST_TRIAGED = "socialmedia.post_triaged", "Reported post triaged"
    SOCIAL_REMOVAL_REQUESTED = "socialmedia.removal_requested", "Removal of a post asked for"
    SOCIAL_REMOVAL_CLOSED = "socialmedia.removal_closed", "Removal request closed"
    SOCIAL_GROUP_SAVED = "socialmedia.group_saved", "Council business group chat saved"
    SOCIAL_GROUP_RULE_ACKNOWLEDGED = (
        "socialmedia.group_rule_acknowledged",
        "Group chat rule acknowledged",
    )
    SOCIAL_PHOTO_PERMISSION_REQUESTED = (
        "socialmedia.photo_permission_requested",
        "Permission to post photographs asked for",
    )
    SOCIAL_REPORTS_EXPORTED = "socialmedia.reports_exported", "Reported posts exported"
    SOCIAL_ENQUIRIES_EXPORTED = "socialmedia.enquiries_exported", "Press enquiries exported"
    SOCIAL_SCREENSHOT_VIEWED = (
        "socialmedia.screenshot_viewed",
        "Screenshot of a reported post opened",
    )
    # --- cases (misuse cases and investigations) ---
    CASE_OPENED = "case.opened", "Case opened"
    CASE_STAGE_CHANGED = "case.stage_changed", "Case moved to its next stage"
    CASE_INVESTIGATOR_APPOINTED = "case.investigator_appointed", "Investigator appointed"
    CASE_FINDINGS_RECORDED = "case.findings_recorded", "Findings of the investigation recorded"
    CASE_OUTCOME_RECORDED = "case.outcome_recorded", "Case outcome recorded"
    CASE_CLOSED = "case.closed", "Case closed"
    CASE_SUBJECT_TOLD = "case.subject_told", "Subject told of the case in writing"
    CASE_ACCOUNT_GIVEN = "case.account_given", "Subject's account added"
    CASE_EVIDENCE_ADDED = "case.evidence_added", "Evidence added to a case"
    CASE_EXPORTED = "case.exported", "Case exported for an adviser"
    CASE_SETTINGS_CHANGED = "case.settings_changed", "Case settings changed"
    # --- retention ---
    RETENTION_PERIOD_CHANGED = "retention.period_changed", "Retention period changed"
    RETENTION_RUN = "retention.run", "Data past its retention period deleted"
