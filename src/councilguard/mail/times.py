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
    first, second = over_twelve(texts)
    return second and not first


def over_twelve(texts: pl.Series) -> tuple[bool, bool]:
    """Whether some slash date's first number, and some one's second, is above 12. Read from
    the distinct dates (a week of times has a few), not from every row."""
    texts = texts.str.strip_chars_start().str.slice(0, 10).unique()
    parts = texts.str.extract_groups(r"^\s*(\d{1,2})/(\d{1,2})/\d{4}")
    first = parts.struct.field("1").cast(pl.Int32, strict=False)
    second = parts.struct.field("2").cast(pl.Int32, strict=False)
    return bool((first > 12).any()), bool((second > 12).any())


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


SAMPLE = 200  # non-empty times that choose the form tried first


def parse_series(texts: pl.Series, *, naive_zone: str) -> pl.Series:
    """Each text as a UTC time (ms), or null when it is no time the exports write."""
    reading = Reading(naive_zone)
    reading.see(texts)
    return reading.read(texts)


class Reading:
    """The times of one file, read block by block as the whole file would be read at once.

    An export writes one form throughout: the form most of a sample (the first ``SAMPLE``
    non-empty times) reads is tried first on the text as written (a million rows cost one
    parse and no clean-up), then each form, on cleaned text, only on the rows no earlier one
    read. Slash dates are day first unless the file shows month first, which only its end
    can tell, except that a first number above 12 settles it day first. Until ``settled``,
    the caller keeps its blocks (``see``-n, not yet ``read``); a day-first file, or one
    without slash dates, is settled by its first block."""

    def __init__(self, naive_zone: str):
        self.zone = naive_zone
        self._sample: list[pl.Series] = []
        self._sampled = 0
        self._first_over, self._second_over = False, False
        self._plan: tuple[list[pl.Expr], list[int], bool] | None = None

    def see(self, texts: pl.Series) -> None:
        """Takes note of a block's times (before any block is read)."""
        if self._sampled < SAMPLE:
            wanted = texts.fill_null("").str.strip_chars()
            wanted = wanted.filter(wanted != "").head(SAMPLE - self._sampled)
            self._sample.append(wanted)
            self._sampled += wanted.len()
        if not self._first_over:
            first, second = over_twelve(texts)
            self._first_over, self._second_over = first, self._second_over or second

    @property
    def settled(self) -> bool:
        """Whether every block seen so far can be read now as the whole file will be."""
        if self._sampled < SAMPLE:
            return False
        return self._first_over or not self._slash()

    def _slash(self) -> bool:
        return bool(self._sample_texts().str.contains(r"^\d{1,2}/\d{1,2}/\d{4}").any())

    def _sample_texts(self) -> pl.Series:
        if not self._sample:
            return pl.Series("t", [], dtype=pl.String)
        return pl.concat(self._sample).rename("t")

    def _chosen(self) -> tuple[list[pl.Expr], list[int], bool]:
        if self._plan is None:
            sample = pl.DataFrame({"t": self._sample_texts()})
            order = self._second_over and not self._first_over if self._slash() else False
            formats = _formats(self.zone, order)
            cleaned = sample.select(_clean(pl.col("t")).alias("t"))
            scores = [cleaned.select(f.is_not_null().sum()).item() for f in formats]
            ranked = sorted(range(len(formats)), key=lambda i: -scores[i])
            best = formats[ranked[0]]
            direct = bool(scores[ranked[0]]) and (
                sample.select(best.is_not_null().sum()).item() == scores[ranked[0]]
            )
            self._plan = (formats, ranked, direct)
        return self._plan

    def read(self, texts: pl.Series) -> pl.Series:
        """A block's times (every block must have been ``see``-n first, in order)."""
        formats, ranked, direct = self._chosen()
        raw = pl.DataFrame({"t": texts.fill_null("").str.strip_chars()})
        result = pl.Series("t", [None] * raw.height, dtype=pl.Datetime("ms", UTC))
        if direct:
            result = raw.select(formats[ranked[0]].alias("t")).to_series()
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
