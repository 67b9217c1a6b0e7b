"""The API's tenancy and permission gate: the same rules as the pages (core.tenancy, roles)."""

from __future__ import annotations

from rest_framework import exceptions

from councilguard.api.models import ApiToken, ProviderToken, ProviderTokenCouncil
from councilguard.core.roles import Action, serves_many_councils
from councilguard.core.tenancy import membership_for
from councilguard.people.access import NotOnPeopleList, own_person


class CouncilScopedMixin:
    """Resolve ``<council>`` from the URL for every API view.

    ``actions`` maps a viewset action (or HTTP method) to the Action a role needs for it. A token
    works only in its own council; anything else looks like a council that does not exist.
    A provider token works only in the councils still on its list, and only while its person
    holds the IT provider role there; it never widens what that role may do (the same
    ``actions`` check follows).
    """

    actions: dict[str, Action] = {}

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        membership = membership_for(request.user, kwargs.get("council", ""))
        token = request.auth
        if isinstance(token, ApiToken) and token.council_id != membership.council_id:
            raise exceptions.NotFound()
        if isinstance(token, ProviderToken) and not _reaches(token, membership):
            raise exceptions.NotFound()
        key = getattr(self, "action", None) or request.method.lower()
        needed = self.actions.get(key)
        if needed is None or not membership.can(needed):
            raise exceptions.PermissionDenied()
        request.membership = membership
        request.council = membership.council


def _reaches(token: ProviderToken, membership) -> bool:
    if not serves_many_councils(membership.role):
        return False
    return ProviderTokenCouncil.objects.filter(
        token=token, council_id=membership.council_id, removed_at__isnull=True
    ).exists()


def caller_person(request):
    """The caller's own entry on the people list of the council in the URL, for an endpoint
    about "my" things; a member with none is refused (403, saying why), never matched against
    an empty person (people.access)."""
    try:
        return own_person(request.membership)
    except NotOnPeopleList as refused:
        raise exceptions.PermissionDenied(str(refused)) from None
