"""Request bodies, read as untrusted input (issue 12)."""

from __future__ import annotations

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from councilguard.core.untrusted import JSONRefused, check_depth, too_deep


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, refusing with a 400 what is nested more than any request needs
    (the interpreter's RecursionError on a deeply nested body was a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(str(too_deep())) from None
        try:
            check_depth(data)
        except JSONRefused as refused:
            raise ParseError(str(refused)) from None
        return data
