"""The phone services refuse on their own, whatever form or serializer is in front of them
(issue 12): each refusal raises with its reason and writes nothing, not even an audit entry."""

from __future__ import annotations

from decimal import Decimal

import pytest

from councilguard.audit.actors import Actor
from councilguard.core.roles import Role
from councilguard.monitoring.services import dismiss_finding
from councilguard.monitoring.testing import make_finding
from councilguard.phones import services
from councilguard.phones.profiles import Profile
from councilguard.phones.services import PhoneError
from councilguard.phones.testing import (
    bill,
    make_business_number,
    make_phone_finding,
    make_reviewed_phone_finding,
    premium_call,
)
from councilguard.testing.refusals import assert_refused
from councilguard.testing.world import SETUP


def clerk(world) -> Actor:
    return Actor.for_user(world.users[Role.CLERK])


def then(setup, make_call):
    return lambda w, o: make_call(w, o, setup(w, o))


def agree(finding, world, amount="12.50"):
    return lambda: services.agree_personal_use(finding, amount=Decimal(amount), actor=clerk(world))


CASES = {
    "more months of history needed than compared": (
        lambda w, o: (
            lambda: services.update_settings(
                w.council, {"history_months": 3, "min_history": 4}, actor=clerk(w)
            )
        ),
        "the months of history needed cannot be more than the months compared",
    ),
    "a ratio of 1": (
        lambda w, o: lambda: services.update_settings(w.council, {"ratio": "1"}, actor=clerk(w)),
        "is between 1.5 and 20",
    ),
    "a business number without whose it is": (
        lambda w, o: (
            lambda: services.add_business_number(w.council, "01632 960002", " ", actor=clerk(w))
        ),
        "say whose number it is",
    ),
    "a business number that is blank": (
        lambda w, o: (
            lambda: services.add_business_number(w.council, "   ", "Hedge supplier", actor=clerk(w))
        ),
        "'   ' is not a telephone number",
    ),
    "a business number of an unknown kind": (
        lambda w, o: (
            lambda: services.add_business_number(
                w.council, "01632 960002", "Supplier", kind="friend", actor=clerk(w)
            )
        ),
        "'friend' is not one of",
    ),
    "a business number already in the directory": (
        then(
            lambda w, o: make_business_number(w),
            lambda w, o, n: (
                lambda: services.add_business_number(
                    w.council, "+44 1632 960001", "Same supplier", actor=clerk(w)
                )
            ),
        ),
        "+441632960001 is already in the business directory",
    ),
    "a personal number given twice": (
        then(
            lambda w, o: services.add_personal_number(
                w.people[Role.STAFF], "07700 900777", "Home", actor=SETUP
            ),
            lambda w, o, n: (
                lambda: services.add_personal_number(
                    w.people[Role.STAFF], "+447700900777", "Mum", actor=SETUP
                )
            ),
        ),
        "+447700900777 is already one of your personal numbers",
    ),
    "a profile with the built-in profile's name": (
        lambda w, o: (
            lambda: services.save_profile(
                w.council,
                Profile(name="canonical", columns={"line_number": "Number", "start": "When"}),
                actor=clerk(w),
            )
        ),
        "",
    ),
    "a bill before the phone-bill source is set up": (
        lambda w, o: (
            lambda: services.import_bill(
                w.council, bill(premium_call("07700 900555")), file_name="bill.csv", actor=clerk(w)
            )
        ),
        "phone bills are not a monitoring source of this council yet (C18)",
    ),
    "agreeing the cost of a finding nobody reviewed": (
        then(lambda w, o: make_phone_finding(w), lambda w, o, f: agree(f, w)),
        "review the finding before agreeing any cost",
    ),
    "agreeing the cost of a dismissed finding": (
        then(
            lambda w, o: dismiss_finding(
                make_phone_finding(w), reason="A work call after all", actor=SETUP
            ),
            lambda w, o, f: agree(f, w),
        ),
        "the finding was dismissed; there is nothing to recover",
    ),
    "agreeing a cost of nothing": (
        then(lambda w, o: make_reviewed_phone_finding(w), lambda w, o, f: agree(f, w, "0")),
        "the amount must be more than nothing",
    ),
    "agreeing the cost twice": (
        then(
            lambda w, o: make_reviewed_phone_finding(w),
            lambda w, o, f: (agree(f, w)(), agree(f, w, "3.00"))[1],
        ),
        "the personal use of this finding is already agreed",
    ),
    "agreeing a cost on a web finding": (
        then(lambda w, o: make_finding(w, status="noted"), lambda w, o, f: agree(f, w)),
        "only phone findings have personal use to recover",
    ),
    "agreeing a councillor's cost as a pay deduction": (
        then(
            lambda w, o: make_reviewed_phone_finding(w, Role.COUNCILLOR),
            lambda w, o, f: agree(f, w),
        ),
        "is not an employee; recover it some other way",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_service_refuses_and_writes_nothing(world, other_world, case):
    build, words = CASES[case]
    call = build(world, other_world)
    assert_refused(call, PhoneError, words)
