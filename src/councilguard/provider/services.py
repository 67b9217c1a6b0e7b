"""Set and remove the routes by which uploads find their council (C29, C30)."""

from __future__ import annotations

from django.db import transaction

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.monitoring.models import MonitoringSource
from councilguard.provider.models import RouteKind, SourceRoute

PATTERN_MAX = 200


class RouteError(ValueError):
    """A route that cannot be set; the message says why in words."""


@transaction.atomic
def add_route(source: MonitoringSource, kind: str, pattern: str, *, actor: Actor) -> SourceRoute:
    """Let ``source`` claim files whose name, or whose proxy host name, matches ``pattern``.
    The same route twice is a no-op."""
    if kind not in RouteKind.values:
        raise RouteError("Choose whether the route matches the file name or the host name.")
    pattern = pattern.strip()
    if not pattern:
        raise RouteError("Give the file name or host name to match, for example ashby-*.log.")
    if len(pattern) > PATTERN_MAX:
        raise RouteError(f"The pattern is longer than {PATTERN_MAX} characters.")
    if pattern.strip("*?") == "":
        # A route that claims every file would swallow every other council's uploads.
        raise RouteError("The pattern must name something: '*' alone would claim every file.")
    existing = SourceRoute.objects.filter(source=source, kind=kind, pattern=pattern).first()
    if existing is not None:
        return existing
    route = SourceRoute.objects.create(
        council=source.council,
        source=source,
        kind=kind,
        pattern=pattern,
        created_by_label=actor.label[:200],
    )
    audit.record(
        source.council,
        Event.ROUTE_ADDED,
        actor=actor,
        target=route,
        changes={
            "source": source.get_kind_display(),
            "matches": RouteKind(kind).label,
            "pattern": pattern,
        },
    )
    return route


@transaction.atomic
def remove_route(route: SourceRoute, *, actor: Actor) -> None:
    route = (
        SourceRoute.objects.select_for_update(of=("self",))
        .select_related("source")
        .get(pk=route.pk)
    )
    audit.record(
        route.council,
        Event.ROUTE_REMOVED,
        actor=actor,
        target=route,
        changes={
            "source": route.source.get_kind_display(),
            "matches": route.get_kind_display(),
            "pattern": route.pattern,
        },
    )
    route.delete()
