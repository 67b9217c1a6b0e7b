"""Mapping profiles for the web and DNS logs of any other vendor (issue 23, C11): how one
vendor's CSV export or key=value log maps onto the common event table (parsers.TABLE_SCHEMA),
as carrier profiles do for phone bills (phones/profiles.py).

A profile names the vendor's field for each part of an event (the time, with its format and
time zone; the client address; the user; the host or domain, or a URL to take the host from;
the vendor's category; the action, with the values that mean "blocked"), and, for logs that
mix kinds of line, which lines are web or DNS entries at all. It is plain data, stored per
council (models.LogProfile) and written to and read from a JSON file whose format
docs/web-profiles.md describes; ``validate`` is the one gate for every way in. Built-in
profiles read the DNSFilter and NextDNS CSV exports and Sophos Firewall web filter logs.

Rows read through a profile go through the same ingest as every other log (ingest.py); the
category the vendor gives is stored as ``mapped/<name>`` (categories.VENDORS) and used
through the council's category meanings.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from councilguard.core.untrusted import JSONRefused, load_json
from councilguard.monitoring.parsers import (
    MAX_LINE_BYTES,
    Parsed,
    _frame,
    _host,
    _lines,
    _split_rejects,
    _table,
    _unreadable_reason,
)
from councilguard.monitoring.vendorlogs import (
    _KV_TOKEN,
    _KV_TRAP,
    _KV_VALUE,
    _epoch_ms,
    _strip_bom,
    _unquote,
    _vendor_column,
)

FORMAT = "councilguard-log-profile"
VERSION = 1
# Which log a profile reads: the --source name and the monitoring source it goes into.
LOGS = {"web": "proxy", "dns": "dns"}
SOURCE_NAMES = {"web-log": "web", "dns-log": "dns"}
SHAPES = ("csv", "key-value")
# The parts of an event a profile can read, in the order a form shows them.
FIELDS = ("time", "date", "client", "user", "host", "url", "category", "action")
DELIMITERS = (",", ";", "\t", "|")
TIME_FORMATS_NAMED = ("iso", "epoch")
# Several categories in one field are kept apart by this character once read (a category
# name never holds it), so categories.vendor_choice can choose among them.
CATEGORY_SPLIT = "\x1f"
# The vendor tag of a category read through a profile (categories.VENDORS).
VENDOR = "mapped"
MAX_PROFILE_BYTES = 100_000
UTF8_BOM = "\ufeff".encode()


class ProfileError(ValueError):
    """A profile that cannot be used, or a file it cannot read at all; the message says which
    part and why."""


@dataclass
class LogProfile:
    """One vendor layout. ``fields`` maps an event part -> the vendor's column header (CSV with
    a header row), column number counted from 1 (CSV without one) or key (key=value lines)."""

    name: str
    log: str
    fields: dict[str, str]
    description: str = ""
    shape: str = "csv"
    header: bool = True
    delimiter: str = ","
    # strftime format of the time field (with the date field before it when there is one),
    # "iso" (ISO 8601, with or without an offset) or "epoch" (Unix time; seconds,
    # milliseconds, microseconds or nanoseconds by the number of digits).
    time_format: str = "iso"
    # The zone of times written without an offset.
    time_zone: str = "UTC"
    # Values of the action field (case ignored) that mean the request was blocked.
    blocked_values: list[str] = field(default_factory=list)
    # The character between several categories in the category field ("" for one category).
    category_separator: str = ""
    # Only lines whose field has one of these values (case ignored) are events; others are
    # read and taken as no event (a firewall's traffic lines among its web filter lines).
    only_where: dict[str, list[str]] = field(default_factory=dict)

    @property
    def source_kind(self) -> str:
        return LOGS[self.log]

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, **asdict(self)}

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"


def validate(profile: LogProfile) -> LogProfile:
    """Check a profile is complete and consistent; return it or raise ProfileError."""
    if not isinstance(profile.name, str) or not profile.name.strip() or len(profile.name) > 60:
        raise ProfileError("a profile needs a name of at most 60 characters")
    if profile.log not in LOGS:
        raise ProfileError('log must be "web" or "dns"')
    if profile.shape not in SHAPES:
        raise ProfileError('shape must be "csv" or "key-value"')
    if not isinstance(profile.fields, dict) or not all(
        isinstance(v, str) for v in profile.fields.values()
    ):
        raise ProfileError("fields must be an object of event part to the vendor's field")
    profile.fields = {k: v.strip() for k, v in profile.fields.items() if v and v.strip()}
    unknown = set(profile.fields) - set(FIELDS)
    if unknown:
        raise ProfileError(f"unknown event parts: {', '.join(sorted(unknown))}")
    if "time" not in profile.fields:
        raise ProfileError("the time field is required")
    if not ({"host", "url"} & set(profile.fields)):
        raise ProfileError("a host or domain field, or a URL field, is required")
    if not ({"client", "user"} & set(profile.fields)):
        raise ProfileError("a client address field or a user field is required")
    names = list(profile.fields.values())
    if len(names) != len(set(names)):
        raise ProfileError("two event parts read the same field")
    if profile.shape == "csv" and not profile.header:
        keys = [*names, *(profile.only_where if isinstance(profile.only_where, dict) else {})]
        bad = [n for n in keys if not (n.isdigit() and 1 <= int(n) <= 200)]
        if bad:
            raise ProfileError(
                "without a header row, name each field by its column number (1 is the first)"
            )
    if profile.shape == "key-value":
        bad = [n for n in [*names, *profile.only_where] if not n.replace("-", "_").isidentifier()]
        if bad:
            raise ProfileError(f"{bad[0]!r} is not a key of a key=value line")
    if profile.delimiter not in DELIMITERS:
        raise ProfileError("the delimiter must be a comma, semicolon, tab or bar")
    if not isinstance(profile.time_format, str) or not (
        profile.time_format in TIME_FORMATS_NAMED or "%" in profile.time_format
    ):
        raise ProfileError('the time format must be "iso", "epoch" or a strftime format')
    if "date" in profile.fields and profile.time_format in TIME_FORMATS_NAMED:
        raise ProfileError("with a separate date field, give a strftime format for both")
    try:
        ZoneInfo(profile.time_zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ProfileError(f"{profile.time_zone!r} is not a time zone") from None
    if not isinstance(profile.blocked_values, list) or not all(
        isinstance(v, str) for v in profile.blocked_values
    ):
        raise ProfileError("blocked values must be a list of words")
    if profile.blocked_values and "action" not in profile.fields:
        raise ProfileError("blocked values need the action field")
    if len(profile.category_separator) > 1:
        raise ProfileError("the category separator is one character or none")
    if not isinstance(profile.only_where, dict) or not all(
        isinstance(v, list) and all(isinstance(w, str) for w in v)
        for v in profile.only_where.values()
    ):
        raise ProfileError("only_where must be an object of field to a list of values")
    profile.blocked_values = [v.strip().lower() for v in profile.blocked_values if v.strip()]
    profile.only_where = {
        k.strip(): [v.strip().lower() for v in values] for k, values in profile.only_where.items()
    }
    return profile


def from_json(data: Any) -> LogProfile:
    """Read a profile from its JSON document (docs/web-profiles.md)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProfileError(f'not a log profile (expected "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise ProfileError(f"profile version {data.get('version')!r} is not supported")
    body = {k: v for k, v in data.items() if k not in ("format", "version")}
    extra = set(body) - set(LogProfile.__dataclass_fields__)
    if extra:
        raise ProfileError(f"unknown keys: {', '.join(sorted(extra))}")
    try:
        profile = LogProfile(**body)
    except TypeError as error:
        raise ProfileError(str(error)) from None
    for key in ("name", "description", "shape", "delimiter", "time_zone", "category_separator"):
        if not isinstance(getattr(profile, key), str):
            raise ProfileError(f"{key} must be text")
    if not isinstance(profile.header, bool):
        raise ProfileError("header must be true or false")
    return validate(profile)


def loads(text: str) -> LogProfile:
    try:
        return from_json(load_json(text))
    except JSONRefused as refused:
        raise ProfileError(str(refused)) from None
    except json.JSONDecodeError as error:
        raise ProfileError(f"not valid JSON: {error}") from None


# --- reading -------------------------------------------------------------------------------


def _time_ms(profile: LogProfile) -> pl.Expr:
    """UTC milliseconds of the time field (and date field), null where it does not read."""
    text = pl.col("_time").str.strip_chars()
    if "date" in profile.fields:
        text = pl.concat_str([pl.col("_date").str.strip_chars(), text], separator=" ")
    if profile.time_format == "epoch":
        return pl.when(text.str.contains(r"^\d{9,19}$")).then(_epoch_ms(text))
    if profile.time_format == "iso":
        # The offset (Z, +01:00, +0100) read apart from the clock, so the clock parses by the
        # fast path of one fixed format; a time without one is in the profile's zone.
        offset = text.str.extract(r"(Z|[+-]\d{2}:?\d{2})$", 1)
        clock = (
            text.str.replace(r"(?:Z|[+-]\d{2}:?\d{2})$", "")
            .str.replace(" ", "T", literal=True)
            .str.strptime(pl.Datetime("ms"), "%Y-%m-%dT%H:%M:%S%.f", strict=False)
        )
        digits = offset.str.replace(":", "", literal=True)
        minutes = (
            digits.str.slice(1, 2).cast(pl.Int64, strict=False) * 60
            + digits.str.slice(3, 2).cast(pl.Int64, strict=False)
        ) * pl.when(digits.str.starts_with("-")).then(-1).otherwise(1)
        at_offset = (
            clock.dt.epoch("ms") - pl.when(offset == "Z").then(0).otherwise(minutes) * 60_000
        )
        if profile.time_zone == "UTC":
            return pl.when(offset.is_null()).then(clock.dt.epoch("ms")).otherwise(at_offset)
        local = clock.dt.replace_time_zone(
            profile.time_zone, ambiguous="earliest", non_existent="null"
        ).dt.epoch("ms")
        return pl.when(offset.is_null()).then(local).otherwise(at_offset)
    if "%z" in profile.time_format:
        return text.str.strptime(
            pl.Datetime("ms", "UTC"), profile.time_format, strict=False
        ).dt.epoch("ms")
    return (
        text.str.strptime(pl.Datetime("ms"), profile.time_format, strict=False)
        .dt.replace_time_zone(profile.time_zone, ambiguous="earliest", non_existent="null")
        .dt.epoch("ms")
    )


def _time_words(profile: LogProfile) -> str:
    if profile.time_format == "iso":
        return "not an ISO 8601 time (yyyy-mm-ddThh:mm:ss), or no such local time"
    if profile.time_format == "epoch":
        return "not a Unix time"
    return f"time does not read as {profile.time_format}, or no such local time"


@dataclass
class ProfileReader:
    """One file's chunks read through a profile. A CSV header row, when the profile says the
    file has one, is line 1 and says where each field is; it is taken as no event."""

    profile: LogProfile
    first_line: int = 1
    max_line: int = MAX_LINE_BYTES
    positions: dict[str, int] | None = None
    width: int = 0

    def __call__(self, data: bytes | memoryview) -> Parsed:
        frame = _strip_bom(_lines(data, self.first_line), self.first_line)
        start = self.first_line
        self.first_line += frame.height
        unreadable = _unreadable_reason(self.max_line)
        if self.profile.shape == "csv":
            fields, shaped, header = self._csv(frame, start, data)
        else:
            fields, shaped, header = self._kv(frame)
        return self._events(fields, shaped, unreadable, frame.height, header)

    # -- CSV --

    def _csv(self, frame: pl.DataFrame, start: int, data) -> tuple[pl.DataFrame, pl.Expr, int]:
        profile = self.profile
        table = _csv_table(frame, profile.delimiter, data, start)
        header = 0
        wanted = list(dict.fromkeys([*profile.fields.values(), *profile.only_where]))
        if start == 1 and profile.header:
            header = 1
            first = table.row(0) if table.height else ()
            names = {(name or "").strip().strip('"').lower(): i for i, name in enumerate(first)}
            missing = [n for n in wanted if n.lower() not in names]
            if missing:
                raise ProfileError(
                    f"line 1: the header row has no column {missing[0]!r}, which the profile "
                    f"{profile.name} reads (is it the right file and profile?)"
                )
            self.positions = {n: names[n.lower()] for n in wanted}
        elif not profile.header:
            self.positions = {n: int(n) - 1 for n in wanted}
        positions = self.positions or {}
        fields = frame.with_columns(
            (
                table.get_column(f"c{at}")
                if f"c{at}" in table.columns
                else pl.Series(f"c{at}", [None] * frame.height, dtype=pl.String)
            ).alias(f"v:{name}")
            for name, at in positions.items()
        )
        shaped = pl.col("text").str.contains(profile.delimiter, literal=True)
        return fields, shaped, header

    # -- key=value --

    def _kv(self, frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.Expr, int]:
        keys = list(dict.fromkeys([*self.profile.fields.values(), *self.profile.only_where]))
        trapped = frame.select(pl.col("text").str.contains(_KV_TRAP)).to_series()
        plain = frame.filter(~trapped).with_columns(
            _unquote(
                pl.col("text").str.extract(r"(?:^|\s)" + _escape(key) + "=" + _KV_VALUE, 1)
            ).alias(f"v:{key}")
            for key in keys
        )
        tricky = frame.filter(trapped)
        if not tricky.is_empty():
            tokens = pl.col("text").str.extract_all(_KV_TOKEN)
            tricky = tricky.with_columns(
                _unquote(
                    tokens.list.eval(pl.element().filter(pl.element().str.starts_with(key + "=")))
                    .list.first()
                    .str.slice(len(key) + 1)
                ).alias(f"v:{key}")
                for key in keys
            )
            plain = pl.concat([plain, tricky]).sort("line")
        escaped = [f"v:{k}" for k in keys if plain[f"v:{k}"].str.contains("\\", literal=True).any()]
        plain = plain.with_columns(pl.col(c).str.replace_all(r"\\(.)", "$1") for c in escaped)
        shaped = pl.col("text").str.contains(r"(?:^|\s)[A-Za-z_][\w-]*=")
        return plain, shaped, 0

    # -- both --

    def _events(self, fields, shaped, unreadable, lines: int, header: int) -> Parsed:
        profile = self.profile

        def value(part: str) -> pl.Expr:
            if part not in profile.fields:
                return pl.lit(None, pl.String)
            return pl.col(f"p:{part}")

        if header:
            fields = fields.filter(pl.col("line") != 1)
        # Each part's value without surrounding spaces, worked out once.
        fields = fields.with_columns(
            pl.col(f"v:{name}").str.strip_chars().alias(f"p:{part}")
            for part, name in profile.fields.items()
        )
        keep = pl.lit(True)
        for name, values in profile.only_where.items():
            keep = keep & pl.col(f"v:{name}").str.strip_chars().str.to_lowercase().is_in(values)
        fields = fields.with_columns(
            value("time").alias("_time"),
            value("date").alias("_date"),
            keep.fill_null(False).alias("_keep"),
        )
        fields = fields.with_columns(_time_ms(profile).alias("ms"))
        url = value("url")
        host = value("host").str.to_lowercase().str.strip_chars_end(".")
        if "url" in profile.fields:
            host = pl.coalesce(
                pl.when(host != "").then(host), _host(url.fill_null("-")).replace("", None)
            )
        fields = fields.with_columns(host.alias("_host"))
        shape_words = (
            f"not a row of {profile.delimiter!r}-separated fields as the profile reads"
            if profile.shape == "csv"
            else "not a key=value line"
        )
        reason = unreadable.fill_null(
            pl.when(~shaped.fill_null(False))
            .then(pl.lit(shape_words))
            .when(~pl.col("_keep"))
            .then(None)
            .when(pl.col("_time").fill_null("") == "")
            .then(pl.lit(f"no time in the line (the {profile.fields['time']} field)"))
            .when(pl.col("ms").is_null())
            .then(pl.lit(_time_words(profile)))
            .when(pl.col("_host").fill_null("") == "")
            .then(pl.lit("no host, domain or URL in the line"))
            .when((value("client").fill_null("") == "") & (value("user").fill_null("") == ""))
            .then(pl.lit("no client address or user in the line"))
        )
        good, rejects = _split_rejects(fields, reason.is_null(), reason)
        good = good.filter(pl.col("_keep"))
        user = value("user")
        category = value("category").fill_null("")
        if profile.category_separator:
            category = category.str.replace_all(
                profile.category_separator, CATEGORY_SPLIT, literal=True
            )
        blocked = (
            value("action").str.to_lowercase().is_in(profile.blocked_values).fill_null(False)
            if profile.blocked_values
            else pl.lit(False)
        )
        events = good.select(
            pl.from_epoch("ms", time_unit="ms").dt.replace_time_zone("UTC").alias("at"),
            "line",
            value("client").fill_null("").str.to_lowercase().alias("client"),
            pl.when(user.is_in(["", "-", "N/A", "n/a"]))
            .then(None)
            .otherwise(user.str.to_lowercase())
            .alias("user"),
            pl.col("_host").alias("host"),
            value("action").fill_null("").alias("action"),
            pl.lit("", pl.String).alias("method"),
            pl.lit(0, pl.Int32).alias("status"),
            pl.lit(0, pl.Int64).alias("size"),
            blocked.alias("blocked"),
            category.alias("vendor_category"),
        )
        table = _table(_frame(events.drop("vendor_category")))
        return Parsed(
            table, lines, rejects, vendor_categories=_vendor_column(events["vendor_category"])
        )


def _escape(key: str) -> str:
    return key.replace(".", r"\.")


def _csv_table(frame: pl.DataFrame, delimiter: str, data, start: int) -> pl.DataFrame:
    """The chunk's fields as columns c0, c1...: by Polars' CSV reader when it reads one row per
    line (the usual case), else line by line with the csv module (a blank line, or a quote
    left open, which must not swallow the lines after it)."""
    raw = bytes(data)
    if start == 1 and raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM) :]
    try:
        table = pl.read_csv(
            io.BytesIO(raw),
            has_header=False,
            infer_schema=False,
            truncate_ragged_lines=True,
            separator=delimiter,
            quote_char='"',
        )
    except pl.exceptions.PolarsError:
        table = None
    if table is not None and table.height == frame.height:
        table.columns = [f"c{i}" for i in range(table.width)]
        return table
    rows = []
    for line in frame["text"].to_list():
        try:
            rows.append(next(csv.reader([line], delimiter=delimiter), []))
        except csv.Error:
            rows.append([])
    width = max((len(r) for r in rows), default=0)
    return pl.DataFrame(
        {f"c{i}": [r[i] if i < len(r) else None for r in rows] for i in range(width)},
        schema={f"c{i}": pl.String for i in range(width)},
    )


def preview(profile: LogProfile, sample: bytes, rows: int = 10):
    """The first rows of a sample as ingest would read them, and the lines it would reject:
    (events as dicts, rejects as (line, reason), lines read). ProfileError when the profile
    cannot read the file at all (a header without a column it needs)."""
    parsed = ProfileReader(validate(profile))(sample)
    frame = parsed.frame()
    categories = parsed.vendor_categories.to_pylist() if parsed.vendor_categories else []
    shown = []
    for row, category in zip(frame.head(rows).iter_rows(named=True), categories, strict=False):
        row["category"] = ", ".join(c for c in (category or "").split(CATEGORY_SPLIT) if c)
        shown.append(row)
    return shown, parsed.rejects, parsed.lines


# --- built-in profiles -----------------------------------------------------------------------

NEXTDNS = validate(
    LogProfile(
        name="nextdns",
        log="dns",
        description=(
            "NextDNS log export (CSV with a header row: timestamp, domain, query_type, dnssec, "
            "protocol, client_ip, status, reasons, destination_country, root_domain, device_id, "
            "device_name, device_model, device_local_ip, matched_name, client_name). The user "
            "is the device's name; NextDNS gives no category of its own, only the reasons a "
            "query was blocked (a blocklist, a parental-control category), so the category "
            "lists classify the rest."
        ),
        fields={
            "time": "timestamp",
            "client": "client_ip",
            "user": "device_name",
            "host": "domain",
            "category": "reasons",
            "action": "status",
        },
        time_format="iso",
        time_zone="UTC",
        blocked_values=["blocked"],
        category_separator=",",
    )
)
DNSFILTER = validate(
    LogProfile(
        name="dnsfilter",
        log="dns",
        description=(
            "DNSFilter query log export (CSV with a header row). DNSFilter publishes no column "
            "list for its export, so these headers are a reasonable guess from its query log "
            "(time, domain, result, categories, site, user, source address): check them "
            "against a sample and build your own profile from it if they differ."
        ),
        fields={
            "time": "Time",
            "client": "Source IP",
            "user": "User",
            "host": "Domain",
            "category": "Categories",
            "action": "Result",
        },
        time_format="iso",
        time_zone="UTC",
        blocked_values=["blocked"],
        category_separator=",",
    )
)
SOPHOS = validate(
    LogProfile(
        name="sophos-firewall",
        log="web",
        description=(
            "Sophos Firewall web filter log (key=value syslog: device_name, date, time, "
            'log_type="Content Filtering", log_component="HTTP", log_subtype, status, '
            "user_name, src_ip, dst_ip, domain, url, category, category_type). Times in the "
            "firewall's local time (UK); Denied lines are blocked."
        ),
        shape="key-value",
        fields={
            "date": "date",
            "time": "time",
            "client": "src_ip",
            "user": "user_name",
            "host": "domain",
            "url": "url",
            "category": "category",
            "action": "log_subtype",
        },
        time_format="%Y-%m-%d %H:%M:%S",
        time_zone="Europe/London",
        blocked_values=["denied", "blocked"],
        only_where={"log_type": ["Content Filtering"]},
    )
)
BUILT_IN = {p.name: p for p in (DNSFILTER, NEXTDNS, SOPHOS)}
