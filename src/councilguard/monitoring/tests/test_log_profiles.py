"""Log profiles for any other vendor's web or DNS log (issue 23): the built-in NextDNS,
DNSFilter and Sophos Firewall profiles on files built from their documented fields with the
quirks real files have, a profile's JSON file, the same ingest and guarantees as every log,
the command line, and the pages."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Role
from councilguard.monitoring.analysis import proposals_for
from councilguard.monitoring.identities import import_identities
from councilguard.monitoring.ingest import IngestError
from councilguard.monitoring.log_profile_services import (
    delete_profile,
    ingest_through_profile,
    profile_for,
    save_profile,
)
from councilguard.monitoring.logprofiles import (
    BUILT_IN,
    LogProfile,
    ProfileError,
    ProfileReader,
    loads,
    validate,
)
from councilguard.monitoring.models import IngestBatch, VendorLogProfile
from councilguard.monitoring.services import MonitoringError
from councilguard.monitoring.tests.engine import TESTER, govern


def utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def read(name: str, text: str):
    parsed = ProfileReader(BUILT_IN[name])(text.encode())
    return parsed, parsed.frame().to_dicts(), parsed.vendor_categories.to_pylist()


NEXTDNS_HEADER = (
    "timestamp,domain,query_type,dnssec,protocol,client_ip,status,reasons,destination_country,"
    "root_domain,device_id,device_name,device_model,device_local_ip,matched_name,client_name"
)


def test_a_nextdns_export_reads_each_documented_column_and_quirk():
    """A byte order mark, fractional seconds and Z, a trailing dot, two reasons in one quoted
    field, a blocked query, an empty device, then a line that is not a row, a bad time, and a
    row with no domain."""
    text = "\n".join(
        [
            "\ufeff" + NEXTDNS_HEADER,
            "2026-11-16T10:04:31.123Z,www.facebook.com,A,false,DNS-over-HTTPS,203.0.113.5,"
            "default,,US,facebook.com,ABC123,Office-PC,Windows,10.1.2.3,,",
            "2026-11-16T10:05:00Z,casino.example.,AAAA,true,DNS-over-TLS,203.0.113.5,blocked,"
            '"Gambling,NextDNS Ads & Trackers Blocklist",,casino.example,ABC123,Office-PC,,,,',
            "2026-11-16T10:06:00+01:00,news.example,A,false,UDP,203.0.113.6,allowed,,GB,"
            "news.example,,,,,,",
            "hello",
            "2026-13-16T10:05:00Z,x.example,A,false,UDP,203.0.113.5,default,,,,,,,,,",
            "2026-11-16T10:07:00Z,,A,false,UDP,203.0.113.5,default,,,,,,,,,",
        ]
    )
    parsed, events, categories = read("nextdns", text)
    assert parsed.lines == 7
    assert parsed.rejects == [
        (5, "not a row of ','-separated fields as the profile reads"),
        (6, "not an ISO 8601 time (yyyy-mm-ddThh:mm:ss), or no such local time"),
        (7, "no host, domain or URL in the line"),
    ]
    assert [
        (e["at"], e["line"], e["client"], e["user"], e["host"], e["blocked"]) for e in events
    ] == [
        (datetime(2026, 11, 16, 10, 4, 31, 123000, tzinfo=UTC), 2, "203.0.113.5", "office-pc",
         "www.facebook.com", False),
        (utc("2026-11-16 10:05:00"), 3, "203.0.113.5", "office-pc", "casino.example", True),
        (utc("2026-11-16 09:06:00"), 4, "203.0.113.6", None, "news.example", False),
    ]  # fmt: skip
    assert categories == ["", "Gambling\x1fNextDNS Ads & Trackers Blocklist", ""]


DNSFILTER_HEADER = "Time,Domain,Query Type,Result,Categories,Site,Policy,User,Source IP,Threat"


def test_a_dnsfilter_export_with_its_header_and_a_council_profile_without_one_read_alike():
    rows = [
        '2025-03-03T10:00:00Z,www.facebook.com,A,Allowed,"Social Networking",Office,Staff,'
        "s.staff,10.1.2.3,",
        '2025-03-03T10:01:00Z,casino.example,A,Blocked,"Gambling,Games",Office,Staff,,10.1.2.4,',
    ]
    with_header = read("dnsfilter", "\n".join([DNSFILTER_HEADER, *rows]))
    no_header = LogProfile(
        name="dnsfilter-no-header",
        log="dns",
        header=False,
        fields={
            "time": "1",
            "host": "2",
            "action": "4",
            "category": "5",
            "user": "8",
            "client": "9",
        },  # fmt: skip
        category_separator=",",
        blocked_values=["Blocked"],
    )
    parsed = ProfileReader(validate(no_header))("\n".join(rows).encode())
    assert with_header[0].rejects == parsed.rejects == []
    expected = [
        (utc("2025-03-03 10:00:00"), "10.1.2.3", "s.staff", "www.facebook.com", False),
        (utc("2025-03-03 10:01:00"), "10.1.2.4", None, "casino.example", True),
    ]
    for events in (with_header[1], parsed.frame().to_dicts()):
        assert [(e["at"], e["client"], e["user"], e["host"], e["blocked"]) for e in events] == (
            expected
        )
    assert (
        with_header[2]
        == parsed.vendor_categories.to_pylist()
        == [
            "Social Networking",
            "Gambling\x1fGames",
        ]
    )
    # Line numbers run from the header row: 1 is the header, 2 the first row.
    assert [e["line"] for e in with_header[1]] == [2, 3]
    assert [e["line"] for e in parsed.frame().to_dicts()] == [1, 2]


SOPHOS = "\n".join(
    [
        # A summer time (BST), a URL with spaces and "=", a message holding " domain=".
        '<30>device="SFW" date=2025-07-01 time=11:25:05 timezone="BST" device_name="XG230" '
        'device_id=C010 log_id=050901616001 log_type="Content Filtering" log_component="HTTP" '
        'log_subtype="Allowed" status="" priority=Information fw_rule_id=2 user_name="JSmith" '
        'user_gp="Staff" iap=13 category="Social Networking" category_type="Unproductive" '
        'url="https://www.facebook.com/a b=c" contenttype="text/html" src_ip=10.1.2.3 '
        "dst_ip=157.240.1.35 domain=www.facebook.com",
        # Not a web filter line: read, taken as no event.
        'device="SFW" date=2025-07-01 time=11:26:05 timezone="BST" device_name="XG230" '
        'log_type="Firewall" log_component="Firewall Rule" log_subtype="Allowed" src_ip=10.1.2.3',
        # Denied, no user, no domain (the host from the URL), a message that would fool a
        # search for one key.
        'device="SFW" date=2025-12-01 time=09:00:00 timezone="GMT" device_name="XG230" '
        'log_type="Content Filtering" log_component="HTTPS" log_subtype="Denied" status="" '
        'user_name="" category="Gambling" url="https://Casino.Example:8443/x?y=1" '
        'src_ip=10.1.2.4 message="Denied: user_name=bob domain=evil.example"',
        "Jul  1 11:27:00 sfw kernel: something else entirely",
        'device="SFW" date=2025-07-01 time=25:00:00 log_type="Content Filtering" '
        'log_subtype="Allowed" src_ip=10.1.2.3 domain=a.example',
    ]
)


def test_sophos_firewall_web_filter_lines_read_by_key_with_their_quirks():
    parsed, events, categories = read("sophos-firewall", SOPHOS)
    assert parsed.lines == 5
    assert parsed.rejects == [
        (4, "not a key=value line"),
        (5, "time does not read as %Y-%m-%d %H:%M:%S, or no such local time"),
    ]
    assert [
        (e["at"], e["line"], e["client"], e["user"], e["host"], e["action"], e["blocked"])
        for e in events
    ] == [
        (utc("2025-07-01 10:25:05"), 1, "10.1.2.3", "jsmith", "www.facebook.com", "Allowed",
         False),
        (utc("2025-12-01 09:00:00"), 3, "10.1.2.4", None, "casino.example", "Denied", True),
    ]  # fmt: skip
    assert categories == ["Social Networking", "Gambling"]


def test_a_profile_file_round_trips_and_bad_ones_are_refused_in_words():
    profile = BUILT_IN["sophos-firewall"]
    again = loads(profile.dumps())
    assert again == profile
    document = json.loads(profile.dumps())
    assert document["format"] == "councilguard-log-profile" and document["version"] == 1
    cases = {
        '{"format": "councilguard-phone-profile", "version": 1}': "not a log profile",
        '{"format": "councilguard-log-profile", "version": 2}': "version 2 is not supported",
        "[1, 2": "not valid JSON",
    }
    base = {"format": "councilguard-log-profile", "version": 1, "name": "x", "log": "dns"}
    fields = {"time": "t", "host": "d", "client": "c"}
    for body, message in [
        ({"fields": fields, "colour": "red"}, "unknown keys: colour"),
        ({"fields": {"host": "d", "client": "c"}}, "the time field is required"),
        ({"fields": {"time": "t", "client": "c"}}, "a host or domain field, or a URL field"),
        ({"fields": {"time": "t", "host": "d"}}, "a client address field or a user field"),
        ({"fields": {"time": "t", "host": "t", "client": "c"}}, "two event parts read the same"),
        ({"fields": fields, "header": False}, "by its column number"),
        ({"fields": fields, "time_zone": "Mars/Olympus"}, "is not a time zone"),
        ({"fields": fields, "time_format": "dd/mm/yyyy"}, "the time format must be"),
        ({"fields": fields, "log": "mail"}, 'log must be "web" or "dns"'),
    ]:
        cases[json.dumps({**base, **body})] = message
    for text, message in cases.items():
        with pytest.raises(ProfileError, match=message):
            loads(text)


@pytest.fixture
def mapped_council(world, data_dir):
    """Ashby with web and DNS monitoring governed, no list loaded, the staff member holding
    the device name Office-PC and the user name s.staff."""
    govern(world)
    staff = world.people[Role.STAFF]
    csv = (
        "kind,value,person_email,valid_from,valid_to\n"
        f"proxy_user,office-pc,{staff.primary_email},2025-01-01,\n"
        f"proxy_user,jsmith,{staff.primary_email},2025-01-01,\n"
    ).encode()
    assert import_identities(world.council, csv, actor=TESTER).ok
    return world


def _gambling_nextdns(count: int) -> str:
    rows = [NEXTDNS_HEADER]
    for i in range(count):
        rows.append(
            f"2025-03-03T10:{i:02d}:00Z,bet{i}.example,A,false,UDP,203.0.113.5,blocked,"
            "Gambling,,,,Office-PC,,,,"
        )
    return "\n".join(rows) + "\n"


def test_a_vendor_category_read_through_a_profile_is_used_through_the_councils_meanings(
    mapped_council, tmp_path
):
    council = mapped_council.council
    path = tmp_path / "nextdns.csv"
    path.write_text(_gambling_nextdns(12))
    receipt = ingest_through_profile(council, "dns-log", "nextdns", path, actor=TESTER)
    assert (receipt.batch.format, receipt.batch.lines, receipt.events) == (
        "dns-log:nextdns",
        13,
        12,
    )
    assert proposals_for(council)[0] == []  # "Gambling" means nothing yet
    call_command("categories", "meaning", "--council", council.slug, "prohibited", "Gambling")
    findings, _ = proposals_for(council)
    assert [(f["rule"], f["evidence"]["requests"]) for f in findings] == [("dns.prohibited", 12)]
    assert findings[0]["person_id"] == mapped_council.people[Role.STAFF].pk
    assert findings[0]["evidence"]["classified_by"] == {
        "Gambling": "the vendor's own rating (read through a log profile)"
    }


def test_the_same_file_twice_is_a_no_op_and_rejects_are_listed_by_line(mapped_council, tmp_path):
    council = mapped_council.council
    path = tmp_path / "sophos.log"
    path.write_text(SOPHOS + "\n")
    first = ingest_through_profile(council, "web-log", "sophos-firewall", path, actor=TESTER)
    assert (first.batch.lines, first.batch.accepted, first.batch.rejected, first.events) == (
        5,
        3,
        2,
        2,
    )
    assert [(r.line_number, r.reason) for r in first.batch.rejections.order_by("line_number")] == [
        (4, "not a key=value line"),
        (5, "time does not read as %Y-%m-%d %H:%M:%S, or no such local time"),
    ]
    again = ingest_through_profile(council, "web-log", "sophos-firewall", path, actor=TESTER)
    assert again.duplicate and again.batch.pk == first.batch.pk
    assert IngestBatch.objects.filter(council=council).count() == 1
    assert AuditEntry.objects.filter(council=council, event="monitoring.ingested").count() == 1


def test_a_file_the_profile_cannot_read_is_refused_whole(mapped_council, tmp_path):
    council = mapped_council.council
    wrong = tmp_path / "umbrella.csv"
    wrong.write_text('"Timestamp","Identity","Domain"\n"2025-03-03 10:00:00","x","a.example"\n')
    with pytest.raises(
        IngestError,
        match="line 1: the header row has no column 'Time', which the profile dnsfilter reads",
    ):
        ingest_through_profile(council, "dns-log", "dnsfilter", wrong, actor=TESTER)
    junk = tmp_path / "junk.log"
    junk.write_text("hello\nworld\n")
    with pytest.raises(IngestError, match="all 2 were rejected .line 1: not a key=value line"):
        ingest_through_profile(council, "web-log", "sophos-firewall", junk, actor=TESTER)
    with pytest.raises(IngestError, match="reads a dns log: use --source dns-log"):
        ingest_through_profile(council, "web-log", "nextdns", junk, actor=TESTER)
    with pytest.raises(IngestError, match="no log profile called 'acme'"):
        ingest_through_profile(council, "web-log", "acme", junk, actor=TESTER)
    assert not IngestBatch.objects.filter(council=council).exists()


def test_the_command_takes_a_file_through_a_profile_with_a_json_receipt(
    mapped_council, tmp_path, capsys
):
    council = mapped_council.council
    path = tmp_path / "nextdns.csv"
    path.write_text(_gambling_nextdns(3) + "garbage\n")
    call_command(
        "ingest", "--council", council.slug, "--source", "dns-log", "--profile", "nextdns",
        str(path), "--json",
    )  # fmt: skip
    receipt = json.loads(capsys.readouterr().out)
    assert (receipt["lines"], receipt["accepted"], receipt["rejected"]) == (5, 4, 1)
    assert receipt["rejected_lines"] == [
        {"line": 5, "reason": "not a row of ','-separated fields as the profile reads"}
    ]
    assert receipt["format"] == "dns-log:nextdns"
    with pytest.raises(CommandError, match="give --profile NAME"):
        call_command("ingest", "--council", council.slug, "--source", "web-log", str(path))


def test_a_council_profile_is_saved_replaced_and_deleted_with_audit_entries(mapped_council):
    council = mapped_council.council
    profile = LogProfile(
        name="office", log="web", fields={"time": "When", "client": "From", "url": "URL"}
    )
    with transaction.atomic():
        save_profile(council, profile, actor=TESTER)
        save_profile(council, profile, actor=TESTER)  # the same again: nothing to record
        changed = LogProfile(**{**profile.__dict__, "time_zone": "Europe/London"})
        row = save_profile(council, changed, actor=TESTER)
    assert profile_for(council, "office").time_zone == "Europe/London"
    with pytest.raises(MonitoringError, match="nextdns is a built-in profile"):
        save_profile(council, LogProfile(**{**profile.__dict__, "name": "nextdns"}), actor=TESTER)
    delete_profile(row, actor=TESTER)
    assert not VendorLogProfile.objects.exists()
    events = list(
        AuditEntry.objects.filter(council=council, event__startswith="monitoring.log_profile")
        .order_by("pk")
        .values_list("event", "changes")
    )
    assert events == [
        ("monitoring.log_profile_saved", {"created": "office"}),
        ("monitoring.log_profile_saved", {"time_zone": ["UTC", "Europe/London"]}),
        ("monitoring.log_profile_deleted", {"name": "office"}),
    ]


# --- pages ---------------------------------------------------------------------------------

FORM = {
    "name": "acme-filter",
    "log": "web",
    "shape": "csv",
    "header": "on",
    "delimiter": ";",
    "time_format": "%d/%m/%Y %H:%M:%S",
    "time_zone": "Europe/London",
    "blocked_values": "Denied",
    "part_time": "Logged",
    "part_client": "Source",
    "part_user": "Login",
    "part_url": "Requested URL",
    "part_category": "Web Category",
    "part_action": "Verdict",
}
SAMPLE = (
    "Logged;Source;Login;Requested URL;Web Category;Verdict\n"
    "03/03/2025 10:00:00;10.1.2.3;JSmith;https://www.facebook.com/x;Social Networking;Permitted\n"
    "33/03/2025 10:00:00;10.1.2.3;JSmith;https://a.example/;News;Permitted\n"
    "03/03/2025 10:02:00;10.1.2.4;;https://casino.example/;Gambling;Denied\n"
)


def _url(world, name: str, **kwargs) -> str:
    return reverse(f"monitoring:{name}", kwargs={"council": world.council.slug, **kwargs})


def test_building_a_profile_previews_the_sample_names_bad_lines_and_saves(client, world):
    client.force_login(world.users[Role.IT_PROVIDER])
    page = client.post(_url(world, "log_profile_build"), {**FORM, "sample": SAMPLE})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Columns in the sample:" in text and "Requested URL" in text
    assert "Line 3: " in text and "time does not read as" in text
    assert "www.facebook.com" in text and "casino.example" in text
    assert not VendorLogProfile.objects.exists()  # a preview saves nothing
    # A sample the profile cannot read at all: nothing saved, the reason shown.
    bad = client.post(
        _url(world, "log_profile_build"), {**FORM, "sample": "a;b\n1;2\n", "save": "1"}
    )
    assert bad.status_code == 400
    assert "the header row has no column" in bad.content.decode()
    assert not VendorLogProfile.objects.exists()
    # A sample file previewed: its first lines stay on the page for the save.
    upload = SimpleUploadedFile("sample.csv", SAMPLE.encode())
    shown = client.post(_url(world, "log_profile_build"), {**FORM, "sample_file": upload})
    assert "03/03/2025 10:02:00;10.1.2.4;;https://casino.example/" in shown.content.decode()
    assert "Columns in the sample:" in shown.content.decode()
    upload = SimpleUploadedFile("sample.csv", SAMPLE.encode())
    saved = client.post(_url(world, "log_profile_build"), {**FORM, "sample_file": upload,
                                                           "save": "1"})  # fmt: skip
    assert saved.status_code == 302
    row = VendorLogProfile.objects.get(council=world.council)
    assert (row.name, row.log, row.definition["fields"]["url"]) == (
        "acme-filter",
        "web",
        "Requested URL",
    )
    listing = client.get(_url(world, "log_profile_list")).content.decode()
    assert "acme-filter" in listing and "sophos-firewall" in listing


def test_a_profile_is_edited_exported_imported_elsewhere_and_deleted(client, world, other_world):
    with transaction.atomic():
        row = save_profile(
            world.council,
            LogProfile(
                name="acme-filter",
                log="web",
                fields={"time": "Logged", "client": "Source", "url": "Requested URL"},
                delimiter=";",
            ),  # fmt: skip
            actor=TESTER,
        )
    client.force_login(world.clerk)
    edit = client.get(_url(world, "log_profile_edit", pk=row.pk)).content.decode()
    assert 'value="Requested URL"' in edit
    renamed = client.post(
        _url(world, "log_profile_edit", pk=row.pk),
        {**FORM, "name": "acme-2026", "sample": SAMPLE, "save": "1"},
    )
    assert renamed.status_code == 302
    assert list(VendorLogProfile.objects.values_list("name", flat=True)) == ["acme-2026"]
    row = VendorLogProfile.objects.get()
    exported = client.get(_url(world, "log_profile_export", pk=row.pk))
    assert exported["Content-Disposition"] == 'attachment; filename="acme-2026.log-profile.json"'
    document = json.loads(exported.content)
    assert document["blocked_values"] == ["denied"]
    client.force_login(other_world.clerk)
    upload = SimpleUploadedFile("acme.json", exported.content)
    imported = client.post(_url(other_world, "log_profile_import"), {"file": upload})
    assert imported.status_code == 302
    assert profile_for(other_world.council, "acme-2026") == profile_for(world.council, "acme-2026")
    client.force_login(world.clerk)
    client.post(_url(world, "log_profile_delete", pk=row.pk))
    assert not VendorLogProfile.objects.filter(council=world.council).exists()
    assert VendorLogProfile.objects.filter(council=other_world.council).count() == 1
    assert [
        e
        for e in AuditEntry.objects.filter(council=world.council)
        .order_by("pk")
        .values_list("event", flat=True)
        if e.startswith("monitoring.log_profile")
    ] == [
        "monitoring.log_profile_saved",  # the first save
        "monitoring.log_profile_saved",  # the new name
        "monitoring.log_profile_deleted",  # the old name
        "monitoring.log_profile_exported",
        "monitoring.log_profile_deleted",
    ]


def test_the_upload_page_takes_a_file_through_a_profile(client, mapped_council):
    council = mapped_council.council
    client.force_login(mapped_council.users[Role.IT_PROVIDER])
    page = client.get(_url(mapped_council, "upload")).content.decode()
    assert 'value="profile:nextdns"' in page and 'value="profile:sophos-firewall"' in page
    upload = SimpleUploadedFile("nextdns.csv", _gambling_nextdns(4).encode())
    wrong = client.post(
        _url(mapped_council, "upload"),
        {"kind": "proxy", "format": "profile:nextdns", "file": upload},
    )
    assert wrong.status_code == 200 and not IngestBatch.objects.exists()
    upload = SimpleUploadedFile("nextdns.csv", _gambling_nextdns(4).encode())
    taken = client.post(
        _url(mapped_council, "upload"), {"kind": "dns", "format": "profile:nextdns", "file": upload}
    )
    batch = IngestBatch.objects.get(council=council)
    assert taken.status_code == 302
    assert (batch.format, batch.file_name, batch.accepted) == ("dns-log:nextdns", "nextdns.csv", 5)


def test_the_command_lists_exports_and_imports_profiles(world, other_world, tmp_path, capsys):
    with transaction.atomic():
        save_profile(
            world.council,
            LogProfile(
                name="office", log="web", fields={"time": "When", "client": "From", "host": "Site"}
            ),  # fmt: skip
            actor=TESTER,
        )
    call_command("logprofiles", "list", "--council", world.council.slug)
    assert capsys.readouterr().out.splitlines() == [
        "dnsfilter\tdns\tbuilt in",
        "nextdns\tdns\tbuilt in",
        "office\tweb\tthe council's",
        "sophos-firewall\tweb\tbuilt in",
    ]
    path = tmp_path / "office.json"
    call_command("logprofiles", "export", "--council", world.council.slug, "office", str(path))
    call_command("logprofiles", "import", "--council", other_world.council.slug, str(path))
    assert profile_for(other_world.council, "office") == profile_for(world.council, "office")
    path.write_text('{"format": "councilguard-log-profile", "version": 1, "name": "x"}')
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("logprofiles", "import", "--council", other_world.council.slug, str(path))
    assert AuditEntry.objects.filter(
        council=world.council, event="monitoring.log_profile_exported"
    ).exists()
    assert VendorLogProfile.objects.filter(council=other_world.council).count() == 1


def test_the_it_providers_script_uploads_through_a_profile_by_the_api(mapped_council):
    from rest_framework.test import APIClient

    from councilguard.api.services import issue_token
    from councilguard.testing.world import SETUP

    council = mapped_council.council
    _, raw = issue_token(council, name="logs", user=mapped_council.it_provider, actor=SETUP)
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = reverse("api:monitoring-batch-ingest", kwargs={"council": council.slug})

    def send(**data):
        upload = SimpleUploadedFile("nextdns.csv", _gambling_nextdns(3).encode())
        return api.post(url, {"file": upload, **data})

    nameless = send(kind="dns", format="dns-log")
    assert nameless.status_code == 400
    assert nameless.json()["file"] == ["A dns-log is read through a log profile: name it."]
    wrong = send(kind="proxy", format="dns-log", profile="nextdns")
    assert wrong.status_code == 400 and "goes into the dns source" in wrong.json()["file"][0]
    taken = send(kind="dns", format="dns-log", profile="nextdns")
    assert taken.status_code == 201, taken.content
    assert (taken.json()["format"], taken.json()["events"]) == ("dns-log:nextdns", 3)
