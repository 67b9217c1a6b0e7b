"""Display screen equipment (C23; B 3.1.1; the Health and Safety (Display Screen Equipment)
Regulations 1992): who uses screens as a significant part of their work, their workstation
self-assessments, and the eye and eyesight tests the council offers and helps pay for."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from councilguard.core.models import CouncilOwned, CouncilQuerySet
from councilguard.people.models import Person

# What every finding of this app cites.
CLAUSE = "B 3.1.1"
ASSESSMENT_LAW = "DSE Regulations 1992, reg 2"
EYE_TEST_LAW = "DSE Regulations 1992, reg 5"


class DseSettings(CouncilOwned):
    """The council's clocks. Reg 5 leaves the interval to the optometrist; two years is the
    usual default when they name none."""

    eye_test_every_months = models.PositiveSmallIntegerField(default=24)
    # An offer nobody has answered is chased after this many days (issue 20).
    offer_answer_days = models.PositiveSmallIntegerField(default=30)
    # Reg 2: assessed again when things change; the council also sets a regular interval.
    assessment_every_months = models.PositiveSmallIntegerField(default=24)
    # The most the council pays towards glasses needed for screen work (reg 5(6)), in pence.
    glasses_contribution_limit_pence = models.PositiveIntegerField(default=7500)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council"], name="dse_settings_one")]


class ScreenUserQuerySet(CouncilQuerySet):
    def current(self) -> ScreenUserQuerySet:
        return self.filter(ended_on__isnull=True)


class ScreenUser(CouncilOwned):
    """A person who habitually uses display screen equipment as a significant part of their
    work (reg 1(2)(d)). Ending their use keeps the row, so the history stays."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="screen_use")
    since = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScreenUserQuerySet.as_manager()

    class Meta:
        ordering = ["person__full_name"]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class Place(models.TextChoices):
    OFFICE = "office", "The council's office"
    HOME = "home", "At home"
    OTHER = "other", "Somewhere else"


# The self-assessment: each item is a problem the person ticks if it applies (reg 2 and the
# Schedule's minimum requirements, in the council's own words). Ticked items are the findings.
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("screen", "The screen is not at a comfortable height and distance, or the image flickers"),
    ("glare", "Windows or lights cause glare or reflections on the screen"),
    ("chair", "The chair cannot be adjusted to support your back and let your feet rest flat"),
    ("keyboard", "The keyboard or mouse is awkward to reach or use"),
    ("desk", "There is not enough room on the desk for the screen, keyboard and papers"),
    ("breaks", "You cannot take breaks or change what you do away from the screen"),
    ("eyes", "You have tired eyes, headaches or blurred vision you put down to screen work"),
    ("aches", "You have aches or pains in your neck, back, shoulders, arms or hands"),
)
CHECKLIST_WORDS = dict(CHECKLIST)
# Items that also make an eye test due at once (reg 5(2): visual difficulties).
EYE_ITEMS = frozenset({"eyes"})


class WorkstationAssessment(CouncilOwned):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="workstation_assessments"
    )
    done_on = models.DateField()
    place = models.CharField(max_length=10, choices=Place.choices)
    problems = models.JSONField(default=list, blank=True)
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    # The clerk's review: what will be done about the findings.
    actions = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-done_on", "-pk"]

    @property
    def findings(self) -> list[str]:
        return [CHECKLIST_WORDS[key] for key in self.problems if key in CHECKLIST_WORDS]

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


class EyeTestReason(models.TextChoices):
    INITIAL = "initial", "First test as a screen user"
    PERIODIC = "periodic", "Regular test falling due"
    VISUAL_DIFFICULTY = "visual_difficulty", "Eye trouble put down to screen work"


class EyeTestStatus(models.TextChoices):
    OFFERED = "offered", "Offered, waiting for an answer"
    ACCEPTED = "accepted", "Accepted, to be taken"
    DECLINED = "declined", "Declined"
    TAKEN = "taken", "Taken"


class EyeTestQuerySet(CouncilQuerySet):
    def open(self) -> EyeTestQuerySet:
        return self.filter(status__in=[EyeTestStatus.OFFERED, EyeTestStatus.ACCEPTED])


class EyeTest(CouncilOwned):
    """One eye and eyesight test: offered by the council or asked for by the person (then it is
    accepted from the start: reg 5 says the council must provide it on request), answered,
    taken by a competent person, and the council's contribution to glasses paid."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="eye_tests")
    reason = models.CharField(max_length=20, choices=EyeTestReason.choices)
    status = models.CharField(max_length=10, choices=EyeTestStatus.choices)
    asked_by_person = models.BooleanField(default=False)
    opened_on = models.DateField()
    answered_on = models.DateField(null=True, blank=True)
    tested_on = models.DateField(null=True, blank=True)
    # The competent person (an optometrist or a registered medical practitioner) and practice.
    tested_by = models.CharField(max_length=200, blank=True)
    next_recommended_on = models.DateField(null=True, blank=True)
    # Special glasses needed for the screen distance, which ordinary ones do not serve.
    glasses_for_screen = models.BooleanField(default=False)
    contribution_pence = models.PositiveIntegerField(null=True, blank=True)
    contribution_paid_on = models.DateField(null=True, blank=True)
    contribution_reference = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EyeTestQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="taken") | Q(tested_on__isnull=False),
                name="dse_eye_test_taken_has_date",
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.status in (EyeTestStatus.OFFERED, EyeTestStatus.ACCEPTED)

    @property
    def contribution_pounds(self) -> str:
        return f"{self.contribution_pence / 100:,.2f}" if self.contribution_pence else ""

    @property
    def contribution_due(self) -> bool:
        return self.glasses_for_screen and self.contribution_paid_on is None
