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
    no first number is). Read from the distinct dates of the file (a week of times has a
    few), not from every row."""
    texts = texts.str.strip_chars_start().str.slice(0, 10).unique()
    parts = texts.str.extract_groups(r"^\s*(\d{1,2})/(\d{1,2})/\d{4}")
    first = parts.struct.field("1").cast(pl.Int32, strict=False)
    second = parts.struct.field("2").cast(pl.Int32, strict=False)
    return bool((second > 12).any()) and not bool((first > 12).any())


def _formats(naive_zone: str, month_first_dates: bool) -> list[pl.Expr]:
    """One expression per form a time may take, each giving a UTC time or null, reading the
    cleaned text in column ``t``."""
    clean = pl.col("t")
    offset = clean.str.replace(r"Z$", "+00:00")
    aware = [
        # ISO 8601 in UTC as Graph and the Entra portal write it, read without a rewrite.
        clean.str.to_datetime(
            "%Y-%m-%dT%H:%M:%S%.fZ", strict=False, time_unit="ms"
        ).dt.replace_time_zone(UTC),
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
    local = [
        clean.str.to_datetime(f, strict=False, time_unit="ms")
        .dt.replace_time_zone(naive_zone, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone(UTC)
        for f in naive_formats
    ]
    return [a.dt.cast_time_unit("ms") for a in aware] + local


def parse_series(texts: pl.Series, *, naive_zone: str) -> pl.Series:
    """Each text as a UTC time (ms), or null when it is no time the exports write. An export
    writes one form throughout: the form most of a sample reads is tried first on the text as
    written (a million rows cost one parse and no clean-up), then each form, on cleaned text,
    only on the rows no earlier one read."""
    raw = pl.DataFrame({"t": texts.fill_null("").str.strip_chars()})
    sample = raw.filter(pl.col("t") != "").head(200)
    slash = bool(sample["t"].str.contains(r"^\d{1,2}/\d{1,2}/\d{4}").any())
    order = month_first(texts) if slash else False
    formats = _formats(naive_zone, order)
    cleaned = sample.select(_clean(pl.col("t")).alias("t"))
    scores = [cleaned.select(f.is_not_null().sum()).item() for f in formats]
    ranked = sorted(range(len(formats)), key=lambda i: -scores[i])
    best = formats[ranked[0]]
    result = pl.Series("t", [None] * raw.height, dtype=pl.Datetime("ms", UTC))
    if scores[ranked[0]] and sample.select(best.is_not_null().sum()).item() == scores[ranked[0]]:
        result = raw.select(best.alias("t")).to_series()
    todo = raw.with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("_i"), result.is_null().alias("_missing")
    ).filter(pl.col("_missing") & (pl.col("t") != ""))
    if todo.is_empty():
        return result
    remaining = todo.select(_clean(pl.col("t")).alias("t"), "_i")
    for index in ranked:
        if remaining.is_empty():
            break
        parsed = remaining.select("_i", formats[index].alias("at"))
        done = parsed.filter(pl.col("at").is_not_null())
        if done.height:
            result = result.scatter(done["_i"], done["at"])
            remaining = remaining.join(done.select("_i"), on="_i", how="anti")
    return result
