"""Demo e-mail and sign-in monitoring: last week's message trace and sign-in log for the demo
council, with one case of each rule among ordinary traffic, taken in and analysed, so the
findings, their review and the coverage page have something to show. All addresses are
invented."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.mail import generator, services
from councilguard.mail.ingest import ingest_export
from councilguard.mail.models import ContactKind
from councilguard.monitoring.models import MonitoringSource, SourceKind
from councilguard.people.models import Person

CLERK = "clerk@ashcombe.example"
CAST = generator.Cast(
    normal=["clerk@ashcombe.example", "deputy@ashcombe.example", "admin@ashcombe.example",
            "operations@ashcombe.example"],
    personal_use="sam.tully@ashcombe.example",
    sends_to_self="priya.nair@ashcombe.example",
    self_address="priya.home@mail.example",
    writes_from_home="a.rahman@ashcombe.example",
    home_address="aisha.rahman@gmail.com",
    auto_forwards="dan.kemp@ashcombe.example",
    single_factor="sam.tully@ashcombe.example",
    fails="priya.nair@ashcombe.example",
    abroad="p.lowe@ashcombe.example",
    legacy="m.oduya@ashcombe.example",
)  # fmt: skip
SOURCES = {
    SourceKind.EMAIL: ("Check council e-mail is used as the policy says (metadata only).", "7.1.4"),
    SourceKind.SIGNIN: ("Keep council accounts safe and check MFA coverage.", "4.1.1"),
}


def _last_monday() -> datetime:
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 7)
    return datetime.combine(monday, time(8, 0), tzinfo=UTC)


def load_mail_demo(council: Council, people: dict[str, Person], actor: Actor) -> None:
    owner = Person.objects.get(pk=people[CLERK].pk).user
    for kind, (purpose, clause) in SOURCES.items():
        # As the phone demo does, the governance is recorded directly (C18).
        source, _ = MonitoringSource.objects.get_or_create(council=council, kind=kind)
        given = {
            "purpose": purpose,
            "lawful_basis": "Legitimate interests",
            "dpia_reference": "DPIA-2024-05",
            "dpia_date": date(2024, 5, 1),
            "clause_reference": clause,
            "retention_days": 180,
            "owner": owner,
        }
        for name, value in given.items():
            if not getattr(source, name):
                setattr(source, name, value)
        source.save()
    services.add_contact(council, "ashcombe.example", ContactKind.OWN, actor=actor)
    services.add_contact(council, "firm.example", ContactKind.SUPPLIER, "Grounds contractor",
                         actor=actor)  # fmt: skip
    services.add_personal_address(council, people["priya.nair@ashcombe.example"],
                                  CAST.self_address, actor=actor)  # fmt: skip
    services.add_personal_address(council, people["a.rahman@ashcombe.example"],
                                  CAST.home_address, actor=actor)  # fmt: skip
    start = _last_monday()
    with tempfile.TemporaryDirectory(prefix="councilguard-demo-") as folder:
        for name, fmt, text in (
            ("MessageTrace.csv", "m365-trace", generator.trace_csv(CAST, start=start)),
            ("InteractiveSignIns.csv", "entra-signin", generator.signins_csv(CAST, start=start)),
        ):
            path = Path(folder) / name
            path.write_bytes(text.encode("utf-16"))
            ingest_export(council, path, actor=actor, file_name=name, fmt=fmt)
    services.analyse_council(council, actor=actor)
