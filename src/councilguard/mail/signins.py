"""Sign-in logs to sign-in records (formats_and_law A7): the Entra ID portal's "Interactive
user sign-ins" CSV (56 headers with ``Application ID `` and ``Resource ID `` ending in a space,
``Autonomous system  number`` with two, and ``Incoming token type`` twice; Microsoft adds
columns over time, so only the core ones are required), the Graph/PowerShell export (CSV of
``Get-MgAuditLogSignIn``/``Get-AzureADAuditSignInLogs`` or Graph's JSON), and Google
Workspace's login audit (the admin console's CSV export or the Reports API's JSON).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from councilguard.mail import exports, times
from councilguard.mail.records import (
    SIGNIN,
    Assembly,
    Collected,
    Parsed,
    address_of,
    categories,
    first_reason,
    text,
)

SYNONYMS = {
    "at": ("date utc", "createddatetime", "created date time", "date", "time", "timestamp"),
    "user": (
        "username",
        "userprincipalname",
        "user principal name",
        "actor",
        "actor email",
        "user email",
        "email",
        "user",
    ),
    "app": ("application", "appdisplayname", "app display name", "app"),
    "client_app": ("client app", "clientappused", "client app used", "login type"),
    "status": ("status", "result", "event name", "event"),
    "error_code": ("sign in error code", "errorcode", "error code", "status errorcode"),
    "failure_reason": (
        "failure reason",
        "failurereason",
        "status failurereason",
        "login failure type",
    ),
    "mfa_method": (
        "multifactor authentication auth method",
        "mfa auth method",
        "login challenge method",
        "authentication method",
    ),
    "requirement": ("authentication requirement", "authenticationrequirement"),
    "second_factor": ("is second factor",),
    "location": ("location", "city", "location city"),
    "country": (
        "countryorregion",
        "country or region",
        "location countryorregion",
        "country",
        "region code",
    ),
    "ip": ("ip address", "ipaddress", "ip"),
    "interactive": ("isinteractive", "is interactive"),
}

# Entra codes that ask for a further step rather than refuse ([M] formats_and_law A7).
INTERRUPTIONS = ("50074", "50076", "50079", "50097", "50125", "50140", "50158", "16000", "16003")
RESULTS = {
    "success": "success",
    "successful login": "success",
    "login success": "success",
    "failure": "failure",
    "failed login": "failure",
    "login failure": "failure",
    "interrupted": "interrupted",
    "login challenge": "interrupted",
    "login verification": "interrupted",
}
# Google's challenge methods that are a password alone, or nothing.
ONE_FACTOR_METHODS = ("", "password", "none", "unknown", "google password")


def parse_entra(data: bytes | Path, *, sink=None) -> Parsed:
    """The records are handed to ``sink`` block by block as they are read
    (``records.Assembly``), or kept in ``Parsed.compact`` without one."""
    if exports.starts_like_json(data):
        content = exports.decode(exports.whole(data))
        rows = _graph_rows(exports.read_json(content))
        return _from_rows(rows, "Microsoft Graph sign-ins (JSON)", sink)
    table = exports.open_csv(data)
    cols = table.pick(SYNONYMS)
    if not cols["at"] or not cols["user"] or not (cols["status"] or cols["error_code"]):
        raise exports.ExportError(
            "this is not an Entra ID sign-in log: it needs a time, a user and a result (columns "
            "Date (UTC), Username, Status, or CreatedDateTime, UserPrincipalName, ErrorCode)"
        )
    variant = (
        "Entra portal interactive sign-ins (CSV)"
        if cols["at"] == "date utc"
        else "Graph/PowerShell sign-ins export (CSV)"
    )
    return _parse(table, data, cols, variant, times.UTC, sink)


def parse_google(data: bytes | Path, *, sink=None) -> Parsed:
    if exports.starts_like_json(data):
        content = exports.decode(exports.whole(data))
        rows = _google_rows(exports.read_json(content))
        return _from_rows(rows, "Google Reports API login audit (JSON)", sink)
    table = exports.open_csv(data)
    cols = table.pick(SYNONYMS)
    if not cols["at"] or not cols["user"] or not cols["status"]:
        raise exports.ExportError(
            "this is not a Google Workspace login audit export: it needs the columns Date, "
            "User and Event"
        )
    return _parse(table, data, cols, "Google login audit export (CSV)", times.LONDON, sink)


def _from_rows(rows: list[dict], variant: str, sink) -> Parsed:
    if not rows:
        raise exports.ExportError("the JSON holds no sign-in records; nothing was taken")
    names = list(rows[0])
    frame = pl.DataFrame(rows, schema={n: (pl.Int64 if n == "line" else pl.String) for n in names})
    table = exports.Table(frame, len(rows), names)
    return _parse(table, None, table.pick(SYNONYMS), variant, times.UTC, sink)


def _result(cols: dict) -> pl.Expr:
    status = text(cols["status"]).str.to_lowercase().str.replace_all(r"[_\s]+", " ")
    code = text(cols["error_code"])
    by_code = (
        pl.when(code == "")
        .then(None)
        .when(code == "0")
        .then(pl.lit("success"))
        .when(code.is_in(INTERRUPTIONS))
        .then(pl.lit("interrupted"))
        .otherwise(pl.lit("failure"))
    )
    named = status.replace_strict(RESULTS, default=None)
    # Google's other login-audit events (a logout, 2-step enrolment...) are not sign-ins.
    other = pl.when(
        status.str.starts_with("login") | status.str.starts_with("logout") | (status != "")
    )
    return pl.coalesce([named, by_code, other.then(pl.lit("other"))])


def _mfa(cols: dict, result: pl.Expr) -> pl.Expr:
    requirement = text(cols["requirement"]).str.to_lowercase().str.replace_all(r"[-\s]", "")
    methods = text(cols["mfa_method"]).str.to_lowercase().str.replace_all("_", " ")
    method_list = methods.str.split(",").list.eval(pl.element().str.strip_chars())
    second_method = method_list.list.eval(~pl.element().is_in(ONE_FACTOR_METHODS)).list.any()
    second = text(cols["second_factor"]).str.to_lowercase().is_in(["true", "yes", "1"])
    return (result == "success") & (
        requirement.str.contains("multifactor") | second | second_method.fill_null(False)
    )


def _country_of_location(location: pl.Expr) -> pl.Expr:
    # The portal writes "City, Region, GB".
    return location.str.extract(r",\s*([A-Za-z]{2})\s*$", 1).str.to_uppercase().fill_null("")


def _parse(table, data, cols: dict, variant: str, zone: str, sink) -> Parsed:
    """Each block of rows becomes records, handed on as soon as their times can be read."""
    used = sorted({c for c in cols.values() if c})
    kept = Collected() if sink is None else None
    assembly = Assembly(SIGNIN, zone, kept if sink is None else sink)
    # Every column but the time is worked on as categories (``_chunk``).
    categorical = [c for c in used if c != cols["at"]]
    lines = exports.read_blocks(
        table, data, used, lambda f: _chunk(f, cols), assembly.read, categorical
    )
    records = kept.frame(SIGNIN) if kept else None
    return Parsed(records, lines, assembly.rejects, variant)


# The parts of a sign-in that decide its result and its second factor.
DECIDING = ("status", "error_code", "requirement", "mfa_method", "second_factor")


def _chunk(frame: pl.DataFrame, cols: dict) -> pl.DataFrame:
    """The checks and records of one block of rows. Every text column but the time is read
    as categories and worked on once per distinct value (``records.categories``); the result
    and the second factor are decided once per distinct combination of the columns they
    depend on, found and joined back by category numbers rather than by text."""
    parts = {name: categories(frame, cols[name]) for name in DECIDING}
    codes = pl.DataFrame({name: parts[name].to_physical() for name in DECIDING})
    firsts = codes.with_row_index("_i").unique(subset=list(DECIDING), keep="any")
    combos = pl.DataFrame(
        {cols[n]: parts[n].gather(firsts["_i"]).cast(pl.String) for n in DECIDING if cols[n]}
    )
    decided = combos.with_columns(_result(cols).alias("_result")).select(
        "_result", _mfa(cols, pl.col("_result")).alias("_mfa")
    )
    decided = pl.concat([firsts.drop("_i"), decided], how="horizontal")
    joined = codes.join(decided, on=list(DECIDING), how="left", maintain_order="left")
    result, mfa = joined.get_column("_result"), joined.get_column("_mfa")
    if cols["country"] and cols["location"]:
        explicit = categories(frame, cols["country"], lambda v: v.str.to_uppercase())
        located = categories(frame, cols["location"], _country_of_location)
        country = pl.select(
            pl.when(pl.lit(explicit.cast(pl.String)) != "")
            .then(pl.lit(explicit.cast(pl.String)))
            .otherwise(pl.lit(located.cast(pl.String)))
        ).to_series()
    elif cols["country"]:
        country = categories(frame, cols["country"], lambda v: v.str.to_uppercase())
    else:
        country = categories(frame, cols["location"], _country_of_location)
    user = categories(frame, cols["user"], address_of)
    checked = pl.DataFrame(
        {
            # The time as written: times.parse_series trims it.
            "_t": frame.get_column(cols["at"]),
            "line": frame.get_column("line"),
            "user": user,
            "app": categories(frame, cols["app"]),
            "client_app": categories(frame, cols["client_app"]),
            "result": result.cast(pl.Categorical),
            "error_code": parts["error_code"],
            "failure_reason": categories(frame, cols["failure_reason"]),
            "mfa": mfa,
            "mfa_method": parts["mfa_method"],
            "country": country.cast(pl.Categorical),
            "location": categories(frame, cols["location"]),
            "ip": categories(frame, cols["ip"], lambda v: v.str.to_lowercase()),
            "interactive": categories(
                frame,
                cols["interactive"],
                lambda v: ~v.str.to_lowercase().is_in(["false", "no", "0"]),
            ),
        }
    )
    return checked.with_columns(
        ((pl.col("result") == "success") & ~pl.col("mfa")).alias("single_factor"),
        first_reason(
            (pl.col("user") == "", "no user"),
            (pl.col("result").is_null(), "no result (Status or error code)"),
        ).alias("_reason"),
    )


def _s(value) -> str:
    return "" if value is None else str(value)


def _graph_rows(items: list) -> list[dict]:
    """Graph's signIn resource: status{errorCode, failureReason}, location{city,
    countryOrRegion}, authenticationRequirement, authenticationDetails[], isInteractive."""
    rows = []
    for number, item in enumerate(items, 1):
        item = item if isinstance(item, dict) else {}
        status = item.get("status") if isinstance(item.get("status"), dict) else {}
        location = item.get("location") if isinstance(item.get("location"), dict) else {}
        details = item.get("authenticationDetails") or []
        methods = [
            _s(d.get("authenticationMethod"))
            for d in details
            if isinstance(d, dict) and d.get("succeeded") and d.get("authenticationMethod")
        ]
        rows.append(
            {
                "line": number,
                "createddatetime": _s(item.get("createdDateTime")),
                "userprincipalname": _s(item.get("userPrincipalName")),
                "appdisplayname": _s(item.get("appDisplayName")),
                "clientappused": _s(item.get("clientAppUsed")),
                "errorcode": _s(status.get("errorCode")),
                "failurereason": _s(status.get("failureReason")),
                "authenticationrequirement": _s(item.get("authenticationRequirement")),
                "mfa auth method": ", ".join(m for m in methods if m.casefold() != "password"),
                "city": _s(location.get("city")),
                "countryorregion": _s(location.get("countryOrRegion")),
                "ipaddress": _s(item.get("ipAddress")),
                "isinteractive": _s(item.get("isInteractive")),
            }
        )
    return rows


def _google_rows(items: list) -> list[dict]:
    """The Reports API's login activities: id.time, actor.email, ipAddress, events[] with
    name (login_success, login_failure, login_challenge...) and parameters (login_type,
    login_challenge_method, is_second_factor, login_failure_type); one row per event."""
    rows = []
    for number, item in enumerate(items, 1):
        item = item if isinstance(item, dict) else {}
        ident = item.get("id") if isinstance(item.get("id"), dict) else {}
        actor = item.get("actor") if isinstance(item.get("actor"), dict) else {}
        network = item.get("networkInfo") if isinstance(item.get("networkInfo"), dict) else {}
        events = [e for e in item.get("events") or [] if isinstance(e, dict)] or [{}]
        for event in events:
            params = {}
            for p in event.get("parameters") or []:
                if not isinstance(p, dict):
                    continue
                value = p.get("value", p.get("boolValue", p.get("multiValue", "")))
                params[_s(p.get("name"))] = (
                    ", ".join(map(_s, value)) if isinstance(value, list) else _s(value)
                )
            rows.append(
                {
                    "line": number,
                    "time": _s(ident.get("time")),
                    "actor email": _s(actor.get("email")),
                    "app": "Google Workspace",
                    "login type": params.get("login_type", ""),
                    "event name": _s(event.get("name")),
                    "login failure type": params.get("login_failure_type", ""),
                    "login challenge method": params.get("login_challenge_method", ""),
                    "is second factor": params.get("is_second_factor", ""),
                    "region code": _s(network.get("regionCode")),
                    "ipaddress": _s(item.get("ipAddress")),
                }
            )
    return rows
