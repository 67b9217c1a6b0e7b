"""Carrier profiles: how one carrier's itemised-bill CSV maps onto the canonical record (C13).

UK carriers publish no itemised-bill layout (reference A6), so nothing here knows EE, Vodafone or
O2: a profile names the source header of each canonical field, the units (KB, MB or GB; pence or
pounds; hh:mm:ss, mm:ss or seconds), the date format and the carrier's words for call types.
A profile is plain data: it is stored per council and written to and read from a JSON file whose
format docs/phone-profiles.md describes. ``validate`` is the one gate for every way in.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from councilguard.core.untrusted import JSONRefused, load_json

FORMAT = "councilguard-phone-profile"
VERSION = 1

# The canonical record's fields that come from a column of the bill.
COLUMN_FIELDS = (
    "line_number",
    "start",
    "start_date",
    "start_time",
    "called_number",
    "description",
    "usage_class",
    "direction",
    "duration",
    "data_volume",
    "cost",
    "in_bundle",
    "roaming_country",
)
REQUIRED = ("line_number", "cost")
USAGE_CLASSES = ("voice", "sms", "mms", "data")
DIRECTIONS = ("out", "in")
DURATION_FORMATS = ("hh:mm:ss", "mm:ss", "clock", "seconds", "minutes")
DATA_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}
COST_UNITS = ("pence", "pounds")


class ProfileError(ValueError):
    """A profile that cannot be used; the message says which part and why."""


@dataclass
class Profile:
    """One carrier layout. ``columns`` maps canonical field -> source header."""

    name: str
    columns: dict[str, str]
    description: str = ""
    delimiter: str = ","
    # strftime formats, for one date-and-time column (``start``) or two (date and time).
    datetime_format: str = "%Y-%m-%d %H:%M:%S"
    date_format: str = "%d/%m/%Y"
    time_format: str = "%H:%M:%S"
    duration_format: str = "seconds"
    data_unit: str = "B"
    cost_unit: str = "pence"
    # Carrier word -> canonical usage class; "roaming-" before a class marks roaming too.
    usage_values: dict[str, str] = field(default_factory=dict)
    default_usage: str = "voice"
    direction_values: dict[str, str] = field(default_factory=dict)
    # Values of the in-bundle column meaning "included in the bundle" (any other means charged).
    in_bundle_values: list[str] = field(default_factory=lambda: ["y", "yes", "true", "1"])

    @property
    def has_split_datetime(self) -> bool:
        return "start_date" in self.columns

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, **asdict(self)}

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"


def validate(profile: Profile) -> Profile:
    """Check a profile is complete and consistent; return it or raise ProfileError."""
    if not profile.name.strip() or len(profile.name) > 60:
        raise ProfileError("a profile needs a name of at most 60 characters")
    unknown = set(profile.columns) - set(COLUMN_FIELDS)
    if unknown:
        raise ProfileError(f"unknown canonical fields: {', '.join(sorted(unknown))}")
    for name in REQUIRED:
        if not profile.columns.get(name):
            raise ProfileError(f"the {name.replace('_', ' ')} column is required")
    split = bool(profile.columns.get("start_date")) or bool(profile.columns.get("start_time"))
    if split and not (profile.columns.get("start_date") and profile.columns.get("start_time")):
        raise ProfileError("a split date and time needs both the start_date and start_time column")
    if split == bool(profile.columns.get("start")):
        raise ProfileError("give either one start column or start_date and start_time")
    headers = [h for h in profile.columns.values() if h]
    if len(headers) != len(set(headers)):
        raise ProfileError("two canonical fields read the same source column")
    if len(profile.delimiter) != 1:
        raise ProfileError("the delimiter must be one character")
    if profile.duration_format not in DURATION_FORMATS:
        raise ProfileError(f"duration format must be one of {', '.join(DURATION_FORMATS)}")
    if profile.data_unit not in DATA_UNITS:
        raise ProfileError(f"data unit must be one of {', '.join(DATA_UNITS)}")
    if profile.cost_unit not in COST_UNITS:
        raise ProfileError(f"cost unit must be one of {', '.join(COST_UNITS)}")
    for word, usage in profile.usage_values.items():
        if usage.removeprefix("roaming-") not in USAGE_CLASSES:
            raise ProfileError(f"{word!r} maps to {usage!r}, not a usage class")
    if profile.default_usage.removeprefix("roaming-") not in USAGE_CLASSES:
        raise ProfileError(f"default usage {profile.default_usage!r} is not a usage class")
    for word, direction in profile.direction_values.items():
        if direction not in DIRECTIONS:
            raise ProfileError(f"{word!r} maps to {direction!r}, not 'out' or 'in'")
    for fmt in ("datetime_format", "date_format", "time_format"):
        if "%" not in getattr(profile, fmt):
            raise ProfileError(f"{fmt.replace('_', ' ')} is not a strftime format")
    # Lower-case once so matching the carrier's words ignores case.
    profile.usage_values = {k.strip().lower(): v for k, v in profile.usage_values.items()}
    profile.direction_values = {k.strip().lower(): v for k, v in profile.direction_values.items()}
    profile.in_bundle_values = [v.strip().lower() for v in profile.in_bundle_values]
    return profile


def from_json(data: Any) -> Profile:
    """Read a profile from its JSON document (docs/phone-profiles.md)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProfileError(f'not a phone profile (expected "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise ProfileError(f"profile version {data.get('version')!r} is not supported")
    body = {k: v for k, v in data.items() if k not in ("format", "version")}
    known = set(Profile.__dataclass_fields__)
    extra = set(body) - known
    if extra:
        raise ProfileError(f"unknown keys: {', '.join(sorted(extra))}")
    if not isinstance(body.get("columns"), dict):
        raise ProfileError("columns must be an object of canonical field to header")
    try:
        profile = Profile(**body)
    except TypeError as error:
        raise ProfileError(str(error)) from None
    for key in ("name", "description", "delimiter", "datetime_format", "date_format"):
        if not isinstance(getattr(profile, key), str):
            raise ProfileError(f"{key} must be text")
    return validate(profile)


# A profile is a few hundred bytes; a file much larger is not one.
MAX_PROFILE_BYTES = 100_000


def loads(text: str) -> Profile:
    try:
        return from_json(load_json(text))
    except JSONRefused as refused:
        raise ProfileError(str(refused)) from None
    except json.JSONDecodeError as error:
        raise ProfileError(f"not valid JSON: {error}") from None


# The built-in profile: the bill's headers are the canonical names themselves.
CANONICAL = validate(
    Profile(
        name="canonical",
        description="Headers are the canonical field names; times in UK local time.",
        columns={
            "line_number": "line_number",
            "start": "start_local",
            "called_number": "called_number",
            "description": "description",
            "usage_class": "usage_class",
            "direction": "direction",
            "duration": "duration_s",
            "data_volume": "data_bytes",
            "cost": "cost_pence",
            "in_bundle": "in_bundle",
            "roaming_country": "roaming_country",
        },
        datetime_format="%Y-%m-%d %H:%M:%S",
        duration_format="seconds",
        data_unit="B",
        cost_unit="pence",
        usage_values={
            **{c: c for c in USAGE_CLASSES},
            **{f"roaming-{c}": f"roaming-{c}" for c in USAGE_CLASSES},
        },
        direction_values={"out": "out", "in": "in"},
        in_bundle_values=["true", "1", "yes", "y"],
    )
)
BUILT_IN = {CANONICAL.name: CANONICAL}
