"""Codes as the words a clerk uses: one place that turns what the program stores (a role, a
capacity, a clause's slug, a category's list name) into what a person reads.

Templates reach these through the filters in core/templatetags/words.py, which every template
has without loading them (settings.TEMPLATES "builtins"): ``{{ d.capacity|words }}``,
``{{ finding.clause_reference|clause }}``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from councilguard.core.roles import Role

# Short forms written in capitals wherever a code becomes words.
ACRONYMS = {
    "api": "API",
    "cctv": "CCTV",
    "csv": "CSV",
    "dpia": "DPIA",
    "gbp": "GBP",
    "id": "ID",
    "imei": "IMEI",
    "ip": "IP",
    "it": "IT",
    "mb": "MB",
    "mdm": "MDM",
    "sim": "SIM",
    "url": "URL",
    "usb": "USB",
    "vpn": "VPN",
}
_CODE = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$")
# "A phone-use-and-costs (v1.0)": a policy's letter and a clause's slug (the headed section's
# reference when it has no number), then anything after it.
_SLUG_CLAUSE = re.compile(r"^(?P<code>[A-Z]{1,4}) (?P<slug>[a-z0-9]+(?:-[a-z0-9]+)+)(?P<rest>.*)$")


def words(code: object) -> str:
    """A stored code in words, first letter capitalised: "senior_manager" is "Senior manager",
    "it_provider" is "IT provider", "social_networks" is "Social networks". A role reads as its
    label. Anything that is not a lower-case code is returned as it is."""
    text = "" if code is None else str(code)
    if text in Role.values:
        return str(Role(text).label)
    if not _CODE.match(text):
        return text
    parts = [ACRONYMS.get(part, part) for part in re.split(r"[_-]", text)]
    first = parts[0]
    return " ".join([first[:1].upper() + first[1:], *parts[1:]])


def words_lower(code: object) -> str:
    """``words`` for the middle of a sentence: "senior manager", "IT provider"."""
    text = words(code)
    if text[:2].isupper():  # an acronym ("IT provider") keeps its capitals
        return text
    return text[:1].lower() + text[1:]


def listed(codes: Iterable[object]) -> str:
    """Several codes as words in a sentence: "IT provider and senior manager"."""
    items = [words_lower(code) for code in codes]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def clause(text: object) -> str:
    """A clause as cited, with a section's slug as its heading: "A phone-use-and-costs (v1.0)"
    is 'A "Phone use and costs" (v1.0)'; "B 2.2.4" stays as it is."""
    value = "" if text is None else str(text)
    match = _SLUG_CLAUSE.match(value)
    if not match:
        return value
    heading = match["slug"].replace("-", " ")
    return f'{match["code"]} "{heading[:1].upper()}{heading[1:]}"{match["rest"]}'
