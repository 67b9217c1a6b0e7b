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
    records: pl.DataFrame
    lines: int  # data lines (or JSON records) read
    rejects: list[tuple[int, str]] = field(default_factory=list)
    # The export's own variant, for the receipt ("Get-MessageTrace CSV", ...).
    variant: str = ""

    @property
    def accepted(self) -> int:
        return self.lines - len(self.rejects)


def shaped(frame: pl.DataFrame, schema: dict) -> pl.DataFrame:
    return frame.select([pl.col(name).cast(dtype) for name, dtype in schema.items()])


def empty(schema: dict) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def text(column: str | None) -> pl.Expr:
    """A column's trimmed text, or "" when the file lacks it."""
    if column is None:
        return pl.lit("", pl.String)
    return pl.col(column).fill_null("").str.strip_chars()


def address(column: str | None) -> pl.Expr:
    """An e-mail address as identities hold it: lower case, angle brackets and a display name
    removed ('Jane <jane@x>' -> 'jane@x')."""
    value = text(column)
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
