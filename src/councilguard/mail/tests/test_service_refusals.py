"""The e-mail and sign-in services refuse on their own (issue 12), writing nothing; and
subjects are kept only once the council switches them on with a reason."""

from __future__ import annotations

import pytest

from councilguard.core.roles import Role
from councilguard.mail import services
from councilguard.mail import testing as t
from councilguard.mail.ingest import ingest_export
from councilguard.mail.services import MailError
from councilguard.mail.store import scan
from councilguard.testing.refusals import assert_refused
from councilguard.testing.world import SETUP


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"keep_subjects": True, "keep_subjects_reason": ""}, "say why message subjects"),
        ({"keep_subjects": True, "keep_subjects_reason": "because"}, "say why message subjects"),
        ({"allowed_countries": "Britain"}, "two-letter codes"),
        ({"allowed_countries": ""}, "two-letter codes"),
        ({"personal_use": "sometimes"}, "not permitted or reasonable use"),
        ({"failed_signins_per_day": 0}, "at least 1"),
    ],
)
def test_settings_refusals(world, values, words):
    assert_refused(
        lambda: services.update_settings(world.council, values, actor=SETUP), MailError, words
    )


def test_contact_and_address_refusals(world, other_world):
    services.add_contact(world.council, "firm.example", "supplier", actor=SETUP)
    services.add_personal_address(
        world.council, world.people[Role.STAFF], "me@mail.example", actor=SETUP
    )
    cases = [
        (lambda: services.add_contact(world.council, "not a domain", "supplier", actor=SETUP),
         "is not a domain or an e-mail address"),
        (lambda: services.add_contact(world.council, "Firm.example", "supplier", actor=SETUP),
         "firm.example is already on the list"),
        (lambda: services.add_contact(world.council, "x.example", "friend", actor=SETUP),
         "choose what kind of contact"),
        (lambda: services.add_personal_address(world.council, world.people[Role.CLERK],
                                               "me@mail.example", actor=SETUP),
         "already listed as someone's personal address"),
        (lambda: services.add_personal_address(world.council, world.people[Role.CLERK],
                                               world.people[Role.CLERK].primary_email,
                                               actor=SETUP),
         "is a council address on the people list"),
        (lambda: services.add_personal_address(world.council, other_world.people[Role.STAFF],
                                               "x@mail.example", actor=SETUP),
         "not on this council's list"),
    ]  # fmt: skip
    for call, words in cases:
        assert_refused(call, MailError, words)


def test_subjects_are_kept_only_once_switched_on_with_a_reason(world, tmp_path):
    t.make_mail_sources(world)
    clerk = world.people[Role.CLERK].primary_email
    first = tmp_path / "a.csv"
    first.write_text(t.ps_trace(("13/10/2025 09:00:00", clerk, "a@mail.example", "Delivered")))
    ingest_export(world.council, first, actor=SETUP, file_name="a.csv", fmt="m365-trace")
    services.update_settings(
        world.council,
        {"keep_subjects": True, "keep_subjects_reason": "Investigation 2025/7 needs subjects"},
        actor=SETUP,
    )
    second = tmp_path / "b.csv"
    second.write_text(t.ps_trace(("14/10/2025 09:00:00", clerk, "b@mail.example", "Delivered")))
    ingest_export(world.council, second, actor=SETUP, file_name="b.csv", fmt="m365-trace")
    stored = scan(world.council, "email").collect().sort("at")
    assert stored["subject"].to_list() == [None, "Allotment waiting list"]
    # Switching off forgets the reason.
    off = services.update_settings(world.council, {"keep_subjects": False}, actor=SETUP)
    assert off.keep_subjects_reason == ""


def test_a_person_s_personal_data_holds_their_addresses_messages_and_sign_ins(world, tmp_path):
    from councilguard.core.personal_data import Subject
    from councilguard.mail.personal_data import provide

    t.make_mail_sources(world)
    staff = world.people[Role.STAFF]
    services.add_personal_address(world.council, staff, "me@mail.example", actor=SETUP)
    trace = tmp_path / "t.csv"
    trace.write_text(
        t.ps_trace(
            ("13/10/2025 09:00:00", staff.primary_email, "a@mail.example", "Delivered"),
            ("13/10/2025 09:05:00", "clerk@ashby.example", "b@mail.example", "Delivered"),
        )
    )
    ingest_export(world.council, trace, actor=SETUP, file_name="t.csv", fmt="m365-trace")
    sections = {s.key: s for s in provide(Subject(world.council, person=staff))}
    assert [r[0] for r in sections["mail-personal-addresses"].rows] == ["me@mail.example"]
    assert sections["mail-messages"].to_frame().height == 1
    assert sections["mail-sign-ins"].to_frame().height == 0
