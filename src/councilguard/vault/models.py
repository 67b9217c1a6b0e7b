"""Shared and administrative credentials (C15; B 4.1.2 to 4.1.5): who may use each, the
encrypted secret, its rotation, and every reveal."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from councilguard.core.models import CouncilOwned, CouncilQuerySet
from councilguard.core.roles import Role
from councilguard.vault.crypto import Sealed, context_for


class System(models.TextChoices):
    WEBSITE = "website", "Council website"
    DOMAIN = "domain", "Domain registrar"
    BANK = "bank", "Bank portal"
    SOCIAL = "social", "Social media account"
    WIFI = "wifi", "Wi-Fi"
    EMAIL = "email", "E-mail"
    IT_ADMIN = "it_admin", "IT provider's admin account"
    OTHER = "other", "Other"


class RotationFlag(models.TextChoices):
    NONE = "", "None"
    # B 4.1.4: change the password at once if compromise is suspected.
    COMPROMISED = "compromised", "Possibly compromised"
    # Issue 7 part 5: someone who saw it has left or lost their access.
    LEAVER = "leaver", "Seen by someone who has left"


class VaultEntryQuerySet(CouncilQuerySet):
    def live(self) -> VaultEntryQuerySet:
        return self.filter(retired_at__isnull=True)


class VaultEntry(CouncilOwned):
    """One shared or administrative credential. The secret is stored only encrypted (see
    crypto.py); everything else is plain metadata."""

    # Binds the ciphertext to this row (crypto.context_for); never changes.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    system = models.CharField(max_length=20, choices=System.choices)
    username = models.CharField(max_length=200, blank=True)
    address = models.CharField("Sign-in address", max_length=300, blank=True)
    notes = models.TextField(blank=True)
    owner = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="vault_entries_owned",
        help_text="Looks after the account and changes its password.",
    )
    allowed_people = models.ManyToManyField(
        "people.Person", blank=True, related_name="vault_entries_allowed"
    )
    # Administrative credentials: a second factor within the last few minutes before a reveal.
    privileged = models.BooleanField(default=False)
    rotation_days = models.PositiveSmallIntegerField(null=True, blank=True)
    last_rotated_at = models.DateTimeField(default=timezone.now)
    rotation_flag = models.CharField(
        max_length=20, choices=RotationFlag.choices, blank=True, default=RotationFlag.NONE
    )
    rotation_flagged_at = models.DateTimeField(null=True, blank=True)
    rotation_flag_note = models.CharField(max_length=300, blank=True)
    # The sealed secret (crypto.Sealed); never the plaintext.
    ciphertext = models.BinaryField()
    wrapped_key = models.BinaryField()
    key_id = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = VaultEntryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "vault entries"
        constraints = [
            models.UniqueConstraint(
                fields=["council", "name"],
                condition=Q(retired_at__isnull=True),
                name="vault_entry_unique_live_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def context(self) -> bytes:
        return context_for(self.council_id, str(self.uid))

    @property
    def sealed(self) -> Sealed:
        return Sealed(bytes(self.ciphertext), bytes(self.wrapped_key), self.key_id)

    @property
    def rotation_due_at(self) -> datetime | None:
        if not self.rotation_days:
            return None
        return self.last_rotated_at + timedelta(days=self.rotation_days)

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Flagged entries are overdue until rotated, whatever their schedule (B 4.1.4)."""
        if self.rotation_flag:
            return True
        due = self.rotation_due_at
        return due is not None and due < (now or timezone.now())

    @property
    def allowed_roles(self) -> list[str]:
        return [grant.role for grant in self.role_grants.all()]


class VaultRoleGrant(CouncilOwned):
    """Everyone holding ``role`` in the council may use the entry."""

    entry = models.ForeignKey(VaultEntry, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "role"], name="vault_role_grant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} may use {self.entry}"


class Via(models.TextChoices):
    PAGE = "page", "Page"
    API = "api", "API"


class SecretReveal(CouncilOwned):
    """One reveal of a secret: who, which entry, why, when and from where (B 4.1.5). Kept
    beside the audit entry so a leaver's reveals can be listed quickly."""

    entry = models.ForeignKey(VaultEntry, on_delete=models.PROTECT, related_name="reveals")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="vault_reveals"
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vault_reveals",
    )
    reason = models.CharField(max_length=300)
    at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    via = models.CharField(max_length=10, choices=Via.choices)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["council", "user", "at"], name="vault_reveal_user_at")]

    def __str__(self) -> str:
        return f"{self.entry} revealed to {self.user} at {self.at:%Y-%m-%d %H:%M}"


class VaultRevocation(CouncilOwned):
    """Someone's use of the vault removed (a leaver, or anyone whose access goes): they may use
    no entry of the council, whatever their role, until a clerk restores it. Keeps what they
    could use and what they had seen at that moment, for the leaver's checklist."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="vault_revocations"
    )
    revoked_at = models.DateTimeField(default=timezone.now)
    revoked_by_label = models.CharField(max_length=200)
    could_use = models.JSONField(default=list)
    flagged_for_rotation = models.JSONField(default=list)

    class Meta:
        ordering = ["-revoked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "person"], name="vault_revocation_one_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"vault access of {self.person} removed {self.revoked_at:%Y-%m-%d}"
