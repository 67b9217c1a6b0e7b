import pytest

from councilguard.testing.world import make_world


@pytest.fixture
def world(db):
    """Ashby Town Council, with one signed-up account per role."""
    return make_world("ashby")


@pytest.fixture
def other_world(db):
    """Another council, whose people must never see Ashby's data."""
    return make_world("burton")


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is deliberately slow; tests don't need that.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
