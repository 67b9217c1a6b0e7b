"""Telephone numbers: one written form (E.164) and a destination class (C13), with phonenumbers.

Both work on the distinct numbers of a bill, never line by line: a bill of a million lines holds
a few thousand distinct numbers, and the answers are joined back in the data frame.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType


class Destination:
    UK_LANDLINE = "uk_landline"
    UK_MOBILE = "uk_mobile"
    FREEPHONE = "freephone"
    NON_GEOGRAPHIC = "non_geographic"
    PREMIUM_RATE = "premium_rate"
    DIRECTORY = "directory"
    INTERNATIONAL = "international"
    OTHER = "other"

    LABELS = {
        UK_LANDLINE: "UK landline",
        UK_MOBILE: "UK mobile",
        FREEPHONE: "Freephone",
        NON_GEOGRAPHIC: "Non-geographic (03, 084, 087)",
        PREMIUM_RATE: "Premium rate (09)",
        DIRECTORY: "Directory enquiries (118)",
        INTERNATIONAL: "International",
        OTHER: "Other (short codes, data, unknown)",
    }
    ALL = tuple(LABELS)


_NOISE = re.compile(r"[\s\-().\[\]/]")


def normalise(raw: str | None) -> str | None:
    """E.164 (``+447700900123``) for a number a UK bill could show; digits for short codes;
    None for an empty cell."""
    if raw is None:
        return None
    text = _NOISE.sub("", str(raw).strip())
    if text.startswith("'"):
        text = text[1:]
    if not text:
        return None
    if text.startswith("00"):
        text = "+" + text[2:]
    digits = text.lstrip("+")
    if not digits.isdigit():
        return text
    # 118 directory enquiries and other short codes have no E.164 form.
    if not text.startswith("+") and len(digits) <= 6:
        return digits
    # Written domestically a UK number starts with 0; digits without it are international
    # digits without their "+" (447700900123, 33123456789).
    if not text.startswith("+") and not digits.startswith("0"):
        try:
            candidate = phonenumbers.parse("+" + digits, None)
        except NumberParseException:
            candidate = None
        if candidate is not None and phonenumbers.is_valid_number(candidate):
            return phonenumbers.format_number(candidate, phonenumbers.PhoneNumberFormat.E164)
    try:
        number = phonenumbers.parse(text, "GB")
    except NumberParseException:
        return digits
    if not phonenumbers.is_possible_number(number):
        return digits
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_many(values: Iterable[str | None]) -> dict[str | None, str | None]:
    return {value: normalise(value) for value in set(values)}


_UK_TYPES = {
    PhoneNumberType.FIXED_LINE: Destination.UK_LANDLINE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE: Destination.UK_LANDLINE,
    PhoneNumberType.MOBILE: Destination.UK_MOBILE,
    PhoneNumberType.TOLL_FREE: Destination.FREEPHONE,
    PhoneNumberType.PREMIUM_RATE: Destination.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST: Destination.NON_GEOGRAPHIC,
    PhoneNumberType.UAN: Destination.NON_GEOGRAPHIC,
    # 070 "personal numbers" are charged like premium numbers and often used in scams.
    PhoneNumberType.PERSONAL_NUMBER: Destination.PREMIUM_RATE,
    PhoneNumberType.VOIP: Destination.UK_LANDLINE,
    PhoneNumberType.PAGER: Destination.UK_MOBILE,
}


def classify(number: str | None) -> tuple[str, str]:
    """(destination class, country name) of a normalised number; country is "" for the UK."""
    if not number:
        return Destination.OTHER, ""
    if not number.startswith("+"):
        if number.startswith("118") and len(number) == 6:
            return Destination.DIRECTORY, ""
        return Destination.OTHER, ""
    try:
        parsed = phonenumbers.parse(number, None)
    except NumberParseException:
        return Destination.OTHER, ""
    if parsed.country_code != 44:
        # Country names come with phonenumbers' geocoding data, a third of a second to load:
        # only when a bill has calls abroad.
        from phonenumbers.geocoder import country_name_for_number

        return Destination.INTERNATIONAL, country_name_for_number(parsed, "en") or (
            phonenumbers.region_code_for_number(parsed) or f"+{parsed.country_code}"
        )
    national = str(parsed.national_number)
    # Ofcom's ranges, where phonenumbers' metadata is coarser than the charging bands.
    if national.startswith("9"):
        return Destination.PREMIUM_RATE, ""
    if national.startswith(("84", "87", "3")):
        return Destination.NON_GEOGRAPHIC, ""
    if national.startswith(("800", "808")):
        return Destination.FREEPHONE, ""
    # Geographic (01, 02) and mobile (07 but 070 personal numbers) ranges answer the same
    # below whatever phonenumbers says of the number; its type test is the slow part.
    if national.startswith(("1", "2")):
        return Destination.UK_LANDLINE, ""
    if national.startswith("7") and not national.startswith("70"):
        return Destination.UK_MOBILE, ""
    kind = phonenumbers.number_type(parsed)
    if kind in _UK_TYPES:
        return _UK_TYPES[kind], ""
    if national.startswith("7"):
        return Destination.UK_MOBILE, ""
    return Destination.OTHER, ""


def classify_many(numbers: Iterable[str | None]) -> dict[str | None, tuple[str, str]]:
    return {number: classify(number) for number in set(numbers)}
