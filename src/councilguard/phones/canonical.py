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
from pathlib import Path

import polars as pl

from councilguard.core.csvkit import Problem
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
    try:
        raw = pl.read_csv(
            io.BytesIO(data),
            separator=profile.delimiter,
            infer_schema=False,
            truncate_ragged_lines=True,
            encoding="utf8-lossy",
        )
    except (pl.exceptions.PolarsError, ValueError) as error:
        return _whole_file(f"not a readable CSV file: {error}")
    raw.columns = [c.strip() for c in raw.columns]
    missing = [h for h in profile.columns.values() if h and h not in raw.columns]
    if missing:
        return _whole_file(f"missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    if raw.height == 0:
        return ParseResult(records=empty())
    return _parse_frame(raw, profile)


def read_header(source: bytes, profile_delimiter: str = ",") -> list[str]:
    """The header row of a sample, for building a profile."""
    first = source.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    return [h.strip().strip('"') for h in first.rstrip("\r").split(profile_delimiter)]


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMA)


def _whole_file(message: str) -> ParseResult:
    return ParseResult(records=empty(), problems=[Problem(1, message)], problem_count=1)


def _text(column: str | None) -> pl.Expr:
    """The trimmed cell of a source column; null when empty or not mapped."""
    if not column:
        return pl.lit(None, dtype=pl.String)
    value = pl.col(column).str.strip_chars()
    return pl.when(value == "").then(None).otherwise(value)


def _parse_frame(raw: pl.DataFrame, profile: Profile) -> ParseResult:
    cols = profile.columns
    frame = raw.with_row_index("line", offset=2).with_columns(pl.col("line").cast(pl.Int64))

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
        _duration_raw=_text(cols.get("duration")),
        _data_raw=_text(cols.get("data_volume")),
        _cost_raw=_text(cols.get("cost")),
        _bundle_raw=_text(cols.get("in_bundle")),
        roaming_country=_text(cols.get("roaming_country")),
    )
    frame = frame.with_columns(
        duration_s=_duration(pl.col("_duration_raw"), profile.duration_format),
        data_bytes=_data(pl.col("_data_raw"), profile.data_unit),
        cost_pence=_scaled_int(pl.col("_cost_raw"), 2 if profile.cost_unit == "pounds" else 0),
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

    # Numbers: each distinct value once, joined back.
    lines = numbers.normalise_many(frame.get_column("_line_raw").to_list())
    called = numbers.normalise_many(frame.get_column("_called_raw").to_list())
    frame = frame.with_columns(
        line_number=pl.col("_line_raw").replace_strict(lines, return_dtype=pl.String),
        called_number=pl.col("_called_raw").replace_strict(called, return_dtype=pl.String),
        usage_class=pl.col("_usage").str.strip_prefix("roaming-"),
        roaming=pl.col("_usage").str.starts_with("roaming-")
        | pl.col("roaming_country").is_not_null(),
    )

    reasons = [
        _reason(pl.col("_line_raw").is_null(), "no line number"),
        _reason(
            pl.col("_line_raw").is_not_null() & ~pl.col("line_number").str.starts_with("+"),
            pl.format("line number {} is not a telephone number", pl.col("_line_raw")),
        ),
        _reason(pl.col("_start_raw").is_null(), "no start date and time"),
        _reason(
            pl.col("_start_raw").is_not_null() & pl.col("start_local").is_null(),
            pl.format(
                "start {} is not a date and time like {}",
                pl.col("_start_raw"),
                pl.lit(start_fmt.replace("%", "")),
            ),
        ),
        _reason(
            pl.col("start_local").is_not_null() & pl.col("start_utc").is_null(),
            pl.format(
                "start {} did not happen in UK time (the clocks went forward)",
                pl.col("_start_raw"),
            ),
        ),
        _reason(
            pl.col("_duration_raw").is_not_null() & pl.col("duration_s").is_null(),
            pl.format(
                "duration {} is not {}", pl.col("_duration_raw"), pl.lit(profile.duration_format)
            ),
        ),
        _reason(
            pl.col("_data_raw").is_not_null() & pl.col("data_bytes").is_null(),
            pl.format(
                "data volume {} is not a number of {}",
                pl.col("_data_raw"),
                pl.lit(profile.data_unit),
            ),
        ),
        _reason(pl.col("_cost_raw").is_null(), "no cost"),
        _reason(
            pl.col("_cost_raw").is_not_null() & pl.col("cost_pence").is_null(),
            pl.format(
                "cost {} is not an amount in {}", pl.col("_cost_raw"), pl.lit(profile.cost_unit)
            ),
        ),
        _reason(
            pl.col("_usage_raw").is_not_null()
            & ~pl.col("_usage_raw").str.to_lowercase().is_in(list(profile.usage_values)),
            pl.format("call type {} is not in the profile", pl.col("_usage_raw")),
        ),
        _reason(
            pl.col("direction").is_null(),
            pl.format("direction {} is not in the profile", pl.col("_direction_raw")),
        ),
        _reason(
            (pl.col("duration_s") < 0) | (pl.col("data_bytes") < 0),
            "duration and data volume cannot be negative",
        ),
    ]
    frame = frame.with_columns(
        _reasons=pl.concat_list(reasons).list.drop_nulls(),
        duration_s=pl.col("duration_s").fill_null(0),
        data_bytes=pl.col("data_bytes").fill_null(0),
    )
    bad = frame.filter(pl.col("_reasons").list.len() > 0)
    good = frame.filter(pl.col("_reasons").list.len() == 0).select(
        [pl.col(name).cast(dtype) for name, dtype in SCHEMA.items()]
    )
    problems = [
        Problem(line, "; ".join(reasons))
        for line, reasons in bad.head(MAX_PROBLEMS).select("line", "_reasons").iter_rows()
    ]
    return ParseResult(records=good, rows=frame.height, problems=problems, problem_count=bad.height)


def _reason(condition: pl.Expr, message: str | pl.Expr) -> pl.Expr:
    text = pl.lit(message) if isinstance(message, str) else message
    return pl.when(condition.fill_null(False)).then(text).otherwise(pl.lit(None, pl.String))


def _duration(value: pl.Expr, fmt: str) -> pl.Expr:
    """Seconds from ``hh:mm:ss``, ``mm:ss``, either (``clock``), seconds or minutes."""
    if fmt in ("seconds", "minutes"):
        number = value.str.replace_all(",", "").cast(pl.Float64, strict=False)
        factor = 60 if fmt == "minutes" else 1
        number = pl.when(number.is_finite()).then(number).otherwise(None)
        return (number * factor).round(0).cast(pl.Int64, strict=False)
    pattern = {
        "hh:mm:ss": r"^()(\d+):([0-5]\d):([0-5]\d)$",
        "mm:ss": r"^()()(\d+):([0-5]\d)$",
        "clock": r"^()(?:(\d+):)?([0-5]?\d):([0-5]\d)$",
    }[fmt]
    parts = value.str.extract_groups(pattern)
    hours = parts.struct.field("2").cast(pl.Int64, strict=False)
    minutes = parts.struct.field("3").cast(pl.Int64, strict=False)
    seconds = parts.struct.field("4").cast(pl.Int64, strict=False)
    if fmt == "mm:ss":
        hours = pl.lit(0, pl.Int64)
    elif fmt == "clock":
        hours = hours.fill_null(pl.when(seconds.is_not_null()).then(0))
    return hours * 3600 + minutes * 60 + seconds


def _data(value: pl.Expr, unit: str) -> pl.Expr:
    number = value.str.replace_all(",", "").cast(pl.Float64, strict=False)
    number = pl.when(number.is_finite()).then(number).otherwise(None)
    return (number * DATA_UNITS[unit]).round(0).cast(pl.Int64, strict=False)


def _scaled_int(value: pl.Expr, scale: int) -> pl.Expr:
    """A decimal amount as an exact integer of 10**-scale units, rounded half away from zero
    (pounds to pence: scale 2). Exact: no binary floating point on money."""
    cleaned = value.str.replace_all(r"[£\s,]", "")
    parts = cleaned.str.extract_groups(r"^([+-]?)(\d*)(?:\.(\d*))?$")
    sign = pl.when(parts.struct.field("1") == "-").then(-1).otherwise(1)
    whole_text = parts.struct.field("2")
    fraction = parts.struct.field("3").fill_null("")
    has_digits = (whole_text.str.len_chars() + fraction.str.len_chars()) > 0
    whole = pl.when(whole_text == "").then(pl.lit("0")).otherwise(whole_text)
    padded = fraction.str.pad_end(scale + 1, "0")
    kept = padded.str.slice(0, scale).cast(pl.Int64, strict=False) if scale else pl.lit(0, pl.Int64)
    round_up = (padded.str.slice(scale, 1).cast(pl.Int64, strict=False) >= 5).cast(pl.Int64)
    magnitude = whole.cast(pl.Int64, strict=False) * (10**scale) + kept + round_up
    return pl.when(has_digits).then(sign * magnitude).otherwise(None)
