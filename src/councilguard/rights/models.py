"""The register of individuals' rights requests (UK GDPR Art 15-21, B 5.1.4) and their clock."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from councilguard.core.models import Council, CouncilOwned
from councilguard.people.models import Person
from councilguard.rights import clock as clocks


class RequestKind(models.TextChoices):
    ACCESS = "access", "Access to their data (subject access)"
    RECTIFICATION = "rectification", "Correcting their data"
    ERASURE = "erasure", "Erasing their data"
    RESTRICTION = "restriction", "Restricting the use of their data"
    OBJECTION = "objection", "Objecting to the use of their data"


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Telephone"
    OWN_PAGE = "own_page", "Their own page in councilguard"
    OTHER = "other", "Another way"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_REVIEW = "in_review", "Waiting for the data protection lead's review"
    COMPLETED = "completed", "Answered"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


CLOSED = (RequestStatus.COMPLETED, RequestStatus.REFUSED, RequestStatus.WITHDRAWN)


class PauseReason(models.TextChoices):
    # Art 12A: the clock stops while the council waits for these.
    IDENTITY = "identity", "Waiting for proof of identity"
    CLARIFICATION = "clarification", "Waiting for the requester to clarify the request"


class Region(models.TextChoices):
    ENGLAND_WALES = "england_wales", "England and Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"


class RightsSettings(CouncilOwned):
    """Whose bank holidays the clock skips: the council's part of the UK."""

    region = models.CharField(max_length=20, choices=Region.choices, default=Region.ENGLAND_WALES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council"], name="rights_settings_one_per_council")
        ]


def region_of(council: Council) -> str:
    found = RightsSettings.objects.filter(council=council).values_list("region", flat=True)
    return found.first() or clocks.DEFAULT_REGION


class RequestQuerySet(models.QuerySet):
    def in_council(self, council: Council):
        return self.filter(council=council)

    def open(self):
        return self.exclude(status__in=CLOSED)


class RightsRequest(CouncilOwned):
    """One request from one person about their own data. ``person`` is set when the requester is
    someone the council holds as a person (current or former); someone outside the council (a
    member of the public filmed by CCTV) is named in ``requester_name`` only."""

    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="rights_requests"
    )
    requester_name = models.CharField(max_length=200)
    requester_contact = models.CharField(
        max_length=300, blank=True, help_text="Where to send the answer: e-mail or postal address."
    )
    details = models.TextField(blank=True, help_text="What they ask for, in their words.")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    received_on = models.DateField()
    identity_checked_on = models.DateField(null=True, blank=True)
    identity_method = models.CharField(max_length=300, blank=True)
    # Art 12(3): two further months for a complex or numerous request, with the requester told
    # within the first month and why.
    extended = models.BooleanField(default=False)
    extension_reason = models.TextField(blank=True)
    extension_told_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    outcome = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The bundle the data protection lead is reviewing (subject access), rebuilt after each of
    # their decisions so what is released is exactly what was reviewed.
    draft = models.ForeignKey(
        "disclosure.Disclosure", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the review page shows of the draft: its items, and the other people redacted in it
    # (names for the data protection lead only, never in the bundle or the audit trail).
    draft_review = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(extended=False) | ~Q(extension_reason=""),
                name="rights_extension_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.kind}) for {self.requester_name}"

    @property
    def reference(self) -> str:
        return f"R-{self.pk:04d}" if self.pk else "R-new"

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED

    def clock(self, region: str | None = None) -> clocks.Clock:
        pauses = [clocks.Pause(p.started_on, p.ended_on) for p in self.pauses.all()]
        return clocks.clock(
            self.received_on,
            pauses,
            extended=self.extended,
            region=region or region_of(self.council),
        )

    def days_left(self, today: date | None = None) -> int | None:
        return self.clock().days_left(today or date.today())


class RequestPause(CouncilOwned):
    """The clock stopped while the council waited (Art 12A); ``ended_on`` is the day of reply."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(max_length=20, choices=PauseReason.choices)
    asked = models.TextField(blank=True, help_text="What the council asked for.")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(ended_on__isnull=True),
                name="rights_one_open_pause",
            )
        ]


class ReminderKind(models.TextChoices):
    WEEK = "7_days", "7 days before the deadline"
    TWO_DAYS = "2_days", "2 days before the deadline"
    OVERDUE = "overdue", "The deadline has passed"


class DeadlineReminder(CouncilOwned):
    """A reminder sent, once per request, kind and deadline: running the job again the same day
    (or after a restart) sends nothing twice; a new deadline (after a pause or an extension)
    gets its own reminders."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    due_on = models.DateField()
    sent_on = models.DateField()
    sent_to = models.JSONField(default=list)

    class Meta:
        ordering = ["sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "due_on"], name="rights_reminder_once"
            )
        ]


class Exemption(models.TextChoices):
    # DPA 2018 Sch 2: the exemptions a council meets most often.
    LEGAL_PRIVILEGE = "legal_privilege", "Legal professional privilege (DPA 2018 Sch 2 para 19)"
    MANAGEMENT_FORECASTING = (
        "management_forecasting",
        "Management forecasting or planning (DPA 2018 Sch 2 para 22)",
    )
    NEGOTIATIONS = "negotiations", "Negotiations with the requester (DPA 2018 Sch 2 para 23)"
    CRIME = "crime", "Prevention or detection of crime (DPA 2018 Sch 2 para 2)"


class Withholding(CouncilOwned):
    """A source the data protection lead keeps out of the bundle, under an exemption."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="withheld")
    source_key = models.CharField(max_length=60)
    source_title = models.CharField(max_length=200)
    exemption = models.CharField(max_length=30, choices=Exemption.choices)
    reason = models.TextField()
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["source_title"]
        constraints = [
            models.UniqueConstraint(fields=["request", "source_key"], name="rights_withheld_once")
        ]


class DisclosureBasis(models.TextChoices):
    CONSENT = "consent", "They consented"
    REASONABLE = "reasonable", "Reasonable to disclose without consent (DPA 2018 Sch 2 para 16)"


class ThirdPartyDisclosure(CouncilOwned):
    """Another person's identifiers the bundle may show, with the basis recorded."""

    request = models.ForeignKey(
        RightsRequest, on_delete=models.CASCADE, related_name="third_parties"
    )
    owner_key = models.CharField(max_length=120)
    name = models.CharField(max_length=200)
    basis = models.CharField(max_length=20, choices=DisclosureBasis.choices)
    reason = models.TextField()
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by_label = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "owner_key"], name="rights_third_party_once")
        ]


class BundleRelease(CouncilOwned):
    """A bundle released to the requester: the draft the DP lead reviewed, a link that expires."""

    request = models.ForeignKey(RightsRequest, on_delete=models.PROTECT, related_name="releases")
    disclosure = models.ForeignKey(
        "disclosure.Disclosure", on_delete=models.PROTECT, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    released_at = models.DateTimeField()
    released_by_label = models.CharField(max_length=200)
    expires_at = models.DateTimeField()
    downloads = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-released_at"]


class ErasureOutcome(models.TextChoices):
    ERASED = "erased", "Erased"
    REFUSED = "refused", "Kept, with the reason"


class ErasureDecision(CouncilOwned):
    """The data protection lead's decision on one kind of data (UK GDPR Art 17). The receipt
    says what was removed (counts and files), never the data itself."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="erasures")
    source_key = models.CharField(max_length=60)
    source_title = models.CharField(max_length=200)
    outcome = models.CharField(max_length=10, choices=ErasureOutcome.choices)
    reason = models.TextField()
    receipt = models.JSONField(default=dict, blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["source_title"]
        constraints = [
            models.UniqueConstraint(fields=["request", "source_key"], name="rights_erasure_once")
        ]
