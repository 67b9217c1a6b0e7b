"""Protected e-mail addresses, for everyone and for one person, seeded in a message trace:
no e-mail finding rests on them or names them and the messages behind a finding leave them
out, while an address nobody protected is still found (C18, A "Monitoring of Personal
Communications")."""

from __future__ import annotations

from datetime import date

import pytest

from councilguard.core.roles import Role
from councilguard.mail import services as mail
from councilguard.mail import testing as t
from councilguard.mail.ingest import ingest_export
from councilguard.mail.models import ContactKind
from councilguard.monitoring.models import Finding, FindingStatus
from councilguard.privacy import services
from councilguard.privacy.testing import make_granted
from councilguard.testing.world import SETUP

UNION_REP = "union.rep@gmail.com"  # protected for the member of staff only
HELPLINE = "listener@outlook.com"  # protected for everyone
FRIEND = "pal@gmail.com"  # protected for nobody


def _trace(world, tmp_path, *, to: tuple[str, ...], on: date = date(2025, 10, 14)) -> None:
    """Twelve messages from the member of staff to each address on one day: each address is
    past the council's ten-a-week for council mail sent to personal webmail."""
    t.make_mail_sources(world)
    mail.add_contact(world.council, "ashby.example", ContactKind.OWN, actor=SETUP)
    sender = world.people[Role.STAFF].primary_email
    rows = [
        (f"{on:%d/%m/%Y} {9 + n // 6:02d}:{(n % 6) * 7:02d}:00", sender, address, "Delivered")
        for address in to
        for n in range(12)
    ]
    path = tmp_path / "trace.csv"
    path.write_text(t.ps_trace(*rows))
    ingest_export(world.council, path, actor=SETUP, file_name="trace.csv", fmt="m365-trace")


def _readable(world) -> list[str]:
    """Everything a reviewer of the e-mail findings reads: sentences, evidence and the
    messages behind each finding."""
    texts = []
    for finding in Finding.objects.filter(council=world.council).exclude(
        status=FindingStatus.WITHDRAWN
    ):
        texts += [finding.summary, str(finding.evidence)]
        texts += [str(row) for row in mail.records_behind(finding, 500)]
    return texts


def _protect(world, *, on_date: date | None = None) -> None:
    services.add_always_protected(
        world.council, kind="email", value=HELPLINE, label="Listening line", actor=SETUP
    )
    extent = "once" if on_date else "standing"
    make_granted(world, Role.STAFF, kind="email", value=UNION_REP, extent=extent, on_date=on_date)


def test_without_protection_each_address_is_found(world, tmp_path):
    _trace(world, tmp_path, to=(UNION_REP, HELPLINE, FRIEND))
    mail.analyse_council(world.council, actor=SETUP)
    text = " ".join(_readable(world))
    assert UNION_REP in text and HELPLINE in text and FRIEND in text


def test_protected_addresses_are_in_no_finding_and_no_message_behind_one(world, tmp_path):
    _protect(world)
    _trace(world, tmp_path, to=(UNION_REP, HELPLINE, FRIEND))
    mail.analyse_council(world.council, actor=SETUP)
    text = " ".join(_readable(world))
    assert FRIEND in text  # what nobody protected is still found
    assert UNION_REP not in text
    assert HELPLINE not in text


@pytest.mark.parametrize(
    ("protected_day", "seen"),
    [(date(2025, 10, 13), True), (date(2025, 10, 14), False), (date(2025, 10, 15), True)],
)
def test_a_one_day_protection_covers_that_day_only(world, tmp_path, protected_day, seen):
    _protect(world, on_date=protected_day)
    _trace(world, tmp_path, to=(UNION_REP,), on=date(2025, 10, 14))
    mail.analyse_council(world.council, actor=SETUP)
    assert (UNION_REP in " ".join(_readable(world))) is seen


def test_one_persons_protection_is_theirs_alone(world, tmp_path):
    """The union representative protected for the member of staff is still read when the
    manager writes to them in bulk."""
    _protect(world)
    t.make_mail_sources(world)
    mail.add_contact(world.council, "ashby.example", ContactKind.OWN, actor=SETUP)
    manager = world.people[Role.MANAGER].primary_email
    rows = [(f"14/10/2025 10:{n:02d}:00", manager, UNION_REP, "Delivered") for n in range(12)]
    path = tmp_path / "trace.csv"
    path.write_text(t.ps_trace(*rows))
    ingest_export(world.council, path, actor=SETUP, file_name="trace.csv", fmt="m365-trace")
    mail.analyse_council(world.council, actor=SETUP)
    found = Finding.objects.get(council=world.council)
    assert found.person_id == world.people[Role.MANAGER].pk
    assert UNION_REP in found.summary
