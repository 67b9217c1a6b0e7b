"""A leaver's checklist (C24): everything to hand back, delete, disable and settle."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from councilguard.core.models import CouncilOwned, CouncilQuerySet


class LeaverChecklistQuerySet(CouncilQuerySet):
    def active(self) -> LeaverChecklistQuerySet:
        """Not withdrawn: the person is (or was) leaving."""
        return self.filter(withdrawn_at__isnull=True)


class LeaverChecklist(CouncilOwned):
    """One open per person, made when a leave date is set; complete when every item is done;
    withdrawn (kept, with who and why) when the leave date is cleared."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="leaver_checklists"
    )
    leave_date = models.DateField()
    started_at = models.DateTimeField()
    started_by_label = models.CharField(max_length=200)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The leave date was cleared (the person is staying, or was restored): the checklist is
    # kept as a record but no longer worked.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by_label = models.CharField(max_length=200, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    objects = LeaverChecklistQuerySet.as_manager()

    class Meta:
        # Open checklists first on every database (PostgreSQL sorts empty values last).
        ordering = [
            models.F("withdrawn_at").asc(nulls_first=True),
            "completed_at",
            "leave_date",
            "pk",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(withdrawn_at__isnull=True),
                name="leaver_one_checklist_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} leaving {self.leave_date:%d %b %Y}"


class LeaverItemKind(models.TextChoices):
    # Seed A "Personally Issued ...": devices come back on leaving, or are charged for.
    RETURN_DEVICE = "return_device", "Return a council device"
    # B 9.1.6: leavers delete council data and third-party contacts from their own devices.
    OWN_DEVICE_DELETION = "own_device_deletion", "Delete council data from an own device"
    # C24: the account stops working.
    DISABLE_ACCOUNT = "disable_account", "Disable the account"
    # B 4.1.5: shared passwords they could use or saw are withdrawn and changed.
    REVOKE_VAULT = "revoke_vault", "Revoke shared passwords and change those seen"
    FINAL_STATEMENT = "final_statement", "Send the final charges statement to payroll"
    # B 7.1.3: the council withdraws e-mail access that the role no longer needs.
    WITHDRAW_EMAIL = "withdraw_email", "Withdraw the council e-mail account"
    # C24: accounts on the council's other systems (website, bank, social media, suppliers).
    OTHER_ACCOUNTS = "other_accounts", "Withdraw accounts on the council's other systems"


class LeaverItem(CouncilOwned):
    """One thing to do for a leaver. Ticked when the underlying fact happens (a device
    returned, an account disabled ...) or by the clerk, with a note."""

    checklist = models.ForeignKey(LeaverChecklist, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=LeaverItemKind.choices)
    title = models.CharField(max_length=200)
    device = models.ForeignKey(
        "devices.Device", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    own_device = models.ForeignKey(
        "devices.OwnDevice", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    charge = models.ForeignKey(
        "devices.Charge", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by_label = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        # Each device and own device once, and each other kind of item once, per checklist.
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "device"],
                condition=Q(device__isnull=False),
                name="leaver_item_device_once",
            ),
            models.UniqueConstraint(
                fields=["checklist", "own_device"],
                condition=Q(own_device__isnull=False),
                name="leaver_item_own_device_once",
            ),
            models.UniqueConstraint(
                fields=["checklist", "kind"],
                condition=Q(device__isnull=True, own_device__isnull=True),
                name="leaver_item_kind_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title
