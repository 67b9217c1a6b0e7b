"""Times in the exports (formats_and_law 0.4): message traces and Entra give UTC (ISO 8601, or
PowerShell's culture-dependent ``dd/MM/yyyy HH:mm:ss`` or ``M/d/yyyy h:mm:ss tt``); Google's
exports give a display time (``Oct 9, 2025, 9:14:03 AM``) in the admin's zone, taken here as
UK local time unless the text carries an offset.

Slash dates are ambiguous: a file is read day first (the UK order) unless one of its dates
can only be month first (a second number above 12)."""

from __future__ import annotations

import polars as pl

UTC = "UTC"
LONDON = "Europe/London"


def _clean(text: pl.Expr) -> pl.Expr:
    # Newer exports put a narrow no-break space before AM/PM.
    return (
        text.str.replace_all("[\u202f\u00a0]", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.replace(r"(?i)\s*(?:UTC|GMT)$", "Z")
    )


def month_first(texts: pl.Series) -> bool:
    """Whether the file's slash dates are month first (some second number is above 12 and
    no first number is)."""
    parts = texts.str.extract_groups(r"^\s*(\d{1,2})/(\d{1,2})/\d{4}")
    first = parts.struct.field("1").cast(pl.Int32, strict=False)
    second = parts.struct.field("2").cast(pl.Int32, strict=False)
    return bool((second > 12).any()) and not bool((first > 12).any())


def parse(text: pl.Expr, *, naive_zone: str, month_first_dates: bool = False) -> pl.Expr:
    """An expression giving each text as a UTC time (ms), or null when it is no time."""
    clean = _clean(text)
    offset = clean.str.replace(r"Z$", "+00:00")
    aware = [
        offset.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f%:z", strict=False, time_zone=UTC),
        offset.str.to_datetime("%Y-%m-%d %H:%M:%S%.f%:z", strict=False, time_zone=UTC),
    ]
    dm = "%m/%d/%Y" if month_first_dates else "%d/%m/%Y"
    naive_formats = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        f"{dm} %H:%M:%S",
        f"{dm} %I:%M:%S %p",
        f"{dm} %H:%M",
        "%b %d, %Y, %I:%M:%S %p",
        "%b %d, %Y %I:%M:%S %p",
        "%d %b %Y, %H:%M:%S",
        "%d %b %Y %H:%M:%S",
    ]
    naive = pl.coalesce(
        [clean.str.to_datetime(f, strict=False, time_unit="ms") for f in naive_formats]
    )
    local = naive.dt.replace_time_zone(
        naive_zone, ambiguous="earliest", non_existent="null"
    ).dt.convert_time_zone(UTC)
    return pl.coalesce([*(a.dt.cast_time_unit("ms") for a in aware), local])


def parse_series(texts: pl.Series, *, naive_zone: str) -> pl.Series:
    """The same for one column of a file, judging its slash-date order from all its rows."""
    order = month_first(texts)
    frame = pl.DataFrame({"t": texts})
    return frame.select(
        parse(pl.col("t"), naive_zone=naive_zone, month_first_dates=order).alias("t")
    )["t"]
