"""Subject access (UK GDPR Art 15): the bundle, the DP lead's review, release and download.
The bundle itself is the disclosure engine's (DESIGN 18); this module supplies what is
particular to subject access: the covering letter, exemptions, third parties, the link."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.personal_data import Subject
from councilguard.disclosure import engine
from councilguard.rights.models import (
    BundleRelease,
    DisclosureBasis,
    Exemption,
    RequestKind,
    RequestStatus,
    RightsRequest,
    ThirdPartyDisclosure,
    Withholding,
)
from councilguard.rights.services import RightsError, _locked

LINK_DAYS = 14  # long enough to download, short enough not to linger


def subject_of(request: RightsRequest) -> Subject:
    if request.person is None:
        raise RightsError(
            "the requester is not a person of the council: search the records by hand and "
            "record the answer when closing the request"
        )
    return Subject(request.council, request.person, request.person.user)


def letter_pdf(request: RightsRequest, items: list[engine.Item]) -> bytes:
    """The covering letter with the supplementary information of Art 15(1)(a)-(h) and 15(2)."""
    from weasyprint import HTML

    # WeasyPrint reports each layout step at INFO; a letter is not news.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    html = render_to_string(
        "rights/letter.html",
        {
            "request": request,
            "council": request.council,
            "held": [i for i in items if i.rows and not i.withheld],
            "withheld": [i for i in items if i.withheld],
            "today": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf()


def prepare_bundle(request: RightsRequest, *, actor: Actor) -> engine.Built:
    """Build (or build again, after a decision) the bundle the DP lead reviews."""
    request = RightsRequest.objects.select_related("person__user", "council").get(pk=request.pk)
    if not request.is_open:
        raise RightsError(f"{request.reference} is closed")
    if request.kind != RequestKind.ACCESS:
        raise RightsError("only a subject access request is answered with a copy of the data")
    if request.identity_checked_on is None:
        raise RightsError("check the requester's identity before preparing their data")
    withheld = {
        w.source_key: engine.Withheld(w.get_exemption_display(), w.reason)
        for w in request.withheld.all()
    }
    disclosed = frozenset(request.third_parties.values_list("owner_key", flat=True))
    built = engine.build(
        subject_of(request),
        purpose=f"Subject access request {request.reference}",
        actor=actor,
        withheld=withheld,
        disclosed=disclosed,
        letter=lambda items: letter_pdf(request, items),
        letter_name="covering-letter.pdf",
    )
    with transaction.atomic():
        locked = _locked(request)
        superseded = locked.draft
        locked.draft = built.disclosure
        locked.draft_review = {
            "others": {k: {"name": n, "values": c} for k, (n, c) in built.others.items()},
            "items": [
                {
                    "key": i.key,
                    "title": i.title,
                    "rows": i.rows,
                    "app": i.app,
                    "withheld": bool(i.withheld),
                    "erasable": i.erasable,
                }
                for i in built.items
            ],
        }
        locked.status = RequestStatus.IN_REVIEW
        locked.save(update_fields=["draft", "draft_review", "status"])
        audit.record(
            request.council,
            Event.RIGHTS_BUNDLE_BUILT,
            actor=actor,
            target=locked,
            summary=f"{request.reference}: {len(built.disclosure.manifest['files'])} files for "
            "review",
            changes={"sha256": built.disclosure.sha256, "others_redacted": len(built.others)},
        )
        if (
            superseded is not None
            and not BundleRelease.objects.filter(disclosure=superseded).exists()
        ):
            # A draft replaced before release never left the council: its file goes, its record
            # (hashes, audit entry) stays.
            path = engine.store_dir() / superseded.file_name
            transaction.on_commit(lambda: path.unlink(missing_ok=True))
    return built


@transaction.atomic
def withhold(
    request: RightsRequest,
    *,
    source_key: str,
    source_title: str,
    exemption: str,
    reason: str,
    actor: Actor,
) -> Withholding:
    request = _locked(request)
    if exemption not in Exemption.values:
        raise RightsError("choose the exemption")
    if not reason.strip():
        raise RightsError("give the reason for withholding it")
    if request.withheld.filter(source_key=source_key).exists():
        raise RightsError("that item is already withheld")
    item = Withholding.objects.create(
        council=request.council,
        request=request,
        source_key=source_key,
        source_title=source_title,
        exemption=exemption,
        reason=reason.strip(),
        decided_by_label=actor.label,
    )
    audit.record(
        request.council,
        Event.RIGHTS_ITEM_WITHHELD,
        actor=actor,
        target=request,
        summary=f"{request.reference}: {source_title} ({item.get_exemption_display()})",
        changes={"source": source_key, "exemption": exemption, "reason": item.reason},
    )
    return item


@transaction.atomic
def restore(item: Withholding, *, actor: Actor) -> None:
    request = _locked(item.request)
    audit.record(
        request.council,
        Event.RIGHTS_ITEM_RESTORED,
        actor=actor,
        target=request,
        summary=f"{request.reference}: {item.source_title}",
        changes={"source": item.source_key},
    )
    item.delete()


@transaction.atomic
def disclose_third_party(
    request: RightsRequest, *, owner_key: str, name: str, basis: str, reason: str, actor: Actor
) -> ThirdPartyDisclosure:
    """Show another person's identifiers in this bundle: they consented, or it is reasonable
    without their consent (DPA 2018 Sch 2 para 16), with the reason recorded."""
    request = _locked(request)
    if basis not in DisclosureBasis.values:
        raise RightsError("choose whether they consented or why it is reasonable")
    if not reason.strip():
        raise RightsError("record the consent or the reason")
    decision, _ = ThirdPartyDisclosure.objects.update_or_create(
        request=request,
        owner_key=owner_key,
        defaults={
            "council": request.council,
            "name": name,
            "basis": basis,
            "reason": reason.strip(),
            "decided_by_label": actor.label,
        },
    )
    # The audit entry keeps the fact and the basis, not the other person's name.
    audit.record(
        request.council,
        Event.RIGHTS_THIRD_PARTY_DISCLOSED,
        actor=actor,
        target=request,
        summary=f"{request.reference}: {decision.get_basis_display()}",
        changes={"basis": basis, "reason": decision.reason},
    )
    return decision


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def release(
    request: RightsRequest, *, actor: Actor, days: int = LINK_DAYS
) -> tuple[BundleRelease, str]:
    """Release the reviewed bundle: a link that expires; the request is answered. Returns the
    release and its token (only its hash is kept)."""
    request = _locked(request)
    if request.draft is None:
        raise RightsError("prepare the bundle and review it first")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    made = BundleRelease.objects.create(
        council=request.council,
        request=request,
        disclosure=request.draft,
        token_hash=_hash(token),
        released_at=now,
        released_by_label=actor.label,
        expires_at=now + timedelta(days=days),
    )
    request.status = RequestStatus.COMPLETED
    request.outcome = f"A copy of the data was released on {now:%d %B %Y}."
    request.closed_on = timezone.localdate()
    request.save(update_fields=["status", "outcome", "closed_on"])
    audit.record(
        request.council,
        Event.RIGHTS_BUNDLE_RELEASED,
        actor=actor,
        target=request,
        summary=f"{request.reference}: link valid until {made.expires_at:%d %B %Y}",
        changes={
            "sha256": request.draft.sha256,
            "chain_sequence": request.draft.chain_sequence,
            "expires": made.expires_at.isoformat(),
        },
    )
    return made, token


def find_release(request: RightsRequest, token: str) -> BundleRelease | None:
    """The release this token opens, if it has not expired."""
    return (
        BundleRelease.objects.filter(
            request=request, token_hash=_hash(token), expires_at__gt=timezone.now()
        )
        .select_related("disclosure")
        .first()
    )


@transaction.atomic
def record_download(made: BundleRelease, *, actor: Actor) -> None:
    BundleRelease.objects.filter(pk=made.pk).update(downloads=made.downloads + 1)
    audit.record(
        made.council,
        Event.RIGHTS_BUNDLE_DOWNLOADED,
        actor=actor,
        target=made.request,
        summary=f"{made.request.reference}",
        changes={"sha256": made.disclosure.sha256},
    )
