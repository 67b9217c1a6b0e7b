"""The security incident register (C16): what happened, to whom, what was done, and for a
personal-data breach the 72-hour decision whether to report it to the regulator."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from councilguard.core.models import CouncilOwned, CouncilQuerySet

# UK GDPR Art. 33: a reportable personal-data breach goes to the ICO within 72 hours of the
# council becoming aware of it.
BREACH_REPORT_HOURS = 72


class IncidentKind(models.TextChoices):
    # B 4.1.5: an attempt to reach a password one is not allowed is a security incident.
    CREDENTIAL_ATTEMPT = "credential_attempt", "Unauthorised credential attempt"
    FAILED_SIGN_INS = "failed_sign_ins", "Repeated failed sign-ins"
    LOST_DEVICE = "lost_device", "Lost or stolen device"
    MALWARE = "malware", "Malware"
    DATA_BREACH = "data_breach", "Personal-data breach"
    OTHER = "other", "Other"


class IncidentStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class IncidentSource(models.TextChoices):
    """Where an incident came from. Other apps open incidents through
    ``incidents.services.open_incident`` and name themselves here."""

    REPORT = "report", "Reported by someone"
    VAULT = "vault", "Credential vault"
    SIGN_IN = "sign_in", "Sign-in monitoring"
    # Link point for the devices issue: a lost or stolen device report opens an incident with
    # this source and ``source_ref`` naming the device ("devices.device:<pk>").
    DEVICES = "devices", "Device register"


class BreachDecision(models.TextChoices):
    REPORTED = "reported", "Reported to the ICO"
    NOT_REPORTABLE = "not_reportable", "Not reportable"


class IncidentQuerySet(CouncilQuerySet):
    def open(self) -> IncidentQuerySet:
        return self.filter(status=IncidentStatus.OPEN)

    def breach_clock_overdue(self, now: datetime | None = None) -> IncidentQuerySet:
        """Personal-data breaches past their 72 hours with no decision recorded."""
        now = now or timezone.now()
        return self.filter(
            kind=IncidentKind.DATA_BREACH,
            breach_decision="",
            detected_at__lt=now - timedelta(hours=BREACH_REPORT_HOURS),
        )


class SecurityIncident(CouncilOwned):
    """One security incident: reported by someone, or opened by the system at once when an
    attempt is refused (a credential one may not use, repeated failed sign-ins)."""

    kind = models.CharField(max_length=30, choices=IncidentKind.choices)
    status = models.CharField(
        max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    title = models.CharField(max_length=200)
    description = models.TextField("What happened")
    occurred_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who or what reported it, as the audit trail names actors ("the vault" for the system).
    reported_by_label = models.CharField(max_length=200)
    source = models.CharField(
        max_length=20, choices=IncidentSource.choices, default=IncidentSource.REPORT
    )
    # What the incident is about, as "app.model:pk" (e.g. "vault.vaultentry:12"); empty for a
    # report. Never points into another council.
    source_ref = models.CharField(max_length=100, blank=True)
    # The account whose attempt (or whose sign-ins) opened the incident.
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    attempts = models.PositiveIntegerField(default=1)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    affected_people = models.ManyToManyField(
        "people.Person", blank=True, related_name="security_incidents"
    )
    affected_data = models.TextField("Data affected", blank=True)
    actions = models.TextField("Actions taken", blank=True)
    outcome = models.TextField(blank=True)
    # Personal-data breaches: the 72-hour clock runs from detected_at.
    detected_at = models.DateTimeField(null=True, blank=True)
    breach_decision = models.CharField(max_length=20, choices=BreachDecision.choices, blank=True)
    breach_decision_reason = models.TextField(blank=True)
    ico_reference = models.CharField(max_length=100, blank=True)
    breach_decided_at = models.DateTimeField(null=True, blank=True)
    breach_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["council", "status", "kind"], name="incident_status_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="data_breach") | Q(breach_decision=""),
                name="incident_decision_only_for_breaches",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False),
                name="incident_closed_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"SI-{self.pk}"

    @property
    def is_breach(self) -> bool:
        return self.kind == IncidentKind.DATA_BREACH

    @property
    def is_open(self) -> bool:
        return self.status == IncidentStatus.OPEN

    @property
    def report_deadline(self) -> datetime | None:
        if not self.is_breach:
            return None
        return (self.detected_at or self.reported_at) + timedelta(hours=BREACH_REPORT_HOURS)

    def breach_clock(self, now: datetime | None = None) -> str:
        """ "decided", "running" or "overdue" for a breach; "" for anything else."""
        if not self.is_breach:
            return ""
        if self.breach_decision:
            return "decided"
        return "overdue" if (now or timezone.now()) > self.report_deadline else "running"

    def hours_left(self, now: datetime | None = None) -> int | None:
        if self.breach_clock(now) != "running":
            return None
        left = self.report_deadline - (now or timezone.now())
        return max(0, int(left.total_seconds() // 3600))


class IncidentSettings(CouncilOwned):
    """A council's incident rules: how many failed sign-ins to one account, in how many minutes,
    open an incident (issue 7: "N in T minutes, council setting")."""

    failed_sign_in_limit = models.PositiveSmallIntegerField(default=5)
    failed_sign_in_minutes = models.PositiveSmallIntegerField(default=15)

    class Meta:
        verbose_name_plural = "incident settings"
        constraints = [
            models.UniqueConstraint(fields=["council"], name="incident_settings_one_per_council"),
            models.CheckConstraint(
                condition=Q(failed_sign_in_limit__gte=2) & Q(failed_sign_in_minutes__gte=1),
                name="incident_settings_sensible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.failed_sign_in_limit} failed sign-ins in {self.failed_sign_in_minutes} min"


class SignInStage(models.TextChoices):
    """Where a sign-in failed. A wrong authenticator code after the right password is the
    clearest sign that someone else knows the password (issue 12)."""

    PASSWORD = "password", "Wrong password"
    SECOND_FACTOR = "second_factor", "Right password, wrong authenticator code"


class FailedSignIn(models.Model):
    """One failed sign-in to an existing account, counted to spot repeated attempts. Accounts
    span councils, so these are not council-owned; incidents open in each of the account's
    councils."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="failed_sign_ins"
    )
    at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    stage = models.CharField(
        max_length=20, choices=SignInStage.choices, default=SignInStage.PASSWORD
    )

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "at"], name="failed_sign_in_user_at")]

    def __str__(self) -> str:
        return f"{self.user} at {self.at:%Y-%m-%d %H:%M}"
