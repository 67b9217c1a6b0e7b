"""Find code where a person reads: the visible text of a page, and the words in it that come
from the program rather than from a clerk (house rule: no code, id, field name, enum value or
Python value where a person reads it).

``codes_in(html)`` lists what it finds; the scan test walks every page of the permission
matrix with it, so pages added later are scanned without being named here."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is not read as text on the page.
_UNREAD = {"script", "style", "template", "head", "title", "svg", "code", "pre", "kbd", "samp"}
# Where code is the content itself (a file name, a user name or address read from a log, a
# value the person typed): templates mark it with class "cg-verbatim" and it is not scanned.
_VERBATIM_CLASSES = {"cg-verbatim"}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[bool] = []  # per open element: is its content unread?

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        unread = (
            tag in _UNREAD
            or bool(classes & _VERBATIM_CLASSES)
            or "hidden" in dict(attrs)
            or bool(self._stack and self._stack[-1])
        )
        self._stack.append(unread)

    def handle_endtag(self, tag):
        if tag in _VOID or not self._stack:
            return
        self._stack.pop()

    def handle_data(self, data):
        if not (self._stack and self._stack[-1] is True):
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text a person reads on the page (and a screen reader says), one space between
    pieces; scripts, styles, the <head> and text marked verbatim left out."""
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


# Words that read like code: a Python value or repr, an enum or field name, an internal id.
_PATTERNS = {
    # A token's first characters (api/models.py: "cg_" or "cgp_" and random letters) are shown
    # so a person can tell their tokens apart: they are what the person holds, not code.
    "a snake_case name": re.compile(
        r"(?<![\w@./:-])(?!cgp?_)[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@.-])"
    ),
    # "None", "None yet" are English here; a None inside brackets or after "=" is Python's.
    "a Python value": re.compile(
        r"(?<![\w-])(?:True|False)(?![\w-])|[=(\[]\s*None\b|\bNone\s*[)\],]"
    ),
    "a Python list or dict": re.compile(r"\[\s*'[^']*'|\{\s*'[^']*'\s*:"),
    "a Python object": re.compile(r"<[A-Z]\w+(?:: [^>]*)?>|\b[A-Z]\w+\(\w+="),
    "an internal id": re.compile(r"#\d+\b"),
    "a system actor": re.compile(r"\bsystem:[\w-]+"),
    "a dotted code": re.compile(r"\b[a-z]+\.[a-z_]+_[a-z_]+\b"),
}


def codes_in_text(text: str) -> list[str]:
    """Each code-like fragment of ``text``, with what it looks like and a little around it."""
    found = []
    for kind, pattern in _PATTERNS.items():
        for match in pattern.finditer(text):
            start, end = max(match.start() - 30, 0), match.end() + 30
            found.append(f"{kind}: {match.group(0)!r} in ...{text[start:end]}...")
    return found


def codes_in(html: str) -> list[str]:
    return codes_in_text(visible_text(html))
