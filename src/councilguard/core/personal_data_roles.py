"""Core's own personal data about a person: the roles their account holds in the council."""

from __future__ import annotations

from councilguard.core.models import Membership
from councilguard.core.personal_data import Section, Subject

WHILE_ACTIVE = "While you hold the role, and six years after it ends (claims and audit)."


def provide(subject: Subject) -> list[Section]:
    if subject.user_id is None:
        return []
    roles = Membership.objects.filter(council=subject.council, user_id=subject.user_id)
    return [
        Section(
            key="roles",
            title="Your roles in the council's systems",
            columns=["Role", "Since"],
            rows=[(m.get_role_display(), m.created_at) for m in roles],
            purpose="To give you access to what your work needs, and no more (B 4.1).",
            recipients="The clerk; the council's IT provider.",
            retention=WHILE_ACTIVE,
            origin="The clerk, when giving you access.",
        )
    ]
