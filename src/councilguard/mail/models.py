"""E-mail and sign-in monitoring's own settings (C12, C14): what the council keeps of a
message, how it reads personal use of a council account, the business contacts the clerk
keeps, and the personal addresses people say are theirs.

The messages and sign-ins themselves are in the monitoring event store (``store.py``); the
findings are monitoring ``Finding`` rows (source kinds ``email`` and ``signin``).
"""

from __future__ import annotations

from django.db import models

from councilguard.core.models import CouncilOwned


class PersonalUse(models.TextChoices):
    # B 7.1.4: council e-mail is for council business only.
    NOT_PERMITTED = "none", "Not permitted (B 7.1.4)"
    # A "Use of Email": occasional personal use is allowed if it stays reasonable.
    REASONABLE = "reasonable", "Reasonable personal use (A Use of Email)"


class MailSettings(CouncilOwned):
    """The council's choices and thresholds for the e-mail and sign-in rules (one per council).
    Every rule reads them through ``rules.Thresholds``."""

    # Subjects are metadata too, but they say what a message is about: not kept unless the
    # council decides it must, and says why (ICO monitoring guidance: least intrusive first).
    keep_subjects = models.BooleanField(default=False)
    keep_subjects_reason = models.TextField(blank=True)
    personal_use = models.CharField(
        max_length=12, choices=PersonalUse.choices, default=PersonalUse.REASONABLE
    )
    # Messages a week from a council account to personal webmail (outside the business
    # contacts) beyond which "reasonable" use is exceeded; with "not permitted", any is.
    personal_messages_per_week = models.PositiveIntegerField(default=20)
    # Council mail sent to one's own or webmail addresses: this many in a week is "in bulk".
    forward_messages_per_week = models.PositiveIntegerField(default=10)
    # Messages from a person's known personal address to council addresses in a week.
    business_from_personal_per_week = models.PositiveIntegerField(default=3)
    # Messages received then sent on, unchanged, outside the council within the minutes below.
    auto_forward_messages = models.PositiveIntegerField(default=5)
    auto_forward_minutes = models.PositiveIntegerField(default=2)
    # Failed sign-ins of one account in one day.
    failed_signins_per_day = models.PositiveIntegerField(default=10)
    # Countries (ISO 3166 two-letter codes, comma separated) sign-ins are expected from.
    allowed_countries = models.CharField(max_length=200, default="GB")

    class Meta:
        verbose_name_plural = "mail settings"
        constraints = [
            models.UniqueConstraint(fields=["council"], name="mail_settings_one_per_council")
        ]

    def __str__(self) -> str:
        return f"E-mail settings of {self.council}"

    def countries(self) -> list[str]:
        return sorted({c.strip().upper() for c in self.allowed_countries.split(",") if c.strip()})


class ContactKind(models.TextChoices):
    OWN = "own", "The council's own domain"
    COUNCIL = "council", "Another council or public body"
    SUPPLIER = "supplier", "Supplier or contractor"
    OTHER = "other", "Other business contact"


class BusinessContact(CouncilOwned):
    """A domain (with its subdomains) or one address the council does business with: mail
    to or from it is never personal use, and the council's own domains say which addresses
    are the council's."""

    value = models.CharField("domain or address", max_length=254)
    kind = models.CharField(max_length=10, choices=ContactKind.choices)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["council", "value"], name="business_contact_unique")
        ]

    def __str__(self) -> str:
        return self.value


class PersonalAddress(CouncilOwned):
    """An address a person has said is their own personal one: mail between it and their
    council account is theirs, and council business from it is on the wrong account
    (B 2.2.2)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="personal_addresses"
    )
    address = models.CharField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person__full_name", "address"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "address"], name="personal_address_one_holder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.address} ({self.person})"
