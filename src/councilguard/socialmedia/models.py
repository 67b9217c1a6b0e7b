"""Social media (A "Social Media", A "What's App and Group Chat", B 9.1.3 to 9.1.5): the
council's official accounts, press enquiries, reports of posts that may breach the policy and
the removals asked for, and the group chats used for council business."""

from __future__ import annotations

from django.db import models

from councilguard.core.models import CouncilOwned

# A screenshot is evidence, not an archive: a phone's full-screen capture fits easily.
MAX_SCREENSHOT_BYTES = 5 * 1024 * 1024
# How long after asking for a removal the clerk checks whether the post has gone.
FOLLOW_UP_DAYS = 7
# A press enquiry with no deadline of its own is answered within this many days.
ENQUIRY_ANSWER_DAYS = 2


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    INSTAGRAM = "instagram", "Instagram"
    LINKEDIN = "linkedin", "LinkedIn"
    YOUTUBE = "youtube", "YouTube"
    NEXTDOOR = "nextdoor", "Nextdoor"
    WHATSAPP = "whatsapp", "WhatsApp"
    OTHER = "other", "Another platform"


class Account(CouncilOwned):
    """An official account of the council: only those named post for the council (A "Social
    Media": personal accounts express personal views, never the council's)."""

    platform = models.CharField(max_length=20, choices=Platform.choices)
    handle = models.CharField("Name or handle", max_length=100)
    purpose = models.TextField()
    posters = models.ManyToManyField("people.Person", related_name="+", blank=True)
    vault_entry = models.ForeignKey(
        "vault.VaultEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["platform", "handle", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "platform", "handle"], name="socialmedia_account_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.handle} on {self.get_platform_display()}"


class Enquiry(CouncilOwned):
    """A question from the media or press, routed to the clerk (A "Social Media"), with the
    answer given and when."""

    received_at = models.DateTimeField()
    outlet = models.CharField("Publication or programme", max_length=200)
    journalist = models.CharField(max_length=200)
    contact = models.CharField(max_length=200)
    question = models.TextField()
    answer_by = models.DateField()
    taken_by_label = models.CharField(max_length=200)
    answer = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_by_label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name_plural = "enquiries"

    def __str__(self) -> str:
        return f"{self.outlet}: {self.journalist}"


class Triage(models.TextChoices):
    NEW = "new", "Waiting for the clerk"
    NO_ACTION = "no_action", "No action"
    REMOVAL = "removal", "Removal asked for"
    REFERRED = "referred", "Referred for investigation"


class PostReport(CouncilOwned):
    """A post that may breach the policy, reported by anyone, triaged by the clerk."""

    reported_by = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_by_label = models.CharField(max_length=200)
    reported_at = models.DateTimeField()
    url = models.URLField("Link to the post", max_length=500)
    platform = models.CharField(max_length=20, choices=Platform.choices)
    concern = models.TextField("What may breach the policy")
    # The screenshot is kept in the database, so backups carry it with the report.
    screenshot = models.BinaryField(null=True, blank=True)
    screenshot_type = models.CharField(max_length=20, blank=True)
    screenshot_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=20, choices=Triage.choices, default=Triage.NEW)
    triage_note = models.TextField(blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by_label = models.CharField(max_length=200, blank=True)
    # The seam for investigations: set when referred; a cases register, when there is one,
    # takes the report from here (and may write its own reference back).
    case_reference = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["council", "status"], name="post_report_council_status")]

    def __str__(self) -> str:
        return f"Post on {self.get_platform_display()} ({self.reported_at:%d %b %Y})"


class RemovalStatus(models.TextChoices):
    OPEN = "open", "Waiting"
    REMOVED = "removed", "Removed"
    NOT_REMOVED = "not_removed", "Not removed"


class RemovalRequest(CouncilOwned):
    """A request that a post be taken down (A "Social Media": one may be required to remove
    content), with the date by which it is followed up."""

    report = models.OneToOneField(PostReport, on_delete=models.PROTECT, related_name="removal")
    asked_of = models.CharField("Who was asked", max_length=200)
    asked_on = models.DateField()
    follow_up_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=RemovalStatus.choices, default=RemovalStatus.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["follow_up_on", "pk"]

    def __str__(self) -> str:
        return f"Removal asked of {self.asked_of}"


class GroupChat(CouncilOwned):
    """A group chat used for council business (A "What's App and Group Chat"): its members
    acknowledge that decisions are not taken there."""

    name = models.CharField(max_length=100)
    platform = models.CharField(max_length=20, choices=Platform.choices)
    purpose = models.TextField()
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="socialmedia_group_unique")
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(CouncilOwned):
    group = models.ForeignKey(GroupChat, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="socialmedia_one_membership")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.group}"


class PhotoPermission(CouncilOwned):
    """What a photo-posting approval (devices.ApprovalRequest of kind "photo_posting") is
    about: the activity, when, the account it goes on and whether those pictured agreed."""

    approval = models.OneToOneField(
        "devices.ApprovalRequest", on_delete=models.PROTECT, related_name="photo_permission"
    )
    activity = models.CharField(max_length=200)
    taken_on = models.DateField()
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="photos")
    everyone_agreed = models.BooleanField()
    children_pictured = models.BooleanField()

    class Meta:
        ordering = ["-taken_on", "-pk"]

    def __str__(self) -> str:
        return self.activity
