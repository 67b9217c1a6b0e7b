"""C14 / B 4.1.1: a clerk, IT provider or data protection lead sets up a second factor before
anything else."""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from councilguard.core.roles import PRIVILEGED_ROLES

# Pages a user must reach to set MFA up or leave.
_ALWAYS_ALLOWED = ("/accounts/", "/static/", "/favicon.ico")


def needs_mfa(user) -> bool:
    if not user.is_authenticated:
        return False
    if not (user.is_superuser or user.memberships.filter(role__in=PRIVILEGED_ROLES).exists()):
        return False
    return not is_mfa_enabled(user)


class RequireMFAMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        # API tokens are issued by a clerk for scripts, and checked by the API itself; the
        # second-factor rule is for people's sessions, everywhere else.
        is_token_request = path.startswith("/api/") and request.headers.get(
            "Authorization", ""
        ).startswith("Bearer ")
        if (
            not is_token_request
            and not path.startswith(_ALWAYS_ALLOWED)
            and needs_mfa(request.user)
        ):
            if path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Set up two-factor authentication before using the API."},
                    status=403,
                )
            messages.warning(
                request,
                "Your role gives access to other people's data, so set up an authenticator app "
                "before you continue.",
            )
            return redirect(settings.MFA_SETUP_URL)
        return self.get_response(request)
