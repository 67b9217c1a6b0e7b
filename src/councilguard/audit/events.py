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

    # --- vault (shared credentials) ---

    # --- incidents (security incidents) ---
