"""Shared set-up for the engine's tests: a data directory per test and a council whose proxy
and DNS monitoring is governed, with a small category list and people's identities.

Test modules import the fixtures they use from here."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from councilguard.audit.actors import Actor
from councilguard.core.roles import Role
from councilguard.monitoring import categories
from councilguard.monitoring.identities import import_identities
from councilguard.monitoring.models import CategoryMeaning, MonitoringSource, SourceKind

LONDON = ZoneInfo("Europe/London")
TESTER = Actor.system("tests")

LISTS = {
    "social_networks": ["facebook.com", "x.com", "instagram.com"],
    "adult": ["adult.example"],
    "gambling": ["casino.example"],
    "shopping": ["shop.example"],
    "audio-video": ["video.example"],
}
MEANINGS = {
    "social_networks": "social",
    "adult": "prohibited",
    "gambling": "prohibited",
    "shopping": "personal",
    "audio-video": "personal",
}


def epoch(text: str) -> float:
    """UK local 'YYYY-MM-DD HH:MM:SS' as Unix seconds."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=LONDON).timestamp()


def squid_line(at: str, client: str, url: str, user: str = "-", method: str = "GET",
               code: str = "TCP_MISS/200", size: int = 512) -> str:
    return (f"{epoch(at):.3f} {150:6d} {client} {code} {size} {method} {url} {user} "
            "HIER_DIRECT/203.0.113.9 text/html")


def write_lists(tmp: Path) -> None:
    tree = tmp / "lists"
    for name, domains in LISTS.items():
        (tree / name).mkdir(parents=True, exist_ok=True)
        (tree / name / "domains").write_text("\n".join(domains) + "\n")
    categories.import_lists(tree)


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def monitored(world, data_dir, tmp_path):
    """Ashby with proxy and DNS monitoring set up, meanings for the test categories, and the
    staff member and manager holding proxy user names and addresses."""
    with transaction.atomic():
        for kind in (SourceKind.PROXY, SourceKind.DNS):
            MonitoringSource.objects.create(
                council=world.council,
                kind=kind,
                purpose="Keep the network safe and check use against the policy",
                lawful_basis="Legitimate interests",
                dpia_reference="DPIA-7",
                dpia_date=date(2025, 1, 6),
                clause_reference="5.1.1",
                retention_days=90,
                owner=world.clerk,
            )
        for category, meaning in MEANINGS.items():
            CategoryMeaning.objects.create(council=world.council, category=category,
                                           meaning=meaning)
    write_lists(tmp_path)
    staff, manager = world.people[Role.STAFF], world.people[Role.MANAGER]
    csv = (
        "kind,value,person_email,valid_from,valid_to\n"
        f"proxy_user,s.staff,{staff.primary_email},2025-01-01,\n"
        f"ip,10.0.0.5,{staff.primary_email},2025-01-01,2025-03-01 12:00\n"
        f"ip,10.0.0.5,{manager.primary_email},2025-03-01 12:00,\n"
        f"proxy_user,m.manager,{manager.primary_email},2025-01-01,\n"
    ).encode()
    report = import_identities(world.council, csv, actor=TESTER)
    assert report.ok, report.problems
    return world
