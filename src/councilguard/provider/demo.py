"""The IT provider's part of the demo (C29, C30): Jo Whitfield of Fixit Support serves
Ashcombe and Brinmoor; Ashcombe's web proxy source claims its collector's files, and Jo holds a
token for the nightly uploads of both councils (its secret is not kept: issue another to try
the API)."""

from __future__ import annotations

from councilguard.accounts.models import User
from councilguard.api.services import issue_provider_token, provider_councils
from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.monitoring.models import MonitoringSource
from councilguard.people.models import Person
from councilguard.provider.models import RouteKind
from councilguard.provider.services import add_route

PROVIDER_EMAIL = "jo@fixitsupport.example"


def load_provider_demo(council: Council, people: dict[str, Person], actor: Actor) -> None:
    proxy = MonitoringSource.objects.filter(council=council, kind="proxy").first()
    if proxy is not None:
        add_route(proxy, RouteKind.FILE_NAME, f"{council.slug}-*.log", actor=actor)
        add_route(proxy, RouteKind.HOST, f"proxy-{council.slug}", actor=actor)
    jo = User.objects.filter(email=PROVIDER_EMAIL).first()
    if jo is not None and provider_councils(jo):
        issue_provider_token(
            jo, name="Nightly log uploads", councils=provider_councils(jo), actor=actor
        )
