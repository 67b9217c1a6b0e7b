from __future__ import annotations

import time
from functools import wraps

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.core.tenancy import (
    council_view,
    membership_for,
    require_GET,
    require_GET_or_POST,
    require_POST,
)
from councilguard.people.access import own_person
from councilguard.people.models import Person
from councilguard.vault import crypto
from councilguard.vault.access import (
    Purpose,
    access_entry,
    can_change,
    listed_entries,
    person_of,
    usable_entries,
)
from councilguard.vault.forms import ChangeNowForm, EntryForm, GeneratorForm, RevealForm, RotateForm
from councilguard.vault.models import RotationFlag, VaultEntry, Via
from councilguard.vault.passphrase import Options, generate
from councilguard.vault.services import (
    RECENT_MFA_SECONDS,
    REVEAL_SHOWN_SECONDS,
    EntryRefused,
    RecentMFARequired,
    RevealsLimited,
    VaultError,
    WeakSecret,
    access_of,
    create_entry,
    record_refusal,
    request_rotation,
    restore_access_of,
    retire_entry,
    reveal_secret,
    revoke_access_of,
    rotate_secret,
    update_entry,
)


def entry_view(action: Action, purpose: Purpose):
    """``council_view(action)`` for a page about one entry, which then reaches the entry only
    through ``access_entry`` (404 plus an incident when refused). A role that may not take the
    action at all gets the same 403 whether or not the id exists, and if it does, the attempt
    is an incident too (B 4.1.5)."""

    def decorator(view):
        def reach(request, pk: int, *args, **kwargs):
            entry = access_entry(
                request.membership, pk, purpose, actor=Actor.for_request(request), via=Via.PAGE
            )
            return view(request, entry, *args, **kwargs)

        # The methods the page states (require_GET and the like, just below entry_view) are
        # checked before the entry is reached: a refused method is a 405 that records nothing.
        methods = getattr(view, "allowed_methods", None)
        if methods is not None:
            reach = require_http_methods(sorted(methods))(reach)
        inner = council_view(action)(reach)

        @wraps(view)
        def wrapper(request, council: str, pk: int, *args, **kwargs):
            try:
                return inner(request, council, pk, *args, **kwargs)
            except PermissionDenied:
                _note_role_refusal(request, council, pk, purpose)
                raise

        return wrapper

    return decorator


def _note_role_refusal(request, council: str, pk: int, purpose: Purpose) -> None:
    try:
        membership = membership_for(request.user, council)
    except Http404:
        return
    # Only an entry of this council: any other id (even another council's) is not noted,
    # so another council's ids cannot be told from ids that exist nowhere.
    entry = VaultEntry.objects.in_council(membership.council).filter(pk=pk).first()
    if entry is None:
        return
    record_refusal(
        membership,
        entry=entry,
        purpose=purpose,
        actor=Actor.for_request(request),
        via=Via.PAGE,
    )


# Reasons typed for an administrative entry while the second factor had run out, by entry,
# kept in the session until the reveal, so the person types the reason once.
PENDING_REASONS = "vault_pending_reasons"


def has_recent_mfa(request) -> bool:
    """A second factor used in this session within RECENT_MFA_SECONDS: at sign-in, or through
    allauth's "confirm it's you" step (both are recorded as method "mfa")."""
    records = get_authentication_records(request, request.user)
    now = time.time()
    return any(
        r.get("method") == "mfa" and now - float(r.get("at", 0)) < RECENT_MFA_SECONDS
        for r in records
    )


@council_view(Action.VIEW_VAULT)
@require_GET
def entry_list(request):
    membership = request.membership
    entries = listed_entries(membership).select_related("owner").prefetch_related("role_grants")
    usable = set(usable_entries(membership).values_list("pk", flat=True))
    now = timezone.now()
    rows = [{"entry": e, "usable": e.pk in usable, "overdue": e.is_overdue(now)} for e in entries]
    return render(
        request,
        "vault/entry_list.html",
        {
            "rows": rows,
            "can_add": membership.can(Action.KEEP_VAULT_ENTRIES),
            "can_manage": membership.can(Action.MANAGE_VAULT),
        },
    )


@never_cache
@sensitive_post_parameters("secret")
@council_view(Action.KEEP_VAULT_ENTRIES)
@require_GET_or_POST
@sensitive_variables()
def entry_create(request):
    owner_choices = _owner_choices(request)
    form = EntryForm(
        request.POST or None,
        council=request.council,
        owner_choices=owner_choices,
        with_secret=True,
        initial={
            "owner": person_of(request.membership) or owner_choices.first(),
            "rotation_days": 365,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = create_entry(
                request.council,
                form.to_data(),
                form.cleaned_data["secret"],
                actor=Actor.for_request(request),
            )
        except VaultError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, f"{entry} added to the vault.")
            return redirect("vault:entry_detail", council=request.council.slug, pk=entry.pk)
    return render(request, "vault/entry_form.html", {"form": form, "entry": None})


@entry_view(Action.VIEW_VAULT, Purpose.VIEW)
@require_GET
def entry_detail(request, entry: VaultEntry):
    membership = request.membership
    changeable = can_change(membership, entry)
    reveals = []
    if changeable or membership.can(Action.MANAGE_VAULT):
        reveals = list(entry.reveals.select_related("user", "person")[:100])
    return render(
        request,
        "vault/entry_detail.html",
        {
            "entry": entry,
            "usable": usable_entries(membership).filter(pk=entry.pk).exists(),
            "can_change": changeable,
            "reveals": reveals,
            "overdue": entry.is_overdue(),
            "allowed_people": entry.allowed_people.all(),
        },
    )


@never_cache
@entry_view(Action.KEEP_VAULT_ENTRIES, Purpose.CHANGE)
@require_GET_or_POST
def entry_edit(request, entry: VaultEntry):
    owner_choices = _owner_choices(request, current=entry.owner)
    form = EntryForm(
        request.POST or None,
        council=request.council,
        owner_choices=owner_choices,
        initial=EntryForm.initial_for(entry),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = update_entry(entry, form.to_data(), actor=Actor.for_request(request))
        except VaultError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, f"{entry} updated." if changed else "Nothing changed.")
            return redirect("vault:entry_detail", council=request.council.slug, pk=entry.pk)
    return render(request, "vault/entry_form.html", {"form": form, "entry": entry})


@never_cache
@entry_view(Action.VIEW_VAULT, Purpose.REVEAL)
@require_GET_or_POST
@sensitive_variables("secret")
def entry_reveal(request, entry: VaultEntry):
    """Reveal a secret (B 4.1.5): a POST with a reason typed each time; shown for a short time;
    never cached. An administrative entry needs a second factor from the last few minutes:
    the page asks for the code first and the reason after it, so the reason is asked once; if
    the code runs out while the reason is typed, the reason waits in the session meanwhile."""
    here = reverse("vault:entry_reveal", kwargs={"council": request.council.slug, "pk": entry.pk})
    confirm_url = f"{reverse('mfa_reauthenticate')}?{urlencode({'next': here})}"
    pending = request.session.get(PENDING_REASONS, {})
    form = RevealForm(request.POST or None, initial={"reason": pending.get(str(entry.pk), "")})
    context = {
        "entry": entry,
        "form": form,
        "mfa_missing": False,
        "seconds": REVEAL_SHOWN_SECONDS,
        "confirm_url": confirm_url,
        "reason_kept": bool(pending.get(str(entry.pk))),
    }
    if entry.privileged and not is_mfa_enabled(request.user):
        context["mfa_missing"] = True
        return render(request, "vault/entry_reveal.html", context, status=403)
    if request.method == "POST" and form.is_valid():
        try:
            secret = reveal_secret(
                entry,
                membership=request.membership,
                reason=form.cleaned_data["reason"],
                actor=Actor.for_request(request),
                via=Via.PAGE,
                recent_mfa=has_recent_mfa(request),
            )
        except VaultError as exc:
            form.add_error("reason", str(exc))
        except RecentMFARequired:
            request.session[PENDING_REASONS] = {
                **pending,
                str(entry.pk): form.cleaned_data["reason"],
            }
            messages.info(
                request,
                "This is an administrative password: confirm it is you with your "
                "authenticator. Your reason is kept for when you come back.",
            )
            return redirect(confirm_url)
        except RevealsLimited:
            return render(request, "vault/reveals_limited.html", {"entry": entry}, status=429)
        except EntryRefused:
            raise Http404 from None
        except (crypto.SecretUnreadable, crypto.VaultKeyError):
            # The detail (which key, which layer) is in the log and the audit trail, not here.
            return render(request, "vault/unreadable.html", {"entry": entry}, status=500)
        else:
            if str(entry.pk) in pending:
                request.session[PENDING_REASONS] = {
                    k: v for k, v in pending.items() if k != str(entry.pk)
                }
            return render(
                request,
                "vault/entry_revealed.html",
                {
                    "entry": entry,
                    "secret": secret,
                    "reason": form.cleaned_data["reason"],
                    "seconds": REVEAL_SHOWN_SECONDS,
                },
            )
    context["needs_mfa_now"] = entry.privileged and not has_recent_mfa(request)
    return render(request, "vault/entry_reveal.html", context)


@never_cache
@sensitive_post_parameters("secret")
@entry_view(Action.KEEP_VAULT_ENTRIES, Purpose.CHANGE)
@require_GET_or_POST
@sensitive_variables()
def entry_rotate(request, entry: VaultEntry):
    form = RotateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rotate_secret(entry, form.cleaned_data["secret"], actor=Actor.for_request(request))
        except VaultError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, f"The new password of {entry} is saved.")
            return redirect("vault:entry_detail", council=request.council.slug, pk=entry.pk)
    suggestion = generate(Options(), user=request.user)
    return render(
        request,
        "vault/entry_rotate.html",
        {"entry": entry, "form": form, "suggestion": suggestion},
    )


@entry_view(Action.VIEW_VAULT, Purpose.FLAG)
@require_GET_or_POST
def entry_change_now(request, entry: VaultEntry):
    """B 4.1.4: anyone who may use a password and suspects it is known says so here."""
    form = ChangeNowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        flagged = request_rotation(
            entry, actor=Actor.for_request(request), note=form.cleaned_data["note"]
        )
        messages.success(
            request,
            f"{entry} is marked to be changed now; its owner has been asked to change it."
            if flagged
            else f"{entry} was already marked to be changed.",
        )
        return redirect("vault:entry_detail", council=request.council.slug, pk=entry.pk)
    return render(request, "vault/entry_change_now.html", {"entry": entry, "form": form})


@entry_view(Action.KEEP_VAULT_ENTRIES, Purpose.CHANGE)
@require_POST
def entry_retire(request, entry: VaultEntry):
    retire_entry(entry, actor=Actor.for_request(request))
    messages.success(request, f"{entry} is retired: nobody can reveal it any more.")
    return redirect("vault:entry_list", council=request.council.slug)


@never_cache
@council_view(Action.VIEW_VAULT)
@require_GET
def generate_password(request):
    """Three random words (B 4.1.1); htmx asks for the fragment only."""
    form = GeneratorForm(request.GET or None)
    options = Options()
    if form.is_valid():
        options = Options(
            separator=form.cleaned_data["separator"] or "hyphen",
            digits=form.cleaned_data["digits"],
            capitals=form.cleaned_data["capitals"],
        )
    passphrase = generate(options, user=request.user)
    template = "vault/_passphrase.html" if request.htmx else "vault/generate.html"
    return render(request, template, {"form": form, "passphrase": passphrase})


@council_view(Action.MANAGE_VAULT)
@require_GET
def leaver_list(request):
    """People who have left, or whose account is disabled, or whose vault access was removed:
    what they could use, what they saw, and what still needs changing."""
    today = timezone.localdate()
    people = (
        Person.objects.in_council(request.council)
        .filter(
            Q(leave_date__lt=today) | Q(user__is_active=False) | Q(vault_revocations__isnull=False)
        )
        .distinct()
        .order_by("full_name")
    )
    rows = []
    for person in people:
        access = access_of(person)
        rows.append(
            {
                "person": person,
                "access": access,
                "to_change": [
                    e for e in access.revealed_entries if e.rotation_flag and not e.retired_at
                ],
            }
        )
    return render(request, "vault/leaver_list.html", {"rows": rows})


@council_view(Action.MANAGE_VAULT)
@require_GET_or_POST
def person_access(request, pk: int):
    person = get_object_or_404(Person.objects.in_council(request.council), pk=pk)
    if request.method == "POST":
        revoke_access_of(person, actor=Actor.for_request(request))
        messages.success(
            request,
            f"{person} can no longer use the vault; the passwords they saw are marked to be "
            "changed and their owners asked to change them.",
        )
        return redirect("vault:person_access", council=request.council.slug, pk=person.pk)
    access = access_of(person)
    membership = (
        person.user.memberships.filter(council=request.council).first() if person.user else None
    )
    return render(
        request,
        "vault/person_access.html",
        {
            "person": person,
            "access": access,
            "still_has_role": membership is not None and person.user.is_active,
            "flag_leaver": RotationFlag.LEAVER,
        },
    )


@council_view(Action.MANAGE_VAULT)
@require_POST
def person_restore(request, pk: int):
    person = get_object_or_404(Person.objects.in_council(request.council), pk=pk)
    if restore_access_of(person, actor=Actor.for_request(request)):
        messages.success(request, f"{person} may use the vault again.")
    return redirect("vault:person_access", council=request.council.slug, pk=person.pk)


def _owner_choices(request, current: Person | None = None):
    """The clerk picks any current person; the IT provider owns what it adds."""
    people = Person.objects.in_council(request.council).current().order_by("full_name")
    if request.membership.can(Action.MANAGE_VAULT):
        return people
    # The IT provider owns what it adds, so it must be on the people list (people.access).
    own = own_person(request.membership)
    allowed = [p.pk for p in (own, current) if p is not None]
    return people.filter(pk__in=allowed)


def _add_error(form, exc: VaultError) -> None:
    field = "secret" if isinstance(exc, WeakSecret) and "secret" in form.fields else None
    message = str(exc)
    form.add_error(field, message[:1].upper() + message[1:])
