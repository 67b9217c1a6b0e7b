"""A person's page links to the shared passwords they may use (core.contributions)."""

from __future__ import annotations

from django.urls import reverse

from councilguard.core.contributions import PersonLink
from councilguard.core.roles import Action


def links(membership, person) -> list[PersonLink]:
    if not membership.can(Action.MANAGE_VAULT):
        return []
    url = reverse(
        "vault:person_access", kwargs={"council": membership.council.slug, "pk": person.pk}
    )
    return [PersonLink("Vault access", url)]
