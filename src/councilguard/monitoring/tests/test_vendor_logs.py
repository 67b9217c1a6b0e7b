"""FortiGate web filter logs and Cisco Umbrella DNS exports (issue 23): each built from the
vendor's documented fields with the quirks real files have, through the real parsers, ingest
and rules; the vendor's own categories used, the lists filling in where a line carries none."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import ibis
import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Role
from councilguard.monitoring.analysis import proposals_for
from councilguard.monitoring.identities import import_identities
from councilguard.monitoring.ingest import IngestError, ingest_file
from councilguard.monitoring.log_profile_services import ingest_through_profile, save_profile
from councilguard.monitoring.logprofiles import LogProfile
from councilguard.monitoring.models import CategoryMeaning, IngestBatch, MonitoringSource
from councilguard.monitoring.parsers import FORMATS, YearGuess
from councilguard.monitoring.services import MonitoringError, set_category_meaning, set_source
from councilguard.monitoring.tests.engine import LONDON, TESTER, govern

YEAR = YearGuess(date(2026, 12, 1))


def parse(fmt: str, text: str, time_zone: str | None = None):
    data = text.encode()
    if time_zone:
        return FORMATS[fmt].parse(data, 1, YEAR, 64 * 1024, time_zone)
    return FORMATS[fmt].parse(data, 1, YEAR)


def utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


# FortiOS 7 web filter lines as the log reference documents them (fields abridged), with the
# quirks of real files: a syslog prefix or none, values quoted with spaces and "=", a message
# that itself holds " user=" and " hostname=", eventtime in nanoseconds or seconds, a tz field
# or none, a traffic line among them, no hostname (only a full URL), no address and no user.
FORTIGATE = "\n".join(
    [
        '<189>Nov 16 10:04:31 fgt-office date=2026-11-16 time=10:04:31 devname="FGT Office" '
        'devid="FGT60E0000000001" eventtime=1763287471123456789 tz="+0000" logid="0316013057" '
        'type="utm" subtype="webfilter" eventtype="ftgd_allow" level="notice" vd="root" '
        'srcip=10.1.2.3 srcport=50856 user="JSmith" group="Staff" hostname="www.facebook.com" '
        'profile="default" action="passthrough" reqtype="direct" url="/groups/a b=c" '
        'msg="URL belongs to an allowed category, user=bob hostname=evil.example" '
        'method="domain" cat=37 catdesc="Social Networking" rcvdbyte=141',
        'date=2026-11-16 time=10:05:00 logid="0316013056" type="utm" subtype="webfilter" '
        'eventtype="ftgd_blk" srcip=10.1.2.4 hostname="casino.example" action="blocked" '
        'catdesc="Gambling" rcvdbyte=100',
        'date=2026-07-16 time=10:05:00 tz="-0800" type="utm" subtype="webfilter" srcip=10.1.2.4 '
        'url="https://News.Example:8443/x?y=1" action="passthrough"',
        'date=2026-11-16 time=10:06:00 logid="0000000013" type="traffic" subtype="forward" '
        'srcip=10.1.2.4 dstip=203.0.113.9 action="accept"',
        "this is not a FortiGate line",
        'date=2026-11-16 time=10:07:00 eventtime=1763287620 type="utm" subtype="webfilter" '
        'hostname="shop.example" action="passthrough" catdesc="Shopping"',
        'date=2026-11-16 time=10:08:00 type="utm" subtype="webfilter" srcip=10.1.2.9 '
        'hostname="shop.example" action="passthrough" catdesc="Shopping"',
    ]
)


def test_fortigate_lines_read_each_documented_field_and_quirk():
    parsed = parse("fortigate", FORTIGATE + "\n")
    rows = parsed.frame().to_dicts()
    assert parsed.lines == 7
    assert parsed.rejects == [
        (5, "not a FortiGate log line (no date= or eventtime=)"),
        (6, "web filter entry with no source address or user"),
    ]
    # The traffic line (4) is read and is no web event.
    assert [r["line"] for r in rows] == [1, 2, 3, 7]
    assert [r["user"] for r in rows] == ["jsmith", None, None, None]
    assert [r["host"] for r in rows] == [
        "www.facebook.com",
        "casino.example",
        "news.example",
        "shop.example",
    ]
    assert [r["blocked"] for r in rows] == [False, True, False, False]
    assert [r["size"] for r in rows] == [141, 100, 0, 0]
    # eventtime (nanoseconds) wins over date and time; tz= gives the offset; otherwise UK time
    # (16 November is GMT).
    assert rows[0]["at"] == datetime(2025, 11, 16, 10, 4, 31, 123000, tzinfo=UTC)
    assert rows[1]["at"] == utc("2026-11-16 10:05:00")
    assert rows[2]["at"] == utc("2026-07-16 18:05:00")
    assert parsed.vendor_categories.to_pylist() == ["Social Networking", "Gambling", "", "Shopping"]


def test_fortigate_local_times_are_read_in_the_devices_time_zone():
    line = (
        'date=2026-07-16 time=10:05:00 type="utm" subtype="webfilter" srcip=10.1.2.4 '
        'hostname="a.example" action="passthrough"\n'
    )
    assert parse("fortigate", line).frame()["at"][0] == utc("2026-07-16 09:05:00")
    in_utc = parse("fortigate", line, time_zone="UTC").frame()["at"][0]
    assert in_utc == utc("2026-07-16 10:05:00")
    in_new_york = parse("fortigate", line, time_zone="America/New_York").frame()["at"][0]
    assert in_new_york == utc("2026-07-16 14:05:00")
    skipped = line.replace("2026-07-16 time=10:05:00", "2026-03-29 time=01:30:00")
    assert parse("fortigate", skipped).rejects == [
        (1, "time is not yyyy-mm-dd hh:mm:ss, or no such local time")
    ]


def test_fortigate_cef_lines_read_like_key_value_ones():
    cef = (
        "<190>Nov 16 10:04:31 fgt-office CEF:0|Fortinet|Fortigate|v7.2.4|13312|"
        "utm:webfilter ftgd_blk blocked|4|deviceExternalId=FGT60E0000000001 "
        "FTNTFGTeventtime=1763287471000000000 FTNTFGTsubtype=webfilter src=10.1.2.5 suser=Amy "
        "dhost=bet.example request=/play?a\\=b c act=blocked "
        "FTNTFGTcatdesc=Gambling and Betting msg=URL belongs to a denied category in policy\n"
        "CEF:0|Fortinet|Fortigate|v7.2.4|00013|traffic:forward accept|3|src=10.1.2.5\n"
    )
    parsed = parse("fortigate", cef)
    rows = parsed.frame().to_dicts()
    assert parsed.rejects == []
    assert len(rows) == 1
    assert rows[0]["at"] == utc("2025-11-16 10:04:31")
    assert (rows[0]["client"], rows[0]["user"], rows[0]["host"]) == (
        "10.1.2.5",
        "amy",
        "bet.example",
    )
    assert rows[0]["blocked"] is True
    assert parsed.vendor_categories.to_pylist() == ["Gambling and Betting"]


def test_a_cef_lines_first_extension_key_straight_after_the_severity_is_read():
    cef = (
        "CEF:0|Fortinet|Fortigate|v7.2.4|13312|utm:webfilter ftgd_allow passthrough|3|"
        "FTNTFGTeventtime=1763287471000000000 FTNTFGTsubtype=webfilter src=10.1.2.6 "
        "suser=Ben dhost=news.example request=/ act=passthrough FTNTFGTcatdesc=News and Media\n"
    )
    parsed = parse("fortigate", cef)
    [row] = parsed.frame().to_dicts()
    # 1763287471 s after the epoch is 10:04:31 UTC on 16 November 2025: read from eventtime,
    # not from a date the line does not carry.
    assert row["at"] == utc("2025-11-16 10:04:31")
    assert (row["client"], row["user"], row["host"], row["blocked"]) == (
        "10.1.2.6",
        "ben",
        "news.example",
        False,
    )


UMBRELLA_HEADER = (
    '"Timestamp","Most Granular Identity","Identities","InternalIp","ExternalIp","Action",'
    '"QueryType","ResponseCode","Domain","Categories","Most Granular Identity Type",'
    '"Identity Types","Blocked Categories","Rule ID","Destination Countries"'
)


def test_umbrella_export_with_its_header_row_and_identity_types():
    text = "\n".join(
        [
            "\ufeff" + UMBRELLA_HEADER,
            '"2026-11-16 10:04:31","Jane Smith (jsmith@ashby.gov.uk)","Jane Smith '
            '(jsmith@ashby.gov.uk),Office","10.1.2.3","203.0.113.5","Allowed","1 (A)","NOERROR",'
            '"www.facebook.com.","Social Networking,Application","AD Users","AD Users,Networks",'
            '"","","United States"',
            '"2026-11-16 10:05:31","Office","Office","10.1.2.4","203.0.113.5","Blocked",'
            '"28 (AAAA)","NOERROR","Casino.Example.","Gambling","Networks","Networks","Gambling",'
            '"123","Malta"',
            "not, a, row",
            '"16/11/2026 10:05","Office","Office","10.1.2.4","203.0.113.5","Allowed","1 (A)",'
            '"NOERROR","a.example.","","Networks","Networks","","",""',
        ]
    )
    parsed = parse("umbrella", text + "\n")
    rows = parsed.frame().to_dicts()
    assert parsed.lines == 5
    assert parsed.rejects == [
        (4, "not an Umbrella DNS log row (quoted fields, comma-separated)"),
        (5, "time is not yyyy-mm-dd hh:mm:ss"),
    ]
    assert [r["line"] for r in rows] == [2, 3]
    # A user's identity attributes like a proxy user name; a network's does not.
    assert [r["user"] for r in rows] == ["jane smith (jsmith@ashby.gov.uk)", None]
    assert [r["client"] for r in rows] == ["10.1.2.3", "10.1.2.4"]
    assert [r["host"] for r in rows] == ["www.facebook.com", "casino.example"]
    assert [r["method"] for r in rows] == ["A", "AAAA"]
    assert [r["blocked"] for r in rows] == [False, True]
    assert rows[0]["at"] == utc("2026-11-16 10:04:31")
    assert parsed.vendor_categories.to_pylist() == ["Social Networking,Application", "Gambling"]


def test_umbrella_export_without_a_header_in_the_older_ten_columns():
    text = (
        '"2026-11-16 10:04:31","LAPTOP-7","LAPTOP-7,Office","10.1.2.3","203.0.113.5","Allowed",'
        '"1 (A)","NOERROR","www.facebook.com.","Social Networking"\n'
        "2026-11-16 10:04:32,LAPTOP-7,LAPTOP-7,10.1.2.3,203.0.113.5,Allowed,1 (A),NOERROR,"
        'x.example.,"News and Media,Blogs ""and"" Forums"\n'
    )
    parsed = parse("umbrella", text)
    rows = parsed.frame().to_dicts()
    assert parsed.rejects == []
    assert [r["user"] for r in rows] == ["laptop-7", "laptop-7"]
    assert [r["host"] for r in rows] == ["www.facebook.com", "x.example"]
    assert parsed.vendor_categories.to_pylist() == [
        "Social Networking",
        'News and Media,Blogs "and" Forums',
    ]


# --- through ingest and the rules -----------------------------------------------------------

VENDOR_MEANINGS = {
    "Gambling": "prohibited",
    "Social Networking": "social",
    "Shopping": "personal",
}


@pytest.fixture
def vendor_council(world, data_dir):
    """Ashby with proxy and DNS monitoring governed, NO category list loaded, and the
    staff member and manager holding user names (and the manager an address)."""
    govern(world)
    staff, manager = world.people[Role.STAFF], world.people[Role.MANAGER]
    csv = (
        "kind,value,person_email,valid_from,valid_to\n"
        f"proxy_user,s.staff,{staff.primary_email},2025-01-01,\n"
        f"proxy_user,m.manager,{manager.primary_email},2025-01-01,\n"
    ).encode()
    assert import_identities(world.council, csv, actor=TESTER).ok
    return world


def _map_vendor_categories(council) -> None:
    for name, meaning in VENDOR_MEANINGS.items():
        call_command("categories", "meaning", "--council", council.slug, meaning, name)


MONDAY = date(2025, 3, 3)
SITES = [
    ("www.facebook.com", "Social Networking"),
    ("casino.example", "Gambling"),
    ("shop.example", "Shopping"),
    ("www.gov.uk", "Government and Legal Organizations"),
    ("news.example", "News and Media"),
]


def _browsing(seed: int) -> list[tuple[datetime, str, str, str, str]]:
    """A working week of two people: (UTC time, user, address, host, vendor category)."""
    rng = random.Random(seed)
    events = []
    for day in range(5):
        for _ in range(400):
            hour = rng.choice([8, 9, 10, 11, 12, 14, 15, 16, 19, 21])
            local = datetime.combine(MONDAY + timedelta(days=day), datetime.min.time()).replace(
                hour=hour, minute=rng.randrange(60), second=rng.randrange(60), tzinfo=LONDON
            )
            user = rng.choice(["s.staff", "m.manager"])
            host, category = rng.choices(SITES, weights=[4, 1, 2, 6, 3])[0]
            address = "10.1.2.3" if user == "s.staff" else "10.1.2.4"
            events.append((local.astimezone(UTC), user, address, host, category))
    return sorted(events)


def _fortigate(events) -> str:
    lines = []
    for i, (at, user, address, host, category) in enumerate(events):
        local = at.astimezone(LONDON)
        clock = f'date={local:%Y-%m-%d} time={local:%H:%M:%S} devname="FGT Office"'
        # Half the lines carry eventtime (nanoseconds), half only the local date and time.
        stamp = f" eventtime={int(at.timestamp()) * 10**9}" if i % 2 else ""
        blocked = category == "Gambling"
        lines.append(
            f'<189>{local:%b %d %H:%M:%S} fgt {clock}{stamp} logid="0316013057" type="utm" '
            f'subtype="webfilter" srcip={address} user="{user}" hostname="{host}" '
            f'action="{"blocked" if blocked else "passthrough"}" url="/" '
            f'msg="URL belongs to a category, see=policy" catdesc="{category}"'
        )
    return "\n".join(lines) + "\n"


def _umbrella(events) -> str:
    rows = [UMBRELLA_HEADER]
    for at, user, address, host, category in events:
        action = "Blocked" if category == "Gambling" else "Allowed"
        rows.append(
            f'"{at:%Y-%m-%d %H:%M:%S}","{user}","{user},Office","{address}","203.0.113.5",'
            f'"{action}","1 (A)","NOERROR","{host}.","{category},Application","AD Users",'
            '"AD Users,Networks","","",""'
        )
    return "\n".join(rows) + "\n"


# A web filter's CSV export of another vendor, read through a profile the council builds: a
# header row, semicolons, UK local times in day/month/year, and the category and verdict.
ACME_PROFILE = LogProfile(
    name="acme-filter",
    log="web",
    fields={
        "time": "Logged",
        "client": "Source",
        "user": "Login",
        "url": "Requested URL",
        "category": "Web Category",
        "action": "Verdict",
    },
    delimiter=";",
    time_format="%d/%m/%Y %H:%M:%S",
    time_zone="Europe/London",
    blocked_values=["Denied"],
)


def _acme_csv(events) -> str:
    rows = ["Logged;Source;Login;Requested URL;Web Category;Verdict"]
    for at, user, address, host, category in events:
        verdict = "Denied" if category == "Gambling" else "Permitted"
        rows.append(
            f"{at.astimezone(LONDON):%d/%m/%Y %H:%M:%S};{address};{user.upper()};"
            f'https://{host}/page?q=a;"{category}";{verdict}'
        )
    return "\n".join(rows) + "\n"


def _dnsfilter(events) -> str:
    """DNSFilter's export as the built-in profile reads it (its guessed headers)."""
    rows = ["Time,Domain,Query Type,Result,Categories,Site,Policy,User,Source IP,Threat"]
    for at, user, address, host, category in events:
        result = "Blocked" if category == "Gambling" else "Allowed"
        rows.append(
            f'{at:%Y-%m-%dT%H:%M:%SZ},{host},A,{result},"{category}",Office,Staff,{user},{address},'
        )
    return "\n".join(rows) + "\n"


def _by_role(world) -> dict[int, str]:
    return {person.pk: role.value for role, person in world.people.items()}


def _comparable(findings: list[dict], roles: dict[int, str] | None = None) -> list[tuple]:
    """What must agree between a web log and a DNS log of the same browsing: who, which rule,
    which week, how serious, and the figures (not the words 'requests' or 'look-ups', nor whose
    rating it was)."""
    return sorted(
        (
            roles[f["person_id"]] if roles else f["person_id"],
            f["rule"].split(".", 1)[1],
            f["week"],
            f["severity"],
            sorted((k, v) for k, v in f["evidence"].items() if k != "classified_by"),
        )
        for f in findings
    )


def test_a_fortigate_log_an_umbrella_export_and_profile_mapped_csvs_give_the_same_findings(
    vendor_council, other_world, tmp_path: Path
):
    council = vendor_council.council
    _map_vendor_categories(council)
    events = _browsing(7)
    web, dns = tmp_path / "fortigate.log", tmp_path / "umbrella.csv"
    web.write_text(_fortigate(events))
    dns.write_text(_umbrella(events))
    assert ingest_file(council, "proxy", "fortigate", web, actor=TESTER).events == len(events)
    assert ingest_file(council, "dns", "umbrella", dns, actor=TESTER).events == len(events)
    findings, _ = proposals_for(council)
    from_web = [f for f in findings if f["kind"] == "proxy"]
    from_dns = [f for f in findings if f["kind"] == "dns"]
    # DNS look-ups say a site was reached, not for how long: the time rules are the web log's
    # alone (analysis.evaluate); the prohibited-content findings must agree to the figure.
    assert {f["rule"] for f in from_web} == {"web.prohibited", "web.social_in_hours"}
    assert {f["rule"] for f in from_dns} == {"dns.prohibited"}
    web_prohibited = [f for f in from_web if f["rule"] == "web.prohibited"]
    assert len(web_prohibited) == 2  # both people
    assert _comparable(web_prohibited) == _comparable(from_dns)
    prohibited = next(f for f in from_web if f["rule"] == "web.prohibited")
    assert prohibited["evidence"]["classified_by"] == {
        "Gambling": "the FortiGate web filter's own rating"
    }
    assert "Gambling (the FortiGate web filter's own rating)" in prohibited["summary"]
    on_dns = next(f for f in from_dns if f["rule"] == "dns.prohibited")
    assert on_dns["evidence"]["classified_by"] == {"Gambling": "Cisco Umbrella's own rating"}

    # The same week as another vendor's web CSV and a DNSFilter export, each read through a
    # profile, in a second council with the same people: the same findings, figure for figure.
    other = other_world.council
    govern(other_world)
    staff, manager = other_world.people[Role.STAFF], other_world.people[Role.MANAGER]
    identities = (
        "kind,value,person_email,valid_from,valid_to\n"
        f"proxy_user,s.staff,{staff.primary_email},2025-01-01,\n"
        f"proxy_user,m.manager,{manager.primary_email},2025-01-01,\n"
    ).encode()
    assert import_identities(other, identities, actor=TESTER).ok
    _map_vendor_categories(other)
    with transaction.atomic():
        save_profile(other, ACME_PROFILE, actor=TESTER)
    mapped_web, mapped_dns = tmp_path / "acme.csv", tmp_path / "dnsfilter.csv"
    mapped_web.write_text(_acme_csv(events))
    mapped_dns.write_text(_dnsfilter(events))
    call_command(
        "ingest", "--council", other.slug, "--source", "web-log", "--profile", "acme-filter",
        str(mapped_web),
    )  # fmt: skip
    receipt = ingest_through_profile(other, "dns-log", "dnsfilter", mapped_dns, actor=TESTER)
    assert (receipt.batch.rejected, receipt.events) == (0, len(events))
    mapped, _ = proposals_for(other)
    mapped_from_web = [f for f in mapped if f["kind"] == "proxy"]
    mapped_from_dns = [f for f in mapped if f["kind"] == "dns"]
    a_roles, b_roles = _by_role(vendor_council), _by_role(other_world)
    assert _comparable(mapped_from_web, b_roles) == _comparable(from_web, a_roles)
    assert _comparable(mapped_from_dns, b_roles) == _comparable(from_dns, a_roles)
    through = "the vendor's own rating (read through a log profile)"
    for finding in (f for f in mapped if f["rule"].endswith(".prohibited")):
        assert finding["evidence"]["classified_by"] == {"Gambling": through}


def _gambling_week(requests: int) -> str:
    lines = []
    for i in range(requests):
        at = datetime(2025, 3, 3, 10, 0, tzinfo=UTC) + timedelta(minutes=i)
        lines.append(
            f'date={at:%Y-%m-%d} time={at:%H:%M:%S} type="utm" subtype="webfilter" '
            f'srcip=10.1.2.3 user="s.staff" hostname="bet{i}.example" action="passthrough" '
            'catdesc="Gambling"'
        )
    return "\n".join(lines) + "\n"


def test_a_vendor_category_mapped_to_prohibited_raises_the_finding_with_no_list_loaded(
    vendor_council, tmp_path
):
    council = vendor_council.council
    path = tmp_path / "gambling.log"
    path.write_text(_gambling_week(12))
    ingest_file(council, "proxy", "fortigate", path, actor=TESTER)
    assert proposals_for(council)[0] == []  # "Gambling" means nothing yet
    call_command("categories", "meaning", "--council", council.slug, "prohibited", "gambling")
    findings, _ = proposals_for(council)
    assert [(f["rule"], f["evidence"]["requests"]) for f in findings] == [("web.prohibited", 12)]
    assert findings[0]["person_id"] == vendor_council.people[Role.STAFF].pk
    assert findings[0]["summary"].startswith(
        "12 requests to sites in prohibited categories (Gambling (the FortiGate web filter's "
        "own rating) 12) on 1 day"
    )


def test_the_lists_fill_in_where_the_line_carries_no_category(monitored, tmp_path):
    """With the test lists loaded (casino.example is 'gambling', adult.example 'adult'): a line
    with no category is classified by the lists; a line whose vendor says 'Business' is not,
    though the lists would call its site adult."""
    lines = [
        'date=2025-03-03 time=10:00:00 type="utm" subtype="webfilter" srcip=10.0.0.9 '
        f'user="s.staff" hostname="{host}" action="passthrough"{category}'
        for host, category in [("casino.example", "")] * 6
        + [("adult.example", ' catdesc="Business"')] * 6
    ]
    path = tmp_path / "mixed.log"
    path.write_text("\n".join(lines) + "\n")
    ingest_file(monitored.council, "proxy", "fortigate", path, actor=TESTER)
    findings, _ = proposals_for(monitored.council)
    assert [(f["rule"], f["evidence"]["categories"]) for f in findings] == [
        ("web.prohibited", {"gambling": 6})
    ]
    assert findings[0]["evidence"]["classified_by"] == {"gambling": "the category lists"}


def test_vendor_category_names_are_kept_as_written_and_compared_without_case(vendor_council):
    council = vendor_council.council
    with transaction.atomic():
        set_category_meaning(council, "  Social   Networking ", "social", actor=TESTER)
        set_category_meaning(council, "social networking", "personal", actor=TESTER)
        set_category_meaning(council, "Lingerie/Bikini", "prohibited", actor=TESTER)
    assert dict(CategoryMeaning.objects.values_list("category", "meaning")) == {
        "Social Networking": "personal",
        "Lingerie/Bikini": "prohibited",
    }
    assert AuditEntry.objects.filter(council=council, event="monitoring.category_set").count() == 3
    with pytest.raises(MonitoringError, match="as its log writes it"):
        set_category_meaning(council, "<script>", "social", actor=TESTER)


def test_the_same_vendor_file_twice_is_a_no_op_and_a_file_of_nothing_readable_is_refused(
    vendor_council, tmp_path
):
    council = vendor_council.council
    path = tmp_path / "week.log"
    path.write_text(_gambling_week(3))
    first = ingest_file(council, "proxy", "fortigate", path, actor=TESTER)
    again = ingest_file(council, "proxy", "fortigate", path, actor=TESTER)
    assert (first.duplicate, again.duplicate) == (False, True)
    assert again.batch.pk == first.batch.pk
    junk = tmp_path / "junk.csv"
    junk.write_text("hello\nworld\n")
    with pytest.raises(IngestError, match="Cisco Umbrella DNS log export: all 2 were rejected"):
        ingest_file(council, "dns", "umbrella", junk, actor=TESTER)
    assert IngestBatch.objects.filter(council=council).count() == 1


def test_an_umbrella_export_saved_as_utf16_is_read_and_hashed_as_sent(vendor_council, tmp_path):
    council = vendor_council.council
    text = _umbrella(_browsing(3)[:50])
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("utf-16"))
    receipt = ingest_file(council, "dns", "umbrella", path, actor=TESTER)
    assert (receipt.batch.lines, receipt.batch.rejected, receipt.events) == (51, 0, 50)
    assert receipt.batch.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_device_time_zone_is_a_setting_of_the_source(vendor_council, tmp_path):
    council = vendor_council.council
    with transaction.atomic():
        set_source(council, "proxy", {"log_time_zone": "UTC"}, actor=TESTER)
    assert MonitoringSource.objects.get(council=council, kind="proxy").log_time_zone == "UTC"
    with pytest.raises(MonitoringError, match="is not a time zone"):
        set_source(council, "proxy", {"log_time_zone": "Mars/Olympus"}, actor=TESTER)
    path = tmp_path / "summer.log"
    path.write_text(
        'date=2025-07-01 time=10:00:00 type="utm" subtype="webfilter" srcip=10.1.2.3 '
        'user="s.staff" hostname="a.example" action="passthrough"\n'
    )
    receipt = ingest_file(council, "proxy", "fortigate", path, actor=TESTER)
    assert receipt.batch.first_event_at == utc("2025-07-01 10:00:00")


def test_the_command_takes_both_sources_with_a_json_receipt(vendor_council, tmp_path, capsys):
    council = vendor_council.council
    path = tmp_path / "umbrella.csv"
    path.write_text(_umbrella(_browsing(5)[:20]) + "garbage\n")
    call_command("ingest", "--council", council.slug, "--source", "umbrella", str(path), "--json")
    out = capsys.readouterr().out
    assert '"accepted": 21' in out and '"rejected": 1' in out
    assert '"line": 22' in out


@pytest.fixture(scope="module")
def spark(spark_session):
    return ibis.pyspark.connect(spark_session)


def test_vendor_classified_weeks_give_identical_findings_on_duckdb_and_spark(
    vendor_council, tmp_path, spark
):
    """Every field of every finding, where the categories came from the vendors' ratings."""
    council = vendor_council.council
    _map_vendor_categories(council)
    events = _browsing(9)
    web, dns = tmp_path / "fortigate.log", tmp_path / "umbrella.csv"
    web.write_text(_fortigate(events))
    dns.write_text(_umbrella(events))
    ingest_file(council, "proxy", "fortigate", web, actor=TESTER)
    ingest_file(council, "dns", "umbrella", dns, actor=TESTER)
    on_duckdb, _ = proposals_for(council)
    on_spark, _ = proposals_for(council, con=spark)
    assert len(on_duckdb) >= 4
    assert on_duckdb == on_spark


def test_the_categories_page_lists_the_vendor_categories_still_without_a_meaning(
    vendor_council, tmp_path, client
):
    council = vendor_council.council
    path = tmp_path / "week.log"
    path.write_text(_fortigate(_browsing(4)[:200]))
    ingest_file(council, "proxy", "fortigate", path, actor=TESTER)
    set_category_meaning(council, "shopping", "personal", actor=TESTER)
    client.force_login(vendor_council.clerk)
    page = client.get(reverse("monitoring:category_list", kwargs={"council": council.slug}))
    text = page.content.decode()
    sentence = text.split("Categories your firewall or DNS filter gave with no meaning yet: ")[1]
    listed = sentence.split(".</p>")[0]
    assert listed.split(", ") == [
        "Gambling",
        "Government and Legal Organizations",
        "News and Media",
        "Social Networking",
    ]


def test_umbrella_rows_read_the_same_by_the_csv_reader_and_line_by_line(monkeypatch):
    """The fast path (Polars' CSV reader) and the line-by-line regular expression agree on
    every event, category and rejected line, quirks included."""
    rows = _umbrella(_browsing(2)[:300]).splitlines()
    rows[5] = "not, a, row"
    rows[9] = rows[9].replace("2025-03-0", "03/0")
    rows[12] = rows[12].replace('"Blocked"', '"blocked"').replace(',Application"', ',"')
    rows[15] = '"2025-03-03 10:00:00","Office","Office","10.1.2.4","203.0.113.5","Allowed",' + (
        '"1 (A)","NOERROR","a.example.","Blogs ""and"" Forums","Networks","Networks","","",""'
    )
    text = "\n".join(rows) + "\n"
    fast = parse("umbrella", text)
    monkeypatch.setattr(
        "councilguard.monitoring.vendorlogs.UmbrellaReader._by_csv_reader",
        lambda *args: None,
    )
    slow = parse("umbrella", text)
    assert (
        fast.rejects
        == slow.rejects
        == [
            (6, "not an Umbrella DNS log row (quoted fields, comma-separated)"),
            (10, "time is not yyyy-mm-dd hh:mm:ss"),
        ]
    )
    assert fast.frame().to_dicts() == slow.frame().to_dicts()
    assert fast.vendor_categories.to_pylist() == slow.vendor_categories.to_pylist()
    assert 'Blogs "and" Forums' in fast.vendor_categories.to_pylist()
