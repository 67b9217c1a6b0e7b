"""Governed monitoring (C18): sources and their legal footing, identities over time, ingest
batches and their receipts, category meanings, findings and their review, retention receipts.

The monitoring events themselves are not rows here: they are Parquet files in the event store
(DESIGN 7, ``eventstore.py``). This module holds what a person reviews and what proves the
store was filled and emptied by the rules.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from councilguard.core.calendar import Region
from councilguard.core.models import CouncilOwned


class SourceKind(models.TextChoices):
    PROXY = "proxy", "Web proxy"
    DNS = "dns", "DNS queries"
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone bills"
    SIGNIN = "signin", "Sign-ins"
    SOFTWARE = "software", "Software inventory"


class MonitoringSource(CouncilOwned):
    """One kind of monitoring a council has decided to do, and why it may (ICO monitoring
    guidance; A "Monitoring", B 9.1). Ingestion refuses a source whose settings are missing."""

    kind = models.CharField(max_length=20, choices=SourceKind.choices)
    purpose = models.TextField(blank=True)
    lawful_basis = models.CharField(max_length=200, blank=True)
    dpia_reference = models.CharField("impact assessment reference", max_length=100, blank=True)
    dpia_date = models.DateField("impact assessment date", null=True, blank=True)
    # The clause of the council's policy that tells people this monitoring happens.
    clause_reference = models.CharField(max_length=40, blank=True)
    retention_days = models.PositiveIntegerField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_sources",
    )
    # The time zone of the device's clock, for logs that write local times with no offset
    # (a FortiGate's date= and time=); UK time unless the IT provider says otherwise.
    log_time_zone = models.CharField(
        "time zone of the device's clock", max_length=60, default="Europe/London"
    )
    updated_at = models.DateTimeField(auto_now=True)

    REQUIRED = {
        "purpose": "purpose",
        "lawful_basis": "lawful basis",
        "dpia_reference": "impact assessment reference",
        "dpia_date": "impact assessment date",
        "clause_reference": "policy clause",
        "retention_days": "retention period",
        "owner": "owner",
    }

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "kind"], name="monitoring_source_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} monitoring"

    def missing(self) -> list[str]:
        """The settings still to be given before this source may be ingested (C18)."""
        return [label for field, label in self.REQUIRED.items() if not getattr(self, field)]


class IdentityKind(models.TextChoices):
    PROXY_USER = "proxy_user", "Proxy user name"
    IP = "ip", "IP address"
    DEVICE = "device", "Device name"
    PHONE = "phone", "Phone number or SIM"
    EMAIL = "email", "E-mail address"


class Identity(CouncilOwned):
    """An identifier held by one person for a period: events are attributed to whoever held it
    at the moment they happened (an as-of join, DESIGN 8)."""

    kind = models.CharField(max_length=20, choices=IdentityKind.choices)
    value = models.CharField(max_length=200)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="identities")
    valid_from = models.DateTimeField()
    valid_to = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "value", "valid_from"]
        verbose_name_plural = "identities"
        indexes = [models.Index(fields=["council", "kind", "value"], name="identity_lookup")]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "kind", "value", "valid_from"], name="identity_one_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="identity_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class BatchStatus(models.TextChoices):
    WRITING = "writing", "Being written"
    COMMITTED = "committed", "Committed"


class IngestBatch(CouncilOwned):
    """One file taken into the event store, with its receipt (DESIGN 8). Its events are read
    only once it is committed; the same file (by SHA-256) twice is a no-op."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.ForeignKey(MonitoringSource, on_delete=models.PROTECT, related_name="batches")
    format = models.CharField(max_length=30)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.BigIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=BatchStatus.choices, default=BatchStatus.WRITING
    )
    lines = models.BigIntegerField(default=0)
    accepted = models.BigIntegerField(default=0)
    rejected = models.BigIntegerField(default=0)
    unattributed = models.BigIntegerField(default=0)
    first_event_at = models.DateTimeField(null=True, blank=True)
    last_event_at = models.DateTimeField(null=True, blank=True)
    days = models.JSONField(default=list)
    seconds = models.FloatField(default=0)
    # When the rules last ran over this batch's weeks: an analysis of new data reads only the
    # weeks of batches not yet analysed (analysis.analyse_new).
    analysed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "source", "sha256"], name="ingest_batch_one_per_file"
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.public_id})"


class RejectedLine(models.Model):
    """A line of a batch's file that could not be read, with why (the first few hundred)."""

    batch = models.ForeignKey(IngestBatch, on_delete=models.CASCADE, related_name="rejections")
    line_number = models.BigIntegerField()
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["batch", "line_number"]

    def __str__(self) -> str:
        return f"line {self.line_number}: {self.reason}"


class UnattributedIdentifier(models.Model):
    """An identifier in a batch that no one held at the time of its events."""

    batch = models.ForeignKey(
        IngestBatch, on_delete=models.CASCADE, related_name="unattributed_ids"
    )
    identifier = models.CharField(max_length=200)
    events = models.BigIntegerField()

    class Meta:
        ordering = ["batch", "-events", "identifier"]

    def __str__(self) -> str:
        return f"{self.identifier} ({self.events})"


class VendorLogProfile(CouncilOwned):
    """A council's mapping of one vendor's web or DNS log onto the common event
    (``logprofiles.LogProfile`` as JSON, docs/web-profiles.md)."""

    name = models.CharField(max_length=60)
    # "web" or "dns" (logprofiles.LOGS)
    log = models.CharField(max_length=3)
    definition = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="log_profile_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Meaning(models.TextChoices):
    """What a web category means under the policy."""

    PROHIBITED = "prohibited", "Prohibited (B 9.1.1)"
    SOCIAL = "social", "Social media (B 9.1.2)"
    PERSONAL = "personal", "Personal use"
    BUSINESS = "business", "Business"


class CategoryMeaning(CouncilOwned):
    """A council's reading of one category of the shared lists (e.g. ``gambling`` prohibited)."""

    category = models.CharField(max_length=80)
    meaning = models.CharField(max_length=12, choices=Meaning.choices)

    class Meta:
        ordering = ["category"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "category"], name="category_meaning_one_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.get_meaning_display()}"


class DomainRule(CouncilOwned):
    """A council's own allow or deny entry: a domain (and its subdomains) with a meaning that
    overrides the shared lists."""

    domain = models.CharField(max_length=253)
    meaning = models.CharField(max_length=12, choices=Meaning.choices)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["domain"]
        constraints = [
            models.UniqueConstraint(fields=["council", "domain"], name="domain_rule_one_per_domain")
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.get_meaning_display()}"


class MonitoringSettings(CouncilOwned):
    """The council's thresholds for the personal-use rules (one row per council)."""

    # B 1.1.1 permits personal use outside working hours; inside them, personal browsing
    # (other than social media, which B 9.1.2 does not permit at all) beyond this many minutes
    # a day is a finding.
    personal_minutes_in_hours = models.PositiveIntegerField(default=15)
    # Outside working hours personal use must stay "reasonable" (A "Personal use of Council
    # systems"): beyond this many minutes a day is a finding.
    personal_minutes_per_day = models.PositiveIntegerField(default=120)
    # Days in the week on which a limit must be exceeded before it is a finding.
    personal_days_over = models.PositiveIntegerField(default=3)
    # Proportionate thresholds on the extent of use (ICO monitoring guidance): a few stray
    # requests (pop-ups, redirects, work use of social media under B 9.1.3) are not conduct.
    # Social media is a finding when it is at least this share of working-hours browsing ...
    social_share_percent = models.DecimalField(max_digits=5, decimal_places=2, default=20)
    # ... other personal browsing when it is at least this share ...
    personal_share_percent = models.DecimalField(max_digits=5, decimal_places=2, default=25)
    # ... and prohibited content when there are at least this many requests in a week that
    # make up at least this share of the person's browsing.
    prohibited_min_requests = models.PositiveIntegerField(default=5)
    prohibited_share_percent = models.DecimalField(max_digits=5, decimal_places=2, default="0.5")
    # Requests to one site less than this many minutes apart are one visit.
    visit_gap_minutes = models.PositiveIntegerField(default=5)
    # Time on site credited to a visit of a single request.
    single_request_minutes = models.PositiveIntegerField(default=1)
    # Bank holidays are not working hours (B 1.1.1), in every rule, web, DNS and phone alike;
    # which ones depends on where the council is.
    bank_holiday_region = models.CharField(
        max_length=20, choices=Region.choices, default=Region.ENGLAND_WALES
    )

    class Meta:
        verbose_name_plural = "monitoring settings"
        constraints = [
            models.UniqueConstraint(fields=["council"], name="monitoring_settings_one_per_council")
        ]

    def __str__(self) -> str:
        return f"Monitoring settings of {self.council}"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class FindingStatus(models.TextChoices):
    OPEN = "open", "To review"
    NOTED = "noted", "Noted"
    DISMISSED = "dismissed", "Dismissed"
    ESCALATED = "escalated", "Escalated"
    # An open finding that a later analysis of its period no longer makes (a threshold raised,
    # an identity corrected, a site allowed): nobody is asked to review it. Found again, it
    # opens again.
    WITHDRAWN = "withdrawn", "Withdrawn by a later analysis"


class Finding(CouncilOwned):
    """What a rule found about one person over one period, in a sentence with numbers, citing
    the clause it applies (DESIGN 6). Re-running the analysis updates, never duplicates."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="findings")
    source_kind = models.CharField(max_length=20, choices=SourceKind.choices)
    # Rule kinds are listed in rules.RULE_KINDS (and by later sources); not a DB choice.
    rule_kind = models.CharField(max_length=40)
    clause_reference = models.CharField(max_length=40)
    period_start = models.DateField()
    period_end = models.DateField()
    severity = models.CharField(max_length=10, choices=Severity.choices)
    summary = models.TextField()
    evidence = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=FindingStatus.choices, default="open")
    review_note = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by_label = models.CharField(max_length=200, blank=True)
    # The person's own explanation (their right to be heard before anything follows).
    explanation = models.TextField(blank=True)
    found_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-period_end", "person__full_name", "rule_kind"]
        # The findings list shows the latest first, 50 a page: read along this index, a page
        # costs the same with 20,000 findings as with 200 (issue 14), instead of sorting all.
        indexes = [models.Index(fields=["council", "-period_end"], name="finding_council_recent")]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "person", "rule_kind", "period_start", "period_end"],
                name="finding_one_per_rule_person_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="finding_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.summary


class LegalHold(CouncilOwned):
    """Keeps a person's events past retention while a case or claim needs them (C19)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="holds")
    reason = models.CharField(max_length=300)
    placed_at = models.DateTimeField()
    placed_by_label = models.CharField(max_length=200)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at"]

    def __str__(self) -> str:
        return f"Hold on {self.person}"


class PurgeReceipt(CouncilOwned):
    """What one night's retention run removed from one source (C19)."""

    source = models.ForeignKey(MonitoringSource, on_delete=models.PROTECT, related_name="purges")
    before_day = models.DateField()
    days = models.JSONField(default=list)
    events_removed = models.BigIntegerField(default=0)
    events_kept = models.BigIntegerField(default=0)
    run_at = models.DateTimeField()

    class Meta:
        ordering = ["-run_at"]

    def __str__(self) -> str:
        return f"Purge of {self.source} before {self.before_day}"
