"""Screen users, tests and assessments for tests and the permission matrix, made through the
real services."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from councilguard.core.roles import Role
from councilguard.dse import services
from councilguard.dse.models import EyeTest, ScreenUser, WorkstationAssessment
from councilguard.people.models import Person
from councilguard.testing.world import SETUP, World


def screen_user(person: Person, since: date | None = None) -> ScreenUser:
    """``person`` on the register (as they are if they already are)."""
    use = ScreenUser.objects.filter(person=person, ended_on__isnull=True).first()
    return use or services.add_screen_user(
        person, since or timezone.localdate() - timedelta(days=400), actor=SETUP
    )


def make_screen_user(world: World, role: Role = Role.STAFF) -> Person:
    person = world.people[role]
    screen_user(person)
    return person


def make_offer(world: World, person: Person | None = None, **kwargs) -> EyeTest:
    person = person or make_screen_user(world)
    screen_user(person)
    return services.offer_eye_test(person, reason="periodic", actor=SETUP, **kwargs)


def make_taken_test(world: World, person: Person | None = None, **kwargs) -> EyeTest:
    test = make_offer(world, person)
    return services.record_test(
        test,
        tested_on=timezone.localdate(),
        tested_by="A. Optician",
        actor=SETUP,
        **kwargs,
    )


def make_assessment(
    world: World, person: Person | None = None, problems=("glare",)
) -> WorkstationAssessment:
    person = person or make_screen_user(world)
    screen_user(person)
    return services.submit_assessment(
        person,
        done_on=timezone.localdate(),
        place="office",
        problems=list(problems),
        actor=SETUP,
    )
