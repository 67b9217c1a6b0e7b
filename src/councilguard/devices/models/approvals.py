"""Requests that need someone's approval first (C9), and the software catalogue that results."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from councilguard.core.models import CouncilOwned
from councilguard.core.words import words


class ApprovalKind(models.TextChoices):
    # A "Use of Email": no software or app is loaded without approval, given only after a
    # virus check, by the council's IT company and a senior manager.
    SOFTWARE = "software", "Install software or an app"
    # B 1.1.6: personal disks, USB sticks and other storage only with the Clerk's approval.
    REMOVABLE_MEDIA = "removable_media", "Use personal removable media"
    # B 2.1.4: a non-public meeting or conversation is recorded only with the permission of
    # those present.
    RECORDING = "recording", "Record a non-public meeting"
    # B 8.2.1: links from the council's web pages to outside sites are checked with the Clerk.
    WEBSITE_LINK = "website_link", "Link from the council website to an outside site"
    # B 8.2.1: no new domain name or trademark for the council's names without authority.
    DOMAIN = "domain", "Register a domain name or trademark"
    # A "CCTV": footage is viewed only in so far as it meets one of the legitimate aims.
    CCTV_VIEWING = "cctv_viewing", "View CCTV footage"
    # B 9.1.3: photographs that could be associated with the council are posted with care; the
    # council's own are posted only with the clerk's permission (socialmedia asks for them).
    PHOTO_POSTING = "photo_posting", "Post photographs of a council activity"


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ScanResult(models.TextChoices):
    CLEAN = "clean", "Clean"
    INFECTED = "infected", "Threat found"


class CctvAim(CouncilOwned):
    """One of the legitimate aims for which the council views CCTV footage (A "CCTV"), kept by
    the clerk from the council's CCTV policy."""

    text = models.CharField(max_length=200)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["text", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "text"], name="cctv_aim_unique_text")
        ]

    def __str__(self) -> str:
        return self.text


class ApprovalRequest(CouncilOwned):
    """Something a person asks to do that the policy makes subject to approval, with the
    evidence each kind needs, decided by the approvers of that kind."""

    kind = models.CharField(max_length=20, choices=ApprovalKind.choices)
    status = models.CharField(
        max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    requester = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="approval_requests"
    )
    requested_at = models.DateTimeField()
    requested_by_label = models.CharField(max_length=200)
    summary = models.CharField("What for", max_length=200)
    reason = models.TextField("Business reason")
    # Software (A "Use of Email"): what, from where, and the virus check.
    software_name = models.CharField(max_length=200, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    version = models.CharField(max_length=60, blank=True)
    source_url = models.URLField("Where it comes from", max_length=500, blank=True)
    file_sha256 = models.CharField("SHA-256 of the installer", max_length=64, blank=True)
    scanner = models.CharField("Virus scanner", max_length=100, blank=True)
    scan_result = models.CharField(max_length=10, choices=ScanResult.choices, blank=True)
    scanned_at = models.DateTimeField(null=True, blank=True)
    scanned_by_label = models.CharField(max_length=200, blank=True)
    # Removable media (B 1.1.6).
    media_description = models.CharField(max_length=200, blank=True)
    media_serial = models.CharField("Serial number of the media", max_length=100, blank=True)
    # Recording (B 2.1.4).
    meeting = models.CharField(max_length=200, blank=True)
    meeting_on = models.DateField(null=True, blank=True)
    # Website link and domain or trademark (B 8.2.1).
    url = models.URLField("Address of the outside site", max_length=500, blank=True)
    name_to_register = models.CharField("Domain name or trademark", max_length=200, blank=True)
    # CCTV (A "CCTV").
    cctv_aim = models.ForeignKey(
        CctvAim, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    footage = models.CharField("Which footage", max_length=200, blank=True)
    # The outcome.
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["council", "status"], name="approval_council_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary}"


class ApprovalDecision(CouncilOwned):
    """One approver's decision in one capacity (e.g. "it_provider"). Software needs two, by two
    different people (A "Use of Email")."""

    request = models.ForeignKey(ApprovalRequest, on_delete=models.PROTECT, related_name="decisions")
    capacity = models.CharField(max_length=20)
    # On whose behalf the decider acted: the capacity, "deputy_clerk" or "committee_chair".
    acting_as = models.CharField(max_length=40, blank=True)
    approved = models.BooleanField()
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approval_decisions"
    )
    decided_by_label = models.CharField(max_length=200)
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "capacity"], name="approval_one_decision_per_capacity"
            ),
            models.UniqueConstraint(
                fields=["request", "decided_by"], name="approval_distinct_approvers"
            ),
        ]

    def __str__(self) -> str:
        return f"{words(self.capacity)}: {'approved' if self.approved else 'refused'}"


class RecordingConsent(CouncilOwned):
    """Whether one person present at a meeting agreed to its recording (B 2.1.4); ``agreed`` is
    ``None`` until they answer."""

    request = models.ForeignKey(ApprovalRequest, on_delete=models.PROTECT, related_name="consents")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    agreed = models.BooleanField(null=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    recorded_by_label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "name"], name="recording_consent_one_per_attendee"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CatalogueEntry(CouncilOwned):
    """A piece of software the council allows on its devices (or knows to be personal). Names
    may use shell wildcards ("Microsoft Visual C++ *"); ``versions`` lists allowed versions or
    prefixes ("124.*"), empty for any."""

    name = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200, blank=True)
    versions = models.CharField("Versions allowed", max_length=300, blank=True)
    # A "Personal use...": personal software or apps are not stored on council systems.
    personal = models.BooleanField(
        default=False, help_text="Personal software: a finding wherever it is installed."
    )
    # B 8.1.1: how many installations the council's licences cover; empty when not counted
    # (free software, a site licence). More installations than this is a finding.
    licences = models.PositiveIntegerField(null=True, blank=True)
    approval = models.ForeignKey(
        ApprovalRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="catalogue_entries",
    )
    added_at = models.DateTimeField()
    added_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "catalogue entries"
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="catalogue_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def allows(self, version: str) -> bool:
        allowed = [v.strip() for v in self.versions.split(",") if v.strip()]
        if not allowed:
            return True
        return any(version.startswith(v[:-1]) if v.endswith("*") else version == v for v in allowed)
