"""Bills through carrier profiles into canonical records (issue 6, part 1)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilguard.phones.canonical import read_bill
from councilguard.phones.profiles import CANONICAL, Profile, ProfileError, loads, validate

# Three carriers that lay the same month out differently: headers, units, dates, words.
# (Invented layouts: no UK carrier publishes its own, reference A6.)
CARRIER_A = validate(
    Profile(
        name="carrier-a",
        columns={
            "line_number": "Mobile Number",
            "start_date": "Call Date",
            "start_time": "Call Time",
            "called_number": "Number Called",
            "description": "Destination",
            "usage_class": "Type",
            "direction": "In/Out",
            "duration": "Duration",
            "data_volume": "Data (KB)",
            "cost": "Cost (£)",
            "in_bundle": "Bundle",
            "roaming_country": "Called From",
        },
        date_format="%d/%m/%Y",
        time_format="%H:%M:%S",
        duration_format="hh:mm:ss",
        data_unit="KB",
        cost_unit="pounds",
        usage_values={
            "Call": "voice",
            "Text": "sms",
            "Picture message": "mms",
            "Data": "data",
            "Roaming call": "roaming-voice",
            "Roaming data": "roaming-data",
        },
        direction_values={"Out": "out", "In": "in"},
        in_bundle_values=["Included"],
    )
)
CARRIER_B = validate(
    Profile(
        name="carrier-b",
        delimiter=";",
        columns={
            "line_number": "CLI",
            "start": "Date/Time",
            "called_number": "Dialled",
            "description": "Description",
            "usage_class": "Service",
            "direction": "Dir",
            "duration": "Mins:Secs",
            "data_volume": "Volume MB",
            "cost": "Charge p",
            "in_bundle": "Inc",
            "roaming_country": "Roaming Country",
        },
        datetime_format="%Y%m%d %H%M%S",
        duration_format="mm:ss",
        data_unit="MB",
        cost_unit="pence",
        usage_values={"VOICE": "voice", "SMS": "sms", "MMS": "mms", "GPRS": "data"},
        direction_values={"O": "out", "I": "in"},
        in_bundle_values=["Y"],
    )
)
CARRIER_C = validate(
    Profile(
        name="carrier-c",
        columns={
            "line_number": "Telephone number",
            "start": "Start",
            "called_number": "Other party",
            "description": "Detail",
            "usage_class": "Usage type",
            "direction": "Direction",
            "duration": "Seconds",
            "data_volume": "GB",
            "cost": "Net amount",
            "in_bundle": "Included",
            "roaming_country": "Country",
        },
        datetime_format="%d-%b-%Y %H:%M",
        duration_format="seconds",
        data_unit="GB",
        cost_unit="pounds",
        usage_values={"call": "voice", "sms": "sms", "mms": "mms", "internet": "data"},
        direction_values={"outgoing": "out", "incoming": "in"},
        in_bundle_values=["true"],
    )
)

# The month, in canonical terms; each carrier below writes it in its own shape. Times are whole
# minutes (carrier C shows no seconds) and volumes whole gigabytes' worth of kilobytes (C shows
# GB to six places, which is exact for multiples of 1 KB... of 64 KB, as here).
TRUTH = [
    # line, local start, called, description, class, roaming, direction, secs, bytes, pence,
    # in bundle, country
    (
        "+447700900001",
        "2026-03-02 09:15",
        "+441632960001",
        "Leeds",
        "voice",
        False,
        "out",
        185,
        0,
        0,
        True,
        None,
    ),
    (
        "+447700900001",
        "2026-03-29 00:59",
        "+447700900555",
        "Mobile",
        "sms",
        False,
        "out",
        0,
        0,
        4,
        False,
        None,
    ),
    # 01:30 on 29 March 2026 never happened; 02:30 is BST.
    (
        "+447700900001",
        "2026-03-29 02:30",
        "+449098790123",
        "Premium",
        "voice",
        False,
        "out",
        600,
        0,
        1534,
        False,
        None,
    ),
    (
        "+447700900002",
        "2026-10-25 01:30",
        "+33123456789",
        "France",
        "voice",
        False,
        "out",
        3725,
        0,
        999,
        False,
        None,
    ),
    (
        "+447700900002",
        "2026-07-14 18:00",
        None,
        "Internet",
        "data",
        True,
        "out",
        0,
        64 * 1024 * 1024,
        250,
        False,
        "Spain",
    ),
    (
        "+447700900002",
        "2026-07-14 18:05",
        "+447700900777",
        "Mobile",
        "voice",
        True,
        "in",
        61,
        0,
        37,
        False,
        "Spain",
    ),
    (
        "+447700900003",
        "2026-12-31 23:59",
        "+447700900888",
        "MMS",
        "mms",
        False,
        "out",
        0,
        0,
        40,
        False,
        None,
    ),
    (
        "+447700900003",
        "2026-01-05 12:00",
        None,
        "Internet",
        "data",
        False,
        "out",
        0,
        1024 * 1024 * 1024,
        0,
        True,
        None,
    ),
]


def _national(number: str | None) -> str:
    return (
        ""
        if number is None
        else "0" + number[3:]
        if number.startswith("+44")
        else "00" + number[1:]
    )


def _hms(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _write(header: list[str], rows: list[list], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def carrier_a_bill() -> bytes:
    rows = []
    for line, start, called, desc, cls, roam, direction, secs, size, pence, inb, country in TRUTH:
        kind = {"voice": "Call", "sms": "Text", "mms": "Picture message", "data": "Data"}[cls]
        if roam:
            kind = "Roaming " + kind.lower()
        when = datetime.fromisoformat(start)
        rows.append(
            [
                line.replace("+44", "0"),
                f"{when:%d/%m/%Y}",
                f"{when:%H:%M:%S}",
                _national(called),
                desc,
                kind,
                direction.title(),
                _hms(secs),
                f"{size / 1024:.0f}",
                f"{pence / 100:.2f}",
                "Included" if inb else "Chargeable",
                country or "",
            ]
        )
    return _write(
        [
            "Mobile Number",
            "Call Date",
            "Call Time",
            "Number Called",
            "Destination",
            "Type",
            "In/Out",
            "Duration",
            "Data (KB)",
            "Cost (£)",
            "Bundle",
            "Called From",
        ],
        rows,
    )


def carrier_b_bill() -> bytes:
    rows = []
    for line, start, called, desc, cls, _roam, direction, secs, size, pence, inb, country in TRUTH:
        when = datetime.fromisoformat(start)
        rows.append(
            [
                line,
                f"{when:%Y%m%d %H%M%S}",
                called or "",
                desc,
                {"voice": "VOICE", "sms": "SMS", "mms": "MMS", "data": "GPRS"}[cls],
                "O" if direction == "out" else "I",
                f"{secs // 60}:{secs % 60:02d}",
                f"{size / 1024 / 1024:.4f}",
                str(pence),
                "Y" if inb else "N",
                country or "",
            ]
        )
    return _write(
        [
            "CLI",
            "Date/Time",
            "Dialled",
            "Description",
            "Service",
            "Dir",
            "Mins:Secs",
            "Volume MB",
            "Charge p",
            "Inc",
            "Roaming Country",
        ],
        rows,
        delimiter=";",
    )


def carrier_c_bill() -> bytes:
    rows = []
    for line, start, called, desc, cls, _roam, direction, secs, size, pence, inb, country in TRUTH:
        when = datetime.fromisoformat(start)
        rows.append(
            [
                line[1:],
                f"{when:%d-%b-%Y %H:%M}",
                called[1:] if called else "",
                desc,
                {"voice": "call", "sms": "sms", "mms": "mms", "data": "internet"}[cls],
                "outgoing" if direction == "out" else "incoming",
                str(secs),
                f"{size / 1024**3:.6f}",
                f"£{pence / 100:,.2f}",
                str(inb).lower(),
                country or "",
            ]
        )
    return _write(
        [
            "Telephone number",
            "Start",
            "Other party",
            "Detail",
            "Usage type",
            "Direction",
            "Seconds",
            "GB",
            "Net amount",
            "Included",
            "Country",
        ],
        rows,
    )


def _expected() -> pl.DataFrame:
    rows = []
    for line, start, called, desc, cls, roam, direction, secs, size, pence, inb, country in TRUTH:
        rows.append(
            {
                "line_number": line,
                "start_local": datetime.fromisoformat(start),
                "called_number": called,
                "description": desc,
                "usage_class": cls,
                "roaming": roam,
                "direction": direction,
                "duration_s": secs,
                "data_bytes": size,
                "cost_pence": pence,
                "in_bundle": inb,
                "roaming_country": country,
            }
        )
    return pl.DataFrame(rows)


def test_three_carriers_read_into_identical_canonical_records():
    results = [
        read_bill(bill, profile)
        for bill, profile in (
            (carrier_a_bill(), CARRIER_A),
            (carrier_b_bill(), CARRIER_B),
            (carrier_c_bill(), CARRIER_C),
        )
    ]
    for result in results:
        assert result.problems == []
        assert result.records.height == len(TRUTH)
    a, b, c = (r.records for r in results)
    assert a.equals(b)
    assert a.equals(c)
    assert a.drop("line", "start_utc").equals(
        _expected().select(a.drop("line", "start_utc").columns)
    )


def test_local_times_become_utc_across_the_clock_changes():
    records = read_bill(carrier_a_bill(), CARRIER_A).records
    utc = dict(zip(records["start_local"].to_list(), records["start_utc"].to_list(), strict=True))
    # GMT in winter, BST in summer; 02:30 on the spring-forward day is BST.
    assert utc[datetime(2026, 3, 2, 9, 15)].hour == 9
    assert utc[datetime(2026, 7, 14, 18, 0)].hour == 17
    assert utc[datetime(2026, 3, 29, 2, 30)].hour == 1
    # 01:30 on 25 October happened twice; read as the first (BST), 00:30 UTC.
    assert utc[datetime(2026, 10, 25, 1, 30)].hour == 0


def test_a_time_the_clocks_skipped_is_refused_with_its_line():
    bill = _write(
        ["line_number", "start_local", "cost_pence"],
        [["07700900001", "2026-03-29 01:30:00", "5"], ["07700900001", "2026-03-29 02:30:00", "5"]],
    )
    profile = validate(
        Profile(
            name="p",
            columns={"line_number": "line_number", "start": "start_local", "cost": "cost_pence"},
        )
    )
    result = read_bill(bill, profile)
    assert [p.line for p in result.problems] == [2]
    assert "clocks went forward" in result.problems[0].message
    assert result.records.height == 1


def test_bad_lines_are_listed_with_their_line_numbers_and_every_reason():
    bill = carrier_a_bill().decode().splitlines()
    bill.insert(3, "07700 900001,31/02/2026,10:00:00,01632960001,x,Fax,Out,0:01:00,,1.2x,,")
    bill.insert(5, ",01/03/2026,10:00:00,01632960001,x,Call,Out,1:99:00,,0.10,,")
    result = read_bill("\n".join(bill).encode(), CARRIER_A)
    assert [(p.line, p.message) for p in result.problems] == [
        (
            4,
            "start 31/02/2026 10:00:00 is not a date and time like d/m/Y H:M:S; "
            "cost 1.2x is not an amount in pounds; call type Fax is not in the profile",
        ),
        (6, "no line number; duration 1:99:00 is not hh:mm:ss"),
    ]
    assert result.records.height == len(TRUTH)


def test_a_missing_column_refuses_the_whole_file():
    result = read_bill(b"Mobile Number,Cost (\xc2\xa3)\n07700900001,1.00\n", CARRIER_A)
    assert result.records.height == 0
    assert result.problems[0].line == 1
    assert result.problems[0].message.startswith("missing columns: Call Date, Call Time")


def test_the_built_in_canonical_profile_reads_its_own_field_names():
    rows = [
        [
            r[0],
            r[1] + ":00",
            r[2] or "",
            r[3],
            ("roaming-" if r[5] else "") + r[4],
            r[6],
            r[7],
            r[8],
            r[9],
            str(r[10]).lower(),
            r[11] or "",
        ]
        for r in TRUTH
    ]
    bill = _write(list(CANONICAL.columns.values()), rows)
    result = read_bill(bill, CANONICAL)
    assert result.problems == []
    assert result.records.equals(read_bill(carrier_a_bill(), CARRIER_A).records)


# --- profiles as JSON files ---


def test_a_profile_survives_its_json_file():
    for profile in (CARRIER_A, CARRIER_B, CARRIER_C, CANONICAL):
        assert loads(profile.dumps()) == profile


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "something-else"}, "not a phone profile"),
        ({"version": 9}, "version 9 is not supported"),
        ({"cost_unit": "shillings"}, "cost unit must be one of"),
        ({"data_unit": "TB"}, "data unit must be one of"),
        ({"usage_values": {"Call": "telegram"}}, "not a usage class"),
        ({"colour": "blue"}, "unknown keys: colour"),
        ({"columns": {"line_number": "A", "cost": "B"}}, "give either one start column"),
        ({"columns": {"line_number": "A", "start": "B", "cost": "A"}}, "the same source column"),
    ],
)
def test_a_broken_profile_file_says_what_is_wrong(change, message):
    document = {**CARRIER_A.to_json(), **change}
    with pytest.raises(ProfileError, match=message):
        loads(json.dumps(document))


# --- units and parsing, as properties ---


def _one_line(profile: Profile, **cells: str) -> pl.DataFrame:
    header = list(profile.columns.values())
    values = {
        "line_number": "07700900001",
        "start": "2026-05-01 10:00:00",
        "cost": "0",
        **cells,
    }
    row = [values.get(field, "") for field in profile.columns]
    return read_bill(_write(header, [row]), profile)


def _unit_profile(**options) -> Profile:
    return validate(
        Profile(
            name="u",
            columns={
                "line_number": "L",
                "start": "S",
                "cost": "C",
                "duration": "D",
                "data_volume": "V",
            },
            datetime_format="%Y-%m-%d %H:%M:%S",
            **options,
        )
    )


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["pence", "pounds"]))
def test_costs_in_pence_or_pounds_are_the_same_pence(pence, unit):
    text = str(pence) if unit == "pence" else f"{pence // 100}.{pence % 100:02d}"
    result = _one_line(_unit_profile(cost_unit=unit), cost=text)
    assert result.records["cost_pence"].to_list() == [pence]


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=9))
def test_fractions_of_a_penny_round_half_up_exactly(tenths_whole, tenth):
    # O2 shows costs to a tenth of a penny (A6): £x.yyz.
    pounds_text = f"{tenths_whole // 100}.{tenths_whole % 100:02d}{tenth}"
    result = _one_line(_unit_profile(cost_unit="pounds"), cost=pounds_text)
    assert result.records["cost_pence"].to_list() == [tenths_whole + (1 if tenth >= 5 else 0)]


@given(
    st.integers(min_value=0, max_value=99 * 3600),
    st.sampled_from(["hh:mm:ss", "mm:ss", "clock", "seconds"]),
)
def test_durations_in_every_format_are_the_same_seconds(seconds, fmt):
    if fmt == "hh:mm:ss":
        text = _hms(seconds)
    elif fmt == "mm:ss":
        text = f"{seconds // 60}:{seconds % 60:02d}"
    elif fmt == "clock":
        text = _hms(seconds) if seconds >= 3600 else f"{seconds // 60}:{seconds % 60:02d}"
    else:
        text = str(seconds)
    result = _one_line(_unit_profile(duration_format=fmt), duration=text)
    assert result.records["duration_s"].to_list() == [seconds]


@given(st.integers(min_value=0, max_value=2**40), st.sampled_from(["B", "KB", "MB", "GB"]))
def test_data_volumes_in_every_unit_are_the_same_bytes(kib, unit):
    size = kib * 1024 if unit != "B" else kib
    scale = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[unit]
    text = repr(size / scale)
    result = _one_line(_unit_profile(data_unit=unit), data_volume=text)
    # Six or more significant decimals survive the round trip to the byte at these sizes.
    assert abs(result.records["data_bytes"].item() - size) <= max(1, size * 1e-12)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2037, 12, 31)))
def test_every_local_time_that_happened_maps_to_one_utc_instant(local):
    local = local.replace(second=0, microsecond=0)
    result = _one_line(_unit_profile(), start=f"{local:%Y-%m-%d %H:%M:%S}")
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    aware = local.replace(tzinfo=london)
    real = aware.astimezone(ZoneInfo("UTC")).astimezone(london).replace(tzinfo=None) == local
    if not real:
        assert result.records.height == 0
        assert "clocks went forward" in result.problems[0].message
        return
    utc = result.records["start_utc"].item()
    expected = aware.astimezone(ZoneInfo("UTC"))  # fold=0: the first occurrence
    assert utc == expected
    assert utc.astimezone(london).replace(tzinfo=None) == local
    assert abs(utc.replace(tzinfo=None) - local) <= timedelta(hours=1)


@given(st.text(max_size=12))
def test_garbage_in_any_cell_is_a_problem_never_a_crash(text):
    result = _one_line(_unit_profile(), cost=text, duration=text, data_volume=text, start=text)
    assert result.records.height + len(result.problems) == 1
