"""Retention by whole days with legal holds kept (C19); identities and category lists
imported all or nothing, the same file twice changing nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.monitoring import categories, eventstore
from councilguard.monitoring.identities import import_identities, import_leases
from councilguard.monitoring.ingest import ingest_file
from councilguard.monitoring.models import CategoryMeaning, Identity, LegalHold, PurgeReceipt
from councilguard.monitoring.retention import purge_all
from councilguard.monitoring.tests.engine import TESTER, squid_line
from councilguard.testing.audit import assert_audited


@pytest.fixture
def three_days(monitored, tmp_path):
    path = tmp_path / "a.log"
    path.write_text(
        "\n".join(
            [
                squid_line("2025-03-01 10:00:00", "10.1.1.1", "http://a.example/", "s.staff"),
                squid_line("2025-03-01 10:00:00", "10.1.1.1", "http://a.example/", "m.manager"),
                squid_line("2025-03-02 10:00:00", "10.1.1.1", "http://a.example/", "m.manager"),
                squid_line("2025-03-03 10:00:00", "10.1.1.1", "http://a.example/", "s.staff"),
            ]
        )
        + "\n"
    )
    ingest_file(monitored.council, "proxy", "squid", path, actor=TESTER)
    return monitored


def stored(world) -> list[tuple[str, int]]:
    frame = eventstore.scan(world.council, "proxy").sort("at", "person_id").collect()
    return [(str(r["local_date"]), r["person_id"]) for r in frame.to_dicts()]


def test_days_past_retention_are_deleted_but_a_held_persons_events_are_kept(three_days):
    staff, manager = three_days.people[Role.STAFF], three_days.people[Role.MANAGER]
    LegalHold.objects.create(
        council=three_days.council,
        person=staff,
        reason="grievance case",
        placed_at=timezone.now(),
        placed_by_label="clerk",
    )
    # Retention 90 days: on 1 June, 1 and 2 March are past it; 3 March is not.
    with assert_audited(three_days.council, Event.EVENTS_PURGED):
        [receipt] = purge_all(today=date(2025, 5, 31) + (date(2025, 6, 1) - date(2025, 5, 31)))
    assert receipt.days == ["2025-03-01", "2025-03-02"]
    assert (receipt.events_removed, receipt.events_kept) == (2, 1)
    assert stored(three_days) == [("2025-03-01", staff.pk), ("2025-03-03", staff.pk)]
    assert not (eventstore.council_dir(three_days.council, "proxy") / "day=2025-03-02").exists()
    # Nothing more to do the next night.
    LegalHold.objects.update(released_at=timezone.now())
    [second] = purge_all(today=date(2025, 6, 1))
    assert second.days == ["2025-03-01"] and second.events_removed == 1
    assert stored(three_days) == [("2025-03-03", staff.pk)]
    assert PurgeReceipt.objects.count() == 2
    assert manager.pk not in {p for _, p in stored(three_days)}


def test_identity_files_are_taken_whole_or_not_at_all(monitored):
    staff = monitored.people[Role.STAFF]
    before = Identity.objects.count()
    bad = (
        "kind,value,person_email,valid_from,valid_to\n"
        f"ip,10.0.0.9,{staff.primary_email},2025-01-01,\n"
        "ip,not-an-ip,nobody@nowhere.example,2025-13-01,\n"
        f"proxy_user,s.staff,{staff.primary_email},2025-02-01,\n"
        f"fax,123,{staff.primary_email},2025-01-01,2024-01-01\n"
    ).encode()
    report = import_identities(monitored.council, bad, actor=TESTER)
    assert [str(p) for p in report.problems] == [
        "line 3: 'not-an-ip' is not an IP address",
        "line 3: no person with the e-mail address 'nobody@nowhere.example'",
        "line 3: valid_from is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM)",
        "line 5: unknown kind 'fax'; expected one of proxy_user, ip, device, phone, email",
        "line 5: valid_to is not after valid_from",
    ]
    assert Identity.objects.count() == before
    overlapping = (
        f"kind,value,person_email,valid_from\nproxy_user,s.staff,{staff.primary_email},2025-02-01\n"
    ).encode()
    report = import_identities(monitored.council, overlapping, actor=TESTER)
    assert [p.line for p in report.problems] == [2]
    assert "would be held by" in report.problems[0].message
    good = (
        f"kind,value,person_email,valid_from\nIP,10.0.0.09,{staff.primary_email},2025-01-01\n"
    ).encode()
    # "10.0.0.09" is ambiguous (octal or decimal?), so it is refused.
    assert [p.line for p in import_identities(monitored.council, good, actor=TESTER).problems] == [
        2
    ]
    good = good.replace(b"10.0.0.09", b"10.0.0.9").replace(b"IP,", b"ip,")
    with assert_audited(monitored.council, Event.IDENTITY_ADDED):
        assert import_identities(monitored.council, good, actor=TESTER).created == 1
    with assert_audited(monitored.council):
        assert import_identities(monitored.council, good, actor=TESTER).unchanged == 1


def test_category_lists_of_every_flavour(db, data_dir, tmp_path, capsys):
    hosts = tmp_path / "social-hosts"
    hosts.write_text(
        "# a hosts file\n0.0.0.0 facebook.com\n0.0.0.0 www.facebook.com\n127.0.0.1 localhost\n"
    )
    plain = tmp_path / "gambling.txt"
    plain.write_text("casino.example\nnot a domain!\nBETS.example.\n")
    call_command("categories", "import", str(hosts), "--category", "social_networks")
    call_command("categories", "import", str(plain), "--category", "gambling")
    call_command("categories", "import", str(plain), "--category", "gambling")
    assert categories.known_categories() == {"gambling": 2, "social_networks": 2}
    found = categories.categorise(
        ["m.facebook.com", "bets.example", "facebook.com.evil.example", "example"], {}
    )
    assert found == {
        "bets.example": ("gambling", None),
        "m.facebook.com": ("social_networks", None),
    }
    with pytest.raises(CommandError, match="no council called"):
        call_command("categories", "meaning", "--council", "nowhere", "social", "chat")
    with pytest.raises(CommandError, match="a single list needs --category"):
        call_command("categories", "import", str(plain))
    with pytest.raises(CommandError, match="no such file"):
        call_command("categories", "import", str(Path(tmp_path, "missing")))


LEASES = """\
# The format of this file is documented in the dhcpd.leases(5) manual page.
lease 10.0.0.40 {
  starts 4 2025/03/06 09:00:00;
  ends 4 2025/03/06 21:00:00;
  hardware ethernet 00:11:22:33:44:55;
  client-hostname "CLERK-LT01";
}
lease 10.0.0.41 {
  starts 4 2025/03/06 09:30:00;
  ends never;
  hardware ethernet aa:bb:cc:dd:ee:ff;
}
"""


def test_category_meanings_from_the_command_line_are_audited(world, capsys):
    with assert_audited(world.council, Event.CATEGORY_MEANING_SET, Event.CATEGORY_MEANING_SET):
        call_command("categories", "meaning", "--council", "ashby", "social", "chat", "blog")
    assert dict(CategoryMeaning.objects.values_list("category", "meaning")) == {
        "chat": "social",
        "blog": "social",
    }
    with assert_audited(world.council):
        call_command("categories", "meaning", "--council", "ashby", "social", "chat")


def test_dhcp_leases_give_addresses_to_whoever_held_the_device(monitored, capsys):
    staff = monitored.people[Role.STAFF]
    import_identities(
        monitored.council,
        f"kind,value,person_email,valid_from\ndevice,clerk-lt01,{staff.primary_email},"
        "2025-01-01\n".encode(),
        actor=TESTER,
    )
    leases = import_leases(monitored.council, LEASES.encode(), actor=TESTER)
    # The second lease's device is nobody's: the file is refused whole, naming its line.
    assert [(p.line, p.message) for p in leases.problems] == [
        (8, "10.0.0.41: no device identity for aa:bb:cc:dd:ee:ff")
    ]
    assert not Identity.objects.filter(value="10.0.0.40").exists()
    import_identities(
        monitored.council,
        f"kind,value,person_email,valid_from\ndevice,aa:bb:cc:dd:ee:ff,{staff.primary_email},"
        "2025-01-01\n".encode(),
        actor=TESTER,
    )
    with assert_audited(monitored.council, Event.IDENTITY_ADDED, Event.IDENTITY_ADDED):
        assert import_leases(monitored.council, LEASES.encode(), actor=TESTER).created == 2
    lease = Identity.objects.get(kind="ip", value="10.0.0.40")
    assert (lease.person, lease.valid_from.isoformat(), lease.valid_to.isoformat()) == (
        staff,
        "2025-03-06T09:00:00+00:00",
        "2025-03-06T21:00:00+00:00",
    )
    assert Identity.objects.get(value="10.0.0.41").valid_to is None
    assert import_leases(monitored.council, LEASES.encode(), actor=TESTER).unchanged == 2


def test_a_host_in_a_mapped_and_an_unmapped_category_takes_the_mapped_one(data_dir, tmp_path):
    """The council gave job sites a meaning but not malware: a host in both lists is judged
    by the category the council mapped, not ignored as unmapped."""
    for name in ("malware", "jobsearch", "adult"):
        (tmp_path / "lists" / name).mkdir(parents=True)
    (tmp_path / "lists" / "malware" / "domains").write_text("jobs.example\nboth.example\n")
    (tmp_path / "lists" / "jobsearch" / "domains").write_text("jobs.example\nboth.example\n")
    (tmp_path / "lists" / "adult" / "domains").write_text("both.example\n")
    categories.import_lists(tmp_path / "lists")
    meanings = {"jobsearch": "personal", "adult": "prohibited"}
    assert categories.categorise(["jobs.example", "www.both.example"], meanings) == {
        "jobs.example": ("jobsearch", None),
        "www.both.example": ("jobsearch", "adult"),
    }
