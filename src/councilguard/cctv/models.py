"""The CCTV register (A "CCTV"): cameras, viewings of their footage once approved, footage
handed over, and requests from people for footage of themselves."""

from __future__ import annotations

from django.db import models

from councilguard.core.models import CouncilOwned

# A recorder keeps footage for days, not years; a longer figure is a typing slip.
MAX_RETENTION_DAYS = 366


class Camera(CouncilOwned):
    """One camera: where it is, what it sees, the aims it serves and how long its footage may be
    kept."""

    name = models.CharField(max_length=100)
    site = models.CharField(max_length=200)
    location = models.CharField("Where on the site", max_length=200)
    coverage = models.TextField("What it covers")
    records_sound = models.BooleanField(default=False)
    signage = models.BooleanField("Signs in place", default=False)
    aims = models.ManyToManyField("devices.CctvAim", related_name="cameras")
    retention_days = models.PositiveIntegerField("Footage kept for (days)")
    impact_assessment = models.CharField("Impact assessment reference", max_length=100, blank=True)
    device = models.OneToOneField(
        "devices.Device", on_delete=models.PROTECT, null=True, blank=True, related_name="camera"
    )
    # The retention check: what the recorder was found to keep, and when.
    recorder_retention_days = models.PositiveIntegerField(null=True, blank=True)
    retention_checked_on = models.DateField(null=True, blank=True)
    retention_checked_by_label = models.CharField(max_length=200, blank=True)
    added_at = models.DateTimeField()
    retired_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["site", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="cctv_camera_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.site})"

    @property
    def keeps_too_long(self) -> bool:
        return (
            self.recorder_retention_days is not None
            and self.recorder_retention_days > self.retention_days
        )


class ViewingRequest(CouncilOwned):
    """What a viewing approval (devices.ApprovalRequest of kind "cctv_viewing") is about: the
    camera and the period of footage. The aim is the approval's own."""

    approval = models.OneToOneField(
        "devices.ApprovalRequest", on_delete=models.PROTECT, related_name="cctv_viewing"
    )
    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="viewing_requests")
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()

    class Meta:
        ordering = ["-period_start", "-pk"]

    def __str__(self) -> str:
        return f"{self.camera.name}, {self.period_start:%d %b %Y %H:%M}"


class Outcome(models.TextChoices):
    NOTHING = "nothing", "Nothing relevant seen"
    EVIDENCE = "evidence", "Relevant footage found and kept"
    INCONCLUSIVE = "inconclusive", "Unclear: more viewing needed"


class Viewing(CouncilOwned):
    """One actual viewing under an approved request: who, when, which footage, what was seen in
    a sentence, and the outcome."""

    request = models.ForeignKey(ViewingRequest, on_delete=models.PROTECT, related_name="viewings")
    viewer = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField()
    footage = models.CharField("Which footage", max_length=200)
    seen = models.CharField("What was seen", max_length=300)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    recorded_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-viewed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.request.camera.name} viewed {self.viewed_at:%d %b %Y}"


class Recipient(models.TextChoices):
    POLICE = "police", "Police"
    INSURER = "insurer", "Insurer"
    DATA_SUBJECT = "data_subject", "A person exercising their rights"
    OTHER = "other", "Another body"


class Disclosure(CouncilOwned):
    """Footage handed over outside the council, with the council's reference and theirs."""

    reference = models.CharField(max_length=20)
    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="disclosures")
    viewing = models.ForeignKey(
        Viewing, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures"
    )
    rights_request = models.ForeignKey(
        "rights.RightsRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient = models.CharField(max_length=20, choices=Recipient.choices)
    recipient_name = models.CharField("Handed to", max_length=200)
    their_reference = models.CharField(
        "Their reference (crime or claim number)", max_length=100, blank=True
    )
    footage = models.CharField("Which footage", max_length=200)
    reason = models.TextField()
    disclosed_on = models.DateField()
    recorded_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-disclosed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "reference"], name="cctv_disclosure_unique_reference"
            )
        ]

    def __str__(self) -> str:
        return self.reference


class FootageRequest(CouncilOwned):
    """A person's request for footage of themselves: a subject access request on the rights
    register, with the camera and period it concerns."""

    rights_request = models.OneToOneField(
        "rights.RightsRequest", on_delete=models.PROTECT, related_name="cctv_footage"
    )
    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="footage_requests")
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    description = models.CharField("How to recognise them", max_length=300, blank=True)

    class Meta:
        ordering = ["-period_start", "-pk"]

    def __str__(self) -> str:
        return f"{self.camera.name}: {self.rights_request.reference}"
