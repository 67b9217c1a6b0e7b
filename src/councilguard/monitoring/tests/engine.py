"""Helpers for the engine's tests: log lines, a small category list, governed sources."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from councilguard.audit.actors import Actor
from councilguard.monitoring import categories
from councilguard.monitoring.models import MonitoringSource, SourceKind

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


def squid_line(
    at: str,
    client: str,
    url: str,
    user: str = "-",
    method: str = "GET",
    code: str = "TCP_MISS/200",
    size: int = 512,
) -> str:
    return (
        f"{epoch(at):.3f} {150:6d} {client} {code} {size} {method} {url} {user} "
        "HIER_DIRECT/203.0.113.9 text/html"
    )


def write_lists(tmp: Path) -> None:
    tree = tmp / "lists"
    for name, domains in LISTS.items():
        (tree / name).mkdir(parents=True, exist_ok=True)
        (tree / name / "domains").write_text("\n".join(domains) + "\n")
    categories.import_lists(tree)


def govern(world) -> None:
    """Proxy and DNS monitoring with every setting C18 asks for."""
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
