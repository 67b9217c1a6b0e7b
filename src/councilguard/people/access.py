"""A member's own entry on their council's people list: the one way to find "me".

A member may hold a role with no entry on the people list (an outside IT company's engineer, a
clerk who has not yet added themselves). Such a member has no person, and a lookup that returns
``None`` is dangerous: ``filter(person=None)`` matches every row whose person is empty (outside
attendees of a meeting, the clerk's own tasks), and without the council in the query, in every
council. So every view, endpoint and service finds the member's person here, always within the
membership's council (the council in the URL), and an action on "my" things refuses a member who
has none rather than matching NULL.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from councilguard.core.models import Membership
from councilguard.people.models import Person

NOT_ON_THE_LIST = (
    "You are not on this council's list of people, so there is nothing of yours here. "
    "Ask the clerk to add you to the list."
)


class NotOnPeopleList(PermissionDenied):
    """The member holds a role in the council but has no entry on its people list."""

    def __init__(self) -> None:
        super().__init__(NOT_ON_THE_LIST)


def person_of(membership: Membership) -> Person | None:
    """The member's entry on the people list of the membership's council, or ``None``.

    For pages that show "my" things and can say there are none. Never put the result in a
    filter unchecked: use ``own_person`` for anything that acts on, or lists, a person's rows.
    """
    return Person.objects.in_council(membership.council).filter(user=membership.user).first()


def own_person(membership: Membership) -> Person:
    """The member's entry on the people list of the membership's council, or refuse (403, with
    a page saying why)."""
    person = person_of(membership)
    if person is None:
        raise NotOnPeopleList
    return person
