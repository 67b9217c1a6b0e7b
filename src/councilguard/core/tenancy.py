"""The per-request council (DESIGN 3). Every council page goes through ``council_view``: it finds
the council in the URL, refuses (404) anyone without a role there, and refuses (403) a role that
may not take the action. Views then read ``request.council`` and ``request.membership``."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.views.decorators.http import require_http_methods

from councilguard.core.models import Membership
from councilguard.core.roles import Action


def membership_for(user, council_slug: str) -> Membership:
    """The user's membership of the council named in the URL, or 404: a council a user has no
    role in looks exactly like one that does not exist."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    membership = (
        Membership.objects.select_related("council")
        .filter(user=user, council__slug=council_slug)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


# A page is read (GET, HEAD) or sent a form (POST); nothing else reaches a council page, so
# each method a page accepts is one the permission matrix lists and tests.
PAGE_METHODS = ("GET", "HEAD", "POST")


def answers(*methods: str):
    """Django's ``require_http_methods`` (a 405 for any other method), recording the methods on
    the view as ``allowed_methods``: Django's decorator leaves no trace, and the permission
    matrix needs one to check that every method a page answers has its entry. A page that
    answers GET answers HEAD too (a read, as council_view's PAGE_METHODS has it).

    Put it just inside ``council_view``, so that a method the page does not answer is a 405
    only for a member allowed there, and an outsider still meets the sign-in page or a 404."""
    allowed = frozenset(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorator(view):
        checked = require_http_methods(sorted(allowed))(view)
        checked.allowed_methods = allowed
        return checked

    return decorator


# The three kinds of page: one that only shows, a form (shown, then sent), and an action (a
# button's POST, never shown on its own).
require_GET = answers("GET")
require_GET_or_POST = answers("GET", "POST")
require_POST = answers("POST")


def council_view(action: Action):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, council: str, *args, **kwargs):
            if request.method not in PAGE_METHODS:
                return HttpResponseNotAllowed(PAGE_METHODS)
            membership = membership_for(request.user, council)
            # Set before the check, so a refusal's page can say which role the person holds
            # and keep the council's menu (templates/403.html).
            request.membership = membership
            request.council = membership.council
            if not membership.can(action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
