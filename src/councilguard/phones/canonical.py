"""Read an itemised bill through a carrier profile into canonical records, vectorised (Polars).

The canonical record (one row per bill line), as a Polars/Arrow schema:

=================  ==========================  ==============================================
``line``           int                         the line of the file it came from (header = 1)
``line_number``    text, E.164                 the council's number (line of service) billed
``start_local``    datetime, naive             start as the bill shows it, Europe/London
``start_utc``      datetime, UTC               the same instant in UTC, as stored
``called_number``  text, E.164 or digits       the other party; empty for data sessions
``description``    text                        the carrier's description
``usage_class``    voice | sms | mms | data
``roaming``        bool                        used abroad (the class said so or a country)
``direction``      out | in
``duration_s``     int                         seconds
``data_bytes``     int                         bytes
``cost_pence``     int                         cost excluding VAT, whole pence (half up)
``in_bundle``      bool or null                included in the bundle; null when not billed
``roaming_country`` text or null
=================  ==========================  ==============================================

Every line is parsed at once with column expressions; a line that does not parse is listed
with its line number and every reason, and the caller decides (imports take a file whole or
not at all). Bills give local time: a time the clocks skipped (last Sunday of March, 01:00 to
02:00) is refused; a time that happened twice (last Sunday of October, 01:00 to 02:00) is read
as the first, summer-time, occurrence, since bills show no offset.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from councilguard.core.csvkit import Problem
from councilguard.core.untrusted import SHOWN_LENGTH, escape_unsafe
from councilguard.phones import numbers
from councilguard.phones.profiles import DATA_UNITS, Profile

LONDON = "Europe/London"
MAX_PROBLEMS = 1000

SCHEMA: dict[str, pl.DataType] = {
    "line": pl.Int64(),
    "line_number": pl.String(),
    "start_local": pl.Datetime("us"),
    "start_utc": pl.Datetime("us", "UTC"),
    "called_number": pl.String(),
    "description": pl.String(),
    "usage_class": pl.String(),
    "roaming": pl.Boolean(),
    "direction": pl.String(),
    "duration_s": pl.Int64(),
    "data_bytes": pl.Int64(),
    "cost_pence": pl.Int64(),
    "in_bundle": pl.Boolean(),
    "roaming_country": pl.String(),
}
FIELDS = tuple(SCHEMA)


@dataclass
class ParseResult:
    records: pl.DataFrame
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def read_bill(source: bytes | str | Path, profile: Profile) -> ParseResult:
    """Parse a whole bill; ``records`` holds the good lines, ``problems`` the others."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        return _whole_file("the file is empty: there is no bill line in it; nothing was taken")
    raw = None
    # Fast path: columns the profile says are whole numbers (seconds, bytes, pence) read as
    # integers by the CSV reader itself; if any cell is not one, read everything as text and
    # let the checks below say which line and why.
    whole = _whole_number_headers(profile)
    if whole:
        try:
            raw = _read(data, profile, {h: pl.Int64 for h in whole})
        except (pl.exceptions.PolarsError, ValueError):
            raw = None
    if raw is None:
        try:
            raw = _read(data, profile, {})
        except (pl.exceptions.PolarsError, ValueError) as error:
            return _whole_file(f"not a readable CSV file: {escape_unsafe(str(error)[:200])}")
    missing = [h for h in profile.columns.values() if h and h not in raw.columns]
    if missing:
        return _whole_file(f"missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    if raw.height == 0:
        # A header alone is not a bill of nothing (issue 12): refused, nothing kept.
        return _whole_file("the bill has no lines after its header; nothing was taken")
    return _parse_frame(raw, profile)


def _whole_number_headers(profile: Profile) -> list[str]:
    cols = profile.columns
    wanted = [
        cols.get("duration") if profile.duration_format == "seconds" else None,
        cols.get("data_volume") if profile.data_unit == "B" else None,
        cols.get("cost") if profile.cost_unit == "pence" else None,
    ]
    return [h for h in wanted if h]


def _read(data: bytes, profile: Profile, overrides: dict) -> pl.DataFrame:
    raw = pl.read_csv(
        io.BytesIO(data),
        separator=profile.delimiter,
        infer_schema=False,
        schema_overrides=overrides or None,
        truncate_ragged_lines=True,
        encoding="utf8-lossy",
    )
    raw.columns = [c.strip() for c in raw.columns]
    return raw


def start_of_day(day: date) -> datetime:
    """00:00 UK time on ``day``, as an aware instant: where a holding given by dates begins or
    ends (in summer that is 23:00 UTC the day before, never midnight UTC)."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(LONDON)).astimezone(UTC)


def read_header(source: bytes, profile_delimiter: str = ",") -> list[str]:
    """The header row of a sample, for building a profile."""
    first = source.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    return [h.strip().strip('"') for h in first.rstrip("\r").split(profile_delimiter)]


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMA)


def _whole_file(message: str) -> ParseResult:
    return ParseResult(records=empty(), problems=[Problem(1, message)], problem_count=1)


def _text(column: str | None, typed: frozenset[str] = frozenset()) -> pl.Expr:
    """The trimmed cell of a source column; null when empty or not mapped."""
    if not column:
        return pl.lit(None, dtype=pl.String)
    if column in typed:
        return pl.col(column)
    value = pl.col(column).str.strip_chars()
    return pl.when(value == "").then(None).otherwise(value)


def _parse_frame(raw: pl.DataFrame, profile: Profile) -> ParseResult:
    cols = profile.columns
    typed = frozenset(h for h, dtype in raw.schema.items() if dtype == pl.Int64)
    # One lazy plan, collected once: Polars runs independent columns in parallel and never
    # materialises the intermediate frames of a million lines.
    frame = raw.lazy().with_row_index("line", offset=2).with_columns(pl.col("line").cast(pl.Int64))

    # Start time: naive local, then UTC; a time the clocks skipped becomes null.
    if profile.has_split_datetime:
        start_raw = pl.concat_str(
            [_text(cols["start_date"]), _text(cols["start_time"])], separator=" "
        )
        start_fmt = f"{profile.date_format} {profile.time_format}"
    else:
        start_raw = _text(cols["start"])
        start_fmt = profile.datetime_format
    frame = frame.with_columns(
        _start_raw=start_raw,
        start_local=start_raw.str.strptime(pl.Datetime("us"), start_fmt, strict=False),
    ).with_columns(
        start_utc=pl.col("start_local")
        .dt.replace_time_zone(LONDON, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
    )

    frame = frame.with_columns(
        _line_raw=_text(cols.get("line_number")),
        _called_raw=_text(cols.get("called_number")),
        description=_text(cols.get("description")).fill_null(""),
        _usage_raw=_text(cols.get("usage_class")),
        _direction_raw=_text(cols.get("direction")),
        _duration_raw=_text(cols.get("duration"), typed),
        _data_raw=_text(cols.get("data_volume"), typed),
        _cost_raw=_text(cols.get("cost"), typed),
        _bundle_raw=_text(cols.get("in_bundle")),
        roaming_country=_text(cols.get("roaming_country")),
    )
    # Each parser in stages, so a column used several times is computed once; a column the
    # reader already read as integers needs none.
    int_duration, int_data, int_cost = (
        cols.get(f) in typed for f in ("duration", "data_volume", "cost")
    )
    if not int_duration:
        frame = frame.with_columns(
            **_duration_parts(pl.col("_duration_raw"), profile.duration_format)
        )
    if not int_data:
        frame = frame.with_columns(**_number_parts(pl.col("_data_raw"), "_data"))
    if not int_cost:
        frame = frame.with_columns(**_amount_parts(pl.col("_cost_raw"), "_cost"))
    scale = 2 if profile.cost_unit == "pounds" else 0
    frame = frame.with_columns(
        duration_s=pl.col("_duration_raw") if int_duration else _duration(profile.duration_format),
        data_bytes=pl.col("_data_raw") if int_data else _data(profile.data_unit),
        cost_pence=pl.col("_cost_raw") if int_cost else _scaled_int("_cost", scale),
        _usage=pl.col("_usage_raw")
        .str.to_lowercase()
        .replace_strict(profile.usage_values, default=None, return_dtype=pl.String),
        direction=(
            pl.col("_direction_raw")
            .str.to_lowercase()
            .replace_strict(profile.direction_values, default=None, return_dtype=pl.String)
            if cols.get("direction")
            else pl.lit("out")
        ),
        in_bundle=(
            pl.col("_bundle_raw").str.to_lowercase().is_in(profile.in_bundle_values)
            if cols.get("in_bundle")
            else pl.lit(None, dtype=pl.Boolean)
        ),
    ).with_columns(_usage=pl.col("_usage").fill_null(pl.lit(profile.default_usage)))

    # Numbers: each distinct value once (a bill of a million lines holds a few thousand),
    # joined back.
    lines = numbers.normalise_many(_distinct(raw, cols.get("line_number")))
    called = numbers.normalise_many(_distinct(raw, cols.get("called_number")))
    frame = frame.with_columns(
        line_number=pl.col("_line_raw").replace_strict(lines, default=None, return_dtype=pl.String),
        called_number=pl.col("_called_raw").replace_strict(
            called, default=None, return_dtype=pl.String
        ),
        usage_class=pl.col("_usage").str.strip_prefix("roaming-"),
        roaming=pl.col("_usage").str.starts_with("roaming-")
        | pl.col("roaming_country").is_not_null(),
    )

    checks = [
        (pl.col("_line_raw").is_null(), "no line number"),
        (
            pl.col("_line_raw").is_not_null() & ~pl.col("line_number").str.starts_with("+"),
            pl.format("line number {} is not a telephone number", _shown(pl.col("_line_raw"))),
        ),
        (pl.col("_start_raw").is_null(), "no start date and time"),
        (
            pl.col("_start_raw").is_not_null() & pl.col("start_local").is_null(),
            pl.format(
                "start {} is not a date and time like {}",
                _shown(pl.col("_start_raw")),
                pl.lit(start_fmt.replace("%", "")),
            ),
        ),
        (
            pl.col("start_local").is_not_null() & pl.col("start_utc").is_null(),
            pl.format(
                "start {} did not happen in UK time (the clocks went forward)",
                _shown(pl.col("_start_raw")),
            ),
        ),
        (
            pl.col("_duration_raw").is_not_null() & pl.col("duration_s").is_null(),
            pl.format(
                "duration {} is not {}",
                _shown(pl.col("_duration_raw")),
                pl.lit(profile.duration_format),
            ),
        ),
        (
            pl.col("_data_raw").is_not_null() & pl.col("data_bytes").is_null(),
            pl.format(
                "data volume {} is not a number of {}",
                _shown(pl.col("_data_raw")),
                pl.lit(profile.data_unit),
            ),
        ),
        (pl.col("_cost_raw").is_null(), "no cost"),
        (
            pl.col("_cost_raw").is_not_null() & pl.col("cost_pence").is_null(),
            pl.format(
                "cost {} is not an amount in {}",
                _shown(pl.col("_cost_raw")),
                pl.lit(profile.cost_unit),
            ),
        ),
        (
            pl.col("_usage_raw").is_not_null()
            & ~pl.col("_usage_raw").str.to_lowercase().is_in(list(profile.usage_values)),
            pl.format("call type {} is not in the profile", _shown(pl.col("_usage_raw"))),
        ),
        (
            pl.col("direction").is_null(),
            pl.format("direction {} is not in the profile", _shown(pl.col("_direction_raw"))),
        ),
        (
            (pl.col("duration_s") < 0) | (pl.col("data_bytes") < 0),
            "duration and data volume cannot be negative",
        ),
    ]
    # Whether a line is bad is one boolean per line; the words of each reason are only built
    # for the bad lines, which are few.
    frame = frame.with_columns(
        _bad=pl.any_horizontal([condition.fill_null(False) for condition, _ in checks])
    ).collect()
    good = (
        frame.lazy()
        .filter(~pl.col("_bad"))
        .with_columns(
            duration_s=pl.col("duration_s").fill_null(0),
            data_bytes=pl.col("data_bytes").fill_null(0),
        )
        .select([pl.col(name).cast(dtype) for name, dtype in SCHEMA.items()])
        .collect()
    )
    bad = (
        frame.lazy()
        .filter(pl.col("_bad"))
        .with_columns(_reasons=pl.concat_list([_reason(c, m) for c, m in checks]).list.drop_nulls())
        .select("line", "_reasons")
        .collect()
    )
    problems = [
        Problem(line, escape_unsafe("; ".join(reasons)))
        for line, reasons in bad.head(MAX_PROBLEMS).select("line", "_reasons").iter_rows()
    ]
    return ParseResult(records=good, rows=frame.height, problems=problems, problem_count=bad.height)


def _distinct(raw: pl.DataFrame, column: str | None) -> list[str | None]:
    """The distinct trimmed cells of a source column."""
    if not column:
        return [None]
    return raw.lazy().select(_text(column).unique()).collect().to_series().to_list()


def _shown(value: pl.Expr) -> pl.Expr:
    """A cell as a problem quotes it: at most SHOWN_LENGTH characters, then "…" (issue 12:
    a bill's bad line is named, never echoed whole); control characters are escaped once the
    message is built."""
    text = value.cast(pl.String)
    return (
        pl.when(text.str.len_chars() > SHOWN_LENGTH)
        .then(pl.concat_str([text.str.slice(0, SHOWN_LENGTH), pl.lit("…")]))
        .otherwise(text)
    )


def _reason(condition: pl.Expr, message: str | pl.Expr) -> pl.Expr:
    text = pl.lit(message) if isinstance(message, str) else message
    return pl.when(condition.fill_null(False)).then(text).otherwise(pl.lit(None, pl.String))


def _duration_parts(value: pl.Expr, fmt: str) -> dict[str, pl.Expr]:
    if fmt in ("seconds", "minutes"):
        return {
            "_dur_n": value.str.replace_all(",", "", literal=True).cast(pl.Float64, strict=False)
        }
    pattern = {
        "hh:mm:ss": r"^()(\d+):([0-5]\d):([0-5]\d)$",
        "mm:ss": r"^()()(\d+):([0-5]\d)$",
        "clock": r"^()(?:(\d+):)?([0-5]?\d):([0-5]\d)$",
    }[fmt]
    return {"_dur_parts": value.str.extract_groups(pattern)}


def _duration(fmt: str) -> pl.Expr:
    """Seconds from ``hh:mm:ss``, ``mm:ss``, either (``clock``), seconds or minutes."""
    if fmt in ("seconds", "minutes"):
        number = pl.col("_dur_n")
        factor = 60 if fmt == "minutes" else 1
        number = pl.when(number.is_finite()).then(number).otherwise(None)
        return (number * factor).round(0).cast(pl.Int64, strict=False)
    parts = pl.col("_dur_parts")
    hours = parts.struct.field("2").cast(pl.Int64, strict=False)
    minutes = parts.struct.field("3").cast(pl.Int64, strict=False)
    seconds = parts.struct.field("4").cast(pl.Int64, strict=False)
    if fmt == "mm:ss":
        hours = pl.lit(0, pl.Int64)
    elif fmt == "clock":
        hours = hours.fill_null(pl.when(seconds.is_not_null()).then(0))
    return hours * 3600 + minutes * 60 + seconds


def _number_parts(value: pl.Expr, prefix: str) -> dict[str, pl.Expr]:
    return {
        f"{prefix}_n": value.str.replace_all(",", "", literal=True).cast(pl.Float64, strict=False)
    }


def _data(unit: str) -> pl.Expr:
    number = pl.col("_data_n")
    number = pl.when(number.is_finite()).then(number).otherwise(None)
    return (number * DATA_UNITS[unit]).round(0).cast(pl.Int64, strict=False)


def _amount_parts(value: pl.Expr, prefix: str) -> dict[str, pl.Expr]:
    cleaned = (
        value.str.replace_all("£", "", literal=True)
        .str.replace_all(",", "", literal=True)
        .str.replace_all(" ", "", literal=True)
        .str.splitn(".", 2)
    )
    return {f"{prefix}_split": cleaned}


def _scaled_int(prefix: str, scale: int) -> pl.Expr:
    """A decimal amount as an exact integer of 10**-scale units, rounded half away from zero
    (pounds to pence: scale 2). Exact: no binary floating point on money. String splits and
    integer casts only, which run several times faster than a regular expression."""
    parts = pl.col(f"{prefix}_split")
    whole_text = parts.struct.field("field_0")
    fraction = parts.struct.field("field_1").fill_null("")
    negative = whole_text.str.starts_with("-")
    digits = whole_text.str.strip_prefix("-").str.strip_prefix("+")
    whole = (
        pl.when(digits == "")
        .then(pl.lit(0, pl.UInt64))
        .otherwise(digits.cast(pl.UInt64, strict=False))
    )
    valid_fraction = (fraction == "") | fraction.cast(pl.UInt64, strict=False).is_not_null()
    has_digits = (digits.str.len_bytes() + fraction.str.len_bytes()) > 0
    padded = fraction.str.pad_end(scale + 1, "0")
    kept = padded.str.slice(0, scale).cast(pl.Int64, strict=False) if scale else pl.lit(0, pl.Int64)
    round_up = (padded.str.slice(scale, 1).cast(pl.Int64, strict=False) >= 5).cast(pl.Int64)
    magnitude = whole.cast(pl.Int64) * (10**scale) + kept + round_up
    signed = pl.when(negative).then(-magnitude).otherwise(magnitude)
    return pl.when(has_digits & valid_fraction & whole.is_not_null()).then(signed).otherwise(None)
