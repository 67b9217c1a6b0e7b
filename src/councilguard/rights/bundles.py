"""Pages of the subject access bundle: prepare, review (withhold, show another person),
release, and the download link that expires."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_POST
from councilguard.disclosure import engine
from councilguard.rights import access
from councilguard.rights.models import (
    BundleRelease,
    DisclosureBasis,
    Exemption,
    RequestKind,
    RightsRequest,
    Withholding,
)
from councilguard.rights.services import RightsError


class WithholdForm(forms.Form):
    exemption = forms.ChoiceField(label="Exemption", choices=Exemption.choices)
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give the reason"},
    )


class ThirdPartyForm(forms.Form):
    basis = forms.ChoiceField(label="Basis", choices=DisclosureBasis.choices)
    reason = forms.CharField(
        label="Consent or reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Record the consent or the reason"},
    )


def detail_context(request, rights_request: RightsRequest) -> dict:
    """The bundle's part of the request page."""
    if rights_request.kind != RequestKind.ACCESS:
        return {}
    return {
        "bundle": rights_request.draft,
        "review": rights_request.draft_review,
        "releases": rights_request.releases.all(),
    }


def own_downloads(request, person) -> dict:
    """The link itself is shown once, at release, to whoever released it (only its hash is
    kept); the requester's own page says a copy is ready and until when its link works."""
    if person is None:
        return {}
    releases = BundleRelease.objects.filter(request__person=person, council=request.council)
    return {"releases": list(releases)}


def _get(request, pk: int) -> RightsRequest:
    return get_object_or_404(
        RightsRequest.objects.in_council(request.council).select_related("person"), pk=pk
    )


def _back(request, pk: int):
    return redirect("rights:request_detail", council=request.council.slug, pk=pk)


def _say(request, exc: Exception) -> None:
    text = str(exc)
    messages.error(request, text[:1].upper() + text[1:] + ".")


def _decide_and_rebuild(request, rights_request: RightsRequest, decide, done: str):
    """Record one review decision and rebuild the draft, so what is released is what was
    reviewed; back to the review either way."""
    try:
        actor = Actor.for_request(request)
        decide(actor)
        access.prepare_bundle(rights_request, actor=actor)
        messages.success(request, done)
    except RightsError as exc:
        _say(request, exc)
    return redirect("rights:bundle_review", council=request.council.slug, pk=rights_request.pk)


@council_view(Action.MANAGE_RIGHTS_REQUESTS)
@require_POST
def bundle_prepare(request, pk: int):
    rights_request = _get(request, pk)
    try:
        access.prepare_bundle(rights_request, actor=Actor.for_request(request))
    except RightsError as exc:
        _say(request, exc)
        return _back(request, pk)
    messages.success(request, "The bundle is ready for the data protection lead's review.")
    return redirect("rights:bundle_review", council=request.council.slug, pk=pk)


@never_cache
@council_view(Action.REVIEW_DISCLOSURES)
@require_GET
def bundle_review(request, pk: int):
    rights_request = _get(request, pk)
    if rights_request.draft is None:
        raise Http404
    review = rights_request.draft_review
    withheld = {w.source_key: w for w in rights_request.withheld.all()}
    shown = {t.owner_key: t for t in rights_request.third_parties.all()}
    items = [
        {
            **item,
            "decision": withheld.get(item["key"]),
            "form": WithholdForm(prefix=item["key"]),
        }
        for item in review.get("items", [])
    ]
    others = [
        {
            "key": key,
            **other,
            "form": ThirdPartyForm(prefix=key.replace(":", "-")),
        }
        for key, other in sorted(review.get("others", {}).items(), key=lambda kv: kv[1]["name"])
    ]
    return render(
        request,
        "rights/bundle_review.html",
        {
            "rights_request": rights_request,
            "bundle": rights_request.draft,
            "items": items,
            "others": others,
            "shown": shown.values(),
        },
    )


@council_view(Action.REVIEW_DISCLOSURES)
@require_POST
def bundle_withhold(request, pk: int):
    rights_request = _get(request, pk)
    key = request.POST.get("source_key", "")
    item = next((i for i in rights_request.draft_review.get("items", []) if i["key"] == key), None)
    form = WithholdForm(request.POST, prefix=key) if item else None
    if item is None or not form.is_valid():
        messages.error(request, "Choose the exemption and give the reason.")
        return redirect("rights:bundle_review", council=request.council.slug, pk=pk)
    return _decide_and_rebuild(
        request,
        rights_request,
        lambda actor: access.withhold(
            rights_request,
            source_key=key,
            source_title=item["title"],
            exemption=form.cleaned_data["exemption"],
            reason=form.cleaned_data["reason"],
            actor=actor,
        ),
        f"{item['title']} is withheld; the bundle was rebuilt.",
    )


@council_view(Action.REVIEW_DISCLOSURES)
@require_POST
def bundle_restore(request, pk: int, item: int):
    rights_request = _get(request, pk)
    withheld = get_object_or_404(Withholding.objects.filter(request=rights_request), pk=item)
    return _decide_and_rebuild(
        request,
        rights_request,
        lambda actor: access.restore(withheld, actor=actor),
        f"{withheld.source_title} is back in the bundle.",
    )


@council_view(Action.REVIEW_DISCLOSURES)
@require_POST
def bundle_show_person(request, pk: int):
    rights_request = _get(request, pk)
    key = request.POST.get("owner_key", "")
    other = rights_request.draft_review.get("others", {}).get(key)
    form = ThirdPartyForm(request.POST, prefix=key.replace(":", "-")) if other else None
    if other is None or not form.is_valid():
        messages.error(request, "Choose the basis and record the consent or the reason.")
        return redirect("rights:bundle_review", council=request.council.slug, pk=pk)
    return _decide_and_rebuild(
        request,
        rights_request,
        lambda actor: access.disclose_third_party(
            rights_request,
            owner_key=key,
            name=other["name"],
            basis=form.cleaned_data["basis"],
            reason=form.cleaned_data["reason"],
            actor=actor,
        ),
        "Recorded; the bundle was rebuilt showing them.",
    )


@never_cache
@council_view(Action.REVIEW_DISCLOSURES)
@require_GET
def bundle_draft(request, pk: int):
    """The draft itself, for the data protection lead to read before release."""
    rights_request = _get(request, pk)
    if rights_request.draft is None:
        raise Http404
    return FileResponse(
        engine.open_bundle(rights_request.draft),
        as_attachment=True,
        filename=f"{rights_request.reference}-draft.zip",
    )


@council_view(Action.REVIEW_DISCLOSURES)
@require_POST
def bundle_release(request, pk: int):
    rights_request = _get(request, pk)
    try:
        made, token = access.release(rights_request, actor=Actor.for_request(request))
    except RightsError as exc:
        _say(request, exc)
        return _back(request, pk)
    link = request.build_absolute_uri(
        reverse(
            "rights:download", kwargs={"council": request.council.slug, "pk": pk, "token": token}
        )
    )
    return render(
        request,
        "rights/released.html",
        {"rights_request": rights_request, "release": made, "link": link},
    )


@never_cache
@council_view(Action.VIEW_DASHBOARD)
@require_GET
def download(request, pk: int, token: str):
    """The released bundle, through its link, until it expires: for the requester (signed in
    as themselves) and those who run requests; anyone else is refused; a wrong or expired link
    finds nothing."""
    rights_request = _get(request, pk)
    own = rights_request.person is not None and rights_request.person.user_id == request.user.pk
    if not (own or request.membership.can(Action.MANAGE_RIGHTS_REQUESTS)):
        raise PermissionDenied
    made: BundleRelease | None = access.find_release(rights_request, token)
    if made is None:
        raise Http404
    access.record_download(made, actor=Actor.for_request(request))
    return FileResponse(
        engine.open_bundle(made.disclosure),
        as_attachment=True,
        filename=f"{rights_request.reference}-your-data.zip",
    )
