"""The API's tenancy and permission gate: the same rules as the pages (core.tenancy, roles)."""

from __future__ import annotations

from rest_framework import exceptions

from councilguard.api.models import ApiToken
from councilguard.core.roles import Action
from councilguard.core.tenancy import membership_for


class CouncilScopedMixin:
    """Resolve ``<council>`` from the URL for every API view.

    ``actions`` maps a viewset action (or HTTP method) to the Action a role needs for it. A token
    works only in its own council; anything else looks like a council that does not exist.
    """

    actions: dict[str, Action] = {}

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        membership = membership_for(request.user, kwargs.get("council", ""))
        token = request.auth
        if isinstance(token, ApiToken) and token.council_id != membership.council_id:
            raise exceptions.NotFound()
        key = getattr(self, "action", None) or request.method.lower()
        needed = self.actions.get(key)
        if needed is None or not membership.can(needed):
            raise exceptions.PermissionDenied()
        request.membership = membership
        request.council = membership.council
