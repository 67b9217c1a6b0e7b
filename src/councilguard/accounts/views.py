from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render

from councilguard.accounts.forms import ChangeRoleForm, GrantRoleForm
from councilguard.accounts.services import (
    AccessError,
    change_role,
    grant_role,
    remove_access,
    set_committee_chair,
)
from councilguard.audit.actors import Actor
from councilguard.core.models import Membership
from councilguard.core.roles import PRIVILEGED_ROLES, Action
from councilguard.core.tenancy import council_view, require_GET_or_POST, require_POST


@council_view(Action.MANAGE_ACCESS)
@require_GET_or_POST
def access_list(request):
    # Whether each has a second factor, in the same query (allauth's is_mfa_enabled: any
    # authenticator), not one query per member.
    memberships = (
        Membership.objects.filter(council=request.council)
        .select_related("user")
        .annotate(mfa=Exists(Authenticator.objects.filter(user_id=OuterRef("user_id"))))
    )
    rows = [
        {
            "membership": m,
            "mfa": m.mfa,
            "needs_mfa": m.role in PRIVILEGED_ROLES,
            "form": ChangeRoleForm(initial={"role": m.role}, prefix=f"m{m.pk}"),
        }
        for m in memberships
    ]
    form = GrantRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = grant_role(
                request.council,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                full_name=form.cleaned_data["full_name"],
                actor=Actor.for_request(request),
            )
        except AccessError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"{membership.user.email} is now {membership.get_role_display()}."
            )
            return redirect("accounts:access_list", council=request.council.slug)
    return render(request, "accounts/access_list.html", {"rows": rows, "form": form})


@council_view(Action.MANAGE_ACCESS)
@require_POST
def access_change(request, pk: int):
    membership = get_object_or_404(Membership, council=request.council, pk=pk)
    form = ChangeRoleForm(request.POST, prefix=f"m{membership.pk}")
    if form.is_valid():
        try:
            change_role(
                membership, role=form.cleaned_data["role"], actor=Actor.for_request(request)
            )
            messages.success(request, f"Role of {membership.user.email} changed.")
        except AccessError as exc:
            messages.error(request, str(exc))
    return redirect("accounts:access_list", council=request.council.slug)


@council_view(Action.MANAGE_ACCESS)
@require_POST
def access_remove(request, pk: int):
    membership = get_object_or_404(Membership, council=request.council, pk=pk)
    try:
        remove_access(membership, actor=Actor.for_request(request))
        messages.success(
            request, f"{membership.user.email} no longer has access; their sessions have ended."
        )
    except AccessError as exc:
        messages.error(request, str(exc))
    return redirect("accounts:access_list", council=request.council.slug)


@council_view(Action.MANAGE_ACCESS)
@require_POST
def access_chair(request, pk: int):
    """Name or stand down the chair of the oversight committee (B 1.1.6, 2.1.4, 8.2.1)."""
    membership = get_object_or_404(Membership, council=request.council, pk=pk)
    chair = request.POST.get("chair") == "yes"
    try:
        set_committee_chair(membership, chair=chair, actor=Actor.for_request(request))
    except AccessError as exc:
        messages.error(request, str(exc))
    else:
        name = membership.user.get_full_name() or membership.user.email
        messages.success(
            request,
            f"{name} now chairs the committee." if chair else f"{name} no longer chairs it.",
        )
    return redirect("accounts:access_list", council=request.council.slug)
