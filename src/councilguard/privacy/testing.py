"""Private contacts for tests and the permission matrix, made through the real services."""

from __future__ import annotations

from django.urls import reverse

from councilguard.core.models import Membership
from councilguard.core.roles import Role
from councilguard.privacy import services
from councilguard.privacy.models import AlwaysProtected, ProtectionRequest
from councilguard.testing.world import SETUP, World


def make_request(
    world: World,
    role: Role = Role.STAFF,
    *,
    kind: str = "number",
    value: str = "01632 960 777",
    extent: str = "standing",
    on_date=None,
    reason: str = "My trade union representative",
) -> ProtectionRequest:
    return services.ask_protection(
        world.people[role],
        kind=kind,
        value=value,
        extent=extent,
        on_date=on_date,
        reason=reason,
        actor=SETUP,
    )


def membership(world: World, role: Role) -> Membership:
    return Membership.objects.get(council=world.council, user=world.users[role])


def make_granted(world: World, role: Role = Role.STAFF, **kwargs) -> ProtectionRequest:
    request = make_request(world, role, **kwargs)
    decider = Role.MANAGER if request.decided_by_role == "manager" else Role.CLERK
    return services.grant_protection(request, membership=membership(world, decider), actor=SETUP)


def make_always(world: World, value: str = "116123", label: str = "Samaritans") -> AlwaysProtected:
    return services.add_always_protected(
        world.council, kind="number", value=value, label=label, actor=SETUP
    )


def open_for_work(client, finding, purpose: str = "review", detail: str = "") -> None:
    """Give the work purpose for opening a finding through its page, as a reviewer does once
    per finding per session."""
    url = reverse(
        "monitoring:finding_purpose", kwargs={"council": finding.council.slug, "pk": finding.pk}
    )
    response = client.post(url, {"purpose": purpose, "detail": detail})
    assert response.status_code == 302, response.content.decode()[:500]
