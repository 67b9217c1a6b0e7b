"""The e-mail and sign-in rules (issue 19 items 4 and 5), written once with Ibis so that DuckDB
and Spark give the same findings. Each gives rows of (person, week, numbers); ``analysis.py``
turns them into findings with a sentence and the clause.

Addresses are classified and attributed before the rules (``prepare_messages``), once per
distinct address: the council's (its own domains, or an address someone holds), a business
contact's (the list the clerk keeps), personal webmail, or other; and whose council account or
listed personal address each one is at the moment of the message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import ibis
import polars as pl
from ibis import _

# Rule kinds (Finding.rule_kind, at most 40 characters) and the clauses they apply.
PERSONAL_USE = "mail.personal_use"
SENT_TO_PERSONAL = "mail.sent_to_personal"
BUSINESS_FROM_PERSONAL = "mail.business_from_personal"
AUTO_FORWARD = "mail.auto_forward"
SINGLE_FACTOR = "signin.single_factor"
FAILED = "signin.repeated_failures"
COUNTRY = "signin.unexpected_country"
LEGACY = "signin.legacy_protocol"
CLAUSES = {
    # B 7.1.4 (not permitted) or seed A "Use of Email" read with its personal-use section
    # (reasonable use): chosen by the council, see ``personal_use_clause``.
    SENT_TO_PERSONAL: "B 7.1.3",
    BUSINESS_FROM_PERSONAL: "B 2.2.2",
    AUTO_FORWARD: "B 7.1.3",
    SINGLE_FACTOR: "B 4.1.1",
    FAILED: "B 4.1.1",
    COUNTRY: "B 4.1.1",
    LEGACY: "B 4.1.1",
}
# Their names in words: labels.LABELS (the pages read those without loading Ibis).


def personal_use_clause(not_permitted: bool) -> str:
    return "B 7.1.4" if not_permitted else "A Use of Email"


# Personal webmail services (consumer mailboxes, not business contacts).
WEBMAIL = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.co.uk",
        "outlook.com",
        "live.com",
        "live.co.uk",
        "msn.com",
        "yahoo.com",
        "yahoo.co.uk",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "aol.co.uk",
        "btinternet.com",
        "sky.com",
        "virginmedia.com",
        "talktalk.net",
        "ntlworld.com",
        "blueyonder.co.uk",
        "protonmail.com",
        "proton.me",
        "gmx.com",
        "gmx.co.uk",
        "mail.com",
        "zoho.com",
        "tutanota.com",
        "fastmail.com",
    ]
)
# Clients that sign in with a modern protocol; everything else (IMAP, POP, SMTP AUTH,
# Exchange ActiveSync, "Other clients"...) is legacy authentication.
MODERN_CLIENTS = frozenset(
    {"browser", "mobile apps and desktop clients", "", "google password", "saml", "reauth"}
)
# Message fates that mean it was not sent on.
UNDELIVERED = ("failed", "spam", "quarantined")


@dataclass(frozen=True)
class Thresholds:
    not_permitted: bool = False
    personal_messages_per_week: int = 20
    forward_messages_per_week: int = 10
    business_from_personal_per_week: int = 3
    auto_forward_messages: int = 5
    auto_forward_minutes: int = 2
    failed_signins_per_day: int = 10
    allowed_countries: tuple[str, ...] = ("GB",)


@dataclass
class Context:
    holdings: pl.DataFrame  # attribution.HOLDINGS
    personal: pl.DataFrame  # address, owner_id
    own_domains: frozenset[str] = frozenset()
    business: frozenset[str] = frozenset()  # domains and addresses
    thresholds: Thresholds = field(default_factory=Thresholds)


def _domain_in(domain: str, domains: frozenset[str]) -> bool:
    parts = domain.split(".")
    return any(".".join(parts[i:]) in domains for i in range(len(parts)))


def classify(addresses: list[str], context: Context) -> list[str]:
    """council, business, webmail or other, for each address."""
    held = set(context.holdings["value"].to_list())
    kinds = []
    for address in addresses:
        domain = address.rpartition("@")[2]
        if address in held or _domain_in(domain, context.own_domains):
            kinds.append("council")
        elif address in context.business or _domain_in(domain, context.business):
            kinds.append("business")
        elif domain in WEBMAIL:
            kinds.append("webmail")
        else:
            kinds.append("other")
    return kinds


def _kinds(column: pl.Series, context: Context) -> pl.DataFrame:
    distinct = column.unique().to_list()
    return pl.DataFrame(
        {"address": distinct, "kind": classify(distinct, context)},
        schema={"address": pl.String, "kind": pl.String},
    )


def local_week(at: pl.Expr) -> pl.Expr:
    """The Monday of the UK local week of a UTC time."""
    day = at.dt.convert_time_zone("Europe/London").dt.date()
    return day - pl.duration(days=day.dt.weekday() - 1)


def with_local_day(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with ``day``, the UK local date of ``at``, worked out once per hour of the
    frame rather than per row (the UK's offset changes on the hour)."""
    hour = pl.col("at").dt.truncate("1h")
    hours = (
        frame.select(hour.alias("_hour"))
        .unique()
        .with_columns(pl.col("_hour").dt.convert_time_zone("Europe/London").dt.date().alias("day"))
    )
    return (
        frame.with_columns(hour.alias("_hour"))
        .join(hours, on="_hour", how="left", maintain_order="left")
        .drop("_hour")
    )


def _monday(day: pl.Expr) -> pl.Expr:
    return day - pl.duration(days=day.dt.weekday() - 1)


def prepare_messages(messages: pl.DataFrame, context: Context) -> pl.DataFrame:
    from councilguard.mail.attribution import attribute

    frame = with_local_day(messages).with_columns(
        pl.when(pl.col("message_id") == "")
        .then(pl.concat_str(pl.col("batch"), pl.col("line").cast(pl.String), separator=":"))
        .otherwise(pl.col("message_id"))
        .alias("message"),
        _monday(pl.col("day")).alias("week"),
        ~pl.col("status").is_in(UNDELIVERED).alias("delivered"),
    )
    frame = attribute(frame, "sender", context.holdings, "sender_person")
    frame = attribute(frame, "recipient", context.holdings, "recipient_person")
    # Whose listed personal address and what kind each address is: worked out once per
    # distinct address of the messages, then joined to the sender and the recipient.
    addresses = pl.concat([frame["sender"], frame["recipient"]]).unique()
    info = _kinds(addresses, context).join(
        context.personal.rename({"owner_id": "owner"}), on="address", how="left"
    )
    for side in ("sender", "recipient"):
        frame = frame.join(
            info.rename({"address": side, "owner": f"{side}_owner", "kind": f"{side}_kind"}),
            on=side,
            how="left",
            maintain_order="left",
        )
    return frame.select(
        "at", "week", "message", "sender", "recipient", "sender_person", "recipient_person",
        "sender_owner", "recipient_owner", "sender_kind", "recipient_kind", "forwarded",
        "delivered",
    )  # fmt: skip


def prepare_signins(signins: pl.DataFrame, context: Context) -> pl.DataFrame:
    from councilguard.mail.attribution import attribute

    frame = attribute(signins, "user", context.holdings, "person")
    frame = with_local_day(frame.filter(pl.col("person").is_not_null()))
    return frame.select(
        "at",
        _monday(pl.col("day")).alias("week"),
        "day",
        "person", "user", "app", "client_app", "result", "single_factor", "interactive",
        "country",
        (~pl.col("client_app").str.to_lowercase().is_in(list(MODERN_CLIENTS))).alias("legacy"),
    )  # fmt: skip


# --- e-mail rules --------------------------------------------------------------------------


def personal_mail(t: ibis.Table, th: Thresholds) -> ibis.Table:
    """Messages from a council account to personal addresses (webmail, or anyone's listed
    personal address) outside the business contacts, by person, week and address, computed
    once for both rules that read them: ``bulk`` marks those to the sender's own listed
    addresses, or to one webmail address that received at least
    ``forward_messages_per_week`` that week, which are council mail sent out of the council
    (B 7.1.3); the rest (``bulk`` false) is personal correspondence (B 7.1.4 or A Use of
    Email)."""
    out = t.filter(
        _.sender_person.notnull(),
        _.delivered,
        _.recipient_kind.isin(["webmail", "other"]),
        (_.recipient_kind == "webmail") | _.recipient_owner.notnull(),
    )
    per_address = out.group_by(person=_.sender_person, week=_.week, address=_.recipient).aggregate(
        messages=_.message.nunique(),
        own=(_.recipient_owner == _.sender_person).fill_null(False).any(),
        webmail=(_.recipient_kind == "webmail").any(),
    )
    return per_address.select(
        "person",
        "week",
        "address",
        "messages",
        bulk=per_address.own
        | (per_address.webmail & (per_address.messages >= th.forward_messages_per_week)),
    )


def business_from_personal(t: ibis.Table) -> ibis.Table:
    """Messages from a person's listed personal address to council addresses other than
    their own account (B 2.2.2), by recipient."""
    return (
        t.filter(
            _.sender_owner.notnull(),
            _.recipient_kind == "council",
            _.recipient_person.isnull() | (_.recipient_person != _.sender_owner),
        )
        .group_by(person=_.sender_owner, week=_.week, address=_.recipient)
        .aggregate(messages=_.message.nunique())
    )


def auto_forwarded(t: ibis.Table, th: Thresholds) -> ibis.Table:
    """Messages a person received from outside the council that went on, as the same
    message, to a personal or unknown outside address within ``auto_forward_minutes`` (an
    automatic forward), or that the export marks as sent by a mailbox rule; by destination."""
    inbound = t.filter(_.recipient_person.notnull(), _.sender_kind != "council").select(
        message=_.message, person=_.recipient_person, received=_.at, week=_.week
    )
    onward = t.filter(_.recipient_kind.isin(["webmail", "other"]), _.delivered).select(
        message=_.message, sent=_.at, address=_.recipient
    )
    window = ibis.interval(minutes=th.auto_forward_minutes)
    paired = inbound.join(onward, "message").filter(
        _.sent >= _.received, _.sent <= _.received + window
    )
    marked = t.filter(
        _.forwarded, _.sender_person.notnull(), _.recipient_kind.isin(["webmail", "other"])
    ).select(message=_.message, person=_.sender_person, week=_.week, address=_.recipient)
    both = paired.select("message", "person", "week", "address").union(marked, distinct=True)
    return both.group_by("person", "week", "address").aggregate(messages=_.message.nunique())


# --- sign-in rules -------------------------------------------------------------------------


def single_factor(s: ibis.Table) -> ibis.Table:
    """Successful interactive sign-ins that asked for one factor only (B 4.1.1: MFA wherever
    possible), by application."""
    return (
        s.filter(_.result == "success", _.single_factor, _.interactive)
        .group_by("person", "week", item=_.app)
        .aggregate(count=_.count())
    )


def failures_by_day(s: ibis.Table, th: Thresholds) -> ibis.Table:
    """Days on which an account failed to sign in at least ``failed_signins_per_day`` times."""
    return (
        s.filter(_.result == "failure")
        .group_by("person", "week", "day")
        .aggregate(count=_.count())
        .filter(_["count"] >= th.failed_signins_per_day)
    )


def unexpected_countries(s: ibis.Table, th: Thresholds) -> ibis.Table:
    return (
        s.filter(
            _.result == "success", _.country != "", ~_.country.isin(list(th.allowed_countries))
        )
        .group_by("person", "week", item=_.country)
        .aggregate(count=_.count())
    )


def legacy_protocols(s: ibis.Table) -> ibis.Table:
    return (
        s.filter(_.legacy, _.result != "other")
        .group_by("person", "week", item=_.client_app)
        .aggregate(count=_.count())
    )
