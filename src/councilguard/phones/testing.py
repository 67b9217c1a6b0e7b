"""Phone bills for tests and the permission matrix, made through the real services."""

from __future__ import annotations

from datetime import date

from councilguard.core.roles import Role
from councilguard.devices.services import issue_device
from councilguard.devices.testing import make_device
from councilguard.monitoring import services as monitoring_services
from councilguard.monitoring.models import Finding, MonitoringSource, SourceKind
from councilguard.phones import services
from councilguard.phones.canonical import start_of_day
from councilguard.phones.models import BusinessNumber, CarrierProfile
from councilguard.phones.profiles import CANONICAL, Profile
from councilguard.testing.world import SETUP, World

HEADER = ",".join(CANONICAL.columns.values())


def make_phone_source(world: World) -> MonitoringSource:
    """The council's phone-bill source with its purpose and basis recorded (C18). The
    monitoring app has no service for sources yet, so this is the one direct write."""
    source, _ = MonitoringSource.objects.update_or_create(
        council=world.council,
        kind=SourceKind.PHONE,
        defaults={
            "purpose": "Check council mobile use and costs monthly (seed A).",
            "lawful_basis": "Legitimate interests",
            "dpia_reference": "DPIA-7",
            "dpia_date": date(2026, 1, 5),
            "clause_reference": "A Monitoring of Mobile Phone Usage",
            "retention_days": 400,
            "owner": world.users[Role.CLERK],
        },
    )
    return source


def bill(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def premium_call(number: str, when: str = "2026-03-10 11:00:00", pence: int = 1250) -> str:
    return f"{number},{when},09098790123,Premium,voice,out,300,0,{pence},false,"


def make_phone_finding(world: World, role: Role = Role.STAFF) -> Finding:
    """A premium-rate finding about the person of ``role``, from an imported bill."""
    make_phone_source(world)
    number = f"07700 9{world.council.pk % 100:02d}{list(Role).index(role):03d}"
    issue_phone(world, role, number)
    services.import_bill(
        world.council,
        bill(premium_call(number)),
        file_name=f"bill-{role.value}.csv",
        actor=SETUP,
    )
    return services.phone_findings(world.council).get(person=world.people[role])


def issue_phone(world: World, role: Role, number: str, since: date = date(2025, 1, 1)):
    """A council phone with ``number`` held by the person of ``role`` since ``since``."""
    device = make_device(world, phone_number=number)
    issued = start_of_day(since)
    return issue_device(device, world.people[role], actor=SETUP, condition="good", now=issued)


def make_profile(world: World) -> CarrierProfile:
    profile = Profile(
        name="carrier-x",
        columns={"line_number": "Number", "start": "When", "cost": "Cost"},
        datetime_format="%d/%m/%Y %H:%M",
        cost_unit="pounds",
    )
    return services.save_profile(world.council, profile, actor=SETUP)


def make_business_number(world: World) -> BusinessNumber:
    return services.add_business_number(
        world.council, "01632 960001", "Hedge supplier", actor=SETUP
    )


def make_reviewed_phone_finding(world: World, role: Role = Role.STAFF) -> Finding:
    finding = make_phone_finding(world, role)
    return monitoring_services.note_finding(finding, note="Discussed", actor=SETUP)


def phone_bill_upload(world: World):
    """A one-line bill upload, for the council whose source is set up here."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    make_phone_source(world)
    content = bill(premium_call("07700 900555"))
    return SimpleUploadedFile("bill.csv", content, content_type="text/csv")
