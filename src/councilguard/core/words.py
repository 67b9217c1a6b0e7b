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
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():  # an acronym ("IT provider") keeps its capitals
        return text
    return text[:1].lower() + text[1:]


def counted(n: int, one: str, many: str) -> str:
    """A number with the words that agree with it: "1 eye test was", "3 eye tests were"."""
    return f"{n} {one if n == 1 else many}"


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


# Django's own messages, which do not say which field they are about ("This field is
# required." three times over a form), as sentences that name it (GOV.UK error messages).
_DJANGO_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^This field is required\.$"), "{needed}"),
    (re.compile(r"^Select a valid choice\..*$"), "Choose one of the options for {label}"),
    (re.compile(r"^Enter a valid date\.$"), "Enter {label} as a real date"),
    (re.compile(r"^Enter a valid date/time\.$"), "Enter {label} as a real date and time"),
    (re.compile(r"^Enter a valid time\.$"), "Enter {label} as a time, like 14:30"),
    (re.compile(r"^Enter a whole number\.$"), "Enter {label} as a whole number"),
    (re.compile(r"^Enter a number\.$"), "Enter {label} as a number"),
    (re.compile(r"^Enter a valid email address\.$"), "Enter {label} as an e-mail address"),
    (re.compile(r"^Enter a valid URL\.$"), "Enter {label} as a web address"),
    (re.compile(r"^Enter a valid JSON\.$"), "Enter {label} as JSON"),
    (re.compile(r"^Enter a valid value\.$"), "Check {label}: it is not in the form expected"),
    (re.compile(r"^The submitted file is empty\.$"), "The file chosen for {label} is empty"),
    (
        re.compile(
            r"^Ensure this value has at most (?P<n>[\d,]+) characters? \(it has (?P<m>[\d,]+)\)\.$"
        ),
        "{Label} must be {n} characters or fewer (it has {m})",
    ),
    (
        re.compile(
            r"^Ensure this value has at least (?P<n>[\d,]+) characters? \(it has (?P<m>[\d,]+)\)\.$"
        ),
        "{Label} must be {n} characters or more (it has {m})",
    ),
    (
        re.compile(r"^Ensure this value is greater than or equal to (?P<n>.+)\.$"),
        "{Label} must be {n} or more",
    ),
    (
        re.compile(r"^Ensure this value is less than or equal to (?P<n>.+)\.$"),
        "{Label} must be {n} or less",
    ),
    (
        re.compile(r"^Ensure that there are no more than (?P<n>\d+) digits in total\.$"),
        "{Label} must have no more than {n} digits",
    ),
    (
        re.compile(r"^Ensure that there are no more than (?P<n>\d+) decimal places?\.$"),
        "{Label} must have no more than {n} decimal places",
    ),
]


def field_error(message: object, field: object = None) -> str:
    """One of Django's generic messages about ``field`` (a bound form field) as a sentence
    naming it: "This field is required." on "Serial number" is "Enter serial number"; on a
    list to choose from, "Choose kind". The product's own messages are left as they are."""
    text = str(message)
    label_text = str(getattr(field, "label", "") or "")
    if not label_text:
        return text
    # "Device (if the file does not name it by serial)": the name is before the brackets.
    name = re.sub(r"\s*\(.*\)\s*$", "", label_text).strip() or label_text
    lower = name if name[1:2].isupper() else name[:1].lower() + name[1:]
    for pattern, words_for in _DJANGO_MESSAGES:
        match = pattern.match(text)
        if match:
            return words_for.format(
                needed=_needed(field, lower), label=lower, Label=name, **match.groupdict()
            )
    return text


def _needed(field: object, label: str) -> str:
    widget = getattr(getattr(field, "field", None), "widget", None)
    kind = getattr(widget, "input_type", None)
    if kind in ("select", "radio") or getattr(widget, "allow_multiple_selected", False):
        return f"Choose {label}"
    if kind == "file":
        return f"Choose the {label}" if not label.lower().startswith("the ") else f"Choose {label}"
    if kind == "checkbox":
        return f"Tick the box for {label}"
    return f"Enter {label}"
