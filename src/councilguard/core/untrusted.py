"""Reading and showing what came from outside (issue 12): JSON nested deeper than any export
is refused in words instead of exhausting the interpreter's stack, and a value from a file is
shown escaped and shortened, never as raw bytes or control characters a terminal would obey."""

from __future__ import annotations

import json
from typing import Any

# osquery, Intune and phone profiles nest three or four levels; 64 is far beyond any of them
# and far below Python's recursion limit.
MAX_JSON_DEPTH = 64


class JSONRefused(ValueError):
    """JSON that will not be read; the message is safe to show."""


def load_json(text: str | bytes, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``json.loads``, refusing data nested more than ``max_depth`` arrays and objects deep
    (json.JSONDecodeError, a ValueError, for text that is not JSON)."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise too_deep(max_depth) from None
    check_depth(data, max_depth)
    return data


def check_depth(data: Any, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Refuse parsed JSON whose arrays and objects nest more than ``max_depth`` deep."""
    if _depth_exceeds(data, max_depth):
        raise too_deep(max_depth)


def too_deep(max_depth: int = MAX_JSON_DEPTH) -> JSONRefused:
    return JSONRefused(
        f"the data is nested more than {max_depth} levels deep, which no export is; it was not read"
    )


def _depth_exceeds(data: Any, max_depth: int) -> bool:
    """Whether arrays and objects nest more than ``max_depth`` deep (without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > max_depth:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


SHOWN_LENGTH = 40


def shown(value: str, limit: int = SHOWN_LENGTH) -> str:
    """A value from a file as a person may safely read it: at most ``limit`` characters of it
    (then "…"), with control, invisible and unassigned characters written as escapes ("\\x1b",
    "\\u202e") so that a terminal or a page shows them rather than obeys them."""
    return escape_unsafe(value[:limit]) + ("…" if len(value) > limit else "")


def escape_unsafe(text: str) -> str:
    """``text`` with every character Python does not call printable (controls, format
    characters such as right-to-left overrides, separators other than the space, surrogates,
    unassigned code points) written as an escape."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
