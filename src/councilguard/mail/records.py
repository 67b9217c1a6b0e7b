"""The canonical records that every export becomes (metadata only, issue 19 item 2), and the
parse result a format gives: the good rows and each bad line with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

# One row per message and recipient. ``direction`` is what the export says ("in", "out" or
# "" when it does not say; the rules judge it from the council's domains). ``subject`` stays
# empty unless the council keeps subjects for this source, with a reason (ICO: least
# intrusive first). ``forwarded`` marks a copy the export says an automatic rule sent.
MESSAGE = {
    "at": pl.Datetime("ms", "UTC"),
    "line": pl.Int64,
    "sender": pl.String,
    "recipient": pl.String,
    "direction": pl.String,
    "status": pl.String,
    "size": pl.Int64,
    "message_id": pl.String,
    "client_ip": pl.String,
    "forwarded": pl.Boolean,
    "subject": pl.String,
}

# One row per sign-in. ``result``: success, failure or interrupted (asked for a further step).
# ``mfa``: the sign-in passed a second factor; ``single_factor``: it asked for none.
SIGNIN = {
    "at": pl.Datetime("ms", "UTC"),
    "line": pl.Int64,
    "user": pl.String,
    "app": pl.String,
    "client_app": pl.String,
    "result": pl.String,
    "error_code": pl.String,
    "failure_reason": pl.String,
    "mfa": pl.Boolean,
    "mfa_method": pl.String,
    "single_factor": pl.Boolean,
    "country": pl.String,
    "location": pl.String,
    "ip": pl.String,
    "interactive": pl.Boolean,
}


@dataclass
class Parsed:
    # The records, their repeated text (addresses, statuses, applications...) held as
    # categories; ``records`` gives them as text. None when they were handed to a sink as
    # they were read (``Assembly``).
    compact: pl.DataFrame | None
    lines: int  # data lines (or JSON records) read
    rejects: list[tuple[int, str]] = field(default_factory=list)
    # The export's own variant, for the receipt ("Get-MessageTrace CSV", ...).
    variant: str = ""

    @property
    def accepted(self) -> int:
        return self.lines - len(self.rejects)

    @property
    def records(self) -> pl.DataFrame:
        return as_text(self.compact)


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """A compact frame with its categories back as text (the stored and declared form)."""
    return frame.with_columns(
        pl.col(name).cast(pl.String)
        for name, dtype in frame.schema.items()
        if dtype == pl.Categorical
    )


def shaped(frame: pl.DataFrame, schema: dict, *, compact: bool = False) -> pl.DataFrame:
    return frame.select(
        [
            pl.col(name)
            if compact and dtype == pl.String and frame.schema[name] == pl.Categorical
            else pl.col(name).cast(dtype)
            for name, dtype in schema.items()
        ]
    )


def compacted(frame: pl.DataFrame, names) -> pl.DataFrame:
    """``frame`` with the text columns ``names`` (a few hundred distinct values in a million
    rows) held as categories."""
    return frame.with_columns(pl.col(n).cast(pl.Categorical) for n in names)


def per_value(frame: pl.DataFrame, column: str | None, work) -> pl.Expr:
    """``work`` (an expression on a column's trimmed text) worked out once per distinct value
    of ``column`` in ``frame`` rather than once per row: an export repeats the same few
    hundred addresses, statuses and applications a million times."""
    if column is None:
        return work(pl.lit("", pl.String))
    values = frame.get_column(column).fill_null("")
    distinct = values.unique()
    if distinct.len() * 4 > max(values.len(), 64):
        return work(text(column))
    mapped = pl.DataFrame({"v": distinct}).select(work(pl.col("v").str.strip_chars())).to_series()
    return pl.col(column).fill_null("").replace_strict(distinct, mapped, return_dtype=mapped.dtype)


def categories(frame: pl.DataFrame, column: str | None, work=None) -> pl.Series:
    """A column of ``frame`` as categories, trimmed, "" for an empty cell or a column the file
    lacks, with ``work`` (an expression on the trimmed text, column ``v``) worked out once per
    distinct value. An export repeats a few hundred values a million times: the text is hashed
    once per row to its category, and everything else is done on the distinct values, which
    are mapped back by their category numbers (nothing at all when the work changes none)."""
    if column is None:
        # One value for every row: worked out once and repeated, not categorised row by row.
        one = _as_categories(_worked_out(pl.Series("v", [""], dtype=pl.String), work))
        return one.new_from_index(0, frame.height).rename("")
    cat = frame.get_column(column).cast(pl.Categorical).fill_null("")
    distinct = cat.unique()
    before = distinct.cast(pl.String)
    after = _worked_out(before, work)
    if after.dtype == pl.String and after.equals(before, check_names=False):
        return cat.rename(column)
    after = _as_categories(after)
    return (
        cat.to_physical()
        .replace_strict(distinct.to_physical(), after, return_dtype=after.dtype)
        .rename(column)
    )


def _worked_out(values: pl.Series, work) -> pl.Series:
    """``values`` trimmed, and through ``work`` (an expression on column ``v``) if given."""
    trimmed = pl.col("v").str.strip_chars()
    return pl.DataFrame({"v": values}).select(work(trimmed) if work else trimmed).to_series()


def _as_categories(values: pl.Series) -> pl.Series:
    """Text as categories, "" for none; anything else (a date, a number) as it is."""
    return values.fill_null("").cast(pl.Categorical) if values.dtype == pl.String else values


class Collected:
    """Records kept in memory as they are read, when a parser is given no sink (the parsing
    tests, the quality week of ``generator``): ``Parsed.compact`` is their frame."""

    def __init__(self):
        self.parts: list[pl.DataFrame] = []
        self.rows = 0

    def take(self, records: pl.DataFrame) -> None:
        self.parts.append(records)
        self.rows += records.height

    def clear(self) -> None:
        self.parts.clear()
        self.rows = 0

    def frame(self, schema: dict) -> pl.DataFrame:
        if not self.parts:
            return pl.DataFrame(schema=schema)
        return pl.concat(self.parts, how="vertical") if len(self.parts) > 1 else self.parts[0]


class Assembly:
    """Blocks of rows (their times still as text in ``_t``, the first failed check other
    than the time in ``_reason``) become good records in ``schema``, handed to ``sink`` block
    by block (``take``), and (line, reason) rejects.

    A block is let go as soon as its times can be read (issue 19: a million rows under
    512 MB): at once for most files, at the end for a file whose slash dates may yet turn
    out month first (``times.Reading``). Reading again from the start (the columnar reader
    gave up part way) empties the sink first: nothing of the first attempt is kept."""

    def __init__(self, schema: dict, zone: str, sink):
        self.schema = schema
        self.zone = zone
        self.sink = sink
        self.rejects: list[tuple[int, str]] = []

    def read(self, blocks) -> None:
        from councilguard.mail import times

        self.sink.clear()
        self.rejects = []
        reading = times.Reading(self.zone)
        held: list[pl.DataFrame] = []
        for block in blocks:
            reading.see(block.get_column("_t"))
            held.append(block)
            del block
            if reading.settled:
                self._let_go(held, reading)
        self._let_go(held, reading)

    def _let_go(self, held: list[pl.DataFrame], reading) -> None:
        while held:
            frame = held.pop(0)
            at = reading.read(frame.get_column("_t"))
            frame = frame.drop("_t").with_columns(at.alias("at"))
            del at
            reason = (
                pl.when(pl.col("at").is_null())
                .then(pl.lit("the time is not a date and time the export writes"))
                .otherwise(pl.col("_reason"))
            )
            good, bad = split_rejects(frame, reason)
            del frame
            self.rejects += bad
            if good.height:
                self.sink.take(shaped(good, self.schema, compact=True))


def text(column: str | None) -> pl.Expr:
    """A column's trimmed text, or "" when the file lacks it."""
    if column is None:
        return pl.lit("", pl.String)
    return pl.col(column).fill_null("").str.strip_chars()


def address(column: str | None) -> pl.Expr:
    """An e-mail address as identities hold it: lower case, angle brackets and a display name
    removed ('Jane <jane@x>' -> 'jane@x')."""
    return address_of(text(column))


def address_of(value: pl.Expr) -> pl.Expr:
    inner = value.str.extract(r"<([^<>@\s]+@[^<>\s]+)>", 1)
    return pl.coalesce([inner, value]).str.to_lowercase().str.strip_chars(" <>\"'")


def split_rejects(
    frame: pl.DataFrame, reason: pl.Expr
) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    """Rows whose ``reason`` is null are good; the others come back as (line, reason)."""
    marked = frame.with_columns(reason.alias("_reason"))
    bad = marked.filter(pl.col("_reason").is_not_null()).select("line", "_reason")
    return marked.filter(pl.col("_reason").is_null()).drop("_reason"), list(bad.iter_rows())


def first_reason(*checks: tuple[pl.Expr, str]) -> pl.Expr:
    """The reason of the first check that fails (a check is true when the row is bad)."""
    expr = None
    for bad, reason in reversed(checks):
        expr = (
            pl.when(bad.fill_null(True)).then(pl.lit(reason)).otherwise(expr)
            if expr is not None
            else pl.when(bad.fill_null(True)).then(pl.lit(reason))
        )
    return expr
