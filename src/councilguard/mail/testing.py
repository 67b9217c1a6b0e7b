"""Exports for tests, built from the documented headers (formats_and_law A3, A7) with their
quirks, and a council whose e-mail and sign-in monitoring is set up."""

from __future__ import annotations

import csv
import io
import json

from councilguard.monitoring.models import MonitoringSource
from councilguard.monitoring.testing import make_source

# The Entra portal's "Interactive user sign-ins" header, as documented: 'Application ID ' and
# 'Resource ID ' end in a space, 'Autonomous system  number' has two, 'Incoming token type'
# comes twice.
ENTRA_PORTAL_HEADER = [
    "Date (UTC)", "Request ID", "User agent", "Correlation ID", "User ID", "User", "Username",
    "User type", "Cross tenant access type", "Incoming token type", "Authentication Protocol",
    "Unique token identifier", "Original transfer method", "Client credential type",
    "Token Protection - Sign In Session", "Token Protection - Sign In Session StatusCode",
    "Application", "Application ID ", "App owner tenant ID", "Resource", "Resource ID ",
    "Resource tenant ID", "Resource owner tenant ID", "Home tenant ID", "Home tenant name",
    "IP address", "Location", "Status", "Sign-in error code", "Failure reason", "Client app",
    "Device ID", "Browser", "Operating System", "Compliant", "Managed", "Join Type",
    "Multifactor authentication result", "Multifactor authentication auth method",
    "Multifactor authentication auth detail", "Authentication requirement",
    "Sign-in identifier", "Session ID", "IP address (seen by resource)",
    "Through Global Secure Access", "Global Secure Access IP address",
    "Autonomous system  number", "Flagged for review", "Token issuer type",
    "Incoming token type", "Token issuer name", "Latency", "Conditional Access",
    "Managed Identity type", "Associated Resource Id", "Federated Token Id",
    "Federated Token Issuer",
]  # fmt: skip
PS_TRACE_HEADER = [
    "Received", "SenderAddress", "RecipientAddress", "Subject", "Status", "ToIP", "FromIP",
    "Size", "MessageId", "MessageTraceId",
]  # fmt: skip
SUMMARY_HEADER = [
    "origin_timestamp", "sender_address", "Recipient_status", "message_subject", "total_bytes",
    "message_id", "network_message_id", "original_client_ip", "directionality", "connector_id",
    "delivery_priority",
]  # fmt: skip
EXTENDED_HEADER = [
    "date_time_utc", "client_ip", "client_hostname", "server_ip", "server_hostname",
    "source_context", "connector_id", "source", "event_id", "internal_message_id",
    "message_id", "network_message_id", "recipient_address", "recipient_status",
    "total_bytes", "recipient_count", "sender_address", "message_subject", "directionality",
    "original_client_ip",
]  # fmt: skip
GMAIL_HEADER = [
    "Message ID", "Start date", "End date", "Sender", "Message size", "Subject", "Direction",
    "Attachments", "Recipient address", "Event target",
]  # fmt: skip
GOOGLE_LOGIN_HEADER = [
    "Event", "Description", "User", "Date", "IP address", "Login type",
    "Login challenge method", "Is second factor", "Is suspicious",
]  # fmt: skip


def csv_text(header: list[str], rows: list[dict], *, powershell_type: bool = False) -> str:
    """A CSV with ``header`` and one row per dict (its keys are header names; a header named
    twice takes the same value), every cell quoted as PowerShell writes them."""
    out = io.StringIO()
    if powershell_type:
        out.write("#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTrace\r\n")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return out.getvalue()


def encoded(text: str, encoding: str = "utf-8") -> bytes:
    """``text`` as a file: 'utf-8', 'utf-8-sig' (with a mark), 'utf-16' (with a mark, little
    endian), 'utf-16-le' or 'utf-16-be' (without)."""
    return text.encode(encoding)


def ps_trace(*messages: tuple) -> str:
    """Get-MessageTrace | Export-Csv (PowerShell 5.1, with its #TYPE line): (received,
    sender, recipient, status[, message id]) each."""
    rows = [
        {
            "Received": message[0],
            "SenderAddress": message[1],
            "RecipientAddress": message[2],
            "Subject": "Allotment waiting list",
            "Status": message[3],
            "Size": "48211",
            "MessageId": message[4] if len(message) > 4 else f"<m{i}@example.prod.outlook.com>",
            "MessageTraceId": f"0f1e2d3c-0000-0000-0000-{i:012d}",
        }
        for i, message in enumerate(messages)
    ]
    return csv_text(PS_TRACE_HEADER, rows, powershell_type=True)


def entra_portal(*signins: dict) -> str:
    """The portal's full 56-column CSV; each sign-in a dict of header names to values."""
    return csv_text(ENTRA_PORTAL_HEADER, list(signins))


def entra_signin(
    at: str,
    user: str,
    *,
    status: str = "Success",
    code: str = "0",
    client: str = "Browser",
    location: str = "Ringford, England, GB",
    requirement: str = "Multifactor authentication",
    method: str = "Mobile app notification",
    app: str = "Office 365 Exchange Online",
) -> dict:
    return {
        "Date (UTC)": at,
        "Username": user,
        "User": user.split("@")[0],
        "Application": app,
        "Application ID ": "00000002-0000-0ff1-ce00-000000000000",
        "IP address": "192.0.2.21",
        "Location": location,
        "Status": status,
        "Sign-in error code": code,
        "Failure reason": "" if code == "0" else "Invalid username or password.",
        "Client app": client,
        "Multifactor authentication auth method": method if "Multi" in requirement else "",
        "Authentication requirement": requirement,
        "Incoming token type": "none",
        "Autonomous system  number": "64500",
    }


def graph_traces(*messages: dict) -> str:
    return json.dumps({"value": list(messages)})


def make_mail_sources(world) -> tuple[MonitoringSource, MonitoringSource]:
    """E-mail and sign-in monitoring set up for the world's council (C18)."""
    return (
        make_source(world, "email", clause_reference="7.1.4"),
        make_source(world, "signin", clause_reference="4.1.1"),
    )
