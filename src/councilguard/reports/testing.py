"""Committee packs for tests and the permission matrix, made through the real service."""

from __future__ import annotations

from datetime import date

from councilguard.reports.models import CommitteePack
from councilguard.reports.services import make_committee_pack
from councilguard.testing.world import SETUP, World


def make_pack(world: World, month: date = date(2026, 2, 1)) -> CommitteePack:
    return make_committee_pack(world.council, month, actor=SETUP)
