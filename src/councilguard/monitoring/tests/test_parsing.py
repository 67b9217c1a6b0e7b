"""The log parsers: real-format lines, the traps of each format, and bad lines by number."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from councilguard.monitoring.parsers import FORMATS, YearGuess, parse_squid_native
from councilguard.monitoring.tests.engine import squid_line

YEAR = YearGuess(date(2025, 12, 1))


def parse(fmt: str, text: str | bytes, reference: date = date(2025, 12, 1)):
    data = text.encode() if isinstance(text, str) else text
    return FORMATS[fmt].parse(data, 1, YearGuess(reference))


SQUID_FIXTURE = """\
1760000000.123    245 192.0.2.21 TCP_MISS/200 5123 GET http://news.example/article/1 jsmith HIER_DIRECT/203.0.113.10 text/html
1760000001.456      0 192.0.2.22 TCP_DENIED/403 3812 CONNECT casino.example:443 cllr.brown HIER_NONE/- text/html
1760000002.000  60012 192.0.2.21 TCP_TUNNEL/200 88211 CONNECT drive.example:443 jsmith HIER_DIRECT/203.0.113.11 -
1760000003.010      0 192.0.2.23 NONE_NONE/000 0 - error:transaction-end-before-headers - HIER_NONE/- -
1760000004.777     12 2001:DB8::5 TCP_MEM_HIT/200 339 GET http://User@Intranet.Example.:8080/logo.png?x=1 - HIER_NONE/- image/png
this line is garbage and must be reported as unparsed, not dropped
1642667037.129      0 10.0.4.4 TCP_DENIED/403 3868 CONNECT 45.138.98.34:80 - HIER_NONE/- text/html "-" "-"
1447860990.048 3 10.0.0.140 TCP_DENIED/403 3668 CONNECT api.twitter.com:443 coj NONE/- text/html
1760000005.000    1 192.0.2.24 TCP_MISS/200 10 GET http://[2001:db8::1]:8080/x j%40smith HIER_DIRECT/- -
"""


def test_squid_native_reads_each_documented_case_and_numbers_the_bad_line():
    parsed = parse("squid", SQUID_FIXTURE)
    rows = parsed.frame().to_dicts()
    assert parsed.lines == 9
    assert parsed.rejects == [(6, "timestamp is not seconds.milliseconds")]
    assert [r["line"] for r in rows] == [1, 2, 3, 4, 5, 7, 8, 9]
    assert [r["host"] for r in rows] == [
        "news.example",
        "casino.example",
        "drive.example",
        "",
        "intranet.example",
        "45.138.98.34",
        "api.twitter.com",
        "2001:db8::1",
    ]
    assert rows[0]["at"] == datetime(2025, 10, 9, 8, 53, 20, 123000, tzinfo=UTC)
    assert [r["user"] for r in rows] == [
        "jsmith",
        "cllr.brown",
        "jsmith",
        None,
        None,
        None,
        "coj",
        "j@smith",
    ]
    assert [r["blocked"] for r in rows] == [False, True, False, False, False, True, True, False]
    assert rows[4]["client"] == "2001:db8::5"
    assert rows[1]["status"] == 403 and rows[1]["size"] == 3812


def test_binary_wrongly_encoded_and_empty_lines_are_rejected_not_fatal():
    good = "1760000000.123 5 10.0.0.1 TCP_MISS/200 1 GET http://a.example/ - HIER_NONE/- -"
    data = (
        good + "\n" + "\x00\x01binary junk\n" + "\n" + good.replace("a.example", "b.exam\xe9ple")
    ).encode("latin-1") + b"\n1760000000.123 5 10.0.0.1 TCP_MISS/2x0 1 GET http://c/ - H -\n"
    parsed = parse("squid", data)
    assert parsed.lines == 5
    assert parsed.rejects == [
        (2, "binary or control characters"),
        (3, "empty line"),
        (4, "not valid UTF-8"),
        (5, "result code is not RESULT/status"),
    ]
    assert parsed.frame()["host"].to_list() == ["a.example"]


def test_a_last_line_without_newline_is_read():
    parsed = parse("squid", "1760000000.123 5 10.0.0.1 TCP_MISS/200 1 GET http://a.example/ - H -")
    assert parsed.frame().height == 1 and not parsed.rejects


REFERENCE = re.compile(
    r"^(?P<ts>\d+)\.(?P<ms>\d{3})\s+-?\d+\s+(?P<client>\S+)\s+(?P<code>[A-Z_]+)/(?P<status>\d{3})"
    r"\s+(?P<size>\d+)\s+(?P<method>\S+)\s+(?P<url>\S+)\s+(?P<user>\S+)\s+\S+\s+\S+"
)
host_label = st.from_regex(r"[a-z0-9]{1,10}", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(
    seconds=st.integers(0, 4_000_000_000),
    millis=st.integers(0, 999),
    pad=st.integers(1, 6),
    labels=st.lists(host_label, min_size=1, max_size=4),
    connect=st.booleans(),
    port=st.one_of(st.none(), st.integers(1, 65535)),
    user=st.one_of(st.just("-"), st.from_regex(r"[a-z][a-z.]{0,12}", fullmatch=True)),
    status=st.integers(0, 999),
    size=st.integers(0, 10**12),
)
def test_the_c_scanner_agrees_with_a_plain_regular_expression(
    seconds, millis, pad, labels, connect, port, user, status, size
):
    host = ".".join(labels)
    if connect:
        method, url = "CONNECT", f"{host}:{port or 443}"
    else:
        method, url = "GET", f"http://{host}{':' + str(port) if port else ''}/p?q=1"
    line = (
        f"{seconds}.{millis:03d}{' ' * pad}7 10.1.2.3 TCP_MISS/{status:03d} {size} {method} "
        f"{url} {user} HIER_DIRECT/1.2.3.4 text/html"
    )
    expected = REFERENCE.match(line)
    row = parse_squid_native(line.encode(), 1, YEAR).frame().row(0, named=True)
    assert round(row["at"].timestamp() * 1000) == int(expected["ts"]) * 1000 + int(expected["ms"])
    assert row["host"] == host
    assert row["status"] == int(expected["status"])
    assert row["size"] == size
    assert row["user"] == (None if user == "-" else user)
    assert row["method"] == method


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_events_or_numbered_rejections_never_an_error(data):
    parsed = parse_squid_native(data, 10, YEAR)
    assert parsed.frame().height + len(parsed.rejects) == parsed.lines
    assert all(10 <= n < 10 + parsed.lines for n, _ in parsed.rejects)


def test_squid_common_and_combined():
    text = (
        '192.0.2.21 - jsmith [10/Oct/2025:13:55:36 +0100] "GET http://news.example/article/1 '
        'HTTP/1.1" 200 5123 TCP_MISS:HIER_DIRECT\n'
        '192.0.2.22 - cllr.brown [10/Oct/2025:13:55:37 +0100] "CONNECT casino.example:443 '
        'HTTP/1.1" 403 3812 TCP_DENIED:HIER_NONE\n'
        '192.0.2.21 - - [10/Oct/2025:13:55:38 +0100] "GET http://news.example/ HTTP/1.1" 200 812 '
        '"http://search.example/?q=x" "Mozilla/5.0 (X11; Linux x86_64)" TCP_MISS:HIER_DIRECT\n'
        "not a log line\n"
    )
    parsed = parse("squid-common", text)
    rows = parsed.frame().to_dicts()
    assert parsed.rejects == [(4, "not a Squid common or combined line")]
    assert [(r["host"], r["user"], r["blocked"]) for r in rows] == [
        ("news.example", "jsmith", False),
        ("casino.example", "cllr.brown", True),
        ("news.example", None, False),
    ]
    assert rows[0]["at"] == datetime(2025, 10, 10, 12, 55, 36, tzinfo=UTC)


def test_dnsmasq_keeps_queries_marks_blocks_and_rolls_the_year_over():
    text = """\
Oct  9 10:00:01 dnsmasq[536]: query[A] news.example from 192.0.2.21
Oct  9 10:00:01 dnsmasq[536]: forwarded news.example to 198.51.100.53
Oct  9 10:00:01 dnsmasq[536]: reply news.example is 203.0.113.10
Oct  9 10:00:02 dnsmasq[536]: query[A] ads.tracker.example from 192.0.2.22
Oct  9 10:00:02 dnsmasq[536]: gravity blocked ads.tracker.example is 0.0.0.0
Dec 31 23:59:59 dnsmasq[536]: query[A] newyear.example from 192.0.2.23
Jan  1 00:00:01 dnsmasq[536]: 12 192.0.2.24/50001 query[AAAA] late.example from 192.0.2.24
Jan  1 00:00:02 dnsmasq[536]: reply newyear.example is 203.0.113.99
something else entirely
"""
    parsed = parse("dnsmasq", text, reference=date(2026, 1, 3))
    rows = parsed.frame().to_dicts()
    assert parsed.rejects == [(9, "not a dnsmasq log-queries line")]
    assert [(r["line"], r["host"], r["client"], r["blocked"], r["method"]) for r in rows] == [
        (1, "news.example", "192.0.2.21", False, "A"),
        (4, "ads.tracker.example", "192.0.2.22", True, "A"),
        (6, "newyear.example", "192.0.2.23", False, "A"),
        (7, "late.example", "192.0.2.24", False, "AAAA"),
    ]
    # October (BST) in the file's previous year; the new year after December.
    assert rows[0]["at"] == datetime(2025, 10, 9, 9, 0, 1, tzinfo=UTC)
    assert rows[3]["at"] == datetime(2026, 1, 1, 0, 0, 1, tzinfo=UTC)


def test_bind_plain_and_syslog_forms():
    text = """\
09-Oct-2025 10:00:01.101 queries: info: client @0x7f00aa000001 192.0.2.21#50001 (news.example): query: news.example IN A + (192.0.2.53)
09-Oct-2025 10:00:02.202 queries: info: client @0x7f00aa000002 2001:db8::21#50002 (casino.example): query: casino.example IN AAAA +E(0)K (2001:db8::53)
09-Oct-2025 10:00:03.303 queries: info: client @0x7f00aa000003 192.0.2.22#50003 (mail.example): view internal: query: mail.example IN MX +ET (192.0.2.53) [ECS 198.51.100.0/24/0]
client @0x7fa0d607f200 192.168.1.130#63565 (example.org): view internal: query: example.org IN NS +E(0)K (192.168.1.130)
Oct  9 10:00:05 ns1 named[812]: client @0x1 192.0.2.30#1 (x.example): query: x.example IN A + (192.0.2.53)
"""
    parsed = parse("bind", text)
    rows = parsed.frame().to_dicts()
    assert parsed.rejects == [(4, "no time on the line (turn on print-time or syslog)")]
    assert [(r["host"], r["client"], r["method"]) for r in rows] == [
        ("news.example", "192.0.2.21", "A"),
        ("casino.example", "2001:db8::21", "AAAA"),
        ("mail.example", "192.0.2.22", "MX"),
        ("x.example", "192.0.2.30", "A"),
    ]
    assert rows[0]["at"] == datetime(2025, 10, 9, 9, 0, 1, 101000, tzinfo=UTC)


@settings(max_examples=100, deadline=None)
@given(
    picks=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3)), min_size=1, max_size=40),
    cuts=st.lists(st.integers(1, 39), max_size=6),
)
def test_a_file_read_in_chunks_reads_as_it_does_whole(picks, cuts):
    """One reader over consecutive chunks: the dictionaries run on, new values come after old
    ones, and the rows and line numbers are those of reading the file at once."""
    hosts = ["a.example", "B.example", "c.example", "d.example", "e.example", "f.example"]
    users = ["-", "ann", "Bob", "cy"]
    lines = [
        squid_line("2025-03-03 09:00:00", f"10.0.0.{u}", f"http://{hosts[h]}/", users[u])
        if (h + u) % 5
        else "broken line"
        for h, u in picks
    ]
    data = ("\n".join(lines) + "\n").encode()
    whole = FORMATS["squid"].reader(YEAR)(data)
    starts = sorted({0, *(c for c in cuts if c < len(lines))})
    offsets = [sum(len(line) + 1 for line in lines[:s]) for s in [*starts, len(lines)]]
    read = FORMATS["squid"].reader(YEAR)
    parts = [read(data[a:b]) for a, b in zip(offsets, offsets[1:], strict=False)]
    assert [p.continued for p in parts] == [False] + [True] * (len(parts) - 1)
    hosts_seen = [p.table["host"].chunk(0).dictionary.to_pylist() for p in parts]
    for before, after in zip(hosts_seen, hosts_seen[1:], strict=False):
        assert after[: len(before)] == before
    assert pl.concat([p.frame() for p in parts]).equals(whole.frame())
    assert [r for p in parts for r in p.rejects] == whole.rejects
    assert sum(p.lines for p in parts) == whole.lines == len(lines)


@settings(max_examples=200, deadline=None)
@given(
    hosts=st.lists(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9.\-]{0,40}", fullmatch=True), min_size=1),
    users=st.lists(st.from_regex(r"[A-Za-z][A-Za-z0-9._@\-]{0,30}", fullmatch=True), min_size=1),
)
def test_hosts_and_user_names_are_kept_in_lower_case_whatever_their_length(hosts, users):
    """The scanner lower-cases eight bytes at a time and remembers the line before: any
    mixture of cases, lengths and repeats gives each row its own value in lower case."""
    rows = [(h, users[i % len(users)]) for i, h in enumerate(hosts * 2)]
    data = "".join(
        squid_line("2025-03-03 09:00:00", "10.0.0.1", f"http://{h}/P", u) + "\n" for h, u in rows
    ).encode()
    frame = parse_squid_native(data, 1, YEAR).frame()
    expected_hosts = [h.lower().rstrip(".") for h, _ in rows]
    assert frame["host"].to_list() == [h or None for h in expected_hosts]
    assert frame["user"].to_list() == [u.lower() for _, u in rows]


def test_a_user_name_reads_the_same_in_every_chunk():
    """Whether a name is decoded depends on the name alone, not on the other names in its
    chunk: the dictionary runs on across chunks, and so does what was worked out from it."""
    read = FORMATS["squid"].reader(YEAR)
    first = read(
        (squid_line("2025-03-03 09:00:00", "10.0.0.1", "http://a.example/", "Ömer") + "\n").encode()
    )
    second = read(
        (
            squid_line("2025-03-03 09:01:00", "10.0.0.1", "http://a.example/", "Ömer")
            + "\n"
            + squid_line("2025-03-03 09:02:00", "10.0.0.1", "http://a.example/", "b%41rt")
            + "\n"
        ).encode()
    )
    assert first.frame()["user"].to_list() == ["ömer"]
    assert second.frame()["user"].to_list() == ["ömer", "bart"]
    assert second.table["user"].chunk(0).dictionary.to_pylist()[0] == "ömer"
