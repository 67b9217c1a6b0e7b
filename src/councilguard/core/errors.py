"""The product's own error pages, also in demo mode.

Django shows its debug page for a missing page whenever DEBUG is on, which is how the demo runs:
a page that lists every URL pattern of the site and speaks to developers. A person trying the
demo meets the product's "Page not found" instead (templates/404.html). Faults (500) keep the
debug page in demo mode, where it is what someone running the demo needs."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.defaults import page_not_found

# Django's debug pages carry this robots meta tag; the product's pages never do.
_DEBUG_PAGE_MARK = b'content="NONE,NOARCHIVE"'


def is_debug_page(response: HttpResponse) -> bool:
    return (
        not getattr(response, "streaming", False)
        and response.get("Content-Type", "").startswith("text/html")
        and _DEBUG_PAGE_MARK in response.content
    )


class ProductErrorPagesMiddleware:
    """In debug (demo) mode, answer a missing page with templates/404.html."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG and response.status_code == 404 and is_debug_page(response):
            return page_not_found(request, exception=None)
        return response
