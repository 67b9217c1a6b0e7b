"""A council populated through the real services, with one named account per role."""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from councilguard.accounts.models import User
from councilguard.accounts.services import grant_role
from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.core.roles import PRIVILEGED_ROLES, Role
from councilguard.core.services import create_council
from councilguard.people.models import Person
from councilguard.people.services import PersonData, create_person

SETUP = Actor.system("test-setup")
PASSWORD = "velvet lantern orchard"


@dataclass
class World:
    council: Council
    users: dict[Role, User] = field(default_factory=dict)
    people: dict[Role, Person] = field(default_factory=dict)
    totp_secrets: dict[Role, str] = field(default_factory=dict)
    # Members who hold a role but have no entry on the people list (see people.access); filled
    # by ``add_member_off_the_list``.
    off_the_list: dict[Role, User] = field(default_factory=dict)
    # The member making a request of the permission matrix, for data that must be their own.
    acting: User | None = None

    @property
    def acting_person(self) -> Person | None:
        """The acting member's person, or None when they are not on the people list."""
        for role, user in self.users.items():
            if user == self.acting:
                return self.people[role]
        return None

    def __getattr__(self, name: str):
        # world.clerk, world.it_provider ... read as sentences in tests.
        try:
            return self.users[Role(name)]
        except (ValueError, KeyError):
            raise AttributeError(name) from None


def make_world(slug: str = "ashby", *, with_mfa: bool = True) -> World:
    """A council with one account and one person per role; privileged accounts have TOTP."""
    council = create_council(f"{slug.title()} Town Council", slug=slug, actor=SETUP)
    world = World(council)
    manager_person = None
    for role in Role:
        email = f"{role.value}@{slug}.example"
        kind = "councillor" if role in (Role.COUNCILLOR, Role.COMMITTEE) else "staff"
        if role == Role.IT_PROVIDER:
            kind = "other"
        person = create_person(
            council,
            PersonData(
                full_name=f"{role.label} of {slug.title()}",
                kind=kind,
                emails=[email],
                line_manager=manager_person if role == Role.STAFF else None,
                working_pattern="Mon-Fri 09:00-17:00" if kind == "staff" else "",
            ),
            actor=SETUP,
        )
        membership = grant_role(council, email=email, role=role, actor=SETUP)
        user = membership.user
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        secret = _second_factor(user, role, with_mfa=with_mfa)
        if secret:
            world.totp_secrets[role] = secret
        person.refresh_from_db()
        world.users[role] = user
        world.people[role] = person
        if role == Role.MANAGER:
            manager_person = person
    return world


def _second_factor(user: User, role: Role, *, with_mfa: bool) -> str | None:
    if not with_mfa or role not in PRIVILEGED_ROLES:
        return None
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def add_member_off_the_list(world: World, role: Role) -> User:
    """A member of ``world``'s council holding ``role`` with no entry on its people list (an
    outside engineer, a clerk not yet on the list); a second factor if the role needs one."""
    email = f"off-the-list.{role.value}@{world.council.slug}-elsewhere.example"
    membership = grant_role(world.council, email=email, role=role, actor=SETUP)
    user = membership.user
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    _second_factor(user, role, with_mfa=True)
    world.off_the_list[role] = user
    return user
