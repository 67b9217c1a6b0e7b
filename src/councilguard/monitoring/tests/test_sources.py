"""Sources and their legal footing (C18): the service, the command, the pages and the notice
each configured source puts on every person's own page."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.monitoring.models import MonitoringSource
from councilguard.monitoring.services import MonitoringError, set_source
from councilguard.monitoring.testing import make_source, source_values
from councilguard.testing.audit import assert_audited, assert_not_audited
from councilguard.testing.policies import make_policy
from councilguard.testing.world import SETUP


def _url(world, name, **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"council": world.council.slug, **kwargs})


def test_setting_a_source_records_each_change_and_says_what_is_missing(world):
    with assert_audited(world.council, Event.MONITORING_SOURCE_SET):
        source, changed = set_source(
            world.council, "proxy", {"purpose": "Find prohibited sites."}, actor=SETUP
        )
    assert changed
    assert "lawful basis" in source.missing() and "owner" in source.missing()
    entry = AuditEntry.objects.filter(council=world.council).latest("sequence")
    assert entry.changes == {"purpose": ["", "Find prohibited sites."]}
    assert entry.summary.startswith("still missing: lawful basis")

    with assert_audited(world.council, Event.MONITORING_SOURCE_SET):
        source, _ = set_source(world.council, "proxy", source_values(world), actor=SETUP)
    assert source.missing() == []
    entry = AuditEntry.objects.filter(council=world.council).latest("sequence")
    assert entry.changes["owner"] == ["", world.dp_lead.email]
    assert entry.changes["retention_days"] == ["", 90]
    assert entry.summary == "complete"

    # The same values again change nothing and record nothing.
    with assert_not_audited(world.council):
        _, changed = set_source(world.council, "proxy", source_values(world), actor=SETUP)
    assert not changed


def test_the_owner_must_hold_a_role_in_the_council(world, other_world):
    with assert_not_audited(world.council), pytest.raises(MonitoringError, match="no role"):
        set_source(world.council, "dns", {"owner": other_world.clerk.email}, actor=SETUP)
    assert not MonitoringSource.objects.filter(council=world.council).exists()


def test_the_clause_must_be_in_the_policy_in_force_once_there_is_one(world):
    # No policy in force yet: nothing to check against.
    set_source(world.council, "dns", {"clause_reference": "B 9.1.2"}, actor=SETUP)
    make_policy(world)  # "B", with clauses 1.1, 1.2 and 2.1 in force
    with pytest.raises(MonitoringError, match="not in the policy in force"):
        set_source(world.council, "dns", {"clause_reference": "B 9.1.2"}, actor=SETUP)
    with pytest.raises(MonitoringError, match="no policy has the code 'Z'"):
        set_source(world.council, "dns", {"clause_reference": "Z 1.2"}, actor=SETUP)
    source, _ = set_source(world.council, "dns", {"clause_reference": "B  1.2"}, actor=SETUP)
    assert source.clause_reference == "B 1.2"
    source, _ = set_source(world.council, "dns", {"clause_reference": "2.1"}, actor=SETUP)
    assert source.clause_reference == "2.1"


def test_bad_values_are_refused_with_a_reason(world):
    for values, message in [
        ({"retention_days": 0}, "retention period"),
        ({"dpia_date": "2026-13-01"}, "not a date"),
        ({"dpia_date": dt.date.today() + dt.timedelta(days=2)}, "future"),
        ({"colour": "red"}, "unknown setting"),
    ]:
        with pytest.raises(MonitoringError, match=message):
            set_source(world.council, "proxy", values, actor=SETUP)
    with pytest.raises(MonitoringError, match="not one of"):
        set_source(world.council, "fax", {"purpose": "x"}, actor=SETUP)


def test_the_command_sets_a_source_and_lists_what_each_lacks(world, capsys):
    make_policy(world)
    with assert_audited(world.council, Event.MONITORING_SOURCE_SET):
        call_command(
            "sources",
            "set",
            "--council",
            world.council.slug,
            "--kind",
            "proxy",
            "--purpose",
            "Find prohibited sites.",
            "--basis",
            "Legitimate interests",
            "--dpia",
            "DPIA-7",
            "--clause",
            "B 1.2",
            "--retention-days",
            "60",
            "--owner",
            world.clerk.email,
        )
    assert "ready to take in logs" in capsys.readouterr().out
    source = MonitoringSource.objects.get(council=world.council, kind="proxy")
    assert source.dpia_date == dt.date.today()  # the default
    assert source.owner == world.clerk

    call_command("sources", "list", "--council", world.council.slug, "--json")
    rows = {row["kind"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["proxy"]["missing"] == [] and rows["proxy"]["retention_days"] == 60
    assert rows["dns"] == {**rows["dns"], "configured": False}
    assert "impact assessment reference" in rows["dns"]["missing"]

    call_command("sources", "list", "--council", world.council.slug)
    out = capsys.readouterr().out
    assert "proxy     ready; kept 60 days; B 1.2" in out and "dns       not set up" in out


def test_the_command_refuses_in_one_line(world):
    make_policy(world)
    args = ["sources", "set", "--council", world.council.slug, "--kind", "dns"]
    with pytest.raises(CommandError, match="^clause B 9.9 is not in the policy in force"):
        call_command(*args, "--clause", "B 9.9")
    with pytest.raises(CommandError, match="nobody@nowhere.example has no role"):
        call_command(*args, "--owner", "nobody@nowhere.example")
    with pytest.raises(CommandError, match="no council called 'nowhere'"):
        call_command("sources", "list", "--council", "nowhere")
    with pytest.raises(CommandError, match="nothing to set"):
        call_command(*args)


def test_the_cli_exits_non_zero_with_one_line(world, capfd):
    from councilguard.cli import main

    with pytest.raises(SystemExit) as exited:
        main(
            ["sources", "set", "--council", world.council.slug, "--kind", "dns", "--owner", "x@y.z"]
        )
    assert exited.value.code != 0
    err = capfd.readouterr().err.strip()
    assert err == "CommandError: x@y.z has no role in Ashby Town Council; the owner must have one"


def test_the_sources_page_shows_what_is_missing_and_the_form_saves(client, world):
    make_source(world, "proxy")
    set_source(world.council, "dns", {"purpose": "Find malware look-ups."}, actor=SETUP)
    client.force_login(world.it_provider)
    page = client.get(_url(world, "source_list")).content.decode()
    assert "Ready" in page and "Not set up" in page
    assert "Missing: lawful basis, impact assessment reference" in page
    assert _url(world, "source_edit", kind="dns") not in page  # the IT provider may not edit

    client.force_login(world.dp_lead)
    form = client.get(_url(world, "source_edit", kind="dns"))
    assert "cannot be taken in until these are given" in form.content.decode()
    assert form["Cache-Control"].startswith("max-age=0")
    values = {
        "purpose": "Find malware look-ups.",
        "lawful_basis": "Legitimate interests",
        "dpia_reference": "DPIA-2",
        "dpia_date": "2026-01-02",
        "clause_reference": "",
        "retention_days": "30",
        "owner": world.dp_lead.email,
    }
    with assert_audited(world.council, Event.MONITORING_SOURCE_SET):
        response = client.post(_url(world, "source_edit", kind="dns"), values)
    assert response.status_code == 302
    dns = MonitoringSource.objects.get(council=world.council, kind="dns")
    assert dns.missing() == ["policy clause"]
    # An owner from elsewhere is not a choice; a bad clause is explained on the form.
    make_policy(world)
    with assert_not_audited(world.council):
        response = client.post(
            _url(world, "source_edit", kind="dns"), {**values, "clause_reference": "B 7.7"}
        )
    assert "clause B 7.7 is not in the policy in force" in response.content.decode()
    assert client.get(_url(world, "source_edit", kind="fax")).status_code == 404


def test_each_ready_source_is_described_on_everyones_own_page(client, world):
    client.force_login(world.councillor)
    my_page = reverse("policies:my_page", kwargs={"council": world.council.slug})
    assert "has not set up any monitoring" in client.get(my_page).content.decode()
    make_source(world, "proxy", purpose="To keep the network safe", retention_days=45)
    # An incomplete source monitors nothing, so it tells nobody anything.
    set_source(world.council, "phone", {"purpose": "Recover personal call costs."}, actor=SETUP)
    page = client.get(my_page).content.decode()
    assert "The web addresses you visit" in page
    assert "To keep the network safe. Lawful basis: Legitimate interests" in page
    assert "Kept for 45 days." in page and "(9.1.2)" in page
    assert "itemised bill" not in page
    mine = client.get(_url(world, "mine")).content.decode()
    assert "The web addresses you visit" in mine
