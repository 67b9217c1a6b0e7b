"""Fixtures of the monitoring tests: a data directory per test, and a council whose proxy and
DNS monitoring is governed, with a small category list and people's identities."""

from __future__ import annotations

import pytest
from django.db import transaction

from councilguard.core.roles import Role
from councilguard.monitoring.identities import import_identities
from councilguard.monitoring.models import CategoryMeaning
from councilguard.monitoring.tests.engine import MEANINGS, TESTER, govern, write_lists


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def monitored(world, data_dir, tmp_path):
    """Ashby with proxy and DNS monitoring set up, meanings for the test categories, and the
    staff member and manager holding proxy user names and addresses."""
    govern(world)
    with transaction.atomic():
        for category, meaning in MEANINGS.items():
            CategoryMeaning.objects.create(
                council=world.council, category=category, meaning=meaning
            )
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
