"""The FortiGate scanner in C (_fortiscan.c) against the Polars path it stands in for
(vendorlogs.FortiGatePolarsReader, the oracle): generated FortiOS web filter lines, quirks
included, give the same events, vendor categories and rejects (with line numbers) chunk by
chunk; local times the same either side of the clock changes; the lines the scanner leaves to
Polars come back in their places; the usual lines are the scanner's own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councilguard.monitoring import _fortiscan
from councilguard.monitoring.parsers import TEXT
from councilguard.monitoring.vendorlogs import (
    FortiGatePolarsReader,
    FortiGateReader,
    zone_periods,
)

ZONES = ["Europe/London", "America/New_York", "UTC", "Australia/Lord_Howe", "Asia/Kolkata"]


def both(chunks: list[bytes], time_zone: str = "Europe/London", max_line: int = 65536):
    """Each chunk through both readers, compared; the C reader's results."""
    fast = FortiGateReader(1, max_line, time_zone)
    slow = FortiGatePolarsReader(1, max_line, time_zone)
    results, before = [], None
    for chunk in chunks:
        got, want = fast(chunk), slow(chunk)
        assert got.lines == want.lines
        assert got.rejects == want.rejects
        assert got.table.schema == want.table.schema
        assert got.frame().to_dicts() == want.frame().to_dicts()
        assert (got.vendor_categories or pa.array([])).to_pylist() == (
            want.vendor_categories or pa.array([])
        ).to_pylist()
        if got.continued:
            # A continued chunk's dictionaries begin with the chunk before's.
            for name, field in zip(got.table.column_names, got.table.schema, strict=True):
                if field.type == TEXT:
                    old = before.table[name].combine_chunks().dictionary
                    new = got.table[name].combine_chunks().dictionary
                    assert new.slice(0, len(old)).equals(old)
        results.append(got)
        before = got
    return results


def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# Values as FortiOS writes them, then the odd ones real files and broken devices have (one
# draw in twelve, so that a line has a few quirks at most).
def values(usual: list[str], odd: list[str]):
    return st.integers(0, 11).flatmap(lambda n: st.sampled_from(odd if n == 0 else usual))


DATES = values(["2026-11-16", "2026-03-29", "2026-10-25", "2026-07-16", "2026-12-31"],
               ["2026-1-6", "2026-02-30", "2026-13-01", "", "2026/11/16", "1969-12-31",
                "2099-06-01", "+2026-11-16", "2024-02-29"])  # fmt: skip
TIMES = values(["10:04:31", "00:30:00", "01:30:00", "02:15:00", "01:59:59", "23:59:59"],
               ["25:00:00", "10:4:31", "23:59:60", "", "24:00:00"])  # fmt: skip
VALUES = {
    "eventtime": st.one_of(
        st.integers(10**8, 10**19 + 10**18).map(str), st.sampled_from(["", "abc", "17632874"])
    ),
    "tz": values(["+0000", "-0800", "+05:30", "+0100"], ["+2400", "+1500", "-0060", "GMT", ""]),
    "type": values(["utm"], ["traffic", "UTM", ""]),
    "subtype": values(["webfilter"], ["forward", ""]),
    "srcip": values(["10.1.2.3", "10.1.2.4", "FE80::1"], [""]),
    "user": values(["JSmith", "user001"], ["N/A", "n/a", "", "a b", 'q"uote', "back\\slash"]),
    "unauthuser": values(["Guest"], ["", "N/A"]),
    "hostname": values(["www.Example.com", "casino.example"], ["shop.example.", "", "a.example.."]),
    "url": values(["/", "/a?q=1"], ["/groups/a b=c", "https://News.Example:8443/x?y=1"]),
    "action": values(["passthrough", "blocked"], ["block", "Blocked", ""]),
    "catdesc": values(["Social Networking", "Gambling"], [" Gambling ", "", 'Say "hi"', "A\\B"]),
    "service": values(["HTTPS", "HTTP"], [""]),
    "rcvdbyte": values(
        ["141", "0", "2048"], ["-5", "+5", "abc", "", "007", "99999999999999999999"]
    ),
    "msg": values(
        ["URL belongs to a category in policy", "see=policy", "ends with ="],
        ["URL belongs to a category, user=bob hostname=evil.example", "a\\ date=x"],
    ),
    "devname": values(["FGT Office", "FGT-1"], ["FGT=1"]),
    "logid": values(["0316013057", "0000000013"], ["0"]),
}
# How often each key is on the line, of ten.
PRESENT = {"eventtime": 5, "tz": 5, "unauthuser": 2, "url": 5, "hostname": 9, "subtype": 9,
           "type": 8, "srcip": 9}  # fmt: skip
PREFIXES = ["", "<189>Nov 16 10:04:31 fgt-office ", "<190>Jan  2 03:04:05 host ", "x y "]


@st.composite
def kv_line(draw) -> str:
    fields = [("date", draw(DATES)), ("time", draw(TIMES))]
    for key, drawn in VALUES.items():
        if draw(st.integers(0, 9)) < PRESENT.get(key, 7):
            fields.append((key, draw(drawn)))
    fields = draw(st.permutations(fields)) if draw(st.integers(0, 5)) == 0 else fields
    if draw(st.integers(0, 9)) == 0:  # a key twice
        fields.append(draw(st.sampled_from(fields)))
    if draw(st.integers(0, 19)) == 0:
        fields = [f for f in fields if f[0] not in ("date", "eventtime")]
    parts = []
    for key, value in fields:
        bare = value and all(c not in value for c in ' "\\') and draw(st.booleans())
        parts.append(f"{key}={value if bare else quoted(value)}")
    line = draw(st.sampled_from(PREFIXES)) + " ".join(parts)
    damage = draw(st.integers(0, 40))
    if damage == 0:
        line = line.replace(" ", "\t", 1)
    elif damage == 1:
        line = line.replace("FGT", "FGT café")
    elif damage == 2:
        line += ' x="open'
    elif damage == 3:
        line += " word"
    elif damage == 4:
        line += "\r"
    elif damage == 5:
        line = line.replace("=", "= ", 1)
    elif damage == 6:
        line += ' a="b"c'
    elif damage == 7:
        line = line.replace("date=", "1date=")
    elif damage == 8:
        line = line.replace("  ", " ").replace(" ", "   ")
    return line


OTHER_LINES = st.sampled_from(
    [
        "",
        "this is not a FortiGate line",
        "\x00\x01 binary",
        "date=2026-11-16\x7f",
        "\r",
        "<190>Nov 16 10:04:31 fgt-office CEF:0|Fortinet|Fortigate|v7.2.4|13312|utm:webfilter "
        "ftgd_blk blocked|4|FTNTFGTeventtime=1763287471000000000 FTNTFGTsubtype=webfilter "
        "src=10.1.2.5 suser=Amy dhost=bet.example act=blocked FTNTFGTcatdesc=Gambling",
        'srcip=10.1.2.3 msg="x date=2026-11-16" time=10:00:00 subtype="webfilter"',
        'date=2026-11-16 time=10:00:00 subtype=webfilter srcip=10.1.2.3 url="/a b"',
        'date=2026-11-16 time=10:00:00 subtype=webfilter srcip=10.1.2.3 url="http://[::1]:80/"',
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(
        st.one_of(kv_line(), kv_line(), kv_line(), OTHER_LINES), min_size=1, max_size=40
    ),  # fmt: skip
    cuts=st.lists(st.integers(0, 40), max_size=3),
    time_zone=st.sampled_from(ZONES),
    bom=st.booleans(),
    final_newline=st.booleans(),
    max_line=st.sampled_from([65536, 300]),
)
def test_the_scanner_and_the_polars_path_read_generated_lines_alike(
    lines, cuts, time_zone, bom, final_newline, max_line
):
    encoded = [line.encode() for line in lines]
    if bom:
        encoded[0] = "\ufeff".encode() + encoded[0]
    # Chunks of whole lines, as ingest gives them.
    bounds = sorted({0, len(encoded), *(c for c in cuts if c < len(encoded))})
    chunks = [b"\n".join(encoded[a:b]) + b"\n" for a, b in zip(bounds, bounds[1:], strict=False)]
    if not final_newline:
        chunks[-1] = chunks[-1][:-1]
    both(chunks, time_zone, max_line)


@pytest.mark.parametrize("time_zone", ZONES)
def test_local_times_agree_second_by_second_across_the_clock_changes(time_zone):
    """Local times every few seconds of the hours around each of 2026's clock changes (and
    every quarter hour of those days), with no eventtime and no tz=."""
    starts = zone_periods(time_zone)[0]
    changes = [
        datetime.fromtimestamp(
            int.from_bytes(starts[i : i + 8], "little", signed=True), UTC
        ).replace(tzinfo=None)
        for i in range(0, len(starts), 8)
    ]
    days = {c.date() for c in changes if c.year == 2026} or {datetime(2026, 3, 29).date()}
    clocks = set()
    for day in days:
        midnight = datetime(day.year, day.month, day.day)
        clocks |= {midnight + timedelta(minutes=15 * k) for k in range(-8, 24 * 4 + 8)}
        for change in changes:
            if change.date() == day:
                # The local clock is within fourteen hours of UTC.
                clocks |= {change + timedelta(seconds=s) for s in range(-14 * 3600, 14 * 3600, 13)}
    text = "".join(
        f'date={c:%Y-%m-%d} time={c:%H:%M:%S} type="utm" subtype="webfilter" srcip=10.1.2.3 '
        f'hostname="a.example" action="passthrough"\n'
        for c in sorted(clocks)
    )
    (parsed,) = both([text.encode()], time_zone)
    assert parsed.table.num_rows > 0


# A line as FortiOS 7 writes it (the benchmark's shape), with eventtime and without.
USUAL = (
    '<189>Nov 16 10:04:31 fgt-office date=2026-11-16 time=10:04:31 devname="FGT-Office" '
    'devid="FGT60E0000000001"{stamp} tz="+0000" logid="0316013057" type="utm" '
    'subtype="webfilter" eventtype="ftgd_allow" level="notice" vd="root" policyid=1 '
    'sessionid=7 srcip=10.1.2.3 srcport=50856 srcintf="port2" srcintfrole="lan" '
    'dstip=203.0.113.9 dstport=443 dstintf="wan1" dstintfrole="wan" proto=6 service="HTTPS" '
    'user="user001" group="Staff" hostname="site1.example" profile="default" '
    'action="passthrough" reqtype="direct" url="/page" sentbyte=1171 rcvdbyte=2048 '
    'direction="outgoing" msg="URL belongs to a category in policy" method="domain" cat=37 '
    'catdesc="Social Networking"'
)


def test_the_usual_lines_are_the_scanners_own_and_the_rest_come_back_in_place():
    usual = [USUAL.format(stamp=""), USUAL.format(stamp=" eventtime=1763287471123456789")]
    scanner = _fortiscan.Scanner(1, 65536, *zone_periods("Europe/London"))
    scanned = scanner.scan(("\n".join(usual * 3) + "\n").encode())
    assert scanned["fallback"] == [] and scanned["rejects"] == []
    assert scanned["counts"] == (6, 6)
    # A CEF line and a line in another encoding between them are read by Polars, in place.
    cef = (
        "CEF:0|Fortinet|Fortigate|v7.2.4|13312|utm:webfilter ftgd_blk blocked|4|"
        "deviceExternalId=FGT60E0000000001 FTNTFGTeventtime=1763287471000000000 FTNTFGTsubtype=webfilter src=10.1.2.5 suser=Amy "
        "dhost=bet.example act=blocked FTNTFGTcatdesc=Gambling"
    )
    mixed = [usual[0], cef, usual[1].replace("user001", "Zoë"), usual[0]]
    first, second = both([b"\n".join(u.encode() for u in usual) + b"\n",
                          "\n".join(mixed).encode()])  # fmt: skip
    assert not first.continued and not second.continued
    assert second.frame()["line"].to_list() == [3, 4, 5, 6]
    assert second.frame()["user"].to_list() == ["user001", "amy", "zoë", "user001"]
    third = FortiGateReader()
    parsed = [third(("\n".join(usual) + "\n").encode()) for _ in range(3)]
    assert [p.continued for p in parsed] == [False, True, True]


def test_quotes_escapes_and_key_names_in_values_read_alike():
    """What the tokenizer steps over without looking byte by byte: quoted values holding key
    names (with and without "="), escaped quotes and backslashes, an escaped "=", and lines
    that end inside a quote or on a backslash."""
    line = USUAL.format(stamp="")
    cases = {
        # Key names in a quoted value without "=": the scanner's own line.
        'msg="hostname user srcip date time"': True,
        'msg="date time=" ': False,  # " time=" in a value: left to Polars
        'msg="x hostname=evil.example user=x"': False,
        'msg="a \\=b"': True,  # an escaped "=" never follows a key
        'msg="a b\\\\=c"': True,  # an escaped backslash, then "=" after it: no key before it
        'user="a\\"b"': True,
        'user="a\\\\"': True,  # an escaped backslash, then the closing quote
        'user="a\\\\\\"b"': True,
        'user="\\"x y=z\\""': False,
        'catdesc="a\\\\" b"': False,  # the quote after the escaped backslash closes: b" is junk
    }
    lines = [line.replace('user="user001"', field) if field.startswith("user=")
             else line.replace('catdesc="', field + ' catdesc="', 1) if field.startswith("msg=")
             else line.replace('catdesc="Social Networking"', field)
             for field in cases]  # fmt: skip
    ends = [line + ' msg="open', line + ' msg="open\\', line + ' msg="a\\"', line + " x=\\"]
    scanner = _fortiscan.Scanner(1, 65536, *zone_periods("Europe/London"))
    scanned = scanner.scan(("\n".join(lines + ends) + "\n").encode())
    own = [n + 1 for n, keep in enumerate(cases.values()) if keep]
    left = [number for number, _ in scanned["fallback"]]
    assert set(own).isdisjoint(left)
    assert set(left) >= {n + 1 for n, keep in enumerate(cases.values()) if not keep}
    assert set(left) >= set(range(len(lines) + 1, len(lines) + 4))
    both([("\n".join(lines + ends) + "\n").encode()])


def test_every_stop_on_either_side_of_the_scanners_64_byte_words_reads_alike():
    """The scanner marks each line's stops in 64-byte words: a line shifted a byte at a time
    (its keys, values and quotes crossing each word boundary, its length on and either side of
    a multiple of 64) reads as the Polars path reads it, by the scanner itself."""
    lines = []
    for pad in range(0, 130):
        base = USUAL.format(stamp=" eventtime=1763287471123456789" if pad % 2 else "")
        lines.append(base.replace('devname="FGT-Office"', f'devname="FGT-{"x" * pad}"'))
        lines.append(base.replace("policyid=1", f"policyid=1{'2' * pad}"))
    for length in (64, 128, 640):
        cut = USUAL.format(stamp="")
        lines.append(cut + " x=" + "y" * (length - len(cut) % length - 3))
        lines.append(cut + ' x="' + "y" * (length - len(cut) % length - 5) + '"')
    scanner = _fortiscan.Scanner(1, 65536, *zone_periods("Europe/London"))
    scanned = scanner.scan(("\n".join(lines) + "\n").encode())
    assert scanned["fallback"] == [] and scanned["rejects"] == []
    assert scanned["counts"] == (len(lines), len(lines))
    both([("\n".join(lines[:100]) + "\n").encode(), ("\n".join(lines[100:]) + "\n").encode()])


# Lines for the scanner's ways of reading (its quick reading of lines without backslashes or
# "=" in quotes, and the walk from stop to stop; each way of marking stops this processor
# has): quotes, backslashes, "=", key names inside values, cut lines.
TRICKY = [
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname="a.example" srcip=10.1.2.3',
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=a.example user="a b  c"',
    'x"y date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h srcip=1',  # quote in prefix
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h user=a"b" srcip=1',
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h user="a"b srcip=1',
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h user="a""b" srcip=1',
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h user="a" "b" srcip=1',
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h user="" srcip= catdesc=""',
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h user="x hostname=evil" srcip=1',
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h msg="user srcip date" srcip=1',
    "date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h url=/a?b=c&d==e srcip=1",
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h url="/a?b=c" srcip=1',
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h user="a\\"b" srcip=1',
    "date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h user=a\\ b srcip=1",
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h user=a\\"b srcip=1',
    "date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h a.b=c srcip=1",
    "date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h =c srcip=1",
    "date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h 1a=c srcip=1",
    "date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h word srcip=1",
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h srcip=1 user="open',
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h srcip=1 user="',
    "date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h srcip=1 user=",
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h srcip=1 user="a\\',
    "date=2026-11-16   time=10:00:00  subtype=webfilter hostname=h srcip=1   ",
    "   date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h srcip=1 hostname=second",
    'a b c date=2026-11-16 time=10:00:00 subtype="webfilter" hostname="h" srcip="1" x="="',
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h srcip=1 x="a=b c"',
    'date=2026-11-16 time=10:00:00 subtype=webfilter hostname=h srcip=1 x=" d=1"',
    "date=2026-11-16 time=10:00:00",
    "no key value here",
    '"',
    "=",
    "a=",
]


def every_way(text: bytes) -> list:
    """The scan of ``text`` by each way of marking and reading, all alike; that scan."""
    before = _fortiscan._use("bytes", True)
    try:
        results = []
        for marking in _fortiscan._markings():
            for quick in (True, False):
                _fortiscan._use(marking, quick)
                scanner = _fortiscan.Scanner(1, 65536, *zone_periods("Europe/London"))
                results.append(((marking, quick), scanner.scan(text)))
    finally:
        _fortiscan._use(*before)
    (_, first), *rest = results
    for way, scanned in rest:
        assert scanned == first, way
    return first


def test_every_way_of_reading_a_line_gives_the_same_columns_on_tricky_lines():
    # Each line also shifted across the 64-byte words, and cut a byte at a time near its end.
    lines = list(TRICKY)
    for line in TRICKY:
        lines += [f"p{'x' * pad} {line}" for pad in (40, 57, 58, 59, 60, 61, 62, 63)]
        lines += [line[:cut] for cut in range(max(1, len(line) - 12), len(line))]
    scanned = every_way(("\n".join(lines) + "\n").encode())
    assert scanned["counts"][1] > 0 and scanned["fallback"] and scanned["rejects"]
    both([("\n".join(lines) + "\n").encode()])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(kv_line(), OTHER_LINES), min_size=1, max_size=30))
def test_every_way_of_reading_gives_the_same_columns_on_generated_lines(lines):
    every_way(("\n".join(lines) + "\n").encode())


def test_the_usual_lines_are_read_quickly_by_the_way_chosen():
    """The benchmark's lines give the same columns every way, and the way chosen first is the
    best this processor has."""
    usual = [USUAL.format(stamp=""), USUAL.format(stamp=" eventtime=1763287471123456789")]
    scanned = every_way(("\n".join(usual * 50) + "\n").encode())
    assert scanned["counts"] == (100, 100) and scanned["fallback"] == []
    assert _fortiscan._markings()[-1] == "bytes"
