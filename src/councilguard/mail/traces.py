"""Message traces to message records (formats_and_law A3): Exchange Online's
``Get-MessageTrace``/``Get-MessageTraceV2`` piped to ``Export-Csv``, the admin centre's
downloadable reports (enhanced summary and extended, often UTF-16), Microsoft Graph's
``exchangeMessageTrace`` JSON, and Google Workspace's Gmail log (Email Log Search) export.

Each row is one message to one recipient; the admin centre's summary packs every recipient of
a message into ``recipient_status`` (``addr##Receive, Deliver;addr2##Receive, Fail``), which
becomes one row each. Subjects are read only when the council keeps them (``keep_subject``).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from councilguard.mail import exports, times
from councilguard.mail.records import (
    MESSAGE,
    Assembly,
    Collected,
    Parsed,
    address,
    address_of,
    compacted,
    first_reason,
    per_value,
    text,
)

SYNONYMS = {
    "at": (
        "received",
        "date time utc",
        "origin timestamp",
        "origin timestamp utc",
        "date time",
        "date utc",
        "start date",
        "date",
        "timestamp",
    ),
    "sender": ("senderaddress", "sender address", "sender", "from"),
    "recipient": ("recipientaddress", "recipient address", "recipient", "to"),
    "recipient_status": ("recipient status",),
    "status": ("status", "event id", "event status", "delivery status"),
    "size": ("size", "total bytes", "message size", "size bytes"),
    "message_id": ("messageid", "message id", "internet message id"),
    "client_ip": ("fromip", "original client ip", "client ip", "sender ip"),
    "direction": ("directionality", "direction"),
    "origin": ("source",),
    "target": ("event target",),
    "subject": ("subject", "message subject"),
}

# What the exports call a message's fate, in a few words the rules and pages use.
STATUS = {
    "delivered": "delivered",
    "deliver": "delivered",
    "send": "delivered",
    "sent": "delivered",
    "resolved": "delivered",
    "transfer": "delivered",
    "receive": "delivered",
    "failed": "failed",
    "fail": "failed",
    "rejected": "failed",
    "drop": "failed",
    "filteredasspam": "spam",
    "spam": "spam",
    "quarantined": "quarantined",
    "expanded": "expanded",
    "expand": "expanded",
    "pending": "pending",
    "defer": "pending",
    "gettingstatus": "pending",
}
DIRECTION = {
    "1": "in",
    "incoming": "in",
    "inbound": "in",
    "received": "in",
    "2": "out",
    "outgoing": "out",
    "outbound": "out",
    "originating": "out",
    "sent": "out",
}
# Google: a message the SMTP relay refused carries this in place of its id.
GMAIL_REFUSED = "SMTPIN_ADDED_REJECT_SESSION"


def _status(column: pl.Expr) -> pl.Expr:
    key = column.str.to_lowercase().str.replace_all(r"[^a-z]", "")
    return key.replace_strict(STATUS, default=None).fill_null(column.str.to_lowercase())


def parse_trace(data: bytes | Path, *, keep_subject: bool = False, sink=None) -> Parsed:
    """Any of the Microsoft 365 shapes, told apart by their headers or JSON. The records
    are handed to ``sink`` block by block as they are read (``records.Assembly``), or kept
    in ``Parsed.compact`` without one."""
    if exports.starts_like_json(data):
        items = exports.read_json(exports.decode(exports.whole(data)))
        return _graph(items, keep_subject, sink)
    table = exports.open_csv(data)
    cols = table.pick(SYNONYMS)
    if cols["recipient_status"] and not cols["recipient"]:
        variant = "admin centre message trace report (summary)"
    elif cols["origin"] or cols["status"] == "event id":
        variant = "admin centre message trace report (extended)"
    else:
        variant = "Get-MessageTrace export"
    if not cols["at"] or not cols["sender"] or not (cols["recipient"] or cols["recipient_status"]):
        raise exports.ExportError(
            "this is not a Microsoft 365 message trace: it needs a received time, a sender "
            "and recipients (columns Received, SenderAddress, RecipientAddress, or "
            "origin_timestamp, sender_address, recipient_status)"
        )
    return _rows(table, data, cols, variant, keep_subject, times.UTC, sink)


def parse_gmail(data: bytes | Path, *, keep_subject: bool = False, sink=None) -> Parsed:
    """Google Workspace's Email Log Search export (support.google.com/a/answer/13828463)."""
    table = exports.open_csv(data)
    cols = table.pick(SYNONYMS)
    if not cols["at"] or not cols["sender"] or not cols["recipient"]:
        raise exports.ExportError(
            "this is not a Gmail log export: it needs the columns Start date, Sender and "
            "Recipient address"
        )
    variant = "Gmail Email Log Search export"
    return _rows(table, data, cols, variant, keep_subject, times.LONDON, sink)


def _rows(table, data, cols: dict, variant: str, keep_subject: bool, zone: str, sink) -> Parsed:
    """Each block of rows becomes records, handed on as soon as their times can be read."""
    used = sorted({c for f, c in cols.items() if c and (keep_subject or f != "subject")})
    kept = Collected() if sink is None else None
    assembly = Assembly(MESSAGE, zone, kept if sink is None else sink)
    lines = exports.read_blocks(
        table, data, used, lambda frame: _chunk(frame, cols, keep_subject), assembly.read
    )
    # Lines are counted once each even when a line held several recipients.
    bad_lines = sorted({line: reason for line, reason in assembly.rejects}.items())
    records = kept.frame(MESSAGE) if kept else None
    return Parsed(records, lines, bad_lines, variant)


def _chunk(frame: pl.DataFrame, cols: dict, keep_subject: bool) -> pl.DataFrame:
    if cols["recipient_status"] and not cols["recipient"]:
        # addr##Receive, Deliver;addr2##Receive, Fail -> one row per recipient.
        frame = frame.with_columns(
            text(cols["recipient_status"]).str.split(";").alias("_recipients")
        ).explode("_recipients")
        pair = pl.col("_recipients").fill_null("").str.split_exact("##", 1)
        recipient = pair.struct.field("field_0").str.strip_chars().str.to_lowercase()
        events = pair.struct.field("field_1").fill_null("")
        status = _status(events.str.split(",").list.last().str.strip_chars())
    else:
        several = frame[cols["recipient"]].str.contains(";", literal=True).any()
        if several:
            frame = frame.with_columns(
                text(cols["recipient"]).str.split(";").alias("_recipients")
            ).explode("_recipients")
            recipient = address("_recipients")
        else:
            recipient = per_value(frame, cols["recipient"], address_of)
        status = (
            per_value(frame, cols["status"], _status) if cols["status"] else pl.lit("delivered")
        )
    if cols["target"]:
        target = text(cols["target"])
        status = pl.when(target == "GMAIL_SPAM").then(pl.lit("spam")).otherwise(status)
    message_id = text(cols["message_id"])
    status = pl.when(message_id == GMAIL_REFUSED).then(pl.lit("failed")).otherwise(status)
    size_raw = text(cols["size"])
    size = size_raw.cast(pl.Int64, strict=False)
    if cols["size"] and frame.select((size.is_null() & (size_raw != "")).any()).item():
        # Sizes written with thousands separators ("48,211") or spaces.
        size_raw = size_raw.str.replace_all(r"[,\s]", "")
        size = size_raw.cast(pl.Int64, strict=False)
    sender = per_value(frame, cols["sender"], address_of)
    direction = text(cols["direction"]).str.to_lowercase()
    origin = text(cols["origin"]).str.to_uppercase()
    checked = frame.select(
        text(cols["at"]).alias("_t"),
        "line",
        sender.alias("sender"),
        recipient.fill_null("").alias("recipient"),
        direction.replace_strict(DIRECTION, default="").alias("direction"),
        status.fill_null("").alias("status"),
        size.alias("size"),
        pl.when(message_id == GMAIL_REFUSED)
        .then(pl.lit(""))
        .otherwise(message_id)
        .alias("message_id"),
        text(cols["client_ip"]).str.to_lowercase().alias("client_ip"),
        (origin == "MAILBOXRULE").alias("forwarded"),
        (text(cols["subject"]) if keep_subject else pl.lit(None, pl.String)).alias("subject"),
        ((size.is_null() & ~size_raw.is_in(["", "N/A", "-"])) | (size.fill_null(0) < 0)).alias(
            "_bad_size"
        ),
    )
    reason = first_reason(
        (pl.col("sender") == "", "no sender"),
        (pl.col("recipient") == "", "no recipient"),
        (pl.col("_bad_size"), "the size is not a number of bytes"),
    )
    return compacted(
        checked.with_columns(reason.alias("_reason"), pl.col("size").fill_null(0)).drop(
            "_bad_size"
        ),
        ("sender", "recipient", "direction", "status", "client_ip"),
    )


def _graph(items: list, keep_subject: bool, sink) -> Parsed:
    """Graph's exchangeMessageTrace records (receivedDateTime, senderAddress,
    recipientAddress, status, size, messageId, fromIP, subject), one per JSON record."""
    rows = []
    for number, item in enumerate(items, 1):
        item = item if isinstance(item, dict) else {}
        rows.append(
            {
                "line": number,
                "received": _str(item.get("receivedDateTime")),
                "senderaddress": _str(item.get("senderAddress")),
                "recipientaddress": _str(item.get("recipientAddress")),
                "status": _str(item.get("status")),
                "size": _str(item.get("size")),
                "messageid": _str(item.get("messageId")),
                "fromip": _str(item.get("fromIP")),
                "subject": _str(item.get("subject")),
            }
        )
    if not rows:
        raise exports.ExportError("the JSON holds no message trace records; nothing was taken")
    frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]} | {"line": pl.Int64})
    table = exports.Table(frame, len(rows), list(rows[0]))
    cols = table.pick(SYNONYMS)
    variant = "Microsoft Graph message trace (JSON)"
    return _rows(table, None, cols, variant, keep_subject, times.UTC, sink)


def _str(value) -> str:
    return "" if value is None else str(value)
