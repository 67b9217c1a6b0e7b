"""The web and DNS logs of the filters small councils actually have (issue 23): a FortiGate's
web filter log (FortiOS key=value lines, with or without a syslog prefix, or the CEF shape it
can send instead) and Cisco Umbrella's DNS log export (CSV, with or without its header row,
older and newer column sets).

Both already classify every request into the vendor's own categories. Each parser gives the
common event table (parsers.TABLE_SCHEMA) and, beside it, the category the log carries for
each event (``Parsed.vendor_categories``: "" where it carries none), which ingest uses before
the shared lists (categories.vendor_category).

Like the other parsers, nothing loops over lines in Python. FortiGate's key=value lines, the
ones that come in millions, are read by a C scanner (_fortiscan.c, as Squid's are by
_squidscan.c): fields, time in the device's zone, rejects and dictionary-encoded columns in
one pass. The lines it is not sure of (CEF, other encodings, rare quirks) go to the Polars
path, ``FortiGatePolarsReader``, which is also the tests' oracle. There each field is one
Polars regular expression over the chunk; a line whose quoted value itself holds " key=" (a
message or a URL with spaces) could fool a per-field search, so those rare lines are read
token by token. Umbrella's exports are read with Polars.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from councilguard.monitoring import _fortiscan
from councilguard.monitoring.models import SourceKind
from councilguard.monitoring.parsers import (
    FORMATS,
    LONDON,
    MAX_LINE_BYTES,
    TABLE_SCHEMA,
    TEXT,
    Format,
    Parsed,
    ScannedColumns,
    _frame,
    _host,
    _lines,
    _split_rejects,
    _table,
    _unreadable_reason,
)

UTF8_BOM = "\ufeff"


def _strip_bom(frame: pl.DataFrame, first_line: int) -> pl.DataFrame:
    """A byte order mark at the start of the file is not part of its first line."""
    if first_line != 1 or frame.is_empty():
        return frame
    return frame.with_columns(
        pl.when(pl.col("line") == 1)
        .then(pl.col("text").str.strip_prefix(UTF8_BOM))
        .otherwise(pl.col("text"))
    )


def _vendor_column(values: pl.Series) -> pa.Array:
    return pc.dictionary_encode(values.fill_null("").to_arrow().cast(pa.string())).cast(TEXT)


def _with_categories(events: pl.DataFrame) -> tuple[pa.Table, pa.Array]:
    table = _table(_frame(events.drop("vendor_category")))
    return table, _vendor_column(events["vendor_category"])


# --- FortiGate ------------------------------------------------------------------------------

# A FortiOS value: "quoted, with \" escapes" or a bare word.
_KV_VALUE = r'("(?:[^"\\]|\\.)*"|[^\s"]*)'
_KV_TOKEN = r'[A-Za-z_][\w-]*=(?:"(?:[^"\\]|\\.)*"|[^\s"]*)'
# A quoted value holding " key=": only such lines can fool a search for one key.
_KV_TRAP = r'="(?:[^"\\]|\\.)*\s[A-Za-z_][\w-]*='
KV_KEYS = (
    "date",
    "time",
    "eventtime",
    "tz",
    "type",
    "subtype",
    "srcip",
    "user",
    "unauthuser",
    "hostname",
    "url",
    "action",
    "catdesc",
    "service",
    "rcvdbyte",
)
# CEF extension keys FortiOS writes (prefixed FTNTFGT for its own fields). A CEF value runs to
# the next " key=" (an "=" inside a value is escaped as "\=").
CEF_KEYS = {
    "eventtime": "FTNTFGTeventtime",
    "rt": "rt",
    "tz": "FTNTFGTtz",
    "subtype": "FTNTFGTsubtype",
    "srcip": "src",
    "user": "suser",
    "unauthuser": "FTNTFGTunauthuser",
    "hostname": "dhost",
    "url": "request",
    "action": "act",
    "catdesc": "FTNTFGTcatdesc",
    "requestcontext": "requestContext",
    "service": "app",
    "rcvdbyte": "in",
}
_CEF_PART = r"(?:[^|\\]|\\.)*"
# Version, vendor, product, version, signature, the name ("utm:webfilter ftgd_blk ..."), then
# the severity, so the extension's first key starts the text that follows.
_CEF_HEADER = r"CEF:\d+\|" + (_CEF_PART + r"\|") * 4 + r"(" + _CEF_PART + r")\|" + _CEF_PART + r"\|"
_CEF_VALUE = r"((?:\\.|[^\\=])*?)(?:\s+[A-Za-z0-9_.]+=|$)"


def _unquote(value: pl.Expr) -> pl.Expr:
    """A FortiOS value without its quotes (a bare value never holds one)."""
    return value.str.strip_prefix('"').str.strip_suffix('"')


def _unescape(frame: pl.DataFrame) -> pl.DataFrame:
    """Backslash escapes undone, in the columns of the chunk that have any (a rare case, so
    the regular expression runs only there)."""
    escaped = [
        key
        for key in KV_KEYS
        if key in frame.columns and frame[key].str.contains("\\", literal=True).any()
    ]
    return frame.with_columns(pl.col(k).str.replace_all(r"\\(.)", "$1") for k in escaped)


def _kv_fields(frame: pl.DataFrame) -> pl.DataFrame:
    """The FortiOS fields of key=value lines, each by one search over the chunk; lines with a
    trap (see module) by splitting them into tokens."""
    trapped = frame.select(pl.col("text").str.contains(_KV_TRAP)).to_series()
    plain = frame.filter(~trapped).with_columns(
        _unquote(pl.col("text").str.extract(r"(?:^|\s)" + key + "=" + _KV_VALUE, 1)).alias(key)
        for key in KV_KEYS
    )
    tricky = frame.filter(trapped)
    if tricky.is_empty():
        return _unescape(plain)
    tokens = pl.col("text").str.extract_all(_KV_TOKEN)
    tricky = tricky.with_columns(
        _unquote(
            tokens.list.eval(pl.element().filter(pl.element().str.starts_with(key + "=")))
            .list.first()
            .str.slice(len(key) + 1)
        ).alias(key)
        for key in KV_KEYS
    )
    return _unescape(pl.concat([plain, tricky]).sort("line"))


def _cef_fields(frame: pl.DataFrame) -> pl.DataFrame:
    header = pl.col("text").str.extract(_CEF_HEADER, 1)
    # The extension follows the header's last "|": search from there.
    fields = frame.with_columns(
        pl.col("text").str.replace(r"^.*?" + _CEF_HEADER, "").alias("_ext"),
        header.alias("_name"),
    )
    fields = fields.with_columns(
        pl.col("_ext")
        .str.extract(r"(?:^|\s)" + name + "=" + _CEF_VALUE, 1)
        .str.replace_all(r"\\(.)", "$1")
        .str.strip_chars('"')
        .alias(key)
        for key, name in CEF_KEYS.items()
    )
    kind = pl.col("_name").str.extract(r"^(\w+):(\w+)", 1)
    return fields.with_columns(
        kind.alias("type"),
        pl.coalesce(pl.col("subtype"), pl.col("_name").str.extract(r"^\w+:(\w+)", 1)).alias(
            "subtype"
        ),
        pl.coalesce(pl.col("catdesc"), pl.col("requestcontext")).alias("catdesc"),
        pl.lit(None, pl.String).alias("date"),
        pl.lit(None, pl.String).alias("time"),
    ).drop("_ext", "_name", "requestcontext")


def _epoch_ms(digits: pl.Expr) -> pl.Expr:
    """FortiOS ``eventtime`` is seconds on older firmware and nanoseconds on newer (micro- and
    milliseconds are seen too): the number of digits tells which."""
    n = digits.str.len_chars()
    value = digits.cast(pl.Int64, strict=False)
    return (
        pl.when(n >= 18)
        .then(value // 1_000_000)
        .when(n >= 15)
        .then(value // 1_000)
        .when(n >= 12)
        .then(value)
        .otherwise(value * 1000)
    )


def _kv_time(fields: pl.DataFrame, time_zone: str) -> pl.Series:
    """UTC milliseconds: eventtime where present; else the date and time, at the offset the
    line gives (tz=) or in the device's time zone (a setting of the source)."""
    own = fields.select(
        pl.when(pl.col("eventtime").str.contains(r"^\d{9,19}$"))
        .then(_epoch_ms(pl.col("eventtime")))
        .alias("ms")
    ).to_series()
    clock = pl.concat_str([pl.col("date"), pl.col("time")], separator=" ")
    offset = pl.col("tz").str.extract(r"^([+-]\d{2}:?\d{2})$", 1).str.replace(":", "")
    at_offset = pl.concat_str([clock, offset], separator=" ").str.strptime(
        pl.Datetime("ms", "UTC"), "%Y-%m-%d %H:%M:%S %z", strict=False
    )
    local = (
        clock.str.strptime(pl.Datetime("ms"), "%Y-%m-%d %H:%M:%S", strict=False)
        .dt.replace_time_zone(time_zone, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
    )
    written = fields.select(pl.coalesce(at_offset, local).dt.epoch("ms")).to_series()
    return pl.coalesce(own, written) if len(own) else own


def _cef_time(fields: pl.DataFrame, time_zone: str) -> pl.Series:
    rt = pl.col("rt")
    return fields.select(
        pl.coalesce(
            pl.when(pl.col("eventtime").str.contains(r"^\d{9,19}$")).then(
                _epoch_ms(pl.col("eventtime"))
            ),
            pl.when(rt.str.contains(r"^\d{12,13}$")).then(rt.cast(pl.Int64, strict=False)),
            rt.str.strptime(pl.Datetime("ms"), "%b %d %Y %H:%M:%S", strict=False)
            .dt.replace_time_zone(time_zone, ambiguous="earliest", non_existent="null")
            .dt.epoch("ms"),
        ).alias("ms")
    ).to_series()


@dataclass
class FortiGatePolarsReader:
    """One FortiGate log's chunks read with Polars: key=value lines and CEF lines, mixed as a
    syslog server may keep them. Lines of other log types (traffic, event) are read and taken
    as no event. ``FortiGateReader`` reads most lines in C and leaves the rest to this one;
    the tests compare the two line by line."""

    first_line: int = 1
    max_line: int = MAX_LINE_BYTES
    time_zone: str = LONDON

    def __call__(self, data: bytes | memoryview) -> Parsed:
        frame = _strip_bom(_lines(data, self.first_line), self.first_line)
        self.first_line += frame.height
        table, rejects, vendor = self.read(frame)
        return Parsed(table, frame.height, rejects, vendor_categories=vendor)

    def read(self, frame: pl.DataFrame) -> tuple[pa.Table, list[tuple[int, str]], pa.Array | None]:
        """The events, rejects and vendor categories (None when no line was a FortiGate line)
        of some lines (``text`` and ``line`` columns; each line is read on its own, so any of
        a file's lines will do)."""
        unreadable = _unreadable_reason(self.max_line)
        cef = pl.col("text").str.contains(r"CEF:\d+\|", literal=False)
        kv_like = pl.col("text").str.contains(r"(?:^|\s)(?:date|eventtime)=")
        readable, rejects = _split_rejects(
            frame,
            unreadable.is_null() & (cef | kv_like),
            unreadable.fill_null(pl.lit("not a FortiGate log line (no date= or eventtime=)")),
        )
        is_cef = readable.select(cef).to_series()
        parts = []
        kv = readable.filter(~is_cef)
        if not kv.is_empty():
            fields = _kv_fields(kv)
            parts.append(fields.with_columns(ms=_kv_time(fields, self.time_zone)))
        shaped = readable.filter(is_cef)
        if not shaped.is_empty():
            fields = _cef_fields(shaped)
            parts.append(
                fields.with_columns(ms=_cef_time(fields, self.time_zone)).select(parts[0].columns)
                if parts
                else fields.with_columns(ms=_cef_time(fields, self.time_zone))
            )
        if not parts:
            return _table(_frame(_empty())), rejects, None
        parts = [part.drop("text") for part in parts]
        fields = (
            parts[0] if len(parts) == 1 else pl.concat(parts, how="diagonal_relaxed").sort("line")
        )
        web = (pl.col("subtype") == "webfilter") & (
            pl.col("type").is_null() | (pl.col("type") == "utm")
        )
        fields = fields.with_columns(web.fill_null(False).alias("_web"))
        # Lines of other log types are read and taken as no event, whatever their time.
        reason = (
            pl.when(~pl.col("_web"))
            .then(None)
            .when(pl.col("ms").is_null())
            .then(
                pl.when(pl.col("date").is_null() & pl.col("eventtime").is_null())
                .then(pl.lit("no time on the line (date= and time=, or eventtime=)"))
                .otherwise(pl.lit("time is not yyyy-mm-dd hh:mm:ss, or no such local time"))
            )
            .when(pl.col("_web") & pl.col("srcip").is_null() & pl.col("user").is_null())
            .then(pl.lit("web filter entry with no source address or user"))
        )
        good, more = _split_rejects(fields, reason.is_null(), reason)
        rejects = sorted(rejects + more)
        hits = good.filter(pl.col("_web"))
        user = pl.coalesce(pl.col("user"), pl.col("unauthuser"))
        host = pl.col("hostname").str.to_lowercase().str.strip_chars_end(".")
        if hits["hostname"].null_count():
            # No hostname= (older firmware, some CEF lines): the host of the URL.
            host = pl.coalesce(host, _host(pl.col("url").fill_null("-")))
        events = hits.select(
            pl.from_epoch("ms", time_unit="ms").dt.replace_time_zone("UTC").alias("at"),
            "line",
            pl.col("srcip").fill_null("").str.to_lowercase().alias("client"),
            pl.when(user.is_in(["", "N/A"]))
            .then(None)
            .otherwise(user.str.to_lowercase())
            .alias("user"),
            host.fill_null("").alias("host"),
            pl.col("action").fill_null("").alias("action"),
            pl.col("service").fill_null("").alias("method"),
            pl.lit(0, pl.Int32).alias("status"),
            pl.col("rcvdbyte").cast(pl.Int64, strict=False).fill_null(0).alias("size"),
            pl.col("action").is_in(["blocked", "block"]).fill_null(False).alias("blocked"),
            pl.col("catdesc").fill_null("").str.strip_chars().alias("vendor_category"),
        )
        table, vendor = _with_categories(events)
        return table, rejects, vendor


def _empty() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
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
    )


# The years the C scanner's zone table covers; a local time outside them is read by Polars.
ZONE_YEARS = (1990, 2070)


@functools.lru_cache(maxsize=16)
def zone_periods(time_zone: str) -> tuple[bytes, bytes, int]:
    """The time zone as the periods of one UTC offset that _fortiscan.c reads local times by:
    the UTC second each period starts (int64), its offset in seconds (int32), and the UTC
    second the table ends. Taken from Polars (its time zone data, as the Polars path uses):
    the offset every six hours, then each change narrowed to its hour, minute and second."""

    def offsets(seconds: np.ndarray) -> np.ndarray:
        instants = pl.from_epoch(pl.Series(seconds.ravel()), time_unit="s")
        local = instants.dt.replace_time_zone("UTC").dt.convert_time_zone(time_zone)
        shift = local.dt.replace_time_zone(None).dt.epoch("s") - instants.dt.epoch("s")
        return shift.to_numpy().reshape(seconds.shape)

    first, last = (int(datetime(year, 1, 1, tzinfo=UTC).timestamp()) for year in ZONE_YEARS)
    step = 6 * 3600
    samples = np.arange(first, last + 1, step, dtype=np.int64)
    sampled = offsets(samples)
    changes = np.flatnonzero(sampled[1:] != sampled[:-1]) + 1
    # Each change lies in (before, before + step]: narrow it down.
    before, old = samples[changes - 1], sampled[changes - 1]
    for finer in (3600, 60, 1):
        grid = before[:, None] + finer * np.arange(1, step // finer + 1, dtype=np.int64)
        moved = np.argmax(offsets(grid) != old[:, None], axis=1)
        before, step = before + finer * moved, finer
    return (
        np.concatenate([samples[:1], before + 1]).astype("<i8").tobytes(),
        np.concatenate([sampled[:1], sampled[changes]]).astype("<i4").tobytes(),
        last,
    )


class FortiGateReader:
    """One FortiGate log's chunks, in file order, through one C scanner (_fortiscan.c) as the
    Squid native log is read: line numbers run on, the text columns keep their dictionaries
    from chunk to chunk (``Parsed.continued``). The lines the scanner leaves (CEF, other
    encodings, the rarer quirks: see _fortiscan.c) are read by ``FortiGatePolarsReader`` and
    put in their places, which gives that chunk dictionaries of its own."""

    def __init__(
        self, first_line: int = 1, max_line: int = MAX_LINE_BYTES, time_zone: str = LONDON
    ):
        self.first_line, self.max_line, self.time_zone = first_line, max_line, time_zone
        self.scanner = _fortiscan.Scanner(first_line, max_line, *zone_periods(time_zone))
        self.slow = FortiGatePolarsReader(first_line, max_line, time_zone)
        # Whether the chunk before gave the scanner's own dictionaries.
        self.own = False

    def __call__(self, data: bytes | memoryview) -> Parsed:
        # (No bytes at all are one empty line, as _lines splits them.)
        scanned = self.scanner.scan(data if len(data) else b"\n")
        lines, n = scanned["counts"]
        self.first_line += lines
        columns = ScannedColumns(scanned, n)
        numbers, text = columns.numbers, columns.text

        table = pa.Table.from_arrays(
            [
                numbers("ts_ms", pa.int64()),
                numbers("line", pa.int64()),
                text("client"),
                text("user"),
                text("host"),
                text("action"),
                text("method"),
                pa.nulls(n, pa.int32()).fill_null(0),
                numbers("size", pa.int64()),
                numbers("blocked", pa.uint8()).cast(pa.bool_()),
            ],
            schema=TABLE_SCHEMA,
        )
        vendor = text("category")
        rejects = scanned["rejects"]
        continued, self.own = self.own, True
        if scanned["fallback"]:
            other, more, other_vendor = self.slow.read(_slow_lines(scanned["fallback"]))
            rejects = sorted(rejects + more)
            if other.num_rows:
                table, vendor = _merged(table, vendor, other, other_vendor)
                continued = self.own = False
        return Parsed(table, lines, rejects, continued=continued, vendor_categories=vendor)


def _slow_lines(lines: list[tuple[int, bytes]]) -> pl.DataFrame:
    """The lines the scanner left, as ``_lines`` makes a chunk's (and without the byte order
    mark that may start line 1)."""
    text = [raw.decode("utf-8", "replace").replace("\x00", "\ufffd") for _, raw in lines]
    frame = pl.DataFrame(
        {"text": text, "line": [number for number, _ in lines]},
        schema={"text": pl.String, "line": pl.Int64},
    ).with_columns(pl.col("text").str.strip_chars_end("\r"))
    return _strip_bom(frame, 1)


def _merged(
    table: pa.Table, vendor: pa.Array, other: pa.Table, other_vendor: pa.Array
) -> tuple[pa.Table, pa.Array]:
    """Two parts of a chunk's events as one table in line order, text encoded afresh."""
    plain = pa.schema(
        [(f.name, pa.string() if f.type == TEXT else f.type) for f in TABLE_SCHEMA]
        + [("vendor_category", pa.string())]
    )
    parts = [
        t.append_column("vendor_category", v.cast(pa.string())).cast(plain)
        for t, v in ((table, vendor), (other, other_vendor))
    ]
    both = pa.concat_tables(parts)
    both = both.take(pc.sort_indices(both["line"])).combine_chunks()

    def column(name: str) -> pa.Array:
        values = both[name].chunk(0)
        return pc.dictionary_encode(values).cast(TEXT) if values.type == pa.string() else values

    merged = pa.Table.from_arrays([column(f.name) for f in TABLE_SCHEMA], schema=TABLE_SCHEMA)
    return merged, column("vendor_category")


# --- Cisco Umbrella -------------------------------------------------------------------------

# The export's columns in their documented order; later versions add the last six.
UMBRELLA_COLUMNS = (
    "timestamp",
    "identity",
    "identities",
    "internalip",
    "externalip",
    "action",
    "querytype",
    "responsecode",
    "domain",
    "categories",
    "identitytype",
    "identitytypes",
    "blockedcategories",
    "ruleid",
    "destinationcountries",
    "organizationid",
)
# Header names (lower case, spaces and underscores removed) that older exports use.
_HEADER_ALIASES = {
    "mostgranularidentity": "identity",
    "policyidentity": "identity",
    "mostgranularidentitytype": "identitytype",
    "policyidentitytype": "identitytype",
}
# Identity types that are a place, not a person or a device: the event is attributed by its
# internal address instead.
NETWORK_IDENTITY_TYPES = ("networks", "internal networks", "sites", "network tunnels")
_FIELD = r'("(?:[^"]|"")*"|[^,"]*)'
_MAX_FIELDS = 24
UMBRELLA_ROW = (
    "^"
    + ",".join([_FIELD] * 10)
    + "".join(f"(?:,{_FIELD})?" for _ in range(_MAX_FIELDS - 10))
    + "$"
)
_UMBRELLA_GROUPS = UMBRELLA_ROW
for _i in range(_MAX_FIELDS):
    _UMBRELLA_GROUPS = _UMBRELLA_GROUPS.replace("(" + _FIELD[1:], f"(?P<f{_i}>" + _FIELD[1:], 1)


def _csv_value(value: pl.Expr) -> pl.Expr:
    """A CSV field without its quotes; doubled quotes inside it are one."""
    return (
        value.str.strip_prefix('"')
        .str.strip_suffix('"')
        .str.replace_all('""', '"', literal=True)
        .str.strip_chars()
    )


def _header_name(name: str) -> str:
    key = name.strip().strip('"').lower().replace(" ", "").replace("_", "")
    return _HEADER_ALIASES.get(key, key)


@dataclass
class UmbrellaReader:
    """One Umbrella DNS export's chunks. A header row, when the file has one, says where each
    column is (and is line 1, taken as no event); without it the documented order is used."""

    first_line: int = 1
    max_line: int = MAX_LINE_BYTES
    time_zone: str = "UTC"
    positions: dict[str, int] | None = None

    def __call__(self, data: bytes | memoryview) -> Parsed:
        frame = _strip_bom(_lines(data, self.first_line), self.first_line)
        start = self.first_line
        self.first_line += frame.height
        unreadable = _unreadable_reason(self.max_line)
        groups = [f"f{i}" for i in range(_MAX_FIELDS)]
        fields = self._by_csv_reader(data, frame, start)
        quoted = fields is None
        if quoted:
            fields = frame.with_columns(
                pl.col("text").str.extract_groups(_UMBRELLA_GROUPS).alias("f")
            ).unnest("f")
        header = 0
        if start == 1 and fields.height and self.positions is None:
            first = fields.row(0, named=True)
            if first["f0"] is not None and _header_name(first["f0"]) == "timestamp":
                names = [_header_name(first[g]) for g in groups if first.get(g) is not None]
                self.positions = {name: i for i, name in enumerate(names)}
                header = 1
        positions = self.positions or {name: i for i, name in enumerate(UMBRELLA_COLUMNS)}

        def column(name: str) -> pl.Expr:
            if name not in positions or f"f{positions[name]}" not in fields.columns:
                return pl.lit(None, pl.String)
            value = pl.col(f"f{positions[name]}")
            return _csv_value(value) if quoted else value.str.strip_chars()

        if header:
            fields = fields.slice(1)
        stamp = column("timestamp").str.replace("T", " ").str.strip_chars_end("Z")
        fields = fields.with_columns(
            stamp.str.strptime(pl.Datetime("ms"), "%Y-%m-%d %H:%M:%S%.f", strict=False)
            .dt.replace_time_zone(self.time_zone, ambiguous="earliest", non_existent="null")
            .dt.convert_time_zone("UTC")
            .alias("at"),
            column("domain").alias("_domain"),
        )
        # (The CSV reader makes fields of any line: _reasons says which were no row at all.)
        shaped = pl.col("f0").is_not_null()
        reason = unreadable.fill_null(
            pl.when(~shaped)
            .then(pl.lit("not an Umbrella DNS log row (quoted fields, comma-separated)"))
            .when(pl.col("at").is_null())
            .then(pl.lit("time is not yyyy-mm-dd hh:mm:ss"))
            .when(pl.col("_domain").fill_null("") == "")
            .then(pl.lit("no domain in the row"))
        )
        good, rejects = _split_rejects(fields, reason.is_null(), reason)
        if rejects and not quoted:
            rejects = self._reasons(frame, rejects)
        kind = column("identitytype").str.to_lowercase()
        identity = column("identity")
        personal = (
            identity.is_not_null()
            & (identity != "")
            & ~kind.is_in(NETWORK_IDENTITY_TYPES).fill_null(False)
        )
        qtype = column("querytype")
        events = good.select(
            "at",
            "line",
            column("internalip").fill_null("").str.to_lowercase().alias("client"),
            pl.when(personal).then(identity.str.to_lowercase()).otherwise(None).alias("user"),
            column("domain").str.to_lowercase().str.strip_chars_end(".").alias("host"),
            column("responsecode").fill_null("").alias("action"),
            pl.coalesce(qtype.str.extract(r"\((\w+)\)", 1), qtype).fill_null("").alias("method"),
            pl.lit(0, pl.Int32).alias("status"),
            pl.lit(0, pl.Int64).alias("size"),
            (column("action").str.to_lowercase() == "blocked").fill_null(False).alias("blocked"),
            column("categories").fill_null("").alias("vendor_category"),
        )
        table, vendor = _with_categories(events)
        return Parsed(table, frame.height, rejects, vendor_categories=vendor)

    def _by_csv_reader(self, data, frame: pl.DataFrame, start: int) -> pl.DataFrame | None:
        """The chunk's fields by Polars' CSV reader (several times as fast as a regular
        expression), when it reads one row per line; None to read line by line instead (a
        blank line, a quote left open, a chunk whose first row is not a row)."""
        raw = bytes(data)
        if start == 1 and raw.startswith(UTF8_BOM.encode()):
            raw = raw[len(UTF8_BOM.encode()) :]
        try:
            table = pl.read_csv(
                io.BytesIO(raw),
                has_header=False,
                infer_schema=False,
                truncate_ragged_lines=True,
                quote_char='"',
            )
        except pl.exceptions.PolarsError:
            return None
        if table.height != frame.height or not 10 <= table.width <= _MAX_FIELDS:
            return None
        table.columns = [f"f{i}" for i in range(table.width)]
        return frame.hstack(table)

    def _reasons(self, frame: pl.DataFrame, rejects: list[tuple[int, str]]) -> list:
        """The rejected lines' reasons as the line-by-line reading gives them (the CSV reader
        makes something of any line)."""
        lines = pl.DataFrame(rejects, schema=["line", "reason"], orient="row")
        shaped = (
            frame.join(lines, on="line")
            .with_columns(pl.col("text").str.contains(UMBRELLA_ROW).alias("_shaped"))
            .sort("line")
        )
        return [
            (n, reason if ok or reason.startswith(("line longer", "empty", "not valid", "binary"))
             else "not an Umbrella DNS log row (quoted fields, comma-separated)")
            for n, reason, ok in shaped.select("line", "reason", "_shaped").iter_rows()
        ]  # fmt: skip


def _reader(kind):
    def parse(data, first_line, year, max_line=MAX_LINE_BYTES, time_zone=None):
        reader = (
            kind(first_line, max_line)
            if time_zone is None
            else kind(first_line, max_line, time_zone)
        )
        return reader(data)

    return parse


VENDOR_FORMATS = {
    f.name: f
    for f in (
        Format(
            "fortigate",
            SourceKind.PROXY,
            "FortiGate web filter log",
            _reader(FortiGateReader),
            stream=FortiGateReader,
            vendor="fortigate",
            zoned=True,
        ),
        Format(
            "umbrella",
            SourceKind.DNS,
            "Cisco Umbrella DNS log export",
            _reader(UmbrellaReader),
            stream=UmbrellaReader,
            vendor="umbrella",
        ),
    )
}
FORMATS.update(VENDOR_FORMATS)
