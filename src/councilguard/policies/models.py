"""The policies a council adopts (C1), their numbered clauses, who has acknowledged which version
(C2), and the configured rules that cite clauses (DESIGN 6)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from councilguard.core.models import CouncilOwned
from councilguard.core.words import clause as clause_words
from councilguard.people.models import Person


class Policy(CouncilOwned):
    """A policy the council has adopted, e.g. "Use of IT, Electronic Devices and Social Media"."""

    title = models.CharField(max_length=200)
    # Short letter used to cite its clauses, e.g. "B 2.2.4".
    code = models.CharField(max_length=10, help_text="Short letter for citations, e.g. 'B'.")
    responsible_officer = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    oversight_committee = models.CharField(max_length=200, blank=True)
    review_due = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "policies"
        constraints = [
            models.UniqueConstraint(fields=["council", "title"], name="policy_unique_title"),
            models.UniqueConstraint(fields=["council", "code"], name="policy_unique_code"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def in_force(self) -> PolicyVersion | None:
        return self.versions.filter(status=VersionStatus.PUBLISHED).first()

    @property
    def draft(self) -> PolicyVersion | None:
        return self.versions.filter(
            status__in=[VersionStatus.DRAFT, VersionStatus.APPROVED]
        ).first()

    def review_state(self, today: date | None = None) -> str:
        """ "overdue", "due" (within 30 days) or "" for a policy's next review."""
        if self.review_due is None:
            return ""
        days = (self.review_due - (today or date.today())).days
        if days < 0:
            return "overdue"
        return "due" if days <= 30 else ""


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


class ApprovingBody(models.TextChoices):
    FULL_COUNCIL = "full_council", "Full Council"
    COMMITTEE = "committee", "A committee"
    CLERK_DELEGATED = "clerk_delegated", "The Clerk under delegated powers"


class PolicyVersion(CouncilOwned):
    """One version of a policy. At most one is published (in force) and at most one is being
    prepared (draft or approved) at a time; publishing supersedes the one in force."""

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="versions")
    label = models.CharField(max_length=20, help_text="e.g. 0.2")
    status = models.CharField(
        max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    material_change = models.BooleanField(
        default=True,
        help_text="Everyone must acknowledge a materially changed version again; otherwise "
        "earlier acknowledgements carry over.",
    )
    approving_body = models.CharField(max_length=20, choices=ApprovingBody.choices, blank=True)
    committee_name = models.CharField(max_length=200, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    minute_reference = models.CharField(max_length=50, blank=True)
    # Ids of the clause (if any) holding the rules for working away from the office (C25).
    remote_working_reference = models.CharField(max_length=40, blank=True)
    reminder_every_days = models.PositiveSmallIntegerField(
        default=7, help_text="How often people who have not acknowledged are reminded."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["policy", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "label"], name="version_unique_label"),
            models.UniqueConstraint(
                fields=["policy"],
                condition=Q(status="published"),
                name="version_one_in_force",
            ),
            models.UniqueConstraint(
                fields=["policy"],
                condition=Q(status__in=["draft", "approved"]),
                name="version_one_in_preparation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} {self.label}"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def approval_text(self) -> str:
        if not self.approving_body:
            return ""
        body = (
            self.committee_name
            if self.approving_body == ApprovingBody.COMMITTEE
            else (self.get_approving_body_display())
        )
        parts = [body]
        if self.approved_on:
            parts.append(f"on {self.approved_on:%-d %B %Y}")
        if self.minute_reference:
            parts.append(f"(minute {self.minute_reference})")
        return " ".join(parts)


class Clause(CouncilOwned):
    """A numbered or headed part of a version. ``reference`` is stable across versions ("2.2.4",
    or the heading's slug for an unnumbered section), so rules and findings can cite it."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="clauses")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    reference = models.CharField(max_length=40)
    number = models.CharField(max_length=20, blank=True)
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    position = models.PositiveIntegerField()
    depth = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "reference"], name="clause_unique_reference")
        ]

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        """How a finding cites it: policy code, clause and version, e.g. "B 2.2.4 (v0.2)"."""
        return clause_words(f"{self.version.policy.code} {self.reference} (v{self.version.label})")

    @property
    def title(self) -> str:
        return " ".join(filter(None, [self.number, self.heading])) or self.reference


class HistoryEntry(CouncilOwned):
    """A line of a policy's version history (date, version, author, comment), as councils keep
    it on the front page of the document."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="history")
    on_date = models.DateField()
    version_label = models.CharField(max_length=20)
    author = models.CharField(max_length=200)
    comment = models.CharField(max_length=500)

    class Meta:
        ordering = ["policy", "on_date", "pk"]
        verbose_name_plural = "history entries"

    def __str__(self) -> str:
        return f"{self.on_date} {self.version_label}: {self.comment}"


class Review(CouncilOwned):
    """A review of a policy: when, what kind, what was decided, who did it."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    review_type = models.CharField(max_length=200)
    actions = models.TextField()
    completed_by = models.CharField(max_length=200)

    class Meta:
        ordering = ["policy", "-reviewed_on"]

    def __str__(self) -> str:
        return f"{self.review_type} on {self.reviewed_on}"


class AckMethod(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in and acknowledged"
    PAPER = "paper", "On paper, recorded by the clerk"
    CARRIED_OVER = "carried_over", "Carried over from an earlier version (no material change)"


class Acknowledgement(CouncilOwned):
    """A person's acknowledgement of one exact version (C2)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="acknowledgements")
    version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField()
    method = models.CharField(max_length=20, choices=AckMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="ack_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.person} acknowledged {self.version}"


class Reminder(CouncilOwned):
    """An acknowledgement reminder sent to a person, so the schedule knows when to send again."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"reminder to {self.person} about {self.version}"


class RemoteWorkingAcceptance(CouncilOwned):
    """A person accepted the rules for working away from the office (C25, B 6.1.1)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="remote_rules_accepted_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} accepted the remote-working rules of {self.version}"


class RemoteWorker(CouncilOwned):
    """Someone who works away from the office (B 6.1.1: at home, travelling), recorded by the
    clerk, and when they last accepted the remote-working rules of a version in force. Those
    who have not accepted the rules in force are listed and reminded (policies.waiting)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    where = models.CharField(
        "Where they work", max_length=200, help_text="For example: at home two days a week."
    )
    since = models.DateField("Working away from the office since")
    accepted_on = models.DateField("Accepted the remote-working rules on", null=True, blank=True)
    accepted_version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_on = models.DateField("No longer works away from the office from", null=True)
    added_at = models.DateTimeField()
    added_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["person__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="remote_worker_once_at_a_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} works away from the office ({self.where})"


class RuleKind(models.TextChoices):
    """The checks the system can run (DESIGN 6); later apps implement them."""

    PROHIBITED_CATEGORY = "prohibited_category", "Prohibited web content"
    CATEGORY_IN_WORKING_HOURS = "category_in_working_hours", "Personal sites in working hours"
    USAGE_VOLUME = "usage_volume", "Extent of internet use"
    PHONE_USAGE_ANOMALY = "phone_usage_anomaly", "High phone usage"
    PERSONAL_CALLS = "personal_calls", "Personal calls and costs"
    UNAPPROVED_SOFTWARE = "unapproved_software", "Unapproved software"
    DEVICE_POSTURE = "device_posture", "Device security settings"
    PERSONAL_EMAIL_USE = "personal_email_use", "Personal use of council e-mail"
    UNACKNOWLEDGED_POLICY = "unacknowledged_policy", "Policy not acknowledged"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Rule(CouncilOwned):
    """A check configured for this council, with its parameters and the clauses it enforces."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=RuleKind.choices)
    parameters = models.JSONField(default=dict, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Citation(CouncilOwned):
    """A rule cites a clause by policy and stable reference, so it keeps citing the same clause
    in each new version; findings resolve it to the version in force at the time."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="citations")
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="citations")
    reference = models.CharField(max_length=40)

    class Meta:
        ordering = ["policy__code", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "policy", "reference"], name="citation_unique")
        ]

    def __str__(self) -> str:
        return clause_words(f"{self.policy.code} {self.reference}")

    def clause_in_force(self) -> Clause | None:
        version = self.policy.in_force
        return version.clauses.filter(reference=self.reference).first() if version else None
