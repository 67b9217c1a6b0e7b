"""Misuse cases (C17): the fair, documented process that must come before any disciplinary
step (B 5.1.2, 5.1.7 "Misuse"). The stages follow the ACAS code of practice on disciplinary
procedures; nothing here takes a disciplinary step, it records the investigation before one."""

from __future__ import annotations

from django.db import models

from councilguard.core.models import CouncilOwned


class CaseKind(models.TextChoices):
    MISUSE_OF_IT = "misuse_of_it", "Misuse of IT"
    SOCIAL_MEDIA = "social_media", "Social media conduct"
    DATA_PROTECTION = "data_protection", "Data protection"
    OTHER = "other", "Other"


class Stage(models.TextChoices):
    """The ACAS code's order: establish the facts before anything else."""

    CONCERN_RAISED = "concern_raised", "Concern raised"
    PRELIMINARY_REVIEW = "preliminary_review", "Preliminary review"
    FORMAL_INVESTIGATION = "formal_investigation", "Formal investigation"
    FINDINGS = "findings", "Findings of the investigation"
    OUTCOME = "outcome", "Outcome"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    NO_CASE = "no_case", "No case to answer"
    INFORMAL = "informal", "Informal action"
    HEARING = "hearing", "Referred to a disciplinary hearing"
    ELSEWHERE = "elsewhere", "Referred elsewhere"


class Origin(models.TextChoices):
    FINDINGS = "findings", "Monitoring findings"
    REPORT = "report", "Report by a colleague"
    COMPLAINT = "complaint", "Complaint"
    OTHER = "other", "Other"


class CaseSettings(CouncilOwned):
    """What the council decides for its cases: how long a closed case keeps its hold, so an
    appeal can still rely on the evidence."""

    appeal_days = models.PositiveIntegerField(default=28)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council"], name="case_settings_one")]


class Case(CouncilOwned):
    reference = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=CaseKind.choices)
    origin = models.CharField(max_length=12, choices=Origin.choices)
    allegation = models.TextField()
    # Clause references as a finding cites them ("B 5.1.7", "A Social Media").
    clauses = models.JSONField(default=list)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    stage = models.CharField(max_length=24, choices=Stage.choices, default=Stage.CONCERN_RAISED)
    investigator = models.ForeignKey(
        "core.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_investigated",
    )
    terms_of_reference = models.TextField(blank=True)
    investigation_findings = models.TextField(blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    opened_at = models.DateTimeField()
    opened_by_label = models.CharField(max_length=200)
    closed_at = models.DateTimeField(null=True, blank=True)
    findings = models.ManyToManyField("monitoring.Finding", related_name="cases", blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "reference"], name="case_reference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.stage != Stage.CLOSED


class NoticeMethod(models.TextChoices):
    LETTER_HAND = "letter_hand", "Letter handed over"
    LETTER_POST = "letter_post", "Letter by post"
    EMAIL = "email", "E-mail"


class CaseSubject(models.Model):
    """One person the case is about: when and how they were told in writing, their account,
    and the legal hold that keeps their monitoring data while the case needs it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    hold = models.ForeignKey(
        "monitoring.LegalHold",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_subjects",
    )
    told_at = models.DateTimeField(null=True, blank=True)
    told_how = models.CharField(max_length=12, choices=NoticeMethod.choices, blank=True)
    notice = models.TextField(blank=True)
    told_by_label = models.CharField(max_length=200, blank=True)
    account = models.TextField(blank=True)
    account_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="case_subject_once")]

    def __str__(self) -> str:
        return f"{self.person} in {self.case.reference}"


class CaseStep(models.Model):
    """One step of the case: who, when and why (the timeline)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(max_length=24, choices=Stage.choices)
    at = models.DateTimeField()
    by_label = models.CharField(max_length=200)
    reason = models.TextField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.get_stage_display()}"


class EvidenceKind(models.TextChoices):
    FINDING = "finding", "Monitoring finding"
    EXTRACT = "extract", "Extract of raw events"
    DOCUMENT = "document", "Document"
    INTERVIEW = "interview", "Interview notes"


class Evidence(models.Model):
    """One item of evidence, frozen when added: its content is copied into the case (never a
    pointer into the event store, which retention empties) with its SHA-256, and no service
    changes it afterwards."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=12, choices=EvidenceKind.choices)
    title = models.CharField(max_length=200)
    purpose = models.TextField(blank=True)
    finding = models.ForeignKey(
        "monitoring.Finding", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=80, blank=True)
    content = models.BinaryField(default=b"")
    size_bytes = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    # The evidence the investigation will rely on is shown to the subject (ACAS: the employee
    # sees the evidence before any hearing).
    relied_on = models.BooleanField(default=True)
    added_at = models.DateTimeField()
    added_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sha256"], name="case_evidence_once")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def text(self) -> str:
        return bytes(self.content).decode("utf-8", errors="replace")


class CaseExport(models.Model):
    """An adviser bundle that left the council (B 5.1.2): to whom, why, when, by whom; the
    file and its hashes are the disclosure record's."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exports")
    disclosure = models.OneToOneField(
        "disclosure.Disclosure", on_delete=models.PROTECT, related_name="case_export"
    )
    recipient = models.CharField(max_length=200)
    reason = models.TextField()
    exported_at = models.DateTimeField()
    exported_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-exported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case.reference} to {self.recipient}"
