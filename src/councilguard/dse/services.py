"""Every change to the display screen register (C23; B 3.1.1; DSE Regulations 1992): pages,
the people list's hook, the demo loader and tests all come through here, each change with its
audit entry in the same transaction."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council
from councilguard.dse import notify
from councilguard.dse.models import (
    CHECKLIST_WORDS,
    DseSettings,
    EyeTest,
    EyeTestReason,
    EyeTestStatus,
    Place,
    ScreenUser,
    WorkstationAssessment,
)
from councilguard.people.models import Person


class DseError(ValueError):
    """A change the rules do not allow; the message says why, in plain words."""


def _today() -> date:
    return timezone.localdate()


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _past_or_today(day: date | None, what: str) -> date:
    today = _today()
    if day is None:
        return today
    if day > today:
        raise DseError(f"{what} is dated in the future")
    return day


def settings_for(council: Council) -> DseSettings:
    """The council's settings, or the defaults while it has saved none."""
    return DseSettings.objects.filter(council=council).first() or DseSettings(council=council)


# (field, lowest, highest, words for the refusal)
_SETTING_LIMITS = (
    ("eye_test_every_months", 6, 60, "the months between eye tests"),
    ("offer_answer_days", 7, 90, "the days before an unanswered offer is chased"),
    ("assessment_every_months", 6, 60, "the months between workstation assessments"),
    ("glasses_contribution_limit_pence", 0, 100000, "the most paid towards glasses"),
)


@transaction.atomic
def change_settings(council: Council, *, actor: Actor, **values: int) -> bool:
    for name, low, high, words in _SETTING_LIMITS:
        if not low <= values[name] <= high:
            raise DseError(f"{words} must be between {low} and {high}")
    current, _ = DseSettings.objects.select_for_update().get_or_create(council=council)
    changes = {
        name: [getattr(current, name), values[name]]
        for name, *_ in _SETTING_LIMITS
        if getattr(current, name) != values[name]
    }
    if not changes:
        return False
    for name, (_, after) in changes.items():
        setattr(current, name, after)
    current.save()
    audit.record(council, Event.DSE_SETTINGS_CHANGED, actor=actor, target=current, changes=changes)
    return True


# --- who is a screen user ---------------------------------------------------------------------


def _locked_use(person: Person) -> ScreenUser | None:
    return ScreenUser.objects.select_for_update(of=("self",)).filter(person=person).first()


def _current_user(person: Person) -> ScreenUser:
    use = ScreenUser.objects.filter(person=person, ended_on__isnull=True).first()
    if use is None:
        raise DseError(f"{person.full_name} is not on the register of display screen users")
    return use


@transaction.atomic
def add_screen_user(person: Person, since: date, *, actor: Actor) -> ScreenUser:
    """Put ``person`` on the register from ``since`` (a date ahead is a person about to become a
    user: reg 5 wants their test before they start)."""
    if person.leave_date and person.leave_date < _today():
        raise DseError(f"{person.full_name} has left the council")
    use = _locked_use(person)
    if use is not None and use.is_current:
        raise DseError(f"{person.full_name} is already on the register")
    if use is None:
        use = ScreenUser(council=person.council, person=person)
    use.since, use.ended_on = since, None
    use.save()
    Person.objects.filter(pk=person.pk).update(uses_display_screen=True)
    person.uses_display_screen = True
    audit.record(
        person.council,
        Event.DSE_USER_ADDED,
        actor=actor,
        target=use,
        changes={"person": person.pk, "since": since.isoformat()},
    )
    return use


@transaction.atomic
def end_screen_use(person: Person, ended_on: date, *, actor: Actor) -> ScreenUser:
    use = _locked_use(person)
    if use is None or not use.is_current:
        raise DseError(f"{person.full_name} is not on the register of display screen users")
    if ended_on < use.since:
        raise DseError("screen use cannot end before it began")
    use.ended_on = ended_on
    use.save(update_fields=["ended_on"])
    Person.objects.filter(pk=person.pk).update(uses_display_screen=False)
    person.uses_display_screen = False
    # Offers still open lapse with the use: nobody is chased about them.
    EyeTest.objects.filter(person=person, status=EyeTestStatus.OFFERED).update(
        status=EyeTestStatus.DECLINED, answered_on=ended_on
    )
    audit.record(
        person.council,
        Event.DSE_USER_ENDED,
        actor=actor,
        target=use,
        changes={"person": person.pk, "ended_on": ended_on.isoformat()},
    )
    return use


def follow_people_list(person: Person, actor: Actor) -> None:
    """The people list's "uses display screen equipment" box, ticked or cleared by a clerk or an
    import, moves the register with it (people.services.DISPLAY_SCREEN_HOOKS): inside that
    change's transaction, so both commit together."""
    use = ScreenUser.objects.filter(person=person).first()
    current = use is not None and use.is_current
    if person.uses_display_screen and not current:
        today = _today()
        start = person.start_date
        add_screen_user(person, start if start and start <= today else today, actor=actor)
    elif not person.uses_display_screen and current:
        end_screen_use(person, max(_today(), use.since), actor=actor)


# --- workstation self-assessments -------------------------------------------------------------


@transaction.atomic
def submit_assessment(
    person: Person,
    *,
    done_on: date,
    place: str,
    problems: list[str],
    comments: str = "",
    actor: Actor,
) -> WorkstationAssessment:
    """The person's own assessment of their workstation (reg 2); each ticked problem is a
    finding for the clerk to act on."""
    _current_user(person)
    if done_on > _today():
        raise DseError("the assessment date is in the future")
    if place not in Place.values:
        raise DseError("say where the workstation is")
    unknown = [key for key in problems if key not in CHECKLIST_WORDS]
    if unknown:
        raise DseError("one of the ticked problems is not on the checklist")
    problems = [key for key in CHECKLIST_WORDS if key in problems]  # checklist order, once
    assessment = WorkstationAssessment.objects.create(
        council=person.council,
        person=person,
        done_on=done_on,
        place=place,
        problems=problems,
        comments=comments.strip(),
    )
    audit.record(
        person.council,
        Event.DSE_ASSESSMENT_SUBMITTED,
        actor=actor,
        target=assessment,
        changes={
            "person": person.pk,
            "done_on": done_on.isoformat(),
            "place": place,
            "problems": [CHECKLIST_WORDS[key] for key in problems],
        },
    )
    return assessment


@transaction.atomic
def review_assessment(
    assessment: WorkstationAssessment, *, actions: str, actor: Actor
) -> WorkstationAssessment:
    """The clerk records what will be done about the findings (nothing to do is an answer only
    when nothing was found)."""
    assessment = WorkstationAssessment.objects.select_for_update(of=("self",)).get(pk=assessment.pk)
    if assessment.is_reviewed:
        raise DseError("this assessment has already been reviewed")
    actions = actions.strip()
    if assessment.problems and not actions:
        raise DseError("say what will be done about the problems found")
    assessment.actions = actions
    assessment.reviewed_at = timezone.now()
    assessment.reviewed_by = actor.user
    assessment.save(update_fields=["actions", "reviewed_at", "reviewed_by"])
    audit.record(
        assessment.council,
        Event.DSE_ASSESSMENT_REVIEWED,
        actor=actor,
        target=assessment,
        changes={"person": assessment.person_id, "actions": actions},
    )
    return assessment


# --- eye and eyesight tests -------------------------------------------------------------------


def _no_open_test(person: Person) -> None:
    if EyeTest.objects.select_for_update(of=("self",)).filter(person=person).open().exists():
        raise DseError(f"{person.full_name} already has an eye test offered or waiting to be taken")


@transaction.atomic
def offer_eye_test(person: Person, *, reason: str, actor: Actor, on: date | None = None) -> EyeTest:
    """The council offers a test (B 3.1.1: offered to employees using screens); ``on`` records
    an offer already made (in a letter) on that day."""
    on = _past_or_today(on, "the offer")
    _current_user(person)
    if reason not in EyeTestReason.values:
        raise DseError("say why the test is offered")
    _no_open_test(person)
    test = EyeTest.objects.create(
        council=person.council,
        person=person,
        reason=reason,
        status=EyeTestStatus.OFFERED,
        opened_on=on,
    )
    audit.record(
        person.council,
        Event.DSE_EYE_TEST_OFFERED,
        actor=actor,
        target=test,
        changes={"person": person.pk, "test_reason": reason},
    )
    transaction.on_commit(lambda: notify.eye_test_offered(test.pk))
    return test


@transaction.atomic
def request_eye_test(
    person: Person, *, reason: str, actor: Actor, on: date | None = None
) -> EyeTest:
    """The person asks for a test; the council must provide it (reg 5(1)), so it is accepted
    from the start and waits to be taken."""
    _current_user(person)
    if reason not in EyeTestReason.values:
        raise DseError("say why you are asking for a test")
    _no_open_test(person)
    today = _past_or_today(on, "the request")
    test = EyeTest.objects.create(
        council=person.council,
        person=person,
        reason=reason,
        status=EyeTestStatus.ACCEPTED,
        asked_by_person=True,
        opened_on=today,
        answered_on=today,
    )
    audit.record(
        person.council,
        Event.DSE_EYE_TEST_REQUESTED,
        actor=actor,
        target=test,
        changes={"person": person.pk, "test_reason": reason},
    )
    transaction.on_commit(lambda: notify.eye_test_requested(test.pk))
    return test


def _locked_test(test: EyeTest) -> EyeTest:
    return EyeTest.objects.select_for_update(of=("self",)).select_related("person").get(pk=test.pk)


@transaction.atomic
def answer_offer(test: EyeTest, *, accept: bool, actor: Actor, on: date | None = None) -> EyeTest:
    on = _past_or_today(on, "the answer")
    test = _locked_test(test)
    if test.status != EyeTestStatus.OFFERED:
        raise DseError("this offer has already been answered")
    if on < test.opened_on:
        raise DseError("the answer is dated before the offer")
    test.status = EyeTestStatus.ACCEPTED if accept else EyeTestStatus.DECLINED
    test.answered_on = on
    test.save(update_fields=["status", "answered_on"])
    audit.record(
        test.council,
        Event.DSE_EYE_TEST_ANSWERED,
        actor=actor,
        target=test,
        changes={"person": test.person_id, "offer_accepted": accept},
    )
    return test


@transaction.atomic
def record_test(
    test: EyeTest,
    *,
    tested_on: date,
    tested_by: str,
    next_recommended_on: date | None = None,
    glasses_for_screen: bool = False,
    actor: Actor,
) -> EyeTest:
    """The test was taken, by a competent person (an optometrist or a doctor: B 3.1.1). Its
    date, or the optometrist's own date for the next one, moves the renewal clock."""
    test = _locked_test(test)
    if test.status not in (EyeTestStatus.OFFERED, EyeTestStatus.ACCEPTED):
        raise DseError("this test has already been recorded or was declined")
    tested_by = tested_by.strip()
    if not tested_by:
        raise DseError("name the optician or doctor who did the test")
    if len(tested_by) > 200:
        raise DseError("the optician's name is longer than 200 characters")
    if tested_on > _today():
        raise DseError("the test date is in the future")
    if tested_on < test.opened_on:
        how = "asked for" if test.asked_by_person else "offered"
        raise DseError(f"the test date is before the test was {how}")
    if next_recommended_on is not None and next_recommended_on <= tested_on:
        raise DseError("the next test the optician recommends must be after this one")
    test.status = EyeTestStatus.TAKEN
    test.answered_on = test.answered_on or tested_on
    test.tested_on, test.tested_by = tested_on, tested_by
    test.next_recommended_on = next_recommended_on
    test.glasses_for_screen = glasses_for_screen
    test.save()
    audit.record(
        test.council,
        Event.DSE_EYE_TEST_TAKEN,
        actor=actor,
        target=test,
        changes={
            "person": test.person_id,
            "tested_on": tested_on.isoformat(),
            "tested_by": tested_by,
            "next_recommended_on": _day(next_recommended_on),
            "glasses_for_screen": glasses_for_screen,
        },
    )
    return test


@transaction.atomic
def record_contribution(
    test: EyeTest, *, amount_pence: int, paid_on: date, reference: str = "", actor: Actor
) -> EyeTest:
    """The council's payment towards glasses needed for screen work (reg 5(6): only what the
    screen work requires), up to the council's limit."""
    test = _locked_test(test)
    if test.status != EyeTestStatus.TAKEN or not test.glasses_for_screen:
        raise DseError("a contribution is paid only where the test found glasses for screen work")
    if test.contribution_paid_on is not None:
        raise DseError("the contribution to these glasses has already been recorded")
    limit = settings_for(test.council).glasses_contribution_limit_pence
    if amount_pence <= 0:
        raise DseError("the amount must be more than nothing")
    if amount_pence > limit:
        raise DseError(f"the amount is more than the council's limit of £{limit / 100:,.2f}")
    if paid_on > _today():
        raise DseError("the payment date is in the future")
    if paid_on < test.tested_on:
        raise DseError("the payment date is before the eye test")
    reference = reference.strip()
    if len(reference) > 100:
        raise DseError("the payment reference is longer than 100 characters")
    test.contribution_pence, test.contribution_paid_on = amount_pence, paid_on
    test.contribution_reference = reference
    test.save(
        update_fields=["contribution_pence", "contribution_paid_on", "contribution_reference"]
    )
    audit.record(
        test.council,
        Event.DSE_CONTRIBUTION_RECORDED,
        actor=actor,
        target=test,
        changes={
            "person": test.person_id,
            "amount": f"{amount_pence / 100:.2f}",
            "paid_on": paid_on.isoformat(),
            "payment_reference": reference,
        },
    )
    return test
