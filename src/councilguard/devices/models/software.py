"""Installed-software inventories of council devices and what they show (C10)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from councilguard.core.models import CouncilOwned


class InventoryFormat(models.TextChoices):
    OSQUERY = "osquery", "osquery JSON"
    CSV = "csv", "CSV (Fleet per-host export or plain)"
    INTUNE_APPS = "intune_apps", "Intune discovered apps"


class InventoryImport(CouncilOwned):
    """One imported file; its SHA-256 makes a second import of the same file a no-op."""

    sha256 = models.CharField(max_length=64)
    format = models.CharField(max_length=12, choices=InventoryFormat.choices)
    # The device the importer named, for a file whose rows do not say (osquery run on the
    # device itself): two identical laptops give identical files, which are still two scans.
    device = models.ForeignKey(
        "devices.Device", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField()
    imported_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "sha256"],
                condition=Q(device__isnull=True),
                name="inventory_import_once",
            ),
            models.UniqueConstraint(
                fields=["council", "sha256", "device"],
                condition=Q(device__isnull=False),
                name="inventory_import_once_per_device",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} {self.imported_at:%Y-%m-%d %H:%M}"


class SoftwareScan(CouncilOwned):
    """What one device had installed (and plugged in) at one import."""

    source = models.ForeignKey(InventoryImport, on_delete=models.PROTECT, related_name="scans")
    device = models.ForeignKey(
        "devices.Device", on_delete=models.PROTECT, related_name="software_scans"
    )
    scanned_at = models.DateTimeField()
    software_count = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField(default=0)
    # B 5.1.8, from osquery's Windows Security Center tables: True when antivirus was on and
    # up to date, False when missing, off or out of date, None when the scan did not say.
    antivirus_ok = models.BooleanField(null=True)

    class Meta:
        ordering = ["-scanned_at", "-pk"]

    def __str__(self) -> str:
        return f"Software on {self.device} at {self.scanned_at:%Y-%m-%d}"


class SoftwareVerdict(models.TextChoices):
    APPROVED = "approved", "In the catalogue"
    NOT_IN_CATALOGUE = "not_in_catalogue", "Not in the catalogue"
    VERSION_NOT_ALLOWED = "version_not_allowed", "Version not allowed"
    PERSONAL = "personal", "Personal software"
    # Not in the catalogue, but from a recognised store the council allows (DeviceSettings).
    FROM_STORE = "from_store", "From a recognised store"


class InstalledSoftware(CouncilOwned):
    """One program, package or app in a scan, with how it stands against the catalogue."""

    scan = models.ForeignKey(SoftwareScan, on_delete=models.CASCADE, related_name="software")
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=100, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    table = models.CharField(max_length=30, blank=True)
    verdict = models.CharField(max_length=20, choices=SoftwareVerdict.choices)
    # Not in the device's previous scan: shown highlighted.
    is_new = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_new", "name", "version", "pk"]

    def __str__(self) -> str:
        return f"{self.name} {self.version}".strip()


class UsbDeviceSeen(CouncilOwned):
    """A USB device osquery saw plugged into a council device, and whether it is allowed
    (B 1.1.6: council removable media in the register, or personal media the Clerk approved)."""

    scan = models.ForeignKey(SoftwareScan, on_delete=models.CASCADE, related_name="usb_devices")
    vendor = models.CharField(max_length=200, blank=True)
    model = models.CharField(max_length=200, blank=True)
    serial = models.CharField(max_length=200, blank=True)
    vendor_id = models.CharField(max_length=10, blank=True)
    model_id = models.CharField(max_length=10, blank=True)
    allowed_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["vendor", "model", "pk"]

    def __str__(self) -> str:
        return " ".join(p for p in (self.vendor, self.model, self.serial) if p)


class SoftwareCheck(models.TextChoices):
    NOT_IN_CATALOGUE = "not_in_catalogue", "Software not in the catalogue"
    PERSONAL = "personal", "Personal software"
    UNKNOWN_USB = "unknown_usb", "Removable media not approved"
    ANTIVIRUS = "antivirus", "Antivirus missing or turned off"
    NOT_SCANNED = "not_scanned", "Not scanned recently"


class SoftwareFinding(CouncilOwned):
    """Software or removable media on a council device that the policy does not allow, citing
    the clause, until a later scan of the device no longer shows it."""

    device = models.ForeignKey(
        "devices.Device", on_delete=models.PROTECT, related_name="software_findings"
    )
    # The scan that showed it; none for a device not scanned recently (B 5.1.8), found by the
    # daily check rather than a scan.
    scan = models.ForeignKey(
        SoftwareScan, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    check_name = models.CharField(max_length=20, choices=SoftwareCheck.choices)
    # What the finding is about: the program's name, the USB device's serial or ids, or for
    # antivirus and scanning the check itself.
    subject = models.CharField(max_length=200)
    clause = models.CharField(max_length=40)
    evidence = models.CharField(max_length=300)
    found_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by_scan = models.ForeignKey(
        SoftwareScan, on_delete=models.PROTECT, null=True, blank=True, related_name="resolved"
    )
    task = models.ForeignKey(
        "devices.Task",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="software_findings",
    )

    class Meta:
        ordering = ["resolved_at", "-found_at", "subject", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "check_name", "subject"],
                condition=Q(resolved_at__isnull=True),
                name="software_finding_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.clause}: {self.evidence}"


class LicenceFinding(CouncilOwned):
    """More installations of a piece of software on the council's devices than the licences
    the catalogue says the council holds (B 8.1.1: copying software without permission is
    illegal; A "Use of Email": no pirate copies), until installations are back within them."""

    entry = models.ForeignKey(
        "devices.CatalogueEntry", on_delete=models.PROTECT, related_name="licence_findings"
    )
    clause = models.CharField(max_length=40)
    installations = models.PositiveIntegerField()
    licences = models.PositiveIntegerField()
    evidence = models.CharField(max_length=300)
    found_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    task = models.ForeignKey(
        "devices.Task",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="licence_findings",
    )

    class Meta:
        ordering = ["resolved_at", "-found_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(resolved_at__isnull=True),
                name="licence_finding_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.clause}: {self.evidence}"
