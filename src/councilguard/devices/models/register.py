"""The device register (C4), people's own devices (C6), security posture (C5) and losses (C7)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from councilguard.core.models import CouncilOwned, CouncilQuerySet

# Seed A "Lost or Stolen Mobile Phones": the police must be told within 24 hours and the
# incident number given to the council.
POLICE_NUMBER_HOURS = 24


class DeviceKind(models.TextChoices):
    LAPTOP = "laptop", "Laptop"
    DESKTOP = "desktop", "Desktop computer"
    PHONE = "phone", "Mobile phone"
    TABLET = "tablet", "Tablet"
    REMOVABLE_MEDIA = "removable_media", "Removable media"
    DASHCAM = "dashcam", "Dashcam"
    TRACKER = "tracker", "Vehicle or lone-worker tracker"
    CCTV_CAMERA = "cctv_camera", "CCTV camera"


# Kinds a person carries about; B 2.1.3 asks these for encryption, a PIN and wipe-on-failures.
PORTABLE_KINDS = frozenset(
    {DeviceKind.LAPTOP, DeviceKind.PHONE, DeviceKind.TABLET, DeviceKind.REMOVABLE_MEDIA}
)
HANDHELD_KINDS = frozenset({DeviceKind.PHONE, DeviceKind.TABLET})


class DeviceStatus(models.TextChoices):
    IN_STOCK = "in_stock", "In stock"
    ISSUED = "issued", "Issued"
    LOST = "lost", "Lost"
    STOLEN = "stolen", "Stolen"
    IN_REPAIR = "in_repair", "In repair"
    RETIRED = "retired", "Retired"


class Condition(models.TextChoices):
    NEW = "new", "New"
    GOOD = "good", "Good"
    FAIR = "fair", "Fair wear and tear"
    DAMAGED = "damaged", "Damaged"
    FAULTY = "faulty", "Faulty"


class DeviceSettings(CouncilOwned):
    """The council's device standards, one row per council (made with defaults when first read)."""

    # B 2.2.4: prompt for a password after no more than five minutes without use.
    max_lock_minutes = models.PositiveIntegerField(default=5)
    # An MDM keeps a device's last verdict when it stops checking in, so an old verdict is no
    # verdict (A4): older than this and the device is not compliant, whatever the MDM says.
    stale_after_days = models.PositiveIntegerField(default=30)
    # B 2.2.1: kept up to date; a security patch older than this is a finding.
    patch_max_age_days = models.PositiveIntegerField(default=90)
    # Time a person has to put a finding right before the clerk is told.
    grace_days = models.PositiveIntegerField(default=7)
    # Seed A: the person pays the insurance excess for a lost or damaged phone.
    insurance_excess = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    # B 2.2.4 to 2.2.9: the own-device duties are confirmed again this often (yearly by default).
    duties_renew_days = models.PositiveIntegerField(default=365, validators=[MinValueValidator(1)])
    # B 5.1.8: every computer is periodically checked and scanned for unauthorised programmes
    # and viruses; a device with no software scan for longer than this is a finding. 35 days
    # by default: a monthly scan with a week's slack.
    scan_max_age_days = models.PositiveIntegerField(default=35, validators=[MinValueValidator(1)])
    # A "Making Personal Calls..." and "Use of Email": apps from a reputable source are allowed.
    # When on, software a scan shows came from a recognised store (Microsoft Store, Apple App
    # Store, Google Play) is allowed without a catalogue entry; off, the catalogue is strict.
    store_apps_allowed = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "device settings"
        constraints = [
            models.UniqueConstraint(fields=["council"], name="device_settings_one_per_council")
        ]

    def __str__(self) -> str:
        return f"Device settings of {self.council}"


class DeviceQuerySet(CouncilQuerySet):
    def with_holder(self) -> DeviceQuerySet:
        """Each device with its open assignment's person prefetched (``current_assignments``)."""
        return self.prefetch_related(
            models.Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(returned_at__isnull=True).select_related(
                    "person"
                ),
                to_attr="current_assignments",
            )
        )


class Device(CouncilOwned):
    """A council-owned device (C4). It remains the council's property while issued (seed A)."""

    kind = models.CharField(max_length=20, choices=DeviceKind.choices)
    make = models.CharField(max_length=100, blank=True)
    model = models.CharField(max_length=100, blank=True)
    serial = models.CharField("Serial number", max_length=100, blank=True)
    # The device's name on the network or in the MDM (Windows' device name, a Mac's local host
    # name, the name Intune shows): how osquery results and Intune's discovered-apps export
    # name a device when they carry no serial.
    host_name = models.CharField(max_length=100, blank=True)
    imei = models.CharField("IMEI", max_length=20, blank=True)
    sim_number = models.CharField("SIM number", max_length=30, blank=True)
    phone_number = models.CharField(max_length=30, blank=True)
    purchased_on = models.DateField(null=True, blank=True)
    purchase_cost = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    condition = models.CharField(max_length=10, choices=Condition.choices, default=Condition.GOOD)
    status = models.CharField(
        max_length=10, choices=DeviceStatus.choices, default=DeviceStatus.IN_STOCK
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeviceQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "make", "model", "pk"]
        indexes = [models.Index(fields=["council", "status"], name="device_council_status")]
        constraints = [
            # The serial is how imports and MDM exports find a device, so it must be unique.
            models.UniqueConstraint(
                fields=["council", "serial"], condition=~Q(serial=""), name="device_unique_serial"
            ),
            # Scans find a device by its host name too; host names ignore case.
            models.UniqueConstraint(
                Lower("host_name"),
                "council",
                condition=~Q(host_name=""),
                name="device_unique_host_name",
            ),
        ]

    def __str__(self) -> str:
        name = " ".join(part for part in (self.make, self.model) if part) or self.get_kind_display()
        if self.serial:
            return f"{name} ({self.serial})"
        # No serial number to tell it apart: the day it was added does, in words, not a row id.
        added = f", added {self.created_at:%-d %b %Y}" if self.created_at else ""
        return f"{name} (no serial number{added})"

    @property
    def holder(self):
        """The person it is issued to now, from ``with_holder()`` when prefetched."""
        if hasattr(self, "current_assignments"):
            return self.current_assignments[0].person if self.current_assignments else None
        current = self.assignments.filter(returned_at__isnull=True).select_related("person")
        assignment = current.first()
        return assignment.person if assignment else None


class TermsAcceptance(models.TextChoices):
    IN_APP = "in_app", "Accepted by the person in councilguard"
    BY_CLERK = "by_clerk", "Recorded by the clerk (signed on paper or in person)"


class Assignment(CouncilOwned):
    """A device issued to a person and, later, returned; with the condition each way and the
    person's acceptance of the device terms (seed A: safekeeping, repair and replacement)."""

    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="assignments")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="device_assignments"
    )
    issued_at = models.DateTimeField()
    issued_condition = models.CharField(max_length=10, choices=Condition.choices)
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_condition = models.CharField(max_length=10, choices=Condition.choices, blank=True)
    terms_accepted_at = models.DateTimeField(null=True, blank=True)
    terms_accepted_how = models.CharField(
        max_length=10, choices=TermsAcceptance.choices, blank=True
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["device"],
                condition=Q(returned_at__isnull=True),
                name="assignment_one_holder_at_a_time",
            ),
            models.CheckConstraint(
                condition=Q(terms_accepted_at__isnull=True, terms_accepted_how="")
                | Q(terms_accepted_at__isnull=False) & ~Q(terms_accepted_how=""),
                name="assignment_acceptance_says_how",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device} to {self.person}"


class OwnDevice(CouncilOwned):
    """A device a person owns and uses for council work, under the own-device rules (B 2.2)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="own_devices"
    )
    kind = models.CharField(max_length=20, choices=DeviceKind.choices)
    description = models.CharField(max_length=200)
    rules_accepted_at = models.DateTimeField()
    # B 2.2.4: kept on file so the person's provider can block a lost phone.
    imei = models.CharField("IMEI", max_length=20, blank=True)
    sim_number = models.CharField("SIM number", max_length=30, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    # When every own-device duty (B 2.2.4 to 2.2.9) was last confirmed together; renewal runs
    # from here (each confirmation is also kept, dated, as a DutyConfirmation).
    duties_confirmed_at = models.DateTimeField(null=True, blank=True)
    # B 9.1.6: a leaver confirms council data and third-party contacts were deleted.
    deletion_attested_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person__full_name", "description", "pk"]

    def __str__(self) -> str:
        return f"{self.description} ({self.person})"


class OwnDeviceDuty(models.TextChoices):
    """What a person using their own device for council work confirms they do, each from the
    clause that asks it (in the project's own words)."""

    NO_PERSONAL_CLOUD = "no_personal_cloud", "I keep council data out of my personal cloud storage"
    NO_SENSITIVE_DATA = (
        "no_sensitive_data",
        "I do not keep personal or sensitive council data on it",
    )
    MEDIA_WIPED = "media_wiped", "I securely delete council data from USB sticks or discs after use"
    CACHE_CLEARED = "cache_cleared", "I delete cached copies of attachments straight after use"
    BACKED_UP = "backed_up", "My council work is password-protected and backed up to the council"
    FAMILY_CANNOT_SEE = "family_cannot_see", "Family or friends using it cannot see council data"
    SECURE_WIFI = "secure_wifi", "I use only secure Wi-Fi networks for council work"


# The clause each duty comes from.
DUTY_CLAUSES = {
    OwnDeviceDuty.NO_PERSONAL_CLOUD: "B 2.2.5",
    OwnDeviceDuty.NO_SENSITIVE_DATA: "B 2.2.6",
    OwnDeviceDuty.MEDIA_WIPED: "B 2.2.7",
    OwnDeviceDuty.CACHE_CLEARED: "B 2.2.8",
    OwnDeviceDuty.BACKED_UP: "B 2.2.9",
    OwnDeviceDuty.FAMILY_CANNOT_SEE: "B 2.2.4",
    OwnDeviceDuty.SECURE_WIFI: "B 2.2.4",
}


class DutyConfirmation(CouncilOwned):
    """One duty confirmed for one own device on one date; confirmed again when it falls due."""

    own_device = models.ForeignKey(
        OwnDevice, on_delete=models.PROTECT, related_name="duty_confirmations"
    )
    duty = models.CharField(max_length=20, choices=OwnDeviceDuty.choices)
    confirmed_at = models.DateTimeField()

    class Meta:
        ordering = ["-confirmed_at", "duty", "pk"]
        indexes = [models.Index(fields=["own_device", "duty", "confirmed_at"], name="duty_latest")]

    def __str__(self) -> str:
        return f"{self.get_duty_display()} ({self.own_device}, {self.confirmed_at:%d %b %Y})"


class PostureSource(models.TextChoices):
    MDM = "mdm", "MDM import"
    ATTESTATION = "attestation", "Own attestation"


class PostureRecord(CouncilOwned):
    """What was known of a device's security at one time (C5). ``None`` means "not reported":
    only a reported failure is a finding; a missing check-in makes the device stale instead."""

    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, null=True, blank=True, related_name="postures"
    )
    own_device = models.ForeignKey(
        OwnDevice, on_delete=models.PROTECT, null=True, blank=True, related_name="postures"
    )
    source = models.CharField(max_length=12, choices=PostureSource.choices)
    recorded_at = models.DateTimeField()
    encrypted = models.BooleanField(null=True)
    passcode = models.BooleanField("PIN, password or biometric", null=True)
    lock_after_minutes = models.PositiveIntegerField(null=True, blank=True)
    wipe_after_failures = models.BooleanField(null=True)
    remote_wipe = models.BooleanField(null=True)
    os = models.CharField("Operating system", max_length=60, blank=True)
    os_version = models.CharField(max_length=60, blank=True)
    patch_date = models.DateField(null=True, blank=True)
    work_profile = models.BooleanField(null=True)
    # False when the device is jailbroken or rooted (B 2.1.3: security must not be disabled).
    security_intact = models.BooleanField(null=True)
    mdm_verdict = models.CharField(max_length=30, blank=True)
    # Antivirus as the MDM reports it (Intune's Defender fields; B 5.1.8): None when not
    # reported, False when turned off or, for the definitions, out of date.
    malware_protection = models.BooleanField(null=True)
    realtime_protection = models.BooleanField(null=True)
    signatures_current = models.BooleanField("Virus definitions up to date", null=True)
    last_check_in = models.DateTimeField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(device__isnull=True) ^ Q(own_device__isnull=True),
                name="posture_for_exactly_one_device",
            )
        ]

    def __str__(self) -> str:
        return f"Posture of {self.device or self.own_device} at {self.recorded_at:%Y-%m-%d}"


class Task(CouncilOwned):
    """Something someone must do by a date; a task without a person is the clerk's. Overdue
    tasks are escalated to the clerk by the worker (C5)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    title = models.CharField(max_length=200)
    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    own_device = models.ForeignKey(
        OwnDevice, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    created_at = models.DateTimeField()
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_at", "pk"]
        indexes = [models.Index(fields=["council", "done_at", "due_at"], name="task_open_due")]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.done_at is None and self.due_at < (now or timezone.now())


class PostureFinding(CouncilOwned):
    """A failed check, citing the clause it enforces (e.g. "B 2.1.3"), until it passes again."""

    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    own_device = models.ForeignKey(
        OwnDevice, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    posture = models.ForeignKey(PostureRecord, on_delete=models.PROTECT, related_name="findings")
    check_name = models.CharField(max_length=40)
    clause = models.CharField(max_length=40)
    evidence = models.CharField(max_length=300)
    found_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )

    class Meta:
        ordering = ["resolved_at", "-found_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(device__isnull=True) ^ Q(own_device__isnull=True),
                name="finding_for_exactly_one_device",
            )
        ]

    def __str__(self) -> str:
        return f"{self.clause}: {self.evidence}"


class LossKind(models.TextChoices):
    LOST = "lost", "Lost"
    STOLEN = "stolen", "Stolen"
    # B 2.2.4: someone got into it who should not have; no police clock, the same incident
    # and wipe.
    ACCESSED = "accessed", "Inappropriately accessed"


# Seed A: the police are told of a loss or theft, not of a device someone got into.
POLICE_KINDS = frozenset({LossKind.LOST, LossKind.STOLEN})


class Reimbursement(models.TextChoices):
    EXCESS_ONLY = "excess_only", "Charge the insurance excess only"
    CLAIM_COST = "claim_cost", "Claim the cost of the device as well"
    WAIVE = "waive", "Waive all charges"


class LossReport(CouncilOwned):
    """A lost, stolen or inappropriately accessed device: a council device (C7, seed A "Lost
    or Stolen Mobile Phones") or a person's own one used for council work (B 2.2.4)."""

    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, null=True, blank=True, related_name="losses"
    )
    own_device = models.ForeignKey(
        OwnDevice, on_delete=models.PROTECT, null=True, blank=True, related_name="losses"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="losses")
    kind = models.CharField(max_length=10, choices=LossKind.choices)
    what_happened = models.TextField()
    occurred_at = models.DateTimeField(null=True, blank=True)
    where = models.CharField(max_length=200, blank=True)
    reported_at = models.DateTimeField()
    reported_by_label = models.CharField(max_length=200)
    # None when no police report is asked for (a device inappropriately accessed).
    police_due_at = models.DateTimeField(null=True, blank=True)
    police_reference = models.CharField(max_length=60, blank=True)
    police_reference_at = models.DateTimeField(null=True, blank=True)
    # The charge to be made against the person; the charges statement is a later item.
    insurance_excess = models.DecimalField(max_digits=8, decimal_places=2)
    earlier_losses = models.PositiveIntegerField(default=0)
    reimbursement = models.CharField(max_length=12, choices=Reimbursement.choices, blank=True)
    reimbursement_note = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by_label = models.CharField(max_length=200, blank=True)
    incident = models.ForeignKey(
        "incidents.SecurityIncident", on_delete=models.PROTECT, related_name="device_losses"
    )

    class Meta:
        ordering = ["-reported_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(device__isnull=True) ^ Q(own_device__isnull=True),
                name="loss_of_exactly_one_device",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.get_kind_display().lower()} {self.reported_at:%d %b %Y}"

    @property
    def subject(self) -> Device | OwnDevice:
        """The device reported: the council's or the person's own."""
        return self.device if self.device_id else self.own_device

    @property
    def kind_of_device(self) -> str:
        return DeviceKind(self.subject.kind).label

    def police_overdue(self, now: datetime | None = None) -> bool:
        if self.police_due_at is None:
            return False
        return not self.police_reference and (now or timezone.now()) > self.police_due_at

    @property
    def reported_late(self) -> bool:
        """Reported to the council after the 24 hours from the loss had already run out."""
        return self.police_due_at is not None and self.reported_at > self.police_due_at

    @property
    def hours_before_report(self) -> int | None:
        """Whole hours from the loss (or last sighting) to the report, when it is known."""
        if self.occurred_at is None:
            return None
        return int((self.reported_at - self.occurred_at).total_seconds() // 3600)

    @staticmethod
    def police_due(reported_at: datetime) -> datetime:
        return reported_at + timedelta(hours=POLICE_NUMBER_HOURS)
