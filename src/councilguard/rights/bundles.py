"""What the bundle steps add to the request pages (filled in with the disclosure engine)."""

from __future__ import annotations


def detail_context(request, rights_request) -> dict:
    return {}


def own_downloads(request, person) -> dict:
    return {}
