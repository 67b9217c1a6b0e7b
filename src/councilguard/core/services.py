"""Create councils (C30)."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council


class CouncilError(Exception):
    pass


@transaction.atomic
def create_council(name: str, *, actor: Actor, slug: str = "") -> Council:
    """Create a council; its audit chain starts with this event."""
    name = name.strip()
    slug = slugify(slug or name)[:60]
    if not name or not slug:
        raise CouncilError("a council needs a name")
    if Council.objects.filter(slug=slug).exists():
        raise CouncilError(f"a council with the short name {slug!r} already exists")
    council = Council.objects.create(name=name, slug=slug)
    audit.record(council, Event.COUNCIL_CREATED, actor=actor, target=council)
    return council
