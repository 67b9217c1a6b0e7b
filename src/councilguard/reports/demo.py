"""The demo's committee pack: this month's, printed once everything else is loaded, so the
committee member of the demo council has a pack to read (C27)."""

from __future__ import annotations

from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.reports.services import make_committee_pack


def load_reports_demo(council: Council, people: dict, actor: Actor) -> None:
    make_committee_pack(council, timezone.localdate().replace(day=1), actor=actor)
