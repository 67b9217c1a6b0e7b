"""The permission matrix: every page and API endpoint, who may use it, and how to reach it.

``test_permission_matrix`` (core/tests) requests each entry as: nobody signed in, every role of
the council, and the clerk of another council; and checks that every URL the project serves is
listed here, so a new page without an entry fails the suite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from councilguard.core.roles import GRANTS, Action, Role
from councilguard.testing.world import World

ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class Entry:
    url_name: str
    allowed: frozenset[Role]
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    method: str = "get"
    data: Callable[[World], dict] = field(default=lambda w: {})
    api: bool = False
    council_scoped: bool = True
    # For pages about one object: kwargs pointing at an object of *another* council, reached
    # through this council's URL; must be 404 even for the clerk.
    foreign_kwargs: Callable[[World, World], dict] | None = None
    # A page that answers by sending the user on (to their council) rather than with a page.
    redirects: bool = False

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}"


def _council(w: World) -> dict:
    return {"council": w.council.slug}


def _person(w: World) -> dict:
    return {**_council(w), "pk": w.people[Role.STAFF].pk}


def _foreign_person(w: World, other: World) -> dict:
    return {**_council(w), "pk": other.people[Role.STAFF].pk}


def _membership(w: World) -> dict:
    return {**_council(w), "pk": w.users[Role.STAFF].memberships.get().pk}


def _foreign_membership(w: World, other: World) -> dict:
    return {**_council(w), "pk": other.users[Role.STAFF].memberships.get().pk}


def _token(w: World) -> dict:
    from councilguard.api.services import issue_token
    from councilguard.testing.world import SETUP

    token, _ = issue_token(w.council, name="matrix", user=w.users[Role.IT_PROVIDER], actor=SETUP)
    return {**_council(w), "pk": token.pk}


def _foreign_token(w: World, other: World) -> dict:
    return {**_council(w), "pk": _token(other)["pk"]}


def can(action: Action) -> frozenset[Role]:
    return frozenset(GRANTS[action])


PAGES = [
    Entry("core:home", can(Action.VIEW_DASHBOARD), _council),
    Entry("people:person_list", can(Action.VIEW_PEOPLE), _council),
    Entry("people:person_export", can(Action.VIEW_PEOPLE), _council),
    # Managers see their own team; the staff member reports to the matrix's manager.
    Entry("people:person_detail", can(Action.VIEW_PEOPLE), _person, foreign_kwargs=_foreign_person),
    Entry("people:person_create", can(Action.CHANGE_PEOPLE), _council),
    Entry("people:person_edit", can(Action.CHANGE_PEOPLE), _person, foreign_kwargs=_foreign_person),
    Entry("people:person_import", can(Action.CHANGE_PEOPLE), _council),
    Entry("accounts:access_list", can(Action.MANAGE_ACCESS), _council),
    Entry(
        "accounts:access_change",
        can(Action.MANAGE_ACCESS),
        _membership,
        method="post",
        data=lambda w: {f"m{w.users[Role.STAFF].memberships.get().pk}-role": "councillor"},
        foreign_kwargs=_foreign_membership,
    ),
    Entry(
        "accounts:access_remove",
        can(Action.MANAGE_ACCESS),
        _membership,
        method="post",
        foreign_kwargs=_foreign_membership,
    ),
    Entry("tokens:token_list", can(Action.MANAGE_TOKENS), _council),
    Entry(
        "tokens:token_revoke",
        can(Action.MANAGE_TOKENS),
        _token,
        method="post",
        foreign_kwargs=_foreign_token,
    ),
    Entry("audit:entry_list", can(Action.VIEW_AUDIT), _council),
    # Not council pages: any signed-in user.
    # --- policies ---
    # --- vault ---
    # --- incidents ---
    Entry("core:start", ALL_ROLES, council_scoped=False, redirects=True),
    Entry(
        "core:switch",
        ALL_ROLES,
        data=lambda w: {"council": w.council.slug},
        council_scoped=False,
        redirects=True,
    ),
]

API = [
    Entry("api:council_list", ALL_ROLES, api=True, council_scoped=False),
    Entry("api:person-list", can(Action.VIEW_PEOPLE), _council, api=True),
    Entry(
        "api:person-detail",
        can(Action.VIEW_PEOPLE),
        _person,
        api=True,
        foreign_kwargs=_foreign_person,
    ),
    Entry(
        "api:person-list",
        can(Action.CHANGE_PEOPLE),
        _council,
        method="post",
        api=True,
        data=lambda w: {
            "full_name": "New Person",
            "kind": "staff",
            "emails": ["new.person@example.org"],
        },
    ),
    Entry(
        "api:person-detail",
        can(Action.CHANGE_PEOPLE),
        _person,
        method="patch",
        api=True,
        data=lambda w: {"job_title": "Caretaker"},
        foreign_kwargs=_foreign_person,
    ),
    Entry(
        "api:person-detail",
        can(Action.CHANGE_PEOPLE),
        _person,
        method="put",
        api=True,
        data=lambda w: {"full_name": "Renamed", "kind": "staff", "emails": ["staff@ashby.example"]},
        foreign_kwargs=_foreign_person,
    ),
    Entry(
        "api:person-import-csv",
        can(Action.CHANGE_PEOPLE),
        _council,
        method="post",
        api=True,
        data=lambda w: {"file": _csv_upload()},
    ),
    # --- policies ---
    # --- vault ---
    # --- incidents ---
    Entry("api-schema", ALL_ROLES, api=True, council_scoped=False),
    Entry("api-docs", ALL_ROLES, api=True, council_scoped=False),
    Entry("api-redoc", ALL_ROLES, api=True, council_scoped=False),
]

# Served, but outside the matrix, each for a reason.
EXEMPT_PREFIXES = {
    "account_": "allauth sign-in pages: public by nature, tested in accounts/tests",
    "mfa_": "allauth MFA pages: the signed-in user's own factors, tested in accounts/tests",
    "usersessions_": "allauth: the signed-in user's own sessions",
}


def _csv_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "people.csv",
        b"full_name,role,email\nNew Person,staff,new.person@example.org\n",
        content_type="text/csv",
    )
