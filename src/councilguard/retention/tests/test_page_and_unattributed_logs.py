"""The schedule page and its one change, and logs stored without a person (e-mail, sign-ins),
which a legal hold keeps whole since none of it can be shown not to be the held person's."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
from django.urls import reverse

from councilguard.core.roles import Role
from councilguard.monitoring import eventstore
from councilguard.monitoring.models import MonitoringSource
from councilguard.monitoring.retention_kinds import UNATTRIBUTED
from councilguard.monitoring.testing import make_hold
from councilguard.retention import services
from councilguard.retention.models import RetentionPeriod
from councilguard.testing.world import SETUP


def test_the_clerk_sees_every_kind_and_changes_a_period_with_a_reason(world, data_dir, client):
    client.force_login(world.clerk)
    page = client.get(reverse("retention:schedule", kwargs={"council": world.council.slug}))
    text = page.content.decode()
    for label in (
        "Monitoring findings and their reviews",
        "Monthly summaries of phone use",
        "Closed cases with their evidence",
        "Device checks put right",
        "Software scans and licence findings",
    ):
        assert label in text
    assert "No run yet." in text
    edit = reverse(
        "retention:period_edit",
        kwargs={"council": world.council.slug, "kind": "monitoring.findings"},
    )
    refused = client.post(edit, {"days": "200", "reason": ""})
    assert refused.status_code == 200
    assert "Say why the council keeps it this long" in refused.content.decode()
    too_long = client.post(edit, {"days": "99999", "reason": "Because"})
    assert "at most 3653 days" in too_long.content.decode()
    assert not RetentionPeriod.objects.exists()
    client.post(edit, {"days": "200", "reason": "Committee decision of May"})
    assert RetentionPeriod.objects.get().days == 200
    text = client.get(
        reverse("retention:schedule", kwargs={"council": world.council.slug})
    ).content.decode()
    assert "Committee decision of May" in text
    missing = reverse(
        "retention:period_edit", kwargs={"council": world.council.slug, "kind": "nothing"}
    )
    assert client.get(missing).status_code == 404


def email_log(world) -> MonitoringSource:
    source = MonitoringSource.objects.create(
        council=world.council, kind="email", retention_days=30, owner=world.clerk
    )
    folder = eventstore.council_dir(world.council, "email") / "day=2026-04-01"
    folder.mkdir(parents=True)
    table = pa.table({"at": pa.array([dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC)] * 2)})
    pq.write_table(table, folder / "batch.parquet")
    return source


def email_line(run):
    return next(item for item in run.lines if item["kind"] == "monitoring.events.email")


def test_a_log_without_people_is_kept_whole_while_a_hold_is_in_place(world, data_dir):
    email_log(world)
    make_hold(world, Role.STAFF)
    run = services.run(world.council, actor=SETUP, today=dt.date(2026, 6, 1))
    assert email_line(run)["kept"] == [{"for": UNATTRIBUTED, "count": 2}]
    assert eventstore.day_dirs(world.council, "email")


def test_a_log_without_people_goes_when_nobody_is_held(world, data_dir):
    email_log(world)
    run = services.run(world.council, actor=SETUP, today=dt.date(2026, 6, 1))
    assert (email_line(run)["due"], email_line(run)["deleted"]) == (2, 2)
    assert not eventstore.day_dirs(world.council, "email")
