"""The IT provider's own pages (C29, C30): not under one council, so each checks that the user
serves as the IT provider somewhere (403 otherwise) and shows only those councils."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers

from councilguard.api.models import ProviderToken
from councilguard.api.services import TokenError, issue_provider_token, revoke_provider_token
from councilguard.audit.actors import Actor
from councilguard.core.tenancy import require_GET, require_GET_or_POST, require_POST
from councilguard.provider.work import provider_memberships, waiting_across


def _memberships_or_403(request):
    memberships = provider_memberships(request.user)
    if not memberships:
        raise PermissionDenied
    return memberships


@login_required
@require_GET
def home(request):
    memberships = _memberships_or_403(request)
    waiting = waiting_across(request.user)
    counts = {m.council_id: 0 for m in memberships}
    for each in waiting:
        counts[each.council.pk] += 1
    councils = [(m.council, counts[m.council_id]) for m in memberships]
    return render(request, "provider/home.html", {"waiting": waiting, "councils": councils})


@login_required
@require_GET_or_POST
def tokens(request):
    memberships = _memberships_or_403(request)
    by_slug = {m.council.slug: m.council for m in memberships}
    issued, errors, chosen, name = None, {}, set(), ""
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        chosen = set(request.POST.getlist("councils"))
        unknown = chosen - by_slug.keys()
        if not name:
            errors["name"] = "Say what will use the token, for example 'nightly uploads'."
        if not chosen or unknown:
            # A council outside the list is refused like none chosen: the page never says
            # whether a council the user does not serve exists.
            errors["councils"] = "Choose the councils the token may reach from the list."
        if not errors:
            try:
                issued = issue_provider_token(
                    request.user,
                    name=name,
                    councils=[by_slug[s] for s in sorted(chosen)],
                    actor=Actor.for_request(request),
                )
            except TokenError as exc:
                errors["councils"] = str(exc)
    held = ProviderToken.objects.filter(user=request.user).prefetch_related("reaches__council")
    response = render(
        request,
        "provider/tokens.html",
        {
            "tokens": held,
            "memberships": memberships,
            "issued": issued,
            "errors": errors,
            "chosen": chosen,
            "name": name if errors else "",
        },
        status=400 if errors else 200,
    )
    add_never_cache_headers(response)  # the new token is on this page once
    return response


@login_required
@require_POST
def token_revoke(request, pk: int):
    _memberships_or_403(request)
    token = get_object_or_404(ProviderToken.objects.filter(user=request.user), pk=pk)
    revoke_provider_token(token, actor=Actor.for_request(request))
    messages.success(request, f"Token {token.name!r} revoked; it no longer works anywhere.")
    return redirect("provider:tokens")
