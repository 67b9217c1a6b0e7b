"""Uploads that route themselves (C29, C30): one call, files for many councils, each taken
into the council whose source claims it; an unclaimed or doubly claimed file refuses the call
by name with nothing taken in. Through the command line and the API."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from councilguard.api.services import issue_provider_token
from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.monitoring import testing as monitoring
from councilguard.monitoring.log_profile_services import save_profile
from councilguard.monitoring.logprofiles import BUILT_IN
from councilguard.monitoring.models import IngestBatch
from councilguard.provider.models import RouteKind, SourceRoute
from councilguard.provider.routing import hosts_of
from councilguard.provider.services import RouteError, add_route
from councilguard.testing.world import SETUP


def _line(n: int = 1) -> bytes:
    return (
        f"17724456{n:02d}.000 120 10.0.0.{n} TCP_MISS/200 1520 GET http://example{n}.org/ "
        "- HIER_NONE/- -\n"
    ).encode()


def _routes(five):
    """Ashby claims its files by name, Burton by the proxy host's folder, Coton by name."""
    sources = {w.council.slug: monitoring.make_source(w, "proxy") for w in five[:3]}
    add_route(sources["ashby"], RouteKind.FILE_NAME, "ashby-*.log", actor=SETUP)
    add_route(sources["burton"], RouteKind.HOST, "proxy-burton", actor=SETUP)
    add_route(sources["coton"], RouteKind.FILE_NAME, "COTON-??.log", actor=SETUP)
    return sources


def _write(folder, name, content):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    return path


def _batches():
    return sorted(IngestBatch.objects.values_list("council__slug", "file_name"))


def test_the_command_sends_each_file_to_the_council_that_claims_it(five, tmp_path):
    _routes(five)
    files = [
        _write(tmp_path / "in", "ashby-2026-03-02.log", _line(1)),
        _write(tmp_path / "proxy-burton", "access.log", _line(2) + _line(3)),
        _write(tmp_path / "in", "coton-01.log", _line(4)),
    ]
    out = io.StringIO()
    call_command("ingest", "--source", "squid", "--route", *map(str, files), stdout=out)
    assert _batches() == [
        ("ashby", "ashby-2026-03-02.log"),
        ("burton", "access.log"),
        ("coton", "coton-01.log"),
    ]
    lines = out.getvalue().splitlines()
    assert len(lines) == 3  # one receipt per file
    assert re.fullmatch(
        rf"{re.escape(str(files[1]))} -> Burton Town Council: batch [0-9a-f-]+: 2 lines, "
        r"2 accepted, 0 rejected, 2 events unattributed",
        lines[1],
    ), lines[1]
    ingested = AuditEntry.objects.filter(event=Event.EVENTS_INGESTED)
    assert sorted(ingested.values_list("council__slug", flat=True)) == ["ashby", "burton", "coton"]
    # The same files again are no-ops, each said so.
    again = io.StringIO()
    call_command("ingest", "--source", "squid", "--route", *map(str, files), stdout=again)
    assert again.getvalue().count("already ingested") == 3
    assert IngestBatch.objects.count() == 3


def test_a_file_no_council_claims_refuses_the_call_by_name(five, tmp_path):
    _routes(five)
    files = [
        _write(tmp_path / "in", "ashby-1.log", _line(1)),
        _write(tmp_path / "in", "dunton-1.log", _line(2)),
        # Coton's route wants exactly two characters after the hyphen.
        _write(tmp_path / "in", "coton-001.log", _line(3)),
    ]
    with pytest.raises(
        CommandError,
        match=r"^no council's sources claim dunton-1\.log, coton-001\.log\. Nothing was taken in\.$",
    ):
        call_command("ingest", "--source", "squid", "--route", *map(str, files))
    assert IngestBatch.objects.count() == 0
    assert not AuditEntry.objects.filter(event=Event.EVENTS_INGESTED).exists()


def test_a_file_two_councils_claim_is_refused(five, tmp_path):
    sources = _routes(five)
    add_route(sources["burton"], RouteKind.FILE_NAME, "ashby-*", actor=SETUP)
    path = _write(tmp_path / "in", "ashby-1.log", _line(1))
    with pytest.raises(
        CommandError,
        match=r"more than one council claims ashby-1\.log \(claimed by Ashby Town Council, "
        r"Burton Town Council\)",
    ):
        call_command("ingest", "--source", "squid", "--route", str(path))
    assert IngestBatch.objects.count() == 0


def test_a_dns_route_does_not_claim_a_proxy_log(five, tmp_path):
    dns = monitoring.make_source(five[0], "dns")
    add_route(dns, RouteKind.FILE_NAME, "ashby-*", actor=SETUP)
    path = _write(tmp_path / "in", "ashby-1.log", _line(1))
    with pytest.raises(CommandError, match="no council's sources claim ashby-1.log"):
        call_command("ingest", "--source", "squid", "--route", str(path))


def test_the_command_wants_route_or_council_and_not_both(five, tmp_path):
    path = _write(tmp_path / "in", "ashby-1.log", _line(1))
    with pytest.raises(CommandError, match="leave out --council"):
        call_command("ingest", "--source", "squid", "--route", "--council", "ashby", str(path))
    with pytest.raises(CommandError, match="say which council with --council"):
        call_command("ingest", "--source", "squid", str(path))
    with pytest.raises(CommandError, match="one file at a time with --council"):
        call_command("ingest", "--source", "squid", "--council", "ashby", str(path), str(path))


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_the_api_routes_a_provider_tokens_files_within_its_councils_only(five, provider):
    _routes(five)
    _, raw = issue_provider_token(
        provider, name="nightly", councils=[five[0].council, five[1].council], actor=SETUP
    )
    script = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = reverse("api:routed-upload")
    # Burton's proxy sent its log by syslog: the first line names the host.
    syslog = b"Mar  2 10:00:00 proxy-burton squid[412]: " + _line(2)
    answer = script.post(
        url,
        {"format": "squid", "files": [_upload("ashby-1.log", _line(1)), _upload("b.log", syslog)]},
        format="multipart",
    )
    assert answer.status_code == 201, answer.content
    # Whether a syslog-wrapped Squid line is readable is the parser's business; the file went
    # to Burton either way, and its receipt or error says so.
    files = answer.json()["files"]
    assert [(f["file"], f["council"]) for f in files] == [
        ("ashby-1.log", "ashby"),
        ("b.log", "burton"),
    ]
    assert files[0]["receipt"]["accepted"] == 1
    entry = AuditEntry.objects.get(council=five[0].council, event=Event.EVENTS_INGESTED)
    assert "via IT provider token" in entry.actor_label
    # Coton claims this file, but the token does not reach Coton: to this caller no one does.
    refused = script.post(
        url,
        {"format": "squid", "files": [_upload("ashby-2.log", _line(5)), _upload("coton-01.log", _line(6))]},
        format="multipart",
    )  # fmt: skip
    assert refused.status_code == 400
    assert refused.json() == {
        "files": ["no council's sources claim coton-01.log. Nothing was taken in."]
    }
    assert not IngestBatch.objects.filter(file_name__in=["ashby-2.log", "coton-01.log"]).exists()


def test_the_api_refuses_a_caller_who_may_upload_nowhere(five):
    _routes(five)
    client = APIClient()
    client.force_authenticate(five[0].staff)
    answer = client.post(
        reverse("api:routed-upload"),
        {"format": "squid", "files": [_upload("ashby-1.log", _line(1))]},
        format="multipart",
    )
    assert answer.status_code == 403
    assert IngestBatch.objects.count() == 0


def test_a_route_must_name_something(five):
    source = monitoring.make_source(five[0], "proxy")
    for pattern, words in (
        ("*", "'*' alone would claim every file"),
        ("*?*", "'*' alone would claim every file"),
        ("   ", "Give the file name or host name to match"),
        ("x" * 201, "longer than 200 characters"),
    ):
        with pytest.raises(RouteError, match=re.escape(words)):
            add_route(source, RouteKind.FILE_NAME, pattern, actor=SETUP)
    route = add_route(source, RouteKind.FILE_NAME, "x" * 200, actor=SETUP)
    assert add_route(source, RouteKind.FILE_NAME, "x" * 200, actor=SETUP) == route
    assert SourceRoute.objects.count() == 1
    assert AuditEntry.objects.filter(event=Event.ROUTE_ADDED).count() == 1


def test_hosts_of_reads_the_syslog_sender_and_the_folder(tmp_path):
    syslog = _write(tmp_path / "proxy-a", "x.log", b"Mar 12 10:00:00 proxy-b squid[1]: rest\n")
    assert hosts_of(syslog, folder=True) == ("proxy-b", "proxy-a")
    assert hosts_of(syslog, folder=False) == ("proxy-b",)
    plain = _write(tmp_path / "proxy-c", "y.log", _line(1))
    assert hosts_of(plain, folder=False) == ()


_NAME = st.text(alphabet=st.sampled_from("abcXYZ019-_."), min_size=1, max_size=20)


@given(pattern=_NAME, name=_NAME)
def test_a_pattern_without_wildcards_claims_only_its_own_name_whatever_the_case(pattern, name):
    route = SourceRoute(kind=RouteKind.FILE_NAME, pattern=pattern)
    assert route.claims(name, []) == (name.lower() == pattern.lower())
    assert route.claims(pattern.upper(), [])
    host = SourceRoute(kind=RouteKind.HOST, pattern=pattern)
    assert not host.claims(pattern, [])
    assert host.claims("whatever.log", [pattern.swapcase()])


# --- other vendors' logs, read through each council's log profile ---

NEXTDNS_HEADER = (
    "timestamp,domain,query_type,dnssec,protocol,client_ip,status,reasons,destination_country,"
    "root_domain,tracker,device_name,device_id,device_model,device_local_ip,matched_name"
)


def _nextdns(minute: int) -> bytes:
    row = f"2026-03-02T10:{minute:02d}:00Z,bet.example,A,false,UDP,203.0.113.5,blocked,Gambling,"
    return f"{NEXTDNS_HEADER}\n{row},,,Office-PC,,,,\n".encode()


def _dns_routes(five):
    """Ashby and Burton claim their DNS filter's exports by name; Ashby keeps the built-in
    NextDNS profile under its own name, "office filter"; Burton has no profile of that name."""
    for world in five[:2]:
        source = monitoring.make_source(world, "dns")
        add_route(source, RouteKind.FILE_NAME, f"{world.council.slug}-dns-*.csv", actor=SETUP)
    mine = replace(BUILT_IN["nextdns"], name="office filter")
    save_profile(five[0].council, mine, actor=SETUP)


def test_the_command_reads_routed_vendor_logs_through_each_councils_profile(five, tmp_path):
    _dns_routes(five)
    files = [
        _write(tmp_path, "ashby-dns-1.csv", _nextdns(1)),
        _write(tmp_path, "burton-dns-1.csv", _nextdns(2)),
    ]
    out, err = io.StringIO(), io.StringIO()
    args = ["--source", "dns-log", "--profile", "office filter", "--route", *map(str, files)]
    with pytest.raises(CommandError, match=r"^1 of 2 files were not taken in$"):
        call_command("ingest", *args, stdout=out, stderr=err)
    assert _batches() == [("ashby", "ashby-dns-1.csv")]
    assert IngestBatch.objects.get().format == "dns-log:office filter"
    assert f"{files[0]} -> Ashby Town Council: batch " in out.getvalue()
    assert (
        f"{files[1]} -> Burton Town Council: not taken: no log profile called 'office filter'"
        in (err.getvalue())
    )
    # Burton's own profile of that name arrives; the same call again takes Burton's file in
    # and leaves Ashby's as it was.
    save_profile(five[1].council, replace(BUILT_IN["nextdns"], name="office filter"), actor=SETUP)
    again = io.StringIO()
    call_command("ingest", *args, stdout=again)
    assert _batches() == [("ashby", "ashby-dns-1.csv"), ("burton", "burton-dns-1.csv")]
    assert "ashby-dns-1.csv -> Ashby Town Council: already ingested" in again.getvalue()


def test_a_profile_goes_with_web_log_or_dns_log_only(five, tmp_path):
    _dns_routes(five)
    vendor = _write(tmp_path, "ashby-dns-1.csv", _nextdns(1))
    squid = _write(tmp_path, "ashby-1.log", _line(1))
    with pytest.raises(CommandError, match="^dns-log files are read through a log profile: say"):
        call_command("ingest", "--source", "dns-log", "--route", str(vendor))
    with pytest.raises(CommandError, match="^a log profile reads web-log or dns-log files, not"):
        call_command("ingest", "--source", "squid", "--profile", "nextdns", "--route", str(squid))
    assert IngestBatch.objects.count() == 0


def test_the_api_routes_vendor_logs_through_a_named_profile(five, provider):
    _dns_routes(five)
    _, raw = issue_provider_token(
        provider, name="nightly", councils=[five[0].council, five[1].council], actor=SETUP
    )
    script = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = reverse("api:routed-upload")
    files = [_upload("ashby-dns-1.csv", _nextdns(1)), _upload("burton-dns-1.csv", _nextdns(2))]
    answer = script.post(
        url,
        {"format": "dns-log", "profile": "nextdns", "files": files},
        format="multipart",
    )
    assert answer.status_code == 201, answer.content
    # The built-in profile of that name reads both councils' files.
    got = {f["council"]: f["receipt"]["accepted"] for f in answer.json()["files"]}
    assert got == {"ashby": 2, "burton": 2}
    assert sorted(IngestBatch.objects.values_list("format", flat=True)) == [
        "dns-log:nextdns",
        "dns-log:nextdns",
    ]
    for body, words in (
        ({"format": "dns-log"}, "Name the log profile that reads these files."),
        ({"format": "squid", "profile": "nextdns"}, "A log profile reads web-log and dns-log"),
    ):
        refused = script.post(
            url, {**body, "files": [_upload("ashby-dns-2.csv", _nextdns(3))]}, format="multipart"
        )
        assert refused.status_code == 400
        assert words in refused.json()["profile"][0]
    assert IngestBatch.objects.count() == 2
