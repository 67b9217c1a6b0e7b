"""Each export, built from its documented headers with its quirks, becomes the same records
(formats_and_law A3, A7); bad lines come back by number; encodings and header traps are read
(property tests with Hypothesis)."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from councilguard.mail import testing as t
from councilguard.mail.exports import ExportError, ahead, dedupe
from councilguard.mail.signins import parse_entra, parse_google
from councilguard.mail.traces import parse_gmail, parse_trace

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _messages(parsed):
    return [
        (r["at"], r["sender"], r["recipient"], r["status"], r["size"])
        for r in parsed.records.sort("at", "recipient").iter_rows(named=True)
    ]


# --- message traces ------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_powershell_trace_with_its_type_line_reads_in_every_encoding(encoding):
    text = t.ps_trace(
        ("13/10/2025 09:14:03", "Clerk@Ashby-TC.gov.uk", "resident@mail.example", "Delivered"),
        ("13/10/2025 10:02:07", "unknown@phish.example", "rfo@ashby-tc.gov.uk", "FilteredAsSpam"),
    )
    parsed = parse_trace(t.encoded(text, encoding))
    assert parsed.variant == "Get-MessageTrace export"
    assert (parsed.lines, parsed.rejects) == (2, [])
    assert _messages(parsed) == [
        (_when("2025-10-13 09:14:03"), "clerk@ashby-tc.gov.uk", "resident@mail.example",
         "delivered", 48211),
        (_when("2025-10-13 10:02:07"), "unknown@phish.example", "rfo@ashby-tc.gov.uk",
         "spam", 48211),
    ]  # fmt: skip
    # Line 1 is #TYPE, line 2 the header.
    assert parsed.records["line"].to_list() == [3, 4]


def test_slash_dates_are_day_first_unless_the_file_shows_month_first():
    uk = parse_trace(t.ps_trace(("10/09/2025 09:14:03", "a@x.example", "b@y.example", "Sent"))
                     .encode())  # fmt: skip
    assert uk.records["at"].to_list() == [_when("2025-09-10 09:14:03")]
    us = parse_trace(
        t.ps_trace(
            ("10/09/2025 09:14:03", "a@x.example", "b@y.example", "Delivered"),
            ("10/13/2025 9:14:03 PM", "a@x.example", "b@y.example", "Delivered"),
        ).encode()
    )
    assert us.records["at"].to_list() == [
        _when("2025-10-09 09:14:03"),
        _when("2025-10-13 21:14:03"),
    ]


def test_the_admin_centre_summary_report_gives_one_row_per_recipient():
    text = t.csv_text(
        t.SUMMARY_HEADER,
        [
            {
                "origin_timestamp": "2025-10-13T09:14:03.1230000Z",
                "sender_address": "clerk@ashby-tc.gov.uk",
                "Recipient_status": "a@mail.example##Receive, Send;b@ashby-tc.gov.uk##Receive, Fail",
                "message_subject": "Agenda",
                "total_bytes": "1024",
                "message_id": "<s1@ashby>",
                "original_client_ip": "192.0.2.9",
                "directionality": "2",
            }
        ],
    )
    # Often UTF-16 little endian without a byte order mark.
    parsed = parse_trace(t.encoded(text, "utf-16-le"))
    assert parsed.variant == "admin centre message trace report (summary)"
    assert _messages(parsed) == [
        (_when("2025-10-13 09:14:03.123"), "clerk@ashby-tc.gov.uk", "a@mail.example",
         "delivered", 1024),
        (_when("2025-10-13 09:14:03.123"), "clerk@ashby-tc.gov.uk", "b@ashby-tc.gov.uk",
         "failed", 1024),
    ]  # fmt: skip
    assert parsed.records["direction"].to_list() == ["out", "out"]
    assert parsed.records["subject"].to_list() == [None, None]  # not kept by default


def test_the_extended_report_marks_copies_sent_by_a_mailbox_rule():
    rows = [
        {
            "date_time_utc": "2025-10-13T09:15:00Z",
            "source": "MAILBOXRULE",
            "event_id": "SEND",
            "recipient_address": "me@mail.example;other@mail.example",
            "sender_address": "cllr.brown@ashby-tc.gov.uk",
            "total_bytes": "2048",
            "message_id": "<x@y>",
        },
        {
            "date_time_utc": "2025-10-13T09:16:00Z",
            "source": "SMTP",
            "event_id": "DELIVER",
            "recipient_address": "cllr.brown@ashby-tc.gov.uk",
            "sender_address": "supplier@firm.example",
            "total_bytes": "2048",
            "message_id": "<z@y>",
        },
    ]
    parsed = parse_trace(t.csv_text(t.EXTENDED_HEADER, rows).encode("utf-16"))
    assert parsed.variant == "admin centre message trace report (extended)"
    assert parsed.records.select("recipient", "forwarded", "status").rows() == [
        ("me@mail.example", True, "delivered"),
        ("other@mail.example", True, "delivered"),
        ("cllr.brown@ashby-tc.gov.uk", False, "delivered"),
    ]


def test_graph_json_gives_the_same_messages_as_the_powershell_export():
    graph = t.graph_traces(
        {
            "receivedDateTime": "2025-10-13T09:14:03Z",
            "senderAddress": "clerk@ashby-tc.gov.uk",
            "recipientAddress": "resident@mail.example",
            "status": "delivered",
            "size": 48211,
            "messageId": "<m0@example.prod.outlook.com>",
            "subject": "Allotment waiting list",
        }
    )
    ps = t.ps_trace(
        ("13/10/2025 09:14:03", "clerk@ashby-tc.gov.uk", "resident@mail.example", "Delivered")
    )
    from_graph, from_ps = parse_trace(graph.encode()), parse_trace(ps.encode())
    assert from_graph.variant == "Microsoft Graph message trace (JSON)"
    assert _messages(from_graph) == _messages(from_ps)
    assert from_graph.records["message_id"].to_list() == ["<m0@example.prod.outlook.com>"]


def test_the_gmail_log_export_reads_google_times_as_uk_local_and_refused_sessions_as_failed():
    text = t.csv_text(
        t.GMAIL_HEADER,
        [
            {
                "Message ID": "<CAF1@mail.example>",
                "Start date": "Oct 13, 2025, 9:14:03\u202fAM",
                "Sender": "clerk@ashby-tc.gov.uk",
                "Message size": "48211",
                "Subject": "Allotment waiting list",
                "Direction": "Sent",
                "Recipient address": "resident@mail.example",
                "Event target": "SMTP_OUT",
            },
            {
                "Message ID": "SMTPIN_ADDED_REJECT_SESSION",
                "Start date": "Oct 13, 2025, 10:02:07 AM",
                "Sender": "unknown@phish.example",
                "Message size": "N/A",
                "Subject": "N/A",
                "Direction": "Received",
                "Recipient address": "rfo@ashby-tc.gov.uk",
                "Event target": "SMTP_IN",
            },
        ],
    )
    parsed = parse_gmail(text.encode(), keep_subject=True)
    # 9:14 BST is 8:14 UTC.
    assert _messages(parsed) == [
        (_when("2025-10-13 08:14:03"), "clerk@ashby-tc.gov.uk", "resident@mail.example",
         "delivered", 48211),
        (_when("2025-10-13 09:02:07"), "unknown@phish.example", "rfo@ashby-tc.gov.uk",
         "failed", 0),
    ]  # fmt: skip
    assert parsed.records["direction"].to_list() == ["out", "in"]
    assert parsed.records["subject"].to_list() == ["Allotment waiting list", "N/A"]


def test_bad_trace_lines_are_listed_by_number_and_good_ones_kept():
    text = t.ps_trace(
        ("13/10/2025 09:14:03", "clerk@ashby-tc.gov.uk", "a@mail.example", "Delivered"),
        ("yesterday", "clerk@ashby-tc.gov.uk", "a@mail.example", "Delivered"),
        ("13/10/2025 09:15:03", "", "a@mail.example", "Delivered"),
        ("13/10/2025 09:16:03", "clerk@ashby-tc.gov.uk", "", "Delivered"),
    )
    parsed = parse_trace(text.encode())
    assert parsed.rejects == [
        (4, "the time is not a date and time the export writes"),
        (5, "no sender"),
        (6, "no recipient"),
    ]
    assert (parsed.lines, parsed.accepted, parsed.records.height) == (4, 1, 1)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02\x03garbage" * 10, "binary data"),
        (b"\xff\xfe\x00\xd8", "is not UTF-16"),
        (b'"Received","SenderAddress","RecipientAddress"\r\n', "no rows after its header"),
        (b"Name,Value\r\na,b\r\n", "not a Microsoft 365 message trace"),
    ],
)
def test_a_file_that_is_no_trace_is_refused_in_words(content, words):
    with pytest.raises(ExportError, match=words):
        parse_trace(content)


# --- sign-ins ------------------------------------------------------------------------------


def test_the_portal_header_traps_are_read_by_position():
    names = dedupe(t.ENTRA_PORTAL_HEADER)
    assert len(names) == 57 == len(set(names))
    assert "application id" in names and "resource id" in names
    assert "autonomous system number" in names
    assert names.count("incoming token type") == 1 and "incoming token type 2" in names


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_entra_portal_sign_ins_read_with_mfa_single_factor_and_country(encoding):
    text = t.entra_portal(
        t.entra_signin("2025-10-13T07:58:01Z", "Clerk@Ashby-TC.gov.uk"),
        t.entra_signin(
            "2025-10-13T08:10:12Z",
            "cllr.brown@ashby-tc.gov.uk",
            status="Failure",
            code="50126",
            location="Lisbon, Lisboa, PT",
            requirement="Single-factor authentication",
        ),
        t.entra_signin(
            "2025-10-13T08:10:40.5Z",
            "cllr.brown@ashby-tc.gov.uk",
            client="IMAP4",
            location="Lisbon, Lisboa, PT",
            requirement="Single-factor authentication",
        ),
        t.entra_signin(
            "2025-10-13T08:11:00Z",
            "cllr.brown@ashby-tc.gov.uk",
            status="Interrupted",
            code="50074",
        ),  # fmt: skip
    )
    parsed = parse_entra(t.encoded(text, encoding))
    assert parsed.variant == "Entra portal interactive sign-ins (CSV)"
    assert parsed.rejects == []
    assert parsed.records.select(
        "user", "result", "mfa", "single_factor", "country", "client_app", "error_code"
    ).rows() == [
        ("clerk@ashby-tc.gov.uk", "success", True, False, "GB", "Browser", "0"),
        ("cllr.brown@ashby-tc.gov.uk", "failure", False, False, "PT", "Browser", "50126"),
        ("cllr.brown@ashby-tc.gov.uk", "success", False, True, "PT", "IMAP4", "0"),
        ("cllr.brown@ashby-tc.gov.uk", "interrupted", False, False, "GB", "Browser", "50074"),
    ]
    assert parsed.records["at"][2] == _when("2025-10-13 08:10:40.500")
    assert parsed.records["mfa_method"][0] == "Mobile app notification"


def test_the_reduced_portal_header_of_the_reference_reads_too():
    text = (
        "Date (UTC),Request ID,User,Username,Application,IP address,Location,Status,"
        "Sign-in error code,Failure reason,Client app,Operating System,Compliant,Managed,"
        "Multifactor authentication result,Authentication requirement\r\n"
        "2025-10-09T07:58:01Z,1,Jane Smith,clerk@ashby-tc.gov.uk,Office 365 Exchange Online,"
        '192.0.2.21,"Ringford, England, GB",Success,0,,Browser,Windows10,True,True,'
        "MFA requirement satisfied by claim in the token,Multifactor authentication\r\n"
    )
    parsed = parse_entra(text.encode("utf-8-sig"))
    assert parsed.records.select("user", "mfa", "country").rows() == [
        ("clerk@ashby-tc.gov.uk", True, "GB")
    ]


def test_graph_and_powershell_sign_in_exports_give_the_same_records_as_the_portal():
    graph = json.dumps(
        {
            "value": [
                {
                    "createdDateTime": "2025-10-13T07:58:01Z",
                    "userPrincipalName": "clerk@ashby-tc.gov.uk",
                    "appDisplayName": "Office 365 Exchange Online",
                    "clientAppUsed": "Browser",
                    "ipAddress": "192.0.2.21",
                    "isInteractive": True,
                    "authenticationRequirement": "multiFactorAuthentication",
                    "authenticationDetails": [
                        {"authenticationMethod": "Password", "succeeded": True},
                        {"authenticationMethod": "Mobile app notification", "succeeded": True},
                    ],
                    "status": {"errorCode": 0, "failureReason": "Other."},
                    "location": {"city": "Ringford", "countryOrRegion": "GB"},
                }
            ]
        }
    )
    powershell = (
        '"CreatedDateTime","UserPrincipalName","AppDisplayName","ClientAppUsed","IpAddress",'
        '"ErrorCode","FailureReason","AuthenticationRequirement","CountryOrRegion",'
        '"IsInteractive"\r\n'
        '"13/10/2025 07:58:01","clerk@ashby-tc.gov.uk","Office 365 Exchange Online","Browser",'
        '"192.0.2.21","0","","multiFactorAuthentication","GB","True"\r\n'
    )
    portal = t.entra_portal(t.entra_signin("2025-10-13T07:58:01Z", "clerk@ashby-tc.gov.uk"))
    fields = ("at", "user", "app", "client_app", "result", "mfa", "single_factor", "country")
    results = [
        parse_entra(content.encode()).records.select(*fields).rows()
        for content in (graph, powershell, portal)
    ]
    assert results[0] == results[1] == results[2]
    assert parse_entra(graph.encode()).records["mfa_method"].to_list() == [
        "Mobile app notification"
    ]


def test_google_login_audit_csv_and_reports_api_json():
    csv_text = t.csv_text(
        t.GOOGLE_LOGIN_HEADER,
        [
            {"Event": "Successful login", "User": "clerk@ashby-tc.gov.uk",
             "Date": "Oct 13, 2025, 8:58:01 AM", "IP address": "192.0.2.21",
             "Login type": "Google password", "Login challenge method": "Password, Google Authenticator"},
            {"Event": "Failed login", "User": "rfo@ashby-tc.gov.uk",
             "Date": "Oct 13, 2025, 9:00:00 AM", "Login type": "Google password",
             "Login challenge method": "Password"},
            {"Event": "Logout", "User": "rfo@ashby-tc.gov.uk", "Date": "Oct 13, 2025, 9:30:00 AM"},
        ],
    )  # fmt: skip
    parsed = parse_google(csv_text.encode())
    assert parsed.records.select("at", "user", "result", "mfa", "single_factor").rows() == [
        (_when("2025-10-13 07:58:01"), "clerk@ashby-tc.gov.uk", "success", True, False),
        (_when("2025-10-13 08:00:00"), "rfo@ashby-tc.gov.uk", "failure", False, False),
        (_when("2025-10-13 08:30:00"), "rfo@ashby-tc.gov.uk", "other", False, False),
    ]
    api = json.dumps(
        {
            "items": [
                {
                    "id": {"time": "2025-10-13T07:58:01.000Z", "applicationName": "login"},
                    "actor": {"email": "clerk@ashby-tc.gov.uk"},
                    "ipAddress": "192.0.2.21",
                    "networkInfo": {"regionCode": "GB"},
                    "events": [
                        {
                            "type": "login",
                            "name": "login_success",
                            "parameters": [
                                {"name": "login_type", "value": "google_password"},
                                {"name": "login_challenge_method", "multiValue": ["password"]},
                                {"name": "is_second_factor", "boolValue": False},
                            ],
                        }
                    ],
                }
            ]
        }
    )
    parsed = parse_google(api.encode())
    assert parsed.records.select("user", "result", "mfa", "single_factor", "country").rows() == [
        ("clerk@ashby-tc.gov.uk", "success", False, True, "GB")
    ]


def test_sign_in_lines_without_time_user_or_result_are_rejected_by_number():
    text = t.entra_portal(
        t.entra_signin("2025-10-13T07:58:01Z", "a@ashby-tc.gov.uk"),
        t.entra_signin("not a time", "a@ashby-tc.gov.uk"),
        t.entra_signin("2025-10-13T07:58:01Z", ""),
        {**t.entra_signin("2025-10-13T07:58:01Z", "a@ashby-tc.gov.uk"), "Status": "",
         "Sign-in error code": ""},
    )  # fmt: skip
    parsed = parse_entra(text.encode())
    assert parsed.rejects == [
        (3, "the time is not a date and time the export writes"),
        (4, "no user"),
        (5, "no result (Status or error code)"),
    ]


# --- properties ----------------------------------------------------------------------------

_local = st.from_regex(r"[a-z][a-z0-9.]{0,10}[a-z0-9]", fullmatch=True)
_domain = st.sampled_from(["ashby-tc.gov.uk", "mail.example", "firm.example", "x.test"])
_address = st.builds(lambda a, b: f"{a}@{b}", _local, _domain)
_moment = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31)).map(
    lambda d: d.replace(microsecond=0, tzinfo=UTC)
)
_status = st.sampled_from(
    [("Delivered", "delivered"), ("Failed", "failed"), ("FilteredAsSpam", "spam"),
     ("Quarantined", "quarantined"), ("Pending", "pending"), ("Expanded", "expanded")]
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(_moment, _address, _address, _status), min_size=1, max_size=12),
    st.sampled_from(ENCODINGS),
    st.booleans(),
)
def test_any_powershell_trace_reads_back_what_was_written(messages, encoding, iso):
    fmt = "%Y-%m-%dT%H:%M:%S" if iso else "%d/%m/%Y %H:%M:%S"
    text = t.ps_trace(*[(at.strftime(fmt), s, r, word) for at, s, r, (word, _) in messages])
    parsed = parse_trace(t.encoded(text, encoding))
    assert parsed.rejects == []
    assert parsed.records.select("at", "sender", "recipient", "status").rows() == [
        (at, s, r, status) for at, s, r, (_, status) in messages
    ]
    assert parsed.records["line"].to_list() == list(range(3, 3 + len(messages)))


_upn = st.builds(lambda a: f"{a}@ashby-tc.gov.uk", _local)
_signin = st.tuples(
    _moment,
    _upn,
    st.sampled_from([("Success", "0"), ("Failure", "50126"), ("Interrupted", "50074")]),
    st.sampled_from(["Multifactor authentication", "Single-factor authentication"]),
    st.sampled_from(["Browser", "IMAP4", "POP3", "Authenticated SMTP", "Other clients"]),
    st.sampled_from(["GB", "PT", "US", "FR"]),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_signin, min_size=1, max_size=12), st.sampled_from(ENCODINGS))
def test_any_portal_sign_in_log_reads_back_what_was_written(signins, encoding):
    rows = [
        t.entra_signin(
            at.strftime("%Y-%m-%dT%H:%M:%SZ"), user, status=status, code=code,
            requirement=requirement, client=client, location=f"Somewhere, Region, {country}",
        )
        for at, user, (status, code), requirement, client, country in signins
    ]  # fmt: skip
    parsed = parse_entra(t.encoded(t.entra_portal(*rows), encoding))
    assert parsed.rejects == []
    expected = []
    for at, user, (status, _), requirement, client, country in signins:
        success = status == "Success"
        mfa = success and requirement.startswith("Multi")
        expected.append((at, user, status.lower(), mfa, success and not mfa, client, country))
    assert (
        parsed.records.select(
            "at", "user", "result", "mfa", "single_factor", "client_app", "country"
        ).rows()
        == expected
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=12), min_size=1, max_size=20))
@example(["a", "a", "a 2"])  # the second "a" cannot be "a 2": that is the third's name
@example(["", "", "column 2"])
def test_normalised_headers_never_collide(headers):
    names = dedupe(headers)
    assert len(names) == len(set(names)) == len(headers)


# --- the columnar reader and its line-by-line fallback ----------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_a_file_read_in_many_blocks_gives_the_same_records_and_lines_as_one(
    encoding, monkeypatch, tmp_path
):
    rows = [
        (f"13/10/2025 09:{n // 60:02d}:{n % 60:02d}", f"p{n % 7}@ashby-tc.gov.uk",
         f"r{n}@mail.example", "Delivered")
        for n in range(300)
    ]  # fmt: skip
    rows[150] = ("never", *rows[150][1:])
    path = tmp_path / "trace.csv"
    path.write_bytes(t.encoded(t.ps_trace(*rows), encoding))
    whole = parse_trace(path.read_bytes())
    monkeypatch.setattr("councilguard.mail.exports.BLOCK", 1000)  # a few lines a block
    blocks = parse_trace(path)
    assert (
        blocks.rejects
        == whole.rejects
        == [(153, "the time is not a date and time the export writes")]
    )
    assert blocks.records.equals(whole.records)
    assert blocks.records["line"].to_list() == [n + 3 for n in range(300) if n != 150]


def test_slash_dates_that_show_month_first_only_in_a_late_block_are_read_month_first_throughout(
    monkeypatch,
):
    # 250 dates that read either way, then one that can only be month first, many blocks on.
    rows = [("10/09/2025 09:14:03", "a@x.example", f"b{n}@y.example", "Delivered")
            for n in range(250)]  # fmt: skip
    rows.append(("10/13/2025 9:14:03 PM", "a@x.example", "late@y.example", "Delivered"))
    monkeypatch.setattr("councilguard.mail.exports.BLOCK", 1000)
    parsed = parse_trace(t.ps_trace(*rows).encode())
    assert parsed.rejects == []
    at = parsed.records.sort("line")["at"].to_list()
    assert at[:250] == [_when("2025-10-09 09:14:03")] * 250
    assert at[250] == _when("2025-10-13 21:14:03")


def test_slash_dates_shown_day_first_in_a_late_block_stay_day_first(monkeypatch):
    rows = [("10/09/2025 09:14:03", "a@x.example", f"b{n}@y.example", "Delivered")
            for n in range(250)]  # fmt: skip
    rows.append(("13/10/2025 21:14:03", "a@x.example", "late@y.example", "Delivered"))
    monkeypatch.setattr("councilguard.mail.exports.BLOCK", 1000)
    parsed = parse_trace(t.ps_trace(*rows).encode())
    at = parsed.records.sort("line")["at"].to_list()
    assert at[:250] == [_when("2025-09-10 09:14:03")] * 250
    assert at[250] == _when("2025-10-13 21:14:03")


def test_sign_ins_read_in_many_blocks_give_the_same_records_and_lines_as_one(monkeypatch):
    signins = [
        t.entra_signin(
            f"2025-10-13T{7 + n // 60:02d}:{n % 60:02d}:01Z", f"p{n % 5}@ashby-tc.gov.uk"
        )
        for n in range(200)
    ]
    signins[37]["Date (UTC)"] = "yesterday"
    signins[164]["Username"] = ""
    data = t.entra_portal(*signins).encode("utf-8-sig")
    whole = parse_entra(data)
    monkeypatch.setattr("councilguard.mail.exports.BLOCK", 2000)  # each block a few rows
    blocks = parse_entra(data)
    # The header is line 1: the 38th sign-in is on line 39, the 165th on line 166.
    expected = [(39, "the time is not a date and time the export writes"), (166, "no user")]
    assert whole.rejects == blocks.rejects == expected
    assert blocks.records.equals(whole.records)
    assert blocks.records["line"].to_list() == [n + 2 for n in range(200) if n not in (37, 164)]
    assert blocks.records["at"][0] == _when("2025-10-13 07:00:01")


def test_a_cell_holding_a_line_break_is_read_line_by_line_and_lines_still_named():
    text = t.ps_trace(
        ("13/10/2025 09:14:03", "clerk@ashby-tc.gov.uk", "a@mail.example", "Delivered"),
        ("13/10/2025 09:15:03", "clerk@ashby-tc.gov.uk", "b@mail.example", "Delivered"),
        ("not a time", "clerk@ashby-tc.gov.uk", "c@mail.example", "Delivered"),
    ).replace("Allotment waiting list", "Allotment\r\nwaiting list")
    parsed = parse_trace(text.encode())
    assert parsed.records["recipient"].to_list() == ["a@mail.example", "b@mail.example"]
    # Each message takes two lines of the file; the bad one begins on line 7.
    assert parsed.records["line"].to_list() == [3, 5]
    assert parsed.rejects == [(7, "the time is not a date and time the export writes")]


def test_text_that_is_not_utf8_part_way_is_refused_in_words(monkeypatch):
    text = t.ps_trace(
        *[("13/10/2025 09:14:03", "clerk@ashby-tc.gov.uk", "a@mail.example", "Sent")] * 50
    ).encode()
    broken = text[:-40] + b"\xff\xfe\xfd" + text[-37:]
    monkeypatch.setattr("councilguard.mail.exports.BLOCK", 500)
    with pytest.raises(ExportError, match="is not UTF-8"):
        parse_trace(broken)


def test_blocks_read_ahead_come_in_order_and_a_failure_comes_where_its_block_would():
    def blocks():
        yield from range(5)
        raise ExportError("broken at the sixth block")

    seen = []
    with pytest.raises(ExportError, match="sixth block"):
        for block in ahead(blocks()):
            seen.append(block)
    assert seen == [0, 1, 2, 3, 4]


def test_a_reader_ahead_stops_when_its_caller_stops():
    made = []

    def blocks():
        for n in range(1000):
            made.append(n)
            yield n

    reading = ahead(n for n in ahead(blocks()))
    assert next(reading) == 0
    reading.close()
    # Both threads have let go: they made at most the blocks they could hand over.
    assert len(made) <= 5
    assert not any(th.name == "export-reader" for th in threading.enumerate())


def test_a_file_whose_lines_are_longer_than_a_block_is_read_whole_lines_at_a_time(
    tmp_path, monkeypatch
):
    signins = [
        t.entra_signin(f"2025-10-13T07:{n:02d}:01Z", f"p{n % 5}@ashby-tc.gov.uk") for n in range(40)
    ]
    signins[7]["Username"] = ""
    path = tmp_path / "signins.csv"
    path.write_bytes(t.entra_portal(*signins).encode("utf-8-sig"))
    whole = parse_entra(path.read_bytes())
    monkeypatch.setattr("councilguard.mail.exports.BLOCK", 64)  # each line several blocks
    blocks = parse_entra(path)
    assert blocks.rejects == whole.rejects == [(9, "no user")]
    assert blocks.records.equals(whole.records)
    assert blocks.records["line"].to_list() == [n + 2 for n in range(40) if n != 7]
