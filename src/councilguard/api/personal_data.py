"""The API app's personal data: tokens issued to the person's account (never the secret)."""

from __future__ import annotations

from councilguard.api.models import ApiToken, ProviderTokenCouncil
from councilguard.core.personal_data import Section, Subject


def provide(subject: Subject) -> list[Section]:
    if subject.user_id is None:
        return []
    tokens = ApiToken.objects.filter(council=subject.council, user_id=subject.user_id)
    return [
        Section(
            key="api-tokens",
            title="Keys for the council's API issued to you",
            columns=["Name", "Begins with", "Issued", "Last used", "Revoked"],
            rows=[(t.name, t.hint, t.created_at, t.last_used_at, t.revoked_at) for t in tokens],
            purpose="To let systems you run reach the council's data with your permissions.",
            recipients="The clerk.",
            retention="While the key is in use, then with the audit trail.",
            origin="The clerk, when issuing the key.",
        ),
        _provider_tokens(subject),
    ]


def _provider_tokens(subject: Subject) -> Section:
    reaches = ProviderTokenCouncil.objects.filter(
        council=subject.council, token__user_id=subject.user_id
    ).select_related("token")
    return Section(
        key="provider-tokens",
        title="Keys for the API of several councils, as their IT provider, that reach this one",
        columns=["Name", "Begins with", "Issued", "Last used", "Stopped here", "Revoked"],
        rows=[
            (
                r.token.name,
                r.token.hint,
                r.token.created_at,
                r.token.last_used_at,
                r.removed_at,
                r.token.revoked_at,
            )
            for r in reaches
        ],
        purpose="To let the systems of the IT provider you work for reach the council's data "
        "with your permissions.",
        recipients="The clerk.",
        retention="While the key is in use, then with the audit trail.",
        origin="You, when issuing the key.",
    )
