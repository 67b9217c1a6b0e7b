import pytest

from councilguard.accounts.services import grant_role
from councilguard.core.roles import Role
from councilguard.testing.world import SETUP, make_world

PROVIDER = "it@fixit.example"


@pytest.fixture
def five(db):
    """Five councils; Fixit IT is the IT provider of the first three, a staff member of the
    fourth and holds nothing in the fifth."""
    worlds = [make_world(slug) for slug in ("ashby", "burton", "coton", "dunton", "elford")]
    for world in worlds[:3]:
        grant_role(world.council, email=PROVIDER, role=Role.IT_PROVIDER, actor=SETUP)
    grant_role(worlds[3].council, email=PROVIDER, role=Role.STAFF, actor=SETUP)
    return worlds


@pytest.fixture
def provider(five):
    from councilguard.accounts.models import User
    from councilguard.testing.world import _second_factor

    user = User.objects.get(email=PROVIDER)
    _second_factor(user, Role.IT_PROVIDER, with_mfa=True)  # B 4.1.1: the role needs one
    return user
