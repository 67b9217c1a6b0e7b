"""Log formats to one table of web and DNS events (DESIGN 8).

Each parser turns a chunk of whole lines into an Arrow table with ``TABLE_SCHEMA`` (times as
milliseconds, text dictionary-encoded so that later steps work once per distinct host, user or
address) and a list of rejected lines (line number, reason). Nothing here loops over lines in
Python: the Squid native format, the one that comes in millions, is scanned by a small C
extension (``_squidscan.c``; FortiGate's by ``_fortiscan.c``, vendorlogs.py); the others are
read with Polars regular expressions, one call per chunk.

Formats and their traps: formats_and_law A1 (Squid) and A2 (BIND, dnsmasq).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import unquote

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from councilguard.monitoring import _squidscan
from councilguard.monitoring.models import SourceKind

LONDON = "Europe/London"
# The longest line read (settings.INGEST_MAX_LINE_BYTES sets it for ingest); a longer one is
# rejected by number, never parsed (issue 12).
MAX_LINE_BYTES = 64 * 1024


def too_long(max_line: int) -> str:
    """The reason a line longer than ``max_line`` bytes is rejected (as _squidscan.c says it)."""
    size = f"{max_line // 1024} KB" if max_line % 1024 == 0 else f"{max_line} bytes"
    return f"line longer than {size}, the longest read"


# What every parser gives, in this order. ``action`` is Squid's result code or a DNS rcode;
# ``method`` the HTTP method or the DNS query type.
EVENT_COLUMNS = {
    "at": pl.Datetime("ms", "UTC"),
    "line": pl.Int64,
    "client": pl.String,
    "user": pl.String,
    "host": pl.String,
    "action": pl.String,
    "method": pl.String,
    "status": pl.Int32,
    "size": pl.Int64,
    "blocked": pl.Boolean,
}


TEXT = pa.dictionary(pa.int32(), pa.string())
TABLE_SCHEMA = pa.schema(
    [
        ("ms", pa.int64()),
        ("line", pa.int64()),
        ("client", TEXT),
        ("user", TEXT),  # "" when there is none
        ("host", TEXT),  # "" when the line has no URL
        ("action", TEXT),
        ("method", TEXT),
        ("status", pa.int32()),
        ("size", pa.int64()),
        ("blocked", pa.bool_()),
    ]
)


@dataclass
class Parsed:
    table: pa.Table
    lines: int
    rejects: list[tuple[int, str]] = field(default_factory=list)
    # The text columns' dictionaries continue the previous chunk's: every value keeps its index
    # and new values come after the old ones.
    continued: bool = False
    # The category the log itself gives each event (firewalls and cloud filters classify every
    # request: vendorlogs.py), "" where it gives none; None for logs that never carry one.
    vendor_categories: pa.Array | None = None

    def frame(self) -> pl.DataFrame:
        """The events as a plain Polars frame (``at`` as a time, text decoded, no user as
        null): for reading in tests and tools, not the hot path."""
        frame = pl.from_arrow(
            self.table.cast(
                pa.schema(
                    [(f.name, pa.string() if f.type == TEXT else f.type) for f in self.table.schema]
                )
            )
        )
        return frame.select(
            pl.from_epoch("ms", time_unit="ms").dt.replace_time_zone("UTC").alias("at"),
            "line",
            "client",
            pl.when(pl.col("user") == "").then(None).otherwise(pl.col("user")).alias("user"),
            pl.exclude("ms", "line", "client", "user"),
        )


def _table(events: pl.DataFrame) -> pa.Table:
    """A parser's Polars frame (``EVENT_COLUMNS``) as the common Arrow table."""
    if events.is_empty():
        return TABLE_SCHEMA.empty_table()
    arrow = events.select(
        pl.col("at").dt.epoch("ms").alias("ms"),
        "line",
        "client",
        pl.col("user").fill_null(""),
        pl.col("host").fill_null(""),
        "action",
        "method",
        "status",
        "size",
        "blocked",
    ).to_arrow()
    columns = [
        pc.dictionary_encode(arrow[f.name].cast(pa.string())).cast(TEXT)
        if f.type == TEXT
        else arrow[f.name].cast(f.type)
        for f in TABLE_SCHEMA
    ]
    return pa.Table.from_arrays(columns, schema=TABLE_SCHEMA)


@dataclass
class YearGuess:
    """Syslog times carry no year (A2.2): the first line is taken to be in the year of the file
    (or of the upload), unless its month is later than that date's, and each step from a later
    month back to an earlier one (December to January) moves to the next year."""

    reference: date
    year: int | None = None
    month: int | None = None

    def years(self, months: pl.Series) -> pl.Series:
        if months.is_empty():
            return pl.Series(dtype=pl.Int32)
        if self.year is None:
            first = months[0]
            self.year = self.reference.year - (1 if first > self.reference.month else 0)
            self.month = first
        previous = months.shift(1, fill_value=self.month)
        years = ((months < previous).cast(pl.Int32).cum_sum() + self.year).cast(pl.Int32)
        self.year, self.month = int(years[-1]), int(months[-1])
        return years


def _frame(events: pl.DataFrame) -> pl.DataFrame:
    return events.select([pl.col(name).cast(dtype) for name, dtype in EVENT_COLUMNS.items()])


def _user_name(name: str) -> str:
    """A user name as identities hold it: Squid %-encodes some characters (A1), and names
    compare without case (the scanner lowers ASCII letters only). Each name on its own, so a
    name reads the same in every chunk of a file."""
    if "%" in name:
        return unquote(name).lower()
    return name if name.isascii() else name.lower()


def _decode_users(users: pa.Array) -> pa.Array:
    names = users.to_pylist()
    decoded = [_user_name(name) for name in names]
    return users if decoded == names else pa.array(decoded, pa.string())


@dataclass(frozen=True)
class ScannedColumns:
    """Arrow columns over the buffers a C scanner (_squidscan, _fortiscan) returns for ``n``
    rows: fixed-width numbers, and text as dictionary indices with the distinct values'
    offsets and characters. No copy is made."""

    scanned: dict
    n: int

    def numbers(self, name: str, kind: pa.DataType) -> pa.Array:
        return pa.Array.from_buffers(kind, self.n, [None, pa.py_buffer(self.scanned[name])])

    def text(self, name: str, clean=None) -> pa.DictionaryArray:
        indices, (offsets, chars) = self.scanned[name]
        distinct = (len(offsets) // 4) - 1
        values = pa.Array.from_buffers(
            pa.string(), distinct, [None, pa.py_buffer(offsets), pa.py_buffer(chars)]
        )
        if clean is not None:
            values = clean(values)
        keys = pa.Array.from_buffers(pa.int32(), self.n, [None, pa.py_buffer(indices)])
        return pa.DictionaryArray.from_arrays(keys, values)


class SquidNativeReader:
    """One Squid native log's chunks, in file order, through one scanner: line numbers run on
    and each host, user and address keeps its dictionary index from chunk to chunk
    (``Parsed.continued``), so enrichment works once per distinct value of the file."""

    def __init__(self, first_line: int = 1, max_line: int = MAX_LINE_BYTES):
        self.scanner = _squidscan.Scanner(first_line, max_line)
        self.chunks = 0

    def __call__(self, data: bytes | memoryview) -> Parsed:
        scanned = self.scanner.scan(data)
        lines, n = scanned["counts"]
        columns = ScannedColumns(scanned, n)
        numbers, text = columns.numbers, columns.text
        table = pa.Table.from_arrays(
            [
                numbers("ts_ms", pa.int64()),
                numbers("line", pa.int64()),
                text("client"),
                text("user", _decode_users),
                text("host"),
                text("code"),
                text("method"),
                numbers("status", pa.int32()),
                numbers("size", pa.int64()),
                numbers("blocked", pa.uint8()).cast(pa.bool_()),
            ],
            schema=TABLE_SCHEMA,
        )
        self.chunks += 1
        return Parsed(table, lines, list(scanned["rejects"]), continued=self.chunks > 1)


def parse_squid_native(
    data: bytes | memoryview, first_line: int, year: YearGuess, max_line: int = MAX_LINE_BYTES
) -> Parsed:
    return SquidNativeReader(first_line, max_line)(data)


def _lines(data: bytes | memoryview, first_line: int) -> pl.DataFrame:
    """A chunk as one text column with line numbers. Decoding and splitting run in C over the
    whole chunk; bytes that are not UTF-8 (and NULs) become U+FFFD, so those lines are rejected
    by ``_unreadable_reason`` instead of failing the chunk."""
    text = bytes(data).decode("utf-8", "replace").replace("\x00", "\ufffd")
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return pl.DataFrame({"text": lines}, schema={"text": pl.String}).with_columns(
        pl.col("text").str.strip_chars_end("\r"),
        pl.int_range(first_line, first_line + len(lines), dtype=pl.Int64).alias("line"),
    )


def _split_rejects(
    frame: pl.DataFrame, ok: pl.Expr, reason: pl.Expr
) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    marked = frame.with_columns(ok.fill_null(False).alias("_ok"), reason.alias("_reason"))
    bad = marked.filter(~pl.col("_ok")).select("line", "_reason")
    return marked.filter(pl.col("_ok")), list(bad.iter_rows())


def _unreadable_reason(max_line: int) -> pl.Expr:
    return (
        pl.when(pl.col("text").str.len_bytes() > max_line)
        .then(pl.lit(too_long(max_line)))
        .when(pl.col("text") == "")
        .then(pl.lit("empty line"))
        .when(pl.col("text").str.contains("\ufffd", literal=True))
        .then(pl.lit("not valid UTF-8 or binary data"))
        .when(pl.col("text").str.contains(r"[\x00-\x08\x0b-\x1f\x7f]"))
        .then(pl.lit("binary or control characters"))
    )


SQUID_COMMON = (
    r"^(?P<client>\S+) (?P<ident>\S+) (?P<user>\S+) \[(?P<time>[^\]]+)\] "
    r'"(?P<method>\S+) (?P<url>\S+) (?P<proto>[^"]*)" (?P<status>\d{1,3}) (?P<size>\d+|-)'
    r'(?: "(?:[^"\\]|\\.)*" "(?:[^"\\]|\\.)*")? (?P<result>[A-Z_]+):(?P<hier>[A-Z_]+)$'
)
HOST_OF_URL = r"^(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]+)"


def _host(url: pl.Expr) -> pl.Expr:
    host = url.str.extract(HOST_OF_URL, 1).str.strip_chars("[]").str.strip_chars_end(".")
    return (
        pl.when(url.str.starts_with("error:") | (url == "-"))
        .then(pl.lit(""))
        .otherwise(host.str.to_lowercase())
    )


def parse_squid_common(
    data: bytes | memoryview, first_line: int, year: YearGuess, max_line: int = MAX_LINE_BYTES
) -> Parsed:
    frame = _lines(data, first_line)
    fields = frame.with_columns(pl.col("text").str.extract_groups(SQUID_COMMON).alias("f")).unnest(
        "f"
    )
    fields = fields.with_columns(
        pl.col("time").str.strptime(pl.Datetime("ms", "UTC"), "%d/%b/%Y:%H:%M:%S %z", strict=False)
    )
    unreadable = _unreadable_reason(max_line)
    good, rejects = _split_rejects(
        fields,
        unreadable.is_null() & pl.col("client").is_not_null() & pl.col("time").is_not_null(),
        unreadable.fill_null(
            pl.when(pl.col("client").is_null())
            .then(pl.lit("not a Squid common or combined line"))
            .otherwise(pl.lit("time is not dd/Mon/yyyy:hh:mm:ss +zone"))
        ),
    )
    events = good.select(
        pl.col("time").alias("at"),
        "line",
        pl.col("client").str.to_lowercase(),
        pl.when(pl.col("user") == "-")
        .then(None)
        .otherwise(pl.col("user").str.to_lowercase())
        .alias("user"),
        _host(pl.col("url")).alias("host"),
        pl.col("result").alias("action"),
        "method",
        pl.col("status").cast(pl.Int32),
        pl.when(pl.col("size") == "-").then(0).otherwise(pl.col("size")).alias("size"),
        pl.col("result").str.contains("DENIED", literal=True).alias("blocked"),
    )
    return Parsed(_table(_frame(events)), frame.height, rejects)


_SYSLOG = r"^(?:<\d+>)?(?P<mon>[A-Z][a-z]{2})\s+(?P<day>\d{1,2}) (?P<clock>\d\d:\d\d:\d\d) "
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}


def _syslog_time(frame: pl.DataFrame, year: YearGuess) -> pl.Series:
    """Local syslog time (no year) to UTC."""
    months = frame["mon"].replace_strict(_MONTHS, default=None, return_dtype=pl.Int32)
    years = year.years(months.fill_null(strategy="forward").fill_null(1))
    text = pl.concat_str(
        [pl.Series(years).cast(pl.String), months.cast(pl.String), frame["day"], frame["clock"]],
        separator=" ",
    )
    return _local(text.str.strptime(pl.Datetime("ms"), "%Y %m %d %H:%M:%S", strict=False))


def _local(naive: pl.Series) -> pl.Series:
    # Councils' DNS servers log in UK local time; the hour that repeats in October is taken at
    # its first occurrence, the hour skipped in March does not exist and is rejected.
    return naive.dt.replace_time_zone(
        LONDON, ambiguous="earliest", non_existent="null"
    ).dt.convert_time_zone("UTC")


DNSMASQ = (
    _SYSLOG + r"(?:\S+ )?dnsmasq\[\d+\]: (?:\d+ (?P<src>\S+)/\d+ )?"
    r"(?P<verb>query\[[A-Za-z0-9]+\]|dnssec-query\[[A-Za-z0-9]+\]|forwarded|reply|cached|config|"
    r"gravity blocked|regex blacklisted|exactly blacklisted|regex denied|exactly denied|/\S+) "
    r"(?P<domain>\S+) (?P<sep>from|to|is) (?P<value>.+)$"
)
# Answers that mean the resolver refused to resolve (a block list hit).
SINKHOLES = ("0.0.0.0", "::", "NXDOMAIN")  # noqa: S104 (answers in logs, not a bind)


def parse_dnsmasq(
    data: bytes | memoryview, first_line: int, year: YearGuess, max_line: int = MAX_LINE_BYTES
) -> Parsed:
    frame = _lines(data, first_line)
    fields = frame.with_columns(pl.col("text").str.extract_groups(DNSMASQ).alias("f")).unnest("f")
    unreadable = _unreadable_reason(max_line)
    good, rejects = _split_rejects(
        fields,
        unreadable.is_null() & pl.col("verb").is_not_null(),
        unreadable.fill_null(pl.lit("not a dnsmasq log-queries line")),
    )
    good = good.with_columns(at=_syslog_time(good, year))
    rejects += list(
        good.filter(pl.col("at").is_null()).select("line", pl.lit("no such local time")).iter_rows()
    )
    good = good.filter(pl.col("at").is_not_null())
    queries = good.filter(pl.col("verb").str.starts_with("query["))
    blocks = good.filter(
        pl.col("verb").str.contains("blocked|blacklisted|denied")
        | ((pl.col("verb") == "config") & pl.col("value").is_in(SINKHOLES))
    ).select(pl.col("domain"), pl.col("at").alias("blocked_at"))
    events = _mark_blocked(
        queries.select(
            "at",
            "line",
            pl.coalesce(pl.col("src"), pl.col("value")).str.to_lowercase().alias("client"),
            pl.lit(None, pl.String).alias("user"),
            pl.col("domain").str.to_lowercase().str.strip_chars_end(".").alias("host"),
            pl.lit("QUERY").alias("action"),
            pl.col("verb").str.extract(r"\[(\w+)\]", 1).alias("method"),
            pl.lit(0, pl.Int32).alias("status"),
            pl.lit(0, pl.Int64).alias("size"),
        ),
        blocks,
    )
    return Parsed(_table(_frame(events)), frame.height, rejects)


def _mark_blocked(queries: pl.DataFrame, blocks: pl.DataFrame) -> pl.DataFrame:
    """A query is blocked when a block line for its domain follows within a few seconds (the
    block line does not carry the client, A2.2)."""
    if blocks.is_empty():
        return queries.with_columns(pl.lit(False).alias("blocked"))
    joined = (
        queries.with_row_index("_order")
        .sort("at")
        .join_asof(
            blocks.with_columns(pl.col("domain").str.to_lowercase().str.strip_chars_end("."))
            .rename({"domain": "host"})
            .sort("blocked_at"),
            left_on="at",
            right_on="blocked_at",
            by="host",
            strategy="forward",
            tolerance="5s",
            check_sortedness=False,
        )
    )
    return joined.sort("_order").select(
        pl.exclude("_order", "blocked_at"), pl.col("blocked_at").is_not_null().alias("blocked")
    )


BIND = (
    r"^(?:" + _SYSLOG[1:] + r"(?:\S+ )*?named\[\d+\]: )?(?:[a-z-]+: )*"
    r"(?:(?P<btime>\d{2}-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d(?:\.\d+)?) )?(?:[a-z-]+: )*"
    r"client (?:@0x[0-9a-f]+ )?(?P<ip>[0-9A-Fa-f:.]+)#\d+(?: \([^)]*\))?:? (?:(?:UDP|TCP): )?"
    r"(?:view [^:]+: )?(?:query: (?P<qname>\S+) (?P<qclass>\S+) (?P<qtype>\S+)"
    r"(?: response: (?P<rcode>[A-Z]+))?(?P<rest>.*)"
    r"|query failed \((?P<failed>[A-Z]+)\) for (?P<fname>[^/\s]+)/.*)$"
)


def parse_bind(
    data: bytes | memoryview, first_line: int, year: YearGuess, max_line: int = MAX_LINE_BYTES
) -> Parsed:
    frame = _lines(data, first_line)
    fields = frame.with_columns(pl.col("text").str.extract_groups(BIND).alias("f")).unnest("f")
    unreadable = _unreadable_reason(max_line)
    good, rejects = _split_rejects(
        fields,
        unreadable.is_null()
        & pl.col("ip").is_not_null()
        & (pl.col("btime").is_not_null() | pl.col("mon").is_not_null()),
        unreadable.fill_null(
            pl.when(pl.col("ip").is_null())
            .then(pl.lit("not a BIND query log line"))
            .otherwise(pl.lit("no time on the line (turn on print-time or syslog)"))
        ),
    )
    own = _local(
        good["btime"].str.strptime(pl.Datetime("ms"), "%d-%b-%Y %H:%M:%S%.f", strict=False)
    )
    good = good.with_columns(at=pl.coalesce(own, _syslog_time(good, year)))
    rejects += list(
        good.filter(pl.col("at").is_null()).select("line", pl.lit("no such local time")).iter_rows()
    )
    good = good.filter(pl.col("at").is_not_null())
    queries = good.filter(pl.col("qname").is_not_null())
    # "query failed (REFUSED)" lines (the query-errors category) repeat a query that has its
    # own line; they only mark it refused.
    failures = good.filter(pl.col("failed").is_not_null()).select(
        pl.col("fname").alias("domain"), pl.col("at").alias("blocked_at")
    )
    rcode = pl.col("rcode").fill_null("")
    events = queries.select(
        "at",
        "line",
        pl.col("ip").str.to_lowercase().alias("client"),
        pl.lit(None, pl.String).alias("user"),
        pl.col("qname").str.to_lowercase().str.strip_chars_end(".").alias("host"),
        pl.when(rcode == "").then(pl.lit("QUERY")).otherwise(rcode).alias("action"),
        pl.col("qtype").alias("method"),
        pl.lit(0, pl.Int32).alias("status"),
        pl.lit(0, pl.Int64).alias("size"),
        (
            (rcode == "REFUSED")
            | pl.col("rest").str.contains(r" IN (?:A|AAAA) (?:0\.0\.0\.0|::);").fill_null(False)
        ).alias("refused"),
    )
    marked = _mark_blocked(events.drop("refused"), failures)
    marked = marked.with_columns(pl.col("blocked") | events["refused"])
    return Parsed(_table(_frame(marked)), frame.height, rejects)


Reader = Callable[[bytes | memoryview], Parsed]


@dataclass(frozen=True)
class Format:
    name: str
    kind: str
    label: str
    parse: Callable[[bytes | memoryview, int, YearGuess, int], Parsed]
    # Formats that keep state from chunk to chunk of a file give a reader for a whole file.
    stream: Callable[..., Reader] | None = None
    # A log that carries the vendor's own category of each request (categories.VENDORS).
    vendor: str = ""
    # Local times written in the device's time zone, a setting of the source.
    zoned: bool = False

    def reader(
        self, year: YearGuess, max_line: int = MAX_LINE_BYTES, time_zone: str = LONDON
    ) -> Reader:
        """Parses one file's chunks, given in order, numbering lines on from the first, and
        rejecting lines longer than ``max_line`` bytes."""
        if self.stream:
            if self.zoned:
                return self.stream(1, max_line, time_zone)
            return self.stream(1, max_line)
        next_line = 1

        def read(data: bytes | memoryview) -> Parsed:
            nonlocal next_line
            parsed = self.parse(data, next_line, year, max_line)
            next_line += parsed.lines
            return parsed

        return read


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "squid",
            SourceKind.PROXY,
            "Squid native access.log",
            parse_squid_native,
            stream=SquidNativeReader,
        ),
        Format("squid-common", SourceKind.PROXY, "Squid common or combined", parse_squid_common),
        Format("dnsmasq", SourceKind.DNS, "dnsmasq / Pi-hole log-queries", parse_dnsmasq),
        Format("bind", SourceKind.DNS, "BIND 9 query log (incl. Infoblox)", parse_bind),
    )
}

# The firewall and cloud-filter formats (vendorlogs.py) use the helpers above and add
# themselves to FORMATS.
from councilguard.monitoring import vendorlogs  # noqa: E402, F401
